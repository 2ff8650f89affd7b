"""Serving and pushing: a store over the SPARQL 1.1 Protocol, and graphs to any Graph Store Protocol endpoint.

- `Server` runs the Oxigraph server (the `oxigraph` executable from the PyPI package of that name) over the
  Oxigraph database of a store directory (`DIR/oxigraph/`), read-only unless updates are allowed.
  Queries see the union of the store's graphs as their default graph, as `kg query` does (a kg store
  keeps it there; another Oxigraph database is served with Oxigraph's union default graph).
- `push` sends graph files or a store to a SPARQL 1.1 Graph Store Protocol endpoint one graph at a time,
  each as N-Triples spooled to a temporary file: PUT replaces that graph, POST (append) adds to it.
  A store is read graph by graph, so it never has to fit in memory; a file is read whole (by rdflib).
"""
from __future__ import annotations

import base64
import collections
import contextlib
import functools
import ipaddress
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kg.errors import KgError
from kg.isolation import confine
from kg.store import is_store, locked

DATABASE = "oxigraph"  # a store directory's Oxigraph (RocksDB) database, beside its bookkeeping
HOST = "127.0.0.1"
PORT = 7878
TIMEOUT = 60  # seconds: a query on the server; one graph's request when pushing
MAX_MEMORY = 2048  # MB the server process may hold
START_TIMEOUT = 30.0  # seconds for the server to open the store and listen
LISTENING = "Listening for requests at"  # what `oxigraph serve` prints once it has bound its address
SPOOL = 32 * 1024 * 1024  # bytes of one graph's N-Triples kept in memory before spilling to a file
ANSWER = 1 << 20  # bytes of an endpoint's answer to a write that are read (a hostile one may never end)
# an absolute IRI: a scheme, then none of the characters IRIs forbid (anchored, so a search stays linear)
IRI = re.compile(r"\A[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+\Z")
REFUSED = {401, 403, 404, 405, 501}  # answers that concern the endpoint, not one graph: stop pushing
HINTS = {
    401: "check --user and the KG_PUSH_PASSWORD environment variable",
    403: "the endpoint refuses writes (a read-only server, or a user without write rights)",
    404: "is this the Graph Store Protocol URL? (Oxigraph: http://HOST:7878/store, Fuseki: http://HOST:3030/DATASET/data)",
    405: "is this the Graph Store Protocol URL? (Oxigraph: http://HOST:7878/store, Fuseki: http://HOST:3030/DATASET/data)",
}


# ---------------------------------------------------------------------------- the store and the executable


def database(store: str | os.PathLike) -> Path:
    """The Oxigraph database inside a store directory; a directory that is not a store raises KgError."""
    store = Path(store)
    db = store / DATABASE
    fix = f"build one with kg build CORPUS --store {store}"
    if not store.is_dir():
        raise KgError(f"{store}: no such store directory; {fix}")
    if not (db / "CURRENT").is_file():  # RocksDB's pointer to its manifest: present in every database
        raise KgError(f"{store}: not a kg store (it has no Oxigraph database {db}); {fix}")
    return db


def oxigraph_executable() -> str:
    """The `oxigraph` server installed with kg (in this Python's scripts directory), else one on PATH."""
    for scripts in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        for name in ("oxigraph", "oxigraph.exe"):
            candidate = Path(scripts) / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise KgError("the oxigraph server is not installed: it comes with kg's dependencies; "
                  f"reinstall kg, or run {Path(sys.executable).name} -m pip install oxigraph")


def is_loopback(host: str) -> bool:
    """Whether every address `host` names is on this machine only (127.0.0.0/8, ::1).

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)


def _address(host: str) -> str:
    """The first address `host` names, numeric (what the server binds); KgError if it names none."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise KgError(f"cannot serve on {host}: not an address of this machine ({reason}); give --host 127.0.0.1") \
            from None
    return infos[0][4][0]


def _check_port(port: int) -> int:
    if not 1 <= port <= 65535:
        raise KgError(f"--port {port}: not a TCP port; give one from 1 to 65535")
    return port


# ---------------------------------------------------------------------------- serving


