"""The Python API: kg.build, kg.extract, kg.to_networkx, and a light `import kg`."""
from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

import kg
from kg.errors import InputError, KgError
from kg.exporting import union
from kg.namespace import KG
from kg.records import Entity, Extraction, Statistic

TEXT = "北京市海淀区中关村街道东升社区设立“李明工作室”，全社区共有党员120名。"


def test_import_kg_loads_no_heavy_library():
    code = "import kg, sys; print(sorted(m for m in ('rdflib', 'jieba', 'networkx', 'pyshacl') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert {"build", "extract", "to_networkx"} <= set(dir(kg))


def test_build_returns_a_dataset_like_kg_build(reference_path, reference):
    from kg.rdf import register_graph, to_graph

    reference_graph = to_graph(reference) + register_graph(reference)  # the article's graph and the register's

    def unnamed(graph):  # bytes have no file name, so kg:sourceFile differs
        out = Graph()
        for triple in graph:
            if triple[1] != KG.sourceFile:
                out.add(triple)
        return out

    for given in (reference_path, str(reference_path), reference_path.read_bytes()):
        ds = kg.build([given])
        assert isinstance(ds, Dataset)
        assert isomorphic(unnamed(union(ds)), unnamed(reference_graph)), type(given)
        assert len(union(ds)) == len(reference_graph)


def test_build_text_and_directory(tmp_path, reference_path):
    (tmp_path / "a.txt").write_bytes(reference_path.read_bytes())
    ds = kg.build([tmp_path, TEXT])
    articles = [q[0] for q in ds.quads((None, RDF.type, KG.Article, None))]
    assert len(articles) == 2


@pytest.mark.parametrize("given,says", [("no-such-article.txt", "no such file or directory"),
                                        ("", "no such file or directory")])
def test_build_refuses_a_string_that_is_neither_path_nor_text(given, says):
    with pytest.raises(InputError, match=says):
        kg.build([given])


def test_build_missing_path_raises_a_kg_error(tmp_path):
    with pytest.raises(KgError, match="missing.txt: no such file"):
        kg.build([tmp_path / "missing.txt"])


def test_extract_gives_typed_records_with_offsets():
    ex = kg.extract(TEXT)
    assert isinstance(ex, Extraction) and ex.article.text == TEXT
    assert ex.entities and all(isinstance(e, Entity) for e in ex.entities)
    assert all(isinstance(s, Statistic) for s in ex.statistics)
    for e in ex.entities:
        for m in e.mentions:
            assert TEXT[m.span.begin:m.span.end] == m.span.text
    assert ("SubdistrictOffice", "中关村街道") in {(e.type, e.name) for e in ex.entities}


def test_extract_refuses_bytes():
    with pytest.raises(TypeError, match="kg.build"):
        kg.extract(TEXT.encode("utf-8"))


def test_to_networkx_has_entities_statistics_and_relations(reference_graph):
    g = kg.to_networkx(reference_graph)
    assert isinstance(g, nx.MultiDiGraph)
    entities = {s for cls in ("Community", "SubdistrictOffice", "District", "WorkStudio", "Initiative",
                              "Organization", "Person") for s in reference_graph.subjects(RDF.type, KG[cls])}
    statistics = set(reference_graph.subjects(RDF.type, KG.Statistic))
    assert set(g.nodes) == entities | statistics
    for node, data in g.nodes(data=True):
        assert (node, RDF.type, KG[data["class"]]) in reference_graph
        assert (node, RDFS.label, Literal(data["label"], lang="zh-Hans")) in reference_graph or data["class"] == "Statistic"
    for prop in ("partOf", "locatedIn", "launchedBy", "namedAfter", "about"):
        edges = {(s, o) for s, o, key in g.edges(keys=True) if key == prop}
        assert edges == set(reference_graph.subject_objects(KG[prop])), prop
    s, o, key, data = next(iter(g.edges(keys=True, data=True)))
    assert data["property"] == KG[key]


def test_to_networkx_reads_a_dataset_as_its_union(reference_path, reference):
    from kg.rdf import register_graph, to_graph

    from_dataset = kg.to_networkx(kg.build([reference_path]))
    from_graph = kg.to_networkx(to_graph(reference) + register_graph(reference))
    assert nx.utils.graphs_equal(from_dataset, from_graph)
