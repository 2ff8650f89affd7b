"""Stage 9, exporting: write a graph as Turtle, N-Triples, TriG, N-Quads or JSON-LD, atomically.

A build writes from its N-Quads lines (`write_lines`): N-Quads, N-Triples and Turtle straight from
them (`kg.lines`, no rdflib graph), TriG and JSON-LD through rdflib. `serialize` and `write` take an
rdflib dataset (the API's) and give the same bytes.

Each article is a named graph; Turtle, N-Triples and JSON-LD get the union of them. Line-based
formats are sorted; rdflib writes TriG's graphs and JSON-LD's nodes in an order that depends on the
process's string hashing, so TriG is written graph by graph in IRI order and JSON-LD's arrays and
objects are sorted. The same inputs, in any order, always give the same bytes. JSON-LD is compacted
with the published context `ontology/context.jsonld`, embedded in the file so that it reads offline.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from kg.atomic import STREAMS, atomic_write
from kg.errors import KgError
from kg.options import FORMATS

BY_SUFFIX = {v: k for k, v in FORMATS.items()} | {".turtle": "turtle", ".n3": "turtle", ".json": "json-ld",
                                                  ".ntriples": "nt", ".nquads": "nquads"}


def format_for(path: str | Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise KgError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt
    if str(path) in STREAMS:
        return "turtle"  # -o /dev/stdout: no suffix to go by, and Turtle is the default
    suffix = Path(path).suffix.lower()
    if suffix not in BY_SUFFIX:
        raise KgError(f"{path}: cannot tell the RDF format from the suffix {suffix or '(none)'}; "
                      f"use --format {'|'.join(FORMATS)} or one of {', '.join(FORMATS.values())}")
    return BY_SUFFIX[suffix]


def union(ds):
    """The union of a dataset's graphs, as an rdflib graph with the dataset's prefixes."""
    from rdflib import Graph

    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _trig(ds) -> bytes:
    """Each named graph on its own, in IRI order; the prefixes they use, once, at the top."""
    from rdflib import Dataset

    prefixes, blocks = set(), []
    for g in sorted((g for g in ds.graphs() if len(g)), key=lambda g: g.identifier):
        one = Dataset()
        for prefix, ns in ds.namespaces():
            one.bind(prefix, ns, override=True)
        target = one.graph(g.identifier)
        for t in g:
            target.add(t)
        lines = one.serialize(format="trig", encoding="utf-8").split(b"\n")
        prefixes.update(ln for ln in lines if ln.startswith(b"@prefix "))
        blocks.append(b"\n".join(ln for ln in lines if not ln.startswith(b"@prefix ")).strip(b"\n"))
    return b"\n".join(sorted(prefixes)) + b"\n\n" + b"\n\n".join(blocks) + b"\n"


def serialize(ds, fmt: str) -> bytes:
    """An rdflib dataset in a format, as bytes."""
    if fmt == "turtle":
        return union(ds).serialize(format="longturtle", encoding="utf-8")
    if fmt == "json-ld":
        return _json_ld(union(ds))
    if fmt == "nt":
        return _sorted_lines(union(ds).serialize(format="nt", encoding="utf-8"))
    if fmt == "nquads":
        return _sorted_lines(ds.serialize(format="nquads", encoding="utf-8"))
    return _trig(ds)


def write(ds, path: str | Path, fmt: str) -> Path:
    data = serialize(ds, fmt)
    with atomic_write(path) as f:
        f.write(data)
    return Path(path)


def serialize_lines(lines, fmt: str, base: str) -> bytes:
    """kg's N-Quads lines in a format: the bytes `serialize` gives for the same quads in a dataset with
    kg's prefixes and `base` bound as id:. `lines`: a `kg.lines.Lines` (of triples for N-Triples and
    Turtle, see `needs_triples`), or N-Quads lines as `str` without the final " ."."""
    return b"".join(_chunks(lines, fmt, base))


def _chunks(lines, fmt: str, base: str) -> Iterator[bytes]:
    from kg import lines as nq

    if not isinstance(lines, nq.Lines):
        lines = (nq.triple_lines if needs_triples(fmt) else nq.quad_lines)(lines)
    if fmt == "nquads":
        return nq.nquads_chunks(lines)
    if fmt == "nt":
        return nq.ntriples_chunks(lines)
    if fmt == "turtle":
        return nq.turtle_chunks(lines, bound_namespaces(base))
    from kg.pipeline import new_dataset
    from kg.rdf import rdflib_quads

    ds = new_dataset(base)
    graphs: dict = {}
    ds.addN((s, p, o, graphs.get(g) or graphs.setdefault(g, ds.graph(g)))
            for s, p, o, g in rdflib_quads(nq.nquads_text(lines)))
    return iter((serialize(ds, fmt),))


def needs_triples(fmt: str) -> bool:
    """Whether a format holds the union of the graphs (so a build keeps triples, not quads, for it)."""
    return fmt in ("nt", "turtle")


def write_lines(lines, path: str | Path, fmt: str, base: str) -> Path:
    """`serialize_lines` into a file, a chunk at a time (a corpus's N-Quads need not be in memory twice)."""
    chunks = _chunks(lines, fmt, base)
    with atomic_write(path) as f:
        for chunk in chunks:
            f.write(chunk)
    return Path(path)


@lru_cache(maxsize=4)
def bound_namespaces(base: str) -> dict[str, str]:
    """Namespace -> prefix, as the union graph of a built dataset binds them (rdflib's defaults, kg's, id:)."""
    from rdflib import Namespace

    from kg.pipeline import new_dataset

    g = union(new_dataset(Namespace(base)))
    return {str(ns): g.namespace_manager.store.prefix(ns) for _, ns in g.namespaces()}


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(line for line in data.split(b"\n") if line.strip()))
    return b"\n".join(lines) + b"\n"


def context() -> dict:
    """The published JSON-LD context, `ontology/context.jsonld`."""
    from kg.namespace import ontology_file

    return json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]


def _json_ld(g) -> bytes:
    doc = json.loads(g.serialize(format="json-ld", context=context(), auto_compact=True))
    return (json.dumps(_sorted_json(doc), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _sorted_json(node):
    # kg writes no @list, so every JSON-LD array is an unordered set and may be sorted
    if isinstance(node, dict):
        return {k: _sorted_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return sorted((_sorted_json(v) for v in node), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return node
