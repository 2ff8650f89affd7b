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
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import accumulate

from kg.records import (ADMIN_TYPES, Article, Candidate, Entity, Extraction, Mention, Relation, Span, Statistic,
                        Token)

LEVEL = {t: i for i, t in enumerate(ADMIN_TYPES)}
LEVEL["Town"] = LEVEL["SubdistrictOffice"]
LEVEL["Village"] = LEVEL["Community"]
LONG_FORMS = (("街道办事处", "街道"), ("社区居民委员会", "社区"), ("社区居委会", "社区"), ("居民委员会", "社区"),
              ("村民委员会", "村"), ("村委会", "村"))
# 该区 / 全区 / 本街道 …: a reference to the unit of that level that the article is about.
ANAPHORA = re.compile(r"(?:该|全|本|我)(省|市|州|县|区|旗|街道|镇|乡|社区|村)")
ANAPHOR_TYPES = {"省": "Province", "市": "City", "州": "City", "县": "District", "区": "District", "旗": "District",
                 "街道": "SubdistrictOffice", "镇": "Town", "乡": "Town", "社区": "Community", "村": "Village"}
STUDIO_TRIM = re.compile(r"(调解|服务|议事|志愿|工作|创新|党建|法律|心理|红色)+$")
PREFIX_NICK = re.compile(r"^[老小阿]([\u4e00-\u9fff])")


@dataclass(eq=False)  # identity: two units may share a name
class _Entity:
    type: str
    name: str
    parent: _Entity | None = None
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    head: _Entity | None = None  # organisations built on a unit
    stem: str = ""

    def key(self) -> str:
        return f"{self.type}:{self.name}:{self.context()}"

    def context(self) -> str:
        chain, p = [], self.parent
        while p is not None and len(chain) < 5:
            chain.append(p.name)
            p = p.parent
        return "/".join(reversed(chain))


def canonical(cand: Candidate) -> str:
    for long, short in LONG_FORMS:
        if cand.name.endswith(long) and LEVEL.get(cand.type) is not None:
            return cand.name[: -len(long)] + short
    return cand.name


def link(article: Article, tokens: tuple[Token, ...], candidates: tuple[Candidate, ...],
         sentences: tuple[Span, ...], statistics: tuple[Statistic, ...]) -> Extraction:
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
    for c in candidates:
        if c.type not in LEVEL:
            continue
        parent = last_unit_at.get(c.span.begin)
        if parent is not None and LEVEL[parent.type] >= LEVEL[c.type]:
            parent = None
        e = get(c.type, canonical(c), parent)
        e.stem = e.stem or c.stem
        e.aliases.add(c.name)
        e.mentions.append(mention(c.span))
        assigned.append((c, e))
        last_unit_at[c.span.end] = e
        if parent is not None:
            relations.add(("partOf", e, parent, mention(c.span).sentence))

    unit_at = {c.span.begin: e for c, e in assigned}
    for c in candidates:
        if c.type in LEVEL:
            continue
        head = unit_at.get(c.span.begin) if c.head else None
        e = get(c.type, c.name, head if c.type == "Organization" else None)
        e.head = e.head or head
        e.mentions.append(mention(c.span))
        assigned.append((c, e))
        if head is not None:
            relations.add(("locatedIn", e, head, mention(c.span).sentence))

    _attach_orphans(ents, relations)
    bounds = ({t.begin for t in tokens}, {t.end for t in tokens})
    _short_forms(article, bounds, ents, mention)
    _more_mentions(article, bounds, ents, mention)

    # subject of each sentence: its first unit or organisation, or the one carried over
    subject_of = _subjects(article, sentences, ents)
    for c, e in assigned:
        if e.type not in ("Initiative", "WorkStudio"):
            continue
        s = sent_of(c.span.begin)
        subj = subject_of.get(s)
        if subj is None or subj is e:
            continue
        unit = subj if subj.type in LEVEL else subj.head
        if e.type == "Initiative":
            relations.add(("launchedBy", e, subj, sentences[s]))
        if unit is not None:
            relations.add(("locatedIn", e, unit, sentences[s]))
    for e in ents:
        if e.type == "WorkStudio" and (person := _named_after(e, ents)):
            relations.add(("namedAfter", e, person, None))

    keys = _keys(ents)
    stats = tuple(replace(st, about=keys[id(subject_of[sent_of(st.mention.span.begin)])])
                  if subject_of.get(sent_of(st.mention.span.begin)) is not None else st for st in statistics)
    entities = tuple(sorted((Entity(keys[id(e)], e.type, e.name, tuple(sorted(set(e.mentions), key=_mkey)),
                                    context=e.context(), aliases=tuple(sorted(e.aliases - {e.name})))
                             for e in ents), key=lambda x: x.key))
    rels = tuple(sorted({Relation(keys[id(s)], p, keys[id(o)], ev) for p, s, o, ev in relations if s is not o},
                        key=lambda r: (r.subject, r.predicate, r.object, r.evidence.begin if r.evidence else -1)))
    return Extraction(article, entities, rels, stats)


