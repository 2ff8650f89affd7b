"""kg serve and kg push against real Oxigraph servers that the tests start on 127.0.0.1 and stop.

Servers are subprocesses (the `oxigraph` executable, or `kg serve` itself) on a free port; a test waits
for one by polling its query endpoint, and a finalizer kills it. What arrived on a server is read back
over the SPARQL 1.1 Protocol and compared with the source as graphs (isomorphism), never as text.
"""
from __future__ import annotations

import base64
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.serving import graph_url, is_loopback, oxigraph_executable

INTEGER_TYPES = {XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger,
                 XSD.long, XSD.int, XSD.short, XSD.byte, XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort,
                 XSD.unsignedByte}
READY = 30.0  # seconds a server may take to answer its first query
HANDMADE = """\
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:outside ex:says "in the default graph" .

ex:g1 {
    ex:a ex:name "北关社区"@zh-Hans , "北關社區"@zh-Hant ;
         ex:note "a \\"quoted\\" line\\nand a second, with a backslash \\\\" ;
         ex:date "2020-06-30"^^xsd:date ;
         ex:begin "702"^^xsd:nonNegativeInteger ;
         ex:part [ ex:name "a blank node" ] .
}

ex:g2 {
    ex:a ex:name "北关社区"@zh-Hans .
    ex:b ex:count 1153 .
}
"""


# ---------------------------------------------------------------------------- helpers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url: str, data: bytes | None = None, *, method: str | None = None, headers: dict | None = None):
    """(status, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def query(base: str, text: str, accept: str) -> bytes:
    status, body = http(f"{base}/query", urllib.parse.urlencode({"query": text}).encode(),
                        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    assert status == 200, body
    return body


def graph_names(base: str) -> set[str]:
    body = query(base, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json")
    return {row["g"]["value"] for row in json.loads(body)["results"]["bindings"]}


def graph_on(base: str, iri: str | None) -> Graph:
    """One graph of the server, read with a CONSTRUCT query; None: the default graph (on a server without
    --union-default-graph)."""
    where = "{ ?s ?p ?o }" if iri is None else f"{{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    body = query(base, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {where}", "application/n-triples")
    return Graph().parse(data=body.decode("utf-8"), format="nt")


def named_graphs(path: Path, fmt: str) -> dict[str, Graph]:
    """The named graphs of a TriG/N-Quads file, read by rdflib (not by the code under test)."""
    ds = Dataset()
    ds.parse(path, format=fmt)
    return {str(g.identifier): g for g in ds.graphs()
            if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}


def as_oxigraph_stores(graph: Graph) -> Graph:
    """The graph as an Oxigraph store keeps it: integer types derived from xsd:integer (kg writes
    xsd:nonNegativeInteger offsets) become xsd:integer, and language tags lower case (zh-Hans: zh-hans);
    values are unchanged."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in INTEGER_TYPES:
            o = Literal(int(o), datatype=XSD.integer)
        elif isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def default_graph(path: Path, fmt: str) -> Graph:
    ds = Dataset()
    ds.parse(path, format=fmt)
    return ds.graph(DATASET_DEFAULT_GRAPH_ID)


def wait_until_ready(base: str, process: subprocess.Popen) -> None:
    """Poll the query endpoint until it answers; fail if the process exits or READY seconds pass."""
    deadline = time.monotonic() + READY
    while True:
        assert process.poll() is None, f"the server exited with {process.returncode}: {_output(process)}"
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return
        assert time.monotonic() < deadline, f"no answer from {base} within {READY} s"
        time.sleep(0.05)


def _output(process: subprocess.Popen) -> str:
    with contextlib.suppress(Exception):
        return process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    return ""


def refuses_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def kill_group(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
    elif os.name == "posix":  # the process is gone; anything it started is in its group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def kg(*args, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env)


def make_store(directory: Path, *sources: Path) -> Path:
    """A store directory as kg build --store lays it out: DIR/oxigraph is a pyoxigraph database."""
    import pyoxigraph as ox

    directory.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(directory / "oxigraph"))
    for src in sources:
        store.load(path=str(src), format=ox.RdfFormat.TRIG)
    store.flush()
    del store  # closes the database and releases its lock
    return directory


