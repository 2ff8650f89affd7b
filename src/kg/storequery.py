"""The child process of `kg.querying.run_store`: one query over one store, in Oxigraph, answered as JSON.

Run as `python -c "from kg.storequery import main; main()" DATABASE`. It opens the database read-only,
then confines itself (`kg.isolation`: no connections, the memory limit) and reads one request on stdin:
the query, its prefixes, a base IRI, the row limit. It imports pyoxigraph and nothing of rdflib, so it starts in a
fraction of a second; the parent turns the terms into rdflib's and the errors into kg's messages.

Oxigraph's parser is the only judge here: a text it does not read as a query is a syntax error, or an
update, which is refused (tried on an empty store in memory, where it can change nothing and, confined,
reach nothing).
"""
from __future__ import annotations

import sys

from kg import isolation
from kg.errors import KgError



def main() -> None:
    import pyoxigraph as ox

    try:  # before the limits: RocksDB starts its threads when the database opens
        store = ox.Store.read_only(sys.argv[1])
    except OSError as exc:
        print(f"{sys.argv[1]}: cannot open the store: {exc}", file=sys.stderr)
        sys.exit(1)
    isolation.child_main(lambda request: answer(store, request), network=lambda request: request["allow_remote"])


def answer(store, request: dict) -> dict:
    import pyoxigraph as ox

    query, prefixes, max_rows = request["query"], request["prefixes"], request["max_rows"]
    try:
        return _encode(store.query(query, prefixes=prefixes), max_rows)
    except SyntaxError as exc:
        return {"syntax": str(exc), "update": _parses(ox.Store().update, query, prefixes),
                # with a base it parses: a relative IRI, which Oxigraph cannot resolve without one
                "relative": _parses(ox.Store().query, query, prefixes, request["base"])}
    except (OSError, RuntimeError, ValueError) as exc:  # in evaluation: Oxigraph says what failed
        return {"failed": " ".join(str(exc).split())[:200] or type(exc).__name__}


def _parses(method, query: str, prefixes: dict, base: str | None = None) -> bool:
    try:
        method(query, prefixes=prefixes, base_iri=base)
    except SyntaxError:
        return False
    except Exception:  # noqa: BLE001 - it parsed; running it on the empty store failed
        pass
    return True


def _encode(result, max_rows: int | None) -> dict:
    import pyoxigraph as ox

    data = {"vars": [], "rows": [], "boolean": None, "truncated": False}
    if isinstance(result, ox.QueryBoolean):
        return data | {"type": "ASK", "boolean": bool(result)}
    if isinstance(result, ox.QueryTriples):
        triples = []
        for t in result:
            if max_rows is not None and len(triples) >= max_rows:
                return data | {"type": "CONSTRUCT", "triples": triples, "truncated": True}
            triples.append([_term(t.subject), _term(t.predicate), _term(t.object)])
        return data | {"type": "CONSTRUCT", "triples": triples}
    names = [v.value for v in result.variables]
    rows = data["rows"]
    for solution in result:
        if max_rows is not None and len(rows) >= max_rows:
            return data | {"type": "SELECT", "vars": names, "truncated": True}
        rows.append([_term(solution[n]) for n in names])
    return data | {"type": "SELECT", "vars": names}


def _term(term) -> list | None:
    """A term as kg.querying's JSON: ["u", iri], ["b", id], ["l", text, language, datatype]."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ["u", term.value]
    if isinstance(term, ox.BlankNode):
        return ["b", term.value]
    if isinstance(term, ox.Literal):
        plain = (ox.Literal("").datatype, ox.Literal("", language="und").datatype)  # xsd:string, rdf:langString
        return ["l", term.value, term.language, None if term.datatype in plain else term.datatype.value]
    raise KgError("query failed: its answer holds a triple term (RDF 1.2 <<( … )>>), which kg's output formats "
                  "cannot show; select the triple's parts with SUBJECT(), PREDICATE(), OBJECT()")
