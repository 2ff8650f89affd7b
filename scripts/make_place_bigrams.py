"""Write src/kg/data/place_bigrams.txt: every pair of adjacent Han characters in a unit name of the register.

    .venv/bin/python scripts/make_place_bigrams.py

The names are the 665k units of the shipped NBS 2023 register (provinces down to 社区/村), in the form
articles use (`kg.gazetteer.canonical`), level suffix included (a name may hold another: 高新区社区). Extraction reads the
pairs to find where a unit's name begins: 南接|高兴镇, 驻|湘湖社区, 充分发挥|街道 start with pairs no unit
name in China holds. The file is the pairs sorted, 64 to a line; the same register gives the same bytes.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from kg.gazetteer import canonical, default_register

OUT = Path(__file__).resolve().parent.parent / "src" / "kg" / "data" / "place_bigrams.txt"
HAN = re.compile(r"[\u4e00-\u9fff]{2}")


def register_names() -> list[str]:
    register = default_register()
    upper = [line.split("\t")[1] for line in register._by_code]  # provinces … 街道/镇/乡
    districts = sorted({line.split("\t")[0][:6] for line in register._by_code if len(line.split("\t")[0]) == 6})
    villages = [d.name for code in districts for d in register.villages(code)]
    return upper + villages


def main() -> int:
    pairs: set[str] = set()
    names = register_names()
    for name in names:
        name = canonical(name)
        pairs.update(p for i in range(len(name) - 1) if HAN.fullmatch(p := name[i:i + 2]))
    ordered = sorted(pairs)
    lines = ["".join(ordered[i:i + 64]) for i in range(0, len(ordered), 64)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(ordered)} pairs from {len(names)} register names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
