#!/usr/bin/env python3
"""Build the real-article set (or the dev set) and print the shared scorer's per-file table and per-class totals.

    .venv/bin/python scripts/score_real.py                 # the 36 real articles, texts from $KG_REAL_TEXTS
    .venv/bin/python scripts/score_real.py --groups ab     # only the a* and b* files (tune on these ...)
    .venv/bin/python scripts/score_real.py --groups c -v   # ... and look at the held-back c* files last
    .venv/bin/python scripts/score_real.py --set dev       # the dev corpus in ../shared/corpus

The real texts are other people's pages and are never committed: collect them first with
`../shared/eval/real/texts.py` (see its docstring). Graphs are written to a temporary folder (or --keep DIR).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", HERE.parent / "shared"))
CLASSES = ("Province", "City", "District", "SubdistrictOffice", "Town", "Community", "Village",
           "WorkStudio", "Initiative", "Organization", "Person")


def inputs(which: str, groups: str) -> list[tuple[str, Path]]:
    if which == "dev":
        gold = SHARED / "eval" / "dev"
        files = {p.stem: p for p in (SHARED / "corpus").iterdir() if p.suffix in (".txt", ".html")}
    else:
        gold = SHARED / "eval" / "real"
        folder = Path(os.environ.get("KG_REAL_TEXTS") or SHARED / "corpus" / "real").expanduser()
        if not folder.is_dir() and (Path.home() / ".cache" / "kg-real").is_dir():
            folder = Path.home() / ".cache" / "kg-real"  # where issue 12 suggests keeping them
        files = {p.stem: p for p in folder.glob("*.txt")}
    out = []
    for g in sorted(gold.glob("*.gold.json")):
        stem = g.name[: -len(".gold.json")]
        if groups and stem[0] not in groups:
            continue
        if stem not in files:
            sys.exit(f"score_real: no text for {stem} (collect it with ../shared/eval/real/texts.py save {stem})")
        out.append((stem, files[stem]))
    return out


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=("real", "dev"), default="real")
    ap.add_argument("--groups", default="", help="file prefixes to keep, e.g. ab")
    ap.add_argument("--keep", type=Path, help="write the graphs here instead of a temporary folder")
    ap.add_argument("-v", action="store_true", help="list every miss and false positive")
    args = ap.parse_args()

    from kg.exporting import write
    from kg.pipeline import build

    gold_dir = SHARED / "eval" / args.set
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        pairs = inputs(args.set, args.groups)
        gold_tmp = Path(tmp) / "gold"
        gold_tmp.mkdir()
        for stem, path in pairs:
            result = build([str(path)])
            for err in result.failures:
                print(f"build failed: {err}", file=sys.stderr)
            write(result.dataset, out / f"{stem}.ttl", "turtle")
            (gold_tmp / f"{stem}.gold.json").symlink_to(gold_dir / f"{stem}.gold.json")
        score = [sys.executable, str(SHARED / "eval" / "score.py"), "--gold-dir", str(gold_tmp), "--pred-dir", str(out)]
        if args.v:
            subprocess.run(score + ["-v"], check=True)
        report = json.loads(subprocess.run(score + ["--json"], check=True, capture_output=True, text=True).stdout)

    docs = report["documents"]
    print(f"\n{'file':34s} {'ent F1':>6s} {'P':>5s} {'R':>5s} {'rel F1':>6s} {'stat F1':>7s} {'art':>5s} {'codes':>7s}")
    per_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for name, d in sorted(docs.items()):
        e, art, link = d["entities"], d["article"]["score"], d["linking"]
        print(f"{name[:-len('.gold.json')]:34s} {e['f1']:6.3f} {e['precision']:5.2f} {e['recall']:5.2f} "
              f"{d['relations']['f1']:6.3f} {d['statistics']['f1']:7.3f} "
              f"{'-' if art is None else format(art, '.2f'):>5s} {link['correct']:>3d}/{link['gold_with_code']:<3d}")
        for cls, c in d["entities_by_type"].items():
            for i, k in enumerate(("tp", "fp", "fn")):
                per_class[cls][i] += c[k]
    t = report["total"]
    print(f"\nTOTAL over {t['documents']} files: entities F1 {t['entities']['f1']:.3f} (P {t['entities']['precision']:.3f} "
          f"R {t['entities']['recall']:.3f}) | relations {t['relations']['f1']:.3f} | statistics "
          f"{t['statistics']['f1']:.3f} | article fields {t['article']:.3f} | codes {t['linking']['correct']} right, "
          f"{t['linking']['linked'] - t['linking']['correct']} wrong, of {t['linking']['gold_with_code']} gold")
    print(f"\n{'class':18s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'P':>5s} {'R':>5s} {'F1':>5s}")
    for cls in CLASSES:
        if cls in per_class:
            tp, fp, fn = per_class[cls]
            p, r, f = f1(tp, fp, fn)
            print(f"{cls:18s} {tp:4d} {fp:4d} {fn:4d} {p:5.2f} {r:5.2f} {f:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
