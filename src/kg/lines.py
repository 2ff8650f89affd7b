"""N-Quads lines as kg writes them, read and written without rdflib: the file sink's formats.

Workers hand back each article's graph as N-Quads text (`kg.rdf.nquads`). For a file, those lines are
the output: de-duplicated and sorted, they are N-Quads, and without their graph N-Triples. Turtle is
written from the same sorted lines in one pass, as rdflib's `longturtle` writes the same graph (the
same bytes: `tests/test_outputs.py` checks it against rdflib on every dev article), but in time linear
in the number of triples: rdflib's prefix trie makes it quadratic in the number of articles.

Only kg's own lines are read here: IRIs without spaces, literals with the four escapes of
`kg.rdf.literal`, lexical forms as rdflib writes them back. (Turtle checks: a typed literal whose form
rdflib would rewrite is written by rdflib.)
"""
from __future__ import annotations

import codecs
import heapq
import re
import string
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import groupby, islice
from operator import itemgetter
from typing import IO

from rdflib.namespace import XMLNS, split_uri

from kg.errors import KgError


UNESCAPE = re.compile(r"\\(.)")
UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "r": "\r"}


def _nt_escape(err: UnicodeError):
    """What rdflib's N-Triples writer does with what UTF-8 cannot encode (a lone surrogate): \\uXXXX."""
    text = err.object[err.start:err.end]
    return "".join(("\\u%04X" if ord(c) <= 0xFFFF else "\\U%08X") % ord(c) for c in text), err.end


codecs.register_error("kg_nt_escape", _nt_escape)


def split(line: str) -> tuple[str, str, str, str]:
    """(subject IRI, predicate IRI, object as written, graph IRI) of one of kg's N-Quads lines (no " .")."""
    i = line.index("> <")
    j = line.index("> ", i + 3)
    k = line.rindex(" <")
    return line[1:i], line[i + 3:j], line[j + 2:k], line[k + 2:-1]


