"""Stage 7, linking: merge candidate mentions into entities and find the relations between them.

- One entity per real thing: Simplified names merge script variants; 街道办事处/居委会/村委会 forms
  merge with 街道/社区/村; an administrative unit's short form (海淀 for 海淀区) becomes a mention of
  it when only one unit has that stem; more occurrences of a known name become mentions.
- Homonyms stay apart: a unit written right after a different parent (石家庄市新华区, 沧州市新华区) is
  another unit; a bare mention belongs to the unit of that name mentioned last.
- partOf from adjacency (中关村街道科育社区); locatedIn and launchedBy from the sentence's subject,
  carried over across sentences for 该区 / 全区 / 街道; namedAfter from a studio's name and the people named.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from operator import attrgetter

from kg.gazetteer import LEVELS, Register, Unit, default_register, ground
from kg.lexicon import lexicon
from kg.records import (
    LEVEL,
    Article,
    Candidate,
    Entity,
    Extraction,
    Mention,
    Relation,
    Span,
    Statistic,
    Token,
)



@dataclass(eq=False)  # identity: two units may share a name
class _Entity:
    type: str
    name: str
    parent: _Entity | None = None
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    head: _Entity | None = None  # organisations built on a unit
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


def canonical(cand: Candidate) -> str:
    for long, short in lexicon().long_forms:
        if cand.name.endswith(long) and LEVEL.get(cand.type) is not None:
            return cand.name[: -len(long)] + short
    return cand.name


def link(article: Article, tokens: tuple[Token, ...], candidates: tuple[Candidate, ...],
         sentences: tuple[Span, ...], statistics: tuple[Statistic, ...], register: Register | None = None
         ) -> Extraction:
    sent_of = _sentence_index(sentences)
    ents: list[_Entity] = []
    by_name: dict[tuple[str, str], list[_Entity]] = {}
    assigned: list[tuple[Candidate, _Entity]] = []
    relations: set[tuple[str, _Entity, _Entity, Span | None]] = set()

    def mention(span: Span) -> Mention:
        return Mention(span, sentences[sent_of(span.begin)] if sentences else span)

    def get(typ: str, name: str, parent: _Entity | None) -> _Entity:
        same = by_name.setdefault((typ, name), [])
        for e in reversed(same):  # the one mentioned last wins a bare mention
            # parents at different levels (海淀区 / 中关村街道) describe one unit; at one level, two homonyms
            if parent is None or e.parent is None or e.parent is parent or LEVEL[e.parent.type] != LEVEL[parent.type]:
                if parent is not None and (e.parent is None or LEVEL[parent.type] > LEVEL[e.parent.type]):
                    e.parent = parent  # the closest parent names the unit best
                return e
        e = _Entity(typ, name, parent)
        same.append(e)
        ents.append(e)
        return e

    # administrative units in text order, so a parent is resolved before its children
    last_unit_at: dict[int, _Entity] = {}
    governing: dict[int, _Entity] = {}  # sentence -> the unit that 辖/下辖 the units named after it
    for c in candidates:
        if c.type not in LEVEL:
            continue
        s = sent_of(c.span.begin)
        parent = last_unit_at.get(c.span.begin)
        if parent is None and s in governing and LEVEL[governing[s].type] < LEVEL[c.type]:
            parent = governing[s]
        if parent is not None and LEVEL[parent.type] >= LEVEL[c.type]:
            parent = None
        e = get(c.type, canonical(c), parent)
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
    quoted: dict[str, _Entity] = {}  # “积分超市”模式 and “积分超市”乡村治理模式: one programme
    for c in candidates:
        if c.type in LEVEL:
            continue
        head = unit_at.get(c.span.begin) if c.head else None
        if c.type == "Initiative" and c.stem in quoted:
            e = quoted[c.stem]
            e.aliases.add(c.name)
        else:
            e = get(c.type, c.name, head if c.type == "Organization" else None)
        if c.type == "Initiative" and c.stem:
            quoted.setdefault(c.stem, e)
        e.head = e.head or head
        e.mentions.append(mention(c.span))
        assigned.append((c, e))
        if head is not None:
            relations.add(("locatedIn", e, head, mention(c.span).sentence))

    assigned = _merge_place_prefixed(ents, assigned)
    register = register or default_register()
    _ground(ents, register)
    _attach_orphans(ents, relations)
    bounds = (set(map(attrgetter("begin"), tokens)), set(map(attrgetter("end"), tokens)))
    _short_forms(article, bounds, ents, mention)
    _more_mentions(article, bounds, ents, mention)
    from_register = _complete_chains(ents, register)

    # subject of each sentence: its first unit or organisation, or the one carried over
    subject_of = _subjects(article, sentences, ents)
    actors = sorted(((m.span.begin, m.span.end, e) for e in ents if e.type in LEVEL or e.type == "Organization"
                     for m in e.mentions), key=lambda x: (x[0], -x[1]))
    actor_starts = [b for b, _, _ in actors]
    launches: dict[int, list] = {}  # initiative -> [(said with a launch verb or its own clause's actor, doers, s)]
    for c, e in assigned:
        if e.type not in ("Initiative", "WorkStudio"):
            continue
        s = sent_of(c.span.begin)
        # who acts: the units or organisations of the clause before it (甲与乙签订了“…”), else the sentence's
        clause = _clause_actors(article.view, sentences[s], c.span.begin, actors, actor_starts)
        doers = [d for d in clause or ([subject_of[s]] if subject_of.get(s) is not None else []) if d is not e]
        if not doers:
            continue
        unit = doers[0] if doers[0].type in LEVEL else doers[0].head
        if unit is not None:
            relations.add(("locatedIn", e, unit, sentences[s]))
        if e.type == "Initiative":
            verb = lexicon().launch_verb_re.search(article.view, sentences[s].begin, c.span.begin)
            said = bool(clause or verb)
            launches.setdefault(id(e), []).append((said, doers, e, s))
    for found in launches.values():
        # a headline (雁塔区小寨路街道：「幸福食堂」让…) names a place, not who launched it, if a sentence says who did
        strong = [x for x in found if x[0]] or found
        for _, doers, e, s in strong:
            for d in doers:
                relations.add(("launchedBy", e, d, sentences[s]))
    for e in ents:
        if e.type == "WorkStudio" and (person := _named_after(e, ents)):
            relations.add(("namedAfter", e, person, None))

    keys = _keys(ents)
    scopes = _scopes(ents, relations)
    stats = tuple(replace(st, about=keys[id(subject_of[sent_of(st.mention.span.begin)])])
                  if subject_of.get(sent_of(st.mention.span.begin)) is not None else st for st in statistics)
    entities = tuple(sorted((Entity(keys[id(e)], e.type, e.name, tuple(sorted(set(e.mentions), key=_mkey)),
                                    context=scopes[id(e)], aliases=tuple(sorted(e.aliases - {e.name})), code=e.code,
                                    origin=e.origin)
                             for e in ents), key=lambda x: x.key))
    found = {Relation(keys[id(s)], p, keys[id(o)], ev) for p, s, o, ev in relations if s is not o}
    found |= {Relation(keys[id(s)], "partOf", keys[id(o)], origin="register") for s, o in from_register}
    rels = tuple(sorted(found, key=lambda r: (r.subject, r.predicate, r.object, r.origin,
                                              r.evidence.begin if r.evidence else -1)))
    return Extraction(article, entities, rels, stats)


def _merge_place_prefixed(ents: list[_Entity], assigned: list[tuple[Candidate, _Entity]]):
    """「幸福食堂」 and 「长延堡幸福食堂」 in one article: the same programme, once with its place's name."""
    places = {u.stem for u in ents if u.type in LEVEL and len(u.stem) >= 2} | {u.name for u in ents if u.type in LEVEL}
    named = {(e.type, e.name): e for e in ents if e.type in ("Initiative", "WorkStudio")}
    into: dict[int, _Entity] = {}
    for (typ, name), full in named.items():
        for k in range(2, len(name) - 1):
            short = named.get((typ, name[k:]))
            if name[:k] in places and short is not None and id(short) not in into and id(full) not in into:
                full.mentions.extend(short.mentions)
                full.aliases |= {short.name, *short.aliases}
                into[id(short)] = full
                break
    ents[:] = [e for e in ents if id(e) not in into]
    return [(c, into.get(id(e), e)) for c, e in assigned]


