"""Stage 8, building RDF: one article's extraction as triples under the contract's terms.

IRIs are deterministic: an article by the digest of its cleaned text, a unit with an official code by
that code (`division/370105007012`, the same in every article), another entity by its type, Simplified
name and resolving context, a mention by its offsets (NIF's `#char=b,e`), a figure by its offsets.
Labels: the Simplified name `@zh-Hans` always, the surface form `@zh-Hant` where the text writes it in
Traditional characters, and other names as `skos:altLabel`.

`to_graph` gives what the article says; `register_graph` what the division register adds (codes, the units
above the named ones and their partOf chain), which the pipeline keeps in a named graph of its own.
"""
from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, SDO

from kg import gazetteer

from kg.namespace import ID, ITSRDF, KG, NIF
from kg.records import Entity, Extraction, Mention
from kg.view import to_simplified

SLUGS = {"Province": "province", "City": "city", "District": "district", "SubdistrictOffice": "subdistrict",
         "Town": "town", "Community": "community", "Village": "village", "WorkStudio": "studio",
         "Initiative": "initiative", "Organization": "organization", "Person": "person"}


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


def to_graph(ex: Extraction, base: Namespace = ID) -> Graph:
    g = Graph()
    art = ex.article
    doc = article_iri(ex, base)
    doc_digest = digest(art.text)  # once: hashing the whole text per figure is quadratic on long articles
    lang = "zh-Hant" if art.traditional else "zh-Hans"
    iris = {e.key: entity_iri(e, base) for e in ex.entities}
    at_span = {(m.span.begin, m.span.end): iris[e.key] for e in ex.entities for m in e.mentions}

    g.add((doc, RDF.type, KG.Article))
    g.add((doc, RDF.type, NIF.Context))
    g.add((doc, RDF.type, NIF.OffsetBasedString))
    g.add((doc, NIF.isString, Literal(art.text)))
    g.add((doc, KG.sourceFile, Literal(art.name)))
    g.add((doc, KG.sourceEncoding, Literal(art.encoding)))
    g.add((doc, KG.contentHash, Literal(hashlib.sha256(art.text.encode("utf-8")).hexdigest())))
    if art.title:
        g.add((doc, DCTERMS.title, Literal(art.title.text, lang=lang)))
    if art.issued:
        g.add((doc, DCTERMS.issued, Literal(art.issued.isoformat(), datatype=XSD.date)))
    for prop, span in ((DCTERMS.publisher, art.publisher), (SDO.editor, art.editor)):
        if span:
            g.add((doc, prop, at_span.get((span.begin, span.end), Literal(span.text, lang=lang))))

    for e in ex.entities:
        if e.origin != "text":
            continue
        node = iris[e.key]
        g.add((node, RDF.type, KG[e.type]))
        for pred, label in _labels(e):
            g.add((node, pred, label))
        for m in e.mentions:
            _mention(g, doc, m, node)
    for r in ex.relations:
        if r.origin == "text":
            g.add((iris[r.subject], KG[r.predicate], iris[r.object]))
    for st in ex.statistics:
        b, e = st.mention.span.begin, st.mention.span.end
        node = base[f"statistic/{doc_digest}-{b}-{e}"]
        g.add((node, RDF.type, KG.Statistic))
        value = Literal(int(st.value)) if st.value == st.value.to_integral() else Literal(st.value, datatype=XSD.decimal)
        g.add((node, KG.value, value))
        g.add((node, KG.unit, Literal(st.unit)))
        g.add((node, KG.measure, Literal(st.measure)))
        g.add((node, RDFS.label, Literal(f"{st.measure} {st.mention.span.text}".strip(), lang=lang)))
        if st.about and st.about in iris:
            g.add((node, KG.about, iris[st.about]))
        _mention(g, doc, st.mention, node)
    return g


def register_graph(ex: Extraction, base: Namespace = ID) -> Graph:
    """What the register adds to an article: codes, the units above the named ones, and their partOf chain."""
    g = Graph()
    source = register_iri(base)
    iris = {e.key: entity_iri(e, base) for e in ex.entities}
    coded = [e for e in ex.entities if e.code]
    if not coded:
        return g
    g.add((register_graph_iri(base), PROV.wasDerivedFrom, source))
    g.add((source, RDF.type, PROV.Entity))
    g.add((source, DCTERMS.title, Literal(gazetteer.REGISTER)))
    g.add((source, OWL.versionInfo, Literal(gazetteer.VERSION)))
    for e in coded:
        node = iris[e.key]
        g.add((node, KG.adminCode, Literal(e.code)))
        if e.origin == "register":
            g.add((node, RDF.type, KG[e.type]))
            g.add((node, RDFS.label, Literal(e.name, lang="zh-Hans")))
            g.add((node, PROV.wasDerivedFrom, source))
    for r in ex.relations:
        if r.origin == "register":
            g.add((iris[r.subject], KG[r.predicate], iris[r.object]))
    return g


def _labels(e: Entity):
    yield RDFS.label, Literal(e.name, lang="zh-Hans")
    surfaces = sorted({m.span.text for m in e.mentions if m.span.text != to_simplified(m.span.text)
                       and to_simplified(m.span.text) == e.name})
    if surfaces:
        yield RDFS.label, Literal(surfaces[0], lang="zh-Hant")
    for alias in e.aliases:
        yield SKOS.altLabel, Literal(alias, lang="zh-Hans")
    for surface in {m.span.text for m in e.mentions} - {e.name, *surfaces[:1], *e.aliases}:
        yield SKOS.altLabel, Literal(surface, lang="zh-Hant" if surface != to_simplified(surface) else "zh-Hans")


def _mention(g: Graph, doc: URIRef, m: Mention, target: URIRef) -> None:
    # NIF's #char=b,e after the article IRI; under a base ending in # the article IRI has its fragment already
    node = URIRef(f"{doc}{'/' if '#' in doc else '#'}char={m.span.begin},{m.span.end}")
    g.add((node, RDF.type, KG.Mention))
    g.add((node, RDF.type, NIF.Phrase))
    g.add((node, RDF.type, NIF.OffsetBasedString))
    g.add((node, NIF.referenceContext, doc))
    g.add((node, NIF.beginIndex, Literal(m.span.begin, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.endIndex, Literal(m.span.end, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.anchorOf, Literal(m.span.text)))
    g.add((node, ITSRDF.taIdentRef, target))
    g.add((node, KG.sentence, Literal(m.sentence.text)))
