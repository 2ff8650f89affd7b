"""Querying: SPARQL over built graphs, answers as a table (wide CJK lined up), CSV, TSV, JSON or Markdown.

Safe by default, in the library as in the CLI (`Limits` says what is allowed):

- updates (INSERT, DELETE, CLEAR …) are refused; with `allow_update` they change an in-memory copy only;
- SERVICE and LOAD are refused after parsing, by walking the query's algebra, not by matching strings;
  `FROM` graphs are never fetched (rdflib's SPARQL_LOAD_GRAPHS);
- those refusals rest on rdflib reading the text as the engine will, so they are not all: every query runs
  in a child process (`kg.isolation`) that cannot connect anywhere, may grow by at most `max_memory` MB
  and is killed at `timeout` seconds, whatever it is doing. There a Python audit hook (the measure
  rdflib's "Security Considerations" documents) also refuses opening files. `allow_remote` lifts the
  network and file limits, not the others;
- Oxigraph's SPARQL 1.1 parser checks file queries as it runs store queries, so what SPARQL forbids is an
  error on both, though rdflib alone would run it;
- at most `max_rows` rows (or triples) are kept.
"""
from __future__ import annotations

import contextlib
import contextvars
import ctypes
import json
import os
import re
import sys
import threading
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from kg import isolation
from kg.errors import KgError, QuerySyntaxError, visible
from kg.namespace import NIF, PREFIXES, QUERY_BASE

INPUT_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads",
                 ".jsonld": "json-ld", ".json": "json-ld"}
OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "md")
SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_ESCAPE = re.compile(rb"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")
WHERE = re.compile(r"\bWHERE\s*\{|\{", re.I)  # the query's WHERE clause opens at the first brace outside a string
TIMEOUT = 60.0  # seconds
MAX_ROWS = 10_000
MAX_MEMORY = 2048  # MB a query may take (its process's data segment, beyond what it started with)
_PREFIX_IRIS = {p: str(ns) for p, ns in PREFIXES.items()}
CELL = 60  # display columns a table cell may take; longer values are cut with "…" (csv/tsv/json keep them)


@dataclass(frozen=True)
class Limits:
    """What a query may do. `None` for `timeout`, `max_rows` or `max_memory` means no limit."""

    timeout: float | None = TIMEOUT
    max_rows: int | None = MAX_ROWS
    allow_update: bool = False  # run INSERT/DELETE/… on the in-memory copy (files never change)
    allow_remote: bool = False  # SERVICE, LOAD, fetching FROM graphs: network and file access
    max_memory: int | None = MAX_MEMORY  # MB


@dataclass
class Answer:
    """A query's answer, fully evaluated: rows for SELECT, `boolean` for ASK, `graph` for the rest."""

    type: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | Dataset | None = None
    truncated: bool = False  # more rows (or triples) than Limits.max_rows; the rest were dropped


# ---------------------------------------------------------------------------- loading