def _ground(ents: list[_Entity], register: Register) -> None:
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


def _complete_chains(ents: list[_Entity], register: Register) -> set[tuple[_Entity, _Entity]]:
    """partOf up to the province for every unit with a code; units the article does not name are added."""
    by_code = {e.code: e for e in ents if e.code}
    edges = set()
    for e in list(by_code.values()):
        child = e
        for division in register.chain(register.get(e.code)):
            parent = by_code.get(division.code)
            known = parent is not None  # its own chain is walked from it
            if parent is None:
                parent = _Entity(division.type, division.canonical, code=division.code, origin="register")
                by_code[division.code] = parent
                ents.append(parent)
            edges.add((child, parent))
            if known:
                break
            child = parent
    return edges


def _attach_orphans(ents: list[_Entity], relations: set) -> None:
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


def _mkey(m: Mention) -> tuple[int, int]:
    return m.span.begin, m.span.end


def _scopes(ents: list[_Entity], relations: set) -> dict[int, str]:
    """What tells an entity from its homonyms in the whole corpus, so that other articles mint the same IRI.

    A unit: its nearest coded ancestor's code and the names below it (two 北关社区 under different
    街道 stay apart however much of the chain an article writes). Anything else: the district it is
    located in, else the smallest area holding the article's coded units; one studio, programme or
    person is then one node across the articles of a district.
    """
    out: dict[int, str] = {}
    for e in ents:
        if e.type in LEVEL or e.parent is not None:
            out[id(e)] = _above(e)
    located: dict[int, list[str]] = {}
    for p, s, o, _ in relations:
        if p == "locatedIn" and o.type in LEVEL:
            located.setdefault(id(s), []).append(_area(o))
    coded = [u for u in ents if u.type in LEVEL and u.code and u.origin == "text"]
    # the city an article names above its districts does not widen where the article is
    local = [u for u in coded if LEVEL[u.type] >= LEVEL["District"]] or coded
    home = _common([_area(u) for u in local])
    for e in ents:
        if id(e) not in out:
            out[id(e)] = _common(located[id(e)]) if id(e) in located else home
    return out


