"""Shared session fixtures: the shared corpus and gold files, and built extractions.

The corpus and gold files live beside the clone, in `<clone>/../shared` (here /work/shared). Tests
that need them fail, with a message saying where they were looked for, when the directory is missing.

Parametrisation over the articles happens in `pytest_generate_tests`: a test that takes the argument
`article_name` runs once per gold file (every dev article and the reference article).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = "tianqiao-2020-06-30"
MISSING = "<shared-dir-missing>"


def _article_names() -> list[str]:
    gold = SHARED / "eval" / "dev"
    names = sorted(p.name[: -len(".gold.json")] for p in gold.glob("*.gold.json")) if gold.is_dir() else []
    # Without the shared directory there is still one case, so that the `shared` fixture fails loudly.
    return names or [MISSING]


ARTICLE_NAMES = _article_names()


def pytest_generate_tests(metafunc):
    if "article_name" in metafunc.fixturenames:
        metafunc.parametrize("article_name", ARTICLE_NAMES)


@pytest.fixture(scope="session")
def shared() -> Path:
    assert SHARED.is_dir(), (
        f"the shared corpus and gold files are missing: expected the directory {SHARED} "
        f"(a copy of shared/ beside the clone, i.e. <clone>/../shared)")
    for sub in ("corpus", "eval/dev", "eval/score.py"):
        assert (SHARED / sub).exists(), f"{SHARED / sub} is missing from the shared directory"
    return SHARED


@pytest.fixture(scope="session")
def corpus(shared) -> Path:
    return shared / "corpus"


@pytest.fixture(scope="session")
def gold_dir(shared) -> Path:
    return shared / "eval" / "dev"


@pytest.fixture(scope="session")
def article_file(gold_dir):
    """stem -> the corpus file its gold file points to."""
    def find(stem: str) -> Path:
        assert stem != MISSING, f"no gold files found under {SHARED / 'eval' / 'dev'}"
        gold = json.loads((gold_dir / f"{stem}.gold.json").read_text(encoding="utf-8"))
        path = (gold_dir / gold["text_file"]).resolve()
        assert path.is_file(), f"{stem}: the gold file points to {path}, which does not exist"
        return path
    return find


@pytest.fixture(scope="session")
def gold(gold_dir):
    """stem -> the parsed gold file."""
    def load(stem: str) -> dict:
        assert stem != MISSING, f"no gold files found under {SHARED / 'eval' / 'dev'}"
        return json.loads((gold_dir / f"{stem}.gold.json").read_text(encoding="utf-8"))
    return load


@pytest.fixture(scope="session")
def extraction(article_file):
    """stem -> the Extraction of that article, built once per session (jieba loading is costly)."""
    from kg.pipeline import extract_source
    from kg.records import Source

    cache = {}

    def get(stem: str):
        if stem not in cache:
            path = article_file(stem)
            cache[stem] = extract_source(Source(str(path), path.read_bytes()))
        return cache[stem]
    return get


@pytest.fixture(scope="session")
def reference_path(article_file) -> Path:
    return article_file(REFERENCE)


@pytest.fixture(scope="session")
def reference(extraction):
    """The Extraction of the reference article, tianqiao-2020-06-30.txt."""
    return extraction(REFERENCE)


@pytest.fixture(scope="session")
def reference_graph(reference):
    from kg.rdf import to_graph

    return to_graph(reference)


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (which downloads no browser of its own)."""
    import shutil

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed for this test: apt-get install chromium (scripts/test does it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def score_script(shared) -> Path:
    return shared / "eval" / "score.py"


# Hypothesis (the fuzz tests): a fixed seed and a bounded number of examples, so CI is reproducible and
# takes minutes. HYPOTHESIS_PROFILE=kg-long runs many more examples, still from the fixed seed.
_FUZZ = dict(derandomize=True, deadline=None, database=None, print_blob=True,
             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("kg", max_examples=120, **_FUZZ)
settings.register_profile("kg-long", max_examples=5000, **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "kg"))
