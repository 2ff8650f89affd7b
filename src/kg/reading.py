"""Stage 1, reading: find the inputs and decode their bytes to text.

Decoding order: byte-order mark, the HTML meta charset, strict UTF-8, then GB18030 and Big5. A declared
charset is taken when it can be one (not UTF-16 or UTF-32 in a meta tag readable as ASCII, not a codec
such as rot13 or base64), decodes the bytes cleanly and reads as plausible Chinese; a declared reading
that is no plausible Chinese is kept only when no other encoding reads plausible Chinese.
Big5 bytes often decode without error as GB18030 (as mojibake), so when both succeed the one whose
text reads as more common Chinese wins. A file that no encoding reads whole (cut inside a character by
a scraper, or pasted together from pages in different encodings) is read line by line, each line in
the encoding that reads it best, the few bytes no encoding reads as U+FFFD. charset-normalizer is the
last resort.
"""
from __future__ import annotations

import codecs
import glob
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import InputError, KgError
from kg.options import MAX_BYTES  # noqa: F401  (the default input size limit; --max-bytes changes it)
from kg.records import Decoded, Source

SUFFIXES = (".txt", ".htm", ".html")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Declared legacy charsets are read with the superset codec that also covers what pages really contain.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
             "big5": "big5hkscs", "x-x-big5": "big5hkscs", "cp950": "big5hkscs"}
META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]{2,30})", re.I)


JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
TEXT_FIELDS = ("text", "html", "content")  # the crawler's article body, the first one present wins
GLOB = re.compile(r"[*?\[]")


def expand(inputs: Iterable[str]) -> list[str]:
    """Every input as a file to read, or "-" for stdin: directories walked in sorted order (hidden entries
    skipped), globs matched (`**` crosses directories). A missing path or a glob that matches nothing
    raises `KgError` before anything is read, so a typo never costs a long run."""
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if item == "-" or path.is_file():
            out.append(item)
        elif path.is_dir():
            files = _walk(path)
            if not files:
                raise KgError(f"{item}: directory has no {', '.join(SUFFIXES + JSONL)} files")
            out.extend(files)
        elif not path.exists() and GLOB.search(item):
            matches = sorted(glob.glob(item, recursive=True))
            files = [f for m in matches for f in (_walk(Path(m)) if Path(m).is_dir() else [m]) if _wanted(f)]
            if not files:
                raise KgError(f"{item}: the pattern matches no {', '.join(SUFFIXES + JSONL)} files")
            out.extend(files)
        elif not path.exists():
            raise KgError(f"{item}: no such file or directory (check the path; kg build takes files, "
                          f"directories, globs, JSON Lines files and - for stdin)")
        else:
            out.append(item)  # a device or pipe: read it as given
    return out


