"""Output bytes: a build's file writers (`kg.lines`, no rdflib graph for N-Quads, N-Triples and Turtle) give
the bytes that rdflib gives for the same quads (`kg.exporting.serialize`, what kg wrote before), in every
format, for every dev article alone and for all of them together, and for texts full of what escaping
gets wrong."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.exporting import FORMATS, serialize, serialize_lines
from kg.options import BuildOptions
from kg.pipeline import add_built, new_dataset
from kg.records import Built, Source
from kg.workers import run

HOSTILE = ('北京市海淀区中关村街道东升社区设立“李明工作室”。他说："""引号""" 与 \\ 反斜杠、\\"、末尾引号"\n'
           '第二行 %41 (括号) 与 %zz 与 a.\r\n全社区共有党员120名，占57.5%。"')


def built(sources: list[Source], base: str) -> list[Built]:
    results = [r for r, _ in run(sources, BuildOptions(base=base, timeout=None))]
    assert all(isinstance(r, Built) for r in results), results
    return results


def lines_of(results: list[Built]) -> set[str]:  # N-Quads lines without " ."
    out: set[str] = set()
    for b in results:
        for text in (b.quads, b.own, b.register):
            out.update(text.decode("utf-8", "surrogatepass")[:-3].split(" .\n") if text else ())
    return out


def rdflib_bytes(results: list[Built], fmt: str, base: str) -> bytes:
    from rdflib import Namespace

    ds = new_dataset(Namespace(base))
    for b in results:
        add_built(ds, b)
    return serialize(ds, fmt)


def corpus_sources(corpus) -> list[Source]:
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".html"))
    assert len(files) >= 9
    return [Source(str(p), p.read_bytes()) for p in files]


@pytest.fixture(scope="module")
def articles(corpus):
    sources = corpus_sources(corpus)
    return {s.name: built([s], BuildOptions().base)[0] for s in sources}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_dev_article_gives_rdflibs_bytes_in_every_format(articles, fmt):
    base = BuildOptions().base
    for name, b in articles.items():
        assert serialize_lines(lines_of([b]), fmt, base) == rdflib_bytes([b], fmt, base), name


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_dev_corpus_together_gives_rdflibs_bytes(articles, fmt):
    base = BuildOptions().base
    results = list(articles.values())
    assert serialize_lines(lines_of(results), fmt, base) == rdflib_bytes(results, fmt, base)


@pytest.mark.parametrize("base", ["https://w3id.org/zhgov-kg/id/", "http://example.org/kg#", "https://schema.org/"])
@pytest.mark.parametrize("fmt", ["turtle", "nt", "nquads"])
def test_hostile_literals_and_other_bases_give_rdflibs_bytes(fmt, base):
    sources = [Source("a \"quoted\" \\ name\n.txt", HOSTILE.encode("utf-8")),
               Source("copy.txt", HOSTILE.encode("utf-8"), url="https://schema.org/x(1)"),
               Source("b.txt", "北京市海淀区中关村街道东升社区。".encode("utf-8"), url="http://purl.org/dc/terms/")]
    results = built(sources, base)
    assert serialize_lines(lines_of(results), fmt, base) == rdflib_bytes(results, fmt, base)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_lines_spilled_to_sorted_runs_give_rdflibs_bytes(articles, fmt):
    # a corpus's lines past the memory budget go to sorted runs on disk, merged when written: the same bytes,
    # with every article added twice (duplicates across runs) and a budget small enough for many runs
    from kg.exporting import needs_triples
    from kg.lines import Lines

    base = BuildOptions().base
    results = list(articles.values())
    lines = Lines(triples=needs_triples(fmt), spill_bytes=20_000)
    for b in results + results:
        for text in (b.quads, b.own, b.register):
            lines.add(text)
    assert len(lines._runs) > 5
    assert serialize_lines(lines, fmt, base) == rdflib_bytes(results, fmt, base)
    lines.clear()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["<a> <p> \"x\"", "<a> <p> \"x\"@zh", "<a> <p> \"x\"^^<d>", "<a> <p> <b>",
                                 "<a> <p> \"\\n\"", "<a> <p> \"\t\"", "<a> <p> \"\x01\"", "<b> <p> \"网格\"", "<c> <q> \"\x7f\""]),
                max_size=60),
       st.integers(1, 200), st.booleans())
def test_spilled_runs_merge_into_the_sorted_distinct_lines(items, spill, triples):
    # budgets of a few bytes, so that there are many runs, with the same lines in several; lines that begin
    # others (a literal before its language or datatype) and bytes below "\n"
    from kg import lines as nq

    quads = [f"{line} <g{i % 3}>" for i, line in enumerate(items)]
    held = nq.Lines(triples=triples, spill_bytes=spill)
    for i in range(0, len(quads), 3):
        held.add("".join(f"{q} .\n" for q in quads[i:i + 3]).encode())
    expected = {(q[:q.rindex(" <")] if triples else q).encode() for q in quads}
    assert list(held.sorted()) == sorted(expected)
    assert b"".join(held.chunks(b" .\n")) == b"".join(line + b" .\n" for line in sorted(expected))
    held.clear()


@pytest.mark.parametrize("spill", [10 ** 9, 50])
def test_a_file_name_that_is_not_utf8_is_written_as_rdflib_writes_it_from_runs_too(spill):
    # a name read with os.fsdecode holds lone surrogates: N-Quads writes "?" (rdflib's encoder replaces
    # them), N-Triples \uXXXX escapes
    from kg import lines as nq

    quads = ['<a> <p> "f\udcff.txt" <g>', '<a> <p> "f\udcfe.txt" <g>', '<a> <p> "网格" <g>', '<b> <p> "x" <g>']
    held = nq.Lines(triples=False, spill_bytes=spill)
    for q in quads + quads:
        held.add(f"{q} .\n".encode("utf-8", "surrogatepass"))
    assert (len(held._runs) > 1) == (spill == 50)
    replaced = sorted({q.encode("utf-8", "replace") for q in quads})
    assert b"".join(nq.nquads_chunks(held)) == b"".join(line + b" .\n" for line in replaced)
    escaped = [q.replace("\udcff", "\\uDCFF").replace("\udcfe", "\\uDCFE").encode() for q in quads]
    assert b"".join(nq.ntriples_chunks(held)) == b"".join(line + b" .\n" for line in sorted(set(escaped)))
    held.clear()


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from("aZ09_-.%()/#:=,~ é\u00b7"), max_size=12).map(lambda s: "https://ex.org/" + s)
       | st.text(st.characters(codec="ascii"), max_size=20))
def test_the_namespace_of_an_iri_is_rdflibs_split(iri):
    from rdflib.namespace import split_uri

    from kg.lines import _namespace

    try:
        expected = split_uri(iri)[0]
    except ValueError:
        expected = iri
    assert _namespace(iri) == expected
