"""Write src/kg/_vocab.py: the `KG` DefinedNamespace generated from ontology/kg.ttl.

rdflib's own generator (rdflib.tools.defined_namespace_creator) finds the terms; this script only
writes them without a time stamp, so the file changes when the ontology does and never otherwise.
tests/test_vocab.py regenerates it and fails when the two differ.
Run: python scripts/make_vocab.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph
from rdflib.tools.defined_namespace_creator import get_target_namespace_elements

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
TARGET = ROOT / "src" / "kg" / "_vocab.py"
NAMESPACE = "https://w3id.org/zhgov-kg/ontology#"

HEADER = '''"""The kg: vocabulary, generated from ontology/kg.ttl by scripts/make_vocab.py. Do not edit by hand."""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """Every term of the zhgov-kg ontology; a misspelt term raises instead of minting a stray IRI."""

    _NS = Namespace("{ns}")
    _fail = True

'''


def render(ontology: Path = ONTOLOGY) -> str:
    graph = Graph().parse(ontology, format="turtle")
    _, terms, odd = get_target_namespace_elements(graph, NAMESPACE)
    if odd:  # every kg: term must be usable as KG.name
        raise SystemExit(f"{ontology}: kg: terms that are not Python identifiers: {''.join(odd)}")
    return HEADER.format(ns=NAMESPACE) + "".join(terms)


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
