"""Fuzzing SPARQL text with hypothesis: whatever the text, a query over files or a store gives an answer
that every output format prints, or one KgError; nothing reaches the network.

Texts are assembled from the pieces queries are made of, and from the pieces attacks use: SERVICE and
LOAD aimed at a listener on 127.0.0.1 that counts the connections it accepts, comments that end at CR
for one parser and at LF for another, codepoint escapes (\\u0053ERVICE), nesting, CJK, BOMs and zero-width
characters, RDF 1.2 triple terms. Half are put inside a SELECT or ASK frame, so that they parse often
enough to be evaluated. The fixed seed and the number of examples come from the hypothesis profile in
conftest.py (HYPOTHESIS_PROFILE=kg-long for the long run).
"""
from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading

import pytest
from hypothesis import given, strategies as st

from kg.errors import KgError
from kg.querying import OUTPUT_FORMATS, Limits, format_answer, load, run, run_store

LIMITS = Limits(timeout=10, max_rows=50, max_memory=400)


class Counter:
    """Counts the TCP connections accepted on 127.0.0.1 and answers each as an HTTP endpoint would."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.count = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.count += 1
            with contextlib.suppress(OSError), conn:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


COUNTER = Counter()
URL = f"http://127.0.0.1:{COUNTER.port}"

PIECES = [
    "SELECT", "*", "?s", "?p", "?o", "?x", "?g", "WHERE", "{", "}", "{", "}", "(", ")", ".", ";", ",", "ASK", "CONSTRUCT",
    "DESCRIBE", "GRAPH", "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "AS", "VALUES", "GROUP BY", "ORDER BY", "DESC",
    "LIMIT 3", "OFFSET 1", "HAVING", "COUNT(*)", "DISTINCT", "REDUCED", "regex(", "str(", "lang(", "CONCAT(",
    "langMatches(", "STRLEN(", "SUBSTR(", "REPLACE(", "IF(", "COALESCE(", "EXISTS", "NOT", "IN", "BNODE()", "UUID()",
    "IRI(", "NOW()", "SUM(", "GROUP_CONCAT(", "SEPARATOR", "=", "!=", "<", ">", "&&", "||", "+", "-", "*", "/", "|",
    "^", "!", "?", '"a"', '"北关社区"@zh-Hans', '"北關社區"', "'''x'''", '"\\""', '"^(a|aa)+$"', "1", "0", "-1", "1.5e3",
    "true", "kg:Article", "kg:partOf", "rdfs:label", "nif:anchorOf", "a", "<urn:x:a>", "<a>", "_:b", "[]", "()",
    "^^xsd:integer", "@en", "SERVICE", "SILENT", f"<{URL}/sparql>", "LOAD", "INTO", "INSERT", "DELETE", "DATA",
    "CLEAR", "ALL", "DROP", "WITH", "USING", "FROM", "NAMED", f"<{URL}/x.ttl>", "<file:///etc/hostname>",
    "PREFIX ex: <http://example.org/>", "BASE <http://example.org/>", "ex:y", "#", "# c\r", "# c\n", "\r", "\n",
    "\t", "\\u0053", "\\u0045", "\\U00000053", "SERV", "ICE", "SERV\\u0049CE", "\u3000", "\ufeff", "\u200b", "𠀀",
    "\\", '"', "'", "<<", ">>", "<<(", ")>>", "SUBJECT(", "TRIPLE(", "\x00", "\ud800", "{" * 30, "}" * 30, "(" * 30,
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).flatmap(
    lambda parts: st.lists(st.sampled_from([" ", "", "\n", "\r"]), min_size=len(parts), max_size=len(parts))
    .map(lambda seps: "".join(p + s for p, s in zip(parts, seps))))
FRAMED = st.builds(lambda frame, body: frame.format(body=body), st.sampled_from([
    "SELECT * WHERE {{ ?s ?p ?o . {body} }} LIMIT 5",
    "SELECT * WHERE {{ {body} }}",
    "ASK {{ {body} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o {body} }} LIMIT 5",
    "SELECT ?s (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o {body} }} GROUP BY ?s",
]), TEXT)
QUERIES = st.one_of(TEXT, FRAMED)


@pytest.fixture(scope="module")
def ref(tmp_path_factory, reference_path):
    root = tmp_path_factory.mktemp("fuzz")
    for out in (["-o", str(root / "ref.trig")], ["--store", str(root / "store")]):
        done = subprocess.run([sys.executable, "-m", "kg", "build", str(reference_path), "-q", *out],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    return load([str(root / "ref.trig")]), root / "store"


def check(answer) -> None:
    """Every output format prints the answer."""
    for fmt in OUTPUT_FORMATS:
        assert isinstance(format_answer(answer, fmt), str)


@given(QUERIES)
def test_fuzz_file_queries(ref, query):
    before = COUNTER.count
    with contextlib.suppress(KgError):
        check(run(ref[0], query, limits=LIMITS))
    with contextlib.suppress(KgError):  # allowed to change its copy: SERVICE and LOAD still stay local
        check(run(ref[0], query, limits=Limits(timeout=10, max_rows=50, max_memory=400, allow_update=True)))
    assert COUNTER.count == before, f"reached the listener: {query!r}"


@given(QUERIES)
def test_fuzz_store_queries(ref, query):
    before = COUNTER.count
    with contextlib.suppress(KgError):
        check(run_store(ref[1], query, limits=LIMITS))
    assert COUNTER.count == before, f"reached the listener: {query!r}"


def test_the_counter_counts(ref):
    """The listener sees what is let through: a fuzz run that finds nothing has not been blind."""
    before = COUNTER.count
    with contextlib.suppress(KgError):  # the empty answer is no SPARQL result
        run_store(ref[1], f"SELECT * WHERE {{ SERVICE <{URL}/sparql> {{ ?s ?p ?o }} }}",
                  limits=Limits(allow_remote=True))
    assert COUNTER.count == before + 1