@dataclass
class Server:
    """The Oxigraph server over a store directory; `start()` returns once it listens. A context manager.

    Read-only unless `allow_update`: the SPARQL 1.1 Protocol at `query_url`, and with updates allowed
    also `update_url` and the Graph Store Protocol at `store_url`. `timeout` (seconds, None for none)
    stops a long query.
    """

    store: Path
    host: str = HOST
    port: int = PORT
    allow_update: bool = False
    timeout: int | None = TIMEOUT
    max_memory: int | None = MAX_MEMORY  # MB the server process may hold (its data segment)
    allow_remote: bool = False  # let SERVICE and LOAD connect to other endpoints
    process: subprocess.Popen | None = field(default=None, repr=False)
    _lines: list[str] = field(default_factory=list, repr=False)
    _recent: collections.deque = field(default_factory=lambda: collections.deque(maxlen=20), repr=False)
    _lock: object = field(default=None, repr=False)

    def __post_init__(self):
        self.host = self.host.strip("[]")  # [::1] as in a URL

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return urllib.parse.urlunsplit(("http", f"{host}:{self.port}", "", "", ""))

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    def command(self) -> list[str]:
        address = _address(self.host)  # resolved here: the server, unable to connect, cannot ask a DNS server
        bind = f"[{address}]:{self.port}" if ":" in address else f"{address}:{self.port}"
        cmd = [oxigraph_executable(), "serve" if self.allow_update else "serve-read-only",
               "--location", str(database(self.store)), "--bind", bind]
        if not is_store(self.store):  # a kg store keeps the union, each triple once, in its default graph
            cmd.append("--union-default-graph")
        if self.timeout:
            cmd += ["--timeout-s", str(self.timeout)]
        return cmd

    def start(self, log: Callable[[str], None] | None = None, wait: float = START_TIMEOUT) -> Server:
        """Start the server and wait until it listens; `log` gets each line it prints after that."""
        _check_port(self.port)
        cmd = self.command()
        if is_store(self.store):  # no kg build may write while it is served (undefined for RocksDB readers)
            self._lock = locked(self.store, write=self.allow_update, role="a server (kg serve --allow-update)")
            self._lock.__enter__()
        return self._spawn(cmd, log, wait)

    def restart(self, log: Callable[[str], None] | None = None, wait: float = START_TIMEOUT) -> Server:
        """Start the server again after it stopped (the store's lock is still held)."""
        self._lines.clear()
        self._recent.clear()
        return self._spawn(self.command(), log, wait)

    def ran_out_of_memory(self) -> bool:
        """Whether the server, now stopped, stopped because it hit `max_memory` (Rust aborts on a failed
        allocation; so does RocksDB's C++)."""
        said = " ".join(self._recent)
        return self.process is not None and self.process.poll() is not None and bool(self.max_memory) and \
            any(sign in said for sign in ("memory allocation of", "bad_alloc", "Cannot allocate memory"))

    def _spawn(self, cmd: list[str], log, wait: float) -> Server:
        # The server process cannot connect anywhere (SERVICE and LOAD fail) and holds at most max_memory MB
        limits = functools.partial(confine, network=self.allow_remote, memory_mb=self.max_memory, relative=False)
        self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, errors="replace",
                                        preexec_fn=limits if os.name == "posix" else None)
        listening = threading.Event()
        reader = threading.Thread(target=self._drain, args=(listening, log), daemon=True)
        reader.start()
        deadline = time.monotonic() + wait
        try:
            while not listening.wait(0.05):
                if self.process.poll() is not None:
                    reader.join(5)  # it ends at the end of the server's output, with the error in hand
                    raise KgError(self._failure())
                if time.monotonic() > deadline:
                    raise KgError(f"the oxigraph server did not start listening on {self.url} within {wait:g} s")
        except BaseException:  # Ctrl-C while starting, too: no server is left behind
            self.stop()
            raise
        return self

    def _drain(self, listening: threading.Event, log) -> None:
        """Read the server's output: kept until it listens (for an error message), then passed to `log`."""
        for line in self.process.stdout:
            line = line.rstrip("\n")
            self._recent.append(line)
            if listening.is_set():
                if log and line:
                    log(line)
            else:
                self._lines.append(line)
                if line.startswith(LISTENING):
                    listening.set()

    def _failure(self) -> str:
        """One line saying why the server stopped before listening, from what it printed."""
        said = next((ln[len("Error:"):].strip() for ln in self._lines if ln.startswith("Error:")), None)
        said = said or next((ln.strip() for ln in self._lines if ln.strip()), f"exit status {self.process.returncode}")
        if any(sign in said for sign in ("memory allocation of", "bad_alloc", "mmap for RocksDB")):
            return (f"{self.store}: the oxigraph server needs more than --max-memory {self.max_memory} MB to open "
                    "the store; give it more")
        if "Address already in use" in said:
            return f"cannot serve on {self.url}: the port is in use; choose another with --port"
        if "lock file" in said:
            return (f"{self.store}: the store is open for writing in another process (a kg build, or a kg serve "
                    "--allow-update); serve it without --allow-update, or wait until that process ends")
        if "Cannot assign requested address" in said or "not known" in said:
            return f"cannot serve on {self.host}: not an address of this machine; give --host 127.0.0.1"
        return f"{self.store}: the oxigraph server could not serve it: {said}"

    def wait(self) -> int:
        """Block until the server exits; its exit status."""
        return self.process.wait()

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s) and reap it."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# ---------------------------------------------------------------------------- pushing