def _above(e: _Entity) -> str:
    chain, p = [], e.parent
    while p is not None and len(chain) < 5:
        chain.append(p.code or p.name)
        if p.code:
            break
        p = p.parent
    return "/".join(reversed(chain))


def _area(u: _Entity) -> str:
    """The district a unit lies in, as a code (itself if it is a district or above), else its names."""
    p = u
    while p is not None and not p.code:
        p = p.parent
    if p is None:
        return "/".join(filter(None, (_above(u), u.name)))
    return p.code if LEVEL[p.type] <= LEVEL["District"] else p.code[:6] + "0" * 6


def _common(areas: list[str]) -> str:
    """The smallest division holding all the areas: a code cut back to province, city or district."""
    if not areas:
        return ""
    if len(set(areas)) == 1:
        return areas[0]
    if not all(a.isdigit() for a in areas):
        return ""
    for digits in (6, 4, 2):
        if len({a[:digits] for a in areas}) == 1:
            return areas[0][:digits].ljust(12, "0")
    return ""


def _keys(ents: list[_Entity]) -> dict[int, str]:
    """Stable keys: type, name and parent chain, with a digest so they are short and ASCII."""
    out = {}
    for e in ents:
        digest = hashlib.sha1(e.key().encode("utf-8")).hexdigest()[:16]
        out[id(e)] = f"{e.type}-{digest}"
    return out


def _sentence_index(sentences: tuple[Span, ...]):
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


def _positions(ents: list[_Entity]) -> set[int]:
    """Every offset that a mention covers."""
    out: set[int] = set()
    for e in ents:
        for m in e.mentions:
            out.update(range(m.span.begin, m.span.end))
    return out


def _short_forms(article, bounds, ents, mention) -> None:
    """海淀 for 海淀区: a unit's stem alone, when no other unit shares the stem and it is not a prefix of a name."""
    stems: dict[str, list[_Entity]] = {}
    for e in ents:
        if e.type in LEVEL and len(e.stem) >= 2:
            stems.setdefault(e.stem, []).append(e)
    covered = _positions(ents)
    found = _occurrences(article, bounds, stems)
    for stem, owners in stems.items():
        if len(owners) != 1:
            continue
        owner = owners[0]
        for b, e in found.get(stem, ()):
            if b in covered:
                continue
            owner.mentions.append(mention(Span(b, e, article.text[b:e])))
            owner.aliases.add(stem)


def _more_mentions(article, bounds, ents, mention) -> None:
    """Every other occurrence of a known name (3+ characters) is a mention of the entity mentioned last before it."""
    covered = _positions(ents)
    names: dict[str, list[_Entity]] = {}
    for e in ents:
        if len(e.name) >= 3:
            names.setdefault(e.name, []).append(e)
    found = _occurrences(article, bounds, names)
    for name, owners in names.items():
        for b, e in found.get(name, ()):
            if b in covered or e - 1 in covered:
                continue
            owner = owners[0] if len(owners) == 1 else max(owners, key=lambda o: _last_before(o, b))
            owner.mentions.append(mention(Span(b, e, article.text[b:e])))


def _last_before(e: _Entity, offset: int) -> int:
    return max((m.span.begin for m in e.mentions if m.span.begin < offset), default=-1)


