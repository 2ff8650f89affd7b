"""Write src/kg/data/common_chars.txt: the commonest Chinese characters, Simplified and Traditional.

Character frequencies are summed from jieba's own dictionary, and OpenCC adds the Traditional
(Taiwan and Hong Kong) forms. The decoder uses the list to tell real text from mojibake.
Run: python scripts/make_common_chars.py
"""
from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import opencc

TOP = 3000


def main() -> None:
    freq: Counter[str] = Counter()
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split()
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff":
                    freq[ch] += int(count)
    simplified = "".join(ch for ch, _ in freq.most_common(TOP))
    chars = set(simplified)
    for config in ("s2t", "s2tw", "s2hk"):
        chars.update(opencc.OpenCC(config).convert(simplified))
    out = Path(__file__).resolve().parents[1] / "src" / "kg" / "data" / "common_chars.txt"
    lines = ["".join(sorted(chars)[i:i + 80]) for i in range(0, len(chars), 80)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(chars)} characters")


if __name__ == "__main__":
    main()
