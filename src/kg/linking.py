"""Stage 7a, linking: merge candidate mentions into entities and ground the units in the register.

- One entity per real thing: Simplified names merge script variants; 街道办事处/居委会/村委会 forms
  merge with 街道/社区/村; an administrative unit's short form (海淀 for 海淀区) becomes a mention of
  it when only one unit has that stem; more occurrences of a known name become mentions.
- Homonyms stay apart: a unit written right after a different parent (石家庄市新华区, 沧州市新华区) is
  another unit; a bare mention belongs to the unit of that name mentioned last.
- partOf from adjacency (中关村街道科育社区) and from the register's chain of every unit it pins down;
  an organisation written on a unit (海淀区委) is located in it.

The relations that need the sentence's actors (locatedIn, launchedBy, namedAfter) are stage 7b, `kg.relating`.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from operator import attrgetter

from kg.gazetteer import LEVELS, Register, Unit, default_register, ground, short_forms
from kg.lexicon import lexicon
from kg.records import LEVEL, Article, Candidate, Mention, Span, Token


@dataclass(eq=False)  # identity: two units may share a name
class Draft:
    """An entity while it is built: mentions, aliases and a parent are added as the article is read."""

    type: str
    name: str
    parent: Draft | None = None
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    head: Draft | None = None  # organisations built on a unit
    outlet: bool = False  # a news outlet, which acts in no sentence
    stem: str = ""
    code: str | None = None
    origin: str = "text"

    def key(self) -> str:
        return f"{self.type}:{self.name}:{self.code or self.context()}"

    def context(self) -> str:
        chain, p = [], self.parent
        while p is not None and len(chain) < 5:
            chain.append(p.name)
            p = p.parent
        return "/".join(reversed(chain))


@dataclass(frozen=True)
class Grounded:
    """What grounding hands to relating: the article's entities, each real thing once, with the unit each
    administrative unit lies in, from the text or from the register. Relating reads the drafts and does not
    change them."""

    entities: tuple[Draft, ...]
    assigned: tuple[tuple[Candidate, Draft], ...]  # each candidate and the entity it became, in text order
    relations: frozenset[tuple[str, Draft, Draft, Span | None]]  # partOf and locatedIn read from the text
    from_register: frozenset[tuple[Draft, Draft]]  # partOf read from the register (child, parent)


def canonical(cand: Candidate) -> str:
    for long, short in lexicon().long_forms:
        if cand.name.endswith(long) and LEVEL.get(cand.type) is not None:
            stem = cand.name[: -len(long)]
            # X村|村民委员会 is X村, as the register reads its own names (肖村村民委员会: 肖村)
            return stem if stem.endswith(short) and len(stem) > len(short) else stem + short
    return cand.name


def ground_entities(article: Article, tokens: tuple[Token, ...], candidates: tuple[Candidate, ...],
                    sentences: tuple[Span, ...], register: Register | None = None) -> Grounded:
    """Stage 7a: one entity per real thing, its mentions, its parents in the text and in the register."""
    sent_of = sentence_index(sentences)
    ents: list[Draft] = []
    by_name: dict[tuple[str, str], list[Draft]] = {}
    assigned: list[tuple[Candidate, Draft]] = []
    relations: set[tuple[str, Draft, Draft, Span | None]] = set()

    def mention(span: Span) -> Mention:
        return Mention(span, sentences[sent_of(span.begin)] if sentences else span)

    def get(typ: str, name: str, parent: Draft | None) -> Draft:
        same = by_name.setdefault((typ, name), [])
        for e in reversed(same):  # the one mentioned last wins a bare mention
            # parents at different levels (海淀区 / 中关村街道) describe one unit; at one level, two homonyms
            if parent is None or e.parent is None or e.parent is parent or LEVEL[e.parent.type] != LEVEL[parent.type]:
                if parent is not None and (e.parent is None or LEVEL[parent.type] > LEVEL[e.parent.type]):
                    e.parent = parent  # the closest parent names the unit best
                return e
        e = Draft(typ, name, parent)
        same.append(e)
        ents.append(e)
        return e

    register = register or default_register()
    # 三台山乡 where the article also writes 三台山德昂族乡: one unit, by its full name
    full_name = {(c.type, short): canonical(c) for c in candidates if c.type in LEVEL for short in short_forms(c.name)}
    # administrative units in text order, so a parent is resolved before its children
    last_unit_at: dict[int, Draft] = {}
    governing: dict[int, Draft] = {}  # sentence -> the unit that 辖/下辖 the units named after it
    for c in candidates:
        if c.type not in LEVEL:
            continue
        s = sent_of(c.span.begin)
        name, typ = canonical(c), c.type
        if typ == "City" and (found := register.names(name)) and all(d.level == 3 for d in found):
            typ = "District"  # a 县级市 only: one unit with X市|Y (its bare name, read as a district parent)
        parent = last_unit_at.get(c.span.begin)
        if parent is None and s in governing and LEVEL[governing[s].type] < LEVEL[typ]:
            parent = governing[s]
        if parent is not None and LEVEL[parent.type] >= LEVEL[typ]:
            parent = None
        e = get(typ, full_name.get((typ, name), full_name.get((c.type, name), name)), parent)
        e.stem = e.stem or c.stem
        e.aliases.add(c.name)
        e.mentions.append(mention(c.span))
        assigned.append((c, e))
        last_unit_at[c.span.end] = e
        if lexicon().governs_re.match(article.view, c.span.end):
            governing[s] = e
        if parent is not None:
            relations.add(("partOf", e, parent, mention(c.span).sentence))

    unit_at = {c.span.begin: e for c, e in assigned}
    quoted: dict[str, Draft] = {}  # “积分超市”模式 and “积分超市”乡村治理模式: one programme
    for c in candidates:
        if c.type in LEVEL:
            continue
        # the unit a body is built on: where the name begins, or after 驻 (X法院驻Y社区工作站 is Y's)
        head = unit_at.get(c.span.begin + max(0, c.name.rfind("驻" + c.head) + 1)) if c.head else None
        if c.type == "Initiative" and c.stem in quoted:
            e = quoted[c.stem]
            e.aliases.add(c.name)
        else:
            e = get(c.type, c.name, head if c.type == "Organization" else None)
        if c.type == "Initiative" and c.stem:
            quoted.setdefault(c.stem, e)
            if c.stem != c.name and len(c.stem) >= 2:
                e.aliases.add(c.stem)  # “积分超市”模式 is also called 积分超市
        e.head = e.head or head
        e.outlet = e.outlet or c.outlet
        e.mentions.append(mention(c.span))
        assigned.append((c, e))
        if head is not None:
            relations.add(("locatedIn", e, head, mention(c.span).sentence))

    assigned = _merge_place_prefixed(ents, assigned)
    _ground(ents, register)
    _attach_orphans(ents, relations)
    bounds = (set(map(attrgetter("begin"), tokens)), set(map(attrgetter("end"), tokens)))
    # where the names of 3+ characters stand as whole words: what short forms leave and more mentions take
    named = _occurrences(article, bounds, {e.name for e in ents if len(e.name) >= 3})
    _short_forms(article, bounds, ents, mention, named)
    _more_mentions(article, ents, mention, named)
    from_register = _complete_chains(ents, register)

    return Grounded(tuple(ents), tuple(assigned), frozenset(relations), frozenset(from_register))


def _merge_place_prefixed(ents: list[Draft], assigned: list[tuple[Candidate, Draft]]):
    """「幸福食堂」 and 「长延堡幸福食堂」 in one article: the same programme (or studio, or organisation: X镇强村公司
    and 强村公司), once with its place's name."""
    places = {u.stem for u in ents if u.type in LEVEL and len(u.stem) >= 2} | {u.name for u in ents if u.type in LEVEL}
    named = {(e.type, e.name): e for e in ents if e.type in ("Initiative", "WorkStudio", "Organization")}
    into: dict[int, Draft] = {}
    for (typ, name), full in named.items():
        for k in range(2, len(name) - 1):
            short = named.get((typ, name[k:]))
            if name[:k] in places and short is not None and short is not full and id(full) not in into:
                target = into.get(id(short), short)  # 东湖路邻里中心 and 东湖路社区邻里中心, both 「邻里中心」
                if target is full:
                    continue
                if target is short:
                    full.mentions.extend(short.mentions)
                    full.aliases |= {short.name, *short.aliases}
                    into[id(short)] = full
                else:
                    target.mentions.extend(full.mentions)
                    target.aliases |= {full.name, *full.aliases}
                    into[id(full)] = target
                break
    ents[:] = [e for e in ents if id(e) not in into]
    return [(c, into.get(id(e), e)) for c, e in assigned]


