"""Ship jieba's dictionary as two tables, read by `kg.segmenting`:

- src/kg/data/jieba_words.gz: each word's frequency and the dictionary's total (`segmenting.Words`);
- src/kg/data/jieba_tags.gz: each word's part-of-speech tag (`segmenting.Tags`).

    python scripts/make_jieba_tables.py

jieba reads its whole dictionary into a dict of 498,000 words and prefixes at every start (about 1 s, even
from its cache), and `jieba.posseg` reads it a second time for the tags (0.4 s); an article looks up a few
thousand of them. Each table is "word<TAB>value" lines sorted by word, after a line that gives each
first character's offset (in the word table, after jieba's total), so that the reader finds a word's line
without splitting the table into 350,000 strings. The same jieba gives the same bytes (gzip with no time
stamp); tests/test_segmenting.py checks both files against the installed jieba.
"""
from __future__ import annotations

import argparse
import gzip
import logging
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "kg" / "data"


def table_text(table: dict[str, str]) -> str:
    lines = sorted(f"{word}\t{value}" for word, value in table.items()
                   if word and "\n" not in word and "\t" not in word)
    body, starts, at, first = [], [], 0, None
    for line in lines:
        if line[0] != first:
            first = line[0]
            starts.append(f"{first}\x1e{at}")
        body.append("\n" + line)
        at += len(line) + 1
    return "\x1f".join(starts) + "".join(body) + "\n"


def frequencies(dictionary) -> tuple[dict[str, str], int]:
    """jieba's `gen_pfdict` without the prefixes: word -> frequency (a later line wins), and the total of every
    line's frequency."""
    freq, total = {}, 0
    for line in dictionary:
        word, count = line.strip().decode("utf-8").split(" ")[:2]
        freq[word] = count = int(count)
        total += count
    return {word: str(count) for word, count in freq.items()}, total


def write(path: Path, text: str) -> None:
    path.write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--out", type=Path, default=DATA, help="directory (default: src/kg/data)")
    args = ap.parse_args()
    import jieba

    jieba.setLogLevel(logging.WARNING)
    import jieba.posseg

    freq, total = frequencies(jieba.Tokenizer().get_dict_file())
    write(args.out / "jieba_words.gz", f"{total}\n" + table_text(freq))
    write(args.out / "jieba_tags.gz", table_text(dict(jieba.posseg.dt.word_tag_tab)))
    print(f"{len(freq)} words of jieba {jieba.__version__}, total frequency {total}")


if __name__ == "__main__":
    main()
