"""SHACL validation (`kg.validating`, `kg validate`): every build conforms; broken graphs are reported clearly."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from kg.cli import main
from kg.namespace import ID, KG, NIF
from kg.rdf import to_graph
from kg.validating import validate


def test_every_article_graph_conforms(article_name, extraction):
    report = validate(to_graph(extraction(article_name)))
    violations = [p for p in report.problems if p.severity == "Violation"]
    assert report.conforms and not violations, report.text()


def test_the_whole_corpus_built_at_once_validates(tmp_path, corpus, capsys):
    out = tmp_path / "corpus.trig"
    assert main(["build", str(corpus), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[-1].startswith("conforms"), printed


# Each breakage: (what the test does to the reference graph, the shape named in the report, words of the message)

def _second_parent(g: Graph) -> URIRef:
    community = next(g.subjects(RDF.type, KG.Community))
    other = ID["subdistrict/test-other"]
    g.add((other, RDF.type, KG.SubdistrictOffice))
    g.add((other, RDFS.label, Literal("另一街道", lang="zh-Hans")))
    g.add((community, KG.partOf, other))
    return community


def _two_classes(g: Graph) -> URIRef:
    person = next(g.subjects(RDF.type, KG.Person))
    g.add((person, RDF.type, KG.Organization))
    return person


def _no_label(g: Graph) -> URIRef:
    studio = next(g.subjects(RDF.type, KG.WorkStudio))
    for label in list(g.objects(studio, RDFS.label)):
        g.remove((studio, RDFS.label, label))
    g.add((studio, RDFS.label, Literal("studio", lang="en")))
    return studio


def _no_unit(g: Graph) -> URIRef:
    stat = sorted(g.subjects(RDF.type, KG.Statistic))[0]
    g.remove((stat, KG.unit, None))
    return stat


def _offsets_outside(g: Graph) -> URIRef:
    mention = sorted(g.subjects(RDF.type, NIF.Phrase))[0]
    g.set((mention, NIF.endIndex, Literal(10**6, datatype=XSD.nonNegativeInteger)))
    return next(g.subjects(RDF.type, KG.Article))


def _end_before_begin(g: Graph) -> URIRef:
    mention = sorted(g.subjects(RDF.type, NIF.Phrase))[0]
    begin = g.value(mention, NIF.beginIndex)
    g.set((mention, NIF.endIndex, Literal(int(begin), datatype=XSD.nonNegativeInteger)))
    return mention


def _wrong_anchor(g: Graph) -> URIRef:
    mention = sorted(g.subjects(RDF.type, NIF.Phrase))[0]
    g.set((mention, NIF.anchorOf, Literal("不对")))
    return next(g.subjects(RDF.type, KG.Article))


def _date_as_string(g: Graph) -> URIRef:
    article = next(g.subjects(RDF.type, KG.Article))
    g.set((article, DCTERMS.issued, Literal("2020年6月30日")))
    return article


BREAKAGES = [
    (_second_parent, "kgsh:CommunityParent", "at most one subdistrict"),
    (_two_classes, "kgsh:OneContractClass", "exactly one entity class"),
    (_no_label, "kgsh:SimplifiedLabel", "@zh-Hans"),
    (_no_unit, "kgsh:StatisticShape", "kg:unit"),
    (_offsets_outside, "kgsh:ArticleShape", "not inside the article text"),
    (_end_before_begin, "kgsh:MentionShape", "below its nif:endIndex"),
    (_wrong_anchor, "kgsh:ArticleShape", "is not the article text"),
    (_date_as_string, "kgsh:ArticleShape", "xsd:date"),
]


@pytest.mark.parametrize("breakage,shape,words", BREAKAGES, ids=[b[0].__name__.strip("_") for b in BREAKAGES])
def test_broken_graph_exits_1_with_a_clear_report(reference_graph, tmp_path, capsys, breakage, shape, words):
    g = Graph()
    for triple in reference_graph:
        g.add(triple)
    focus = breakage(g)
    path = tmp_path / "broken.ttl"
    g.serialize(path, format="turtle")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("does not conform: ")
    blocks = out.split("\nViolation: ")
    hits = [b for b in blocks if f"<{focus}>" in b.splitlines()[0] and shape in b and words in b]
    assert hits, f"no violation of {shape} at {focus} saying {words!r}:\n{out}"


def test_report_names_the_focus_label(reference_graph):
    g = Graph()
    for triple in reference_graph:
        g.add(triple)
    person = _two_classes(g)
    name = str(next(o for o in g.objects(person, RDFS.label) if o.language == "zh-Hans"))
    report = validate(g)
    assert not report.conforms
    [problem] = [p for p in report.problems if p.focus == f"<{person}>"]
    assert (problem.label, problem.shape, problem.path) == (name, "kgsh:OneContractClass", "rdf:type")
    assert f"Violation: <{person}> 「{name}」" in report.text()


def test_missing_date_and_title_are_warnings_only(reference_graph, tmp_path, capsys):
    g = Graph()
    for triple in reference_graph:
        g.add(triple)
    article = next(g.subjects(RDF.type, KG.Article))
    g.remove((article, DCTERMS.issued, None))
    g.remove((article, DCTERMS.title, None))
    path = tmp_path / "undated.ttl"
    g.serialize(path, format="turtle")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "kgsh:ArticleDateWanted" in out and "kgsh:ArticleTitleWanted" in out
    assert out.splitlines()[-1] == "conforms: 2 warnings"


@pytest.mark.parametrize("name,content", [("garbage.ttl", "this is not turtle {"), ("garbage.jsonld", "[{")])
def test_unloadable_file_exits_2(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.strip().splitlines()
    assert line.startswith(f"kg: error: {path}: does not parse as ")


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nothing.ttl")]) == 2
    assert "nothing.ttl: no such graph file" in capsys.readouterr().err


def register_unit(g: Graph) -> URIRef:
    """What the gazetteer adds: a unit known only from the register, with no mention, derived from the register."""
    register = ID["source/nbs-2023"]
    g.add((register, RDF.type, PROV.Entity))
    g.add((register, DCTERMS.title, Literal("统计用区划代码和城乡划分代码", lang="zh-Hans")))
    g.add((register, OWL.versionInfo, Literal("2023")))
    city = ID["division/370100000000"]
    g.add((city, RDF.type, KG.City))
    g.add((city, RDFS.label, Literal("济南市", lang="zh-Hans")))
    g.add((city, KG.adminCode, Literal("370100000000")))
    g.add((city, PROV.wasDerivedFrom, register))
    district = next(g.subjects(RDF.type, KG.District))
    g.add((district, KG.partOf, city))
    return city


def test_unit_known_only_from_the_register_conforms(reference_graph):
    g = Graph()
    for triple in reference_graph:
        g.add(triple)
    register_unit(g)
    report = validate(g)
    assert report.conforms and not report.problems, report.text()


def test_unit_with_neither_mention_nor_register_is_a_violation(reference_graph):
    g = Graph()
    for triple in reference_graph:
        g.add(triple)
    city = register_unit(g)
    g.remove((city, PROV.wasDerivedFrom, None))
    report = validate(g)
    assert not report.conforms
    assert [(p.focus, p.shape) for p in report.problems] == [(f"<{city}>", "kgsh:EntityShape")]
