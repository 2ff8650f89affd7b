"""Querying: bundled queries, every output format, the sandbox (updates, SERVICE, LOAD, network and file
access), the time and row limits, and named graphs from TriG."""
from __future__ import annotations

import csv
import re
import io
import json
import socket
import urllib.request

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from kg import querying
from kg.cli import main
from kg.errors import KgError
from kg.namespace import KG
from kg.querying import Limits, bundled, bundled_query, entity_bindings, format_answer, load, run

STUDIOS = "SELECT ?studio ?unit WHERE { ?s a kg:WorkStudio ; rdfs:label ?studio ; kg:locatedIn/rdfs:label ?unit . " \
          'FILTER(lang(?studio) = "zh-Hans" && lang(?unit) = "zh-Hans") } ORDER BY ?studio'


@pytest.fixture(scope="module")
def ref_file(tmp_path_factory, reference_path):
    out = tmp_path_factory.mktemp("q") / "ref.ttl"
    assert main(["build", str(reference_path), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def ds(ref_file):
    return load([str(ref_file)])


# bundled queries


def test_bundled_queries_are_listed(capsys):
    assert set(bundled()) == {"hierarchy", "initiatives", "statistics", "studios", "mentions"}
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == sorted(bundled())
    assert all(len(line.split(None, 1)) == 2 for line in out.splitlines())  # each with what it answers


def test_hierarchy_is_the_unit_tree_with_codes(ds):
    answer = run(ds, bundled_query("hierarchy"))
    assert answer.vars[:2] == ["unit", "code"]
    rows = [(str(r[0]), str(r[1] or "")) for r in answer.rows]
    assert rows == [("山东省", "370000000000"), ("  济南市", "370100000000"), ("    天桥区", "370105000000"),
                    ("      北坦街道", "370105007000"), ("        北关社区", "370105007012")]


def test_hierarchy_without_codes_still_lists_the_units(ref_file):
    g = Graph().parse(ref_file)
    g.remove((None, KG.adminCode, None))
    answer = run(querying.Dataset().parse(data=g.serialize(format="nt"), format="nt"), bundled_query("hierarchy"))
    assert [str(r[0]).strip() for r in answer.rows] == ["山东省", "济南市", "天桥区", "北坦街道", "北关社区"]
    assert all(r[1] is None for r in answer.rows)


@pytest.mark.parametrize("name", ["北关社区", "北關社區"])
def test_mentions_of_an_entity_in_either_script(ds, name):
    answer = run(ds, bundled_query("mentions"), bindings=entity_bindings(name))
    assert len(answer.rows) == 2
    for label, anchor, begin, sentence, article in answer.rows:
        assert str(label) == "北关社区" and str(anchor) == "北關社區" and str(anchor) in str(sentence)
        assert str(article).startswith("激活")


def test_initiatives_statistics_studios(ds):
    initiatives = {(str(r[0]), str(r[1]), str(r[2])) for r in run(ds, bundled_query("initiatives")).rows}
    assert ("社区茶亭", "北关社区", "北关社区") in initiatives
    stats = run(ds, bundled_query("statistics"))
    assert stats.vars == ["value", "approx", "unit", "measure", "about", "sentence"]
    assert any(int(r[0]) == 9097 and r[1] is None and str(r[2]) == "人" and "9097人" in str(r[5]) for r in stats.rows)
    studios = {(str(r[0]), str(r[1])) for r in run(ds, bundled_query("studios")).rows}
    assert studios == {("象霞工作室", "天桥区"), ("春霞工作室", "天桥区")}


def test_unknown_bundled_query(ref_file, capsys):
    assert main(["query", str(ref_file), "nosuch"]) == 2
    err = capsys.readouterr().err
    assert "nosuch" in err and "hierarchy" in err and "--list" in err


def test_bundled_query_through_the_cli(ref_file, capsys):
    assert main(["query", str(ref_file), "mentions", "--entity", "北關社區"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("(2 rows)") and "茶亭" in out


# output formats


def test_json_is_w3c_sparql_results(ds):
    data = json.loads(format_answer(run(ds, STUDIOS), "json"))
    assert data["head"]["vars"] == ["studio", "unit"]
    first = data["results"]["bindings"][0]
    assert first["studio"] == {"type": "literal", "value": "春霞工作室", "xml:lang": "zh-Hans"}
    assert len(data["results"]["bindings"]) == 2


def test_csv_tsv_md(ds):
    answer = run(ds, STUDIOS)
    rows = list(csv.reader(io.StringIO(format_answer(answer, "csv"))))
    assert rows == [["studio", "unit"], ["春霞工作室", "天桥区"], ["象霞工作室", "天桥区"]]
    tsv = format_answer(answer, "tsv").splitlines()
    assert tsv == ["?studio\t?unit", '"春霞工作室"@zh-Hans\t"天桥区"@zh-Hans', '"象霞工作室"@zh-Hans\t"天桥区"@zh-Hans']
    md = format_answer(answer, "md").splitlines()
    assert md[:3] == ["| studio | unit |", "| --- | --- |", "| 春霞工作室 | 天桥区 |"]


def test_cells_with_separators_and_newlines(ds):
    answer = run(ds, 'SELECT ?x ?y WHERE { BIND("a|b\\nc\\td" AS ?x) BIND(<urn:x> AS ?y) }')
    assert format_answer(answer, "md").splitlines()[2] == "| a\\|b c d | <urn:x> |"
    assert format_answer(answer, "tsv").splitlines()[1] == '"a|b\\nc\\td"\t<urn:x>'
    assert list(csv.reader(io.StringIO(format_answer(answer, "csv"))))[1] == ["a|b\nc\td", "urn:x"]
    assert "a|b c d" in format_answer(answer, "table")


def test_construct_and_describe_print_turtle(ds, ref_file):
    text = format_answer(run(ds, "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a kg:WorkStudio ; rdfs:label ?l }"))
    expected = Graph()
    source = Graph().parse(ref_file)
    for s in source.subjects(RDF.type, KG.WorkStudio):
        for label in source.objects(s, RDFS.label):
            expected.add((s, RDFS.label, label))
    assert len(expected) >= 2
    assert isomorphic(Graph().parse(data=text, format="turtle"), expected)
    studio = next(source.subjects(RDF.type, KG.WorkStudio))
    described = Graph().parse(data=format_answer(run(ds, f"DESCRIBE <{studio}>")), format="turtle")
    assert (studio, RDF.type, KG.WorkStudio) in described


def test_ask_formats(ds):
    assert format_answer(run(ds, "ASK { ?s a kg:Community }")) == "true"
    assert json.loads(format_answer(run(ds, "ASK { ?s a kg:Village }"), "json")) == {"head": {}, "boolean": False}


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_every_format_through_the_cli(ref_file, capsys, fmt):
    assert main(["query", str(ref_file), "studios", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "象霞工作室" in out and "天桥区" in out


# named graphs


def test_trig_keeps_named_graphs(tmp_path, reference_path, corpus):
    out = tmp_path / "two.trig"
    assert main(["build", str(reference_path), str(corpus / "dev-01-xihu-jinshagang.txt"), "-o", str(out)]) == 0
    answer = run(load([str(out)]), "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a kg:Article } } GROUP BY ?g")
    articles = [r for r in answer.rows if "/article/" in str(r[0])]
    assert len(articles) == 2 and all(int(r[1]) == 1 for r in articles)


def test_several_inputs_are_merged(tmp_path, ref_file, corpus):
    other = tmp_path / "other.nt"
    assert main(["build", str(corpus / "dev-01-xihu-jinshagang.txt"), "-o", str(other)]) == 0
    answer = run(load([str(ref_file), str(other)]), "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Article }")
    assert int(answer.rows[0][0]) == 2


# safety


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s a kg:Article }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "LOAD <file:///etc/hostname> INTO GRAPH <urn:g>",
])
def test_updates_and_load_are_refused(ds, update):
    before = len(ds)
    with pytest.raises(KgError, match="refused"):
        run(ds, update)
    assert len(ds) == before


def test_load_names_what_it_would_read(ds):
    with pytest.raises(KgError, match=r"LOAD <file:///etc/hostname>.*--allow-remote"):
        run(ds, "LOAD <file:///etc/hostname>", limits=Limits(allow_update=True))


def test_allowed_update_changes_only_the_copy(ref_file, capsys):
    before = ref_file.read_bytes()
    assert main(["query", str(ref_file), "--allow-update", "-q", 'INSERT DATA { <urn:a> rdfs:label "新" }']) == 0
    out = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert (None, RDFS.label, Literal("新")) in out
    assert len(out) == len(Graph().parse(ref_file)) + 1
    assert ref_file.read_bytes() == before


@pytest.mark.parametrize("q", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?q ?r } } }",
])
def test_service_is_refused_before_it_runs(ds, q):
    with pytest.raises(KgError, match=r"SERVICE <http://127\.0\.0\.1:9/sparql>.*--allow-remote"):
        run(ds, q)


