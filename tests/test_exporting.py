"""Exports: every format reads back as the same graph(s), and the same input gives the same bytes in every run."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.compare import isomorphic

from kg.exporting import FORMATS, context, serialize, union
from kg.namespace import KG, ontology_file
from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = URIRef("urn:x-rdflib:default")
SECOND = "dev-05-gulou-rehelu"


@pytest.fixture(scope="module")
def dataset(reference_path, article_file) -> Dataset:
    result = build([str(reference_path), str(article_file(SECOND))])
    assert len(result.extractions) == 2 and not result.failures
    return result.dataset


def named_graphs(ds: Dataset) -> dict[URIRef, Graph]:
    return {g.identifier: g for g in ds.graphs() if g.identifier != DEFAULT and len(g)}


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_triple_formats_read_back_as_the_union(dataset, fmt):
    back = Graph().parse(data=serialize(dataset, fmt), format=fmt)
    expected = union(dataset)
    assert len(back) == len(expected) > 500
    assert isomorphic(back, expected)


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_quad_formats_read_back_graph_by_graph(dataset, fmt):
    back = Dataset()
    back.parse(data=serialize(dataset, fmt), format=fmt)
    got, expected = named_graphs(back), named_graphs(dataset)
    assert sorted(got) == sorted(expected)
    for name, graph in expected.items():
        assert isomorphic(got[name], graph), name
    # each article's graph is named by the article (other graphs, such as the register's, may follow)
    articles = {s: g for s, _, _, g in back.quads((None, RDF.type, KG.Article, None))}
    assert len(articles) == 2 and all(s == g for s, g in articles.items())


def test_json_ld_embeds_the_published_context(dataset):
    doc = json.loads(serialize(dataset, "json-ld"))
    published = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == published["@context"] == context()
    # the context's terms are used: relations and offsets are compacted to short names
    text = json.dumps(doc, ensure_ascii=False)
    assert '"partOf"' in text and '"beginIndex"' in text and '"taIdentRef"' in text


def test_context_file_is_in_the_wheel():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"ontology" = "kg/ontology"' in pyproject  # force-include ships every file of ontology/
    assert ontology_file("context.jsonld").is_file() and ontology_file("shapes.ttl").is_file()


SCRIPT = """
import sys
from pathlib import Path
from kg.exporting import serialize
from kg.pipeline import build
ds = build(sys.argv[2:]).dataset
for fmt in ("turtle", "trig", "json-ld"):
    Path(sys.argv[1], fmt).write_bytes(serialize(ds, fmt))
"""


def test_same_input_gives_byte_identical_files_in_every_run(tmp_path, reference_path, article_file):
    """Two separate processes with different hash seeds (so set and dict order differ) write the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", SCRIPT, str(out), str(reference_path), str(article_file(SECOND))],
                       check=True, env=env, timeout=600)
        outputs.append(out)
    for fmt in ("turtle", "trig", "json-ld"):
        first, second = ((o / fmt).read_bytes() for o in outputs)
        assert len(first) > 10_000
        assert first == second, fmt


def test_every_format_has_a_suffix():
    assert set(FORMATS) == {"turtle", "nt", "trig", "nquads", "json-ld"}
