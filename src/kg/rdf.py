"""Stage 8, building RDF: one article's extraction as triples under the contract's terms.

IRIs are deterministic: an article by the digest of its cleaned text, a unit with an official code by
that code (`division/370105007012`, the same in every article), another entity by its type, Simplified
name and scope (see `Entity.context`), a mention by its offsets (NIF's `#char=b,e`), a figure by its offsets.
Labels: the Simplified name `@zh-Hans` always, the surface form `@zh-Hant` where the text writes it in
Traditional characters, and other names as `skos:altLabel`.

Triples are written straight to N-Triples lines: building rdflib terms and graphs cost as much as
the whole extraction, and every consumer (the store, the worker processes, the file writers) reads
N-Triples or N-Quads anyway. `article_triples` gives what the article says, `source_triples` what
belongs to the file it came from, `register_triples` what the division register adds (codes, the
units above the named ones and their partOf chain), which the pipeline keeps in a named graph of
its own. `to_graph` and `register_graph` give the same as rdflib graphs.
"""
from __future__ import annotations

import hashlib
import re

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, SDO

from kg import gazetteer
from kg.entity_types import SLUGS
from kg.lexicon import lexicon
from kg.namespace import ID, ITSRDF, KG, NIF
from kg.records import Entity, Extraction, Mention, Statistic, decoded

