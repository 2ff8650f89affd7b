"""Every RDF format kg writes is read by another implementation: Debian's `rapper` (raptor2-utils) parses
Turtle, N-Triples, TriG and N-Quads to the same number of statements rdflib reads. rapper has no JSON-LD
parser (its `json` is RDF/JSON), so JSON-LD is read back by rdflib only (test_exporting, test_fuzz)."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from rdflib import Dataset

from kg.cli import main

RAPPER_SYNTAX = {"turtle": ("turtle", ".ttl"), "nt": ("ntriples", ".nt"), "trig": ("trig", ".trig"),
                 "nquads": ("nquads", ".nq")}


@pytest.fixture(scope="module")
def rapper() -> str:
    found = shutil.which("rapper")
    assert found, "Debian's rapper is needed for this test: apt-get install raptor2-utils (scripts/test does it)"
    return found


@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_rapper_parses_what_kg_writes(rapper, corpus, tmp_path, fmt):
    syntax, suffix = RAPPER_SYNTAX[fmt]
    out = tmp_path / f"graph{suffix}"
    inputs = [str(corpus / "dev-05-gulou-rehelu.txt"), str(corpus / "dev-03-nanshan-yuehai.html")]
    assert main(["build", *inputs, "--format", fmt, "-o", str(out)]) == 0
    run = subprocess.run([rapper, "-i", syntax, "-c", str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Error" not in run.stderr and "Warning" not in run.stderr, run.stderr
    count = int(re.search(r"returned (\d+) (?:triples|statements)", run.stderr).group(1))
    ds = Dataset()
    ds.parse(out, format={"nt": "nt", "turtle": "turtle"}.get(fmt, fmt))
    assert count == len(list(ds.quads((None, None, None, None)))) > 500


def test_rapper_has_no_json_ld_parser(rapper):
    listed = subprocess.run([rapper, "--help"], capture_output=True, text=True).stdout
    parsers = re.search(r"--input FORMAT(.*?)-I URI", listed, re.S).group(1)
    assert "nquads" in parsers and not re.search(r"json-?ld", parsers, re.I)
