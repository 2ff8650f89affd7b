"""src/kg/_vocab.py is exactly what scripts/make_vocab.py generates from ontology/kg.ttl, and the code names no IRIs."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.namespace import KG

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("make_vocab", ROOT / "scripts" / "make_vocab.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_vocabulary_is_up_to_date():
    generated = _generator().render()
    committed = (ROOT / "src" / "kg" / "_vocab.py").read_text(encoding="utf-8")
    assert committed == generated, "src/kg/_vocab.py is stale: run python scripts/make_vocab.py"


def test_generator_follows_the_ontology(tmp_path):
    """A term added to the ontology shows up in the generated class (so the comparison above can fail)."""
    ontology = (ROOT / "ontology" / "kg.ttl").read_text(encoding="utf-8")
    extra = ontology + '\nkg:brandNewTerm a owl:DatatypeProperty ; rdfs:comment "A test term."@en .\n'
    (tmp_path / "kg.ttl").write_text(extra, encoding="utf-8")
    text = _generator().render(tmp_path / "kg.ttl")
    assert "    brandNewTerm: URIRef  # A test term.\n" in text
    assert text != (ROOT / "src" / "kg" / "_vocab.py").read_text(encoding="utf-8")


def test_misspelt_term_raises():
    assert KG.partOf == URIRef("https://w3id.org/zhgov-kg/ontology#partOf")
    with pytest.raises(AttributeError):
        KG.partof  # noqa: B018


SVG = "http://www.w3.org/2000/svg"  # the XML namespace of inline SVG in the HTML view, not an RDF term


def test_no_iri_strings_outside_the_namespace_modules():
    """IRIs come from kg.namespace / kg._vocab (or rdflib's namespaces), never from string literals elsewhere."""
    allowed = {"namespace.py", "_vocab.py"}
    stray = []
    for path in sorted((ROOT / "src" / "kg").rglob("*.py")):
        if path.name in allowed:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"[\"'](https?|urn):", line.replace(SVG, "")):
                stray.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not stray, "IRI strings outside kg.namespace:\n" + "\n".join(stray)