def load(paths: list[str]) -> Dataset:
    """Merge graph files into one dataset; named graphs in TriG/N-Quads stay named."""
    from kg.reading import JSONL, SUFFIXES
    from kg.store import is_store

    ds = Dataset(default_union=True)
    for p in paths:
        path = Path(p)
        if path.is_dir():
            raise KgError(f"{p}: a kg store; give it as --store {p}" if is_store(path) else
                          f"{p}: a directory, not a graph file; give the graph files (.ttl, .trig …) or --store DIR")
        if path.exists() and not path.is_file():
            raise KgError(f"{p}: not a regular file (a device or a pipe); give a graph file")
        if not path.is_file():
            raise KgError(f"{p}: no such graph file (build one first: kg build ARTICLE -o {p})")
        if path.name.lower().endswith(SUFFIXES + JSONL):
            raise KgError(f"{p}: an article, not a graph; build it first (kg build {p} -o graph.ttl) and give "
                          "the graph")
        fmt = INPUT_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise KgError(f"{p}: unknown graph format; use one of {', '.join(sorted(INPUT_FORMATS))}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise KgError(f"{p}: cannot read it: {exc.strerror or exc}") from None
        try:
            # JSON-LD may name an @context to fetch or to open (file:///dev/zero would never end): the file
            # is read above, and parsing it reaches neither the network nor any other file.
            with warnings.catch_warnings(), _sandbox(network=True, files=True):
                warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
                ds.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
        except Exception as exc:  # rdflib raises many parser-specific types
            reason = " ".join(str(exc).split())[:200]  # rdflib's messages span lines; keep the cause
            raise KgError(f"{p}: does not parse as {fmt}: {reason}; is it a graph written by kg build?") from None
        if SURROGATE_ESCAPE.search(data):  # rdflib reads \uD800 as a lone surrogate, which no output can write
            bad = next((t for q in ds.quads((None, None, None, None)) for t in q
                        if isinstance(t, str) and SURROGATE.search(t)), None)
            if bad is not None:
                raise KgError(f"{p}: does not parse as {fmt}: {bad[:60]!r} holds half of a UTF-16 pair "
                              "(an escape such as \\uD800), which is no character; fix the file")
    return ds


def load_store(root: str | Path) -> Dataset:
    """A kg store's article graphs (and the register's) as one dataset, as `load` gives files, for kg render
    and kg validate. Oxigraph keeps literals in canonical form: language tags come back in their usual
    case (zh-Hans), and the mention offsets, which it turned into xsd:integer, get back the type their
    properties declare (xsd:nonNegativeInteger), so a store validates as the files it was built from."""
    from kg.rdf import to_rdflib
    from kg.store import reading

    offsets = {str(NIF.beginIndex), str(NIF.endIndex)}
    ds = Dataset(default_union=True)
    with reading(root) as store:
        for name in store.named_graphs():
            graph = ds.graph(to_rdflib(name))
            for q in store.quads_for_pattern(None, None, None, name):
                o = to_rdflib(q.object)
                if q.predicate.value in offsets and isinstance(o, Literal) and o.datatype == XSD.integer \
                        and int(o) >= 0:
                    o = Literal(str(o), datatype=XSD.nonNegativeInteger)
                graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), o))
    if not len(ds):
        raise KgError(f"{root}: the store holds no graphs; build into it with kg build CORPUS --store {root}")
    return ds


# ---------------------------------------------------------------------------- bundled queries


