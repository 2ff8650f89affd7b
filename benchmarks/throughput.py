"""Throughput of `kg build` on a generated corpus against bare `jieba.lcut` on the same cleaned text, and the
speedup of `--jobs 2` over `--jobs 1`.

The corpus is `benchmarks/corpus.py`'s (2,000 dev articles with their names varied). The baseline is
`jieba.lcut` in this process, jieba's dictionary loaded beforehand, over each article's cleaned text: what
kg's stages 1-3 (reading, cleaning, metadata) make of it, Traditional articles as written. kg runs as the
command, in a fresh process per run, timed whole (start-up included):

    kg build CORPUS --jobs N --store DIR --quiet

The rate "without start-up" takes off the time of the same command on the corpus's first article alone
(median of --startup-runs), which holds the imports, the register and the worker processes' start.
Targets: kg at least 0.5 of jieba.lcut's chars/s; --jobs 2 at least 1.7 times --jobs 1.

    .venv/bin/python benchmarks/throughput.py [--articles 2000] [--jobs 1 2] [--corpus DIR]
"""
from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as generated  # noqa: E402  (benchmarks/corpus.py, beside this file)

TARGET_RATIO = 0.5
TARGET_SPEEDUP = 1.7


def cleaned_texts(files: list[Path]) -> list[tuple[str, bool]]:
    """Each article's text after kg's stages 1-3, and whether it is Traditional."""
    from kg.cleaning import clean
    from kg.metadata import read_metadata
    from kg.reading import decode
    from kg.records import Source

    out = []
    for f in files:
        article = read_metadata(clean(decode(Source(f.name, f.read_bytes()))))
        out.append((article.text, article.traditional))
    return out


def jieba_seconds(texts: list[str], runs: int = 3) -> float:
    """Median time of bare jieba.lcut over every text; the dictionary is loaded before, not measured."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def kg_seconds(corpus: Path, jobs: int, work: Path) -> float:
    """One whole `kg build` run, in a fresh process, into a fresh store."""
    out = Path(tempfile.mkdtemp(dir=work))
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--jobs", str(jobs), "--store", str(out / "store"),
           "--quiet"]
    start = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    if run.returncode != 0:
        tail = "\n".join(run.stderr.splitlines()[-5:])
        raise SystemExit(f"{' '.join(cmd)} exited {run.returncode}:\n{tail}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000, metavar="N", help="corpus size (default: 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, metavar="DIR",
                        help="use this corpus directory (made by benchmarks/corpus.py) instead of generating one")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], metavar="N",
                        help="worker counts to time (default: 1 2); the first is the baseline of the speedup")
    parser.add_argument("--startup-runs", type=int, default=3, metavar="N")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kg-throughput-") as tmp:
        work = Path(tmp)
        corpus = args.corpus
        if corpus is None:
            corpus = work / "corpus"
            generated.write(corpus, args.articles, args.seed)
        files = sorted(p for p in corpus.iterdir() if p.suffix.lower() in generated.SUFFIXES)
        one = work / "one"
        one.mkdir()
        shutil.copy(files[0], one / files[0].name)

        texts = cleaned_texts(files)
        chars = sum(len(t) for t, _ in texts)
        chars_one = len(texts[0][0])
        trad = [t for t, is_trad in texts if is_trad]
        simp = [t for t, is_trad in texts if not is_trad]
        base = jieba_seconds([t for t, _ in texts])

        rows = []
        for jobs in args.jobs:
            startup = statistics.median(kg_seconds(one, jobs, work) for _ in range(args.startup_runs))
            whole = kg_seconds(corpus, jobs, work)
            rows.append((jobs, whole, startup))

    suffixes = sorted({f.suffix for f in files})
    kinds = ", ".join(f"{sum(1 for f in files if f.suffix == s)} {s}" for s in suffixes)
    print(f"corpus: {len(files)} articles ({kinds}; {len(trad)} Traditional), {chars:,} characters after "
          f"cleaning")
    print(f"kg build CORPUS --jobs N --store DIR --quiet: one cold process a run; start-up: the same on one "
          f"article, median of {args.startup_runs}")
    print()
    print(f"{'':32}{'seconds':>8}  {'chars/s':>9}  {'x jieba':>7}")
    rate = chars / base
    print(f"{'jieba.lcut, in process':32}{base:8.2f}  {rate:9,.0f}  {1:7.2f}")
    for label, part in (("  Simplified articles only", simp), ("  Traditional articles only", trad)):
        if part:
            took = jieba_seconds(part)
            print(f"{label:32}{took:8.2f}  {sum(map(len, part)) / took:9,.0f}")
    rates = {}
    for jobs, whole, startup in rows:
        label = f"kg build --jobs {jobs}"
        net = whole - startup
        net_rate = (chars - chars_one) / net if net > 0 else float("nan")
        rates[jobs] = (chars / whole, net_rate)
        print(f"{label:32}{whole:8.2f}  {chars / whole:9,.0f}  {chars / whole / rate:7.2f}")
        print(f"{f'  without start-up ({startup:.2f} s)':32}{net:8.2f}  {net_rate:9,.0f}  {net_rate / rate:7.2f}")
    print()
    first = args.jobs[0]
    print(f"target: kg build --jobs {first} >= {TARGET_RATIO:.2f} x jieba.lcut: "
          f"{rates[first][0] / rate:.2f} whole run, {rates[first][1] / rate:.2f} without start-up")
    for jobs in args.jobs[1:]:
        whole_x, net_x = rates[jobs][0] / rates[first][0], rates[jobs][1] / rates[first][1]
        print(f"target: --jobs {jobs} >= {TARGET_SPEEDUP:.2f} x --jobs {first}: {whole_x:.2f} whole run, "
              f"{net_x:.2f} without start-up")


if __name__ == "__main__":
    main()
