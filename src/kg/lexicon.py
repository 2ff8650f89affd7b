"""The grammar data of extraction and linking, and every pattern built from it.

The word lists live in `data/lexicon.json` (suffixes, level words, role words, stop words) and
`data/surnames.txt`; this module reads them once and compiles the patterns the rules apply. A word list that
more than one rule reads, or that names a closed class of words (suffixes, verbs of a kind, particles), is
here, so it is changed in one place; a pattern only one rule reads (a count with its classifiers, the
punctuation of a by-line) stays beside that rule.
"""
from __future__ import annotations

import json
import re
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


NOT_NUMERAL = "(?:(?![一二三四五六七八九十两双零〇百千万])[\u4e00-\u9fff])"  # a Han character, not a numeral


def alternation(words) -> str:
    """A regex alternation of the words, longest first, so that 街道办事处 wins over 街道."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    # administrative units
    admin_suffixes: dict[str, str]  # level suffix -> entity class
    admin_suffix_tuple: tuple[str, ...]  # the same, for str.endswith
    zone_words: tuple[str, ...]  # 新区, 开发区: a named zone is no unit, but its bodies are organisations
    epithet_unit_words: tuple[str, ...]  # 古村, 水乡: an epithet's ending, a name only where the register has it
    epithet_re: re.Pattern  # 成了远近闻名的“: what opens a quoted epithet, not a name
    suffix_re: re.Pattern
    long_forms: tuple[tuple[str, str], ...]  # 街道办事处 -> 街道: the long form of a level word, and its short form
    short_forms: dict[str, str]  # the same pairs, looked up by the long form
    list_levels: dict[str, tuple[str, str]]  # 东门、水贝两个社区: level word -> (class, suffix of each name)
    listed_re: re.Pattern
    listed_end_re: re.Pattern
    anaphora_re: re.Pattern  # 该区, 全区, 本街道: a reference to the unit of that level
    anaphor_types: dict[str, str]
    bare_subject_re: re.Pattern  # 街道推出…: a bare level word opening a clause
    governs_re: re.Pattern
    determiners: tuple[str, ...]
    demonstratives: frozenset[str]  # 这, 那: with a classifier after them, no stem (这首|X之歌)
    generic_stems: frozenset[str]
    generic_unit_words: tuple[str, ...]
    settlement_words: frozenset[str]  # 城市, 农村: a kind of place, not a name (城市社区, 农村社区)
    name_edge_chars: frozenset[str]  # 东, 西, 二: a direction or number word that may open or close a name
    verb_complements: frozenset[str]  # 起, 出: what makes a one-character verb a phrase (聚起, 跑出)
    town_suffixes: tuple[str, ...]  # 街道, 镇, 乡: what a 社区 or 村 may be named after
    suffix_prepositions: frozenset[str]  # 在, 对: function characters no unit's name ends in
    slogan_verbs: frozenset[str]  # 建, 兴: the verbs of a four-character slogan (文化建乡)
    # tokens
    stop_words: frozenset[str]
    stop_tags: frozenset[str]
    function_chars: frozenset[str]
    aspect_particles: frozenset[str]  # 着, 了, 过: after a verb, in no name
    simplified_name_chars: frozenset[str]  # 乾, 於: Simplified characters of names that t2s converts
    conjunction_chars: frozenset[str]  # 及, 与: between two names, ending none
    adverbs: frozenset[str]
    speech_adverbs: frozenset[str]
    coordinated_re: re.Pattern  # 甲与乙, 甲、乙
    actor_coordination_re: re.Pattern  # the same, and 联合, between actors
    # studios
    studio_generic: frozenset[str]
    studio_generic_endings: tuple[str, ...]
    studio_words_re: re.Pattern  # 调解, 服务 …: activity words between a name and 工作室
    studio_trim_re: re.Pattern  # what is cut from a studio's name to find the person it is named after
    nickname_re: re.Pattern  # 老杨, 小李, 阿芳
    # initiatives
    initiative_suffix_re: re.Pattern
    launch_re: re.Pattern
    launch_verb_re: re.Pattern
    guide_re: re.Pattern  # 的指引下: what follows a programme that guides, not one launched there
    honour_re: re.Pattern  # 被评为: what puts a programme into a title a unit is given
    setup_verbs: frozenset[str]
    joining_verbs: frozenset[str]  # 加入|合作社: what members do, no trade in a body's name
    localizers: frozenset[str]  # 辖区|内X|集团: what jieba glues to an unknown name after a noun
    body_kinds: tuple[str, ...]  # 企业, 单位: a kind of body before one's name, no part of it
    role_verbs: frozenset[str]  # 担任: taking a post, between a unit and a head: no body
    partner_words: frozenset[str]  # 协同: acting with another body (X社区|协同|Y大学), no part of a name
    list_point_re: re.Pattern  # 一是, 二是: the points of a list
    setup_verb_re: re.Pattern  # 成立“…”服务队: a verb by which a unit sets up a body of its own, ending at the body
    adopt_verbs: frozenset[str]  # launch verbs that take up another's programme (践行, 推广): no launchedBy
    facility_after_re: re.Pattern  # “…”揭牌, 在“…”内: what follows a quoted facility or service
    places_in: tuple[str, ...]  # 内, 里: after a name, what makes it a place
    word_suffix_re: re.Pattern  # 河长制, 林长制: a word of these shapes is a programme without quotes
    numbered_re: re.Pattern  # 四问四答, 两站三员, 三社联动: the shapes of a programme's name without quotes
    suffix_after_quote_re: re.Pattern  # the programme suffixes, and those that only follow a quotation (“…”制)
    becoming_verbs: frozenset[str]  # 变为: what ends the words after a quotation, as a function word does
    # organisations
    org_after_unit_re: re.Pattern
    org_suffix_re: re.Pattern
    unit_bridges: frozenset[str]  # 区委, 市委: a unit's level and 委, one jieba word
    org_kinds: frozenset[str]  # 党委, 党支部, 居委会: kinds of body, which name no one organisation alone
    party_bridge_re: re.Pattern  # 省委, 市委: a party committee by its level alone
    org_suffixes: tuple[str, ...]
    newspaper_re: re.Pattern
    newspaper_suffixes: tuple[str, ...]
    company_re: re.Pattern
    branch_heads: tuple[str, ...]  # 分行, 支行: a branch's name goes on from its company's (X银行…|Y分行)
    branch_parents: tuple[str, ...]  # what a name branches follow ends in: a company suffix, 银行, a branch head
    company_list_re: re.Pattern  # 等一批物流企业: what ends a list of company names
    name_numerals: frozenset[str]  # 壹 … 玖: capital-form numerals, which names use and running text does not
    quoted_org_re: re.Pattern
    org_head_re: re.Pattern  # what ends a body written right after a unit: 局, 人民法院, 第二党支部 …
    facility_heads: frozenset[str]  # …党群服务中心, …驿站: the body is a facility (an Initiative)
    trade_heads: frozenset[str]  # …种植专业合作社: after a proper name, a body may name a trade with a verb
    quoted_org_head_re: re.Pattern  # “5+2”红色联席服务队: a quoted name before these is an organisation's
    named_head_re: re.Pattern  # what makes an organisation of a name without a unit: 研究所, 合作社 …
    not_bodies: frozenset[str]  # 大局, 内部: a word that ends in a head word (局, 部) and names no body
    direction_part_re: re.Pattern  # 中南部: a part of a place, no body
    subordinate_re: re.Pattern  # 下属单位, 旗下: between two bodies, in no name (search it ending at a token's end)
    media: frozenset[str]  # news outlets and portals
    media_full: dict[str, str]  # 中新网 -> 中国新闻网: the outlet a short name stands for
    org_scope_words: frozenset[str]  # 全国, 中央, 省: what names an organisation's reach
    generic_publishers: frozenset[str]  # 本站, 原创: a 来源 that names no organisation
    media_re: re.Pattern
    media_suffix_re: re.Pattern  # …客户端, …新闻网: what makes a name an outlet
    # people
    role_re: re.Pattern
    role_tuple: tuple[str, ...]  # the same titles, for str.endswith
    role_heads: frozenset[str]  # 楼栋 (of 楼栋长): what begins a title is the place it is held in, no name
    byline_re: re.Pattern  # 记者 王强, 摄影：李明: what a byline's names follow
    common_word_frequency: int  # a word jieba counts more often is a common word (干部), not a name
    person_verb_re: re.Pattern
    speech_verbs: frozenset[str]  # 说, 表示: what follows a name that speaks (and ends none: 曾|说)
    building_ends: tuple[str, ...]  # 庙, 寺, 桥: a "name" jieba tags nr that ends so is a building (龙王庙)
    kinship: tuple[str, ...]
    dotted_name_stops: frozenset[str]  # 是, 的: what follows a transliterated name (X·Y), never part of it
    noun_suffixes: tuple[str, ...]  # 性: after a dictionary word, a noun jieba may tag as a name (严重性)
    unit_ends: tuple[str, ...]  # 村, 市: what no personal name ends in (not 州: 李九州)
    surnames: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(resources.files("kg").joinpath("data/lexicon.json").read_text(encoding="utf-8"))
    names = resources.files("kg").joinpath("data/surnames.txt").read_text(encoding="utf-8")
    surnames = frozenset(w for line in names.splitlines() if not line.startswith("#") for w in line.split())
    units, tokens, studios = data["units"], data["tokens"], data["studios"]
    initiatives, orgs, people = data["initiatives"], data["organisations"], data["people"]
    suffixes = dict(units["suffixes"])
    list_levels = {word: (typ, suffix) for word, typ, suffix in units["list_suffixes"]}
    anaphor_types = dict(units["anaphora_levels"])
    activity = alternation(studios["activity_words"])
    org = orgs["suffixes"]
    bridges = alternation(orgs["unit_bridges"])
    return Lexicon(
        admin_suffixes=suffixes,
        admin_suffix_tuple=tuple(suffixes),
        zone_words=tuple(units["zone_words"]),
        epithet_unit_words=tuple(units["epithet_unit_words"]),
        epithet_re=re.compile(f"(?:{alternation(units['epithet_words'])})了?的?(?:一个)?[“「]$"),
        suffix_re=re.compile(f"(?:{alternation(suffixes)})"),
        long_forms=tuple((long, short) for long, short in units["long_forms"]),
        short_forms=dict(units["long_forms"]),
        list_levels=list_levels,
        # 、 between at most 40 names, 和, 及 or 与 only before the last: a separator that is also a name's
        # character anywhere made the search exponential in a run of them (和和和…三个社区), and an unbounded
        # list quadratic (each of its characters starts a search over the rest)
        listed_re=re.compile(r"((?:[\u4e00-\u9fff]{1,6}、){0,40}[\u4e00-\u9fff]{1,6}(?:、|[和及与](?=[\u4e00-\u9fff]))"
                             r"[\u4e00-\u9fff]{1,6}?)(等)?"
                             rf"([一二两三四五六七八九十\d]{{1,3}})个({alternation(list_levels)})"
                             rf"(?!{alternation(units['list_part_words'])})"),  # (3个村|小组: parts of a village)
        listed_end_re=re.compile(f"个(?:{alternation(list_levels)})"),
        anaphora_re=re.compile(f"(?:{alternation(units['anaphora_determiners'])})({alternation(anaphor_types)})"),
        anaphor_types=anaphor_types,
        bare_subject_re=re.compile(f"({alternation(units['bare_subject_levels'])})"
                                   f"(?:{alternation(units['bare_subject_bodies'])})?(?=[\u4e00-\u9fff])"),
        governs_re=re.compile(f"(?:{alternation(units['governs'])})"),
        determiners=tuple(units["determiners"]),
        demonstratives=frozenset(units["demonstratives"]),
        generic_stems=frozenset(units["generic_stems"]),
        generic_unit_words=tuple(units["generic_unit_words"]),
        settlement_words=frozenset(units["settlement_words"]),
        name_edge_chars=frozenset(units["name_edge_chars"]),
        verb_complements=frozenset(units["verb_complements"]),
        town_suffixes=tuple(units["town_suffixes"]),
        suffix_prepositions=frozenset(units["suffix_prepositions"]),
        slogan_verbs=frozenset(units["slogan_verbs"]),
        stop_words=frozenset(tokens["stop_words"]),
        stop_tags=frozenset(tokens["stop_tags"]),
        function_chars=frozenset(tokens["function_chars"]),
        aspect_particles=frozenset(tokens["aspect_particles"]),
        conjunction_chars=frozenset(tokens["conjunction_chars"]),
        simplified_name_chars=frozenset(tokens["simplified_name_chars"]),
        adverbs=frozenset(tokens["adverbs"]),
        speech_adverbs=frozenset(tokens["adverbs"]) | frozenset(tokens["speech_adverbs"]),
        coordinated_re=re.compile(alternation(tokens["coordinators"])),
        actor_coordination_re=re.compile(alternation(tokens["coordinators"] + tokens["actor_coordinators"])),
        studio_generic=frozenset(studios["generic_stems"]),
        studio_generic_endings=tuple(studios["generic_stem_endings"]),
        studio_words_re=re.compile(f"(?:{activity})+$"),
        studio_trim_re=re.compile(f"(?:{alternation(studios['activity_words'] + studios['trim_words'])})+$"),
        nickname_re=re.compile(f"^[{re.escape(studios['nickname_prefixes'])}]([\u4e00-\u9fff])"),
        initiative_suffix_re=re.compile(f"(?:{alternation(initiatives['suffixes'])})$"),
        # 打造集助餐、托老、议事于一体的「…」: the verb may govern a quotation through a 的 phrase
        launch_re=re.compile(f"(?:{alternation(initiatives['launch_verbs'])})[了起出成好]?"
                             f"(?:[^，,。；;：:“”「」『』\\n]{{0,20}}的|[\u4e00-\u9fff]{{1,6}})?$"),
        numbered_re=re.compile(
            f"(?:[一二三四五六七八九十两双]{NOT_NUMERAL}{{1,2}}){{2,4}}"
            f"|[一二三四五六七八九十两双多]{NOT_NUMERAL}(?:{alternation(initiatives['numbered_verbs'])})"),
        suffix_after_quote_re=re.compile(
            f"(?:{alternation(initiatives['suffixes'] + initiatives['after_quote_suffixes'])})$"),
        places_in=tuple(initiatives["places_in"]),
        becoming_verbs=frozenset(initiatives["becoming_verbs"]),
        facility_after_re=re.compile(f"(?:{alternation(initiatives['facility_verbs'] + initiatives['places_in'])})"),
        launch_verb_re=re.compile(alternation(initiatives["launch_verbs"])),
        guide_re=re.compile(f"[”」』\"]?(?:{alternation(initiatives['guide_frames'])})"),
        honour_re=re.compile(alternation(initiatives["honour_verbs"])),
        setup_verbs=frozenset(orgs["setup_verbs"]),
        joining_verbs=frozenset(orgs["joining_verbs"]),
        localizers=frozenset(orgs["localizers"]),
        body_kinds=tuple(orgs["body_kinds"]),
        role_verbs=frozenset(orgs["role_verbs"]),
        partner_words=frozenset(orgs["partner_words"]),
        list_point_re=re.compile(f"[{re.escape(orgs['list_point_numerals'])}]是"),
        setup_verb_re=re.compile(f"(?:{alternation(orgs['setup_verbs'])})[“「『\"]?$"),
        adopt_verbs=frozenset(initiatives["adopt_verbs"]),
        word_suffix_re=re.compile(f"[\u4e00-\u9fff]{{1,3}}(?:{alternation(initiatives['word_suffixes'])})"),
        # used with .match(view, pos): anchored at pos, so no ^ (which would mean the string start)
        org_after_unit_re=re.compile(f"(?:{bridges})?(?:{alternation(org)})"
                                     f"|[\u4e00-\u9fff]{{0,10}}?(?:{alternation(orgs['after_unit_suffixes'])})"),
        org_suffix_re=re.compile(f"(?:{bridges})?(?:{alternation(org)})"),
        unit_bridges=frozenset(orgs["unit_bridges"]),
        org_kinds=frozenset(orgs["heads"] + orgs["suffixes"] + orgs["facility_heads"]),
        party_bridge_re=re.compile(f"(?:{alternation(orgs['party_bridges'])})"),
        org_suffixes=tuple(org),
        newspaper_re=re.compile(f"(?:{alternation(orgs['newspaper_suffixes'])})"),
        newspaper_suffixes=tuple(orgs["newspaper_suffixes"]),
        company_re=re.compile(f"(?:{alternation(orgs['company_suffixes'])})"),
        branch_heads=tuple(orgs["branch_heads"]),
        branch_parents=(*orgs["company_suffixes"], "银行", *orgs["branch_heads"]),
        name_numerals=frozenset(orgs["name_numerals"]),
        company_list_re=re.compile(f"等(?:[一两几多数\\d]+[余多]?[批家个])?(?:(?!的)[\\u4e00-\\u9fff]){{0,4}}?(?:{alternation(orgs['list_heads'])})"),
        quoted_org_re=re.compile(f"(?:{alternation(orgs['quoted_suffixes'])})\\Z"),
        org_head_re=re.compile(f"(?:{alternation(orgs['heads'] + orgs['facility_heads'])})"),
        facility_heads=frozenset(orgs["facility_heads"]),
        trade_heads=frozenset(orgs["trade_heads"]),
        quoted_org_head_re=re.compile(f"(?:{alternation(orgs['quoted_heads'])})$"),
        named_head_re=re.compile(f"(?:{alternation(orgs['named_heads'])})"),
        not_bodies=frozenset(orgs["not_bodies"]),
        direction_part_re=re.compile(f"[{re.escape(orgs['direction_chars'])}]+部"),
        subordinate_re=re.compile(f"(?:{alternation(orgs['subordinate_words'])})$"),
        media=frozenset(orgs["media"]) | {short for _, short in orgs["media_aliases"]},
        media_full={short: full for full, short in orgs["media_aliases"]},
        org_scope_words=frozenset(orgs["scope_words"]),
        generic_publishers=frozenset(orgs["generic_publishers"]),
        media_re=re.compile(f"(?:{alternation(orgs['media'] + [a for pair in orgs['media_aliases'] for a in pair])})"
                            f"(?:{alternation(orgs['media_suffixes'])})?"
                            f"(?:[-—·]?[\u4e00-\u9fff]{{2,3}}{orgs['media_channel']})?"),
        media_suffix_re=re.compile(f"(?:{alternation(orgs['media_suffixes'])})"),
        role_re=re.compile(f"(?:{alternation(people['roles'])})"),
        role_tuple=tuple(r for r in people["roles"] if len(r) >= 2),
        role_heads=frozenset(r[:k] for r in people["roles"] for k in range(2, len(r))),
        byline_re=re.compile(f"(?:{alternation(people['byline_roles'])})"),
        common_word_frequency=people["common_word_frequency"],
        # used with .match(text, pos): anchored there, so no ^ (which would mean the string start)
        # an adverbial of manner may stand between (王强自豪地说, 李华胸有成竹地表示, 王强一边说)
        person_verb_re=re.compile(f"(?:[\u4e00-\u9fff]{{2,4}}地|一边)?(?:{alternation(people['speech_verbs'])})"),
        speech_verbs=frozenset(people['speech_verbs']),
        kinship=tuple(people["kinship_titles"]),
        dotted_name_stops=frozenset(people["dotted_name_stops"]),
        noun_suffixes=tuple(people["noun_suffixes"]),
        unit_ends=tuple(people["unit_ends"]),
        building_ends=tuple(people["building_ends"]),
        surnames=surnames,
    )



class PlacePairs:
    """Every pair of adjacent characters in a unit name of the register (scripts/make_place_bigrams.py).

    Where a unit's name begins, the text's characters are pairs that some unit name in China holds; a verb
    or an adverb glued to the name (南接|高兴镇, 充分发挥|街道) starts with pairs no unit name holds.
    The pairs stay one sorted string, searched by bisection: nothing to build at start-up.
    """

    def __init__(self, joined: str):
        self._s = joined

    def __contains__(self, pair: str) -> bool:
        s, lo, hi = self._s, 0, len(self._s) // 2
        while lo < hi:
            mid = (lo + hi) // 2
            here = s[2 * mid:2 * mid + 2]
            if here < pair:
                lo = mid + 1
            elif here > pair:
                hi = mid
            else:
                return True
        return False

    def __len__(self) -> int:
        return len(self._s) // 2


@lru_cache(maxsize=1)
def place_pairs() -> PlacePairs:
    return PlacePairs(resources.files("kg").joinpath("data/place_bigrams.txt").read_text(encoding="utf-8")
                      .replace("\n", ""))


class VillageNames:
    """Whether some 社区 or 村 of the register bears a name (scripts/make_village_names.py): CRC-32s, sorted."""

    def __init__(self, data: bytes):
        from array import array

        self._crcs = array("I")
        self._crcs.frombytes(data)
        if sys.byteorder != "little":
            self._crcs.byteswap()

    def __contains__(self, name: str) -> bool:
        from bisect import bisect_left

        crc = zlib.crc32(name.encode("utf-8"))
        i = bisect_left(self._crcs, crc)
        return i < len(self._crcs) and self._crcs[i] == crc


@lru_cache(maxsize=1)
def village_names() -> VillageNames:
    return VillageNames(resources.files("kg").joinpath("data/village_names.bin").read_bytes())
