"""What a newcomer types and what kg answers: odd arguments get one line saying what to do, never a
traceback; a store, an article or a misspelt command is recognised for what it is. Run as a user runs
kg, in a subprocess."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

KG = [sys.executable, "-m", "kg"]


def kg(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, timeout=300, cwd=cwd)


def error_line(result: subprocess.CompletedProcess) -> str:
    """The one line of a usage error: exit 2, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [ln for ln in result.stderr.strip().splitlines() if "error" in ln]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory, reference_path):
    """The reference article as a Turtle file and as a store."""
    root = tmp_path_factory.mktemp("built")
    assert kg("build", reference_path, "-o", root / "ref.ttl").returncode == 0
    assert kg("build", reference_path, "--store", root / "store").returncode == 0
    return root


@pytest.mark.parametrize("args,says", [
    (["build", "--timeout", "1e-300"], "'1e-300' is too short a time limit: give 0.001 s or more, or 0 for no limit"),
    (["build", "--base", "http://[::1/"], "--base http://[::1/: not an absolute http(s) IRI"),
    (["build", "--base", "http://example.org:port/"], "--base http://example.org:port/: not an absolute http(s) IRI"),
    (["query", "ref.ttl", "studios", "--timeout", "1e-300"], "'1e-300' is too short a time limit"),
    (["push", "ref.ttl", "--endpoint", "http://[::1/"], "--endpoint http://[::1/: not a valid URL (Invalid IPv6 URL)"),
    (["push", "ref.ttl", "--endpoint", "http://127.0.0.1:99999999/store"], "not a valid URL (Port out of range"),
    (["push", "ref.ttl", "--timeout", "1e-300", "--endpoint", "http://127.0.0.1:9/store"], "too short a time limit"),
    (["serve", "--store", "store", "--host", "nosuch.invalid"], "cannot serve on nosuch.invalid: not an address"),
    (["render", "ref.ttl", "-o", "x.png", "--max-nodes", "-5"], "argument --max-nodes: '-5' is not a whole number"),
])
def test_odd_arguments_get_one_line_not_a_traceback(built, args, says):
    line = error_line(kg(*args, cwd=built))
    assert says in line, line


def test_a_misspelt_command_gets_a_suggestion(tmp_path):
    line = error_line(kg("biuld", cwd=tmp_path))
    assert "did you mean build?" in line
    assert "did you mean" not in error_line(kg("frobnicate", cwd=tmp_path))


@pytest.mark.parametrize("name,fmt", [("ttl", "turtle"), ("TTL", "turtle"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_the_usual_format_names_are_taken(tmp_path, reference_path, name, fmt):
    out = tmp_path / "graph.out"
    result = kg("build", reference_path, "--format", name, "-o", out)
    assert result.returncode == 0, result.stderr
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(out, format=fmt)
    assert len(ds) > 100


@pytest.mark.parametrize("command", ["render", "validate", "query"])
def test_a_store_given_as_a_graph_file_is_recognised(built, command):
    args = [command, "store"] + (["-o", "x.png"] if command == "render" else ["studios"] if command == "query" else [])
    line = error_line(kg(*args, cwd=built))
    assert "no such graph file" not in line
    assert "store: a kg store; give it as --store store" in line


def test_an_article_given_to_render_says_build_it_first(built, reference_path):
    line = error_line(kg("render", reference_path, "-o", "x.png", cwd=built))
    assert "an article, not a graph; build it first (kg build" in line


def test_render_and_validate_read_a_store(built, tmp_path):
    result = kg("validate", "--store", built / "store")
    assert result.returncode == 0 and result.stdout.strip() == "conforms", result.stdout + result.stderr
    out = tmp_path / "store.graphml"
    result = kg("render", "--store", built / "store", "-o", out)
    assert result.returncode == 0, result.stderr
    from_file = tmp_path / "file.graphml"
    assert kg("render", built / "ref.ttl", "-o", from_file).returncode == 0
    assert out.read_bytes() == from_file.read_bytes()  # the same drawing from the store as from the file
    line = error_line(kg("validate", "--store", built / "store", built / "ref.ttl"))
    assert "not both" in line


def test_a_graph_read_from_a_store_is_the_graph_it_was_built_from(built):
    from rdflib.compare import isomorphic

    from kg.exporting import union
    from kg.querying import load, load_store

    assert isomorphic(union(load_store(built / "store")), Graph().parse(built / "ref.ttl"))


def test_a_hostile_file_name_cannot_forge_a_line_or_drive_the_terminal(tmp_path, reference_path):
    # a file name is the user's adversary's text: a line break in it would print a line of its own, an
    # escape sequence would be obeyed by the terminal; kg shows both as escapes
    name = "a\x1b[31mred\nkg: 0 built, a forged line\u2028.txt"
    (tmp_path / name).write_bytes(Path(reference_path).read_bytes())
    result = kg("build", tmp_path, "-o", tmp_path / "out.nq")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr and "\u2028" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{tmp_path}/a\\x1b[31mred\\x0akg: 0 built"), lines
    missing = kg("build", tmp_path / "no\x1b[2Jsuch.txt", "-o", tmp_path / "x.nq")
    assert "\x1b" not in missing.stderr and "no\\x1b[2Jsuch.txt" in error_line(missing)


def test_a_query_error_echoes_the_query_line_without_obeying_it(built):
    result = kg("query", built / "ref.ttl", "-q", "SELECT ?x\nWHERE { ?x a \x1b[2J kg:Article }")
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and "\x1b" not in result.stderr, result.stderr
    assert lines[0].startswith("kg: error: SPARQL syntax error at line 2") and "\\x1b[2J" in lines[1], lines


def test_render_says_a_bad_suffix_before_it_reads_the_graph(tmp_path):
    # the drawing's format is checked first: a large graph is not loaded only to be refused
    line = error_line(kg("render", tmp_path / "not-built-yet.ttl", "-o", tmp_path / "picture.bmp"))
    assert "unsupported suffix '.bmp'" in line and "not-built-yet" not in line, line