def _literal(obj: str) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype) of a literal as written."""
    k = obj.rindex('"')
    text = obj[1:k]
    if "\\" in text:
        text = UNESCAPE.sub(lambda m: UNESCAPES[m.group(1)], text)
    suffix = obj[k + 1:]
    if suffix.startswith("@"):
        return text, suffix[1:], None
    return text, None, suffix[3:-1] if suffix else None


def _rdflib_literal(text: str, lang: str | None, datatype: str | None):
    from rdflib import Literal, URIRef

    return Literal(text, lang=lang, datatype=URIRef(datatype) if datatype else None)


class Lines:
    """The distinct lines of a graph, as UTF-8 bytes (smaller than `str` for mostly-ASCII lines with Chinese
    in them): quads, or with `triples` the union of the graphs. kg writes each term as rdflib would write
    it back (`kg.rdf.literal`: canonical numbers and dates, the four escapes), so a line needs no rewriting;
    tests/test_outputs.py holds the bytes to rdflib's.

    Memory stays bounded for a corpus: past `spill_bytes` of added text the lines held are sorted into a
    run, an anonymous temporary file (gone with the process, even after a kill), and `sorted` merges the
    runs. An N-Quads line holds no raw line break, so a run is one line per line. The lines are held in a
    list, duplicates too, and made distinct when sorted: a set would hash every line of a corpus in the
    process that also hands the workers their articles."""

    SPILL_BYTES = 32 << 20

    def __init__(self, triples: bool, spill_bytes: int = SPILL_BYTES):
        self.triples, self.spill_bytes = triples, spill_bytes
        self.lines: list[bytes] = []
        self.surrogates = False  # a line holds one (from a file name that is not UTF-8)
        self._runs: list[IO[bytes]] = []
        self._held = 0  # bytes of text added since the last run

    def add(self, data: bytes) -> None:
        """kg's N-Quads (`kg.rdf.nquads`, UTF-8)."""
        if not data:
            return
        lines = data[:-3].split(b" .\n")
        if self.triples:
            lines = [line[:line.rindex(b" <")] for line in lines]
        self.surrogates = self.surrogates or (b"\xed" in data and _surrogates(data))
        self.lines += lines
        self._held += len(data)
        if self._held > self.spill_bytes:
            self._spill()

    def _spill(self) -> None:
        try:
            run = tempfile.TemporaryFile(prefix="kg-lines-")
            self.lines.sort()
            for chunk in _chunks(_distinct(self.lines), b"\n"):
                run.write(chunk)
            run.flush()
        except OSError as e:
            raise KgError(f"{tempfile.gettempdir()}: cannot hold the sorted lines of the output there "
                          f"({e.strerror or e}); free some space, or set TMPDIR to a folder with more") from None
        self._runs.append(run)
        self.lines, self._held = [], 0

    @staticmethod
    def _run(run: IO[bytes]) -> IO[bytes]:
        run.seek(0)
        return run  # its lines, each with its "\n"

    def sorted(self, errors: str | None = None) -> Iterator[bytes]:
        """The lines, once each, sorted by their bytes as rdflib's writers encode them (`errors`: what they
        do with a lone surrogate, from a file name that is not UTF-8; None: the bytes as held)."""
        if self.surrogates and errors is not None:
            every = set(self.lines).union(line[:-1] for run in self._runs for line in self._run(run))
            return iter(sorted({line.decode("utf-8", "surrogatepass").encode("utf-8", errors) for line in every}))
        if not self._runs:
            self.lines.sort()
            return _distinct(self.lines)
        return (line[:-1] for line in self._merged())

    def every(self) -> list[bytes]:
        """`sorted()` as a list, for a writer that needs every line at once (Turtle): the runs are read whole
        and sorted with the lines held, which timsort merges as the sorted runs they are, in C. The lines are
        then the list's, no longer held here."""
        every = self.lines
        for run in self._runs:
            every += self._run(run).read().split(b"\n")[:-1]
        self.lines = []
        every.sort()
        return list(_distinct(every))

    def _merged(self) -> Iterator[bytes]:
        """The lines of the runs and those held, each once and with its "\n", in order. Lines are compared
        with their "\n" (a run's lines are read with it): no line is the start of another but a literal
        before its @language or ^^datatype, and "\n" sorts before both, so the order is the same."""
        self.lines.sort()
        held = [line + b"\n" for line in _distinct(self.lines)]
        return _distinct(heapq.merge(*map(self._run, self._runs), held))

    def chunks(self, end: bytes, errors: str | None = None) -> Iterator[bytes]:
        """The sorted lines, each followed by `end`, a few thousand at a time."""
        if not self._runs or (self.surrogates and errors is not None):
            return _chunks(self.sorted(errors), end)
        return _chunks(self._merged(), b"", replace=(b"\n", end))

    def clear(self) -> None:
        for run in self._runs:
            run.close()
        self._runs, self.lines, self._held = [], [], 0


def _distinct(ordered: Iterable[bytes]) -> Iterator[bytes]:
    """Each of sorted lines once."""
    return map(itemgetter(0), groupby(ordered))


def _chunks(lines: Iterable[bytes], end: bytes, size: int = 4096, replace: tuple[bytes, bytes] | None = None) \
        -> Iterator[bytes]:
    """The lines, each followed by `end`, joined a few thousand at a time (one write each). `replace`: lines
    that end in "\n" already, whose "\n" becomes another end (a line holds no other "\n")."""
    lines = iter(lines)
    while batch := list(islice(lines, size)):
        chunk = end.join(batch) + end
        yield chunk.replace(*replace) if replace else chunk


def _surrogates(line: bytes) -> bool:
    return re.search(rb"\xed[\xa0-\xbf]", line) is not None


def quad_lines(lines: Iterable[str]) -> Lines:
    """Lines of kg's N-Quads lines (without the final " .")."""
    return _held(lines, triples=False)


def triple_lines(lines: Iterable[str]) -> Lines:
    return _held(lines, triples=True)


def _held(lines: Iterable[str], triples: bool) -> Lines:
    out = Lines(triples=triples)
    out.add("".join(f"{line} .\n" for line in lines).encode("utf-8", "surrogatepass"))
    return out


def nquads_chunks(lines: Lines) -> Iterator[bytes]:
    """N-Quads, one line per quad, sorted by their bytes (what kg wrote through rdflib before)."""
    return lines.chunks(b" .\n", "replace")


def ntriples_chunks(lines: Lines) -> Iterator[bytes]:
    return lines.chunks(b" .\n", "kg_nt_escape")