def _wanted(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(SUFFIXES) or lower.endswith(JSONL)


def _walk(root: Path) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(os.path.join(dirpath, f) for f in sorted(filenames)
                     if not f.startswith(".") and _wanted(f) and os.path.isfile(os.path.join(dirpath, f)))
    return sorted(found, key=lambda f: Path(f).parts)  # one order for the whole tree, as `ls -R` sorts


def count_articles(files: Iterable[str]) -> int:
    """How many articles the expanded inputs hold: one per file, one per non-blank JSON Lines line."""
    n = 0
    for f in files:
        if f != "-" and f.lower().endswith(JSONL):
            try:
                n += sum(1 for line in _lines(f) if line.strip())
            except UNREADABLE:
                n += 1  # reading it later reports the error, once
        else:
            n += 1
    return n


def iter_sources(inputs: Iterable[str], stdin=None, max_bytes: int | None = MAX_BYTES) -> Iterator[Source]:
    """Yield the raw bytes of every article in the inputs (see `expand`): files, JSON Lines records, stdin.

    An input that cannot be read, or is larger than `max_bytes` (None: no limit), is yielded with its
    `error` set and no bytes read, so the other inputs still build.
    """
    return read_files(expand(inputs), stdin=stdin, max_bytes=max_bytes)


def read_files(files: Iterable[str], stdin=None, max_bytes: int | None = MAX_BYTES) -> Iterator[Source]:
    """`iter_sources` of inputs `expand` gave already: a file that has gone since fails alone."""
    for item in files:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
            yield _too_large("<stdin>", len(data), max_bytes) or Source("<stdin>", data)
        elif item.lower().endswith(JSONL):
            yield from _records(item, max_bytes)
        else:
            yield _file(item, max_bytes)


def _file(name: str, max_bytes: int | None) -> Source:
    try:
        return _too_large(name, os.stat(name).st_size, max_bytes) or Source(name, Path(name).read_bytes())
    except OSError as exc:
        return Source(name, b"", error=f"{name}: cannot read: {exc.strerror or exc} (check its permissions)",
                      reason="unreadable")


def _lines(path: str) -> Iterator[bytes]:
    """The lines of a JSON Lines file, gunzipped as they are read for .gz: damaged or cut gzip data
    raises (`UNREADABLE`) after the lines before the damage."""
    with open(path, "rb") as f:
        if not path.lower().endswith(".gz"):
            yield from f
            return
        rest = b""
        for data in _gunzip(f):
            *lines, rest = (rest + data).split(b"\n")
            yield from (line + b"\n" for line in lines)
        if rest:
            yield rest


class NotGzip(OSError):
    pass


UNREADABLE = (OSError, EOFError, zlib.error)
GZIP_CHUNK = 1 << 20  # bytes decompressed at a time, so that a gzip bomb costs no memory


def _gunzip(f) -> Iterator[bytes]:
    """Decompress gzip data as it comes (the gzip module reads ahead and fails before giving what it read)."""
    unzip, seen = zlib.decompressobj(wbits=31), False  # 31: gzip, its CRC and length checked at each end
    while block := f.read(1 << 16):
        if not seen and not block.startswith(b"\x1f\x8b"):
            raise NotGzip("not gzip data")
        seen = True
        while block:
            if unzip.eof:  # concatenated gzip members, and the zeros that may pad them, as gzip allows
                block = block.lstrip(b"\0")
                if not block:
                    break
                unzip = zlib.decompressobj(wbits=31)
            yield unzip.decompress(block, GZIP_CHUNK)
            block = unzip.unused_data if unzip.eof else unzip.unconsumed_tail
    if seen and not unzip.eof:
        raise EOFError("the gzip data ends early")


def _records(path: str, max_bytes: int | None) -> Iterator[Source]:
    """One `Source` per JSON Lines record, named `path:line`: its `text`, `html` or `content`, with `url`,
    `title` and `date` when the crawler gave them. A file that cannot be read, or whose gzip data is
    damaged, gives the records before that and one error for the rest."""
    n = 0
    try:
        for n, raw in enumerate(_lines(path), 1):
            if raw.strip():
                yield _record(f"{path}:{n}", raw, max_bytes)
    except UNREADABLE as exc:
        where = f"{path}:{n + 1}" if n else path
        why, hint = f"{getattr(exc, 'strerror', None) or exc}", "is the file complete?"
        if isinstance(exc, zlib.error):
            why = f"the gzip data is damaged ({exc})"
        elif isinstance(exc, NotGzip):
            hint = "is it a plain .jsonl file named .gz?"
        elif isinstance(exc, OSError) and exc.strerror:
            hint = "check its permissions"
        after = "; the records before this line were read" if n else ""
        yield Source(where, b"", error=f"{where}: cannot read: {why}{after} ({hint})", reason="unreadable")


JSON_KINDS = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false",
              type(None): "null"}
SURROGATE = re.compile("[\ud800-\udfff]")
FORMAT_HINT = 'each line of a JSON Lines file is one article: {"text": "…", "url": "…"}'


def _bad(name: str, why: str) -> Source:
    return Source(name, b"", error=f"{name}: {why}", reason="bad record")


def _record(name: str, raw: bytes, max_bytes: int | None) -> Source:
    if max_bytes is not None and len(raw) > max_bytes:
        return _too_large(name, len(raw), max_bytes)
    try:
        record = json.loads(raw)
    except RecursionError:
        return _bad(name, f"the record is nested too deep to read; {FORMAT_HINT}")
    except (ValueError, UnicodeDecodeError) as exc:
        if "int_max_str_digits" in str(exc):  # Python's advice is for programs, not for the record's author
            exc = f"a number longer than {sys.get_int_max_str_digits()} digits"
        return _bad(name, f"not a JSON object ({exc}); {FORMAT_HINT}")
    if not isinstance(record, dict):
        return _bad(name, f"not a JSON object but {JSON_KINDS.get(type(record), 'a value')}; {FORMAT_HINT}")
    key = next((k for k in TEXT_FIELDS if isinstance(record.get(k), str) and record[k].strip()), None)
    if key is None:
        return _bad(name, f"the record has no {', '.join(TEXT_FIELDS)} field with text; "
                    f"give the article body in one of them")
    # JSON can escape half a UTF-16 pair ("\ud800"), which is no character: no text or IRI can hold it
    broken = next((k for k in (key, "title", "url", "date") if isinstance(record.get(k), str)
                   and SURROGATE.search(record[k])), None)
    if broken:
        half = ord(SURROGATE.search(record[broken])[0])
        return _bad(name, f"the {broken} field holds a lone surrogate (\\u{half:x}), half of a UTF-16 pair and "
                    "no character; the crawler wrote it damaged: fix or drop the record")
    body = record[key]

    def field(key: str) -> str | None:
        value = record.get(key)
        return value.strip() or None if isinstance(value, str) else None

    title = field("title")
    if title and body is not record.get("html") and title not in body[:len(title) + 200]:
        body = f"{title}\n{body}"  # the headline the crawler kept apart is part of the article, as on the page
    # JSON strings are text already: the BOM says so to `decode`, over any charset a page's <meta> declares
    return Source(name, codecs.BOM_UTF8 + body.encode("utf-8"), url=field("url"), title=title,
                  issued=field("date"))


def _too_large(name: str, size: int, max_bytes: int | None) -> Source | None:
    if max_bytes is None or size <= max_bytes:
        return None
    return Source(name, b"", error=f"{name}: larger than the input limit of {max_bytes} bytes; "
                                   f"raise it with --max-bytes (0 for no limit)", reason="too large")