WEB_IRI = re.compile(r"https?://[^\x00-\x20<>\"{}|^`\\]+")
UNESCAPE = re.compile(r"\\(.)")
UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "r": "\r"}
# N-Triples' string escapes: only these four must be escaped, and canonical N-Triples escapes no others
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def digest(*parts: str, n: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def article_iri(ex: Extraction, base: Namespace = ID) -> URIRef:
    return base[f"article/{digest(ex.article.text)}"]


def entity_iri(e: Entity, base: Namespace = ID) -> URIRef:
    """A unit with an official code is named by it, so it is the same IRI in every article."""
    if e.code:
        return base[f"division/{e.code}"]
    return base[f"{SLUGS[e.type]}/{digest(e.type, e.name, e.context)}"]


def register_graph_iri(base: Namespace = ID) -> URIRef:
    """The named graph of everything read from the division register rather than from an article."""
    return base[f"graph/nbs-{gazetteer.VERSION}"]


def register_iri(base: Namespace = ID) -> URIRef:
    return base[f"source/nbs-{gazetteer.VERSION}"]


def iri(value: str) -> str:
    return f"<{value}>"


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:  # four scans cost less than one translate
        text = text.translate(_ESCAPES)
    quoted = f'"{text}"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype and datatype != XSD.string:
        return f"{quoted}^^<{datatype}>"
    return quoted


def article_triples(ex: Extraction, base: Namespace = ID) -> list[str]:
    """What the article's text says, as N-Triples lines without the final " .": the same for every
    file with this text."""
    out: list[str] = []
    add = out.append
    art = ex.article
    doc = article_iri(ex, base)
    d = iri(doc)
    doc_digest = digest(art.text)  # once: hashing the whole text per figure is quadratic on long articles
    lang = "zh-Hant" if art.traditional else "zh-Hans"
    iris = {e.key: iri(entity_iri(e, base)) for e in ex.entities}
    at_span = {(m.span.begin, m.span.end): iris[e.key] for e in ex.entities for m in e.mentions}
    a, label = iri(RDF.type), iri(RDFS.label)
    said: dict = {}

    add(f"{d} {a} {iri(KG.Article)}")
    add(f"{d} {a} {iri(NIF.Context)}")
    add(f"{d} {a} {iri(NIF.OffsetBasedString)}")
    add(f"{d} {iri(NIF.isString)} {literal(art.text)}")
    add(f"{d} {iri(KG.contentHash)} {literal(hashlib.sha256(art.text.encode('utf-8')).hexdigest())}")
    if art.title:
        add(f"{d} {iri(DCTERMS.title)} {literal(art.title.text, lang)}")
    if art.issued:
        add(f"{d} {iri(DCTERMS.issued)} {literal(art.issued.isoformat(), datatype=XSD.date)}")
    for prop, span in ((DCTERMS.publisher, art.publisher), (SDO.editor, art.editor)):
        if span:
            add(f"{d} {iri(prop)} {at_span.get((span.begin, span.end)) or literal(span.text, lang)}")

    for e in ex.entities:
        if e.origin != "text":
            continue
        node = iris[e.key]
        add(f"{node} {a} {_kg(e.type)}")
        for pred, text, tag in _labels(e, art.view, person=e.type == "Person" and not art.traditional):
            add(f"{node} {iri(pred)} {literal(text, tag)}")
        for m in e.mentions:
            _mention(add, doc, m, node, said)
    for r in ex.relations:
        if r.origin == "text":
            add(f"{iris[r.subject]} {_kg(r.predicate)} {iris[r.object]}")
    for st in ex.statistics:
        b, e = st.mention.span.begin, st.mention.span.end
        node = iri(base[f"statistic/{doc_digest}-{b}-{e}"])
        add(f"{node} {a} {_kg('Statistic')}")
        if st.value == st.value.to_integral():
            value = literal(str(int(st.value)), datatype=XSD.integer)
        else:
            value = literal(format(st.value, "f"), datatype=XSD.decimal)
        add(f"{node} {_kg('value')} {value}")
        add(f"{node} {_kg('unit')} {literal(st.unit)}")
        add(f"{node} {_kg('measure')} {literal(st.measure)}")
        if st.approximation:
            add(f"{node} {_kg('approximation')} {_kg(st.approximation)}")
            add(f"{node} {_kg('qualifier')} {literal(st.qualifier)}")
        for text, tag in _figure_labels(st, art):
            add(f"{node} {label} {literal(text, tag)}")
        if st.about and st.about in iris:
            add(f"{node} {_kg('about')} {iris[st.about]}")
        _mention(add, doc, st.mention, node, said)
    return out


def source_triples(ex: Extraction, base: Namespace = ID, url: str | None = None) -> list[str]:
    """What belongs to the file the text came from: two files with one text are one article with two
    sources. `url`: the page a crawler read it from, when it is an absolute http(s) IRI."""
    d = iri(article_iri(ex, base))
    # a file name need not be UTF-8 (os.fsdecode keeps such bytes as lone surrogates, which no RDF holds)
    name = ex.article.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    out = [f"{d} {iri(KG.sourceFile)} {literal(name)}",
           f"{d} {iri(KG.sourceEncoding)} {literal(ex.article.encoding)}"]
    if url and WEB_IRI.fullmatch(url):
        out.append(f"{d} {iri(DCTERMS.source)} {iri(url)}")
    return out


def register_triples(ex: Extraction, base: Namespace = ID) -> list[str]:
    """What the register adds to an article: codes, the units above the named ones, and their partOf chain."""
    coded = [e for e in ex.entities if e.code]
    if not coded:
        return []
    source = iri(register_iri(base))
    iris = {e.key: iri(entity_iri(e, base)) for e in ex.entities}
    a, derived = iri(RDF.type), iri(PROV.wasDerivedFrom)
    out = [f"{iri(register_graph_iri(base))} {derived} {source}",
           f"{source} {a} {iri(PROV.Entity)}",
           f"{source} {iri(DCTERMS.title)} {literal(gazetteer.REGISTER)}",
           f"{source} {iri(OWL.versionInfo)} {literal(gazetteer.VERSION)}"]
    for e in coded:
        node = iris[e.key]
        out.append(f"{node} {iri(KG.adminCode)} {literal(e.code)}")
        if e.origin == "register":
            out.append(f"{node} {a} {iri(KG[e.type])}")
            out.append(f"{node} {iri(RDFS.label)} {literal(e.name, 'zh-Hans')}")
            out.append(f"{node} {derived} {source}")
    for r in ex.relations:
        if r.origin == "register":
            out.append(f"{iris[r.subject]} {iri(KG[r.predicate])} {iris[r.object]}")
    return out


def nquads(triples: list[str], graph: URIRef) -> bytes:
    """Distinct N-Quads lines of `triples` in the named graph `graph`, in the order given (the file
    writers sort; `kg.extract_nquads` sorts its own), as UTF-8 (`Built`)."""
    g = f" <{graph}> .\n"
    return (g.join(dict.fromkeys(triples)) + g).encode("utf-8", "surrogatepass") if triples else b""


_KG: dict[str, str] = {}


def _kg(name: str) -> str:
    """`<kg:name>`, checked against the vocabulary once (reading a checked namespace is slow)."""
    term = _KG.get(name)
    if term is None:
        term = _KG[name] = iri(KG[name])
    return term


def to_graph(ex: Extraction, base: Namespace = ID) -> Graph:
    """The article's triples (with its source's) as an rdflib graph."""
    return _graph(article_triples(ex, base) + source_triples(ex, base), article_iri(ex, base))


def register_graph(ex: Extraction, base: Namespace = ID) -> Graph:
    return _graph(register_triples(ex, base), register_graph_iri(base))


def _graph(triples: list[str], name: URIRef) -> Graph:
    g = Graph()
    g.addN((*quad[:3], g) for quad in rdflib_quads(decoded(nquads(triples, name))))
    return g


def parse_nquads(data: str):
    """(s, p, o, g) of N-Quads that `nquads` wrote: an IRI as `str`, a literal as (text, lang, datatype).

    Only for kg's own lines (IRIs without spaces, the four escapes of `literal`): general parsers refuse
    lines over 16 MB (Oxigraph) or take minutes on them (rdflib), and a long article's text is one line.
    """
    for line in data.split("\n"):  # not splitlines: a literal may hold U+2028 and other line separators
        if not line:
            continue
        i = line.index("> <")
        j = line.index("> ", i + 3)
        rest, g = line[j + 2:-2].rsplit(" <", 1)
        yield line[1:i], line[i + 3:j], _object(rest), g[:-1]


def _object(text: str):
    if text[0] == "<":
        return text[1:-1]
    k = text.rindex('"')
    lexical = UNESCAPE.sub(lambda m: UNESCAPES[m.group(1)], text[1:k]) if "\\" in text else text[1:k]
    suffix = text[k + 1:]
    if suffix.startswith("@"):
        return lexical, suffix[1:], None
    return lexical, None, suffix[3:-1] if suffix else None


def rdflib_quads(data: str):
    """`parse_nquads` as rdflib terms."""
    for s, p, o, g in parse_nquads(data):
        yield URIRef(s), URIRef(p), URIRef(o) if isinstance(o, str) else _rdflib_literal(*o), URIRef(g)


def _rdflib_literal(text: str, lang: str | None, datatype: str | None) -> Literal:
    return Literal(text, lang=lang, datatype=URIRef(datatype) if datatype else None)


def oxigraph_quads(data: str) -> list:
    """`parse_nquads` as pyoxigraph quads."""
    import pyoxigraph as ox

    named: dict[str, object] = {}

    def node(value: str):
        return named.get(value) or named.setdefault(value, ox.NamedNode(value))

    out = []
    for s, p, o, g in parse_nquads(data):
        if isinstance(o, str):
            obj = node(o)
        else:
            text, lang, datatype = o
            obj = ox.Literal(text, language=lang) if lang else ox.Literal(text, datatype=node(datatype)) \
                if datatype else ox.Literal(text)
        out.append(ox.Quad(node(s), node(p), obj, node(g)))
    return out


def bcp47_case(tag: str) -> str:
    """zh-hans -> zh-Hans: RFC 5646's conventional case, which Oxigraph's lower-casing loses."""
    first, *rest = tag.split("-")
    return "-".join([first.lower()] + [p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p.lower()
                                       for p in rest])


def to_rdflib(term):
    """An Oxigraph term as the rdflib term (xsd:string literals plain, as rdflib writes them)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=bcp47_case(term.language))
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


def _figure_labels(st: Statistic, art):
    """A figure's label, in one script each: the measure and the figure from the Simplified view, and in a
    Traditional article the same characters of the text itself (found at the measure's place in the view,
    which has the text's offsets): 网格 1153個 mixed the scripts."""
    b, e = st.mention.span.begin, st.mention.span.end
    yield f"{st.measure} {art.view[b:e]}".strip(), "zh-Hans"
    if art.traditional:
        sent = st.mention.sentence
        at = art.view.rfind(st.measure, sent.begin, b) if st.measure else -1
        if at < 0 and st.measure:
            at = art.view.find(st.measure, e, sent.end)
        measure = art.text[at:at + len(st.measure)] if at >= 0 else ""
        if measure or not st.measure:
            yield f"{measure} {st.mention.span.text}".strip(), "zh-Hant"


def _labels(e: Entity, view: str, person: bool = False):
    """`view`: the article's Simplified view, whose slices are its mentions' Simplified forms. `person`: a
    person's name in a Simplified article, where the view may have changed characters that Simplified writing
    keeps for names (张乾 is no 张干): its label is then the name as written, and the view's form an alias."""
    simple = {m.span.text: view[m.span.begin:m.span.end] for m in e.mentions}
    surfaces = sorted({text for text, s in simple.items() if text != s and s == e.name})
    first = surfaces[0] if surfaces else None
    if person and first and all(t in lexicon().simplified_name_chars for t, s in zip(first, e.name) if t != s):
        yield RDFS.label, first, "zh-Hans"
        yield SKOS.altLabel, e.name, "zh-Hans"
    else:
        yield RDFS.label, e.name, "zh-Hans"
        if first:
            yield RDFS.label, first, "zh-Hant"
    for alias in e.aliases:
        yield SKOS.altLabel, alias, "zh-Hans"
    for surface in sorted(set(simple) - {e.name, *surfaces[:1], *e.aliases}):
        yield SKOS.altLabel, surface, "zh-Hant" if surface != simple[surface] else "zh-Hans"


# the predicate-object pairs every mention repeats, written once (checked namespaces are slow to read)
_MENTION_TYPES = tuple(f"{iri(RDF.type)} {iri(c)}" for c in (KG.Mention, NIF.Phrase, NIF.OffsetBasedString))
_REF, _BEGIN, _END, _ANCHOR, _IDENT, _SENTENCE = (iri(p) for p in (
    NIF.referenceContext, NIF.beginIndex, NIF.endIndex, NIF.anchorOf, ITSRDF.taIdentRef, KG.sentence))
_NONNEG = f"^^<{XSD.nonNegativeInteger}>"


def _mention(add, doc: URIRef, m: Mention, target: str, said: dict) -> None:
    """`said`: sentence literals already written, by span: an article's mentions share a few sentences."""
    # NIF's #char=b,e after the article IRI; under a base ending in # the article IRI has its fragment already
    node = f"<{doc}{'/' if '#' in doc else '#'}char={m.span.begin},{m.span.end}>"
    for po in _MENTION_TYPES:
        add(f"{node} {po}")
    add(f"{node} {_REF} <{doc}>")
    add(f'{node} {_BEGIN} "{m.span.begin}"{_NONNEG}')
    add(f'{node} {_END} "{m.span.end}"{_NONNEG}')
    add(f"{node} {_ANCHOR} {literal(m.span.text)}")
    add(f"{node} {_IDENT} {target}")
    key = (m.sentence.begin, m.sentence.end)
    sentence = said.get(key) or said.setdefault(key, literal(m.sentence.text))
    add(f"{node} {_SENTENCE} {sentence}")
