"""Querying: SPARQL over built graphs, printed as a table that lines up wide CJK characters.

Queries are read-only and stay on this machine: updates cannot run through `Graph.query`, `FROM`
graphs are never fetched (rdflib's SPARQL_LOAD_GRAPHS), and a query with SERVICE is refused after
parsing, by walking its algebra rather than by matching strings.
"""
from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path

from rdflib import Dataset, Literal

from kg.errors import KgError
from kg.namespace import PREFIXES

INPUT_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads",
                 ".jsonld": "json-ld", ".json": "json-ld"}


def load(paths: list[str]) -> Dataset:
    """Merge graph files into one dataset; named graphs in TriG/N-Quads stay named."""
    ds = Dataset(default_union=True)
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise KgError(f"{p}: no such graph file (build one first: kg build ARTICLE -o {p})")
        fmt = INPUT_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise KgError(f"{p}: unknown graph format; use one of {', '.join(sorted(INPUT_FORMATS))}")
        try:
            with warnings.catch_warnings():  # rdflib's own parser uses its deprecated default_context
                warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
                ds.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises many parser-specific types
            reason = " ".join(str(exc).split())[:200]  # rdflib's messages span lines; keep the cause
            raise KgError(f"{p}: does not parse as {fmt}: {reason}; is it a graph written by kg build?") from None
    return ds


def _refuse_service(node) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            raise KgError("query refused: SERVICE would send data to another endpoint; kg queries stay local")
        for v in node.values():
            _refuse_service(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            _refuse_service(v)


def run(ds: Dataset, query: str):
    """Run a read-only SPARQL query with the common prefixes declared; returns rdflib's Result."""
    import rdflib.plugins.sparql as sparql
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    sparql.SPARQL_LOAD_GRAPHS = False
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except ParseException as exc:
        if _is_update(query):
            raise KgError("query refused: it is a SPARQL update (INSERT, DELETE, LOAD, CLEAR …); "
                          "kg queries are read-only") from None
        raise KgError(syntax_error(query, exc)) from None
    except Exception as exc:
        raise KgError(f"query is not valid SPARQL (or is an update, which kg does not run): {exc}") from None
    _refuse_service(prepared.algebra)
    return ds.query(prepared)


def _is_update(query: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(query)
    except Exception:  # not an update either: the query's own syntax error is reported
        return False
    return True


def syntax_error(query: str, exc) -> str:
    lines = query.split("\n")
    line = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
    return f"SPARQL syntax error at line {exc.lineno}, column {exc.col}:\n  {line}\n  {' ' * (exc.col - 1)}^"


def _cell(v, names) -> str:
    if v is None:
        return ""
    return str(v) if isinstance(v, Literal) else v.n3(names)


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def table(result) -> str:
    """A plain text table; CJK characters count as two columns."""
    if result.type == "ASK":
        return "true" if result.askAnswer else "false"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    from rdflib import Graph

    names = Graph().namespace_manager
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns, override=True)
    head = [str(v) for v in result.vars]
    rows = [[_cell(r[i], names).replace("\n", " ") for i in range(len(head))] for r in result]
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(head)]

    def fmt(cells):
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()
    out = [fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