def no_traceback(err: str) -> None:
    assert "Traceback" not in err, err


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture
def oxigraph(request):
    """Start a real `oxigraph` server: oxigraph(location=None, read_only=False) -> its base URL."""
    def start(location: Path | None = None, read_only: bool = False) -> str:
        port = free_port()
        cmd = [oxigraph_executable(), "serve-read-only" if read_only else "serve", "--bind", f"127.0.0.1:{port}"]
        if location is not None:
            cmd += ["--location", str(location)]
        process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True)
        request.addfinalizer(lambda: kill_group(process))
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(base, process)
        return base
    return start


@pytest.fixture
def kg_serve(request):
    """Run `kg serve ARGS` as a subprocess: kg_serve(*args) -> (process, base URL, port), once it answers."""
    def start(*args) -> tuple[subprocess.Popen, str, int]:
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "kg", "serve", *map(str, args), "--port", str(port)],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        request.addfinalizer(lambda: kill_group(process))
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(base, process)
        return process, base, port
    return start


@pytest.fixture(scope="module")
def built_trig(tmp_path_factory, reference_path, article_file) -> Path:
    """Two articles built by kg as TriG: one named graph per article, plus the register's graph."""
    import kg
    from kg.exporting import write

    out = tmp_path_factory.mktemp("built") / "two.trig"
    write(kg.build([str(reference_path), str(article_file("dev-05-gulou-rehelu"))]), out, "trig")
    return out


@pytest.fixture
def handmade(tmp_path) -> Path:
    path = tmp_path / "handmade.trig"
    path.write_text(HANDMADE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory, reference_path, article_file) -> Path:
    """The same two articles built into a kg store."""
    directory = tmp_path_factory.mktemp("store") / "kg-store"
    done = kg("build", reference_path, article_file("dev-05-gulou-rehelu"), "--store", directory)
    assert done.returncode == 0, done.stderr
    return directory


# ---------------------------------------------------------------------------- kg serve


