"""The pipeline: raw bytes in, an RDF dataset out.

Stages, one module each:
 1. reading      - find inputs, decode bytes (BOM, meta charset, UTF-8, GB18030, Big5)
 2. cleaning     - main text of HTML pages, tags and chrome removed, white space folded
 3. metadata     - title, publication date, publisher, editor
 4. segmenting   - jieba tokens and sentences over the Simplified view (same offsets)
 5. extracting   - candidate mentions of units, studios, initiatives, organisations, people
 6. statistics   - reported figures
 7. linking      - entities, one per real thing, grounded in the division register
    relating     - the relations between them, and what each figure is about
 8. rdf          - triples under the ontology, with NIF mentions
 9. exporting    - Turtle, N-Triples, TriG, N-Quads, JSON-LD
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from rdflib import Namespace

from kg.cleaning import clean
from kg.errors import InputError
from kg.extracting import extract_candidates
from kg.gazetteer import default_register
from kg.limits import time_limit, uninterrupted  # noqa: F401  (time_limit: part of the API here)
from kg.linking import ground_entities
from kg.metadata import parse_date, read_metadata
from kg.namespace import ID, PREFIXES
from kg.rdf import (article_iri, article_triples, nquads, rdflib_quads, register_graph_iri, register_triples,
                    source_triples)
from kg.options import EXAMPLE, MAX_BYTES, TIMEOUT, BuildOptions
from kg.reading import decode
from kg.records import Built, Extraction, Source, decoded
from kg.relating import relate
from kg.segmenting import sentences, tokenize
from kg.statistics import extract_statistics



def example_path() -> Path:
    """The built-in example: the reference article, shipped inside the package."""
    return Path(str(resources.files("kg").joinpath(f"data/examples/{EXAMPLE}")))


def example_source() -> Source:
    """The built-in example as an input, named by its file name so the graph does not depend on the install path."""
    return Source(EXAMPLE, example_path().read_bytes())


def extract_source(source: Source) -> Extraction:
    """Run stages 1 to 7 on one input. Raises `InputError` for an input that cannot become an article."""
    cleaned = clean(decode(source))
    if source.title:
        cleaned = replace(cleaned, title=source.title)
    article = read_metadata(cleaned)
    if not article.text.strip():
        raise InputError(f"{source.name}: no article text left after cleaning (empty, or markup only)",
                         "no text")
    if source.issued and (issued := parse_date(source.issued)):
        article = replace(article, issued=issued)
    tokens = tokenize(article)
    sents = sentences(article)
    register = default_register()
    candidates = extract_candidates(article, tokens, register)
    figures = extract_statistics(article, sents, tokens)
    return relate(article, sents, ground_entities(article, tokens, candidates, sents, register), figures)


def to_built(ex: Extraction, source: Source, base: Namespace = ID) -> Built:
    """Stage 8 for one article: its N-Quads, split by what they depend on (see `Built`)."""
    graph = article_iri(ex, base)
    quads = nquads(article_triples(ex, base), graph)
    own = nquads(source_triples(ex, base, url=source.url), graph)
    named = [e for e in ex.entities if e.origin == "text"]
    types = Counter(e.type for e in named)
    listed = ", ".join(f"{t} {n}" for t, n in sorted(types.items()))
    counts = {"entities": len(named), "relations": len(ex.relations), "statistics": len(ex.statistics),
              "triples": quads.count(b"\n") + own.count(b"\n"), "codes": sum(1 for e in named if e.code),
              "added": len(ex.entities) - len(named), **{f"type:{t}": n for t, n in types.items()}}
    summary = (f"{ex.article.name}: {counts['entities']} entities ({listed}), {counts['relations']} relations, "
               f"{counts['statistics']} statistics, {counts['triples']} triples; official codes: "
               f"{counts['codes']}, units added from the register: {counts['added']}")
    return Built(source.name, hashlib.sha256(source.data).hexdigest(), str(graph), quads, own,
                 nquads(register_triples(ex, base), register_graph_iri(base)), summary, tuple(counts.items()))


def build_source(source: Source, base: Namespace = ID, timeout: float | None = TIMEOUT,
                 max_bytes: int | None = MAX_BYTES) -> tuple[Extraction, Built]:
    """Stages 1 to 8 for one input, within the time and size limits. Raises `InputError`, also for a bug,
    so that one article never costs the others of a run."""
    try:
        if max_bytes is not None and len(source.data) > max_bytes:
            raise InputError(f"{source.name}: larger than the input limit of {max_bytes} bytes; "
                             f"raise it with --max-bytes (0 for no limit)", "too large")
        with time_limit(timeout, source.name):
            ex = extract_source(source)
            return ex, to_built(ex, source, base)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{source.name}: internal error {type(exc).__name__}: {exc} "
                         f"(please report it with this file)", "internal error") from None


def extract_nquads(data: bytes, name: str, base: Namespace = ID) -> str:
    """One article's graph as N-Quads: a pure function of the bytes and the name, for any engine to map
    over a corpus (Dask, Spark, a queue of workers). Loading the results of every article into one store
    gives the same graph as `kg build --store`. Raises `kg.errors.InputError` for an input that cannot
    become an article; no time limit applies.

    >>> import kg
    >>> from kg.rdf import register_graph_iri
    >>> quads = kg.extract_nquads("北京市海淀区中关村街道设立“李明工作室”。".encode(), "a.txt")
    >>> sum(1 for line in quads.split("\\n") if line.endswith(f"<{register_graph_iri()}> ."))  # codes, chain
    9
    """
    _, built = build_source(Source(name, data), base, timeout=None, max_bytes=None)
    lines = set(decoded(built.quads + built.own + built.register).split("\n")) - {""}
    return "".join(f"{line}\n" for line in sorted(lines))


@dataclass
class BuildResult:
    dataset: object  # an rdflib Dataset
    extractions: list[Extraction] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)


def new_dataset(base: Namespace = ID):
    from rdflib import Dataset

    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    ds.bind("id", base)
    return ds


def add_built(ds, built: Built) -> None:
    """Merge one article's N-Quads into an rdflib dataset."""
    graphs: dict = {}

    def graph(name):
        if name not in graphs:  # not `or`: an empty graph is falsy
            graphs[name] = ds.graph(name)
        return graphs[name]

    ds.addN((s, p, o, graph(g)) for s, p, o, g in rdflib_quads(decoded(built.quads + built.own + built.register)))


