"""Stage 5, extracting: candidate mentions of units, studios, initiatives, organisations and people.

Every rule reads the Simplified view and its jieba tokens and is generic: suffix grammars, quotation
and context patterns, role words. The grammar data (suffixes, stop words, roles, surnames) and the
patterns built from it come from `kg.lexicon`; no names of particular places or things are in code.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from operator import attrgetter

from kg.gazetteer import MAX_DISTRICTS, Register, entries, nationalities_only
from kg.lexicon import Lexicon, lexicon, place_pairs, village_names
from kg.records import LEVEL, Article, Candidate, Span, Token
from kg.statistics import cn_to_number

CJK = re.compile(r"[\u4e00-\u9fff]+")  # used with fullmatch: "$" would accept a trailing newline
QUOTE = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」|『([^『』\n]{1,40})』|\"([^\"\n]{1,40})\"")
NESTED_QUOTE = re.compile(r"‘([^‘’“”\n]{1,40})’")  # a quotation inside one (“我们依托‘邻里帮’…”)
CLAUSE_PUNCT = re.compile(r"[。！？!?，,；;：:]")
INNER_BLANKS = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
MAX_STEM = 6


class Doc:
    """An article with its tokens, indexed for the rules."""

    def __init__(self, article: Article, tokens: tuple[Token, ...], register: Register | None = None):
        self.article, self.view, self.text, self.tokens = article, article.view, article.text, tokens
        self.register = register
        self.unregistered: list[Candidate] = []  # 金普新区: a district the register does not hold, which may
        # still be the name an organisation is written on (金普新区党工委)
        self.begins = list(map(attrgetter("begin"), tokens))
        self.begins_set = set(self.begins)
        self.ends = set(map(attrgetter("end"), tokens))
        self.tags = _tag_table()
        self.lex = lexicon()
        self.counted: set[str] | None = None  # see `_counted_somewhere`

    def token_index(self, offset: int) -> int:
        return bisect_right(self.begins, offset) - 1

    def word_at(self, offset: int) -> str | None:
        """The word of the token that begins at `offset`, or None where none begins there."""
        i = self.token_index(offset)
        return self.tokens[i].word if i >= 0 and self.begins[i] == offset else None

    def span(self, b: int, e: int) -> Span:
        return Span(b, e, self.text[b:e])

    def stops(self, word: str) -> bool:
        """True for a token that cannot be part of a proper name."""
        lex = self.lex
        if not CJK.fullmatch(word) or word in lex.stop_words:
            return True
        tag = self.tags.get(word)
        if tag == "m":  # numerals name places (五四, 三元) but not counts (两个, 多个)
            return any(ch in word for ch in "一个些几多每各余") or len(word) < 2
        return tag is not None and (tag in lex.stop_tags or tag[:1] in ("u", "p", "c"))

    def ends_with_admin_suffix(self, word: str) -> bool:
        return len(word) > 1 and word.endswith(self.lex.admin_suffix_tuple)

    def stem_start(self, at: int, max_tokens: int = 3, max_len: int = MAX_STEM) -> int:
        """Where a proper name ending at `at` begins: walk back over name-like tokens."""
        i = self.token_index(at - 1) if at > 0 else -1
        start, count = at, 0
        while i >= 0 and count < max_tokens:
            t = self.tokens[i]
            piece = self.view[t.begin:min(t.end, at)]  # the first token may hold the suffix too
            whole_word = t.end > at and piece not in self.lex.stop_words and CJK.fullmatch(piece)  # 海淀|区 in one word
            boundary = count and (piece in self.lex.admin_suffixes or self.ends_with_admin_suffix(piece))
            if boundary or (not whole_word and self.stops(piece)):
                break
            if at - t.begin > max_len:
                break
            if piece[0] in self.lex.function_chars and len(piece) > 1 and piece not in self.tags:
                start = t.begin + 1  # an unknown word glued to a preposition: 以|江码 社区
                break
            start, count, i = t.begin, count + 1, i - 1
        return start


def _tag_table():
    """Part-of-speech tags of dictionary words (jieba's and ours), shipped: no tagging, no jieba.posseg."""
    from kg.segmenting import tag_table

    return tag_table()


def extract_candidates(article: Article, tokens: tuple[Token, ...],
                       register: Register | None = None) -> tuple[Candidate, ...]:
    doc = Doc(article, tokens, register)
    units = admin_units(doc)
    units = units + listed_units(doc, units)
    if register is not None:
        units = _with_register_names(doc, units, register)
        units = sorted(_bare_parents(doc, _bare_parent_inside(doc, units, register), register),
                       key=lambda c: (c.span.begin, -c.span.end))
    programmes = initiatives(doc, units)
    # “青年社区”行动: a quoted programme's name may read like a unit; it is not one
    quoted = [(c.span.begin, c.span.begin + len(c.stem)) for c in programmes
              if c.span.begin and doc.view[c.span.begin - 1] in "“「『\"‘" and c.stem]
    quoted.sort()
    # and where the article quotes that name alone again (报名加入“青年社区”的), it is the programme's short name
    names = {doc.view[b:e] for b, e in quoted}
    units = [u for u in units if not _inside(quoted, u.span.begin, u.span.end, strictly=False)
             and not (doc.view[u.span.begin:u.span.end] in names and u.span.begin
                      and doc.view[u.span.begin - 1] in "“「『\"‘" and doc.view[u.span.end:u.span.end + 1] in "”」』\"’")]
    orgs = _outermost_orgs(organisations(doc, units))
    found = _outside_companies(doc, units, orgs) + studios(doc) + programmes + orgs \
        + _not_across(persons(doc, frozenset(u.name for u in units)), units)
    return tuple(sorted(set(found), key=lambda c: (c.span.begin, -c.span.end, c.type)))


def _outside_companies(doc: Doc, units: list[Candidate], orgs: list[Candidate]) -> list[Candidate]:
    """江城|安邻社区|服务有限公司: a 社区 or 村 no unit of the register is called, inside a company's name, is the
    company's brand, no unit."""
    companies = sorted((c.span.begin, c.span.end) for c in orgs if c.name.endswith("公司"))
    if not companies:
        return units
    names = village_names()
    return [u for u in units if u.type not in ("Community", "Village") or doc.register is None
            or u.name in names or not _inside(companies, u.span.begin, u.span.end)]


def _not_across(people: list[Candidate], units: list[Candidate]) -> list[Candidate]:
    """村民齐聚东|李村: a name that ends inside a unit's name is no name (the unit's first characters are the
    unit's)."""
    starts = sorted(u.span.begin for u in units)

    def across(p: Candidate) -> bool:  # the first unit to begin after the name's start begins before its end
        i = bisect_right(starts, p.span.begin)
        return i < len(starts) and starts[i] < p.span.end

    return [p for p in people if not across(p)]


def _outermost_orgs(orgs: list[Candidate]) -> list[Candidate]:
    """人民日报|客户端|江苏频道: an organisation read inside a longer one at the same place is that one's part of
    the name, not a second organisation (where the name stands alone, it is read there)."""
    spans = sorted({(c.span.begin, c.span.end) for c in orgs if c.type == "Organization"})
    return [c for c in orgs if c.type != "Organization" or not _inside(spans, c.span.begin, c.span.end)]


def _offsets(cands: list[Candidate]) -> set[int]:
    """The offsets of the characters the candidates cover."""
    return {i for c in cands for i in range(c.span.begin, c.span.end)}


def _inside(spans: list[tuple[int, int]], b: int, e: int, strictly: bool = True) -> bool:
    """Whether [b, e) lies in one of the sorted spans (another one than itself, if `strictly`)."""
    return any(_enclosing(spans, b, e, strictly))


def _enclosing(spans: list[tuple[int, int]], b: int, e: int, strictly: bool = True) -> Iterator[tuple[int, int]]:
    """The sorted spans that [b, e) lies in (other than itself, if `strictly`). Names are short, so only the spans
    that begin up to MAX_INSIDE characters before `b` are looked at: linear in long articles."""
    lo, hi = bisect_left(spans, (b - MAX_INSIDE,)), bisect_right(spans, (b, float("inf")))
    return ((sb, se) for sb, se in spans[lo:hi] if sb <= b and e <= se and not (strictly and (sb, se) == (b, e)))


MAX_INSIDE = 60


# --- administrative units -------------------------------------------------------------------

def admin_units(doc: Doc) -> list[Candidate]:
    lex, view, out, weak, uncut = doc.lex, doc.view, [], set(), []
    for m in lex.suffix_re.finditer(view):
        b, e = m.span()
        suffix = m.group(0)
        # The suffix must end a token (社区|党委, not 村|民), or be a 区委/县委 before an organisation, or one
        # jieba's HMM glued to what follows it (`_glued_suffix`).
        if e not in doc.ends and not view.startswith("委", e) and not lex.org_suffix_re.match(view, e) \
                and not _glued_suffix(doc, suffix, e):
            continue
        if view.startswith(suffix * 2, e - 2 * len(suffix)) and e - 2 * len(suffix) in doc.begins_set:
            continue  # 桑木坝|村村|貌: 村村 is "every village", not a suffix
        if len(suffix) == 1 and view[b - 1:b] in COUNTED and view[b - 2:b - 1] == suffix:
            continue  # 甲村、乙村、丙村、丁村|四村联动: the villages listed, counted, no village
        if suffix == "街道" and STREETS_COUNTED.match(view, e):
            continue  # 商业街道6条: streets, counted in 条
        if view[b - 1:b] == "个":
            continue  # 这里有个|社区, 一个村: a classifier before the suffix, no name
        if view[b - 1:b] == "任" and view.endswith(lex.admin_suffix_tuple, 0, b - 1):
            continue  # X村|任|村党支部书记: 任 "serves as", after the village's name
        last = doc.tokens[doc.token_index(e - 1)]
        if len(suffix) == 1 and last.end == e and len(last.word) == 2 and doc.tags.get(last.word) not in PLACE_TAGS \
                and (_common_word(doc, last.word) or doc.tags.get(last.word, "")[:1] == "v"):
            continue  # 回|家乡, 返乡, 书记X|下乡|督导: the suffix ends a common word or a verb, no unit's name
        first = _unit_start(doc, b)
        start, doubtful = _name_edge(doc, first, b)
        in_county = _town_after_county(doc, suffix, b, e)
        if in_county is not None and in_county < start:
            first = start = in_county  # 仙居县|下|各镇: a town of the county right before it, whatever jieba made of it
        stem = view[start:b]
        if suffix in ("乡", "镇") and nationalities_only(stem) and start and start in doc.begins_set:
            place = doc.tokens[doc.token_index(start - 1)]
            if place.end == start and doc.tags.get(place.word, "ns") == "ns" and CJK.fullmatch(place.word):
                start, stem = place.begin, view[place.begin:b]  # X|朝鲜族|镇: the place's name opens it
        if suffix in ("乡", "镇") and doc.register is not None and not doc.register.has_name(view[start:e]) \
                and (doc.register.has_name(view[start:e] + "市") or stem[-1:] in doc.lex.slogan_verbs and len(stem) >= 3):
            continue  # no town the register knows: 萍乡, 景德镇 (a city's name without 市), 文化建|乡 (a slogan)
        if suffix in ("乡", "镇") and stem.endswith(suffix) and doc.register is not None \
                and doc.register.has_name(stem) and not doc.register.has_name(view[start:e]):
            continue  # X镇|镇党委, X乡|乡长: the town, and its body or head (the town's own candidate is X镇)
        joined = JOINED_UNITS[suffix].search(stem) if suffix in JOINED_UNITS and suffix in stem else None
        if joined and joined.start() >= 2:
            # 大田|村和凤岭|村: two of one level joined by a conjunction jieba glued to them; the first is one
            # where the register confirms it
            before = stem[:joined.end() - 1]
            out.append(Candidate(lex.admin_suffixes[suffix], before, doc.span(start, start + len(before)),
                                 stem=stem[:joined.start()]))
            weak.add(out[-1])
            start += joined.end()
            stem = view[start:b]
        if lex.admin_suffixes[suffix] in ("Community", "Village"):
            # 来鹿寺社区, 向家塘社区: a verb or a preposition on its own may begin a name the register holds
            if start > first:
                uncut.append((first, start, e, suffix))
            else:  # 城中街道|明月|楼社区, 蒲西街道|平安|社区: a word jieba tags as a time or a quality
                for back in range(1, 5):
                    k = start - back
                    if k < 0 or not CJK.fullmatch(view[k]) or view.endswith(lex.admin_suffix_tuple, 0, k + 1):
                        break
                    if k in doc.begins_set:
                        uncut.append((k, start, e, suffix))
        if start > first and doc.tags.get(stem, "ns") not in PLACE_TAGS:
            continue  # 先进|科普社区: what is left after a modifier is cut is a common word
        if _named_zone_stem(doc, stem + suffix):  # 金普新区: no unit, but its 党工委 is an organisation
            doc.unregistered.append(Candidate("District", stem + suffix, doc.span(start, e), stem=stem))
            continue
        typ = lex.admin_suffixes[suffix]  # a 市 may be a province or a county: the register decides later
        common = _common_after_parent(doc, stem, typ, start)
        if not (common or _good_stem(doc, stem, suffix) or _one_character_county(doc, start, e) or start == in_county) \
                or (start and view[start - 1] in lex.adverbs):
            continue  # 已互派|社区工作者: a verb
        known = None if common else _known_or_named(doc, typ, stem, suffix, doubtful,
                                                     placed=view.endswith(("市", "县", "区", "旗"), 0, start))
        short = lex.short_forms.get(suffix, suffix)  # 街道办事处: the register writes 街道
        district = known is False and LEVEL[typ] <= LEVEL["District"]
        if district or (known and LEVEL[typ] == LEVEL["Town"] and doc.register
                        and not doc.register.has_name(stem + short)):
            # 东邻|城中区: a registered district's name may begin at a later word of what the name edge kept; a
            # 街道's after a preposition jieba glued to it (即以|龙城街道, 隶属|于大龙|湖街道), since the register
            # may lack the 街道 the text names (幸福|大街街道)
            tail = next((k for k in range(start + 1, b - 1)
                         if (k in doc.begins_set and district or view[k - 1] in lex.function_chars)
                         and _good_stem(doc, view[k:b], suffix) and doc.register.has_name(view[k:b] + short)), None)
            if tail is not None:
                start, stem, known = tail, view[tail:b], True
        if known is False:
            if LEVEL[typ] <= LEVEL["District"] and not doubtful and doc.tags.get(stem, "nz") in PLACE_TAGS:
                # a name the register lacks, which bodies may be written on; not a common word (单位|区农业农村局)
                doc.unregistered.append(Candidate(typ, stem + suffix, doc.span(start, e), stem=stem))
            continue
        out.append(Candidate(typ, stem + suffix, doc.span(start, e), stem=stem))
        if known is None or (known is True and typ in ("Community", "Village")
                             and (_built(doc, start) or _town_stem(doc, stem) or _epithet(doc, start, e)
                                  or _verb_phrase(doc, start, stem, e) or _aspect_stem(doc, stem)
                                  or _word_stem(doc, start, stem, typ))):
            # 打造宜居社区: what is built is a kind of community, unless the register names it; and so is
            # 玉林街道|社区卫生服务中心, a 街道's community health centre, unless a 社区 is called 玉林街道社区;
            # and so is a quoted epithet (成了远近闻名的“X村”), and a verb's phrase (聚起社区新力量)
            weak.add(out[-1])
    return _drop_nested(_as_elsewhere(doc, _joined(doc, _bare_towns(doc, _registered_weak(doc, out, weak, uncut)))))


def _glued_suffix(doc: Doc, suffix: str, e: int) -> bool:
    """Whether a one-character suffix ending at `e` is the first character of a word jieba's dictionary does not
    know, with a preposition after it (X|村以|独特的…) or a count of its kind (丁|村四村|联动, "the four villages")."""
    view = doc.view
    after = view[e:e + 1]
    preposition, counted = after in doc.lex.function_chars, after in COUNTED
    if len(suffix) != 1 or not (preposition or counted):
        return False  # (most suffixes that end no token: looked at before the token is)
    glued = doc.tokens[doc.token_index(e - 1)]
    if glued.begin != e - 1 or glued.word in doc.tags:
        return False
    return glued.end == e + 1 and preposition or glued.end == e + 2 and counted and view[e + 1:e + 2] == suffix


def _common_after_parent(doc: Doc, stem: str, typ: str, start: int) -> bool:
    """A 社区 or 村 named by a common word (幸福, 和谐) right after its 街道, 镇 or 乡 (X街道|和谐|社区): one,
    if the register confirms it (`_registered_weak`); elsewhere it is the common word (创建和谐社区)."""
    return typ in ("Community", "Village") and len(stem) >= 2 and stem in doc.lex.generic_stems \
        and start in doc.begins_set and doc.view.endswith(doc.lex.town_suffixes, 0, start)


# 大田|村和凤岭|村: two units of one level and a conjunction jieba glued to them
JOINED_UNITS = {suffix: re.compile(f"{suffix}[和与及]") for suffix in ("村", "社区")}
PEOPLE_COUNTED = re.compile(r"[\d一二三四五六七八九十百千万两几]{1,6}人")
COUNTED = frozenset("两三四五六七八九十")  # a count of units before their suffix (四村, 三个村 is `listed_re`'s)
STREETS_COUNTED = re.compile(r"[\d一二三四五六七八九十两百千]{1,6}条")


def _named_zone_stem(doc: Doc, name: str) -> bool:
    """Whether `name` is a development zone named by a proper name (金普新区, not 高新区 or 城市新区)."""
    zone = next((z for z in doc.lex.zone_words if name.endswith(z)), None)
    own = name[:-len(zone)] if zone else ""
    return len(own) >= 2 and CJK.fullmatch(own) is not None and own not in doc.lex.generic_stems \
        and doc.tags.get(own, "nz") in PLACE_TAGS and (doc.register is None or not doc.register.has_name(name))


def _town_stem(doc: Doc, stem: str) -> bool:
    """Whether a 社区's or 村's name is a 街道, 镇 or 乡, or a 市, 县 or 区, with its suffix (向阳街道社区, X县|社区治理:
    the county's community governance, X市|社区志愿服务基地)."""
    suffix = next((s for s in doc.lex.admin_suffix_tuple if stem.endswith(s) and len(stem) > len(s)), None)
    return suffix is not None and LEVEL["City"] <= LEVEL[doc.lex.admin_suffixes[suffix]] <= LEVEL["Town"]


def _epithet(doc: Doc, start: int, end: int) -> bool:
    """Whether the unit is a quoted epithet (成了远近闻名的“X村”, 全县“X村”), which the register must confirm: a
    quotation of the name alone, or one after an epithet's words, or one that names a section (开设“走进X社区”专栏)."""
    view = doc.view
    return view.startswith(("”", "」"), end) and (view[start - 1:start] in ("“", "「")
                                                  or doc.lex.epithet_re.search(view, max(0, start - 12), start) is not None
                                                  or SECTION_AFTER.match(view, end + 1) is not None)


def _verb_phrase(doc: Doc, start: int, stem: str, end: int) -> bool:
    """Whether a 社区's or 村's name reads as part of a verb's phrase: a verb and its complement (聚起|社区),
    a complement that begins it after a one-character verb (跑|出旺村), or an idiom's 而 after it (穿村而过)."""
    view, tags, lex = doc.view, doc.tags, doc.lex
    if len(stem) == 2 and stem not in tags and stem[1] in lex.verb_complements and tags.get(stem[0], "")[:1] == "v":
        return True
    if start and view[start] in lex.verb_complements and start - 1 in doc.begins_set \
            and tags.get(view[start - 1], "")[:1] == "v":
        return True
    if len(stem) == 2 and stem not in tags and view.endswith(("村", "社区"), 0, start) \
            and tags.get(stem[0], "")[:1] == "v" and tags.get(stem[1], "")[:1] == "a":
        return True  # 强村|带|弱村: one kind of village helps another (a verb, and an adjective for the kind)
    return view.startswith("而", end) and not view.startswith("而言", end)  # 对于X村而言 is the village


def _word_stem(doc: Doc, start: int, stem: str, typ: str) -> bool:
    """Whether a 社区 is named by one dictionary word no 社区 or 村 of the register is called, and not after
    its 街道 or 镇 (扎根|社区, 美化|社区: a verb and its object), which the register of the article's districts
    must then confirm."""
    return typ == "Community" and len(stem) == 2 and stem in doc.tags and start in doc.begins_set \
        and start + 2 in doc.ends and not doc.view.endswith(doc.lex.town_suffixes, 0, start) \
        and stem + "社区" not in village_names()


def _aspect_stem(doc: Doc, stem: str) -> bool:
    """Whether a 社区's or 村's name ends in an aspect particle, a preposition or 驻, or holds 不 (常拉着|村委会,
    大事小事|解在|社区, 自|驻村以来, 老人足不出|社区: a verb's phrase), or ends in the 由 of a passive outside a word
    (采摘园|由|村党支部领办: not 自由村), which the register must confirm (悦和社区: not 和, which ends names)."""
    lex = doc.lex
    return stem[-1] in lex.aspect_particles or stem[-1] == "驻" or stem[-1] in lex.suffix_prepositions or "不" in stem \
        or (stem[-1] == "由" and stem not in doc.tags and stem[-2:] not in doc.tags)


def _built(doc: Doc, start: int) -> bool:
    """Whether a launch verb (打造, 建设, 创建 …) right before `start` makes the unit after it their object."""
    i = doc.token_index(start - 1) if start else -1
    return i >= 0 and doc.tokens[i].end == start and doc.lex.launch_verb_re.fullmatch(doc.tokens[i].word) is not None


def _registered_weak(doc: Doc, cands: list[Candidate], weak: set[Candidate],
                     uncut: list[tuple[int, int, int, str]]) -> list[Candidate]:
    """The register of the districts the article names decides two kinds of 社区 and 村.

    One whose name is also a common word (平安社区, 富足村) is kept only where the register lists it; elsewhere it
    is the common word (创建平安社区). One whose first character the name edge cut off (来|鹿寺社区, 向|家塘社区:
    a verb or a preposition on its own) keeps it where the register lists the longer name.
    """
    upper = {c.stem for c in cands if LEVEL[c.type] <= LEVEL["District"]}
    # 上海闵行社区, 洛阳社区 (a site's menu): the article's district or city taken for a community's name; and
    # one after 一个 or 这个 (一个|普通山边村: "an ordinary village by the hills") may be a description
    weak = weak | {c for c in cands if c.type in ("Community", "Village")
                   and (c.stem in upper or doc.view.endswith(DESCRIBING, 0, c.span.begin))} \
        | {c for c in cands if c.type == "Village" and _described(doc, c)}
    if doc.register is None:
        return cands
    short = list(_short_communities(doc, cands))  # few articles write one: look the districts up only then
    doubled = list(_doubled_villages(doc, cands))
    estates = {c for c in cands if c.type == "Village" and c.stem[-1:] in ESTATE_ENDS}
    # (X街|Y村, X镇|Y村 with a 街道 or 镇 the register writes otherwise: a parent glued to its village)
    glued = {c for c in cands if c.type in ("Community", "Village") and any(ch in PARENT_ENDS for ch in c.stem[1:-1])}
    if not weak and not uncut and not short and not doubled and not estates and not glued:
        return cands
    known = _districts(doc, cands, weak)
    out = [c for c in cands if c not in weak or doc.register.lookup(c.name, (5,), known)]
    if glued:
        out = [part for c in out for part in (_parent_glued(doc, c, known) if c in glued else (c,))]
    if estates:
        out = [_estate(doc, c, known) if c in estates else c for c in out]
    out += _registered_short(doc, short, known) + _registered_doubled(doc, doubled, known)
    # the candidates by where they begin, to find one that covers a span without a scan of all (a long
    # article has thousands)
    by_begin: dict[int, list[Candidate]] = {}
    for c in out:
        by_begin.setdefault(c.span.begin, []).append(c)
    longest = max((c.span.end - c.span.begin for c in out), default=0)
    gone: set[tuple[int, int]] = set()
    for first, start, e, suffix in sorted(uncut, key=lambda x: (x[2], x[0])):  # the longest name first
        longer = doc.view[first:e]
        if any(c.span.end >= e and (c.span.begin, c.span.end) not in gone
               for k in range(max(0, e - longest), first + 1) for c in by_begin.get(k, ())):
            continue  # a longer name already (it begins at or before `first`, so before `start`)
        if doc.register.lookup(longer, (5,), known):
            gone.add((start, e))
            new = Candidate(doc.lex.admin_suffixes[suffix], longer, doc.span(first, e), stem=longer[: -len(suffix)])
            out.append(new)
            by_begin.setdefault(first, []).append(new)
            longest = max(longest, e - first)
    out = [c for c in out if (c.span.begin, c.span.end) not in gone]  # what a longer name replaced
    return sorted(out, key=lambda c: (c.span.begin, -c.span.end))


PARENT_ENDS = frozenset("街镇乡")  # what a 街道's, 镇's or 乡's name ends in, as articles write it


def _parent_glued(doc: Doc, c: Candidate, known: list[str]) -> tuple[Candidate, ...]:
    """洪塘街|慈江村, 下陈街|南门村: a 社区 or 村 the register holds in the article's districts (慈江村), after its
    parent written otherwise than the register writes it (洪塘街 for 洪塘街道, or a 镇 since made a 街道): the parent,
    by the register's name, and the village. Else the candidate as it is."""
    if doc.register.lookup(c.name, (5,), known):
        return (c,)
    begin, view = c.span.begin, doc.view
    for k in range(1, len(c.stem) - 1):
        if c.stem[k] not in PARENT_ENDS:
            continue
        lower, cut = c.name[k + 1:], begin + k + 1
        for d in doc.register.lookup(lower, (5,), known):
            parent = doc.register.parent(d)
            kind = next((w for w in ("街道", "镇", "乡") if parent is not None and parent.name.endswith(w)), None)
            stem = parent.name[:-len(kind)] if kind else ""
            # the text before the level's character spells the parent's stem (下|陈街: the name edge may have cut it)
            first = begin + k - len(stem)
            if kind and len(stem) >= 2 and first >= 0 and view[first:begin + k] == stem:
                return (Candidate(doc.lex.admin_suffixes[kind], parent.name, doc.span(first, cut), stem=stem),
                        Candidate(c.type, lower, doc.span(cut, c.span.end), stem=c.stem[k + 1:]))
    return (c,)


DESCRIBING = ("一个", "这个", "那个", "每个")
ESTATE_ENDS = frozenset("一二三四五六七八九十新")  # X|六|村, X新村: the names of a city's housing estates


def _estate(doc: Doc, c: Candidate, known: list[str]) -> Candidate:
    """X六村, X新村 where the register holds no such village but a residents' committee of that name (X六村居委会)
    in the article's districts: a housing estate of a city, that 社区."""
    if doc.register.lookup(c.name, (5,), known) or not doc.register.lookup(c.name + "社区", (5,), known):
        return c
    e = c.span.end + 2 if doc.view.startswith("社区", c.span.end) else c.span.end  # (X六村|社区: written whole)
    return Candidate("Community", c.name + "社区", doc.span(c.span.begin, e), stem=c.name)


def _described(doc: Doc, c: Candidate) -> bool:
    """Whether a 村 named by a common noun or verb follows 的, an adverb or an adjective (古朴的|石头|村, 相对|后进|村,
    纯|农业|村): a kind of village, described, which the register must confirm (a village called so is named
    without them)."""
    tag, b = doc.tags.get(c.stem), c.span.begin
    if tag is None or tag[:1] not in ("n", "v") or tag in PLACE_TAGS or not b:
        return False
    i = doc.token_index(b - 1)
    return doc.view[b - 1] == "的" or (0 <= i < len(doc.tokens) and doc.tokens[i].end == b
                                       and doc.tags.get(doc.tokens[i].word, "")[:1] in ("d", "a"))


def _districts(doc: Doc, cands: list[Candidate], weak: set[Candidate] = frozenset()) -> list[str]:
    """The 6-digit codes of the districts the article's units name (none when they name too many to tell)."""
    districts: set[str] = set()
    for c in cands:
        if LEVEL[c.type] <= LEVEL["Town"] and c not in weak:
            districts.update(d.code[:6] for d in doc.register.names(c.name) if d.level in (3, 4))
    return sorted(districts) if len(districts) <= MAX_DISTRICTS else []


def _bare_towns(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """海门新地村: a 镇, 乡 or 街道 written without its suffix right before a 村 or 社区 it holds, read as one name
    that no unit has. Where the register of the article's districts has the rest in exactly one town of that
    bare name, the two are that town and that village."""
    names = village_names()
    # (X乡Y村: the town with its suffix, where jieba cut inside it, X|乡Y|村 or the like)
    splits = [(c, k) for c in cands if c.type in ("Community", "Village") and c.name not in names
              for k in range(2, len(c.stem) - 1) if c.name[k:] in names
              and (k <= 3 or c.name[:k].endswith(doc.lex.town_suffixes))]
    if not splits or doc.register is None:
        return cands
    known, out, done = _districts(doc, cands), list(cands), set()
    index = {id(c): i for i, c in enumerate(cands)}
    for c, k in splits:
        if id(c) in done:
            continue
        whole = c.name[:k].endswith(doc.lex.town_suffixes)
        written = (c.name[:k],) if whole else tuple(c.name[:k] + suffix for suffix in doc.lex.town_suffixes)
        towns = [t for name in written for t in doc.register.names(name) if t.level == 4]
        # a town written whole names its district, where the article names none yet (the register's, if one)
        near = (known or sorted({t.code[:6] for t in towns})) if whole else known
        fits = {t for v in doc.register.lookup(c.name[k:], (5,), near) for t in towns if v.within(t)}
        if len(fits) != 1 or doc.register.lookup(c.name, (5,), known):
            continue
        town, (b, e) = fits.pop(), (c.span.begin, c.span.end)
        out[index[id(c)]] = Candidate(c.type, c.name[k:], doc.span(b + k, e), stem=c.stem[k:])
        out.append(Candidate(town.type, town.canonical, doc.span(b, b + k), stem=c.name[:k]))
        done.add(id(c))
    return sorted(out, key=lambda c: (c.span.begin, -c.span.end))


SHORT_COMMUNITY = re.compile(r"(?<=[\u4e00-\u9fff])居(?:民区)?(?=[、及和与等，,。；;\s]|$)")


def _short_communities(doc: Doc, cands: list[Candidate]):
    """(begin, end, the stems it may have) for each 居 or 居民区 that may end a 社区's name (X街道|叶家|堰居及…):
    a short form of a 居委会 the register holds (`_registered_short` asks it)."""
    view, taken = doc.view, None
    for m in SHORT_COMMUNITY.finditer(view):
        b = m.start()
        if taken is None:  # made at the first 居 only: most articles have none
            taken = _offsets(cands)
        if b - 1 in taken:
            continue
        # after its 街道 or 镇 (at a word), or after a pause or a list's conjunction (jieba glues 居及)
        starts = [k for k in range(max(0, b - 5), b - 1) if CJK.fullmatch(view[k:b]) and (
            k in doc.begins_set and view.endswith(doc.lex.town_suffixes, 0, k) or k == 0 or view[k - 1] in "、及和与，,：:\n ")]
        if starts:
            yield b, m.end(), starts


DOUBLED_VILLAGE = re.compile(r"(?<=[\u4e00-\u9fff])村村")


def _doubled_villages(doc: Doc, cands: list[Candidate]):
    """(begin, end, the starts its name may have) for each X村村 no candidate covers (以向家|村村为主导, jieba's
    村村 is "every village"): the village X村 written with its suffix twice, where the register holds X村
    (`_registered_doubled` asks it)."""
    view, taken = doc.view, None
    for m in DOUBLED_VILLAGE.finditer(view):
        b = m.start()
        if taken is None:
            taken = _offsets(cands)
        if b - 1 in taken or b in taken:
            continue
        # the name begins at a word, or after a preposition jieba glued to it (以|向家)
        starts = [k for k in range(max(0, b - 4), b - 1) if CJK.fullmatch(view[k:b])
                  and (k in doc.begins_set or view[k - 1] in doc.lex.function_chars)]
        if starts:
            yield b, m.end(), starts


def _registered_doubled(doc: Doc, doubled, known: list[str]) -> list[Candidate]:
    """The X村 of each X村村 that the register holds in the article's districts, and does not hold as X村村."""
    out = []
    for b, e, starts in doubled:
        for k in starts:  # the longest name first
            name = doc.view[k:b + 1]
            if doc.register.lookup(name, (5,), known) and not doc.register.lookup(name + "村", (5,), known):
                # (X村|村部, X村|村集体, X村|村为主导: the second 村 begins the next word or stands for the village
                # again, and is no part of the mention, which is the name)
                out.append(Candidate("Village", name, doc.span(k, b + 1), stem=name[:-1]))
                break
    return out


def _registered_short(doc: Doc, short, known: list[str]) -> list[Candidate]:
    """The short forms the register holds in the article's districts, as that 社区 (its canonical name)."""
    out = []
    for b, e, starts in short:
        for k in starts:  # the longest name first
            name = doc.view[k:b] + "社区"
            if doc.view[k:b] not in doc.lex.generic_stems and doc.register.lookup(name, (5,), known):
                out.append(Candidate("Community", name, doc.span(k, e), stem=doc.view[k:b]))
                break
    return out


def _unit_start(doc: Doc, b: int) -> int:
    """Where the name of a unit whose level suffix starts at `b` begins, by the tokens before it."""
    start = doc.stem_start(b)
    if start == b:
        start = _nested_stem(doc, b)
    view, edge = doc.view, doc.lex.name_edge_chars
    if start == b and b >= 2 and view[b - 1] in edge and CJK.fullmatch(view[b - 2]):
        inner = doc.stem_start(b - 1)  # 医财巷|西|社区: a direction word closes the name
        if inner < b - 1:
            start = inner
    # 、|西|交通巷社区, 江南街道|二|桥西社区: a direction or number word after a pause or a unit opens the name
    if start >= 1 and view[start - 1] in edge and view[start - 1:start + 1] in place_pairs() \
            and (start == 1 or not CJK.fullmatch(view[start - 2]) or view[start - 2] in doc.lex.function_chars
                 or view.endswith(doc.lex.admin_suffix_tuple, 0, start - 1)):
        start -= 1
    # 2020|年查|干乡, 800|袋梨村: a number's unit or measure word, which jieba's HMM glued to the name after it
    while start < b - 1 and view[start - 1:start] in DIGITS and doc.tags.get(view[start], "")[:1] in ("m", "q"):
        start += 1
    return start


DIGITS = frozenset("0123456789０１２３４５６７８９")


def _name_edge(doc: Doc, start: int, b: int) -> tuple[int, bool]:
    """Where a unit's name that ends at `b` really begins, by the pairs of characters that unit names hold.

    A pair that no unit name of the register holds (scripts/make_place_bigrams.py) cannot be inside the name:
    at a token boundary or inside a dictionary word the name begins after it (南接|高兴镇, 充分发挥|街道,
    驻|湘湖社区). Inside a word jieba does not know it may be a rare name (湟岸巷社区): the name is kept and
    called doubtful.
    """
    pairs, view, doubtful = place_pairs(), doc.view, False
    for i in range(b - 2, start - 1, -1):
        if view[i] in "地的得" and view[i + 1] in doc.lex.function_chars:
            return i + 2, doubtful  # 郑重|地对洋|坑村: an adverb's 地 and a preposition end what comes before
        if view[i] in "地得" and i in doc.ends \
                and doc.tags.get(doc.tokens[doc.token_index(i - 1)].word, "")[:1] in ("a", "d", "z"):
            return i + 1, doubtful  # 耐心|地管|社区: the 地 of an adverb (after an adjective) ends what comes before
        if view[i:i + 2] in pairs:
            continue
        if i + 1 in doc.ends:
            return i + 1, doubtful
        t = doc.tokens[doc.token_index(i)]
        if t.word in doc.tags and t.end <= b:
            return t.end, doubtful
        if i == t.begin and doc.tags.get(view[i], "")[:1] in ("v", "p") and b - i > 2:
            return i + 1, doubtful  # 驻|湘湖: an unknown word that starts with a verb or a preposition
        doubtful = True
    return start, doubtful


def _known_or_named(doc: Doc, typ: str, stem: str, suffix: str, doubtful: bool, placed: bool = False) -> bool | None:
    """Whether a unit the suffix grammar found can be one: True, False, or None for a 社区 or 村 whose name
    is also a common word, which the register must confirm (`_registered_weak`).

    Provinces, cities and districts are all in the register: a name it does not hold is a common noun
    (核心区, 主城区, 工业强区) or a phrase. So are the 街道, 镇 and 乡, but the register may lag behind the
    text: a name it does not hold must not be doubtful (做优街道) or a common noun (山区乡). A 社区 or 村
    named by a kind of place is none (城市社区, 南宁农村社区); one named by a modifier (现代社区, 平安社区)
    or a common word (新农村, 小山村) or a newspaper (X日报社区) may be one.
    """
    name = stem + suffix
    if doc.register is None or doc.register.has_name(name):
        return True
    if LEVEL[typ] <= LEVEL["District"]:
        return False
    if name.endswith(doc.lex.epithet_unit_words):  # 千年古村, X水乡: an epithet, unless the register has it
        return None if LEVEL[typ] > LEVEL["Town"] else False
    if LEVEL[typ] == LEVEL["Town"]:
        # (X省|卫生镇, 联系|街道: a title or a phrase named by a common word, unless the city, county or district
        # it is in stands right before it: X市|Y镇, a town the register's edition no longer has)
        return not doubtful and stem not in doc.lex.generic_unit_words \
            and (placed or not (_common_word(doc, stem) and doc.tags.get(stem) not in PLACE_TAGS))
    if stem.endswith(tuple(doc.lex.settlement_words)) or stem.endswith("式"):
        return False  # 南宁农村|社区, 互嵌式|社区: a kind of place
    if stem.endswith(doc.lex.newspaper_suffixes):
        return None  # X日报|社区行: a newspaper's campaign, unless the register has a community by that name
    if len(stem) >= 3 and stem[-1] in doc.lex.slogan_verbs and doc.tags.get(stem[:-1], "")[:1] in ("n", "v") \
            and doc.tags.get(stem[:-1]) not in PLACE_TAGS and name not in village_names():
        return None  # 产业|兴村, 文化强村: a slogan (a common word, a verb), unless the register has it
    if doc.tags.get(stem[-1:], "")[:1] == "c" and name not in village_names():
        return None  # 任务|重而村: a conjunction jieba glued to the suffix (but 永和村, 太和村 are names)
    tag, generic = doc.tags.get(stem), name.endswith(doc.lex.generic_unit_words)
    if (tag is not None and tag[:1] in MODIFIER_TAGS) or generic or doc.tags.get(name, "ns") not in PLACE_TAGS \
            or stem.endswith(suffix) or _honour_stem(doc, stem):
        return None  # and X村|村集体, where the register has few X村村
    if tag is not None and tag not in PLACE_TAGS and name not in village_names():
        return False  # 产生村: a common word no 社区 or 村 in China is called by (和平村, 胜利村 are)
    return True


def _village_at(doc: Doc, b: int) -> int | None:
    """The end of a name of a 社区 or 村 of the register that starts at b (a few characters and the suffix)."""
    names = village_names()
    return next((e + len(suffix) for e in range(b + 1, min(b + 6, len(doc.view))) for suffix in ("村", "社区")
                 if doc.view.startswith(suffix, e) and doc.view[b:e + len(suffix)] in names), None)


def _joined(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """崔村西村: a unit whose name is one direction word right after a name with its level's suffix is one unit."""
    view, ends = doc.view, {c.span.end: c for c in cands}
    out, into = [], set()
    for c in cands:
        b, suffix = c.span.begin, c.name[len(c.stem):]
        before = ends.get(b)
        first = before.span.begin if before is not None and before.type == c.type else b - len(suffix) - 1
        if len(c.stem) == 1 and c.stem in "东西南北" and first >= 0 and view.startswith(suffix, b - len(suffix)) \
                and CJK.fullmatch(view[first:b - len(suffix)] or "-"):
            name = view[first:c.span.end]
            out.append(Candidate(c.type, name, doc.span(first, c.span.end), stem=name[: -len(suffix)]))
            if before is not None:
                into.add(id(before))
        else:
            out.append(c)
    return [c for c in out if id(c) not in into]


PLACE_TAGS = frozenset(("ns", "nr", "nz"))  # jieba's place, person and other proper names
# one dictionary word of these classes is a modifier, not a name: adjectives, distinguishers, times, numerals,
# adverbs, pronouns, status words (jieba's tags a, b, t, m, d, r, z)
MODIFIER_TAGS = frozenset("abtmdrz")


# listed_re backtracks at every list of names (甲、乙、丙) in the text; it is tried only in the runs of the
# characters it is made of that hold its ending, which finds the same matches.
LISTED_RUN = re.compile(r"[\u4e00-\u9fff、\d]+")


def listed_units(doc: Doc, units: list[Candidate]) -> list[Candidate]:
    """东门、水贝、金岭三个社区: each name of the list is a unit of the level after the count."""
    out = []
    taken = {i for u in units for i in range(u.span.begin, u.span.end)}
    for m in _listed(doc.view):
        items = [(m.start(1) + p.start(), m.start(1) + p.end()) for p in re.finditer(r"[^、和及与]+", m.group(1))]
        # the first item starts where the name-like tokens before the first separator start
        first_end = items[0][1]
        start = doc.stem_start(first_end, max_tokens=2, max_len=6)
        items[0] = (start, first_end)
        names = [doc.view[b:e] for b, e in items]
        count = int(m.group(3)) if m.group(3).isdigit() else cn_to_number(m.group(3))
        if (not m.group(2) and count != len(names)) or (m.group(2) and count is not None and count < len(names)):
            continue
        if any(len(n) < 2 or doc.stops(n) and n not in doc.tags for n in names):
            continue
        suffix = m.group(4)
        for (b, e), name in zip(items, names, strict=True):
            if not any(i in taken for i in range(b, e)):
                typ, level_suffix = doc.lex.list_levels[suffix]
                if name.endswith(level_suffix) and len(name) > len(level_suffix):
                    name = name[:-len(level_suffix)]  # 甲村和乙村等2个村: a name written with its suffix
                out.append(Candidate(typ, name + level_suffix, doc.span(b, e), stem=name))
    return out


def _listed(view: str):
    """The matches of lexicon().listed_re.finditer(view)."""
    lex = lexicon()
    if lex.listed_end_re.search(view) is None:
        return
    for run in LISTED_RUN.finditer(view):
        if lex.listed_end_re.search(view, run.start(), run.end()):
            yield from lex.listed_re.finditer(view, run.start(), run.end())


MAX_UNIT_NAME = 12
HAN_TAIL = re.compile(r"[\u4e00-\u9fff]+\Z")  # with endpos: the run of Han characters that ends there


def _with_register_names(doc: Doc, units: list[Candidate], register: Register) -> list[Candidate]:
    """Units the register knows by their full name, wherever the text writes one.

    jieba does not know most 街道 and many districts (牛市|口|街道, 郾城|区沙北|街道), and the suffix grammar
    then misses a name or runs two together. A register name of 3+ characters ending at a level suffix is
    a unit; it wins over grammar candidates that it contains or that register names tile exactly.
    """
    lex, view, known = doc.lex, doc.view, []
    before = {u.span.end: u for u in units if LEVEL[u.type] <= LEVEL["District"]}
    # the offsets inside the names of the 社区 and 村 found: a 镇 there may be their parent's (普济|镇西|岭村)
    inside_lower = {i for u in units if u.type in ("Community", "Village") for i in range(u.span.begin, u.span.end - 1)}
    for m in lex.suffix_re.finditer(view):
        e = m.end()
        t = doc.tokens[doc.token_index(e - 1)] if doc.tokens else None
        village = None  # 阳坊|镇西|贯市村: a village of the register begins right after the suffix jieba glued
        if t is not None and t.end > e and t.begin == m.start() and t.word in doc.tags \
                and not (doc.tags[t.word] == "ns" and (e in inside_lower or (village := _village_at(doc, e)))) \
                and t.word != m.group(0) + "长":
            # 花园|乡村振兴: the suffix begins a dictionary word (郾城|区沙北|街道 is no word); but X|镇长 is the
            # town's head, or its suffix glued to what follows (X|镇长|Y村)
            continue
        run = HAN_TAIL.search(view, max(0, e - MAX_UNIT_NAME), e)  # only names of Han characters count
        for b in range(run.start() if run else e, e - 2):
            name = view[b:e]
            if not register.has_name(name):  # most are not names at all: the cheapest look-up first
                continue
            if t is not None and b < t.begin < m.start() and t.word in doc.tags \
                    and doc.tokens[doc.token_index(b)].begin < b:
                continue  # 亚运|城市: a name that starts inside one word and ends inside another is none
            found = register.names(name)
            stem = name[: -len(m.group(0))]
            if doc.tags.get(stem, "")[:1] == "v" and b and CJK.fullmatch(view[b - 1]) \
                    and view[b - 1] not in lex.function_chars and not view.endswith(lex.admin_suffix_tuple, 0, b):
                continue  # 一期|联合街道15个…: a verb glued to what comes before is no name, even one the register has
            if found and CJK.fullmatch(name) and (_good_stem(doc, stem, m.group(0)) or _named_zone(lex, name, found)
                                                  or _town_under(doc, register, stem, found, before.get(b), b)):
                suffix = m.group(0)
                typ = lex.admin_suffixes[suffix] if found[0].level >= 3 else found[0].type
                known.append(Candidate(typ, name, doc.span(b, e), stem=name[: -len(suffix)]))
                lower = view[e:village] if village else ""
                if lower and any(v.within(d) for d in found for v in register.lookup(lower, (5,), [d.code[:6]])):
                    known.append(Candidate("Village" if lower.endswith("村") else "Community", lower,
                                           doc.span(e, village), stem=lower.removesuffix("村").removesuffix("社区")))
                break  # the longest name ending here
    if not known:
        return units
    # indexed by start offset: an article can name thousands of units
    known_at: dict[int, list[Candidate]] = {}
    for k in known:
        known_at.setdefault(k.span.begin, []).append(k)
    known_names = {k.name for k in known}

    def tiled(c: Candidate) -> bool:
        at = c.span.begin
        while at < c.span.end:
            nxt = [k.span.end for k in known_at.get(at, ()) if k.span.end <= c.span.end]
            if not nxt:
                return False
            at = max(nxt)
        return True

    def inside_known(c: Candidate) -> bool:
        return any(k.span.begin <= c.span.begin and c.span.end <= k.span.end and k.span != c.span
                   for b in range(max(0, c.span.begin - MAX_UNIT_NAME), c.span.begin + 1)
                   for k in known_at.get(b, ()))

    # 天荒坪镇余村: a register unit that starts a longer candidate of a lower level is its parent; so is one that
    # the candidate starts inside (三台山|德昂族|乡邦外|村委会 read as 德昂族乡邦外村: the village is 邦外村)
    split = []
    for c in units:
        head = max((k for b in range(max(0, c.span.begin - MAX_UNIT_NAME), c.span.begin + 1)
                    for k in known_at.get(b, ()) if c.span.begin < k.span.end < c.span.end
                    and LEVEL[k.type] < LEVEL[c.type]), key=lambda k: k.span.end, default=None)
        suffix = c.name[len(c.stem):]
        rest = view[head.span.end:c.span.end] if head is not None else ""
        if len(rest) > len(suffix):
            split.append(Candidate(c.type, rest, doc.span(head.span.end, c.span.end), stem=rest[: -len(suffix)]))
        else:
            split.append(c)

    def bare_parent_before(c: Candidate) -> bool:
        """东胜|幸福街道: a name the register does not hold, a known unit's after its parent's bare name
        (`_bare_parents` then reads the parent)."""
        if c.name in known_names:
            return False
        return any(_bare_parent(register, view[c.span.begin:b], k) is not None
                   for b in range(c.span.begin + 2, c.span.end - 2) for k in known_at.get(b, ())
                   if k.span.end == c.span.end and k.type == c.type)

    keep = [c for c in split if not (c.name not in known_names and tiled(c)) and not inside_known(c)
            and not bare_parent_before(c)]
    taken = _offsets(keep)
    for k in known:
        if not any(i in taken for i in range(k.span.begin, k.span.end)):
            keep.append(k)
    return sorted(keep, key=lambda c: (c.span.begin, -c.span.end))


BARE_SUFFIXES = ("省", "市", "区", "县")  # what a parent's name drops when a child's follows it (沧州|新华区)
MAX_BARE = 4  # characters of a bare parent's name (乌鲁木齐)


def _bare_parents(doc: Doc, units: list[Candidate], register: Register) -> list[Candidate]:
    """沧州新华区, 平顶山新华区, 普洱思茅区…: a province, city or district written without its suffix right before a
    unit that the register holds inside it. It is a mention of that parent, and it places the unit (the
    register has a 新华区 in three cities). Only one parent may fit, and the name must begin at a word.

    Where jieba glued the suffix to the child (沾益|区金龙|街道), the parent takes it back: 沾益区, 金龙街道."""
    view, out = doc.view, list(units)
    taken = _offsets(units)
    ends = {c.span.end for c in units if c.type in LEVEL}
    todo = [i for i, c in enumerate(out) if c.type in LEVEL and LEVEL[c.type] <= LEVEL["Town"]]
    while todo:
        i = todo.pop()
        child = out[i]
        b = child.span.begin
        if b in ends:
            continue  # 沧州市|新华区: its parent is written in full
        for k in range(min(MAX_BARE, b), 1, -1):
            s = b - k
            stem = view[s:b]
            if s not in doc.begins_set or not CJK.fullmatch(stem) or any(j in taken for j in range(s, b)):
                continue
            fit = _bare_parent(register, stem, child)
            if fit is None:
                continue
            parent, child = fit
            out[i] = child  # 金龙街道, without the 区 it was read with (or as it was)
            found = Candidate(parent.type, parent.canonical, doc.span(s, child.span.begin), stem=stem)
            out.append(found)
            taken.update(range(s, child.span.begin))
            ends.add(child.span.begin)
            if LEVEL[found.type] > LEVEL["Province"]:
                todo.append(len(out) - 1)  # its own bare parent may come before it (a province)
            break
    return out


def _bare_parent_inside(doc: Doc, units: list[Candidate], register: Register) -> list[Candidate]:
    """常德沙河社区 in a headline: a 社区 or 村 read with its city's or district's bare name before it (jieba made one
    stem of them). Where the register holds no such village, and holds the rest in the article's districts of
    exactly one city or district of that bare name, the two are that parent and that village. A district's bare
    name may also place a village outside the article's districts (a list of places across a province: 屯昌|高朗|村,
    the register's 高朗村 of 屯昌县) where jieba's words part the two."""
    lower = [c for c in units if c.type in ("Community", "Village") and len(c.stem) >= 4]
    if not lower:
        return units
    known, out = _districts(doc, units), list(units)

    def inside(p, parted: bool) -> list[str]:
        """The districts to look for the village in: the article's within the parent, else a district parent's own
        where jieba's words part it from the village."""
        within = [d for d in known if d.startswith(p.code[:2 * p.level])]
        return within or ([p.code[:6]] if p.level == 3 and parted else [])

    for i, c in enumerate(units):
        if c not in lower or register.lookup(c.name, (5,), known):
            continue
        for k in range(2, min(MAX_BARE, len(c.stem) - 2) + 1):
            fits = {p for suffix in BARE_SUFFIXES for p in register.names(c.name[:k] + suffix) if p.level in (2, 3)}
            parted = c.span.begin + k in doc.begins_set
            holding = {p for p in fits if register.lookup(c.name[k:], (5,), inside(p, parted))}
            if len(holding) == 1:
                parent = holding.pop()
                b = c.span.begin
                out[i] = Candidate(c.type, c.name[k:], doc.span(b + k, c.span.end), stem=c.stem[k:])
                out.append(Candidate(parent.type, parent.canonical, doc.span(b, b + k), stem=c.name[:k]))
                break
    return out


def _bare_parent(register: Register, stem: str, child: Candidate):
    """(the parent's register entry, the child) for a stem before a child, or None: the one entry named stem +
    a suffix that holds an entry of the child's name. A child that begins with a suffix (区金龙街道) may give
    it to the parent, and is then cut after it."""
    readings = [(BARE_SUFFIXES, child)]
    if child.name[:1] in BARE_SUFFIXES and len(child.name) > 3:
        rest = Candidate(child.type, child.name[1:], Span(child.span.begin + 1, child.span.end, child.span.text[1:]),
                         stem=child.stem[1:])
        readings.insert(0, ((child.name[0],), rest))
    for suffixes, unit in readings:
        inside = entries(unit.name, unit.type, register)
        fits = {p for suffix in suffixes for p in register.names(stem + suffix) if any(d.within(p) for d in inside)}
        if len(fits) == 1:
            return fits.pop(), unit
    return None


def _named_zone(lex: Lexicon, name: str, found) -> bool:
    """苏州工业园区, 浦东新区: a district the register lists whose name ends in a common noun, after a place
    name of 2+ characters (新城区 and 老城区 are too often just "the new town")."""
    return any(d.level <= 3 for d in found) and any(
        name.endswith(w) and len(name) - len(w) >= 2 for w in lex.generic_unit_words)


def _nested_stem(doc: Doc, b: int) -> int:
    """Stems the token walk refuses, but the shape vouches for.

    开发区|社区: a unit name that itself ends like a unit (a token of 3+ characters) is the stem.
    石景山区|八角|街道: a word between a unit and a level suffix is a name even if it reads as a verb.
    """
    i = doc.token_index(b - 1)
    if i < 0:
        return b
    t = doc.tokens[i]
    if t.end != b or not CJK.fullmatch(t.word) or t.word in doc.lex.stop_words:
        return b
    if len(t.word) >= 3 and doc.ends_with_admin_suffix(t.word) and not doc.stops(t.word):
        return t.begin
    before = doc.tokens[i - 1].word if i > 0 else "\n"
    unit_before = doc.ends_with_admin_suffix(before) and not before.endswith(doc.lex.generic_unit_words)
    if len(t.word) >= 2 and (unit_before
                             or (before in "\n：:，,、" and not doc.stops(t.word))):
        return t.begin
    return b


def _town_under(doc: Doc, register: Register, stem: str, found, parent: Candidate | None, b: int) -> bool:
    """东胜区|幸福街道, 东胜|幸福街道: a 街道 or 镇 named by a common word (幸福, 五星) right after a district, or its
    name without the suffix, that the register holds it in."""
    if stem not in doc.lex.generic_stems:
        return False
    names = [parent.name] if parent is not None else \
        [doc.view[k:b] + suffix for k in range(max(0, b - 3), b - 1) if k in doc.begins_set for suffix in BARE_SUFFIXES]
    return any(d.level == 4 and d.within(p) for name in names for p in register.names(name) if p.level == 3
               for d in found)


def _town_after_county(doc: Doc, suffix: str, b: int, e: int) -> int | None:
    """Where a 街道, 镇 or 乡 of one to three characters begins that the register holds in the county or district
    whose name, or bare name, ends right before it (仙居县|下|各镇: not "each town")."""
    if suffix not in doc.lex.town_suffixes or doc.register is None:
        return None
    for k in range(b - 1, max(0, b - 3) - 1, -1):
        if k not in doc.begins_set or not CJK.fullmatch(doc.view[k:b]):
            continue
        county = doc.tokens[doc.token_index(k - 1)] if k else None
        if county is None or county.end != k:
            continue
        codes = {d.code[:6] for name in (county.word, *(county.word + s for s in "县区市旗"))
                 for d in doc.register.names(name) if d.level == 3}  # (仙居|下各镇: its bare name too)
        if codes and any(d.level == 4 and d.code[:6] in codes for d in doc.register.names(doc.view[k:e])):
            return k
    return None


def _one_character_county(doc: Doc, start: int, e: int) -> bool:
    """赵县, 范县: a county of one character and 县 that jieba's dictionary lacks or takes for a common noun, where
    jieba reads it as one word (not 随|县委) and the register holds it."""
    name = doc.view[start:e]
    return len(name) == 2 and name[1] == "县" and doc.register is not None and doc.register.has_name(name) \
        and start in doc.begins_set and e in doc.ends and doc.tokens[doc.token_index(start)].end == e


def _good_stem(doc: Doc, stem: str, suffix: str) -> bool:
    lex = doc.lex
    if not stem or stem in lex.generic_stems or not CJK.fullmatch(stem):
        return False
    name = stem + suffix
    if name.endswith(lex.generic_unit_words):  # 住宅小区, 风景名胜区: a common noun
        # but 东城区, 东山村: one character before it (新农村 and 小山村 are for the register to confirm)
        if any(name.endswith(word) and len(name) - len(word) != 1 for word in lex.generic_unit_words):
            return False
    if stem.endswith(lex.determiners) or stem.startswith(lex.determiners):  # 各县区, 全区, 该镇
        return False
    if PEOPLE_COUNTED.fullmatch(stem):
        return False  # 万人|社区, 千人村: how many live there, no name
    if len(stem) >= 3 and stem.startswith(lex.role_tuple) and name not in village_names():
        return False  # 村民|进村|出户: people and what they do, no name
    if len(stem) == 2 and stem[0] in lex.demonstratives and stem not in doc.tags \
            and doc.tags.get(stem[1], "")[:1] in ("q", "m"):
        return False  # 这首|X之歌: a demonstrative and a classifier ("this song"), no name
    if len(stem) == 1:  # 歙县: only a whole dictionary word tagged as a place
        return doc.tags.get(stem + suffix) == "ns" and len(suffix) == 1
    return True


def _as_elsewhere(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """X中心|中河口村 cut to 河口村: where the text before a 街道, 镇, 社区 or 村 spells a longer name of the same
    level that the article reads elsewhere (中河口村党支部 at a sentence start), that longer name is meant. And the
    other way: 包|保东李村, 齐聚|东李村, where the register has no such name anywhere but has the name without
    its first one or two characters, which the article writes elsewhere, is that shorter one."""
    names = {(c.type, c.name) for c in cands if LEVEL[c.type] >= LEVEL["Town"]}
    if doc.register is not None and any((c.type, c.name[k:]) in names for c in cands for k in (1, 2)):
        villages = village_names()

        def registered(c: Candidate, name: str) -> bool:
            return name in villages if c.type in ("Community", "Village") else doc.register.has_name(name)

        def shorter(c: Candidate) -> Candidate:
            for k in (1, 2):  # 包|保X村, 齐聚|X村: one or two characters of the verb before
                if (c.type, c.name[k:]) in names and len(c.stem) >= k + 2 and not registered(c, c.name) \
                        and registered(c, c.name[k:]):
                    return Candidate(c.type, c.name[k:], doc.span(c.span.begin + k, c.span.end), stem=c.stem[k:])
            return c

        cands = [shorter(c) for c in cands]
    longer: dict[tuple[str, str], set[str]] = {}  # (type, an end of a name) -> the longer names with that end
    for c in cands:
        if LEVEL[c.type] >= LEVEL["Town"]:
            for k in range(1, len(c.name) - 1):
                longer.setdefault((c.type, c.name[k:]), set()).add(c.name)
    out = []
    for c in cands:
        b, e = c.span.begin, c.span.end
        name = max((n for n in longer.get((c.type, c.name), ()) if e >= len(n) and doc.view.startswith(n, e - len(n))),
                   key=lambda n: (len(n), n), default=None)
        if name is not None:
            suffix = c.name[len(c.stem):]
            c = Candidate(c.type, name, doc.span(e - len(name), e), stem=name[:len(name) - len(suffix)])
        out.append(c)
    return list(dict.fromkeys(out))


def _honour_stem(doc: Doc, stem: str) -> bool:
    """十大|和谐社区, 五好|文明村: a word that is no proper name before a common stem names an honour or a kind
    of place, not one place."""
    return any(stem[k:] in doc.lex.generic_stems and doc.tags.get(stem[:k], "ns") not in PLACE_TAGS
               for k in range(1, len(stem) - 1))


def _drop_nested(cands: list[Candidate]) -> list[Candidate]:
    """Drop a unit found inside the stem of a longer unit (开发区 inside 开发区社区)."""
    at: dict[int, list[Candidate]] = {}
    for c in cands:
        at.setdefault(c.span.begin, []).append(c)
    longest = max((len(c.stem) for c in cands), default=0)
    keep = []
    for c in cands:
        inside = any(o is not c and c.span.end < o.span.end and c.span.end <= o.span.begin + len(o.stem)
                     for b in range(max(0, c.span.begin - longest), c.span.begin + 1) for o in at.get(b, ()))
        if not inside:
            keep.append(c)
    return keep


# --- work studios ---------------------------------------------------------------------------

def studios(doc: Doc) -> list[Candidate]:
    out, view = [], doc.view
    for m in re.finditer("工作室", view):
        b, e = m.span()
        q = _enclosing_quote_start(view, b, e)
        start = q if q is not None else _studio_start(doc, b)
        stem = QUOTES.sub("", view[start:b])
        if not stem or not CJK.fullmatch(stem) or _generic_studio(doc.lex.studio_generic, stem) \
                or stem.endswith(doc.lex.studio_generic_endings) and len(stem) <= 4 \
                or len(stem) == 1 and view[start - 2:start] == stem + "了":
            continue  # (指了|指|工作室: a verb said twice, no name)
        out.append(Candidate("WorkStudio", stem + "工作室", doc.span(start, e), stem=stem))
    return out


@lru_cache(maxsize=4096)
def _generic_studio(generic: frozenset[str], stem: str) -> bool:
    """Whether a studio's name is made of kind words only (个人调解, 个人|品牌|调解: a kind of studio, not one)."""
    if stem in generic:
        return True
    return any(stem[:k] in generic and _generic_studio(generic, stem[k:]) for k in range(1, len(stem)))


STUDIO_AFTER_QUOTE = re.compile(r"[\u4e00-\u9fff]{0,6}工作室")


def _studio_start(doc: Doc, b: int) -> int:
    """Where the name of a studio whose 工作室 starts at `b` begins.

    A quotation a few characters before starts it (“老李帮忙”工作室, “老娘舅”调解工作室, “山里红”农技推广工作室);
    a person's name before an activity word is walked over (赵立强调解|工作室); else the name-like tokens.
    """
    view = doc.view
    closes = [i for i in range(max(0, b - 7), b) if view[i] in "”」』" and CJK.fullmatch(view[i + 1:b] or "一")]
    if closes:
        close = closes[-1]
        opener = view.rfind({"”": "“", "」": "「", "』": "『"}[view[close]], max(0, close - 16), close)
        if opener >= 0 and CJK.fullmatch(view[opener + 1:close] or "-"):
            return opener + 1
    start = doc.stem_start(b, max_tokens=3, max_len=8)
    word = doc.lex.studio_words_re.search(view, max(0, b - 8), b)
    if word and start >= word.start():
        before = doc.stem_start(word.start(), max_tokens=2, max_len=4)
        if before < word.start() and _lone_surname_before(doc, before) and word.start() - before <= 2:
            before -= 1  # 刘|桂兰|调解工作室: jieba tags a lone surname as a bound morpheme
        if before < word.start():
            return before
    first = doc.tokens[doc.token_index(start)] if start < b else None
    if first is not None and first.begin == start and len(first.word) == 2 and doc.tags.get(first.word) in NAME_TAGS \
            and _lone_surname_before(doc, start):
        start -= 1  # 张|玉兰|人民调解|工作室: the surname jieba left alone before a given name it tags a name
    return start


def _lone_surname_before(doc: Doc, at: int) -> bool:
    """Whether the character before `at` is a surname jieba cut as a token of its own."""
    return at > 0 and doc.view[at - 1] in doc.lex.surnames and at - 1 in doc.begins_set


def _enclosing_quote_start(view: str, b: int, e: int) -> int | None:
    """Start of the quoted text when `view[b:e]` ends a quotation (“…工作室”, ‘…工作室’ inside another)."""
    if e < len(view) and view[e] in "”」』’\"":
        opener = {"”": "“", "」": "「", "』": "『", "’": "‘", "\"": "\""}[view[e]]
        q = view.rfind(opener, max(0, b - 20), b)
        if q >= 0 and "\n" not in view[q:b]:
            return q + 1
    return None


# --- initiatives ----------------------------------------------------------------------------

def initiatives(doc: Doc, units: list[Candidate]) -> list[Candidate]:
    lex, view, out = doc.lex, doc.view, []
    unit_names = {u.name for u in units}
    rejected = []
    for m in sorted([*QUOTE.finditer(view), *NESTED_QUOTE.finditer(view)], key=lambda m: m.start()):
        content = next(g for g in m.groups() if g is not None)
        cb, ce, qe = m.start() + 1, m.end() - 1, m.end()
        name = _unspaced(content.strip())
        follow = _suffix_after(doc, qe) or _org_head_after(doc, qe)
        if len(name) < 2 or CLAUSE_PUNCT.search(name) or name.endswith("工作室") or (name in unit_names and not follow) \
                or STUDIO_AFTER_QUOTE.match(view, qe) or _quoted_org(lex, name) or SLOGAN_AFTER.match(view, qe) \
                or EPITHET_AFTER.match(view, qe) or SECTION_AFTER.match(view, qe) \
                or _named_head_at_end(lex, name) or (doc.tags.get(name) == "nt" and not follow) \
                or (PLACE_PAIR.fullmatch(name) and not follow):
            continue  # “老李帮忙”工作室 is a studio, “…股份经济合作联合社”, “X艺术团” and “党代会” (nt) bodies, 按照“…”原则 a slogan,
            # 开设“X”专栏 a paper's or a site's section
        if follow:
            typ = "Organization" if lex.quoted_org_head_re.search(view, qe, follow) else "Initiative"
            out.append(Candidate(typ, name + view[qe:follow], doc.span(cb, follow), stem=name))
        elif (name.endswith(("式", "人")) and not lex.initiative_suffix_re.search(name)) or name.endswith(lex.role_tuple):
            continue  # “花园式”村庄, 培育“土专家”, “明白人”: a manner or a kind of people, not a programme
        elif (suffix := lex.initiative_suffix_re.search(name)) and len(name) > 2 and suffix.start() > 0 \
                and name[:suffix.start()] != "新" and not DESCRIBED_AFTER.match(view, qe) \
                and not (suffix.start() == 2 and COUNT_OF_THINGS.match(name)):
            # not “共同体” alone, 推行“新机制” (a new one of a kind), “门面工程”的不良现象 or “三项机制” (a count)
            out.append(Candidate("Initiative", name, doc.span(cb, ce), stem=name))
        elif PLUS_MODEL.fullmatch(name) and len(name) <= MAX_PLUS_MODEL:
            out.append(Candidate("Initiative", name, doc.span(cb, ce), stem=name))  # (long: “党委+支部+网格+楼栋+…”)
        elif len(name) <= 12 and not _no_programme(doc, name) and not DESCRIBED_AFTER.match(view, qe) \
                and not _stance(doc, name, qe) \
                and (_launched(doc, name, m.start()) or lex.facility_after_re.match(view, qe)
                     or _numbered(doc, name, cb, qe)):
            out.append(Candidate("Initiative", name, doc.span(cb, ce), stem=name))  # “四步法”, “双报到双服务”
        else:
            rejected.append((m, name))
    out += _numbered_unquoted(doc)
    out += [Candidate("Initiative", t.word, doc.span(t.begin, t.end), stem=t.word) for t in doc.tokens
            if lex.word_suffix_re.fullmatch(t.word) and t.word not in doc.tags]  # 河长制, not 家长制
    # “甲”与“乙”: a quotation coordinated with a programme is a programme too
    programmes = {c.stem for c in out}
    opens, closes = {}, {}  # the quotations by where they start and end
    for m in QUOTE.finditer(view):
        content = _unspaced(next(g for g in m.groups() if g is not None).strip())
        opens[m.start()], closes[m.end()] = content, content
    for m, name in rejected:
        for gap in (0, 1, 2):  # “甲”“乙”: quotations that touch are listed too
            after, before = opens.get(m.end() + gap), closes.get(m.start() - gap)
            joins_after = after in programmes \
                and (not gap or lex.coordinated_re.fullmatch(view, m.end(), m.end() + gap))
            joins_before = before in programmes \
                and (not gap or lex.coordinated_re.fullmatch(view, m.start() - gap, m.start()))
            if (joins_after and after != name) or (joins_before and before != name):
                out.append(Candidate("Initiative", name, doc.span(m.start() + 1, m.end() - 1), stem=name))
                break
    return out


def _unspaced(name: str) -> str:
    """“共治 网”, “共 建 网”: blanks a page put between the characters of one word go where a piece is one
    character; between longer pieces they part a slogan's phrases (“共治解民忧 团结聚力促和谐”) and stay."""
    pieces = INNER_BLANKS.split(name)
    return "".join(pieces) if len(pieces) > 1 and min(map(len, pieces)) == 1 else name


def _stance(doc: Doc, name: str, after: int) -> bool:
    """Whether a quotation is one dictionary adjective or adverb (打造“甜蜜”产业: a quality), or a verb that no noun
    follows (形成“赞成”和“反对”两大阵营: two stances), not a programme's name (深化“X”党建, X a verb, names one)."""
    tag = doc.tags.get(name, "")[:1]
    if tag in ("a", "d"):
        return True
    if tag != "v":
        return False
    word = doc.word_at(after)
    return word is None or doc.tags.get(word, "")[:1] != "n"


def _no_programme(doc: Doc, name: str) -> bool:
    """A quotation that names no programme, whatever introduces it: a quantity (最后“一公里”), a number word of
    the dictionary (“三部曲”), a list of single characters (“村、景、文、产”), or 新 and a noun (“新底色”)."""
    if doc.tags.get(name, "")[:1] == "m" or all(len(part) == 1 for part in name.split("、")):
        return True
    if name.startswith("新") and doc.tags.get(name[1:]) == "n":
        return True  # 擦亮“新底色”: a new thing of speech
    if COUNT_OF_THINGS.match(name) and doc.tags.get(name[2:], "")[:1] == "n":
        return True  # 人才、资金和技术成为“三驾马车”: so many things, said of a list
    head = re.match(r"[一二三四五六七八九十两百千万\d]+", name)
    if head is not None and head.group(0).isdigit() and doc.tags.get(name[head.end():head.end() + 1], "")[:1] == "q":
        return True  # 聚焦“3个堵点”: a count in figures (“两个维护”, in words, is a slogan's)
    return head is not None and doc.tags.get(name[head.end():], "")[:1] == "q"


# a name that opens with a number, the shape of most programme names (四问四答, 双报到双服务, 1+N)
NUMBERED = re.compile(r"[一二三四五六七八九十两双百千\d]")
MAX_PLUS_MODEL = 30
PLACE_PAIR = re.compile(r"(\w)[上下内外前后][+＋]\1[上下内外前后]")  # “线上+线下”: a manner of working, no model
# 素有“X”之称, 享有“X”美誉: what a place is called, an epithet, not a programme
EPITHET_AFTER = re.compile(r"之称|之美誉|的?美誉|的?美称|的?雅称")
# “…”的生动局面: a quotation that describes a state of things, not a programme
SECTION_AFTER = re.compile(r"(?:版块|板块|栏目|专栏|频道|专区)")  # a quotation these follow names a section
DESCRIBED_AFTER = re.compile(r"的[\u4e00-\u9fff]{0,2}?(?:局面|景象|氛围|场面|场景|画面|态势|现象)")
# “支部+合作社+农户”, “治理+”: parts joined by plus signs, the shape of a working model's name
PLUS_MODEL = re.compile(r"(?<![\w+＋])\w+(?:[+＋]\w+)+|(?<!\w)[\u4e00-\u9fff]{2,}[+＋]")  # (?<!): linear searches


def _numbered_unquoted(doc: Doc) -> list[Candidate]:
    """开展四问四答活动, 打响三社联动品牌: a programme's name of numbers and nouns, written without quotes,
    whole words, that a launch verb introduces or a programme suffix follows."""
    view, lex, out = doc.view, doc.lex, []
    for m in lex.numbered_re.finditer(view):
        b, e = m.span()
        # the longest whole words the shape covers (四问|四答|活动: not 四问四答活)
        e = next((k for k in range(e, b + 2, -1) if k in doc.ends and lex.numbered_re.fullmatch(view, b, k)), None)
        if e is None or b not in doc.begins_set or (b and view[b - 1] in "“「『\"”」』"):
            continue  # inside a quotation, or right after one (“访调对接”三调联动体系 is one name)
        name = view[b:e]
        if COUNT_OF_THINGS.match(name):
            continue  # 三项改革, 三大工程, 两个清单: a count of things, not a programme's name
        inner = doc.tokens[doc.token_index(b) + 1:doc.token_index(e - 1) + 1]
        if any(doc.tags.get(t.word, "")[:1] in PHRASE_TAGS for t in inner):
            continue  # 由一产|向|二产|的|延伸: a preposition or a particle on its own makes a phrase, no name
        if doc.tags.get(name) is not None and doc.tags.get(name) not in ("j", "nz"):
            continue  # 三番五次, 一心一意: idioms
        follow = _suffix_after(doc, e)
        if follow:
            out.append(Candidate("Initiative", view[b:follow], doc.span(b, follow), stem=name))
        elif lex.launch_re.search(view, max(0, b - 8), b):
            out.append(Candidate("Initiative", name, doc.span(b, e), stem=name))
    return out


PHRASE_TAGS = frozenset("puc")  # jieba's prepositions, particles and conjunctions
COUNT_OF_THINGS = re.compile(r"[一二三四五六七八九十两双多百千万][个项大类条种批次件只名位支套驾根面](?![一二三四五六七八九十])")
SLOGAN_AFTER = re.compile(r"(?:的)?(?:原则|目标|精神|口号)")  # a quotation these follow is a slogan
NOT_A_PROGRAMME_AFTER = re.compile(r"的|特点|问题|难题|现象|局面|困境|、(?=[\u4e00-\u9fff])")


def _numbered(doc: Doc, name: str, cb: int, qe: int) -> bool:
    """A quoted name that opens with a number is a programme (“四步法”, “双报到双服务”, “四长制”), unless it
    is an idiom or a word of the dictionary (“一池春水”, “一盘棋”, “十四五”), opens with an adverb of the
    dictionary (“一时兴起”), is a noun whose number is part of it and a one-character verb (“百花|开”), all
    numbers, or a description: what follows says so (“五多一少”特点, 面对“千户万人”的, “一老一小”、中青年)."""
    tag = doc.tags.get(name)
    first = doc.tokens[doc.token_index(cb)]
    return bool(NUMBERED.match(name)) and len(name) >= 3 and (tag is None or tag in ("j", "nz")) \
        and not (first.begin == cb and doc.tags.get(first.word) == "d") \
        and not (first.begin == cb and len(first.word) == len(name) - 1 and doc.tags.get(first.word) == "n"
                 and doc.tags.get(name[-1], "")[:1] == "v") \
        and not COUNT_OF_THINGS.match(name) \
        and not re.fullmatch(r"[一二三四五六七八九十两双百千万\d]+", name) \
        and sum(ch not in "一二三四五六七八九十两双百千万0123456789" for ch in name) >= 2 \
        and not NOT_A_PROGRAMME_AFTER.match(doc.view, qe)


def _launched(doc: Doc, name: str, quote: int) -> bool:
    """Whether a launch verb governs the quotation that starts at `quote` (打造“…”, 推行了“…”, 打造集…于一体的“…”).
    With words between the verb and the quotation (构建和谐善治“和美家园”), a common word in quotes is a
    figure of speech (打造基层治理新“标杆”), not a programme's name."""
    m = doc.lex.launch_re.search(doc.view, max(0, quote - 24), quote)
    if m is None:
        return False
    between = doc.lex.launch_verb_re.sub("", doc.view[m.start():quote], count=1)
    if any(ch in doc.lex.function_chars for ch in between.rstrip("的")):
        return False  # 推动小区治理由“各管一摊”变为: the quotation belongs to a prepositional phrase
    if between in ("有", "是", "更有"):
        return False  # 建设有“颜值”: 有 governs the quotation, not the launch verb
    if len(name) == 2:
        return len(between) <= 1  # 探索大城“善治”: two characters are a name only right after the verb
    # (实施…战略的“主心骨”: a common word after a phrase and 的 is said of something, not launched)
    return len(between) <= 2 or (len(name) >= 3 or between.endswith("的")) and name not in doc.tags


QUOTED_ORG_TAIL = re.compile(r"[\u4e00-\u9fff]{0,8}")  # a few body words and the head (红色联席|服务队)


def _org_head_after(doc: Doc, at: int) -> int | None:
    """The end of “…”红色联席服务队: an organisation's head a few words after a quotation."""
    if doc.word_at(at) in doc.lex.partner_words:
        return None  # X村“两委”|联合|驻村工作队: the quoted body acts with another
    m = QUOTED_ORG_TAIL.match(doc.view, at)
    end = next((k for k in range(at, m.end()) if doc.view[k] in doc.lex.function_chars or doc.view[k] == "的"), m.end())
    for k in range(end, at, -1):  # (“X服务队”|由|Y服务队…组成: a function word ends the tail)
        if k in doc.ends and doc.lex.quoted_org_head_re.search(doc.view, at, k):
            return k
    return None


def _suffix_after(doc: Doc, at: int) -> int | None:
    """End of a programme suffix that directly follows a closing quote (“…”工作模式), if any."""
    window = doc.view[at:at + 12]
    best = None
    for k in range(1, len(window) + 1):
        piece = window[:k]
        if not CJK.fullmatch(piece):
            break
        # “…”议事|室内: a place word after the suffix may be glued to it (在“…”议事室内)
        if at + k in doc.ends or doc.view.startswith(doc.lex.places_in, at + k) and at + k + 1 in doc.ends:
            t = doc.tokens[doc.token_index(at + k - 1)]
            if t.begin >= at and (t.word in "等的之及和与或是为" or t.word in doc.lex.becoming_verbs
                                  or doc.tags.get(t.word, "n")[:1] in ("p", "c", "u", "r", "m")):
                break  # “青年联盟”等品牌: a function word ends the name, and so does 变为 (“脏乱差”变为…家园)
            if doc.lex.suffix_after_quote_re.search(piece):
                best = at + k
    return best


# --- organisations --------------------------------------------------------------------------

def organisations(doc: Doc, units: list[Candidate]) -> list[Candidate]:
    lex, view, out = doc.lex, doc.view, []
    starts = {u.span.begin for u in units}
    for u in units:
        if u.span.end in starts:  # 西安市|雁塔区住建局: the organisation belongs to the inner unit
            continue
        found = _org_after_unit(doc, u, starts)
        if found is not None:
            end, facility = found
            written = view[u.span.begin:u.span.end]  # (X六村|居委: the body as written, not as X六村社区|居委)
            base = written if u.name.startswith(written) else u.name
            out.append(Candidate("Initiative" if facility else "Organization", base + view[u.span.end:end],
                                 doc.span(u.span.begin, end), head=u.name))
    out = _stationed(doc, out, units)
    out += _party_bodies(doc, out)  # first: 中央党校|党建部 is one body, not 中央党校 and a rest
    out += _named_organisations(doc, out, frozenset(u.stem for u in units if len(u.stem) >= 2)) + _media(doc)
    out += _listed_companies(doc, out)
    papers: dict[int, int] = {}  # the end of each outlet found: its start (X日报|融媒体中心 is the paper's)
    for m in lex.newspaper_re.finditer(view):
        b, e = m.span()
        if e not in doc.ends:
            continue
        start = papers.get(b, doc.stem_start(b, max_tokens=2, max_len=4))
        while start < b and (first := doc.tokens[doc.token_index(start)]).begin == start and first.end < b \
                and (doc.tags.get(first.word, "")[:1] in ("v", "p", "d")
                     or doc.tags.get(doc.tokens[doc.token_index(first.end)].word, "")[:1] == "p"):
            start = first.end  # 转载|X|日报, 王强|向|X日报: a verb or a preposition before the paper's name
        stem = view[start:b]
        papers[e] = start
        if len(stem) >= 2 and stem not in lex.generic_stems:
            out.append(Candidate("Organization", stem + m.group(0), doc.span(start, e), outlet=True))
    for m in QUOTE.finditer(view):  # “战旗村股份经济合作联合社”: a quoted name with an organisation's suffix
        content = next(g for g in m.groups() if g is not None)
        if _quoted_org(lex, content):
            out.append(Candidate("Organization", content, doc.span(m.start() + 1, m.end() - 1)))
    for m in lex.company_re.finditer(view):  # 陕西绿城物业服务有限公司: a named company
        b, e = m.span()
        start = _company_start(doc, b)
        # 某某(集团)公司, 某某科技（深圳）有限公司, 某某(深圳)科技有限公司: a place or a kind in brackets, in the name
        aside = COMPANY_ASIDE.search(view, max(0, start - 6), start)
        if aside:
            b = aside.start()
            start = _company_start(doc, b)
        brand = QUOTED_BRAND.search(view, max(0, start - 10), start)  # “满园香”茶叶有限公司: a brand in quotes
        if brand is not None:
            start = brand.start()
        stem = view[start:b]
        if len(stem) >= 2 and stem not in lex.generic_stems and (e in doc.ends or e == len(view)):
            out.append(Candidate("Organization", QUOTES.sub("", view[start:e]), doc.span(start, e)))
    out = [c for c in _branches(doc, out) if not _counted_kind(doc, c)]
    pub = doc.article.publisher
    if pub and pub.text and CJK.search(to_view(doc, pub)) and to_view(doc, pub) not in lex.generic_publishers:
        # a 来源 names an organisation, an outlet or not (南山区委组织部), or several in a list (甲、乙, 甲/乙)
        unit_names = {u.name for u in units}
        for part in re.finditer(r"[^、/／\s](?:[^、/／]*[^、/／\s])?", to_view(doc, pub)):
            name = part.group(0)
            if len(name) >= 2 and CJK.search(name) and not _units_only(name, unit_names):  # (来源:X区Y镇)
                outlet = name in lex.media or bool(OUTLET_END.search(name) or lex.newspaper_re.search(name))
                out.append(Candidate("Organization", name, doc.span(pub.begin + part.start(), pub.begin + part.end()),
                                     outlet=outlet))
    return out


def _units_only(name: str, unit_names: set[str]) -> bool:
    """Whether `name` is one of the article's units, or a chain of them (X区Y镇): a unit, not a body."""
    while name:
        unit = max((u for u in unit_names if name.startswith(u)), key=len, default=None)
        if unit is None:
            return False
        name = name[len(unit):]
    return True


def _branches(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """X银行股份有限公司|桂城分行|东湖支行: a company or bank followed by branches (a few name words and a branch
    head each, whole words) is one organisation, the last branch; the names read inside it then go."""
    lex, view, out = doc.lex, doc.view, []
    for c in found:
        if c.type == "Organization" and c.name.endswith(lex.branch_parents):
            end = at = c.span.end
            i = doc.token_index(at)
            while 0 <= i < len(doc.tokens) and doc.tokens[i].begin == at and CJK.fullmatch(doc.tokens[i].word) \
                    and doc.tokens[i].end - end <= MAX_BRANCH:
                at = doc.tokens[i].end
                i += 1
                if view.endswith(lex.branch_heads, end, at):
                    end = at
            if end > c.span.end:
                c = Candidate("Organization", view[c.span.begin:end], doc.span(c.span.begin, end))
        out.append(c)
    return out


MAX_BRANCH = 8  # characters of one branch's name (桂城分行)


NUMERALS = DIGITS | frozenset("一二三四五六七八九十百千万两几")


def _counted_kind(doc: Doc, c: Candidate) -> bool:
    """28|个村股份经济合作社, 第八|批驻村工作队: a body whose name begins with a measure word after a number is a
    kind of body, counted, not a name."""
    b = c.span.begin
    return b > 0 and doc.view[b - 1] in NUMERALS and doc.tags.get(doc.view[b], "")[:1] in ("m", "q") \
        and doc.view[b] not in NUMERALS


def _stationed(doc: Doc, found: list[Candidate], units: list[Candidate]) -> list[Candidate]:
    """X区人民法院驻Y社区调解工作站: a facility that a body keeps in a unit (驻, "stationed in") is named with
    that body; X市驻Y县工作队: so is a body that a unit keeps in another. It stays in the unit after 驻 (its
    head), and the body remains an organisation or unit of its own."""
    ends = {c.span.end: c for c in found if c.type == "Organization"}
    unit_ends = {u.span.end: u for u in units if LEVEL[u.type] <= LEVEL["Town"]}
    out = []
    for c in found:
        body = ends.get(c.span.begin - 1) if c.type == "Initiative" and c.head else None
        if c.type == "Organization" and c.head:
            body = unit_ends.get(c.span.begin - 1)
        if body is not None and doc.view[c.span.begin - 1] == "驻":
            b = body.span.begin
            c = Candidate(c.type, doc.view[b:c.span.end], doc.span(b, c.span.end), head=c.head)
        out.append(c)
    return out


OUTLET_END = re.compile(r"(?:网|报|台|客户端|频道|新闻|融媒|栏目|APP|号)$", re.I)
MAX_ORG_BODY = 10
# a body word of these classes ends an organisation's name: prepositions, conjunctions, particles, adverbs,
# pronouns, directions, times, measure words, modal and other function words (jieba's tags)
BODY_STOP_TAGS = frozenset(("p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "r", "f", "t", "q", "y", "e",
                            "o", "x", "ad", "zg", "a", "z"))


def _org_after_unit(doc: Doc, u: Candidate, unit_starts: set[int]) -> int | None:
    """The end of a body written right after a unit (余姚市|委政法委, 芙蓉区|人民法院六支部, 湘湖社区|第二党支部):
    the longest run of body words that ends in an organisation's head word at a word boundary."""
    lex, view, b = doc.lex, doc.view, u.span.end
    bridge = lex.org_suffix_re.match(view, b)  # 区委, 镇党委 …: the old grammar's bodies stay organisations
    best = (bridge.end(), False) if bridge and _ends_org(doc, bridge.end()) else None
    for m in lex.org_head_re.finditer(view, b, min(len(view), b + MAX_ORG_BODY + 5)):
        if not CJK.fullmatch(view[b:m.end()]):
            break  # a pause or a line break ends the name
        if view.endswith(lex.role_tuple, u.span.begin, m.end()):
            continue  # 区委|常委: a person's title, not a body
        if _ends_org(doc, m.end()) and _org_body(doc, b, m.start(), m.end(), unit_starts, u.span.begin) \
                and (best is None or m.end() > best[0]):
            best = (m.end(), m.group(0) in lex.facility_heads)
    return best


def _ends_org(doc: Doc, e: int) -> bool:
    # 党委|书记 is one jieba word, and so is 局等 in a list (农业农村局等部门)
    return e in doc.ends or bool(doc.lex.role_re.match(doc.view, e)) or doc.view.startswith("等", e)


def _org_body(doc: Doc, b: int, head: int, e: int, unit_starts: set[int], unit_begin: int) -> bool:
    """Whether the words between a unit and a head word can be an organisation's body (人民, 农业农村, 第二)."""
    view, i = doc.view, doc.token_index(b)
    if any(x in unit_starts for x in range(b + 1, head)):
        return False  # 芙蓉区人民法院驻湘湖社区…: a second unit starts another name
    if head == b and (e - head == 1 and view[head] != "委" or view[head:e] in ("中心", "工作站", "基地")):
        return False  # 市中心, X区|会, X区|基地: a one-word head needs a body
    if view[head:e] == "社" and re.fullmatch(r"[一二三四五六七八九十\d]+", view[b:head]):
        return False  # X村|四|社: a village's fourth group, not a body
    if view[b] in doc.lex.function_chars and doc.tokens[i].begin < b:
        return False  # X村为|中心: a function character jieba glued to the unit's suffix opens a phrase
    holder = doc.tokens[doc.token_index(head)]
    if head > b:
        last = doc.tokens[doc.token_index(head - 1)]
        if last.begin >= b and doc.lex.launch_verb_re.fullmatch(last.word) and (
                view[head:e] == "基地" and last.begin == b
                or doc.tags.get(last.word) == "v" and holder.begin == head and len(holder.word) >= 2):
            # X区|建设|基地, X村|成立|党支部: what a unit does, not a body's name (X区|产业|基地, X县|审计|局 are)
            return False
        if last.begin == b and doc.tags.get(last.word) == "v" and holder.begin == head and holder.word[:1] == "党":
            return False  # X村|发挥|党支部…作用: a party body is named by its unit and kind, never with a verb
    if holder.word in doc.lex.not_bodies or view[b:e] in doc.lex.not_bodies \
            or doc.lex.direction_part_re.fullmatch(holder.word):
        return False  # X区高质量发展|大局, X村|村|部 (its office), X省|中南部: words ending in a head word, no body
    if holder.begin < head and holder.begin < b and holder.begin < unit_begin \
            or holder.begin < head and holder.begin >= b and doc.tags.get(holder.word, "n")[:1] not in ("n", "j") \
            or holder.begin < head and holder.word not in doc.tags and not _proper(doc, holder.word):
        return False  # 湘湖社区|签署, 党支部|领办: the head is the tail of a verb (晋江|市委, 柯桥|区委书记 start in the unit)
    first = doc.tokens[i] if i < len(doc.tokens) and doc.tokens[i].begin == b else None
    # 谷阳|种植|农民专业合作社: a named cooperative or company may say its trade with a verb
    trade = view[head:e] in doc.lex.trade_heads and first is not None and first.end < head \
        and bool(CJK.fullmatch(first.word)) and doc.tags.get(first.word, "nz") in ("nz", "nr", "ns", "nrt")
    verb = False  # a verb among the body words so far
    while i < len(doc.tokens) and doc.tokens[i].begin < head:
        t = doc.tokens[i]
        i += 1
        if t.end <= b:
            continue
        if t.begin == b and t.word[0] in doc.lex.function_chars and t.word[1:] in doc.lex.admin_suffixes \
                and t.word not in doc.tags:
            return False  # X县|以村|党支部牵头…: a preposition jieba glued to a level opens a phrase (not X县|经信局)
        tag = doc.tags.get(t.word, "")
        if verb and t.word in doc.lex.admin_suffixes:
            return False  # X社区|高标准|完成|社区|…服务中心: what the unit did to its own facility, no name
        verb = verb or tag[:1] == "v"
        if t.word == "的" and view[t.begin - 1] == "党":
            continue  # 天桥区党的建设工作领导小组: 党的 is part of the names of party bodies
        if t.word in doc.lex.body_kinds and t.end < head:
            return False  # X社区辖区|企业|Y研究院: the unit's companies, then one of them
        if t.word in doc.lex.role_verbs or t.word in doc.lex.partner_words:
            return False  # 来到X社区|担任|党委书记: who took the post, not a body; X社区|协同|Y大学: two bodies
        if t.word in doc.lex.stop_words and t.word not in ("服务", "管理", "治理", "组织"):
            return False
        if tag in BODY_STOP_TAGS or (tag == "m" and not re.fullmatch(r"第?[一二三四五六七八九十\d]+", t.word)):
            return False
        if len(t.word) == 4 and doc.tags.get(t.word[:2]) in ("d", "ad"):
            return False  # 充分发挥 (tagged n): an adverb and a verb, no body word
        if tag[:1] == "v" and tag != "vn" and t.end < head and doc.tokens[i].begin < head \
                and not (trade and t is not first) and not _noun_verb(doc, i - 1, b):
            return False  # 育才社区|携|社会团体…: a verb ends the name, unless it is the last body word (乡村振兴|办);
            # a verbal noun is a noun here (流动|人员|服务中心), and so is a noun and its verb (乡村|振兴|协会)
        if t.word.endswith(doc.lex.role_tuple) and i < len(doc.tokens) and doc.tokens[i].begin < head \
                and _is_name(doc, doc.view[doc.tokens[i].begin:min(head, doc.tokens[i].begin + 3)]):
            return False  # 区台办|主任|陈冬发|带队, X村|党委书记|…: a title and a person, not a body (党员|政治生活馆 is one)
        # 县委|县政府: a second unit's body starts after a head word
        if t.begin > b and view[t.begin] in "省市区县镇乡" and doc.lex.org_head_re.search(view, b, t.begin) \
                and doc.lex.org_head_re.match(view, t.begin + 1):
            return False
        # 市…协会|和县|…促进会: a conjunction after a head word joins two bodies (和县 is also a county's name)
        if t.begin > b and view[t.begin] in "和与及" and doc.lex.org_head_re.search(view, b, t.begin):
            return False
    return True


def _noun_verb(doc: Doc, i: int, b: int) -> bool:
    """Whether token i, a two-character verb, follows a noun of the same body (乡村|振兴, 城市|更新): a policy's
    name used as a noun. Not after a body's head word (民政局|联合|团委: two bodies)."""
    t, prev = doc.tokens[i], doc.tokens[i - 1] if i > 0 else None
    return len(t.word) == 2 and prev is not None and prev.begin >= b and prev.end == t.begin \
        and doc.tags.get(prev.word) == "n" and not doc.lex.org_head_re.search(prev.word)


def _party_bodies(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Bodies written on something other than a unit the register holds:

    - a level alone (省委城乡基层治理委员会办公室, 市司法局: the article's own city's), at the start of a word;
    - an organisation jieba knows (中央党校|党建部);
    - a district the register does not hold (金普新区|党工委).
    """
    view, lex, out = doc.view, doc.lex, []
    covered = _offsets(found)
    bases: list[tuple[int, int]] = []
    for m in re.finditer("[省市县区州旗镇乡]", view):
        b = m.start()
        if b in doc.begins_set and not (b and CJK.fullmatch(view[b - 1]) and view[b - 1] not in lex.function_chars
                                        and not _after_verb(doc, b)) \
                and not (b and view[b - 1].isascii() and view[b - 1].isalnum()) and not _level_word(doc, b):
            bases.append((b, b + 1))  # not inside a longer name (余姚市委…, X苑B区党支部), which the unit's grammar reads
    for k, t in enumerate(doc.tokens):
        before = doc.tokens[k - 1].word if k else ""
        if len(t.word) >= 3 and doc.tags.get(t.word) == "nt" and not t.word.endswith(lex.admin_suffix_tuple) \
                and _proper(doc, t.word) and not (CJK.fullmatch(before) and _proper(doc, before)):
            bases.append((t.begin, t.end))  # 中央党校, not 党支部 (a kind of body), nor 诚盈|中医药…
    bases += [(c.span.begin, c.span.end) for c in doc.unregistered if c.type == "District"]
    for b, e in bases:
        if b in covered:
            continue
        base = Candidate("District", view[b:e], doc.span(b, e))
        found_end = _org_after_unit(doc, base, set())
        # a level alone needs a body: 市司法局, not 镇党委 or 区委 (the unit's own, which its grammar reads)
        if found_end is not None and not found_end[1] and found_end[0] - e >= 2 and found_end[0] - b >= 4:
            out.append(Candidate("Organization", view[b:found_end[0]], doc.span(b, found_end[0])))
            covered.update(range(b, found_end[0]))
    return out


def _level_word(doc: Doc, b: int) -> bool:
    """Whether a level character begins a longer word that is no party committee (旗下, 市场, 区域; not 市委)."""
    t = doc.tokens[doc.token_index(b)]
    return len(t.word) > 1 and t.word in doc.tags and not doc.lex.party_bridge_re.match(t.word)


def _listed_companies(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """引进甲、乙、丙等一批龙头企业: the names listed before 等 and a word for companies are companies, when most
    of them are proper names (a word jieba does not know, or one it tags as a name) and none is a verb (种植、
    养殖等企业 lists trades) or a place (北京、上海等地企业)."""
    view, out, covered = doc.view, [], None
    for m in doc.lex.company_list_re.finditer(view):
        if m.end() not in doc.ends:
            continue
        if covered is None:  # made at the first list only
            covered = _offsets(found)
        items, e = [], m.start()
        while len(items) < MAX_LISTED:  # bounded: a hostile text may list thousands before each 等企业
            b = e
            while b > 0 and CJK.fullmatch(view[b - 1]) and e - b < MAX_LISTED_NAME + 1:
                b -= 1
            if b == e:
                break
            if b == 0 or view[b - 1] != "、":
                # the first name: the nouns and names before the first 、 (吸引|甲, 有|甲|物流), not the verb
                k, named = e, False
                while k > b and (i := doc.token_index(k - 1)) >= 0 and doc.tokens[i].begin >= b \
                        and e - doc.tokens[i].begin <= MAX_LISTED_NAME:
                    word = doc.tokens[i].word
                    if not _listed_name(doc, word) and doc.tags.get(word) != "n":
                        # a conjunction may be inside the name (甲与乙研发|基地): then where it begins is unknown
                        named = named and doc.tags.get(word, "")[:1] not in ("c", "p")
                        break
                    k, named = doc.tokens[i].begin, named or _listed_name(doc, word)
                if k < e and named:
                    items.append((k, e))
                break
            items.append((b, e))
            e = b - 1
        # a name that ends in a body's head word is a kind of body (砖厂), or one the other rules read (甲公司)
        items = [(b, e) for b, e in items if not any(doc.lex.org_head_re.fullmatch(view, k, e) for k in range(b + 1, e))]
        names = [view[b:e] for b, e in items]
        proper = [n for n in names if _listed_name(doc, n)]
        if len(items) < 2 or 2 * len(proper) < len(items) or any(doc.tags.get(n, "")[:1] == "v" for n in names) \
                or any(len(n) < 2 or _place_stem(doc, n) or doc.register and doc.register.has_name(n) for n in names):
            continue
        for b, e in items:
            if not any(i in covered for i in range(b, e)):
                out.append(Candidate("Organization", view[b:e], doc.span(b, e)))
    return out


MAX_LISTED_NAME, MAX_LISTED = 6, 30


def _listed_name(doc: Doc, word: str) -> bool:
    """A proper name, or any word jieba's dictionary does not know (顺丰: 顺 may be a verb, but not in a list)."""
    return word not in doc.tags or _proper(doc, word)


def _after_verb(doc: Doc, b: int) -> bool:
    """Whether a whole word jieba tags as a verb, preposition or conjunction ends at `b` (联合|市委…, 会同|县…):
    what follows it starts a name of its own, unless that word and the level are a place (沾益|区委: 沾益区)."""
    i = doc.token_index(b - 1)
    if i < 0 or doc.tokens[i].end != b or doc.tags.get(doc.tokens[i].word, "")[:1] not in ("v", "p", "c"):
        return False
    return doc.register is None or not doc.register.has_name(doc.tokens[i].word + doc.view[b])


def _named_organisations(doc: Doc, found: list[Candidate], stems: frozenset[str]) -> list[Candidate]:
    """江城党建研究所, X福宝农业专业合作社, 东湖歌舞团: a head word that names an organisation, after the name-like
    words before it; one of them must be a proper name (a word jieba does not know, or one it tags as a place,
    person, organisation or other proper name; a unit's stem: 同乐|文化产业|专业合作社) or a scope word (全国, 中央)."""
    view, lex, out = doc.view, doc.lex, []
    covered = _offsets(found)
    for m in lex.named_head_re.finditer(view):
        b, e = m.span()
        if e not in doc.ends or b in covered or e - 1 in covered or view.startswith(("有限", "股份", "了", "着"), e):
            continue  # (X研究院|有限公司: a company's name, read as one; 跟着师傅|学会了: a verb)
        start, proper = b, False
        i = doc.token_index(b - 1)
        whole = doc.tokens[i] if i >= 0 else None
        if whole is not None and whole.begin <= b - 2 and whole.end == e and doc.tags.get(whole.word) == "nt" \
                and _proper(doc, whole.word):
            # 河北师范大学: an organisation jieba's dictionary knows, one word with its head (and the name-like
            # words before it: X建筑科技大学|Y学院)
            i, start, proper = i - 1, whole.begin, True
        while i >= 0 and doc.tokens[i].end == start and b - doc.tokens[i].begin <= MAX_ORG_BODY:
            t = doc.tokens[i]
            tag = doc.tags.get(t.word) or ""
            activity = t.end == b and tag[:1] == "v"  # 傈山|养殖|专业合作社: the activity right before the head
            # X|福宝|农业…: a bound morpheme (a tag ending in g) alone before a proper name is part of that name
            morpheme = len(t.word) == 1 and tag.endswith("g") and start < b and _proper(doc, doc.tokens[i + 1].word)
            if not CJK.fullmatch(t.word) or t.word in lex.stop_words or (
                    tag[:1] in ("v", "p", "c", "u", "d", "r", "m", "q", "f", "t") and not activity and not morpheme) \
                    or lex.subordinate_re.search(view, max(0, t.end - 4), t.end) or t.word in lex.setup_verbs \
                    or t.word in lex.body_kinds or t.word in lex.joining_verbs or t.word in lex.partner_words \
                    or lex.list_point_re.fullmatch(t.word):
                # (城投集团|下属|企业|长岭集团: two bodies; 在杭州|创建|公司: what was done; 辖区企业|X研究院;
                # 一是|建|公司: a list's first point)
                break
            if not tag and len(t.word) >= 3 and t.word[0] in lex.aspect_particles and i \
                    and doc.tags.get(doc.tokens[i - 1].word, "")[:1] == "v":
                start, proper = t.begin + 1, True  # 成立|了X峰|合作社: the verb's aspect particle, then the name
                break
            if not tag and (not _proper(doc, t.word) or t.word[-1] in lex.suffix_prepositions
                            or t.word[-1] in lex.conjunction_chars):
                break  # 党组织|领办|合作社: a verb jieba does not know; 社员|卡到|合作社: one and its preposition;
                # X及|Y学院: a name and the conjunction jieba's HMM glued to it
            if not tag and len(t.word) >= 3 and t.word[0] in lex.localizers and i \
                    and doc.tags.get(doc.tokens[i - 1].word, "")[:1] == "n":
                start, proper = t.begin + 1, True  # 辖区|内云川|集团: 内 is where, the name is 云川集团
                break
            proper = proper or _proper(doc, t.word) or t.word in lex.org_scope_words or t.word in stems
            start, i = t.begin, i - 1
        while start < b and (t := doc.tokens[doc.token_index(start)]).word in lex.admin_suffixes:
            start = t.end  # X|街道|柳北社区…艺术团, cut by the length limit: no name begins with a level word
        if proper and start < b and b - start >= 2:
            out.append(Candidate("Organization", view[start:e], doc.span(start, e)))
    return out


ORG_PROPER_TAGS = frozenset(("ns", "nr", "nz", "nt", "nrt", "j", "nrfg"))


def _proper(doc: Doc, word: str) -> bool:
    """A proper name: a word jieba tags as one, or one it does not know that does not start with a verb
    (党组织|领办|合作社: 领办 is a verb jieba does not know), a particle (尝试|过办|合作社: "tried running one") or a
    pronoun that is no surname (选举|我任|合作社…: "elected me to"; but 何 is both)."""
    tag = doc.tags.get(word)
    if tag is None:
        first = doc.tags.get(word[0], "n")[:1]
        return first not in ("v", "p", "d", "c", "u") and not (first == "r" and word[0] not in doc.lex.surnames)
    if tag == "nt" and (word in doc.lex.org_kinds or word.endswith("组织")):
        return False  # 党组织, 党支部: a kind of body, not a name (中组部 is one)
    if tag == "nz" and len(word) == 4 and doc.tags.get(word[2:], "")[:1] == "v" \
            and doc.tags.get(word[:2], "nz") not in ("ns", "nr", "nz", "nt"):
        return False  # 大力|发展 (tagged nz): a verb phrase, no name (村里大力发展合作社)
    return tag in ORG_PROPER_TAGS


def _media(doc: Doc) -> list[Candidate]:
    """人民网, 人民日报客户端江苏频道, 江城+客户端: news outlets by name, and names before an outlet's suffix."""
    view, lex, out = doc.view, doc.lex, []
    pub = doc.article.publisher
    for m in lex.media_re.finditer(view):
        b, e = m.span()
        if pub is not None and pub.begin <= b and e <= pub.end:
            continue  # 来源: 江城TV-江城网 names the outlet already
        if (b == 0 or b in doc.begins_set) and (e in doc.ends or e == len(view)):
            name = m.group(0)
            out.append(Candidate("Organization", lex.media_full.get(name, name), doc.span(b, e), outlet=True))
    for m in lex.media_suffix_re.finditer(view):
        b, e = m.span()
        if e not in doc.ends and e != len(view):
            continue
        start = b - 1 if b and view[b - 1] in "+＋" else b  # 江城+客户端
        t = doc.tokens[doc.token_index(start - 1)] if start else None
        if t is None or t.end != start or not CJK.fullmatch(t.word) or not 2 <= len(t.word) <= 4:
            continue
        tag = doc.tags.get(t.word)
        if tag is None or tag in ORG_PROPER_TAGS:
            first = t.begin
            if tag == "ns" and first and view[first - 1] == "新" and first - 1 in doc.begins_set \
                    and (first == 1 or not CJK.fullmatch(view[first - 2]) or view[first - 2] in lex.function_chars):
                first -= 1  # X日报·新|江城|客户端, 据|新|江城|客户端: 新 and a place name an outlet
            out.append(Candidate("Organization", view[first:e], doc.span(first, e), outlet=True))
    return out


def _named_head_at_end(lex: Lexicon, name: str) -> bool:
    """“韵律花园艺术团”: a quoted name that ends in an organisation's named head (艺术团, 研究院) after 2+ characters."""
    return any(m.end() == len(name) and m.start() >= 2 for m in lex.named_head_re.finditer(name, max(0, len(name) - 6)))


def _quoted_org(lex: Lexicon, name: str) -> bool:
    """“战旗村股份经济合作联合社”: a quoted name of 2+ Han characters before an organisation's suffix; not one that
    opens with a kind of body (“党委牵头合作社”: a kind and what it does, a model, not one body's name)."""
    m = lex.quoted_org_re.search(name)
    return bool(m) and m.start() >= 2 and CJK.fullmatch(name[: m.start()]) is not None \
        and not QUOTED_COUNT.match(name) and not name.startswith(tuple(lex.org_kinds))


QUOTED_COUNT = re.compile(r"[一二三四五六七八九十两几\d]{1,6}[个家支类]")  # “三个合作社”: a count of bodies, no name


QUOTED_BRAND = re.compile(r"[“「『][\u4e00-\u9fff]{2,6}[”」』]$")
QUOTES = re.compile(r"[“”「」『』]")
# a place or 集团 in brackets right before a company's suffix is part of its name
COMPANY_ASIDE = re.compile(r"[(（][\u4e00-\u9fff]{2,4}[)）]$")


def _company_start(doc: Doc, b: int, max_len: int = 14) -> int:
    """Where a company's name before 有限公司 begins: nouns, places and activity nouns (物业服务, 科技发展),
    not a verb, pronoun or function word (联合|陕西…). A capital-form numeral is a name's character (玖, 叁),
    and a city's or county's name is a place whatever jieba's dictionary tags it."""
    i, start, placed = doc.token_index(b - 1), b, False
    while i >= 0 and doc.tokens[i].end == start and b - doc.tokens[i].begin <= max_len:
        word = doc.tokens[i].word
        tag = doc.tags.get(word, "n")
        if placed and word in doc.tags and doc.tags[word] not in ORG_PROPER_TAGS:
            # a name opens with its place, its places (X省|Y县…) or a brand (a word jieba does not know before
            # its place): not with a common word (充分发挥|X县…有限公司, which jieba tags n)
            break
        placed = tag == "ns" and word.endswith(doc.lex.admin_suffix_tuple)
        if word in doc.lex.name_numerals or _place_stem(doc, word):
            tag = "nz"
        # not the stop words: those are words a place name cannot hold, and 服务 or 发展 may be in a company's
        if not CJK.fullmatch(word) or tag in ("v", "vd", "r", "d", "m", "q", "f", "t") or tag[:1] in ("p", "c", "u") \
                or word == "公司" or (word == "集团" or word in doc.lex.body_kinds) and doc.tokens[i].end < b:
            # 开发公司|陶山…有限公司: another company's suffix ends the name (X集团|有限公司 is one); but a verb
            # between a place and the trade is the brand (X市|安心|家政服务有限公司), and a verb after a name
            # the trade (安阳|宏业|铸造|科技有限公司)
            brand = i > 0 and tag == "v" and len(word) == 2 and word not in doc.lex.setup_verbs \
                and not doc.lex.launch_verb_re.fullmatch(word) and doc.tags.get(doc.tokens[i + 1].word) != "ns" \
                and not _place_stem(doc, doc.tokens[i + 1].word)
            if len(word) == 1 and i >= 2 and len(doc.tokens[i - 1].word) == 1 and CJK.fullmatch(doc.tokens[i - 1].word) \
                    and _county_or_city(doc, doc.tokens[i - 2]) and b - doc.tokens[i - 2].begin <= max_len:
                start = doc.tokens[i - 2].begin  # X市|海|和|劳务有限公司: a brand of two characters, one a conjunction
                break
            before = doc.tokens[i - 1] if brand else None  # (not X区|引进|怀化…公司: what the place did)
            if before is None or before.end != doc.tokens[i].begin or b - before.begin > max_len:
                break
            if _county_or_city(doc, before):
                start = before.begin
                break
            if not (CJK.fullmatch(before.word) and len(before.word) >= 2 and not _common_word(doc, before.word)
                    and doc.tags.get(before.word, "nz")[:1] == "n" and before.word not in ("公司", "集团")):
                break  # (a rare noun or a name: 宏业, not 公司|联合)
            start, i = before.begin, i - 2
            continue
        start, i = doc.tokens[i].begin, i - 1
    return start


def _county_or_city(doc: Doc, token: Token) -> bool:
    """A place with its level's suffix (X市, X县) that jieba's dictionary knows and the register holds (not 城市)."""
    return doc.tags.get(token.word) == "ns" and token.word.endswith(doc.lex.admin_suffix_tuple) \
        and (doc.register is None or doc.register.has_name(token.word))


def _place_stem(doc: Doc, word: str) -> bool:
    """Whether `word` is the name of a province, city or county without its suffix (大连, which jieba tags d)."""
    return len(word) >= 2 and doc.register is not None and doc.register.has_bare_name(word, "省市县")


def to_view(doc: Doc, span: Span) -> str:
    return doc.view[span.begin:span.end]


# --- people ---------------------------------------------------------------------------------

def persons(doc: Doc, unit_names: frozenset[str] = frozenset()) -> list[Candidate]:
    """People; `unit_names` are the article's units, which a name before a title beginning with a level may be
    (X|村干部, where X村 is a village)."""
    lex, view, out = doc.lex, doc.view, []
    art = doc.article
    for span in (art.editor,):
        if span and CJK.fullmatch(to_view(doc, span)) and not OUTLET_END.search(to_view(doc, span)):
            # (编辑:X频道 names a desk, 编辑:admin a site's account: no one)
            out.append(Candidate("Person", to_view(doc, span), span))
    for b, e in _byline_names(doc):
        out.append(Candidate("Person", SPACES.sub("", view[b:e]), doc.span(b, e)))
    for m in PHOTO_CREDIT.finditer(view):  # 人民网 范尧摄, 记者 高洁 摄
        if _is_name(doc, m.group(1)) and not _common_word(doc, m.group(1)):
            out.append(Candidate("Person", m.group(1), doc.span(*m.span(1))))
    for m in NAME_TITLE_LINE.finditer(view):  # 张婷婷:南京东路街道党工委书记。
        rest = view[m.end():view.find("\n", m.end()) if "\n" in view[m.end():] else len(view)]
        if _is_name(doc, m.group(1)) and not _common_word(doc, m.group(1)) and lex.role_re.search(rest[:40]) \
                and doc.tags.get(m.group(1), "nr") in NAME_TAGS:  # (关键词: a label, not 张婷婷:)
            out.append(Candidate("Person", m.group(1), doc.span(*m.span(1))))
    for m in DATELINE_REPORTER.finditer(view):  # 江苏南京3月5日电 (陈玉兰), 本报讯(潘智文), 电(甲乙 丙丁 记者…)
        names, pos = [], m.end()
        while (n := DATELINE_NAME.match(view, pos)) and _is_name(doc, n.group(1)):
            names.append(n.span(1))
            pos = n.end()
        # the list ends the parenthesis, or a byline's role follows it (whose names `_byline_names` reads)
        if names and (view[names[-1][1]:names[-1][1] + 1] in "）)" or lex.byline_re.match(view, pos)):
            out += [Candidate("Person", view[b:e], doc.span(b, e)) for b, e in names]
    for m in _titles(doc):
        if view.startswith("任", m.end()) and (lex.role_re.match(view, m.end() + 1) or view[m.end() + 1:m.end() + 2]
                                                in "副正双总常" and any(lex.role_re.match(view, m.end() + k) for k in (2, 3))):
            continue  # 书记|任|组长, 县长|任|双|队长: 任 "serves as", no surname (but 总裁|任正非)
        name = _name_at(doc, m.end(), after_role=True) if m.end() in doc.ends else None
        glued = _name_after_role(doc, m.end())
        if glued and (name is None or glued[1] > name[1]):
            name = glued  # 工作人员杨树森: jieba's 杨树 is a word, the name is longer
        if name and _is_name(doc, view[name[0]:name[1]]) and not _common_word(doc, view[name[0]:name[1]]) \
                and not (name[1] - name[0] == 3 and _common_word(doc, view[name[0] + 1:name[1]])
                         and doc.tags.get(view[name[0]:name[1]]) != "nr") \
                and not (name[1] - name[0] == 3 and doc.tags.get(view[name[0]:name[1]], "nr") not in NAME_TAGS) \
                and not view[name[0]:name[1]].endswith(lex.role_tuple):  # 居民|楼栋长
            out.append(Candidate("Person", view[name[0]:name[1]], doc.span(*name)))
    out += _listed_names(doc)
    surnames = lex.surnames
    for i, t in enumerate(doc.tokens):
        if len(t.word) < 4 and t.word[:1] not in surnames and t.word[:2] not in surnames:
            continue  # the first three cases below need a surname (`_has_surname`), the last four characters:
            # most tokens go here
        if 2 <= len(t.word) <= 3 and lex.person_verb_re.match(view, t.end) and _is_name(doc, t.word) \
                and doc.tags.get(t.word, "nr") == "nr" and not (len(t.word) == 2 and _common_word(doc, t.word)):
            # (需要|阳光|补充: a common word of two that jieba's dictionary tags a name)
            out.append(Candidate("Person", t.word, doc.span(t.begin, t.end)))
        elif len(t.word) == 1 and t.word in lex.surnames and i + 1 < len(doc.tokens) \
                and 1 <= len(doc.tokens[i + 1].word) <= 2 and CJK.fullmatch(doc.tokens[i + 1].word) \
                and lex.person_verb_re.match(view, doc.tokens[i + 1].end) \
                and _is_name(doc, view[t.begin:doc.tokens[i + 1].end]) \
                and doc.tags.get(doc.tokens[i + 1].word, "nr")[:1] not in ("v", "p", "c", "d", "u", "r", "m") \
                and not _common_word(doc, doc.tokens[i + 1].word):
            end = doc.tokens[i + 1].end  # 陈|秀英|说: a surname jieba leaves alone, a given name, a verb of speech
            out.append(Candidate("Person", view[t.begin:end], doc.span(t.begin, end)))
        elif 2 <= len(t.word) <= 3 and doc.tags.get(t.word) in ("nr", "nrfg") and _is_name(doc, t.word) \
                and (title := lex.role_re.match(view, t.end)) and t.end + 2 <= len(view) \
                and not (len(t.word) == 2 and _common_word(doc, t.word)) \
                and not unit_names.intersection((t.word, view[t.begin:t.end + 1], view[t.begin:t.end + 2])) \
                and not t.word.endswith(lex.admin_suffix_tuple) and not _place_after(doc, title.end()):
            out.append(Candidate("Person", t.word, doc.span(t.begin, t.end)))  # a name jieba knows, then a title (X总书记)
        elif len(t.word) >= 4 and t.word not in doc.tags and CJK.fullmatch(t.word) and i and t.word[-1] not in lex.adverbs \
                and doc.tokens[i - 1].word in lex.role_tuple and lex.person_verb_re.match(view, t.end):
            out.append(Candidate("Person", t.word, doc.span(t.begin, t.end)))  # 居民次仁卓玛说: a name of four
        elif len(t.word) == 3 and doc.tags.get(t.word) in ("nr", "nrfg") and i + 1 < len(doc.tokens) \
                and (doc.tags.get(doc.tokens[i + 1].word) in ("v", "p") or doc.tokens[i + 1].word in "，,") \
                and not (i and doc.tags.get(doc.tokens[i - 1].word, "")[:1] == "v") \
                and _is_name(doc, t.word) and not t.word.endswith(lex.admin_suffix_tuple) \
                and not _common_word(doc, t.word[1:]) and not t.word.endswith(lex.building_ends) \
                and not _counted_somewhere(doc, t.word) \
                and not (i >= 2 and doc.tokens[i - 1].word == "、"
                         and doc.tags.get(doc.tokens[i - 2].word, "")[:1] == "n"
                         and doc.tags.get(doc.tokens[i - 2].word) not in NAME_TAGS):  # 滑梯、梅花桩: things listed
            # a name jieba's dictionary knows, acting (not a building's: 龙王庙|改造; not 两亩|胡萝卜, whose
            # dictionary entry is tagged a name)
            out.append(Candidate("Person", t.word, doc.span(t.begin, t.end)))
    for m in re.finditer(r"以([\u4e00-\u9fff]{2,3}?)的?名字命名", view):
        if _is_name(doc, m.group(1)):
            out.append(Candidate("Person", m.group(1), doc.span(*m.span(1))))
    out += _recurring_names(doc, {c.name for c in out}, unit_names)
    dotted = _dotted_names(doc)
    if dotted:  # 副主席米海尔古丽·阿吉: not 米海尔, the part a title's grammar (or a recurring word) read, where
        # the name is written (also where no title or verb introduces it again)
        inside = _written_again(view, {view[c.span.begin:c.span.end] for c in dotted})
        out = [c for c in out if not _inside(inside, c.span.begin, c.span.end, strictly=False)] + dotted
    # 张家界: a city's name, no one; 党员|包|农户: a verb and what it takes charge of; 派到了|X村|担任: a unit's
    # name; 副乡长|X于|5月: a name and the preposition jieba's HMM glued to it
    kept = (_without_glued_char(doc, c) for c in out if not c.name.endswith(doc.lex.unit_ends)
            and not (len(c.name) == 3 and c.name.endswith(doc.lex.noun_suffixes)
                     and doc.tags.get(c.name[:2], "nr") not in NAME_TAGS)  # 问题|严重|性: a noun
            and doc.tags.get(c.name, "nr") not in WHERE_TAGS)  # 村民|房前|屋后: where, not who
    kept = [c for c in kept if not _place_stem(doc, c.name) and not _verb_and_object(doc, c.span.begin, c.span.end)
            and not unit_names.intersection(c.name + suffix for suffix in ("村", "社区", "镇", "乡"))
            and not _aspect_after(doc, c.span.end)]
    return _without_parts(view, kept)


def _without_parts(view: str, people: list[Candidate]) -> list[Candidate]:
    """书记李|潘岳|说: a name read inside a longer one at the same place (a dictionary word there, 潘岳) is that
    one's part, where the text never writes it but inside the longer one; written alone too, it is read."""
    spans = sorted({(c.span.begin, c.span.end) for c in people})
    parts = {}
    for c in people:
        for b, e in _enclosing(spans, c.span.begin, c.span.end):
            parts[c.name] = (view[b:e], c.span.begin - b)
    alone = {name for name, (whole, k) in parts.items()
             if any(view[p - k:p - k + len(whole)] != whole for p in _occurrences(view, name))}
    return [c for c in people if c.name not in parts or c.name in alone]


def _occurrences(view: str, word: str) -> Iterator[int]:
    at = view.find(word)
    while at >= 0:
        yield at
        at = view.find(word, at + 1)


# jieba's tags of place and direction words (房前, 前方): no one's name (but time words are pen names: 秋晨)
WHERE_TAGS = frozenset(("s", "f"))
PHOTO_MARK = "摄"  # 记者X摄: who took the picture


def _aspect_after(doc: Doc, e: int) -> bool:
    """Whether an aspect particle stands alone right after a "name" (村民|高|票选|了|他): the name ends in a verb,
    which no one's name does."""
    return doc.word_at(e) in doc.lex.aspect_particles


def _without_glued_char(doc: Doc, c: Candidate) -> Candidate:
    """A three-character name without its last character where that is a preposition or the photo credit's 摄
    before no Han character (副乡长|X于|5月: the name, and the "on" of the date jieba's HMM glued to it; 记者|X摄)."""
    b, e = c.span.begin, c.span.end
    if e - b == 3 and (doc.view[e - 1] in doc.lex.suffix_prepositions or doc.view[e - 1] == PHOTO_MARK) \
            and not CJK.fullmatch(doc.view[e:e + 1] or "x"):
        return Candidate(c.type, doc.view[b:e - 1], doc.span(b, e - 1))
    return c


def _verb_and_object(doc: Doc, b: int, e: int) -> bool:
    """Whether a "name" is a one-character verb jieba cuts alone (包, 联) and a unit's level, households or people
    of a title (干部|包|村, 党员|包|农户, 组长|联|党员): what a cadre takes charge of, not a surname and a name."""
    first, rest = doc.tokens[doc.token_index(b)], doc.view[b + 1:e]
    alone = first.end == b + 1 and b + 1 in doc.begins_set  # 包|农户, or one word jieba does not know (包村)
    if first.begin != b or doc.tags.get(doc.view[b]) != "v" or not (alone or first.end == e and first.word not in doc.tags):
        return False
    return rest in doc.lex.admin_suffixes or rest.endswith("户") or doc.lex.role_re.fullmatch(rest) is not None


NAME_DOT = re.compile(r"(?<=[\u4e00-\u9fff]) ?[·•・] ?(?=[\u4e00-\u9fff])")
MAX_DOTTED_PART = 8


def _dotted_names(doc: Doc) -> list[Candidate]:
    """艾尼瓦尔·斯坎德尔说, 通讯员 鲁提普拉·木塔力甫: a transliterated name, two parts joined by a middle dot, after
    a title or a by-line's role or before a verb of speech; not one in quotes (“桃花红·邻里家” is a brand)."""
    view, lex, found = doc.view, doc.lex, []
    for m in NAME_DOT.finditer(view):
        b = m.start()
        while b > 0 and m.start() - b < MAX_DOTTED_PART and CJK.fullmatch(view[b - 1]) \
                and view[b - 1] not in lex.function_chars and view[b - 1] not in lex.dotted_name_stops \
                and not view.endswith(lex.role_tuple, 0, b):
            b -= 1
        e = m.end()
        while e < len(view) and e - m.end() < MAX_DOTTED_PART and CJK.fullmatch(view[e]) and not (
                e - m.end() >= 2 and (view[e] in lex.dotted_name_stops or lex.person_verb_re.match(view, e)
                                      or lex.role_re.match(view, e) or _word_at(doc, e))):
            e += 1
        if m.start() - b < 2 or e - m.end() < 2 or _inside_quote(view, b) or OUTLET_END.search(view, b, m.start()) \
                or doc.lex.newspaper_re.search(view, b, m.start()):
            continue  # (X日报·中国农网: two outlets, no one)
        # a by-line's role of two characters or more (记者, 通讯员; ■ and 文/图 also open column titles)
        byline = any(len(r.group(0)) >= 2 for r in lex.byline_re.finditer(view, max(0, b - 5), b))
        titled = view.endswith(lex.role_tuple, 0, b) or byline \
            or bool(found) and found[-1][2] and not view[found[-1][1]:b].strip()  # the next name of a by-line
        found.append((b, e, titled or bool(lex.person_verb_re.match(view, e))))
    return [Candidate("Person", NAME_DOT.sub("·", view[b:e]), doc.span(b, e)) for b, e, acts in found if acts]


def _written_again(view: str, names: set[str]) -> list[tuple[int, int]]:
    """Where the dotted names are written in the view, sorted: at each middle dot, each name's text that has its
    dot as far in (one pass over the dots, whatever the number of names)."""
    shapes = {(m.start(), len(name)) for name in names if (m := NAME_DOT.search(name))}
    return sorted((b - at, b - at + n) for dot in NAME_DOT.finditer(view) for at, n in shapes
                  if (b := dot.start()) >= at and view[b - at:b - at + n] in names)


def _word_at(doc: Doc, at: int) -> bool:
    """Whether a common dictionary word of two or more characters begins at `at` (…托合提|手中): a name ends there."""
    word = doc.word_at(at)
    return word is not None and len(word) >= 2 and _common_word(doc, word)


def _inside_quote(view: str, at: int) -> bool:
    line_start = view.rfind("\n", 0, at) + 1
    before = view[line_start:at]
    return before.count("“") > before.count("”")


def _place_after(doc: Doc, at: int) -> bool:
    """Whether a place or organisation jieba knows follows `at`: the "title" before it is a verb (X杨梅|代表|丽水
    获奖: represents), not a title after a name."""
    word = doc.word_at(at)
    return word is not None and doc.tags.get(word) in ("ns", "nt")


def _titles(doc: Doc):
    """The titles in the text that begin or end a word. One inside another word is passed over one character at
    a time, so the title that overlaps it is still found (党总|支书|记: 支书 is inside, 书记 ends a word)."""
    view, pos = doc.view, 0
    while m := doc.lex.role_re.search(view, pos):
        if m.start() not in doc.begins_set and m.end() not in doc.ends:
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


def _recurring_names(doc: Doc, found: set[str], unit_names: frozenset[str]) -> list[Candidate]:
    """A three-character word jieba's dictionary does not know and begins with a surname, or a surname jieba cut
    from a given name it tags as a name (钱|立林), that recurs in the article and acts (its word before a verb or
    a pause somewhere, never before a level word or a place's: 东湖苑|街道, 景泰城|小区): a person no title or
    verb of speech introduced (商人周冬洋，…；周冬洋难掩…)."""
    lex, tokens, out = doc.lex, doc.tokens, []
    seen: dict[str, list[tuple[int, int]]] = {}  # a name: the first and last token of each place it stands
    for i, t in enumerate(tokens):
        if len(t.word) == 3 and t.word[0] in lex.surnames and t.word not in doc.tags:
            seen.setdefault(t.word, []).append((i, i))
        elif len(t.word) == 1 and t.word in lex.surnames and i + 1 < len(tokens) \
                and 1 <= len(given := tokens[i + 1].word) <= 2 and doc.tags.get(given) == "nr":
            seen.setdefault(t.word + given, []).append((i, i + 1))  # 钱|立林: a given name jieba tags as a name
    for word, at in seen.items():
        if len(at) < 2 or word in found or not _is_name(doc, word) or word.endswith(lex.admin_suffix_tuple) \
                or word.endswith(lex.role_tuple) or any(u.startswith(word) for u in unit_names):
            continue
        after = [tokens[j + 1].word if j + 1 < len(tokens) else "" for _, j in at]
        if any(not w or w[:1] in "\n" or w.startswith(lex.admin_suffix_tuple) or w in lex.generic_unit_words
               for w in after):
            continue
        if any(w in "，," or doc.tags.get(w, "")[:1] == "v" for w in after):
            out += [Candidate("Person", word, doc.span(tokens[i].begin, tokens[j].end)) for i, j in at]
    return out


PHOTO_CREDIT = re.compile(r"(?:^|(?<=[\s　]))([\u4e00-\u9fff]{2,3}?)\s?摄(?=[\s）)】]|$)", re.M)
NAME_TITLE_LINE = re.compile(r"^[ \t　•·]*([\u4e00-\u9fff]{2,3})[:：]", re.M)  # a line: name, colon, titles
DATELINE_REPORTER = re.compile(r"(?:\d{1,2}日电|本报讯|[\u4e00-\u9fff]{2}讯)\s*[（(]")
# one of the names in its parenthesis, before a blank, its end, or a byline's role (周明远记者郑凯)
DATELINE_NAME = re.compile(r"([\u4e00-\u9fff]{2,3})(?:[ \t　]+|(?=[）)]|记者|通讯员))")
# the lookbehind starts a match only where a run of blanks starts: no quadratic rescans of long runs
# 记者 王　强: a two-character name padded to three with a blank (no name has one character)
SPACED_NAME = re.compile(r"(?<![ \t　])[ \t　]*(?:[/:：][ \t　]*)?([\u4e00-\u9fff][ 　][\u4e00-\u9fff])(?=[\s/）)】|｜、]|$)")
SPACES = re.compile(r"\s")
BYLINE_NAME = re.compile(r"(?<![ \t　])[ \t　]*(?:[/:：][ \t　]*)?([\u4e00-\u9fff]{2,3}?)(?=[\s/）)】|｜、摄]|$)")


def _byline_names(doc: Doc):
    """记者 王强, 本刊记者/周安平, 全媒体记者 钱立峰 孙洁 何晔: the names after a byline's role, one or a list."""
    view = doc.view
    for m in doc.lex.byline_re.finditer(view):
        if m.group(0) in ("文", "图") and not view.startswith("/", m.start() - 1):
            continue  # 马彩霞/文: 文 and 图 count only after a slash, as what the name before did
        pos = m.end()
        while (n := SPACED_NAME.match(view, pos) or BYLINE_NAME.match(view, pos)) \
                and _is_name(doc, name := SPACES.sub("", n.group(1))) and not _common_word(doc, name) \
                and not OUTLET_END.search(name):  # (编辑:X网: a desk, no one)
            yield n.span(1)
            pos = n.end()
            if not re.match(r"[ \u3000、]", view[pos:pos + 1]):
                break


def _name_after_role(doc: Doc, s: int) -> tuple[int, int] | None:
    """A surname and one or two characters right after a title, where jieba glued them to the title or to
    each other (网格长郑兰芳, 调解员高兴华): the name ends at a word boundary, and a third character that begins a
    verb of speech or is an adverb (王伟|说, 罗秀英|就) is not part of it."""
    view = doc.view
    if view[s:s + 1] not in doc.lex.surnames:
        return None
    glued = doc.tokens[doc.token_index(s)]
    if glued.begin < s and glued.word in doc.tags:
        return None  # 居民楼|外墙: the title and the "surname" are one dictionary word, no title
    if doc.tags.get(view[s:s + 2]) == "d":
        return None  # 居民|陆续|来: an adverb, no surname
    for n in (3, 2):
        e = s + n
        name = view[s:e]
        if len(name) < n or not CJK.fullmatch(name) or name[-1] in doc.lex.speech_adverbs \
                or name[-1] in doc.lex.function_chars or name[-1] in "的了着过们等队所因好" \
                or n == 2 and doc.tags.get(name, "")[:1] == "v":
            continue  # (志愿者|储备队: a team; 书记王海|所|带领; 老人|曾|因; 党员|管理好; 村民|顾虑: a verb)
        # 记者周建飞摄: jieba glues the last character to the photo credit's 摄 (飞摄)
        credit = view.startswith(PHOTO_MARK, e) and not CJK.fullmatch(view[e + 1:e + 2] or "。")
        home = view.startswith("家", e) and e + 1 in doc.ends  # 居民程玉华家: jieba glues the name to 家 ("home")
        # 居民韩翠连正|带领: jieba glues an adverb to the name; 书记X成|宝用|大喇叭, 书记X在|德站|在: its HMM glues
        # the name's last character to a preposition, an adverb or a verb after it, in a word it does not know
        third = doc.tokens[doc.token_index(s + 2)] if n == 3 and e < len(view) else None
        adverb = n == 3 and view[e:e + 1] in doc.lex.adverbs and e + 1 in doc.ends or third is not None \
            and third.begin == s + 2 and third.end == e + 1 and third.word not in doc.tags \
            and doc.tags.get(view[e], "")[:1] in ("p", "d", "v") and doc.tags.get(view[s:s + 2], "n")[:1] == "n"
        if e < len(view) and CJK.fullmatch(view[e]) and e not in doc.ends and not credit and not home and not adverb:
            continue
        if n == 3 and (doc.tokens[doc.token_index(s + 2)].end > e and not credit and not home and not adverb
                       or doc.lex.person_verb_re.match(view, s + 2)):
            continue
        return s, e
    return None


# at most 30 names: unbounded, the group backtracks over a whole list at each of its characters (quadratic in
# a text of thousands of 、 and no 等)
LISTED_NAMES = re.compile(r"((?:[\u4e00-\u9fff]{2,3}、){1,30}[\u4e00-\u9fff]{2,3})等")


# after 等, a count in a measure word that does not count people (at most 6 numerals: unbounded, a long run of
# digits made each start scan all the rest)
THING_COUNT = re.compile(r"[\d一二三四五六七八九十两]{1,6}[个处座家栋幢条项所片](?!人)")


def _listed_names(doc: Doc) -> list[Candidate]:
    """依托彭国强、汤自明等乡贤: a list of two or more names before 等, when one of them is a name jieba knows or
    every one is a word it does not know."""
    out = []
    for m in LISTED_NAMES.finditer(doc.view):
        items = [(m.start(1) + p.start(), m.start(1) + p.end()) for p in re.finditer(r"[^、]+", m.group(1))]
        names = [doc.view[b:e] for b, e in items]
        if not all(_is_name(doc, n) and not _common_word(doc, n) and not n.endswith(doc.lex.admin_suffix_tuple)
                   for n in names):
            continue  # 东王村、冯庄村等: places
        if THING_COUNT.match(doc.view, m.end()):
            continue  # 龙华苑、龙翔苑等4个苑区: a count of things, not of people
        tags = [doc.tags.get(n) for n in names]
        if any(t not in (None, *NAME_TAGS) for t in tags):
            continue  # 滑梯、梅花桩等游乐设施: a word of the dictionary that names no one is among them
        if any(t in ("nr", "nrfg") for t in tags) or all(t is None for t in tags):
            out += [Candidate("Person", n, doc.span(b, e)) for n, (b, e) in zip(names, items)]
    return out


def _common_word(doc: Doc, word: str) -> bool:
    """A word jieba's dictionary counts often (干部, 高兴): a common word, not a name."""
    from kg.segmenting import tokenizer

    return (tokenizer().FREQ.get(word) or 0) > doc.lex.common_word_frequency


def _has_surname(doc: Doc, word: str) -> bool:
    return word[:1] in doc.lex.surnames or word[:2] in doc.lex.surnames


def _is_name(doc: Doc, word: str) -> bool:
    """(Not a character doubled: 殷殷嘱托, 常常, which jieba's dictionary may tag a name; not an adverb that is a
    surname too and a verb of speech: 总书记|曾|说; not a conjunction or preposition and a verb, which jieba's
    dictionary may tag a name too: 何时|能, not 何其芳)"""
    return bool(CJK.fullmatch(word)) and _has_surname(doc, word) and word not in doc.lex.role_heads \
        and word not in doc.lex.stop_words and not word[1:].endswith(doc.lex.kinship) \
        and not (len(word) == 2 and (word[0] == word[1] or word[1] in doc.lex.speech_verbs)) \
        and not (len(word) == 3 and doc.tags.get(word[:2], "")[:1] in ("c", "p")
                 and doc.tags.get(word[2], "")[:1] == "v")


COUNT_START = re.compile(r"[\d一二三四五六七八九十两几数]")  # what a count begins with


NAME_TAGS = ("nr", "nrfg", "nrt")  # jieba's tags of personal names


def _counted_somewhere(doc: Doc, word: str) -> bool:
    """Whether the word stands after a classifier or 的 somewhere in the article (两亩|胡萝卜, 种的|胡萝卜): a
    thing counted or described, not a person, whatever jieba's dictionary tags it."""
    if doc.counted is None:  # the words so placed, made once an article (its tokens read once, not once a name)
        tokens, tags = doc.tokens, doc.tags
        doc.counted = {t.word for i, t in enumerate(tokens) if i and (
            tokens[i - 1].word == "的" or tags.get(tokens[i - 1].word) in ("m", "q", "mq"))}
    return word in doc.counted


def _name_at(doc: Doc, at: int, after_role: bool = False) -> tuple[int, int] | None:
    """A full personal name (surname + given name) starting at `at`, by token shape.

    Right after a title (书记, 主任) a given name may be a word jieba tags otherwise (王|立新: an adverb).
    """
    i = doc.token_index(at)
    if i < 0 or i >= len(doc.tokens) or doc.tokens[i].begin != at:
        return None
    t = doc.tokens[i]
    if len(t.word) == 2 and t.word in doc.lex.surnames and i + 1 < len(doc.tokens):  # 欧阳|树新: a compound surname
        n = doc.tokens[i + 1]
        if 1 <= len(n.word) <= 2 and CJK.fullmatch(n.word) and n.word not in doc.lex.stop_words \
                and not doc.lex.person_verb_re.match(n.word) and not doc.lex.role_re.match(n.word) \
                and doc.tags.get(n.word, "nr")[:1] not in ("v", "u", "p", "c", "m", "q", "f", "d", "r"):
            return t.begin, n.end
    if 2 <= len(t.word) <= 3 and _is_name(doc, t.word) and doc.tags.get(t.word, "nr") in ("nr", "nrfg"):
        if len(t.word) == 2 and i + 2 < len(doc.tokens):  # 孟庆|和|。: a third character before a pause
            n, after = doc.tokens[i + 1], doc.tokens[i + 2].word
            if len(n.word) == 1 and CJK.fullmatch(n.word) and not doc.lex.person_verb_re.match(n.word) \
                    and n.word not in doc.lex.speech_adverbs \
                    and (not CJK.fullmatch(after) or doc.lex.person_verb_re.match(after)) \
                    and not (n.word in "和同跟" and COUNT_START.match(after)) and n.word != "所":
                # (赵强|和|30名村民, 书记王海|所|带领: a conjunction, a particle)
                return t.begin, n.end
        if len(t.word) == 3 and t.word not in doc.tags and t.word[2] in "说讲":
            return t.begin, t.begin + 2  # 尹俊说: jieba glued 说 to a two-character name
        if len(t.word) == 2 and i + 1 < len(doc.tokens):  # 侯俊|明说: jieba glued the last character to 说
            n = doc.tokens[i + 1].word
            if len(n) == 2 and CJK.fullmatch(n) and n[1] in "说讲" and n[0] not in doc.lex.speech_adverbs:
                return t.begin, t.end + 1
        return t.begin, t.end
    if len(t.word) == 1 and t.word in doc.lex.surnames and t.word not in doc.lex.stop_words \
            and i + 1 < len(doc.tokens):
        n = doc.tokens[i + 1]
        if 1 <= len(n.word) <= 2 and CJK.fullmatch(n.word) and n.word not in doc.lex.stop_words \
                and not doc.lex.person_verb_re.match(n.word) and not doc.lex.role_re.match(n.word) \
                and doc.tags.get(n.word, "nr")[:1] not in ("u", "p", "c", "m", "q", "f", *(() if after_role else "dr")) \
                and n.word not in doc.lex.speech_adverbs:  # (副书记|时|曾在…: an adverb, no given name)
            return t.begin, n.end
    return None

