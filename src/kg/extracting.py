"""Stage 5, extracting: candidate mentions of units, studios, initiatives, organisations and people.

Every rule reads the Simplified view and its jieba tokens and is generic: suffix grammars, quotation
and context patterns, role words. The grammar data (suffixes, stop words, roles, surnames) lives in
`data/lexicon.json` and `data/surnames.txt`; no names of particular places or things are in code.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import attrgetter

from kg.gazetteer import Register
from kg.records import LEVEL, Article, Candidate, Span, Token
from kg.statistics import cn_to_number

CJK = re.compile(r"[\u4e00-\u9fff]+")  # used with fullmatch: "$" would accept a trailing newline
QUOTE = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」|『([^『』\n]{1,40})』|\"([^\"\n]{1,40})\"")
CLAUSE_PUNCT = re.compile(r"[。！？!?，,；;：:]")
MAX_STEM = 6
FUNCTION_CHARS = frozenset("以在于对把将从向给被让使和与及是为由经据按到")
DETERMINERS = ("全", "该", "本", "各", "每", "诸", "我")
# a word right after 已/还/都 … is a verb (已互派|社区工作者), not the start of a place name
ADVERBS = frozenset("已还再又都也均正曾亦皆")
SPEECH_ADVERBS = ADVERBS | frozenset("就只才却便总常")  # 王强|都|说: not a third character of the name


@dataclass(frozen=True)
class Lexicon:
    admin_suffixes: dict[str, str]
    admin_suffix_tuple: tuple[str, ...]  # the same, for str.endswith
    suffix_re: re.Pattern
    generic_stems: frozenset[str]
    generic_unit_words: tuple[str, ...]
    stop_words: frozenset[str]
    stop_tags: frozenset[str]
    studio_generic: frozenset[str]
    initiative_suffix_re: re.Pattern
    launch_re: re.Pattern
    launch_verb_re: re.Pattern
    org_after_unit_re: re.Pattern
    org_suffix_re: re.Pattern
    kinship: tuple[str, ...]
    newspaper_re: re.Pattern
    company_re: re.Pattern
    quoted_org_re: re.Pattern
    role_re: re.Pattern
    person_verb_re: re.Pattern
    surnames: frozenset[str]
    org_suffixes: tuple[str, ...]
    newspaper_suffixes: tuple[str, ...]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(resources.files("kg").joinpath("data/lexicon.json").read_text(encoding="utf-8"))
    names = resources.files("kg").joinpath("data/surnames.txt").read_text(encoding="utf-8")
    surnames = frozenset(w for line in names.splitlines() if not line.startswith("#") for w in line.split())
    suffixes = dict(data["admin_suffixes"])
    org = data["org_suffixes"]
    return Lexicon(
        admin_suffixes=suffixes,
        admin_suffix_tuple=tuple(suffixes),
        suffix_re=re.compile(f"(?:{_alt(suffixes)})"),
        generic_stems=frozenset(data["generic_stems"]),
        generic_unit_words=tuple(data["generic_unit_words"]),
        stop_words=frozenset(data["stop_words"]),
        stop_tags=frozenset(data["stop_tags"]),
        studio_generic=frozenset(data["studio_generic_stems"]),
        initiative_suffix_re=re.compile(f"(?:{_alt(data['initiative_suffixes'])})$"),
        # 打造集助餐、托老、议事于一体的「…」: the verb may govern a quotation through a 的 phrase
        launch_re=re.compile(f"(?:{_alt(data['launch_verbs'])})[了起出成好]?(?:[^，,。；;：:“”「」『』\\n]{{0,20}}的)?$"),
        launch_verb_re=re.compile(_alt(data["launch_verbs"])),
        # used with .match(view, pos): anchored at pos, so no ^ (which would mean the string start)
        org_after_unit_re=re.compile(f"(?:{_alt(data['unit_org_bridges'])})?(?:{_alt(org)})"
                                     f"|[\u4e00-\u9fff]{{0,10}}?(?:领导小组|局|专业合作社|合作社)"),
        org_suffix_re=re.compile(f"(?:{_alt(data['unit_org_bridges'])})?(?:{_alt(org)})"),
        kinship=tuple(data["kinship_titles"]),
        newspaper_re=re.compile(f"(?:{_alt(data['newspaper_suffixes'])})"),
        company_re=re.compile(f"(?:{_alt(data['company_suffixes'])})"),
        quoted_org_re=re.compile(f"(?:{_alt(data['quoted_org_suffixes'])})\\Z"),
        role_re=re.compile(f"(?:{_alt(data['person_roles'])})"),
        person_verb_re=re.compile(f"^(?:{_alt(data['person_verbs'])})"),
        surnames=surnames,
        org_suffixes=tuple(org),
        newspaper_suffixes=tuple(data["newspaper_suffixes"]),
    )


class Doc:
    """An article with its tokens, indexed for the rules."""

    def __init__(self, article: Article, tokens: tuple[Token, ...]):
        self.article, self.view, self.text, self.tokens = article, article.view, article.text, tokens
        self.begins = list(map(attrgetter("begin"), tokens))
        self.ends = set(map(attrgetter("end"), tokens))
        self.tags = _tag_table()
        self.lex = lexicon()

    def token_index(self, offset: int) -> int:
        return bisect_right(self.begins, offset) - 1

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
            if piece[0] in FUNCTION_CHARS and len(piece) > 1 and piece not in self.tags:
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
    doc = Doc(article, tokens)
    units = admin_units(doc)
    units = units + listed_units(doc, units)
    if register is not None:
        units = _with_register_names(doc, units, register)
    found = units + studios(doc) + initiatives(doc, units) + organisations(doc, units) + persons(doc)
    return tuple(sorted(set(found), key=lambda c: (c.span.begin, -c.span.end, c.type)))


# --- administrative units -------------------------------------------------------------------

def admin_units(doc: Doc) -> list[Candidate]:
    lex, view, out = doc.lex, doc.view, []
    for m in lex.suffix_re.finditer(view):
        b, e = m.span()
        suffix = m.group(0)
        # The suffix must end a token (社区|党委, not 村|民), or be a 区委/县委 before an organisation.
        if e not in doc.ends and not view.startswith("委", e) and not lex.org_suffix_re.match(view, e):
            continue
        start = doc.stem_start(b)
        if start == b:
            start = _nested_stem(doc, b)
        stem = view[start:b]
        if not _good_stem(doc, stem, suffix) or (start and view[start - 1] in ADVERBS):
            continue
        typ = lex.admin_suffixes[suffix]  # a 市 may be a province or a county: the register decides later
        out.append(Candidate(typ, stem + suffix, doc.span(start, e), stem=stem))
    return _drop_nested(out)


LIST_LEVELS = {"社区": "Community", "居委会": "Community", "村": "Village", "街道": "SubdistrictOffice", "镇": "Town",
               "乡": "Town"}
LISTED = re.compile(r"((?:[\u4e00-\u9fff]{1,6}[、和及与])+[\u4e00-\u9fff]{1,6}?)(等)?"
                    r"([一二两三四五六七八九十\d]{1,3})个(社区|居委会|村|街道|镇|乡)")
# LISTED backtracks at every list of names (甲、乙、丙) in the text; it is tried only in the runs of the
# characters it is made of that hold its ending, which finds the same matches.
LISTED_RUN = re.compile(r"[\u4e00-\u9fff、\d]+")
LISTED_END = re.compile(r"个(?:社区|居委会|村|街道|镇|乡)")


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
                out.append(Candidate(LIST_LEVELS[suffix], name + ("社区" if suffix == "居委会" else suffix),
                                     doc.span(b, e), stem=name))
    return out


def _listed(view: str):
    """The matches of LISTED.finditer(view)."""
    if LISTED_END.search(view) is None:
        return
    for run in LISTED_RUN.finditer(view):
        if LISTED_END.search(view, run.start(), run.end()):
            yield from LISTED.finditer(view, run.start(), run.end())


MAX_UNIT_NAME = 12
HAN_TAIL = re.compile(r"[\u4e00-\u9fff]+\Z")  # with endpos: the run of Han characters that ends there


def _with_register_names(doc: Doc, units: list[Candidate], register: Register) -> list[Candidate]:
    """Units the register knows by their full name, wherever the text writes one.

    jieba does not know most 街道 and many districts (牛市|口|街道, 郾城|区沙北|街道), and the suffix grammar
    then misses a name or runs two together. A register name of 3+ characters ending at a level suffix is
    a unit; it wins over grammar candidates that it contains or that register names tile exactly.
    """
    lex, view, known = doc.lex, doc.view, []
    for m in lex.suffix_re.finditer(view):
        e = m.end()
        run = HAN_TAIL.search(view, max(0, e - MAX_UNIT_NAME), e)  # only names of Han characters count
        for b in range(run.start() if run else e, e - 2):
            name = view[b:e]
            if not register.has_name(name):  # most are not names at all: the cheapest look-up first
                continue
            found = register.names(name)
            if found and CJK.fullmatch(name) and (_good_stem(doc, name[: -len(m.group(0))], m.group(0))
                                                  or _named_zone(lex, name, found)):
                suffix = m.group(0)
                typ = lex.admin_suffixes[suffix] if found[0].level >= 3 else found[0].type
                known.append(Candidate(typ, name, doc.span(b, e), stem=name[: -len(suffix)]))
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

    # 天荒坪镇余村: a register unit that starts a longer candidate of a lower level is its parent
    split = []
    for c in units:
        head = max((k for k in known_at.get(c.span.begin, ()) if k.span.end < c.span.end
                    and LEVEL[k.type] < LEVEL[c.type]), key=lambda k: k.span.end, default=None)
        suffix = c.name[len(c.stem):]
        rest = c.name[len(head.name):] if head is not None else ""
        if len(rest) > len(suffix):
            split.append(Candidate(c.type, rest, doc.span(head.span.end, c.span.end), stem=rest[: -len(suffix)]))
        else:
            split.append(c)
    keep = [c for c in split if not (c.name not in known_names and tiled(c)) and not inside_known(c)]
    taken = {i for c in keep for i in range(c.span.begin, c.span.end)}
    for k in known:
        if not any(i in taken for i in range(k.span.begin, k.span.end)):
            keep.append(k)
    return sorted(keep, key=lambda c: (c.span.begin, -c.span.end))


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


def _good_stem(doc: Doc, stem: str, suffix: str) -> bool:
    lex = doc.lex
    if not stem or stem in lex.generic_stems or not CJK.fullmatch(stem):
        return False
    name = stem + suffix
    if name.endswith(lex.generic_unit_words):  # 住宅小区, 风景名胜区: a common noun; 东城区, 西城区: one character before it
        if any(name.endswith(word) and len(name) - len(word) != 1 for word in lex.generic_unit_words):
            return False
    if stem.endswith(DETERMINERS) or stem.startswith(DETERMINERS):  # 各县区, 全区, 该镇
        return False
    if len(stem) == 1:  # 歙县: only a whole dictionary word tagged as a place
        return doc.tags.get(stem + suffix) == "ns" and len(suffix) == 1
    return True


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
    out = []
    for m in re.finditer("工作室", doc.view):
        b, e = m.span()
        q = _enclosing_quote_start(doc.view, b, e)
        start = q if q is not None else _studio_start(doc, b)
        stem = re.sub(r"[“”「」『』]", "", doc.view[start:b])
        if not stem or not CJK.fullmatch(stem) or stem in doc.lex.studio_generic \
                or any(stem.endswith(g) for g in ("书记", "代表", "委员")) and len(stem) <= 4:
            continue
        out.append(Candidate("WorkStudio", stem + "工作室", doc.span(start, e), stem=stem))
    return out


STUDIO_WORD = "(?:调解|服务|议事|志愿|创新|党建|法律|心理|红色|帮办|代办|便民|暖心|连心|爱心)"
STUDIO_WORDS = re.compile(f"{STUDIO_WORD}+$")


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
    word = STUDIO_WORDS.search(view, max(0, b - 8), b)
    if word and start >= word.start():
        before = doc.stem_start(word.start(), max_tokens=2, max_len=4)
        if before < word.start():
            return before
    return start


def _enclosing_quote_start(view: str, b: int, e: int) -> int | None:
    """Start of the quoted text when `view[b:e]` ends a quotation (“…工作室”)."""
    if e < len(view) and view[e] in "”」』\"":
        opener = {"”": "“", "」": "「", "』": "『", "\"": "\""}[view[e]]
        q = view.rfind(opener, max(0, b - 20), b)
        if q >= 0 and "\n" not in view[q:b]:
            return q + 1
    return None


# --- initiatives ----------------------------------------------------------------------------

def initiatives(doc: Doc, units: list[Candidate]) -> list[Candidate]:
    lex, view, out = doc.lex, doc.view, []
    unit_names = {u.name for u in units}
    rejected = []
    for m in QUOTE.finditer(view):
        content = next(g for g in m.groups() if g is not None)
        cb, ce, qe = m.start() + 1, m.end() - 1, m.end()
        name = content.strip()
        if len(name) < 2 or CLAUSE_PUNCT.search(name) or name.endswith("工作室") or name in unit_names \
                or STUDIO_AFTER_QUOTE.match(view, qe) or _quoted_org(lex, name):
            continue  # “老李帮忙”工作室 is a studio, “…股份经济合作联合社” an organisation
        follow = _suffix_after(doc, qe)
        if follow:
            out.append(Candidate("Initiative", name + view[qe:follow], doc.span(cb, follow), stem=name))
        elif lex.initiative_suffix_re.search(name) and len(name) > 2:
            out.append(Candidate("Initiative", name, doc.span(cb, ce), stem=name))
        elif len(name) <= 12 and lex.launch_re.search(view[max(0, m.start() - 24):m.start()]):
            out.append(Candidate("Initiative", name, doc.span(cb, ce), stem=name))
        else:
            rejected.append((m, name))
    # “甲”与“乙”: a quotation coordinated with a programme is a programme too
    programmes = {c.stem for c in out}
    opens, closes = {}, {}  # the quotations by where they start and end
    for m in QUOTE.finditer(view):
        content = next(g for g in m.groups() if g is not None).strip()
        opens[m.start()], closes[m.end()] = content, content
    for m, name in rejected:
        for gap in (1, 2):
            after, before = opens.get(m.end() + gap), closes.get(m.start() - gap)
            joins_after = after in programmes and COORDINATED.fullmatch(view, m.end(), m.end() + gap)
            joins_before = before in programmes and COORDINATED.fullmatch(view, m.start() - gap, m.start())
            if (joins_after and after != name) or (joins_before and before != name):
                out.append(Candidate("Initiative", name, doc.span(m.start() + 1, m.end() - 1), stem=name))
                break
    return out


COORDINATED = re.compile(r"[与和及、同]|以及")


def _suffix_after(doc: Doc, at: int) -> int | None:
    """End of a programme suffix that directly follows a closing quote (“…”工作模式), if any."""
    window = doc.view[at:at + 12]
    best = None
    for k in range(1, len(window) + 1):
        piece = window[:k]
        if not CJK.fullmatch(piece):
            break
        if doc.lex.initiative_suffix_re.search(piece) and at + k in doc.ends:
            best = at + k
    return best


# --- organisations --------------------------------------------------------------------------

def organisations(doc: Doc, units: list[Candidate]) -> list[Candidate]:
    lex, view, out = doc.lex, doc.view, []
    starts = {u.span.begin for u in units}
    for u in units:
        if u.span.end in starts:  # 西安市|雁塔区住建局: the organisation belongs to the inner unit
            continue
        m = lex.org_after_unit_re.match(view, u.span.end, u.span.end + 14)
        ends_ok = m and (m.end() in doc.ends or lex.role_re.match(view, m.end()))  # 党委|书记 is one jieba word
        if ends_ok and "\n" not in m.group(0) and not CLAUSE_PUNCT.search(m.group(0)):
            out.append(Candidate("Organization", u.name + m.group(0), doc.span(u.span.begin, m.end()), head=u.name))
    for m in lex.newspaper_re.finditer(view):
        b, e = m.span()
        if e not in doc.ends:
            continue
        start = doc.stem_start(b, max_tokens=2, max_len=4)
        stem = view[start:b]
        if len(stem) >= 2 and stem not in lex.generic_stems:
            out.append(Candidate("Organization", stem + m.group(0), doc.span(start, e)))
    for m in QUOTE.finditer(view):  # “战旗村股份经济合作联合社”: a quoted name with an organisation's suffix
        content = next(g for g in m.groups() if g is not None)
        if _quoted_org(lex, content):
            out.append(Candidate("Organization", content, doc.span(m.start() + 1, m.end() - 1)))
    for m in lex.company_re.finditer(view):  # 陕西绿城物业服务有限公司: a named company
        b, e = m.span()
        start = _company_start(doc, b)
        stem = view[start:b]
        if len(stem) >= 2 and stem not in lex.generic_stems and (e in doc.ends or e == len(view)):
            out.append(Candidate("Organization", stem + m.group(0), doc.span(start, e)))
    pub = doc.article.publisher
    if pub and pub.text and to_view(doc, pub).endswith(lex.org_suffixes + lex.newspaper_suffixes):
        out.append(Candidate("Organization", to_view(doc, pub), pub))
    return out


def _quoted_org(lex: Lexicon, name: str) -> bool:
    """“战旗村股份经济合作联合社”: a quoted name of 2+ Han characters before an organisation's suffix."""
    m = lex.quoted_org_re.search(name)
    return bool(m) and m.start() >= 2 and CJK.fullmatch(name[: m.start()]) is not None