def _ground(ents: list[Draft], register: Register) -> None:
    """Official codes for the units the article's context pins down; the register also fixes the level of
    a 市 (县级市 or 直辖市)."""
    units = [e for e in ents if e.type in LEVEL]
    index = {id(u): i for i, u in enumerate(units)}
    refs = [Unit(u.name, u.type, index.get(id(u.parent))) for u in units]
    for i, division in ground(refs, register).items():
        units[i].code = division.code
        if units[i].type == "City":
            units[i].type = division.type
    # A unit written right under a parent the register could not place: the register's parent is that
    # parent if the names agree; if not, the child's code would give it a second parent, so it goes.
    taken = {u.code for u in units if u.code}
    for u in sorted(units, key=lambda u: -LEVEL[u.type]):
        p = u.parent
        if not u.code or p is None or p.code:
            continue
        up = register.parent(register.get(u.code))
        if up is None or up.level not in LEVELS[p.type]:
            continue  # the text's parent is higher up: no second parent at one level
        if up.canonical == p.name and up.code not in taken:
            p.code = up.code
            taken.add(up.code)
        else:
            u.code = None


def _complete_chains(ents: list[Draft], register: Register) -> set[tuple[Draft, Draft]]:
    """partOf up to the province for every unit with a code, from the register.

    A unit of the chain that the article names without a code is that unit (it takes the code). One the
    article does not name is added, but not a 街道 or 镇 between two units it names (光阳社区 ⊂ [和平南街道]
    ⊂ 美兰区: the named ones are linked directly; such a 街道 is inferred, not reported), and not where the
    text puts the unit under another of that level (an abolished district): one parent at each level.
    """
    by_code = {e.code: e for e in ents if e.code}
    uncoded: dict[tuple[int, str], list[Draft]] = {}
    for e in ents:
        if e.type in LEVEL and not e.code:
            uncoded.setdefault((LEVEL[e.type], e.name), []).append(e)
    edges: set[tuple[Draft, Draft]] = set()
    todo, walked = list(by_code.values()), set()
    while todo:
        e = todo.pop(0)
        if id(e) in walked:
            continue
        walked.add(id(e))
        child = e
        chain = register.chain(register.get(e.code))
        for k, division in enumerate(chain):
            parent = by_code.get(division.code)
            same = uncoded.get((LEVEL[division.type], division.canonical), [])
            if parent is None and len(same) == 1:
                parent = same.pop()
                parent.code, by_code[division.code] = division.code, parent
                todo.append(parent)
            if parent is not None:
                edges.add((child, parent))
                break  # its own chain is walked from it
            if LEVEL[division.type] > LEVEL["District"] \
                    and any(d.code in by_code and by_code[d.code].origin == "text" for d in chain[k + 1:]):
                continue
            if child.parent is not None and LEVEL[child.parent.type] == LEVEL[division.type]:
                break
            parent = Draft(division.type, division.canonical, code=division.code, origin="register")
            by_code[division.code] = parent
            ents.append(parent)
            edges.add((child, parent))
            child = parent
    return edges


