"""The Python API: `kg.build`, `kg.extract`, `kg.extract_nquads` and `kg.to_networkx`, the same functions
the CLI uses.

`import kg` stays light: `kg/__init__.py` imports this module only when one of the three is first used.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, Namespace

from kg.errors import InputError
from kg.namespace import ID
from kg.pipeline import extract_nquads  # noqa: F401  (the API's pure per-article function)
from kg.records import Extraction, Source

_CJK = re.compile(r"[\u3400-\u9fff]")


def build(paths_or_texts: Iterable[str | os.PathLike | bytes], *, base: Namespace = ID) -> Dataset:
    """Build articles into one `rdflib.Dataset`, one named graph per article (named by the article IRI).

    Each item is a path (`pathlib.Path`, or a `str` naming an existing file or directory), article
    text (a `str` with Chinese characters or a line break) or the raw bytes of a file. A `str` that is
    neither an existing path nor text is refused rather than read as a one-line article. Raises
    `kg.errors.KgError` (with a message naming the input) for a missing path or an input that cannot
    become an article.

    >>> import kg
    >>> ds = kg.build(["北京市海淀区中关村街道东升社区设立“李明工作室”，全社区共有党员120名。"])
    >>> from rdflib.namespace import RDF, RDFS
    >>> from kg.namespace import ID, KG
    >>> [(article, _, _, name)] = ds.quads((None, RDF.type, KG.Article, None))
    >>> name == article and article.startswith(ID["article/"])  # the article's graph is named by the article
    True
    >>> graph = ds.graph(name)
    >>> [str(graph.value(s, RDFS.label)) for s in graph.subjects(RDF.type, KG.SubdistrictOffice)]
    ['中关村街道']
    """
    from kg.pipeline import build as build_sources

    inputs = [_input(item, n) for n, item in enumerate(paths_or_texts, 1)]
    result = build_sources(inputs, base=base)
    if result.failures:
        raise result.failures[0]
    return result.dataset


def extract(text: str) -> Extraction:
    """Extract entities, relations and figures from one article's text, as typed records with offsets.

    Offsets are Python `str` indices into `extraction.article.text`, the cleaned text (the same as
    `text` for plain text without markup).

    >>> import kg
    >>> ex = kg.extract("北京市海淀区中关村街道东升社区设立“李明工作室”，全社区共有党员120名。")
    >>> [(e.type, e.name) for e in ex.entities if e.type in ("SubdistrictOffice", "WorkStudio")]
    [('SubdistrictOffice', '中关村街道'), ('WorkStudio', '李明工作室')]
    >>> studio = next(e for e in ex.entities if e.type == "WorkStudio")
    >>> m = studio.mentions[0]
    >>> m.span.begin, m.span.end, ex.article.text[m.span.begin:m.span.end]
    (18, 23, '李明工作室')
    >>> [(str(s.value), s.unit, s.mention.span.text) for s in ex.statistics]
    [('120', '名', '120名')]
    """
    from kg.pipeline import extract_source

    if not isinstance(text, str):
        raise TypeError(f"kg.extract takes the article text as str, not {type(text).__name__}; use kg.build for files")
    return extract_source(Source("<text>", text.encode("utf-8")))


def to_networkx(graph: Graph | Dataset, script: str = "hans") -> nx.MultiDiGraph:
    """Entities and statistics as nodes, the kg: relations between them as edges keyed by property name.

    Each node is the entity's IRI with the attributes `class` (the contract class: "Community",
    "WorkStudio", …, or "Statistic"), `label` (in `script`: "hans", Simplified, or "hant",
    Traditional), `label_hans`, `label_hant`, and `code` (kg:adminCode) where the unit has one. Each
    edge from `s` to `o` has the key `"partOf"`, `"locatedIn"`, `"launchedBy"`, `"namedAfter"` or
    `"about"` and the attribute `property`, the full IRI. A `Dataset` is read as the union of its
    graphs. The drawings (`kg render`) start from this same graph.

    >>> import kg
    >>> g = kg.to_networkx(kg.build(["北京市海淀区中关村街道东升社区设立“李明工作室”，全社区共有党员120名。"]))
    >>> community = next(n for n, data in g.nodes(data=True) if data["class"] == "Community")
    >>> g.nodes[community]["label"], g.nodes[community]["label_hant"]
    ('东升社区', '東昇社區')
    >>> [(key, g.nodes[o]["label"]) for _, o, key in g.out_edges(community, keys=True)]
    [('partOf', '中关村街道')]
    """
    from kg.layout import to_networkx as convert

    return convert(graph, script)


def _input(item, n: int) -> str | Source:
    """A path for the pipeline to read (it expands directories), or the text or bytes as a `Source`."""
    if isinstance(item, Source):
        return item
    if isinstance(item, bytes):
        return Source(f"<bytes {n}>", item)
    if isinstance(item, os.PathLike):
        return os.fspath(item)
    if isinstance(item, str):
        if item.strip() and "\n" not in item and len(item) < 4096 and Path(item).exists():
            return item
        if "\n" in item or _CJK.search(item):
            return Source(f"<text {n}>", item.encode("utf-8"))
        raise InputError(f"{item}: no such file or directory, and not article text either (no Chinese characters); "
                         f"check the path")
    raise TypeError(f"kg.build takes paths, texts or bytes, not {type(item).__name__}")