def _company_start(doc: Doc, b: int, max_len: int = 14) -> int:
    """Where a company's name before 有限公司 begins: nouns, places and activity nouns (物业服务, 科技发展),
    not a verb, pronoun or function word (联合|陕西…)."""
    i, start = doc.token_index(b - 1), b
    while i >= 0 and doc.tokens[i].end == start and b - doc.tokens[i].begin <= max_len:
        word = doc.tokens[i].word
        tag = doc.tags.get(word, "n")
        # not the stop words: those are words a place name cannot hold, and 服务 or 发展 may be in a company's
        if not CJK.fullmatch(word) or tag in ("v", "vd", "r", "d", "m", "q", "f", "t") or tag[:1] in ("p", "c", "u"):
            break
        start, i = doc.tokens[i].begin, i - 1
    return start


def to_view(doc: Doc, span: Span) -> str:
    return doc.view[span.begin:span.end]


# --- people ---------------------------------------------------------------------------------

def persons(doc: Doc) -> list[Candidate]:
    lex, view, out = doc.lex, doc.view, []
    art = doc.article
    for span in (art.editor,):
        if span:
            out.append(Candidate("Person", to_view(doc, span), span))
    for m in re.finditer(r"(?:作者|记者|通讯员|摄影|审核|校对)\s*[:：]?\s*([\u4e00-\u9fff]{2,3})(?=[\s）)】|｜]|$)", view, re.M):
        if _has_surname(doc, m.group(1)):
            out.append(Candidate("Person", m.group(1), doc.span(*m.span(1))))
    for m in lex.role_re.finditer(view):
        if m.end() in doc.ends and (name := _name_at(doc, m.end(), after_role=True)) \
                and _is_name(doc, view[name[0]:name[1]]):
            out.append(Candidate("Person", view[name[0]:name[1]], doc.span(*name)))
    for t in doc.tokens:
        if 2 <= len(t.word) <= 3 and lex.person_verb_re.match(view, t.end) and _is_name(doc, t.word) \
                and doc.tags.get(t.word, "nr") == "nr":
            out.append(Candidate("Person", t.word, doc.span(t.begin, t.end)))
    for m in re.finditer(r"以([\u4e00-\u9fff]{2,3}?)的?名字命名", view):
        if _is_name(doc, m.group(1)):
            out.append(Candidate("Person", m.group(1), doc.span(*m.span(1))))
    return out


