"""Linking with the register: codes, completed parent chains, and one IRI per place across articles."""
from __future__ import annotations

from rdflib.namespace import PROV, RDF

from kg.namespace import ID, KG
from kg.pipeline import build, extract_source
from kg.rdf import register_graph_iri, register_iri
from kg.records import Source


def _extract(text: str):
    return extract_source(Source("t.txt", text.encode("utf-8")))


def _by_name(ex):
    return {e.name: e for e in ex.entities}


def test_register_completes_the_chain_above_the_named_units():
    ex = _extract("天桥区北坦街道北关社区设立调解工作室，服务居民。")
    ents = _by_name(ex)
    assert ents["北关社区"].code == "370105007012"
    assert ents["济南市"].origin == ents["山东省"].origin == "register"
    assert not ents["济南市"].mentions and ents["山东省"].type == "Province"
    up = {(r.subject, r.object) for r in ex.relations if r.predicate == "partOf" and r.origin == "register"}
    key = {n: e.key for n, e in ents.items()}
    assert (key["天桥区"], key["济南市"]) in up and (key["济南市"], key["山东省"]) in up


def test_a_county_level_city_is_a_district():
    ents = _by_name(_extract("浙江省义乌市稠城街道开展志愿服务。"))
    assert ents["义乌市"].type == "District" and ents["义乌市"].code == "330782000000"
    assert ents["金华市"].origin == "register"


def test_same_place_in_two_articles_has_one_iri():
    a = Source("a.txt", "天桥区北坦街道召开会议。".encode())
    b = Source("b.txt", "济南市天桥区推进网格化治理，北坦街道积极参与。".encode())
    ds = build([a, b]).dataset
    node = ID["division/370105007000"]
    graphs = {g for *_, g in ds.quads((node, RDF.type, KG.SubdistrictOffice, None))}
    assert len(graphs) == 2  # typed in both article graphs, one IRI


def test_register_facts_live_in_their_own_graph():
    ds = build([Source("a.txt", "天桥区北坦街道召开会议。".encode())]).dataset
    reg = ds.graph(register_graph_iri())
    assert (ID["division/370100000000"], PROV.wasDerivedFrom, register_iri()) in reg
    assert (ID["division/370105000000"], KG.partOf, ID["division/370100000000"]) in reg
    assert (ID["division/370105007000"], KG.adminCode, None) in reg
    articles = [g for g in ds.graphs() if (None, RDF.type, KG.Article) in g]
    assert len(articles) == 1
    assert (None, KG.adminCode, None) not in articles[0]
    assert (ID["division/370100000000"], None, None) not in articles[0]


def test_an_unsupported_homonym_gets_no_code():
    ents = _by_name(_extract("鼓楼区召开会议，部署工作。"))
    assert ents["鼓楼区"].code is None