def test_the_oxigraph_server_comes_with_kg():
    out = subprocess.run([oxigraph_executable(), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("oxigraph 0.5."), out


def test_serve_answers_sparql_queries_over_http(kg_serve, store, built_trig):
    process, base, port = kg_serve("--store", store)
    expected = named_graphs(built_trig, "trig")
    assert len(expected) == 3  # two articles and the register
    assert graph_names(base) == set(expected)
    for iri, graph in expected.items():
        assert isomorphic(graph_on(base, iri), as_oxigraph_stores(graph)), iri
    # the default graph is the union of the store's graphs, as for kg query
    body = query(base, 'SELECT DISTINCT ?g WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> "北关社区"@zh-Hans '
                 '. GRAPH ?g { ?x ?p ?o } }', "application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"], "the union default graph finds the community"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    err = err.decode("utf-8")
    assert f"SPARQL queries at http://127.0.0.1:{port}/query" in err
    assert "read-only" in err


def test_a_read_only_server_refuses_updates(kg_serve, store, built_trig):
    _, base, _ = kg_serve("--store", store)
    status, body = http(f"{base}/update", b"update=" + urllib.parse.quote_plus(
        "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }").encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, _ = http(f"{base}/store?default", b"<urn:x:s> <urn:x:p> <urn:x:o> .\n", method="PUT",
                     headers={"Content-Type": "application/n-triples"})
    assert status == 403
    assert query(base, "ASK { <urn:x:s> ?p ?o }", "application/sparql-results+json").find(b"false") >= 0


def test_allow_update_accepts_updates_and_they_stay_in_the_store(kg_serve, tmp_path, handmade):
    import pyoxigraph as ox

    directory = make_store(tmp_path / "writable", handmade)
    process, base, _ = kg_serve("--store", directory, "--allow-update")
    status, body = http(f"{base}/update", b"update=" + urllib.parse.quote_plus(
        "INSERT DATA { GRAPH <urn:x:new> { <urn:x:s> <urn:x:p> \"写入\" } }").encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 204, body
    assert "urn:x:new" in graph_names(base)
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    reopened = ox.Store.read_only(str(directory / "oxigraph"))
    assert ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("写入"),
                   ox.NamedNode("urn:x:new")) in reopened


@pytest.mark.parametrize("how", ["SIGINT to kg", "SIGINT to the process group (Ctrl-C)", "SIGTERM to kg"])
def test_serve_stops_cleanly(kg_serve, store, how):
    process, _, port = kg_serve("--store", store)
    if how == "SIGINT to kg":
        process.send_signal(signal.SIGINT)
    elif how.startswith("SIGINT to the process group"):
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    err = err.decode("utf-8")
    assert process.returncode == 0, err
    no_traceback(err)
    assert err.rstrip().endswith("kg: server stopped")
    assert refuses_connections(port), "the oxigraph server outlived kg serve"


def test_serve_a_directory_that_is_not_a_store(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for directory, says in ((empty, "not a kg store"), (tmp_path / "missing", "no such store directory")):
        result = kg("serve", "--store", directory, "--port", free_port(), timeout=60)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and says in lines[0] and str(directory) in lines[0], result.stderr
        assert "kg build CORPUS --store" in lines[0]


def test_serve_on_a_port_in_use_warns_for_a_public_host_then_says_the_port_is_taken(store):
    # a listener on 127.0.0.1:PORT makes binding 0.0.0.0:PORT fail, so nothing listens beyond loopback
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = kg("serve", "--store", store, "--host", "0.0.0.0", "--port", port, timeout=60)
    assert result.returncode == 2, result.stderr
    warning, error = result.stderr.strip().splitlines()
    assert warning.startswith("kg: warning: --host 0.0.0.0 lets other machines reach the server")
    assert error == f"kg: error: cannot serve on http://0.0.0.0:{port}: the port is in use; choose another with --port"


def test_a_store_open_for_writing_is_served_read_only_but_not_writable(kg_serve, tmp_path, handmade):
    import pyoxigraph as ox

    directory = make_store(tmp_path / "busy", handmade)
    writer = ox.Store(str(directory / "oxigraph"))  # as a running kg build holds it
    try:
        result = kg("serve", "--store", directory, "--allow-update", "--port", free_port(), timeout=60)
        assert result.returncode == 2
        assert result.stderr.strip() == (f"kg: error: {directory}: the store is open for writing in another process "
                                         "(a kg build, or a kg serve --allow-update); serve it without "
                                         "--allow-update, or wait until that process ends")
        _, base, _ = kg_serve("--store", directory)
        assert graph_names(base) == {"https://example.org/g1", "https://example.org/g2"}
    finally:
        del writer


@pytest.mark.parametrize("endpoint,iri,url", [
    ("http://127.0.0.1:7878/store", "https://example.org/a#g",
     "http://127.0.0.1:7878/store?graph=https%3A%2F%2Fexample.org%2Fa%23g"),
    ("http://127.0.0.1:3030/kg/data?x=1", None, "http://127.0.0.1:3030/kg/data?x=1&default"),
])
def test_graph_url(endpoint, iri, url):
    assert graph_url(endpoint, iri) == url


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                           ("localhost", True), ("0.0.0.0", False), ("::", False),
                                           ("192.0.2.1", False)])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


# ---------------------------------------------------------------------------- kg push


def assert_arrived(base: str, path: Path, fmt: str) -> None:
    """Every named graph of the file is on the Oxigraph server, with the same triples (as Oxigraph stores them)."""
    expected = named_graphs(path, fmt)
    assert graph_names(base) == set(expected)
    for iri, graph in expected.items():
        assert isomorphic(graph_on(base, iri), as_oxigraph_stores(graph)), iri


def test_push_a_trig_file_sends_every_named_graph(oxigraph, built_trig, handmade):
    base = oxigraph()
    result = kg("push", built_trig, "--endpoint", f"{base}/store")
    assert result.returncode == 0, result.stderr
    assert_arrived(base, built_trig, "trig")
    triples = sum(len(g) for g in named_graphs(built_trig, "trig").values())
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"kg: pushed 3 graphs, {triples} triples to {base}/store in "), summary

    # literals in two scripts, escapes, a typed literal, a blank node; the default graph goes to ?default
    other = oxigraph()
    result = kg("push", handmade, "--endpoint", f"{other}/store")
    assert result.returncode == 0, result.stderr
    assert_arrived(other, handmade, "trig")
    assert isomorphic(graph_on(other, None), default_graph(handmade, "trig"))


def test_push_a_store_directory(oxigraph, store, built_trig, tmp_path, handmade):
    base = oxigraph()
    result = kg("push", store, "--endpoint", f"{base}/store")
    assert result.returncode == 0, result.stderr
    assert_arrived(base, built_trig, "trig")
    # a store's default graph goes to --graph IRI when one is given
    directory = make_store(tmp_path / "with-default", handmade)
    other = oxigraph()
    result = kg("push", directory, "--graph", "https://example.org/outside", "--endpoint", f"{other}/store")
    assert result.returncode == 0, result.stderr
    assert graph_names(other) == {"https://example.org/g1", "https://example.org/g2", "https://example.org/outside"}
    assert isomorphic(graph_on(other, "https://example.org/outside"), default_graph(handmade, "trig"))
    assert len(graph_on(other, None)) == 0


def test_a_store_being_served_can_be_pushed(kg_serve, oxigraph, store, built_trig):
    kg_serve("--store", store)
    base = oxigraph()
    result = kg("push", store, "--endpoint", f"{base}/store")
    assert result.returncode == 0, result.stderr
    assert_arrived(base, built_trig, "trig")


def test_put_replaces_a_graph_and_append_adds_to_it(oxigraph, tmp_path):
    first, second = tmp_path / "first.nq", tmp_path / "second.nq"
    first.write_text('<urn:x:a> <urn:x:p> "one" <urn:x:g> .\n<urn:x:a> <urn:x:p> "two" <urn:x:g> .\n', encoding="utf-8")
    second.write_text('<urn:x:a> <urn:x:p> "three" <urn:x:g> .\n', encoding="utf-8")
    values = lambda base: {str(o) for _, _, o in graph_on(base, "urn:x:g")}  # noqa: E731

    base = oxigraph()
    assert kg("push", first, "--endpoint", f"{base}/store").returncode == 0
    assert values(base) == {"one", "two"}
    assert kg("push", second, "--endpoint", f"{base}/store").returncode == 0
    assert values(base) == {"three"}
    result = kg("push", first, "--append", "--endpoint", f"{base}/store")
    assert result.returncode == 0, result.stderr
    assert values(base) == {"one", "two", "three"}


def test_push_triples_to_one_graph_or_the_default(oxigraph, tmp_path):
    turtle = tmp_path / "one.ttl"
    turtle.write_text('<urn:x:a> <urn:x:p> "甲" .\n<urn:x:b> <urn:x:p> "乙" .\n', encoding="utf-8")
    expected = Graph().parse(turtle, format="turtle")
    base = oxigraph()
    assert kg("push", turtle, "--graph", "urn:x:chosen", "--endpoint", f"{base}/store").returncode == 0
    assert graph_names(base) == {"urn:x:chosen"}
    assert isomorphic(graph_on(base, "urn:x:chosen"), expected)
    assert len(graph_on(base, None)) == 0
    other = oxigraph()
    assert kg("push", turtle, "--endpoint", f"{other}/store").returncode == 0
    assert graph_names(other) == set()
    assert isomorphic(graph_on(other, None), expected)


def test_push_to_an_unreachable_endpoint(built_trig):
    endpoint = f"http://127.0.0.1:{free_port()}/store"  # nothing listens there
    result = kg("push", built_trig, "--endpoint", endpoint)
    assert result.returncode == 2
    no_traceback(result.stderr)
    error, summary = result.stderr.strip().splitlines()
    assert error == f"kg: error: cannot reach {endpoint}: Connection refused; is the server running, and the URL right?"
    assert summary.startswith(f"kg: pushed 0 graphs, 0 triples to {endpoint}")


def test_push_to_a_read_only_server_says_what_the_server_answered(oxigraph, tmp_path, built_trig, store):
    base = oxigraph(store / "oxigraph", read_only=True)
    result = kg("push", built_trig, "--endpoint", f"{base}/store")
    assert result.returncode == 2
    no_traceback(result.stderr)
    error = result.stderr.strip().splitlines()[0]
    assert error.startswith(f"kg: error: PUT {base}/store graph https://w3id.org/zhgov-kg/id/")
    assert "HTTP 403 Forbidden: The server is read-only" in error
    assert "the endpoint refuses writes" in error


def test_push_a_wrong_url_hints_at_the_graph_store_url(oxigraph, built_trig):
    base = oxigraph()
    result = kg("push", built_trig, "--endpoint", f"{base}/sparql-graph-store")
    assert result.returncode == 2
    error = result.stderr.strip().splitlines()[0]
    assert "HTTP 404" in error and "is this the Graph Store Protocol URL?" in error


def test_a_source_that_does_not_parse_fails_alone(oxigraph, tmp_path, handmade):
    bad = tmp_path / "bad.nt"
    bad.write_text('<urn:x:a> <urn:x:p> "an unterminated literal .\n', encoding="utf-8")
    base = oxigraph()
    result = kg("push", bad, handmade, "--endpoint", f"{base}/store")
    assert result.returncode == 1
    no_traceback(result.stderr)
    assert result.stderr.startswith(f"kg: error: {bad}: does not parse as nt: ")
    assert "; 1 failed" in result.stderr.strip().splitlines()[-1]
    assert_arrived(base, handmade, "trig")


@pytest.mark.parametrize("args,says", [
    (["missing.trig"], "missing.trig: no such graph file or store directory"),
    (["graph.csv"], "graph.csv: unknown graph format"),
    (["notastore"], "notastore: not a kg store"),
    (["graph.trig", "--endpoint", "localhost:7878/store"], "--endpoint localhost:7878/store: not an http(s) URL"),
    (["graph.trig", "--graph", "not an iri"], "--graph not an iri: not an absolute IRI"),
    (["graph.trig", "--user", "someone"],
     "--user someone: set the password in the environment variable KG_PUSH_PASSWORD"),
])
def test_push_usage_errors_send_nothing(tmp_path, args, says):
    (tmp_path / "graph.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "graph.trig").write_text("<urn:x:a> <urn:x:p> <urn:x:o> .\n", encoding="utf-8")
    (tmp_path / "notastore").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "KG_PUSH_PASSWORD"}
    if "--endpoint" not in args:
        args = [*args, "--endpoint", f"http://127.0.0.1:{free_port()}/store"]
    result = subprocess.run([sys.executable, "-m", "kg", "push", *args], capture_output=True, text=True,
                            timeout=300, env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: error: {says}"), result.stderr


class _BasicAuthStore(BaseHTTPRequestHandler):
    """A Graph Store endpoint that wants HTTP Basic credentials and keeps what it is sent, and gives it back
    (a real HTTP server, since Oxigraph has no authentication)."""

    credentials = base64.b64encode(b"analyst:s3cret pass").decode()
    received: list = []

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") == f"Basic {self.credentials}":
            return True
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        self.end_headers()
        self.wfile.write(b"wrong user or password")
        return False

    def do_PUT(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self._authorised():
            self.received.append((self.path, self.headers["Content-Type"], body))
            self.send_response(204)
            self.end_headers()

    def do_GET(self):  # noqa: N802
        if self._authorised():
            body = b"".join(b for path, _, b in self.received if path == self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/n-triples")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def auth_endpoint():
    _BasicAuthStore.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BasicAuthStore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store"
    server.shutdown()
    server.server_close()


def test_push_sends_basic_credentials_from_the_environment(auth_endpoint, handmade):
    env = os.environ | {"KG_PUSH_PASSWORD": "s3cret pass"}
    result = kg("push", handmade, "--user", "analyst", "--endpoint", auth_endpoint, env=env)
    assert result.returncode == 0, result.stderr
    paths = sorted(path for path, _, _ in _BasicAuthStore.received)
    assert paths == ["/store?default", "/store?graph=https%3A%2F%2Fexample.org%2Fg1",
                     "/store?graph=https%3A%2F%2Fexample.org%2Fg2"]
    assert {ctype for _, ctype, _ in _BasicAuthStore.received} == {"application/n-triples"}
    # exactly the file's triples: push does not pass them through a store, which would rewrite datatypes
    sent = {path: Graph().parse(data=body.decode("utf-8"), format="nt") for path, _, body in _BasicAuthStore.received}
    expected = named_graphs(handmade, "trig")
    assert isomorphic(sent["/store?graph=https%3A%2F%2Fexample.org%2Fg1"], expected["https://example.org/g1"])
    assert (URIRef("https://example.org/a"), URIRef("https://example.org/begin"),
            Literal("702", datatype=XSD.nonNegativeInteger)) in sent["/store?graph=https%3A%2F%2Fexample.org%2Fg1"]
    assert isomorphic(sent["/store?default"], default_graph(handmade, "trig"))

    wrong = kg("push", handmade, "--user", "analyst", "--endpoint", auth_endpoint,
               env=os.environ | {"KG_PUSH_PASSWORD": "guess"})
    assert wrong.returncode == 2
    assert "HTTP 401" in wrong.stderr and "wrong user or password" in wrong.stderr
    assert "check --user and the KG_PUSH_PASSWORD environment variable" in wrong.stderr
    assert "guess" not in wrong.stderr


def test_a_served_kg_store_is_not_rebuilt_under_the_server(kg_serve, tmp_path, reference_path):
    directory = tmp_path / "served"
    assert kg("build", reference_path, "--store", directory).returncode == 0
    process, base, _ = kg_serve("--store", directory)
    busy = kg("build", reference_path, "--store", directory)
    assert busy.returncode == 2 and "in use by another kg process" in busy.stderr
    # the default graph is the union, each triple once: no DISTINCT needed
    body = json.loads(query(base, "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?d) WHERE { ?s a "
                            "<https://w3id.org/zhgov-kg/ontology#SubdistrictOffice> }", "application/sparql-results+json"))
    row = body["results"]["bindings"][0]
    assert row["n"]["value"] == row["d"]["value"] != "0"
    process.send_signal(signal.SIGINT)
    process.wait(30)
    assert kg("build", reference_path, "--store", directory).returncode == 0  # the lock went with the server


class _Elsewhere(BaseHTTPRequestHandler):
    """Another origin: records every request and the Authorization header it came with."""

    seen: list = []

    def _any(self):
        self.seen.append((self.command, self.path, self.headers.get("Authorization")))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_PUT = do_POST = _any

    def log_message(self, *args):
        pass


class _Redirecting(BaseHTTPRequestHandler):
    """An endpoint that sends every request to `target` with a redirect."""

    target = ""
    code = 302

    def _any(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(self.code)
        self.send_header("Location", self.target + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_POST = _any

    def log_message(self, *args):
        pass


class _BlackHole(BaseHTTPRequestHandler):
    """Answers 200 to anything and keeps nothing, as a web page at the wrong URL would."""

    def _any(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"<html><body>Welcome</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = _any

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def http_server(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("append", [False, True])
def test_push_follows_no_redirect_and_sends_no_credentials_elsewhere(handmade, code, append):
    _Elsewhere.seen = []
    with http_server(_Elsewhere) as elsewhere:
        _Redirecting.target, _Redirecting.code = elsewhere, code
        with http_server(_Redirecting) as redirecting:
            env = os.environ | {"KG_PUSH_PASSWORD": "s3cret pass"}
            result = kg("push", handmade, "--user", "analyst", "--endpoint", f"{redirecting}/store",
                        *(["--append"] if append else []), env=env)
    assert _Elsewhere.seen == []  # not the graph, not the credentials, not even a GET
    assert result.returncode == 2, result.stderr
    no_traceback(result.stderr)
    assert f"HTTP {code} redirects to {elsewhere}/store" in result.stderr
    assert "kg push follows no redirect" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("kg: pushed 0 graphs")


def test_push_to_an_endpoint_that_keeps_nothing_says_the_graphs_did_not_arrive(handmade):
    with http_server(_BlackHole) as endpoint:
        result = kg("push", handmade, "--append", "--endpoint", f"{endpoint}/store")
    assert result.returncode == 2, result.stderr
    no_traceback(result.stderr)
    assert "the graph did not arrive: reading it back (GET) gave text/html, not N-Triples" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("kg: pushed 0 graphs, 0 triples")


class _Endless(BaseHTTPRequestHandler):
    """Answers every request with a body that never ends (as a hostile or broken endpoint may)."""

    protocol_version = "HTTP/1.0"

    def _any(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/n-triples")
        self.end_headers()
        with contextlib.suppress(OSError):
            while True:
                self.wfile.write(b"x" * 65536)

    do_GET = do_PUT = do_POST = _any

    def log_message(self, *args):
        pass


def test_push_to_an_endpoint_whose_answers_never_end_stops_in_time(handmade):
    with http_server(_Endless) as endpoint:
        result = kg("push", handmade, "--timeout", "3", "--endpoint", f"{endpoint}/store", timeout=120)
    assert result.returncode == 2, result.stderr
    no_traceback(result.stderr)
    assert "the graph did not arrive: reading it back (GET) took longer than 3 s" in result.stderr


def test_a_store_being_built_is_not_pushed_half_written(oxigraph, store):
    from kg.store import locked

    base = oxigraph()
    with locked(store, write=True):  # as kg build holds it
        result = kg("push", store, "--endpoint", f"{base}/store")
    assert result.returncode == 2, result.stderr
    assert "the store is in use by another kg process" in result.stderr
    assert graph_names(base) == set()