def _attach_orphans(ents: list[Draft], relations: set) -> None:
    """A unit with no parent in the text belongs to the article's only unit of the next level up, if it has one.

    (中关村街道 in an article whose only district is 海淀区.) Two candidates, or none, or two cities or
    districts anywhere above, and nothing is guessed.
    Only below the district: a city or province named alone is often not where the article's units are.
    A unit with an official code gets its parents from the register instead.
    """
    units = [e for e in ents if e.type in LEVEL]
    per_level: dict[int, int] = {}
    for u in units:
        per_level[LEVEL[u.type]] = per_level.get(LEVEL[u.type], 0) + 1
    for e in units:
        if e.parent is not None or e.code or LEVEL[e.type] <= LEVEL["District"]:
            continue
        if any(per_level.get(level, 0) > 1 for level in range(LEVEL["City"], LEVEL[e.type])):
            continue  # the article is about more than one place: no guessing
        for level in range(LEVEL[e.type] - 1, -1, -1):
            above = [u for u in units if LEVEL[u.type] == level]
            if above:
                if len(above) == 1:
                    e.parent = above[0]
                    relations.add(("partOf", e, above[0], None))
                break


def sentence_index(sentences: tuple[Span, ...]):
    starts = [s.begin for s in sentences]
    return lambda offset: max(0, bisect_right(starts, offset) - 1)


