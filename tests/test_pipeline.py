"""The whole pipeline: extract_source, build, and the scorer run on what `kg build` writes."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import PROV, RDF

from kg.errors import InputError
from kg.namespace import KG
from kg.pipeline import build, example_path, extract_source
from kg.rdf import register_graph_iri, register_iri
from kg.records import Source

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256))


def test_built_in_example_is_the_reference_article(reference_path):
    assert example_path().name == "tianqiao-2020-06-30.txt"
    assert example_path().read_bytes() == reference_path.read_bytes()


def test_extract_source_fills_every_stage(reference):
    art = reference.article
    assert art.name.endswith("tianqiao-2020-06-30.txt")
    assert art.encoding == "utf-8"
    assert art.traditional is True
    assert reference.entities and reference.relations and reference.statistics
    keys = [e.key for e in reference.entities]
    assert len(keys) == len(set(keys))
    for r in reference.relations:
        assert r.subject in keys and r.object in keys
    for st in reference.statistics:
        assert st.about is None or st.about in keys


@pytest.mark.parametrize("data", [
    pytest.param(b"", id="empty"),
    pytest.param(b"   \n\r\n\t ", id="white-space"),
    pytest.param(b"<div><span></span></div>\n<p>  </p>", id="markup-only"),
])
def test_input_without_text_is_an_input_error(data):
    with pytest.raises(InputError) as info:
        extract_source(Source("empty.txt", data))
    assert "empty.txt" in str(info.value)


def test_build_one_named_graph_per_article(reference_path, corpus):
    other = corpus / "dev-01-xihu-jinshagang.txt"
    result = build([str(reference_path), str(other)])
    assert result.failures == []
    assert [Path(ex.article.name).name for ex in result.extractions] == [reference_path.name, other.name]
    named = [g for g in result.dataset.graphs() if len(g) and g.identifier != register_graph_iri()]
    assert len(named) == 2
    for g in named:
        assert len(list(g.subjects(RDF.type, KG.Article))) == 1


def test_build_collects_bad_inputs(tmp_path, reference_path):
    shutil.copy(reference_path, tmp_path / "a-good.txt")
    (tmp_path / "b-bad.txt").write_bytes(PNG)
    result = build([str(tmp_path)])
    assert len(result.extractions) == 1
    assert len(result.failures) == 1
    assert "b-bad.txt" in str(result.failures[0])


def test_build_reads_stdin(reference_path):
    result = build(["-"], stdin=io.BytesIO(reference_path.read_bytes()))
    assert result.failures == []
    assert [ex.article.name for ex in result.extractions] == ["<stdin>"]
    assert result.extractions[0].article.stem == "stdin"


def test_same_text_from_stdin_and_file_gives_the_same_graph(reference_path):
    a = build([str(reference_path)]).dataset
    b = build(["-"], stdin=io.BytesIO(reference_path.read_bytes())).dataset

    def triples(ds: Dataset):
        return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None)) if p != KG.sourceFile}
    assert triples(a) == triples(b)


def test_scorer_on_kg_build_output(tmp_path, reference_path, gold_dir, score_script):
    out = tmp_path / "out.ttl"
    built = subprocess.run([sys.executable, "-m", "kg", "build", str(reference_path), "-o", str(out)],
                           capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert built.returncode == 0, built.stderr
    assert out.is_file()
    scored = subprocess.run([sys.executable, str(score_script), "--gold",
                             str(gold_dir / "tianqiao-2020-06-30.gold.json"), "--pred", str(out), "--json"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout)["documents"]["tianqiao-2020-06-30.gold.json"]
    assert report["article"]["score"] == 1.0, report["article"]
    prov = report["provenance"]
    assert prov["mentions"] > 0
    assert prov["exact_offsets"] == prov["mentions"]
    # every entity and statistic has an exact mention, except units that only the register adds (济南市, 山东省)
    register_only = {s for s in Graph().parse(out).subjects(PROV.wasDerivedFrom, register_iri())}
    assert prov["covered"] + len(register_only - {register_graph_iri()}) == prov["targets"] > 0
    assert report["html_in_labels"] == []


def test_scorer_on_every_article(tmp_path, article_file, extraction, gold_dir, score_script):
    """Metadata and provenance of every gold article, as the scorer reads them from Turtle files."""
    from kg.exporting import write
    from kg.pipeline import new_dataset
    from kg.rdf import article_iri, to_graph

    stems = sorted(p.name[: -len(".gold.json")] for p in gold_dir.glob("*.gold.json"))
    for stem in stems:
        ex = extraction(stem)
        ds = new_dataset()
        graph = ds.graph(article_iri(ex))
        for triple in to_graph(ex):
            graph.add(triple)
        write(ds, tmp_path / f"{stem}.ttl", "turtle")
    scored = subprocess.run([sys.executable, str(score_script), "--gold-dir", str(gold_dir),
                             "--pred-dir", str(tmp_path), "--json"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert scored.returncode == 0, scored.stderr
    assert "no prediction" not in scored.stderr
    docs = json.loads(scored.stdout)["documents"]
    assert sorted(docs) == [f"{s}.gold.json" for s in stems]
    for name, report in docs.items():
        assert report["article"]["fields"] == {"title": True, "issued": True, "publisher": True, "editor": True}, name
        prov = report["provenance"]
        assert prov["exact_offsets"] == prov["mentions"] > 0, name
        assert prov["covered"] == prov["targets"], name
        assert report["html_in_labels"] == [], name


def test_an_article_is_converted_to_simplified_once(monkeypatch, reference_path):
    """Cleaning makes the view; metadata, extraction and the RDF labels slice it (convert once)."""
    import kg.cleaning
    import kg.metadata
    import kg.rdf
    from kg.pipeline import build_source
    from kg.records import Source
    from kg.view import to_simplified

    calls = []

    def counting(text):
        calls.append(len(text))
        return to_simplified(text)

    for module in (kg.cleaning, kg.metadata, kg.rdf):
        monkeypatch.setattr(module, "to_simplified", counting, raising=False)
    build_source(Source("a.txt", reference_path.read_bytes()), timeout=None)
    whole = [n for n in calls if n > 100]  # (a few words, such as a publisher's name, may be converted alone)
    assert len(whole) == 1 and whole[0] > 1000 and len(calls) < 5