@dataclass
class PushReport:
    """What `push` did: graphs and triples sent, the graphs or sources that failed, and `stopped`, why it gave
    up before the end (endpoint unreachable, writes or credentials refused)."""

    endpoint: str
    graphs: int = 0
    triples: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    stopped: str | None = None


@dataclass(frozen=True)
class _Graph:
    source: str  # the file or store it comes from, for messages
    target: str | None  # the IRI it goes to on the endpoint; None: the endpoint's default graph
    write: Callable[[IO[bytes]], None]  # writes its triples as N-Triples


def check_endpoint(endpoint: str) -> str:
    """An absolute http(s) URL, else KgError.

    >>> check_endpoint("localhost:7878/store")
    Traceback (most recent call last):
    kg.errors.KgError: --endpoint localhost:7878/store: not an http(s) URL; give the Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store for Oxigraph
    """
    try:
        parts = urllib.parse.urlsplit(endpoint)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:  # an unclosed [IPv6 address], a bad port
        raise KgError(f"--endpoint {endpoint}: not a valid URL ({exc}); give the Graph Store Protocol URL, "
                      "e.g. http://127.0.0.1:7878/store for Oxigraph") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"--endpoint {endpoint}: not an http(s) URL; give the Graph Store Protocol URL, "
                      "e.g. http://127.0.0.1:7878/store for Oxigraph")
    return endpoint


def graph_url(endpoint: str, iri: str | None) -> str:
    """The Graph Store Protocol URL of one graph: `?graph=IRI` (encoded), or `?default`."""
    query = "default" if iri is None else urllib.parse.urlencode({"graph": iri})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def check_sources(sources: list[str]) -> None:
    """Every source is a graph file of a known format or a store directory; else KgError, before anything is sent."""
    from kg.querying import INPUT_FORMATS

    if not sources:
        raise KgError("nothing to push: give graph files (.trig, .nq, .ttl, .nt, .jsonld) or store directories")
    for src in sources:
        path = Path(src)
        if path.is_dir():
            database(path)
        elif not path.is_file():
            raise KgError(f"{src}: no such graph file or store directory")
        elif path.suffix.lower() not in INPUT_FORMATS:
            raise KgError(f"{src}: unknown graph format; use one of {', '.join(sorted(INPUT_FORMATS))}")


