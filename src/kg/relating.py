"""Stage 7b, relating: who acts in each sentence, and the relations between the grounded entities.

- locatedIn and launchedBy from the sentence's subject (its first unit or organisation, carried over
  across sentences for 该区 / 全区 / 街道) or the actors of the clause before a studio or programme;
- namedAfter from a studio's name and the people named;
- stable keys and the scope that tells homonyms apart in a corpus, and what each figure is about.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import replace

from kg.lexicon import lexicon
from kg.linking import Draft, Grounded, sentence_index
from kg.records import LEVEL, Article, Entity, Extraction, Mention, Relation, Span, Statistic


def relate(article: Article, sentences: tuple[Span, ...], grounded: Grounded,
           statistics: tuple[Statistic, ...]) -> Extraction:
    sent_of = sentence_index(sentences)
    ents = list(grounded.entities)
    assigned = list(grounded.assigned)
    relations = set(grounded.relations)
    from_register = grounded.from_register

    # subject of each sentence: its first unit or organisation, or the one carried over
    subject_of = _subjects(article, sentences, ents)
    actors = sorted(((m.span.begin, m.span.end, e) for e in ents if _may_act(e)
                     for m in e.mentions if not _a_source(article.view, m.span)), key=lambda x: (x[0], -x[1]))
    actor_starts = [b for b, _, _ in actors]
    launches: dict[int, list] = {}  # initiative -> [(said with a launch verb or its own clause's actor, doers, s)]
    lex = lexicon()
    for c, e in assigned:
        # 社区成立“5+2”红色联席服务队: a body set up by the clause's unit is there (a body built on a unit,
        # 湘湖社区第二党支部, has its place already)
        setup = e.type == "Organization" and e.head is None and not e.outlet \
            and lex.setup_verb_re.search(article.view, max(0, c.span.begin - 6), c.span.begin) is not None
        if e.type not in ("Initiative", "WorkStudio") and not setup:
            continue
        s = sent_of(c.span.begin)
        verbs = [v for v in lex.launch_verb_re.finditer(article.view, sentences[s].begin, c.span.begin)
                 if article.view[v.start() - 1:v.start()] != "可"]  # 可推广的: an adjective, not a verb
        # who acts: the units or organisations of the clause before it (甲与乙签订了“…”), else the sentence's;
        # a facility named on its unit (石臼街道|东湖社区书屋内) is that unit's, unless a verb says who built it
        clause = [e.head] if c.head and e.head is not None and not verbs else \
            _clause_actors(article.view, sentences[s], c.span.begin, actors, actor_starts)
        doers = [d for d in clause or ([subject_of[s]] if subject_of.get(s) is not None else []) if d is not e]
        if not doers:
            continue
        unit = doers[0] if doers[0].type in LEVEL else doers[0].head
        if unit is not None:
            relations.add(("locatedIn", e, unit, sentences[s]))
        if e.type == "Initiative":
            if verbs and verbs[-1].group(0) in lex.adopt_verbs:
                continue  # 践行“东湖经验”: taken up, not launched, by the clause's actor
            if lex.guide_re.match(article.view, c.span.end) or _honoured(article.view, sentences[s], c.span.begin):
                continue  # 在“…经验”的指引下, 社区被评为…“…工程”示范单位: a guide or a title
            launches.setdefault(id(e), []).append((bool(verbs), doers, e, s))
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
    about_of = _subjects(article, sentences, ents, carry_units_only=True)
    stats = tuple(replace(st, about=keys[id(about_of[sent_of(st.mention.span.begin)])])
                  if about_of.get(sent_of(st.mention.span.begin)) is not None else st for st in statistics)
    entities = tuple(sorted((Entity(keys[id(e)], e.type, e.name, tuple(sorted(set(e.mentions), key=_mkey)),
                                    context=scopes[id(e)], aliases=tuple(sorted(e.aliases - {e.name})), code=e.code,
                                    origin=e.origin)
                             for e in ents), key=lambda x: x.key))
    found = {Relation(keys[id(s)], p, keys[id(o)], ev) for p, s, o, ev in relations if s is not o}
    found |= {Relation(keys[id(s)], "partOf", keys[id(o)], origin="register") for s, o in from_register}
    rels = tuple(sorted(found, key=lambda r: (r.subject, r.predicate, r.object, r.origin,
                                              r.evidence.begin if r.evidence else -1)))
    return Extraction(article, entities, rels, stats)


def _mkey(m: Mention) -> tuple[int, int]:
    return m.span.begin, m.span.end


def _scopes(ents: list[Draft], relations: set) -> dict[int, str]:
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


def _above(e: Draft) -> str:
    chain, p = [], e.parent
    while p is not None and len(chain) < 5:
        chain.append(p.code or p.name)
        if p.code:
            break
        p = p.parent
    return "/".join(reversed(chain))


def _area(u: Draft) -> str:
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


def _keys(ents: list[Draft]) -> dict[int, str]:
    """Stable keys: type, name and parent chain, with a digest so they are short and ASCII."""
    out = {}
    for e in ents:
        digest = hashlib.sha1(e.key().encode("utf-8")).hexdigest()[:16]
        out[id(e)] = f"{e.type}-{digest}"
    return out


def _subjects(article: Article, sentences, ents, carry_units_only: bool = False) -> dict[int, Draft | None]:
    """The acting unit or organisation of each sentence, carried over when a sentence names none.

    For what a figure is about (`carry_units_only`), only a unit is carried over: a team or a committee named
    in one sentence is not what the figures of the next sentences describe; the place is."""
    sent_of, lex = sentence_index(sentences), lexicon()
    by_sentence: dict[int, list[tuple[int, int, Draft]]] = {}
    for e in ents:
        if _may_act(e):
            for m in e.mentions:
                if not _a_source(article.view, m.span):
                    by_sentence.setdefault(sent_of(m.span.begin), []).append((m.span.begin, m.span.end, e))
    out: dict[int, Draft | None] = {}
    current: Draft | None = None
    recent: dict[str, Draft] = {}  # the unit of each level mentioned last, for 该区 / 全区
    recent_unit: Draft | None = None
    for i, sent in enumerate(sentences):
        found = sorted(by_sentence.get(i, []), key=lambda x: (x[0], -x[1]))
        ana = lex.anaphora_re.search(article.view, sent.begin, sent.end)  # 该区, 全区, 本街道
        if ana and (not found or ana.start() < found[0][0]):
            current = recent.get(lex.anaphor_types[ana.group(1)], current)
        elif found:
            current = _outermost(found)
        out[i] = current
        if carry_units_only and current is not None and current.type not in LEVEL:
            current = current.head or next((x for _, _, x in reversed(found) if x.type in LEVEL), None) \
                or recent_unit
        if current is not None and current.type in LEVEL:
            recent_unit = current
        for _, _, e in found:
            if e.type in LEVEL:
                recent[e.type] = e
    return out


CLAUSE_END = re.compile(r"[，,；;：:。！？!?\n]")
# 据栖霞市委宣传部消息, 从晋江市委乡村振兴办获悉, …供图: a mention that says who told, not who acted
SOURCE_BEFORE = re.compile(r"(?:据|从|来源[:：]?)$")
SOURCE_AFTER = re.compile(r"(?:获悉|供图|消息|报道|讯|电|摄|提供)")


def _may_act(e: Draft) -> bool:
    """Units and organisations act in sentences; news outlets report and do not."""
    return e.type in LEVEL or (e.type == "Organization" and not e.outlet)


def _a_source(view: str, span: Span) -> bool:
    """Whether a mention says who told (据X消息) or who worked with the actor (。与X合作), not who acted."""
    return bool(SOURCE_BEFORE.search(view, max(0, span.begin - 3), span.begin)
                or SOURCE_AFTER.match(view, span.end)) or _partner(view, span)


def _partner(view: str, span: Span) -> bool:
    """A mention after 与 (同, 跟, 和) that opens a clause (。与X大学合作，…): the partner of the actor the text
    leaves out."""
    k = span.begin - 1
    if k < 0 or view[k] not in "与同跟和":
        return False
    k -= 1
    while k >= 0 and view[k] in " \t\u3000":
        k -= 1
    return k < 0 or CLAUSE_END.match(view, k) is not None


def _clause_start(view: str, sentence: Span, at: int) -> int:
    """Where the clause that holds offset `at` begins."""
    start = sentence.begin
    for m in CLAUSE_END.finditer(view, sentence.begin, at):
        start = m.end()
    return start


def _honoured(view: str, sentence: Span, at: int) -> bool:
    """Whether the clause before offset `at` gives a title (被评为, 荣获): a programme named in it is the title's."""
    return lexicon().honour_re.search(view, _clause_start(view, sentence, at), at) is not None


def _clause_actors(view: str, sentence: Span, at: int, actors, starts: list[int]) -> list[Draft]:
    """The units or organisations named in the clause before offset `at`: the last one, with those
    coordinated with it (长延堡社区与小寨路街道); a chain written together counts as its innermost unit."""
    start = _clause_start(view, sentence, at)
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
    groups: list[tuple[int, int, Draft]] = []  # chains collapsed
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
    seen: list[Draft] = []
    for _, _, x in out:
        if x not in seen:
            seen.append(x)
    return seen


def _outermost(found: list[tuple[int, int, Draft]]) -> Draft:
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


def _named_after(studio: Draft, ents: list[Draft]) -> Draft | None:
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