def _attach_orphans(ents: list[_Entity], relations: set) -> None:
    """A unit with no parent in the text belongs to the article's only unit of the next level up, if it has one.

    (中关村街道 in an article whose only district is 海淀区.) Two candidates, or none, and nothing is guessed.
    Only below the district: a city or province named alone is often not where the article's units are.
    """
    units = [e for e in ents if e.type in LEVEL]
    for e in units:
        if e.parent is not None or LEVEL[e.type] <= LEVEL["District"]:
            continue
        for level in range(LEVEL[e.type] - 1, -1, -1):
            above = [u for u in units if LEVEL[u.type] == level]
            if above:
                if len(above) == 1:
                    e.parent = above[0]
                    relations.add(("partOf", e, above[0], None))
                break


def _mkey(m: Mention) -> tuple[int, int]:
    return m.span.begin, m.span.end


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


def _occurrences(article: Article, bounds: tuple[set[int], set[int]], word: str):
    """Where `word` stands as whole tokens; `bounds` are the token begin and end offsets."""
    begins, ends = bounds
    for m in re.finditer(re.escape(word), article.view):
        if m.start() in begins and m.end() in ends:
            yield m.start(), m.end()


def _short_forms(article, bounds, ents, mention) -> None:
    """海淀 for 海淀区: a unit's stem alone, when no other unit shares the stem and it is not a prefix of a name."""
    stems: dict[str, list[_Entity]] = {}
    for e in ents:
        if e.type in LEVEL and len(e.stem) >= 2:
            stems.setdefault(e.stem, []).append(e)
    covered = _covered(ents)
    for stem, owners in stems.items():
        if len(owners) != 1:
            continue
        owner = owners[0]
        for b, e in _occurrences(article, bounds, stem):
            if covered(b):
                continue
            owner.mentions.append(mention(Span(b, e, article.text[b:e])))
            owner.aliases.add(stem)


def _covered(ents: list[_Entity]):
    """offset -> whether a mention of `ents` holds it; a look-up is a bisection, so long articles stay linear."""
    spans = sorted((m.span.begin, m.span.end) for e in ents for m in e.mentions)
    begins = [b for b, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))  # the furthest end among spans starting so far
    return lambda offset: (i := bisect_right(begins, offset) - 1) >= 0 and reach[i] > offset


def _more_mentions(article, bounds, ents, mention) -> None:
    """Every other occurrence of a known name (3+ characters) is a mention of the entity mentioned last before it."""
    covered = _covered(ents)
    names: dict[str, list[_Entity]] = {}
    for e in ents:
        if len(e.name) >= 3:
            names.setdefault(e.name, []).append(e)
    for name, owners in names.items():
        for b, e in _occurrences(article, bounds, name):
            if covered(b) or covered(e - 1):
                continue
            owner = owners[0] if len(owners) == 1 else max(owners, key=lambda o: max((m.span.begin for m in o.mentions if m.span.begin < b), default=-1))
            owner.mentions.append(mention(Span(b, e, article.text[b:e])))


def _subjects(article: Article, sentences, ents) -> dict[int, _Entity | None]:
    """The acting unit or organisation of each sentence, carried over when a sentence names none."""
    sent_of = _sentence_index(sentences)
    by_sentence: dict[int, list[tuple[int, _Entity]]] = {}
    for e in ents:
        if e.type in LEVEL or e.type == "Organization":
            for m in e.mentions:
                by_sentence.setdefault(sent_of(m.span.begin), []).append((m.span.begin, e))
    out: dict[int, _Entity | None] = {}
    current: _Entity | None = None
    recent: dict[str, _Entity] = {}  # the unit of each level mentioned last, for 该区 / 全区
    for i, sent in enumerate(sentences):
        found = sorted(by_sentence.get(i, []), key=lambda x: x[0])
        ana = ANAPHORA.search(article.view, sent.begin, sent.end)
        if ana and (not found or ana.start() < found[0][0]):
            current = recent.get(ANAPHOR_TYPES[ana.group(1)], current)
        elif found:
            current = _outermost(found)
        out[i] = current
        for _, e in found:
            if e.type in LEVEL:
                recent[e.type] = e
    return out


def _outermost(found: list[tuple[int, _Entity]]) -> _Entity:
    """The first named actor of a sentence; an organisation beats the unit its name starts with."""
    b, e = found[0]
    same_start = [x for p, x in found if p == b]
    orgs = [x for x in same_start if x.type == "Organization"]
    return orgs[0] if orgs else e


def _named_after(studio: _Entity, ents: list[_Entity]) -> _Entity | None:
    stem = STUDIO_TRIM.sub("", studio.name[: -len("工作室")]) or studio.name[: -len("工作室")]
    people = [e for e in ents if e.type == "Person"]
    for p in people:
        if stem == p.name or (len(stem) >= 2 and p.name.endswith(stem) and len(p.name) - len(stem) <= 2):
            return p
    if (nick := PREFIX_NICK.match(stem)) and len(stem) == 2:
        same = [p for p in people if p.name.startswith(nick.group(1))]
        if len(same) == 1:
            return same[0]
    return None
