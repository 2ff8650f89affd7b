"""Ship jieba's part-of-speech table: src/kg/data/jieba_tags.gz, read by `kg.segmenting.tag_table`.

    python scripts/make_tags.py

`jieba.posseg` reads jieba's dictionary a second time to get each word's tag (about 0.4 s at every
start); kg needs only the tags, so they are written here once from the installed jieba. The file is
"word<TAB>tag" lines sorted by word, after a first line that gives each first character's offset, so
that the reader finds a word's line without splitting the table into 350,000 strings. The same jieba
gives the same bytes (gzip with no time stamp); tests/test_segmenting.py checks the file against jieba.
"""
from __future__ import annotations

import argparse
import gzip
import logging
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "kg" / "data" / "jieba_tags.gz"


def table_text(table: dict[str, str]) -> str:
    lines = sorted(f"{word}\t{tag}" for word, tag in table.items() if word and "\n" not in word and "\t" not in word)
    body, starts, at, first = [], [], 0, None
    for line in lines:
        if line[0] != first:
            first = line[0]
            starts.append(f"{first}\x1e{at}")
        body.append("\n" + line)
        at += len(line) + 1
    return "\x1f".join(starts) + "".join(body) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args()
    import jieba

    jieba.setLogLevel(logging.WARNING)
    import jieba.posseg

    data = table_text(dict(jieba.posseg.dt.word_tag_tab)).encode("utf-8")
    args.out.write_bytes(gzip.compress(data, 9, mtime=0))
    print(f"{args.out}: {len(jieba.posseg.dt.word_tag_tab)} words of jieba {jieba.__version__}; "
          f"{args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