def nquads_text(lines: Lines) -> str:
    """The lines as kg's N-Quads text, lone surrogates kept (for rdflib, which writes TriG and JSON-LD)."""
    return b"".join(lines.chunks(b" .\n")).decode("utf-8", "surrogatepass")


# -------------------------------------------------------------------------------- Turtle

class _Names:
    """Prefixed names as rdflib's longturtle writer makes them (`NamespaceManager.compute_qname`): the
    bound namespace that is `rdflib.namespace.split_uri`'s namespace or extends it, the longest."""

    def __init__(self, bound: dict[str, str]):
        self.bound = bound  # namespace -> prefix
        self.used: set[str] = set()
        self._cache: dict[str, str | None] = {}
        longest_first = sorted(bound, key=len, reverse=True)
        self._prefix = re.compile("|".join(map(re.escape, longest_first))) if bound else None

    def __call__(self, iri: str) -> str | None:
        name = self._cache.get(iri, self)
        if name is self:  # every name is counted as used the first time it is written
            name = self._cache[iri] = self._pname(iri)
            if name is not None:
                self.used.add(name[:name.index(":")])
        return name

    def _pname(self, iri: str) -> str | None:
        m = self._prefix.match(iri) if self._prefix is not None else None
        if m is None:
            return None  # no bound namespace begins it
        namespace = _namespace(iri)
        if m.end() < len(namespace):
            return None  # the longest bound namespace that begins it is shorter than its own
        namespace = m.group(0)
        local = iri[len(namespace):]
        local = re.sub(r"%(?![0-9A-Fa-f]{2})", r"\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            return None
        return f"{self.bound[namespace]}:{local}"


_NAME_CHARS = string.ascii_letters + string.digits + "-._%()"
_SPLIT_START = re.compile(r"[A-Za-z0-9_]")


def _namespace(iri: str) -> str:
    """The namespace of `rdflib.namespace.split_uri(iri)`, or `iri` where it cannot split it. For an ASCII IRI
    without its unicodedata lookups: the name characters are letters, digits and "-._%()", and the local
    name starts at the first letter, digit or "_" from the last character that is not one of them (or, with
    none after it, from the start of the IRI: split_uri's index runs on from -1 to 0)."""
    if not iri.isascii() or iri.startswith(XMLNS):  # which split_uri splits its own way
        try:
            return split_uri(iri)[0]
        except ValueError:
            return iri
    last = len(iri.rstrip(_NAME_CHARS)) - 1
    if last < 0:
        return iri  # all name characters
    m = _SPLIT_START.search(iri, last) or _SPLIT_START.search(iri)
    return iri[:m.start()] if m and m.start() else iri


def _quote(text: str) -> str:
    """rdflib's `Literal._quote_encode`, for Turtle."""
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + "\\" + '"'
        return '"""%s"""' % encoded.replace("\r", "\\r")
    if "\\" in text or '"' in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    return f'"{text}"'


@lru_cache(maxsize=1)
def _terms() -> tuple:
    """rdf:type, rdf:nil, rdfs:label; the typed literals whose lexical forms rdflib keeps as they are
    (anything else rdflib normalises, so rdflib writes it); those it writes bare."""
    from rdflib.namespace import RDF, RDFS, XSD

    canonical = {str(XSD.integer): re.compile(r"-?(?:0|[1-9][0-9]*)"),
                 str(XSD.nonNegativeInteger): re.compile(r"0|[1-9][0-9]*"),
                 str(XSD.date): re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])")}
    plain = {str(XSD.integer), str(XSD.decimal), str(XSD.double), str(XSD.boolean)}
    return str(RDF.type), str(RDF.nil), str(RDFS.label), canonical, plain