def bundled() -> dict[str, str]:
    """Bundled query names (the .rq files in kg/queries) and the first line of each one's comment."""
    out = {}
    for entry in sorted(resources.files("kg").joinpath("queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            first = entry.read_text(encoding="utf-8").split("\n", 1)[0]
            out[entry.name[:-3]] = first.lstrip("# ").strip()
    return out


def bundled_query(name: str) -> str:
    if name not in bundled():
        raise KgError(f"no bundled query named {name!r}: use one of {', '.join(bundled())} "
                      "(kg query --list), or give a query with -q TEXT or -f FILE.rq")
    return resources.files("kg").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")


def entity_bindings(name: str) -> dict:
    """Bindings for `?entity`: the name as given and its Simplified form (labels are always in zh-Hans)."""
    from kg.view import to_simplified

    return {"entity": Literal(name), "entityHans": Literal(to_simplified(name))}


# ---------------------------------------------------------------------------- sandbox

_blocked: contextvars.ContextVar[frozenset] = contextvars.ContextVar("kg_query_blocked", default=frozenset())
NETWORK_EVENTS = {"urllib.Request", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                  "http.client.connect", "ftplib.connect", "smtplib.connect"}
IMPORTABLE = (".py", ".pyc", ".so")  # a lazy `import` inside rdflib opens these; a query cannot name them
_hook_lock = threading.Lock()
_hook_installed = False


def _audit(event: str, args: tuple) -> None:
    blocked = _blocked.get()
    if not blocked:
        return
    if event in NETWORK_EVENTS and "network" in blocked:
        raise PermissionError(f"network access refused ({event} {str(args[:1])[:80]})")
    if event == "open" and "files" in blocked and isinstance(args[0], (str, bytes)):
        path = args[0].decode(errors="replace") if isinstance(args[0], bytes) else args[0]
        if not path.endswith(IMPORTABLE):
            raise PermissionError(f"file access refused ({path[:80]})")


@contextlib.contextmanager
def _sandbox(*, network: bool, files: bool):
    """Refuse network access and/or opening files in this thread while the block runs."""
    global _hook_installed
    with _hook_lock:
        if not _hook_installed:  # an audit hook cannot be removed, so it is added once and checks a flag
            sys.addaudithook(_audit)
            _hook_installed = True
    token = _blocked.set(frozenset({"network"} if network else set()) | ({"files"} if files else set()))
    try:
        yield
    finally:
        _blocked.reset(token)


class _Timeout(BaseException):
    """Raised inside the querying thread at its deadline. A BaseException, so that rdflib's own
    `except Exception` around filter evaluation cannot swallow it."""


@contextlib.contextmanager
def _deadline(seconds: float | None):
    """Interrupt the current thread after `seconds`. rdflib evaluates in pure Python, so an exception
    set asynchronously (CPython's PyThreadState_SetAsyncExc) stops it at the next bytecode, in any thread."""
    if not seconds:
        yield
        return
    tid, lock, state = threading.get_ident(), threading.Lock(), {"done": False, "fired": False}

    def fire():
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(_Timeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["fired"]:  # clear the exception if it is still pending
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)


# ---------------------------------------------------------------------------- running


def _find(node, name: str):
    """The first part of a parsed query or update named `name` (e.g. ServiceGraphPattern), else None."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == name:
            return node
        children = node.values()
    elif isinstance(node, (list, tuple)):
        children = node
    else:
        return None
    return next((found for c in children if (found := _find(c, name)) is not None), None)


def _service_check(algebra, limits: Limits) -> None:
    service = _find(algebra, "ServiceGraphPattern")
    if service is not None and not limits.allow_remote:
        raise KgError(f"query refused: SERVICE {service.term.n3() if isinstance(service.term, URIRef) else ''} "
                      "would send data to another endpoint; kg queries stay local (--allow-remote lifts this)")


def _prepare(query: str, limits: Limits):
    """Parse `query`: ("query", prepared) or ("update", prepared update); refusals raise KgError."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery, prepareUpdate

    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except ParseException as exc:
        try:
            update = prepareUpdate(query, initNs=PREFIXES)
        except Exception:  # not an update either: report the query's own syntax error
            raise QuerySyntaxError(syntax_error(query, exc)) from None
        load = _find(update.algebra, "Load")
        if load is not None and not limits.allow_remote:
            raise KgError(f"query refused: LOAD {load.iri.n3()} would read a file or fetch a URL; "
                          "kg queries stay local (--allow-update --allow-remote lift this)")
        if not limits.allow_update:
            raise KgError("query refused: it is a SPARQL update (INSERT, DELETE, LOAD, CLEAR …) and kg queries "
                          "are read-only (--allow-update applies it to an in-memory copy; files never change)")
        _service_check(update.algebra, limits)
        return "update", update
    except RecursionError:
        raise KgError("query nests too deeply for rdflib, which runs queries on files (Python's recursion "
                      "limit); flatten its groups, or query a store, where Oxigraph runs it") from None
    except Exception as exc:  # e.g. an undeclared prefix, found when the algebra is built
        raise KgError(f"query is not valid SPARQL: {str(exc).splitlines()[0][:200]}") from None
    _service_check(prepared.algebra, limits)
    return "query", prepared


def run(ds: Dataset, query: str, *, bindings: dict | None = None, limits: Limits = Limits()) -> Answer:
    """Run a SPARQL query (or, when `limits` allow it, an update) over `ds` with the common prefixes declared.

    It runs in a forked child process (see `kg.isolation`) that cannot connect anywhere, holds at most
    `limits.max_memory` MB more than this process and is killed at `limits.timeout`; an update changes
    the child's copy, which comes back in the answer (`ds` itself never changes). Where there is no
    fork (Windows), it runs in this thread, stopped at the deadline between bytecodes."""
    query = _check_text(query)
    if not hasattr(os, "fork"):
        return _run_here(ds, query, bindings, limits, deadline=True)
    import pyoxigraph  # noqa: F401 - for the child's check, imported once here rather than in every child

    encoded = isolation.run_forked(lambda: _encode(_run_here(ds, query, bindings, limits)), timeout=limits.timeout,
                                   memory_mb=limits.max_memory, network=limits.allow_remote)
    return _decode(encoded)


def _run_here(ds: Dataset, query: str, bindings: dict | None, limits: Limits, deadline: bool = False) -> Answer:
    """`run` in this process: rdflib parses and refuses, Oxigraph's parser checks, rdflib evaluates."""
    import rdflib.plugins.sparql as sparql

    kind, prepared = _prepare(query, limits)
    if not deadline:  # in the child: confined, so Oxigraph's parser may run here
        if limits.allow_remote:  # this child may connect: the check runs in a grandchild that may not
            isolation.run_forked(lambda: strict(query, kind) or {}, timeout=limits.timeout,
                                 memory_mb=limits.max_memory, network=False)
        else:
            strict(query, kind)
    loads, union = sparql.SPARQL_LOAD_GRAPHS, sparql.SPARQL_DEFAULT_GRAPH_UNION
    sparql.SPARQL_LOAD_GRAPHS = limits.allow_remote
    # An update writes to the default graph proper, as SPARQL says (rdflib cannot insert into the union).
    sparql.SPARQL_DEFAULT_GRAPH_UNION = kind == "query"
    try:
        with _deadline(limits.timeout if deadline else None), \
                _sandbox(network=not limits.allow_remote, files=not limits.allow_remote):
            if kind == "update":
                ds.update(prepared, initBindings=bindings or {})
                return Answer("UPDATE", graph=ds)
            return _evaluate(ds.query(prepared, initBindings=bindings or {}), limits.max_rows)
    except _Timeout:
        raise KgError(f"query stopped after {limits.timeout:g} s (--timeout SECONDS allows longer, "
                      "--timeout 0 removes the limit)") from None
    except PermissionError as exc:
        raise KgError(f"query refused: {exc}; kg queries stay local (--allow-remote lifts this)") from None
    except (KgError, MemoryError):
        raise
    except RecursionError:
        raise KgError("query failed: it nests too deeply for rdflib to evaluate; flatten its groups") from None
    except Exception as exc:  # an evaluation error in rdflib
        raise KgError(f"query failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}") \
            from None
    finally:
        sparql.SPARQL_LOAD_GRAPHS, sparql.SPARQL_DEFAULT_GRAPH_UNION = loads, union


def strict(query: str, kind: str) -> None:
    """Refuse what Oxigraph's SPARQL 1.1 parser refuses (rdflib's accepts some invalid queries, such as a
    SELECT of a variable that is not grouped). Run only where a query cannot connect anywhere (a confined
    child): Oxigraph evaluates as it parses, on an empty store here, and would call a SERVICE at once."""
    import pyoxigraph as ox

    scratch = ox.Store()  # in memory, empty: nothing to find, nothing to change
    try:
        if kind == "query":
            scratch.query(query, prefixes=_PREFIX_IRIS, base_iri=QUERY_BASE)
        else:
            scratch.update(query, prefixes=_PREFIX_IRIS, base_iri=QUERY_BASE)
    except SyntaxError as exc:
        raise QuerySyntaxError(oxigraph_syntax_error(query, exc)) from None
    except Exception:  # noqa: BLE001 - evaluating on the empty store failed (a SERVICE refused): parsed fine
        pass


def run_store(root: str | Path, query: str, *, bindings: dict | None = None, limits: Limits = Limits()) -> Answer:
    """Run a read-only query over a kg store (see `kg.store`) in Oxigraph; its default graph is the union of
    all graphs. Updates are refused: a store changes only by kg build.

    Oxigraph runs it in a child process (`kg.storequery`; a new interpreter, as RocksDB does not survive a
    fork) that cannot connect anywhere, so no SERVICE reaches an endpoint however the text hides it, with
    the memory and time limits of `run`. Oxigraph's parser is the judge of the text; rdflib's refusals
    (SERVICE, LOAD, updates) come first where rdflib can read it, since they name what they refuse."""
    from kg.store import locked, oxigraph_path

    path = oxigraph_path(root)
    query = _check_text(query)
    text = _bind(query, bindings) if bindings else query
    if hasattr(os, "fork"):  # rdflib's refusals first, where rdflib reads the text: they name the SERVICE
        isolation.run_forked(lambda: _refusals(text, limits), timeout=limits.timeout, memory_mb=limits.max_memory,
                             network=False)
    request = {"query": text, "prefixes": _PREFIX_IRIS, "base": QUERY_BASE, "max_rows": limits.max_rows,
               "allow_remote": limits.allow_remote, "memory_mb": limits.max_memory}
    with locked(root, write=False):
        data = isolation.run_spawned(["-c", "from kg.storequery import main; main()", str(path)], request,
                                     timeout=limits.timeout, memory_mb=limits.max_memory)
    if "syntax" in data:
        if data["update"]:
            raise KgError(STORE_UPDATE)
        if data["relative"]:
            raise KgError("query is not valid here: it has a relative IRI (such as <a>) and no BASE, which "
                          "Oxigraph cannot resolve; write absolute IRIs (<urn:x:a>, <https://…>)")
        raise QuerySyntaxError(oxigraph_syntax_error(text, data["syntax"]))
    if "failed" in data:
        said = data["failed"]
        # confined, a SERVICE fails to connect (EACCES), or to ask a DNS server for the host
        if not limits.allow_remote and any(sign in said for sign in ("os error 13", "lookup address information")):
            raise KgError("query refused: it tried to reach another endpoint (SERVICE), and kg queries stay local "
                          "(--allow-remote lifts this)")
        raise KgError(f"query failed: {said}")
    return _decode(data, oxigraph=True)


def _check_text(query: str) -> str:
    """The query as Unicode text without a byte order mark (an editor's, which no parser takes); a lone
    surrogate (from a broken file or a careless caller) is no character."""
    text_check(query, "query")
    return query.removeprefix("\ufeff")


def text_check(text: str, what: str) -> None:
    """KgError unless `text` is Unicode text: no lone surrogate (half of a UTF-16 pair, or a byte of a
    command line that was not UTF-8, which Python keeps as one)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start]
        said = (f"the byte {ord(char) - 0xDC00:#04x}, which is not UTF-8" if "\udc80" <= char <= "\udcff" else
                f"{char!r}, half of a UTF-16 pair")
        raise KgError(f"{what} is not valid text: it holds {said} (character {exc.start + 1}); give it as UTF-8") \
            from None


def _refusals(query: str, limits: Limits) -> dict:
    """Raise rdflib's refusal of `query` for a store (SERVICE, LOAD, an update), if rdflib can read it."""
    try:
        kind, _ = _prepare(query, Limits(allow_remote=limits.allow_remote, allow_update=True))
    except KgError as err:
        if str(err).startswith("query refused"):
            raise
        return {}  # rdflib cannot read it: Oxigraph's parser decides
    if kind == "update":
        raise KgError(STORE_UPDATE)
    return {}


STORE_UPDATE = ("query refused: it is a SPARQL update, and kg query never changes a store (rebuild it "
                "with kg build --store, or serve it writable with kg serve --allow-update)")


def _bind(query: str, bindings: dict) -> str:
    """Bindings as a VALUES block opening the WHERE clause, where rdflib's initBindings apply them: Oxigraph's
    own substitutions only take projected variables."""
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(v.n3() for v in bindings.values())
    m = WHERE.search(query)
    return f"{query[:m.end()]} VALUES ({names}) {{ ({values}) }} {query[m.end():]}" if m else query


# ---------------------------------------------------------------------------- answers across processes


def _term_out(term) -> list | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        return ["l", str(term), term.language, str(term.datatype) if term.datatype else None]
    return ["b" if isinstance(term, BNode) else "u", str(term)]


def _term_in(data: list | None, oxigraph: bool = False):
    if data is None:
        return None
    if data[0] == "l":
        lang = data[2]
        if lang and oxigraph:  # Oxigraph lower-cases tags: zh-hans is zh-Hans again
            from kg.rdf import bcp47_case

            lang = bcp47_case(lang)
        return Literal(data[1], lang=lang, datatype=URIRef(data[3]) if data[3] else None)
    return BNode(data[1]) if data[0] == "b" else URIRef(data[1])


def _encode(answer: Answer) -> dict:
    """An Answer as JSON data (the child's side): terms as lists, a graph as N-Triples or N-Quads text."""
    data = {"type": answer.type, "vars": answer.vars, "boolean": answer.boolean, "truncated": answer.truncated,
            "rows": [[_term_out(v) for v in row] for row in answer.rows]}
    if isinstance(answer.graph, Dataset):
        data["nquads"] = answer.graph.serialize(format="nquads")
    elif answer.graph is not None:
        data["ntriples"] = answer.graph.serialize(format="nt")
    return data


def _decode(data: dict, oxigraph: bool = False) -> Answer:
    graph = None
    if "nquads" in data:
        graph = Dataset(default_union=True)
        graph.parse(data=data["nquads"], format="nquads")
    elif "ntriples" in data:
        graph = Graph().parse(data=data["ntriples"], format="nt")
    elif "triples" in data:  # from kg.storequery
        graph = Graph()
        for triple in data["triples"]:
            graph.add(tuple(_term_in(t, oxigraph) for t in triple))
    return Answer(data["type"], list(data["vars"]), [tuple(_term_in(v, oxigraph) for v in row) for row in data["rows"]],
                  data["boolean"], graph, data["truncated"])


def _evaluate(result, max_rows: int | None) -> Answer:
    """Pull the (lazy) result into an Answer, stopping one past the row limit."""
    if result.type == "ASK":
        return Answer("ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph, truncated = Graph(), False
        for i, triple in enumerate(result.graph):
            if max_rows is not None and i >= max_rows:
                truncated = True
                break
            graph.add(triple)
        return Answer(result.type, graph=graph, truncated=truncated)
    names = [str(v) for v in result.vars]
    rows = []
    for row in result:
        if max_rows is not None and len(rows) >= max_rows:
            return Answer("SELECT", names, rows, truncated=True)
        rows.append(tuple(row))
    return Answer("SELECT", names, rows)


def syntax_error(query: str, exc) -> str:
    return _caret(query, exc.lineno, exc.col, "SPARQL syntax error")


def _caret(query: str, line: int, col: int, what: str) -> str:
    """`what` at line:col, with the line and a caret under the column (tabs kept, so the caret lines up)."""
    lines = query.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    pad = "".join(c if c == "\t" else " " * max(width(c), 1) for c in text[:max(col - 1, 0)])  # wide CJK: 2
    return f"{what} at line {line}, column {col}:\n  {text}\n  {pad}^"


_OX_ERROR = re.compile(r"error at (\d+):(\d+): expected (?:one of )?(.*)", re.S)


def oxigraph_syntax_error(query: str, exc: Exception | str) -> str:
    """Oxigraph's parser error as kg's: its own words where it has some ("The SELECT contains a variable that
    is unbound"), else the keywords and punctuation it expected (not its character classes), and a caret."""
    said = str(exc)
    m = _OX_ERROR.match(said)
    if not m:
        return f"query is not valid SPARQL: {' '.join(said.split())[:200]}"
    line, col = int(m[1]), int(m[2])
    items = _expected(m[3])
    prose = [i for i in items if " " in i and not i.startswith(("[", '"'))]
    if prose:
        return _caret(query, line, col, f"invalid SPARQL ({'; '.join(prose)})")
    tokens = [i for i in items if not i.startswith(("[", "<")) and i != "_"]
    if not tokens:  # only character classes: a rule of SPARQL 1.1 rather than a missing word
        return _caret(query, line, col, "invalid SPARQL 1.1 (Oxigraph's parser refuses it here)")
    more = ", …" if len(tokens) > 8 else ""
    return _caret(query, line, col, f"SPARQL syntax error (expected {', '.join(tokens[:8])}{more})")


def _expected(text: str) -> list[str]:
    """The items of Oxigraph's "expected one of" list: split at ", " outside [character classes]."""
    items, depth, quote, start, i = [], 0, False, 0, 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == "'":
                quote = False
        elif c == "'" and depth:
            quote = True
        elif c == "[":
            depth += 1
        elif c == "]":
            depth = max(depth - 1, 0)
        elif c == "," and not depth and text.startswith(", ", i):
            items.append(text[start:i].strip())
            start = i + 2
        i += 1
    items.append(text[start:].strip())
    return [" ".join(i.split()) for i in items if i]


# ---------------------------------------------------------------------------- output


def _names():
    names = Graph().namespace_manager
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns, override=True)
    return names


def _cell(v, names) -> str:
    if v is None:
        return ""
    return str(v) if isinstance(v, Literal) else v.n3(names)


def width(s: str) -> int:
    """Columns `s` takes in a terminal: wide CJK characters two, combining marks none."""
    from wcwidth import wcswidth

    w = wcswidth(s)
    return w if w >= 0 else len(s)  # control characters: count one each rather than fail


# What a terminal would obey rather than show: C0 and C1 controls (ESC starts colour, title and cursor
# sequences) and the bidi controls that reorder what follows them (a column would read backwards).
def _flat(s: str) -> str:
    """One line, printable: line breaks and tabs as spaces, other controls escaped (`visible`)."""
    return visible(s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " "))


def _cut(s: str, limit: int = CELL) -> str:
    if width(s) <= limit:
        return s
    s = s[:limit]  # more characters than columns would never fit (zero-width marks aside)
    while width(s) > limit - 1:
        s = s[:-1]
    return s + "…"


def table(answer: Answer) -> str:
    """A plain text table; CJK characters count as two columns. IRIs are shown with the common prefixes."""
    names = _names()
    rows = [[_cut(_flat(_cell(v, names))) for v in r] for r in answer.rows]
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(answer.vars)]

    def fmt(cells):
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()
    out = [fmt(answer.vars), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''}{', more not shown' if answer.truncated else ''})")
    return "\n".join(out)