def test_the_audit_hook_stops_network_access_the_parser_missed(ds, monkeypatch):
    """With the algebra check switched off, the runtime guard still refuses SERVICE's HTTP request."""
    monkeypatch.setattr(querying, "_service_check", lambda algebra, limits: None)
    with pytest.raises(KgError, match="network access refused"):
        run(ds, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")


def test_sandbox_blocks_network_and_files_only_inside(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    with querying._sandbox(network=True, files=True):
        with pytest.raises(PermissionError):
            urllib.request.urlopen("http://127.0.0.1:9/")
        with pytest.raises(PermissionError):
            socket.create_connection(("127.0.0.1", 9))
        with pytest.raises(PermissionError):
            secret.read_text()
    assert secret.read_text() == "x"  # outside the block, nothing is refused


def test_from_graphs_are_not_read(ds, tmp_path):
    other = tmp_path / "other.ttl"
    other.write_text("<urn:a> <urn:b> <urn:c> .\n")
    answer = run(ds, f"SELECT * FROM <{other.as_uri()}> WHERE {{ ?s ?p ?o }}")
    assert answer.rows == []
    allowed = run(ds, f"SELECT * FROM <{other.as_uri()}> WHERE {{ ?s ?p ?o }}", limits=Limits(allow_remote=True))
    assert len(allowed.rows) == 1


# limits


def test_timeout_stops_a_runaway_query(ds, capsys, ref_file):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 469³ solutions
    with pytest.raises(KgError, match=r"stopped after 0\.5 s.*--timeout"):
        run(ds, q, limits=Limits(timeout=0.5))
    assert run(ds, "ASK { ?s ?p ?o }", limits=Limits(timeout=0.5)).boolean is True  # usable afterwards
    assert main(["query", str(ref_file), "-q", q, "--timeout", "0.5"]) == 2
    assert "--timeout" in capsys.readouterr().err


def test_row_limit(ds, ref_file, capsys):
    answer = run(ds, "SELECT * WHERE { ?s ?p ?o }", limits=Limits(max_rows=3))
    assert len(answer.rows) == 3 and answer.truncated
    assert not run(ds, "SELECT * WHERE { ?s ?p ?o }", limits=Limits(max_rows=None)).truncated
    assert main(["query", str(ref_file), "-q", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "3"]) == 0
    out, err = capsys.readouterr()
    assert out.rstrip().endswith("(3 rows, more not shown)")
    assert "--max-rows" in err
    assert main(["query", str(ref_file), "-q", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "0",
                 "--format", "csv"]) == 0
    records = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(records) == len(Graph().parse(ref_file)) + 1


@pytest.mark.parametrize("option,value", [("--timeout", "-1"), ("--timeout", "nan"), ("--timeout", "1e-300"),
                                          ("--max-rows", "-3"), ("--max-memory", "-1"), ("--max-memory", "lots")])
def test_bad_limits_are_usage_errors(ref_file, capsys, option, value):
    with pytest.raises(SystemExit) as info:
        main(["query", str(ref_file), "studios", option, value])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: '{value}'" in err and "Traceback" not in err


# what the bundled queries show


ORPHANS = """
@prefix kg: <https://w3id.org/zhgov-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://example.org/id/> .
id:gd a kg:Province ; rdfs:label "广东省"@zh-Hans .
id:sz a kg:City ; rdfs:label "深圳市"@zh-Hans ; kg:partOf id:gd .
id:ns a kg:District ; rdfs:label "南山区"@zh-Hans ; kg:partOf id:sz .
id:yh a kg:SubdistrictOffice ; rdfs:label "粤海街道"@zh-Hans ; kg:partOf id:ns .
id:js a kg:Province ; rdfs:label "江苏省"@zh-Hans .
id:jx a kg:SubdistrictOffice ; rdfs:label "急需街道"@zh-Hans .
id:jxc a kg:Community ; rdfs:label "急需社区"@zh-Hans ; kg:partOf id:jx .
id:wj a kg:District ; rdfs:label "成都温江区"@zh-Hans .
id:tf a kg:SubdistrictOffice ; rdfs:label "天府街道"@zh-Hans .
"""


def test_hierarchy_never_prints_a_unit_without_parent_under_an_unrelated_unit():
    ds = querying.Dataset(default_union=True).parse(data=ORPHANS, format="turtle")
    rows = [(str(r[0]), str(r[3] or "")) for r in run(ds, bundled_query("hierarchy")).rows]
    assert rows == [("广东省", ""), ("  深圳市", "广东省"), ("    南山区", "深圳市"), ("      粤海街道", "南山区"),
                    ("江苏省", ""),
                    # no province above: trees of their own, after the provinces', at the left edge
                    ("天府街道", ""), ("急需街道", ""), ("  急需社区", "急需街道"), ("成都温江区", "")]


MULTI = """
@prefix kg: <https://w3id.org/zhgov-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://example.org/id/> .
id:i a kg:Initiative ; rdfs:label "育苗工程"@zh-Hans ; kg:launchedBy id:c, id:a, id:b ; kg:locatedIn id:c, id:b, id:a .
id:a a kg:Community ; rdfs:label "甲社区"@zh-Hans . id:b a kg:Community ; rdfs:label "乙社区"@zh-Hans .
id:c a kg:Community ; rdfs:label "丙社区"@zh-Hans .
id:m1 itsrdf:taIdentRef id:i ; nif:referenceContext id:doc1 . id:doc1 dcterms:title "一" .
id:m2 itsrdf:taIdentRef id:i ; nif:referenceContext id:doc1 . id:m3 itsrdf:taIdentRef id:i ; nif:referenceContext id:doc2 .
id:doc2 dcterms:title "二" .
"""


def test_initiatives_gives_one_row_per_initiative_and_article_with_the_values_joined(ds):
    multi = querying.Dataset(default_union=True).parse(data=MULTI, format="turtle")
    rows = [tuple(map(str, r)) for r in run(multi, bundled_query("initiatives")).rows]
    assert rows == [("育苗工程", "丙社区、乙社区、甲社区", "丙社区、乙社区、甲社区", "一"),
                    ("育苗工程", "丙社区、乙社区、甲社区", "丙社区、乙社区、甲社区", "二")]
    names = [str(r[0]) for r in run(ds, bundled_query("initiatives")).rows]
    assert len(names) == len(set(names)) == len(set(ds.subjects(RDF.type, KG.Initiative))) >= 10
    # an initiative nobody launched has an empty cell (rdflib fails on a group whose values are all unbound)
    lone = querying.Dataset(default_union=True).parse(data=MULTI.replace("kg:launchedBy", "kg:locatedIn"),
                                                      format="turtle")
    assert {tuple(map(str, r))[1] for r in run(lone, bundled_query("initiatives")).rows} == {""}


def test_every_bundled_query_gives_the_same_rows_from_a_store_and_from_files(tmp_path, corpus):
    import subprocess
    import sys

    trig, store = tmp_path / "corpus.trig", tmp_path / "store"
    for out in (["-o", str(trig)], ["--store", str(store)]):
        done = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-q", *out], capture_output=True)
        assert done.returncode == 0, done.stderr
    files = load([str(trig)])
    for name in bundled():
        bindings = entity_bindings("北关社区") if name == "mentions" else None
        from_files = run(files, bundled_query(name), bindings=bindings)
        from_store = querying.run_store(store, bundled_query(name), bindings=bindings)
        assert from_store.vars == from_files.vars
        assert [tuple(str(v or "") for v in r) for r in from_store.rows] == \
            [tuple(str(v or "") for v in r) for r in from_files.rows], name
        assert len(from_files.rows) > 1, name


# strictness


@pytest.mark.parametrize("q,says", [
    ("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?p", "The SELECT contains a variable that is unbound"),
    ("SELECT ?x (COUNT(*) AS ?n) WHERE { ?x ?p ?o }", "The SELECT contains a variable that is unbound"),
    ("SELECT * WHERE { ?s ?p ?o } GROUP BY ?s", "SELECT * is not authorized with GROUP BY"),
    ("SELECT (1 AS ?x) (2 AS ?x) {}", "Duplicated variable name in SELECT"),
    ("SELECT (?o AS ?o) WHERE { ?s ?p ?o }", "The SELECT overrides an existing variable"),
    ("SELECT * WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }", "invalid SPARQL 1.1"),
    ("SELECT * WHERE { _:a ?p ?o . { _:a ?q ?r } }", "invalid SPARQL 1.1"),
])
def test_queries_sparql_forbids_are_errors_though_rdflib_would_run_them(ds, ref_file, capsys, q, says):
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(q)  # rdflib alone takes it
    with pytest.raises(KgError, match=re.escape(says)):
        run(ds, q)
    assert main(["query", str(ref_file), "-q", q]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and says in err and "^" in err and "Traceback" not in err


# messages


def test_a_failed_store_query_says_what_failed_not_how_python_failed(tmp_path, reference_path, capsys):
    store = tmp_path / "store"
    assert main(["build", str(reference_path), "--store", str(store), "-q"]) == 0
    capsys.readouterr()
    # nothing listens on 127.0.0.1:1; the query may connect (--allow-remote), so it fails in evaluation
    q = "SELECT * WHERE { ?s a kg:Article . SERVICE <http://127.0.0.1:1/sparql> { ?a ?b ?c } }"
    assert main(["query", "--store", str(store), "-q", q, "--allow-remote"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: query failed: ") and len(err.strip().splitlines()) == 1, err
    for python in ("RuntimeError", "OSError", "unsendable", "Traceback"):
        assert python not in err, err


def test_a_query_name_without_a_graph_says_so(capsys):
    assert main(["query", "hierarchy"]) == 2
    err = capsys.readouterr().err
    assert "no such graph file" not in err
    assert "no graph to query with hierarchy: give the graph files first" in err and "--store DIR" in err


def test_the_query_name_may_come_after_options(ref_file, capsys):
    assert main(["query", str(ref_file), "--format", "csv", "studios"]) == 0
    assert capsys.readouterr().out.startswith("studio,locatedIn,code,namedAfter,article")
    assert main(["query", str(ref_file), "--entity", "北關社區", "mentions"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("(2 rows)")