class _Turtle:
    def __init__(self, bound: dict[str, str]):
        self.names = _Names(bound)
        self.type, self.nil, self.label, self.canonical, self.plain = _terms()

    def iri(self, iri: str, verb: bool = False) -> str:
        if iri == self.nil:
            return "()"
        if verb and iri == self.type:
            return "a"
        return self.names(iri) or f"<{iri}>"

    def obj(self, obj: str) -> str:
        if obj[0] == "<":
            return self.iri(obj[1:-1])
        if obj[-1] == '"' and "\\" not in obj:
            return _quote(obj[1:-1])
        text, lang, datatype = _literal(obj)
        if lang:
            return f"{_quote(text)}@{lang}"
        if datatype is None:
            return _quote(text)
        self.names(datatype)  # rdflib declares the datatype's prefix even for a bare number
        pattern = self.canonical.get(datatype)
        if pattern is None or not pattern.fullmatch(text):
            return _rdflib_literal(text, None, datatype)._literal_n3(use_plain=True, qname_callback=self.names)
        if datatype in self.plain:
            return text
        return f"{_quote(text)}^^{self.names(datatype) or f'<{datatype}>'}"

    @staticmethod
    def sort(objects: list[str]) -> list[str]:
        """In rdflib's term order: IRIs by text, then literals (plain before tagged, by tag, by text)."""
        if len(objects) == 1:
            return objects
        if all(o[0] == "<" or o[-1] == '"' or "^^" not in o[o.rindex('"'):] for o in objects):
            def key(o):
                if o[0] == "<":
                    return 0, "", o[1:-1]
                text, lang, _ = _literal(o)
                return 1, lang or "", text
            return sorted(objects, key=key)
        terms = {}
        from rdflib import URIRef

        for o in objects:
            terms[o] = URIRef(o[1:-1]) if o[0] == "<" else _rdflib_literal(*_literal(o))
        return sorted(objects, key=lambda o: terms[o])


MEMO = 100_000


def turtle_chunks(lines: Lines, bound: dict[str, str]) -> Iterator[bytes]:
    """The union of the graphs (`lines` of triples) as rdflib's `longturtle` writes it, given the bound
    namespaces (namespace -> prefix): subjects by how often they are objects, then by IRI; linear in the
    number of triples, but for the sort. The prefixes come first but are known last, so the text is made
    before the first chunk, and encoded a piece at a time."""
    triples = lines.every()
    refs: Counter = Counter()
    spans: dict[bytes, tuple[int, int]] = {}  # subject -> its lines
    start, subject = 0, None
    for n, line in enumerate(triples):
        i = line.index(b"> <")
        if line[-1] == 62:  # ">": the object is an IRI (a literal ends in " or a tag or a datatype's >)
            j = line.index(b"> ", i + 3)
            if line[j + 2] == 60:  # "<"
                refs[line[j + 3:-1]] += 1
        if line[1:i] != subject:
            if subject is not None:
                spans[subject] = (start, n)
            start, subject = n, line[1:i]
    if subject is not None:
        spans[subject] = (start, len(triples))
    t = _Turtle(bound)
    first_verbs = [p.encode("utf-8") for p in (t.type, t.label)]
    # what each predicate, object and list of objects is written as: most repeat (types, sentences, the
    # article); remembered up to MEMO of each, as a long text's sentences would otherwise all be held
    verbs: dict[bytes, str] = {}
    objects_as: dict = {}
    out = []
    add = out.append
    for s in sorted(spans, key=lambda s: (refs[s], s)):
        b, e = spans[s]
        by_predicate: dict[bytes, list[bytes]] = {}
        for line in triples[b:e]:
            i = line.index(b"> <")
            j = line.index(b"> ", i + 3)
            by_predicate.setdefault(line[i + 3:j], []).append(line[j + 2:])
        add(f"\n{t.iri(s.decode('utf-8', 'surrogatepass'))}\n")
        sep = "    "
        for p in [*(p for p in first_verbs if p in by_predicate),
                  *sorted(p for p in by_predicate if p not in first_verbs)]:
            verb = verbs.get(p)
            if verb is None:
                verb = verbs[p] = t.iri(p.decode("utf-8", "surrogatepass"), verb=True)
            objects = by_predicate[p]
            key = objects[0] if len(objects) == 1 else tuple(objects)
            written = objects_as.get(key)
            if written is None:
                if len(objects_as) >= MEMO:
                    objects_as.clear()
                texts = [o.decode("utf-8", "surrogatepass") for o in objects]
                written = objects_as[key] = " " + t.obj(texts[0]) if len(texts) == 1 else \
                    " ,".join("\n        " + t.obj(o) for o in t.sort(texts))
            add(sep + verb + written)
            sep = " ;\n    "
        add(" ;\n.\n")
    del triples
    prefixes = sorted((prefix, ns) for ns, prefix in bound.items() if prefix in t.names.used)
    yield "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in prefixes).encode("utf-8")
    for k in range(0, len(out), 4096):
        yield "".join(out[k:k + 4096]).encode("utf-8", "replace")