def _graphs(sources: list[str], default_target: str | None, failures: list[str]) -> Iterator[_Graph]:
    """Each graph of each source, named graphs in IRI order, then the default graph if it has triples.

    A store is read graph by graph, by pyoxigraph. A file is read whole by rdflib, as `kg query` reads it,
    so that every term goes out as the file writes it: pyoxigraph would lower-case language tags (zh-Hans)
    and an Oxigraph store also turns xsd:nonNegativeInteger into xsd:integer. A file that does not parse
    sends nothing and is recorded in `failures`.
    """
    import pyoxigraph as ox
    from rdflib import URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from kg.querying import load

    for src in sources:
        with contextlib.ExitStack() as held:
            graphs = {}  # target IRI (None: the default graph) -> writes that graph's N-Triples to a binary file
            try:
                if Path(src).is_dir():
                    if is_store(src):  # held while its graphs go: no kg build may write it (a server may read)
                        held.enter_context(locked(src, write=False))
                    store = ox.Store.read_only(str(database(src)))
                    for name in store.named_graphs():
                        if not isinstance(name, ox.NamedNode):
                            failures.append(f"{src}: graph {name} is named by a blank node, which no endpoint "
                                            "can address")
                            continue
                        graphs[name.value] = functools.partial(store.dump, format=ox.RdfFormat.N_TRIPLES,
                                                               from_graph=name)
                    # a kg store's default graph is the union of its named graphs: sending it would send all twice
                    if not is_store(src) and \
                            next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
                        graphs[None] = functools.partial(store.dump, format=ox.RdfFormat.N_TRIPLES,
                                                         from_graph=ox.DefaultGraph())
                else:
                    for g in load([src]).graphs():
                        if not len(g):
                            continue
                        if g.identifier == DATASET_DEFAULT_GRAPH_ID:
                            graphs[None] = functools.partial(_ntriples, g)
                        elif isinstance(g.identifier, URIRef):
                            graphs[str(g.identifier)] = functools.partial(_ntriples, g)
                        else:
                            failures.append(f"{src}: graph {g.identifier.n3()} is named by a blank node, which no "
                                            "endpoint can address")
            except KgError as exc:
                failures.append(str(exc))
                continue
            except OSError as exc:
                failures.append(f"{src}: cannot read it: {' '.join(str(exc).split())[:200]}")
                continue
            for iri in sorted(graphs, key=lambda iri: (iri is None, iri or "")):
                yield _Graph(src, default_target if iri is None else iri, graphs[iri])


def _ntriples(graph, out: IO[bytes]) -> None:
    out.write(graph.serialize(format="nt", encoding="utf-8"))  # the file's graphs are in memory already