def markdown(answer: Answer) -> str:
    names = _names()

    def cell(v):
        return _flat(_cell(v, names)).replace("\\", "\\\\").replace("|", "\\|")
    out = ["| " + " | ".join(answer.vars) + " |", "|" + "|".join(" --- " for _ in answer.vars) + "|"]
    out += ["| " + " | ".join(cell(v) for v in r) + " |" for r in answer.rows]
    return "\n".join(out)


def tsv(answer: Answer) -> str:
    """SPARQL 1.1 Query Results TSV: `?var` headers, terms in Turtle syntax, tabs and newlines escaped."""
    def cell(v):
        if not isinstance(v, Literal):
            return "" if v is None else v.n3()
        text = str(v).translate({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r",
                                 ord("\t"): "\\t"})
        return f'"{text}"' + (f"@{v.language}" if v.language else f"^^<{v.datatype}>" if v.datatype else "")
    return "\n".join(["\t".join(f"?{v}" for v in answer.vars)] + ["\t".join(cell(v) for v in r)
                                                                  for r in answer.rows]) + "\n"


def _rdflib_result(answer: Answer):
    from rdflib.query import Result

    result = Result(answer.type)
    if answer.type == "ASK":
        result.askAnswer = answer.boolean
    else:
        result.vars = [Variable(v) for v in answer.vars]
        result.bindings = [{Variable(k): v for k, v in zip(answer.vars, r) if v is not None} for r in answer.rows]
    return result


