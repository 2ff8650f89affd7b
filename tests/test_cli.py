"""The `kg` command: build, query, render; exit codes 0 / 1 / 2; messages without tracebacks.

Every file is written under tmp_path; `build` without -o writes to output/ under the working directory,
so those tests change into tmp_path first.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.cli import main
from kg.namespace import KG
from kg.rdf import register_graph_iri, register_iri

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256))
TITLE = "激活“黨建+”生命力 全力打造“天橋樣板”"


def run_kg(*args, cwd, input=None):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, cwd=cwd,
                          input=input, timeout=600)


def triples(path: Path, fmt: str) -> set:
    ds = Dataset(default_union=True)
    ds.parse(path, format=fmt)
    return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, reference_path) -> Path:
    out = tmp_path_factory.mktemp("built") / "out.ttl"
    assert main(["build", str(reference_path), "-o", str(out)]) == 0
    return out


# build


def test_build_without_input_builds_the_example(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    target = tmp_path / "output" / "tianqiao-2020-06-30.ttl"
    assert target.is_file()
    assert [p.name for p in (tmp_path / "output").iterdir()] == [target.name]  # no temp files left
    summary = [ln for ln in err.splitlines() if "tianqiao-2020-06-30.txt:" in ln]
    assert len(summary) == 1
    assert re.search(r"\d+ entities .*\d+ relations, \d+ statistics, \d+ triples", summary[0]), summary[0]
    assert "wrote output/tianqiao-2020-06-30.ttl" in err
    g = Graph().parse(target, format="turtle")
    assert len(list(g.subjects(RDF.type, KG.Article))) == 1


FORMATS = [  # (argv after the input, file written, rdflib parser)
    (["-o", "g.ttl"], "g.ttl", "turtle"),
    (["-o", "g.nt"], "g.nt", "nt"),
    (["-o", "g.trig"], "g.trig", "trig"),
    (["-o", "g.nq"], "g.nq", "nquads"),
    (["-o", "g.jsonld"], "g.jsonld", "json-ld"),
    (["--format", "trig", "-o", "g.graph"], "g.graph", "trig"),
    (["--format", "nt"], "output/tianqiao-2020-06-30.nt", "nt"),
]


def test_build_formats_hold_the_same_triples(tmp_path, monkeypatch, capsys, reference_path):
    monkeypatch.chdir(tmp_path)
    sets = {}
    for argv, written, parser in FORMATS:
        assert main(["build", str(reference_path), *argv]) == 0, argv
        assert capsys.readouterr().out == ""
        sets[written] = triples(tmp_path / written, parser)
    sizes = {k: len(v) for k, v in sets.items()}
    assert len(set(sizes.values())) == 1, sizes
    assert sizes["g.ttl"] > 100
    first = sets["g.ttl"]
    for name, s in sets.items():
        assert s == first, name


@pytest.mark.parametrize("suffix,fmt", [(".trig", "trig"), (".nq", "nquads")])
def test_build_quad_formats_keep_the_named_graph(tmp_path, reference_path, suffix, fmt):
    out = tmp_path / f"g{suffix}"
    assert main(["build", str(reference_path), "-o", str(out)]) == 0
    ds = Dataset()
    ds.parse(out, format=fmt)
    article = next(iter(ds.quads((None, RDF.type, KG.Article, None))))[0]
    named = {g.identifier: g for g in ds.graphs() if len(g) and g.identifier != URIRef("urn:x-rdflib:default")}
    # the article's own graph, and the graph of what the division register adds (codes, parent chains)
    assert set(named) == {article, register_graph_iri()}
    assert (article, RDF.type, KG.Article) in named[article]
    assert (register_graph_iri(), PROV.wasDerivedFrom, register_iri()) in named[register_graph_iri()]
    assert not set(named[register_graph_iri()].subjects(RDF.type, KG.Article))


def test_build_line_formats_are_byte_reproducible(tmp_path, reference_path):
    for name in ("a.nt", "b.nt"):
        assert main(["build", str(reference_path), "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()


def test_build_several_inputs_writes_graph_ttl(tmp_path, monkeypatch, capsys, reference_path, corpus):
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(reference_path), str(corpus / "dev-01-xihu-jinshagang.txt")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert [p.name for p in (tmp_path / "output").iterdir()] == ["graph.ttl"]
    g = Graph().parse(tmp_path / "output" / "graph.ttl", format="turtle")
    assert len(list(g.subjects(RDF.type, KG.Article))) == 2
    assert len([ln for ln in err.splitlines() if " entities (" in ln]) == 2


def test_build_directory_writes_graph_ttl(tmp_path, monkeypatch, reference_path):
    (tmp_path / "in").mkdir()
    shutil.copy(reference_path, tmp_path / "in" / reference_path.name)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "in"]) == 0
    assert (tmp_path / "output" / "graph.ttl").is_file()


def test_build_stdin_writes_stdin_ttl(tmp_path, reference_path):
    proc = run_kg("build", "-", cwd=tmp_path, input=reference_path.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == b""
    g = Graph().parse(tmp_path / "output" / "stdin.ttl", format="turtle")
    assert len(list(g.subjects(RDF.type, KG.Article))) == 1


def test_build_missing_file_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build", "no-such-article.txt"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    line = one_line(err)
    assert "no-such-article.txt" in line and line.startswith("kg: error:")
    assert not (tmp_path / "output").exists()


def test_build_missing_file_subprocess_has_no_traceback(tmp_path):
    proc = run_kg("build", "no-such-article.txt", cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "Traceback" not in err
    assert "no-such-article.txt" in one_line(err)
    assert proc.stdout == b""
    assert list(tmp_path.iterdir()) == []


def test_build_with_one_bad_input_exits_1_and_writes(tmp_path, monkeypatch, capsys, reference_path):
    (tmp_path / "in").mkdir()
    shutil.copy(reference_path, tmp_path / "in" / "a-good.txt")
    (tmp_path / "in" / "b-bad.txt").write_bytes(PNG)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "in"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    assert [ln for ln in err.splitlines() if "b-bad.txt" in ln and ln.startswith("kg: error:")]
    assert "1 of 2 inputs failed" in err
    g = Graph().parse(tmp_path / "output" / "graph.ttl", format="turtle")
    assert len(list(g.subjects(RDF.type, KG.Article))) == 1


def test_build_with_only_bad_inputs_exits_2_and_writes_nothing(tmp_path, monkeypatch, capsys):
    (tmp_path / "bad1.txt").write_bytes(PNG)
    (tmp_path / "bad2.html").write_bytes(b"\x80\xff\xfe" * 50)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "bad1.txt", "bad2.html"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert "bad1.txt" in err and "bad2.html" in err
    assert not (tmp_path / "output").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad1.txt", "bad2.html"]


def test_failed_build_leaves_an_existing_output_alone(tmp_path, capsys):
    (tmp_path / "bad.txt").write_bytes(PNG)
    old = tmp_path / "keep.ttl"
    old.write_bytes(b"# the previous graph\n")
    assert main(["build", str(tmp_path / "bad.txt"), "-o", str(old)]) == 2
    assert old.read_bytes() == b"# the previous graph\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "keep.ttl"]


def test_build_unknown_output_suffix_exits_2(tmp_path, capsys, reference_path):
    out = tmp_path / "graph.xyz"
    assert main(["build", str(reference_path), "-o", str(out)]) == 2
    _, err = capsys.readouterr()
    assert ".xyz" in one_line(err)
    assert not out.exists()


# query


def display_columns(line: str) -> list[int]:
    """Display column where each character starts, wide CJK characters counting two."""
    cols, col = [], 0
    for ch in line:
        cols.append(col)
        col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return cols


def test_query_prints_a_table_with_cjk_and_a_row_count(graph_file, capsys):
    q = "SELECT ?title WHERE { ?a a kg:Article ; dcterms:title ?title }"
    assert main(["query", str(graph_file), "-q", q]) == 0
    out, err = capsys.readouterr()
    lines = out.rstrip("\n").split("\n")
    assert lines[0] == "title"
    assert set(lines[1]) == {"-"}
    assert lines[2] == TITLE
    assert lines[-1] == "(1 row)"
    assert err == ""


def test_query_table_columns_line_up_with_wide_characters(graph_file, capsys):
    q = "SELECT ?label ?type WHERE { ?e a ?type ; rdfs:label ?label . FILTER(?type != kg:Statistic) } ORDER BY ?label"
    assert main(["query", str(graph_file), "-q", q]) == 0
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    assert re.fullmatch(r"\(\d+ rows\)", lines[-1])
    rows = lines[2:-1]
    assert int(lines[-1][1:].split()[0]) == len(rows) > 3
    assert any(re.search(r"[\u4e00-\u9fff]", r) for r in rows)
    # The second column starts at the same display column in the header and in every row.
    start = display_columns(lines[0])[lines[0].index("type")]
    for r in rows:
        at = r.rindex(" ") + 1  # the type, the last cell, has no spaces in it
        assert re.fullmatch(r"(kg:|<https://w3id\.org/zhgov-kg/ontology#)[A-Za-z]+>?", r[at:]), r
        assert display_columns(r)[at] == start, r


def test_query_from_file(graph_file, tmp_path, capsys):
    rq = tmp_path / "q.rq"
    rq.write_text("# titles\nSELECT ?t\nWHERE { ?a a kg:Article ; dcterms:title ?t }\n", encoding="utf-8")
    assert main(["query", str(graph_file), "-f", str(rq)]) == 0
    out = capsys.readouterr().out
    assert TITLE in out and "(1 row)" in out


def test_query_file_missing_exits_2(graph_file, tmp_path, capsys):
    assert main(["query", str(graph_file), "-f", str(tmp_path / "none.rq")]) == 2
    assert "none.rq" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("q,code,printed", [
    ("ASK { ?a a kg:Article }", 0, "true"),
    ("ASK { ?a a kg:Village }", 1, "false"),
])
def test_ask_exit_code(graph_file, capsys, q, code, printed):
    assert main(["query", str(graph_file), "-q", q]) == code
    assert capsys.readouterr().out.strip() == printed


def test_syntax_error_shows_line_column_and_caret(graph_file, capsys):
    q = "SELECT ?x\nWHERE { ?x a kg:Article . FILTER( }"
    assert main(["query", str(graph_file), "-q", q]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    m = re.search(r"line (\d+), column (\d+)", err)
    assert m, err
    assert m.group(1) == "2"
    lines = err.rstrip("\n").split("\n")
    caret, echoed = lines[-1], lines[-2]
    assert caret.strip() == "^"
    assert echoed.strip() == q.split("\n")[1]
    # The caret points at the reported column of the echoed line.
    indent = len(echoed) - len(echoed.lstrip())
    assert caret.index("^") - indent == int(m.group(2)) - 1


@pytest.mark.parametrize("q", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }",
    "prefix ex: <http://example.org/>\nselect * where { service ex:sparql { ?s ?p ?o } }",
])
def test_service_is_refused(graph_file, capsys, q):
    assert main(["query", str(graph_file), "-q", q]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "SERVICE" in one_line(err)


def test_the_word_service_in_a_literal_is_fine(graph_file, capsys):
    q = 'SELECT ?x WHERE { ?a a kg:Article . BIND("SERVICE" AS ?x) }'
    assert main(["query", str(graph_file), "-q", q]) == 0
    assert "(1 row)" in capsys.readouterr().out


def test_from_graphs_are_not_fetched(graph_file, capsys):
    q = "SELECT * FROM <http://127.0.0.1:9/graph.ttl> WHERE { ?s ?p ?o } LIMIT 1"
    assert main(["query", str(graph_file), "-q", q]) == 0
    assert "(0 rows)" in capsys.readouterr().out


@pytest.mark.parametrize("q", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX kg: <https://w3id.org/zhgov-kg/ontology#>\nDELETE WHERE { ?s a kg:Article }",
    "CLEAR ALL",
])
def test_updates_are_refused(graph_file, capsys, q):
    before = graph_file.read_bytes()
    assert main(["query", str(graph_file), "-q", q]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err and err.startswith("kg: error:")
    assert graph_file.read_bytes() == before


@pytest.mark.parametrize("name,content", [("missing.ttl", None), ("graph.xyz", b"x"), ("broken.ttl", b"<a> <b> .")])
def test_query_bad_graph_file_exits_2(tmp_path, capsys, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["query", str(path), "-q", "ASK { ?s ?p ?o }"]) == 2
    assert name in one_line(capsys.readouterr().err)


def test_query_subprocess(graph_file, tmp_path):
    proc = run_kg("query", graph_file, "-q", "SELECT ?t WHERE { ?a dcterms:title ?t }", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert TITLE in proc.stdout.decode("utf-8")


# render


def test_render_png(graph_file, tmp_path, capsys):
    out = tmp_path / "g.png"
    assert main(["render", str(graph_file), "-o", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 1000
    assert "g.png" in capsys.readouterr().err


# help


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["query", "--help"], ["render", "--help"]])
def test_help_exits_0(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kg")


def test_help_subprocess(tmp_path):
    proc = run_kg("--help", cwd=tmp_path)
    assert proc.returncode == 0
    out = proc.stdout.decode()
    for command in ("build", "query", "render"):
        assert command in out


def test_no_command_exits_2(capsys):
    assert main([]) == 2
    assert "usage: kg" in capsys.readouterr().err


def test_unknown_option_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["build", "--no-such-option"])
    assert info.value.code == 2


# build --base


@pytest.mark.parametrize("base", ["https://data.example.org/kg/", "http://data.example.org/kg#"])
def test_build_base_mints_every_iri_under_it(tmp_path, capsys, reference_path, base):
    out = tmp_path / "g.trig"
    assert main(["build", str(reference_path), "--base", base, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    ds = Dataset()
    ds.parse(out, format="trig")
    [(article, _, _, name)] = ds.quads((None, RDF.type, KG.Article, None))
    assert name == article and str(article).startswith(base + "article/")
    graph = ds.graph(name)
    # everything the article's graph mints is under the base (a unit named by its official code may keep
    # the shared division IRI, so nodes with kg:adminCode are left out)
    minted = {s for s in graph.subjects() if (s, KG.adminCode, None) not in graph}
    assert len(minted) > 50 and all(str(node).startswith(base) for node in minted), sorted(minted)[:3]
    assert all(str(node).count("#") <= 1 for node in minted)  # a mention IRI keeps one fragment
    assert re.search(rf" {len(graph)} triples;", err.splitlines()[0]), err  # the summary counts this base's graph
    assert main(["validate", str(out)]) == 0


@pytest.mark.parametrize("base,says", [
    ("example.org/kg/", "not an absolute http(s) IRI"),
    ("ftp://example.org/kg/", "not an absolute http(s) IRI"),
    ("https://example.org/kg", "must end in / or #"),
    ("https://example.org/a#b/", "no # except as its last character"),
    ("https://例子.org/kg/", "must be ASCII"),
    ("https://example.org/k g/", "must be ASCII without spaces"),
])
def test_build_bad_base_exits_2_and_writes_nothing(tmp_path, capsys, reference_path, base, says):
    out = tmp_path / "g.ttl"
    assert main(["build", str(reference_path), "--base", base, "-o", str(out)]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"kg: error: --base {base}: ") and says in line, line
    assert not out.exists()
