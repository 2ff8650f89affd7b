"""Stage 9, exporting: write a dataset as Turtle, N-Triples, TriG, N-Quads or JSON-LD, atomically.

Each article is a named graph; Turtle, N-Triples and JSON-LD get the union of them. Line-based
formats are sorted, so the same input always gives the same bytes.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.atomic import atomic_write
from kg.errors import KgError

FORMATS = {"turtle": ".ttl", "nt": ".nt", "trig": ".trig", "nquads": ".nq", "json-ld": ".jsonld"}
BY_SUFFIX = {v: k for k, v in FORMATS.items()} | {".turtle": "turtle", ".n3": "turtle", ".json": "json-ld",
                                                  ".ntriples": "nt", ".nquads": "nquads"}


def format_for(path: str | Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise KgError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in BY_SUFFIX:
        raise KgError(f"{path}: cannot tell the RDF format from the suffix {suffix or '(none)'}; "
                      f"use --format {'|'.join(FORMATS)} or one of {', '.join(FORMATS.values())}")
    return BY_SUFFIX[suffix]


def union(ds: Dataset) -> Graph:
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def serialize(ds: Dataset, fmt: str) -> bytes:
    if fmt in ("turtle", "json-ld"):
        return union(ds).serialize(format="longturtle" if fmt == "turtle" else "json-ld", encoding="utf-8")
    if fmt == "nt":
        return _sorted_lines(union(ds).serialize(format="nt", encoding="utf-8"))
    if fmt == "nquads":
        return _sorted_lines(ds.serialize(format="nquads", encoding="utf-8"))
    return ds.serialize(format="trig", encoding="utf-8")


def write(ds: Dataset, path: str | Path, fmt: str) -> Path:
    data = serialize(ds, fmt)
    with atomic_write(path) as f:
        f.write(data)
    return Path(path)


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(line for line in data.split(b"\n") if line.strip()))
    return b"\n".join(lines) + b"\n"
