"""Generator of the nasty-input corpus: what users really feed `kg` after scraping.

Everything is made here, deterministically, into a directory the caller gives (a tmp_path); no binary
test data lives in git. `make_corpus(dest)` writes every file and returns {case: path}; `EXPECT`
says what `kg build` must do with each case on its own: "builds" (exit 0, one article) or the words
its one-line error must contain (exit 2, nothing written).

Run as a script to look at the corpus: `python tests/nasty.py DIR`.
"""
from __future__ import annotations

import random
import struct
import sys
import zlib
from pathlib import Path

# A short article in the house style, used as the good part of several cases.
ARTICLE = ("北京市海淀区学院路街道成府路社区打造“红色管家”工作模式，建立12个网格。\n"
           "社区党委书记王建国介绍，今年以来共解决民生问题356件，服务居民4200人次。\n"
           "责任编辑：李明\n")
TRADITIONAL = "臺北市中正區的社區居民圍坐在一起，說心裡話。網格員共有58人。\n"
ENGLISH = ("The district government opened a new community service centre on Monday. "
           "Officials said 1,200 residents used it in the first week.\n") * 20

TWENTY_MB = 20 * 1024 * 1024


def png(width: int = 32, height: int = 32) -> bytes:
    """A real, valid PNG (a gradient), made with zlib and struct."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(c for x in range(width) for c in (x * 8 % 256, y * 8 % 256, 128))
                    for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def truncated(text: str, encoding: str) -> bytes:
    """`text` encoded, then cut inside its last multibyte character, and again inside one in the middle."""
    data = text.encode(encoding)
    last = len(text.rstrip("\n")[-1].encode(encoding))
    end = len(data) - len("\n".encode(encoding)) - last + 1  # one byte into the last character
    head = data[:end]
    mid = len(text[: len(text) // 2].encode(encoding)) + 1  # one byte into a middle character
    return head[:mid] + head[mid + 1:]


def twenty_mb_line() -> bytes:
    """A 20 MB article on a single line: the article's sentences repeated, line breaks removed.

    Building it takes minutes and gigabytes (benchmarks/memory.py measures it); `twenty_mb_scrape` is
    the quick variant the test suite builds.
    """
    unit = (ARTICLE + TRADITIONAL).replace("\n", " ").encode("utf-8")
    return (unit * (TWENTY_MB // len(unit) + 1))[:TWENTY_MB].decode("utf-8", "ignore").encode("utf-8")


def twenty_mb_scrape() -> bytes:
    """20 MB on a single line, mostly Latin-script filler (a scraped blob: data URIs, tracking code),
    with the article's sentences every 200 KB."""
    filler = "".join(random.Random(3).choices("abcdefghijklmnopqrstuvwxyz0123456789+/=_-.;", k=200_000))
    unit = (ARTICLE.replace("\n", " ") + filler).encode("utf-8")
    return (unit * (TWENTY_MB // len(unit) + 1))[:TWENTY_MB]


def nested_html(depth: int = 10_000) -> bytes:
    body = "<div>" * depth + ARTICLE.replace("\n", "<br>") + "</div>" * depth
    return f"<!DOCTYPE html><html><head><title>嵌套</title></head><body>{body}</body></html>".encode("utf-8")


def entity_bomb() -> bytes:
    """Billion laughs in a DOCTYPE (an HTML parser must not expand it), then a million character references."""
    dtd = ['<!DOCTYPE html [', '<!ENTITY lol "lol">']
    for i in range(1, 10):
        dtd.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">')
    dtd.append("]>")
    refs = "&#x793E;&#21306;&amp;&lt;&nbsp;&lol9;" * 50_000  # 社 区 & < nbsp and an undefined entity
    return ("\n".join(dtd) + f"<html><body><p>{ARTICLE}</p><p>{refs}</p></body></html>").encode("utf-8")


def mixed_encodings() -> bytes:
    """One file, three encodings: a UTF-8 paragraph, a GB18030 one, a Big5 one."""
    return (ARTICLE.encode("utf-8") + "成府路社区网格员共有58人。\n".encode("gb18030")
            + TRADITIONAL.encode("big5"))


def invisible() -> bytes:
    """NUL-free text full of zero-width and bidirectional controls, inside names and numbers."""
    marks = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u2060"
    rng = random.Random(7)
    out = []
    for ch in ARTICLE:
        out.append(ch)
        if rng.random() < 0.4:
            out.append(rng.choice(marks))
    return "".join(out).encode("utf-8")


CASES = {  # name -> (file name, bytes maker)
    "random-bytes": ("random.txt", lambda: random.Random(1).randbytes(65536)),
    "random-bytes-no-nul": ("random-text.txt", lambda: random.Random(2).randbytes(65536).replace(b"\0", b"\x80")),
    "utf8-truncated": ("utf8-cut.txt", lambda: truncated(ARTICLE, "utf-8")),
    "gb18030-truncated": ("gb18030-cut.txt", lambda: truncated(ARTICLE, "gb18030")),
    "big5-truncated": ("big5-cut.txt", lambda: truncated(TRADITIONAL * 3, "big5")),
    "mixed-encodings": ("mixed.txt", mixed_encodings),
    "nul-bytes": ("nul.txt", lambda: ARTICLE.encode("utf-8").replace("。".encode("utf-8"), "。\0".encode("utf-8"))),
    "nul-after-head": ("nul-late.txt", lambda: ARTICLE.encode("utf-8") * 300 + b"\0\0" + ARTICLE.encode("utf-8")),
    "zero-width-bidi": ("invisible.txt", invisible),
    "nested-html": ("nested.html", nested_html),
    "entity-bomb": ("bomb.html", entity_bomb),
    "empty": ("empty.txt", lambda: b""),
    "whitespace-only": ("blank.txt", lambda: " \t\n\r\n\u3000\u00a0\n".encode("utf-8") * 100),
    "english": ("english.txt", lambda: ENGLISH.encode("utf-8")),
    "png-as-txt": ("picture.txt", png),
    "twenty-mb-scrape": ("scrape.txt", twenty_mb_scrape),
}
BIG = {"twenty-mb-line": ("line.txt", twenty_mb_line)}  # for benchmarks/memory.py

# What `kg build CASE` does on its own: "builds", or words its error line must contain.
EXPECT = {
    "random-bytes": "binary",
    "random-bytes-no-nul": "cannot decode",
    "utf8-truncated": "builds",
    "gb18030-truncated": "builds",
    "big5-truncated": "builds",
    "mixed-encodings": "builds",
    "nul-bytes": "binary",
    "nul-after-head": "builds",
    "zero-width-bidi": "builds",
    "nested-html": "builds",
    "entity-bomb": "builds",
    "empty": "no article text",
    "whitespace-only": "no article text",
    "english": "builds",
    "png-as-txt": "binary",
    "twenty-mb-scrape": "builds",
    "twenty-mb-line": "builds",
}


def make_corpus(dest: Path, big: bool = False) -> dict[str, Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    for case, (name, make) in (CASES | (BIG if big else {})).items():
        out[case] = dest / name
        out[case].write_bytes(make())
    return out


if __name__ == "__main__":
    for case, path in make_corpus(Path(sys.argv[1]), big="--big" in sys.argv).items():
        print(f"{case:20} {path} {path.stat().st_size} bytes")