def push(sources: list[str], endpoint: str, *, append: bool = False, graph: str | None = None,
         user: str | None = None, password: str | None = None, timeout: float | None = TIMEOUT) -> PushReport:
    """Send the graphs of files and stores to a SPARQL 1.1 Graph Store Protocol endpoint, one request per graph.

    TriG and N-Quads files and stores keep their named graphs; triples outside any named graph (all of a
    Turtle, N-Triples or JSON-LD file) go to the graph `graph`, or to the endpoint's default graph.
    PUT replaces each graph; `append` POSTs, adding to it. A graph the endpoint rejects is recorded in
    the report's failures and the rest go on; an unreachable endpoint, or one that refuses writes or
    credentials, stops the push (`report.stopped`).
    """
    check_endpoint(endpoint)
    if graph is not None and not IRI.match(graph):
        raise KgError(f"--graph {graph}: not an absolute IRI; give one like https://example.org/graph/news")
    check_sources(sources)
    method = "POST" if append else "PUT"
    headers = {"Content-Type": "application/n-triples", "User-Agent": "kg"}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    report = PushReport(endpoint)
    opener = urllib.request.build_opener(_NoRedirect)
    started = time.monotonic()
    seen = 0
    for g in _graphs(sources, graph, report.failures):
        seen += 1
        url = graph_url(endpoint, g.target)
        where = f"{method} {endpoint} graph {g.target or '(default)'} from {g.source}"
        with tempfile.SpooledTemporaryFile(max_size=SPOOL) as body:
            try:
                g.write(body)
            except OSError as exc:
                report.failures.append(f"{where}: cannot read the graph: {exc}")
                continue
            size = body.tell()
            triples = _lines(body)  # N-Triples: one triple a line (newlines in literals are escaped)
            body.seek(0)
            request = urllib.request.Request(url, data=body, method=method,
                                             headers=headers | {"Content-Length": str(size)})
            try:
                with opener.open(request, timeout=timeout) as response:
                    _drain(response, timeout)
            except urllib.error.HTTPError as exc:
                message = f"{where}: HTTP {exc.code} {exc.reason}: {_excerpt(exc)}"
                if 300 <= exc.code < 400:
                    report.stopped = (f"{where}: HTTP {exc.code} redirects to {exc.headers.get('Location') or '?'}; "
                                      "kg push follows no redirect (the graph and any credentials would go "
                                      "elsewhere): give that URL as --endpoint if it is the right one")
                    break
                if exc.code in HINTS:
                    message += f"; {HINTS[exc.code]}"
                if exc.code in REFUSED:
                    report.stopped = message
                    break
                report.failures.append(message)
                continue
            except (urllib.error.URLError, OSError) as exc:  # refused, unknown host, timed out, reset
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, TimeoutError):
                    reason = f"no answer within {timeout:g} s (--timeout)" if timeout else "timed out"
                elif isinstance(reason, OSError) and reason.strerror:
                    reason = reason.strerror  # "Connection refused", not "[Errno 111] Connection refused"
                report.stopped = f"cannot reach {endpoint}: {reason}; is the server running, and the URL right?"
                break
        held = _held(opener, url, headers, timeout, triples)
        if isinstance(held, str) or held < triples:
            got = held if isinstance(held, str) else f"it holds {held} of the {triples} triples sent"
            report.failures.append(f"{where}: the endpoint took the request, but the graph did not arrive: {got}; "
                                   "is this the Graph Store Protocol URL?")
            continue
        report.graphs += 1
        report.triples += triples
    report.seconds = time.monotonic() - started
    if not seen and not report.failures:
        raise KgError(f"nothing to push: {', '.join(sources)} {'holds' if len(sources) == 1 else 'hold'} no triples")
    return report


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: urllib would turn a POST into a GET (the graph lost) and send the Authorization
    header to whatever host the Location names. The 3xx answer is raised as an HTTPError instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _held(opener, url: str, headers: dict, timeout: float | None, need: int) -> int | str:
    """How many triples (up to `need`) the endpoint's graph at `url` holds, read back as N-Triples (a GET
    to the same URL, so credentials go nowhere else); a str saying why not, when it cannot tell."""
    request = urllib.request.Request(url, method="GET", headers={k: v for k, v in headers.items()
                                                                  if k != "Content-Type"}
                                     | {"Accept": "application/n-triples"})
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in ("application/n-triples", "text/plain"):
                return f"reading it back (GET) gave {kind}, not N-Triples"
            count, last = 0, b"\n"
            while count < need:  # one triple a line; enough lines and the graph is there
                chunk = response.read(1 << 20)
                if not chunk:
                    return count + (last != b"\n")
                count, last = count + chunk.count(b"\n"), chunk[-1:]
                if deadline is not None and time.monotonic() > deadline:
                    return f"reading it back (GET) took longer than {timeout:g} s (--timeout)"
            return count
    except urllib.error.HTTPError as exc:
        return f"reading it back (GET) answered HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError) as exc:
        return f"reading it back (GET) failed: {getattr(exc, 'reason', exc)}"


def _drain(response, timeout: float | None) -> None:
    """Read an answer's body (what a write gets back: nothing, or a line), at most ANSWER bytes, in time."""
    deadline = None if timeout is None else time.monotonic() + timeout
    size = 0
    while size < ANSWER and (chunk := response.read(1 << 16)):
        size += len(chunk)
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(f"the answer took longer than {timeout:g} s")


def _lines(body) -> int:
    body.seek(0)
    return sum(chunk.count(b"\n") for chunk in iter(lambda: body.read(1 << 20), b""))


def _excerpt(exc: urllib.error.HTTPError) -> str:
    """The first 200 characters of an error answer's body, on one line."""
    from kg.querying import visible

    try:
        text = exc.read(4096).decode("utf-8", errors="replace")
    except OSError:
        text = ""
    return visible(" ".join(text.split())[:200]) or "(no message)"  # the endpoint's words: shown, not obeyed