def _occurrences(article: Article, bounds: tuple[set[int], set[int]], words) -> dict[str, list[tuple[int, int]]]:
    """Where each word stands as whole tokens, in text order; `bounds` are the token begin and end offsets.

    Only the places of the words' first characters are tried, with all the words that start there: not one
    search per word, as an article can name thousands of things.
    """
    begins, ends = bounds
    view, wanted = article.view, set(words)
    lengths: dict[str, set[int]] = {}  # the words' lengths, by their first character
    for w in wanted:
        if w:
            lengths.setdefault(w[0], set()).add(len(w))
    out: dict[str, list[tuple[int, int]]] = {}
    for first, ns in lengths.items():
        ns = sorted(ns)
        b = view.find(first)
        while b >= 0:
            if b in begins:
                for n in ns:
                    word = view[b:b + n]
                    if word in wanted and b + n in ends:
                        out.setdefault(word, []).append((b, b + n))
            b = view.find(first, b + 1)
    return out


def _positions(ents: list[Draft]) -> set[int]:
    """Every offset that a mention covers."""
    out: set[int] = set()
    for e in ents:
        for m in e.mentions:
            out.update(range(m.span.begin, m.span.end))
    return out


def _short_forms(article, bounds, ents, mention, named: dict[str, list[tuple[int, int]]]) -> None:
    """海淀 for 海淀区: a unit's stem alone, when no other unit shares the stem and it is not a prefix of a name
    (海淀|区委组织部, when 海淀区委组织部 is another entity's name: that entity's mention, found next)."""
    stems: dict[str, list[Draft]] = {}
    for e in ents:
        if e.type in LEVEL and len(e.stem) >= 2:
            stems.setdefault(e.stem, []).append(e)
    covered = _positions(ents)
    found = _occurrences(article, bounds, stems)
    starts = {b for spots in named.values() for b, _ in spots}
    for stem, owners in stems.items():
        if len(owners) != 1:
            continue
        owner = owners[0]
        for b, e in found.get(stem, ()):
            if b in covered or b in starts:
                continue
            owner.mentions.append(mention(Span(b, e, article.text[b:e])))
            owner.aliases.add(stem)


def _more_mentions(article, ents, mention, named: dict[str, list[tuple[int, int]]]) -> None:
    """Every other occurrence of a known name (3+ characters) is a mention of the entity mentioned last before it."""
    covered = _positions(ents)
    names: dict[str, list[Draft]] = {}
    for e in ents:
        if len(e.name) >= 3:
            names.setdefault(e.name, []).append(e)
    for name, owners in names.items():
        for b, e in named.get(name, ()):
            if b in covered or e - 1 in covered:
                continue
            owner = owners[0] if len(owners) == 1 else max(owners, key=lambda o: _last_before(o, b))
            owner.mentions.append(mention(Span(b, e, article.text[b:e])))


def _last_before(e: Draft, offset: int) -> int:
    return max((m.span.begin for m in e.mentions if m.span.begin < offset), default=-1)