def _subjects(article: Article, sentences, ents) -> dict[int, _Entity | None]:
    """The acting unit or organisation of each sentence, carried over when a sentence names none."""
    sent_of, lex = _sentence_index(sentences), lexicon()
    by_sentence: dict[int, list[tuple[int, int, _Entity]]] = {}
    for e in ents:
        if e.type in LEVEL or e.type == "Organization":
            for m in e.mentions:
                by_sentence.setdefault(sent_of(m.span.begin), []).append((m.span.begin, m.span.end, e))
    out: dict[int, _Entity | None] = {}
    current: _Entity | None = None
    recent: dict[str, _Entity] = {}  # the unit of each level mentioned last, for 该区 / 全区
    for i, sent in enumerate(sentences):
        found = sorted(by_sentence.get(i, []), key=lambda x: (x[0], -x[1]))
        ana = lex.anaphora_re.search(article.view, sent.begin, sent.end)  # 该区, 全区, 本街道
        if ana and (not found or ana.start() < found[0][0]):
            current = recent.get(lex.anaphor_types[ana.group(1)], current)
        elif found:
            current = _outermost(found)
        out[i] = current
        for _, _, e in found:
            if e.type in LEVEL:
                recent[e.type] = e
    return out


CLAUSE_END = re.compile(r"[，,；;：:。！？!?\n]")


def _clause_actors(view: str, sentence: Span, at: int, actors, starts: list[int]) -> list[_Entity]:
    """The units or organisations named in the clause before offset `at`: the last one, with those
    coordinated with it (长延堡社区与小寨路街道); a chain written together counts as its innermost unit."""
    start = sentence.begin
    for m in CLAUSE_END.finditer(view, sentence.begin, at):
        start = m.end()
    first = bisect_left(starts, start)
    found = [(b, e, x) for b, e, x in actors[first:bisect_left(starts, at)] if e <= at]
    if not found:
        # 街道推出“…”: a bare level word opening the clause is the unit of that level named last before it
        while start < at and view[start].isspace():
            start += 1
        bare = lexicon().bare_subject_re.match(view, start, at)
        if bare:
            level = lexicon().anaphor_types[bare.group(1)]
            return next(([x] for b, e, x in reversed(actors[:first]) if e <= start and x.type == level), [])
        return []
    groups: list[tuple[int, int, _Entity]] = []  # chains collapsed
    for b, e, x in found:
        if groups and groups[-1][0] == b:
            if x.type == "Organization" or e > groups[-1][1]:
                groups[-1] = (b, e, x)  # the longer reading of one place in the text
            continue
        if groups and groups[-1][1] == b and x.type in LEVEL and groups[-1][2].type in LEVEL \
                and LEVEL[x.type] > LEVEL[groups[-1][2].type]:
            groups[-1] = (groups[-1][0], e, x)
            continue
        if groups and groups[-1][1] == b and x.type == "Organization":
            groups[-1] = (groups[-1][0], e, x)
            continue
        groups.append((b, e, x))
    out = [groups[-1]]
    for g in reversed(groups[:-1]):
        if lexicon().actor_coordination_re.fullmatch(view[g[1]:out[0][0]]):
            out.insert(0, g)
        else:
            break
    seen: list[_Entity] = []
    for _, _, x in out:
        if x not in seen:
            seen.append(x)
    return seen


def _outermost(found: list[tuple[int, int, _Entity]]) -> _Entity:
    """The first named actor of a sentence; an organisation beats the unit its name starts with, and a chain
    of units written together (陕西省西安市…长延堡社区) acts through its last, innermost unit."""
    b, end, e = found[0]
    orgs = [x for p, _, x in found if p == b and x.type == "Organization"]
    if orgs:
        return orgs[0]
    for p, q, x in found[1:]:
        if p == end and x.type in LEVEL and LEVEL[x.type] > LEVEL[e.type]:
            end, e = q, x
        elif p == end and x.type == "Organization":
            return x  # 小寨路街道|长延堡社区党委
    return e


def _named_after(studio: _Entity, ents: list[_Entity]) -> _Entity | None:
    lex = lexicon()
    stem = lex.studio_trim_re.sub("", studio.name[: -len("工作室")]) or studio.name[: -len("工作室")]
    people = [e for e in ents if e.type == "Person"]
    for p in people:
        if stem == p.name or (len(stem) >= 2 and p.name.endswith(stem) and len(p.name) - len(stem) <= 2):
            return p
    if (nick := lex.nickname_re.match(stem)) and len(stem) == 2:
        same = [p for p in people if p.name.startswith(nick.group(1))]
        if len(same) == 1:
            return same[0]
    return None