def decode(source: Source) -> Decoded:
    """Decode one input's bytes; raise `InputError` naming the file and the encodings tried."""
    if source.error:
        raise InputError(source.error, source.reason or "unreadable")
    data = source.data
    head = data[:8192]
    for bom, enc in BOMS:
        if data.startswith(bom):
            return Decoded(source.name, data.decode(enc, errors="replace"), enc.replace("-sig", ""))
    if b"\x00" in head:
        raise InputError(f"{source.name}: looks like a binary file (NUL bytes), not an article; "
                         f"give text or HTML files", "binary")
    tried: list[str] = []
    declared = _declared(data, head, tried)
    if declared and plausibility(declared[1]) >= PLAUSIBLE:
        return Decoded(source.name, declared[1], declared[0])
    # A declared reading that is no plausible Chinese (a UTF-8 page that says latin-1) gives way to a
    # sniffed one that is; else it stands (an English page in latin-1 has no Chinese to judge by).
    try:
        tried.append("utf-8")
        text = data.decode("utf-8")
        if not declared or plausibility(text) >= PLAUSIBLE:
            return Decoded(source.name, text, "utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("gb18030", "big5hkscs"):
        tried.append(enc)
        try:
            candidates.append((enc, data.decode(enc)))
        except UnicodeDecodeError:
            continue
    if candidates:
        # Stable sort: GB18030 wins ties, as the order above says.
        enc, text = max(candidates, key=lambda c: plausibility(c[1]))
        if not declared or plausibility(text) >= PLAUSIBLE:
            return Decoded(source.name, text, "big5" if enc == "big5hkscs" else enc)
    if declared:
        return Decoded(source.name, declared[1], declared[0])
    tried.append("line by line")
    text = _by_line(data)
    if text is not None:
        return Decoded(source.name, text, "mixed")
    tried.append("charset-normalizer")
    best = _charset_normalizer(data)
    if best is not None:
        return Decoded(source.name, str(best), best.encoding)
    raise InputError(f"{source.name}: cannot decode the bytes (tried {', '.join(tried)}); "
                     f"save it as UTF-8, or as GB18030 or Big5 text", "cannot decode")


PLAUSIBLE = 0.5  # plausibility from which a reading is Chinese text: real articles score over 0.95, mojibake 0.2-0.35


def _declared(data: bytes, head: bytes, tried: list[str]) -> tuple[str, str] | None:
    """The encoding a page's <meta> declares and the text it reads, when that charset can be right and
    decodes the bytes cleanly."""
    found = META_CHARSET.search(head)
    if not found:
        return None
    name = found.group(1).decode("ascii").lower()
    enc = SUPERSETS.get(name, name)
    try:
        info = codecs.lookup(enc)
    except LookupError:
        return None
    # A <meta> readable as ASCII means the page is not UTF-16 or UTF-32 (the HTML standard reads such a
    # declaration as UTF-8); rot13, base64, hex and the like are codecs, not charsets.
    if not info._is_text_encoding or info.name.startswith(("utf-16", "utf-32")):
        return None
    tried.append(enc)
    try:
        return enc, data.decode(enc)
    except UnicodeDecodeError:
        return None


LINE_ENCODINGS = ("utf-8", "gb18030", "big5hkscs")
MAX_BROKEN = 0.02  # share of replaced characters (beyond 3) that makes a reading mojibake, not a damaged article


def _by_line(data: bytes) -> str | None:
    """Each line in the encoding that reads it as the most common Chinese; None when that still reads badly."""
    lines = []
    for raw in data.split(b"\n"):
        readings = [raw.decode(enc, errors="replace") for enc in LINE_ENCODINGS]
        # Replacement characters count against a reading; ties (ASCII lines) keep the order above.
        lines.append(max(readings, key=plausibility))
    text = "\n".join(lines)
    broken = text.count("\ufffd")
    if broken > max(3, MAX_BROKEN * len(text)) or plausibility(text) < 0.8:
        return None
    return text


def _charset_normalizer(data: bytes):
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # Without a confident guess that yields words, refusing is better than building a graph from mojibake.
    if best is None or best.chaos >= 0.2 or not any(ch.isalnum() for ch in str(best)):
        return None
    return best


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    text = resources.files("kg").joinpath("data/common_chars.txt").read_text(encoding="utf-8")
    return frozenset(ch for ch in text if not ch.isspace())


def plausibility(text: str) -> float:
    """Share of the Chinese-looking characters that are among the commonest Chinese characters.

    Private-use and other rare code points, which mojibake is full of, count against a reading, and so
    does U+FFFD, the mark of bytes that did not decode.
    """
    common = _common_chars()
    han = hits = 0
    for ch in text[:20000]:
        if "\u4e00" <= ch <= "\u9fff" or "\ue000" <= ch <= "\uf8ff" or "\u3400" <= ch <= "\u4dbf" or ch > "\uffff" \
                or ch == "\ufffd":
            han += 1
            hits += ch in common
    return hits / han if han else 0.0