def format_answer(answer: Answer, fmt: str = "table") -> str:
    """The answer as text: `fmt` is one of OUTPUT_FORMATS for SELECT (and ASK in json); graphs are Turtle
    (TriG when an update leaves named graphs); ASK is `true` or `false`."""
    if fmt not in OUTPUT_FORMATS:
        raise KgError(f"unknown output format {fmt!r}: use one of {', '.join(OUTPUT_FORMATS)}")
    if answer.type == "ASK":
        if fmt == "json":  # {"head": {}, "boolean": true}, as the W3C results format has it
            return json.dumps({"head": {}, "boolean": answer.boolean})
        return "true" if answer.boolean else "false"
    if answer.graph is not None:
        from kg.exporting import serialize

        if isinstance(answer.graph, Dataset):
            named = any(len(g) for g in answer.graph.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID)
            return serialize(answer.graph, "trig" if named else "turtle").decode("utf-8")
        for prefix, ns in PREFIXES.items():
            answer.graph.bind(prefix, ns, override=True)
        return answer.graph.serialize(format="longturtle")
    if fmt == "table":
        return table(answer)
    if fmt == "md":
        return markdown(answer)
    if fmt == "tsv":
        return tsv(answer)
    # rdflib's serializers follow the W3C SPARQL 1.1 results formats (JSON; CSV with plain values)
    text = _rdflib_result(answer).serialize(format=fmt, encoding="utf-8").decode("utf-8")
    if fmt == "csv":
        return text
    data = json.loads(text)
    return json.dumps({"head": data["head"], "results": data["results"]}, ensure_ascii=False, indent=1)