def _has_surname(doc: Doc, word: str) -> bool:
    return word[:1] in doc.lex.surnames or word[:2] in doc.lex.surnames


def _is_name(doc: Doc, word: str) -> bool:
    return bool(CJK.fullmatch(word)) and _has_surname(doc, word) \
        and word not in doc.lex.stop_words and not word[1:].endswith(doc.lex.kinship)


def _name_at(doc: Doc, at: int, after_role: bool = False) -> tuple[int, int] | None:
    """A full personal name (surname + given name) starting at `at`, by token shape.

    Right after a title (书记, 主任) a given name may be a word jieba tags otherwise (王|立新: an adverb).
    """
    i = doc.token_index(at)
    if i < 0 or i >= len(doc.tokens) or doc.tokens[i].begin != at:
        return None
    t = doc.tokens[i]
    if 2 <= len(t.word) <= 3 and _is_name(doc, t.word) and doc.tags.get(t.word, "nr") == "nr":
        if len(t.word) == 2 and i + 2 < len(doc.tokens):  # 孟庆|和|。: a third character before a pause
            n, after = doc.tokens[i + 1], doc.tokens[i + 2].word
            if len(n.word) == 1 and CJK.fullmatch(n.word) and not doc.lex.person_verb_re.match(n.word) \
                    and n.word not in SPEECH_ADVERBS \
                    and (not CJK.fullmatch(after) or doc.lex.person_verb_re.match(after)):
                return t.begin, n.end
        if len(t.word) == 2 and i + 1 < len(doc.tokens):  # 侯俊|明说: jieba glued the last character to 说
            n = doc.tokens[i + 1].word
            if len(n) == 2 and CJK.fullmatch(n) and n[1] in "说讲" and n[0] not in SPEECH_ADVERBS:
                return t.begin, t.end + 1
        return t.begin, t.end
    if len(t.word) == 1 and t.word in doc.lex.surnames and t.word not in doc.lex.stop_words \
            and i + 1 < len(doc.tokens):
        n = doc.tokens[i + 1]
        if 1 <= len(n.word) <= 2 and CJK.fullmatch(n.word) and n.word not in doc.lex.stop_words \
                and not doc.lex.person_verb_re.match(n.word) and not doc.lex.role_re.match(n.word) \
                and doc.tags.get(n.word, "nr")[:1] not in ("u", "p", "c", "m", "q", "f", *(() if after_role else "dr")):
            return t.begin, n.end
    return None

