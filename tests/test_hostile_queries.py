"""Hostile queries through every entry point: graph files, a store, the server.

A refusal must hold for the engine that runs the query, not for a parser that reads the text
differently: each case sends its SERVICE or LOAD at a real listener on 127.0.0.1 that counts the
connections it accepts, and the count must stay 0 (and does go up when --allow-remote lifts the
refusal, so the listener is seen to work). Time and memory limits are tested on queries that would
otherwise run for hours or until the machine runs out of memory; every failure is one line, no traceback.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.querying import Limits, load, run, run_store

KG = [sys.executable, "-m", "kg"]
RESULT = b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"from the endpoint"}}]}}'
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i ?a ?d ?g"
# about 10^12 steps of Python's backtracking regex engine, in C, where no signal or thread can interrupt it
CATASTROPHIC = f'SELECT * WHERE {{ BIND(CONCAT("{"a" * 60}", "!") AS ?s) FILTER(regex(?s, "^(a|aa)+$")) }}'


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts and answers each as a SPARQL
    endpoint or a Graph Store would (200, one row of JSON results, or Turtle)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.count = 0
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.count += 1
            with contextlib.suppress(OSError), conn:
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    conn.recv(65536)
                body = RESULT
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

    def close(self):
        self._stop = True
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def ref_file(tmp_path_factory, reference_path) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "ref.trig"
    done = subprocess.run([*KG, "build", str(reference_path), "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def ds(ref_file):
    return load([str(ref_file)])


@pytest.fixture(scope="module")
def store(tmp_path_factory, reference_path) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "store"
    done = subprocess.run([*KG, "build", str(reference_path), "--store", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def kg(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def one_line_error(result: subprocess.CompletedProcess, code: int = 2) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("kg: error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def hidden(url: str) -> list[str]:
    """Texts in which a SERVICE call hides from one reading or another of the query."""
    return [
        # rdflib ends a comment at LF only, Oxigraph at CR too: rdflib reads no SERVICE here
        f"SELECT * WHERE {{ ?s a kg:Article # c\r SERVICE <{url}> {{ ?a ?b ?c }} \n }}",
        f"SELECT * WHERE {{ ?s a kg:Article # c\r SERVICE SILENT <{url}> {{ ?a ?b ?c }} \n }}",
        f"ASK {{ # c\r SERVICE <{url}> {{ ?a ?b ?c }} \n }}",
        f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ ?s a kg:Article # \r SERVICE <{url}> {{ ?a ?b ?c }} \n }}",
        # codepoint escapes, which SPARQL processes before parsing
        f"SELECT * WHERE {{ ?s a kg:Article . SERV\\u0049CE <{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s a kg:Article . SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s a kg:Article . FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    ]


# ---------------------------------------------------------------------------- SERVICE and LOAD


@pytest.mark.parametrize("case", range(7))
def test_a_hidden_service_never_reaches_the_endpoint_from_a_store_query(store, listener, case):
    query = hidden(listener.url)[case]
    with contextlib.suppress(KgError):
        run_store(store, query)
    assert listener.count == 0


@pytest.mark.parametrize("case", range(7))
def test_a_hidden_service_never_reaches_the_endpoint_from_a_file_query(ds, listener, case):
    query = hidden(listener.url)[case]
    with contextlib.suppress(KgError):
        run(ds, query)
    assert listener.count == 0


def test_the_listener_counts_what_allow_remote_lets_through(store, ds, listener):
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}"
    assert [str(r[0]) for r in run_store(store, query, limits=Limits(allow_remote=True)).rows] == ["from the endpoint"]
    assert listener.count == 1
    run(ds, query, limits=Limits(allow_remote=True))
    assert listener.count >= 2


def test_kg_query_store_refuses_the_cr_comment_service(store, listener):
    result = kg("query", "--store", store, "-q", hidden(listener.url)[0])
    line = one_line_error(result)
    assert "query refused" in line and "SERVICE" in line and "--allow-remote" in line
    assert listener.count == 0


@pytest.mark.parametrize("update", [
    "INSERT {{ ?a ?b ?c }} WHERE {{ # c\r SERVICE <{url}> {{ ?a ?b ?c }} \n }}",
    "DELETE {{ ?a ?b ?c }} WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "LOAD <{url}> INTO GRAPH <urn:x:g>",
    "LOAD SILENT <{url}> # \r INTO GRAPH <urn:x:g>",
])
def test_updates_with_service_or_load_never_reach_the_endpoint(store, ds, listener, update):
    text = update.format(url=listener.url)
    with pytest.raises(KgError, match="refused"):
        run_store(store, text)
    with contextlib.suppress(KgError):  # on an in-memory copy, allowed: SERVICE and LOAD still stay local
        run(ds, text, limits=Limits(allow_update=True))
    with pytest.raises(KgError, match="refused"):
        run(ds, text)
    assert listener.count == 0


# ---------------------------------------------------------------------------- time


def test_a_catastrophic_regex_stops_at_the_file_query_timeout(ref_file):
    result = kg("query", ref_file, "-q", CATASTROPHIC, "--timeout", "2", timeout=60)
    assert "stopped after 2 s" in one_line_error(result)


def test_a_runaway_store_query_stops_at_the_timeout(store):
    result = kg("query", "--store", store, "-q", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                "--timeout", "1", timeout=90)
    assert "stopped after 1 s" in one_line_error(result)


# ---------------------------------------------------------------------------- memory


def test_a_file_query_stops_at_the_memory_limit(ref_file):
    result = kg("query", ref_file, "-q", CARTESIAN, "--max-memory", "200", "--timeout", "0", timeout=300)
    line = one_line_error(result)
    assert "needed more than the limit of 200 MB" in line and "--max-memory" in line


def test_a_store_query_stops_at_the_memory_limit(store):
    result = kg("query", "--store", store, "-q", CARTESIAN, "--max-memory", "200", "--timeout", "0", timeout=300)
    line = one_line_error(result)
    assert "needed more than the limit of 200 MB" in line and "--max-memory" in line


def test_the_memory_limit_in_the_library(ds, store):
    with pytest.raises(KgError, match="limit of 150 MB"):
        run(ds, CARTESIAN, limits=Limits(max_memory=150, timeout=None))
    with pytest.raises(KgError, match="limit of 150 MB"):
        run_store(store, CARTESIAN, limits=Limits(max_memory=150, timeout=None))
    assert run(ds, "ASK { ?s ?p ?o }", limits=Limits(max_memory=150)).boolean is True


# ---------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, form: dict, accept: str = "application/sparql-results+json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, urllib.parse.urlencode(form).encode(), headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture
def serve(request):
    """serve(*args) -> (process, base URL): `kg serve ARGS` on a free port, once it answers."""
    def start(*args):
        port = free_port()
        process = subprocess.Popen([*KG, "serve", *map(str, args), "--port", str(port)], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)

        def stop():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(30)
        request.addfinalizer(stop)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read().decode()
            with contextlib.suppress(OSError):
                if post(f"{base}/query", {"query": "ASK {}"})[0] == 200:
                    return process, base
            assert time.monotonic() < deadline, "kg serve did not answer"
            time.sleep(0.1)
    return start


def test_the_server_cannot_reach_an_endpoint_with_service(serve, store, listener):
    _, base = serve("--store", store)
    for query in [f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}", *hidden(listener.url)]:
        post(f"{base}/query", {"query": query})
    assert listener.count == 0
    assert b"true" in post(f"{base}/query", {"query": "ASK { ?s a kg:Article }".replace(
        "kg:Article", "<https://w3id.org/zhgov-kg/ontology#Article>")})[1]


def test_a_writable_server_cannot_load_or_call_service_either(serve, tmp_path, reference_path, listener):
    directory = tmp_path / "writable"
    assert kg("build", reference_path, "--store", directory).returncode == 0
    _, base = serve("--store", directory, "--allow-update")
    for update in (f"LOAD <{listener.url}> INTO GRAPH <urn:x:g>",
                   f"INSERT {{ GRAPH <urn:x:g> {{ ?a ?b ?c }} }} WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}"):
        status, _ = post(f"{base}/update", {"update": update})
        assert status >= 400
    assert listener.count == 0
    assert post(f"{base}/update", {"update": "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"})[0] == 204


def test_allow_remote_lets_the_server_call_service(serve, store, listener):
    _, base = serve("--store", store, "--allow-remote")
    post(f"{base}/query", {"query": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}"})
    assert listener.count >= 1


def test_a_query_past_the_servers_memory_limit_restarts_it(serve, store, reference_path):
    process, base = serve("--store", store, "--max-memory", "300")
    with contextlib.suppress(OSError):
        post(f"{base}/query", {"query": CARTESIAN}, accept="text/csv")
    deadline = time.monotonic() + 60
    while True:  # the server is restarted and answers again
        with contextlib.suppress(OSError):
            status, body = post(f"{base}/query", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                                accept="text/csv")
            if status == 200:
                break
        assert time.monotonic() < deadline and process.poll() is None, "the server did not come back"
        time.sleep(0.2)
    assert int(body.decode().split()[1]) > 0
    busy = kg("build", "--store", store, reference_path)  # the restarted server still holds the store's lock
    assert busy.returncode == 2 and "in use by another kg process" in busy.stderr, busy.stderr
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    err = err.decode()
    assert "Traceback" not in err
    assert "kg: error: a request needed more than the server's memory limit of 300 MB" in err
    assert "restarting it" in err and err.rstrip().endswith("kg: server stopped")


# ---------------------------------------------------------------------------- hostile graphs and query files


def test_terminal_controls_in_a_graph_are_shown_not_obeyed(tmp_path):
    graph = tmp_path / "hostile.ttl"
    graph.write_text('<urn:x:a> <urn:x:says> "title\\u001B]0;pwned\\u0007 red\\u001B[31m right\\u202Eleft\\u009B2J" .\n',
                     encoding="utf-8")
    shown = "title\\x1b]0;pwned\\x07 red\\x1b[31m right\\u202eleft\\x9b2J"
    for fmt, expected in (("table", shown), ("md", shown.replace("\\", "\\\\"))):  # Markdown escapes \
        result = kg("query", graph, "-q", "SELECT ?o WHERE { ?s ?p ?o }", "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert not any(c in result.stdout for c in "\x1b\x07\u202e\x9b"), repr(result.stdout)
        assert expected in result.stdout
    # the machine formats keep the value as it is (JSON escapes it)
    result = kg("query", graph, "-q", "SELECT ?o WHERE { ?s ?p ?o }", "--format", "json")
    assert json.loads(result.stdout)["results"]["bindings"][0]["o"]["value"].startswith("title\x1b]0;pwned\x07")


@pytest.mark.parametrize("context", ["file:///dev/zero", "file:///etc/hostname", "/etc/hostname"])
def test_a_json_ld_context_cannot_make_kg_read_another_file(tmp_path, context):
    graph = tmp_path / "hostile.jsonld"
    graph.write_text(json.dumps({"@context": context, "@id": "urn:x:a", "urn:x:b": "c"}), encoding="utf-8")
    for command in (["query", graph, "-q", "ASK { ?s ?p ?o }"], ["validate", graph]):
        line = one_line_error(kg(*command, timeout=60))
        assert "does not parse as json-ld: file access refused" in line


def test_kg_reads_its_own_json_ld(tmp_path, reference_path):
    out = tmp_path / "ref.jsonld"
    assert kg("build", reference_path, "-o", out).returncode == 0
    result = kg("query", out, "studios")
    assert result.returncode == 0 and result.stdout.rstrip().endswith("(2 rows)"), result.stderr


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_query_file_that_never_ends_is_refused(ref_file, tmp_path, special):
    if special == "fifo":
        special = tmp_path / "query.rq"
        os.mkfifo(special)
    line = one_line_error(kg("query", ref_file, "-f", special, timeout=60))
    assert "not a regular file" in line


def test_a_query_file_with_a_byte_order_mark(ref_file, tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes(b"\xef\xbb\xbfASK { ?s a kg:Article }")
    result = kg("query", ref_file, "-f", query)
    assert result.returncode == 0 and result.stdout.strip() == "true", result.stderr


@pytest.mark.parametrize("name,content", [
    ("lone.nt", '<urn:x:a> <urn:x:b> "x\\uD800y" .\n'),
    ("pair.ttl", '<urn:x:a> <urn:x:b> "x\\uD83D\\uDE00" .\n'),  # Turtle's \\u is one code point: two halves
    ("lone.jsonld", '{"@id": "urn:x:a", "urn:x:b": "x\\ud800"}'),
])
def test_a_graph_with_a_lone_surrogate_is_refused_at_load(tmp_path, name, content):
    graph = tmp_path / name
    graph.write_text(content, encoding="utf-8")
    for fmt in ("table", "json", "csv"):
        line = one_line_error(kg("query", graph, "-q", "SELECT ?o WHERE { ?s ?p ?o }", "--format", fmt))
        assert "half of a UTF-16 pair" in line and name in line


def test_an_escaped_backslash_is_no_surrogate(tmp_path):
    graph = tmp_path / "fine.nt"
    graph.write_text('<urn:x:a> <urn:x:b> "x\\\\uD800y" .\n', encoding="utf-8")
    result = kg("query", graph, "-q", "SELECT ?o WHERE { ?s ?p ?o }")
    assert result.returncode == 0 and "x\\uD800y" in result.stdout, result.stderr


def test_arguments_that_are_not_utf8_are_refused(ref_file):
    for args in (["mentions", "--entity", b"\xff\xe5\x8c\x97"], ["-q", b'SELECT * WHERE { ?s ?p "\xff" }']):
        argv = [*KG, "query", str(ref_file)] + [a if isinstance(a, bytes) else a.encode() for a in args]
        result = subprocess.run([a if isinstance(a, bytes) else a.encode() for a in argv], capture_output=True,
                                timeout=120)
        err = result.stderr.decode("utf-8", "replace")
        assert result.returncode == 2 and "Traceback" not in err, err
        assert "the byte 0xff, which is not UTF-8" in err
