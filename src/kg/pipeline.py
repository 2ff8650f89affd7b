"""The pipeline: raw bytes in, an RDF dataset out.

Stages, one module each:
 1. reading      - find inputs, decode bytes (BOM, meta charset, UTF-8, GB18030, Big5)
 2. cleaning     - main text of HTML pages, tags and chrome removed, white space folded
 3. metadata     - title, publication date, publisher, editor
 4. segmenting   - jieba tokens and sentences over the Simplified view (same offsets)
 5. extracting   - candidate mentions of units, studios, initiatives, organisations, people
 6. statistics   - reported figures
 7. linking      - entities, relations, and what each figure is about
 8. rdf          - triples under the ontology, with NIF mentions
 9. exporting    - Turtle, N-Triples, TriG, N-Quads, JSON-LD
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import Dataset, Namespace

from kg.cleaning import clean
from kg.errors import InputError
from kg.extracting import extract_candidates
from kg.gazetteer import default_register
from kg.linking import link
from kg.metadata import read_metadata
from kg.namespace import ID, PREFIXES
from kg.rdf import article_iri, register_graph, register_graph_iri, to_graph
from kg.reading import decode, iter_sources
from kg.records import Extraction, Source
from kg.segmenting import sentences, tokenize
from kg.statistics import extract_statistics

EXAMPLE = "tianqiao-2020-06-30.txt"


def example_path() -> Path:
    """The built-in example: the reference article, shipped inside the package."""
    return Path(str(resources.files("kg").joinpath(f"data/examples/{EXAMPLE}")))


def example_source() -> Source:
    """The built-in example as an input, named by its file name so the graph does not depend on the install path."""
    return Source(EXAMPLE, example_path().read_bytes())


def extract_source(source: Source) -> Extraction:
    """Run stages 1 to 7 on one input. Raises `InputError` for an input that cannot become an article."""
    article = read_metadata(clean(decode(source)))
    if not article.text.strip():
        raise InputError(f"{source.name}: no article text left after cleaning (empty, or markup only)")
    tokens = tokenize(article)
    sents = sentences(article)
    register = default_register()
    candidates = extract_candidates(article, tokens, register)
    figures = extract_statistics(article, sents)
    return link(article, tokens, candidates, sents, figures, register)


@dataclass
class BuildResult:
    dataset: Dataset
    extractions: list[Extraction] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)


def new_dataset(base: Namespace = ID) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    ds.bind("id", base)
    return ds


def build(inputs: Iterable[str | Source], *, base: Namespace = ID, stdin=None) -> BuildResult:
    """Build every input (a path, "-" for stdin, or a `Source`) into one dataset, one named graph per article.

    Inputs that cannot become an article are collected in `failures`; the others still build.
    """
    inputs = list(inputs)
    sources = [i for i in inputs if isinstance(i, Source)]
    paths = [i for i in inputs if not isinstance(i, Source)]
    result = BuildResult(new_dataset(base))
    for source in sources + list(iter_sources(paths, stdin=stdin)):
        try:
            ex = extract_source(source)
        except InputError as err:
            result.failures.append(err)
            continue
        graph = result.dataset.graph(article_iri(ex, base))
        for triple in to_graph(ex, base):
            graph.add(triple)
        for triple in register_graph(ex, base):
            result.dataset.graph(register_graph_iri(base)).add(triple)
        result.extractions.append(ex)
    return result