def build(inputs: Iterable[str | Source], *, base: Namespace = ID, stdin=None, max_bytes: int | None = MAX_BYTES,
          timeout: float | None = TIMEOUT) -> BuildResult:
    """Build every input (a path, "-" for stdin, or a `Source`) into one dataset in memory, one named graph
    per article, in this process: `kg.corpus.build` into a `DatasetSink`.

    Inputs that cannot become an article are collected in `failures`; the others still build. An input
    over `max_bytes` is not read; one that takes longer than `timeout` seconds is given up (None or 0:
    no limit, see `time_limit`).
    """
    from kg.corpus import DatasetSink
    from kg.corpus import build as build_into

    options = BuildOptions(base=str(base), jobs=1, timeout=timeout or None, max_bytes=max_bytes)
    sink = DatasetSink(options.base)
    report = build_into(inputs, sink, options, stdin=stdin, keep=True)
    return BuildResult(sink.dataset, sink.extractions, report.failures)


def warm_up() -> None:
    """Import and load what every article needs (jieba, OpenCC, the lexicon, the register) outside the
    time limit. (An alarm inside an import would break the module for the rest of the run: what only
    some articles need, trafilatura for HTML pages, is imported with the alarm held, `uninterrupted`.)"""
    extract_source(Source("warm-up", "北京市海淀区学院路街道。".encode("utf-8")))
