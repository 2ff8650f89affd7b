"""Every speed and memory target of the corpus build, each against its baseline measured in the same run.

Each row runs two commands in turn (A B A B …, `--runs` pairs, so that the machine's load hits both
alike) as fresh processes, and reads each finished process's own accounting (`os.wait4`): CPU time
(user + system, with the worker processes it waited for), wall time, and peak RSS (the largest single
process). A ratio is taken pair by pair; the median is printed, with the smallest and largest.

    kg -o x.nq, --store, -o x.ttl   kg build CORPUS --jobs 1 against bare jieba.lcut over the same cleaned
                                    texts (a process that loads jieba and cuts them): throughput, as the
                                    ratio of CPU times jieba / kg                         target >= 0.6
    --jobs 2, -o and --store        wall time of --jobs 1 / --jobs 2                      target >= 1.7
                                    (and below the table, the cores --jobs 1 keeps busy and the most that
                                    --jobs 2 could gain on this machine's cores at its CPU time)
    peak RSS, 1,000 articles        of the --jobs 1 runs above                            target <= 500 MB
    one 5 MB article                kg build of one long line, -o x.nt and --store        target <= 1 GB
    kg --version                    wall time, against python -c pass                     target <= 0.15 s
    one-article build               CPU time / that of python -c 'import jieba; jieba.lcut("x")'  <= 1.2

Below the table, what the store's own loader costs: a process that only bulk-loads the -o x.nq run's
quads into a new Oxigraph store (as `kg build --store` does, with and without the default graph's copy of
their triples), paired with jieba like the rows above. The --store target leaves the whole build 1/0.6 =
1.67 times jieba's CPU time; what the loader alone takes of that, no extraction can win back.

The corpus is benchmarks/corpus.py's (--articles, default 1,000), or --corpus DIR. `--pythonpath DIR` runs
kg from another source tree (an older checkout's src/), to compare before and after with the same script.
`--only` runs some groups of rows (throughput, with the RSS and loader figures; jobs; long; startup), so
that a noisy row can get more pairs in the same time. The 20 MB single-line article is benchmarks/memory.py's.

    .venv/bin/python benchmarks/targets.py [--articles 1000] [--runs 3] [--corpus DIR] [--pythonpath SRC]
                                           [--only throughput,jobs,long,startup]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as generated  # noqa: E402  (benchmarks/corpus.py, beside this file)

GROUPS = ("throughput", "jobs", "long", "startup")
JIEBA = "import sys, logging, jieba\njieba.setLogLevel(logging.WARNING)\n" \
        "for t in open(sys.argv[1], encoding='utf-8').read().split('\\x1e'):\n    jieba.lcut(t)\n"
CLEAN = """
import sys
from pathlib import Path
from kg.cleaning import clean
from kg.metadata import read_metadata
from kg.reading import decode
from kg.records import Source
files = sorted(p for p in Path(sys.argv[1]).iterdir() if p.suffix in ('.txt', '.htm', '.html'))
texts = [read_metadata(clean(decode(Source(f.name, f.read_bytes())))).text for f in files]
Path(sys.argv[2]).write_text('\\x1e'.join(texts), encoding='utf-8')
print(len(files), sum(map(len, texts)))
"""
LOAD = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
for path in sys.argv[2:]:
    store.bulk_load(path=path, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
store.flush()
"""
UNION = """
import sys
seen = set()
with open(sys.argv[1], 'rb') as quads, open(sys.argv[2], 'wb') as out:
    for line in quads:
        triple = line[:line.rindex(b' <')]
        if triple not in seen:
            seen.add(triple)
            out.write(triple + b' .\\n')
"""


def run(argv: list[str], env: dict, cwd: Path) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS in MB) of one process and the children it waited for."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited {code}:\n{err.decode('utf-8', 'replace')[-2000:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def paired(a, b, runs: int, fresh=None) -> tuple[list, list]:
    """`runs` pairs of (cpu, wall, rss) for commands a and b, in turns; `fresh()` before each (a new store)."""
    xs, ys = [], []
    for _ in range(runs):
        if fresh:
            fresh()
        xs.append(a())
        if fresh:
            fresh()
        ys.append(b())
    return xs, ys


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f}  ({min(values):.2f} - {max(values):.2f})"


def _startup(kg: list[str], py: str, env: dict, work: Path, corpus: Path, runs: int, rows: list) -> None:
    """kg --version against python -c pass, and a one-article build against importing jieba."""
    version = paired(lambda: run(kg + ["--version"], env, work), lambda: run([py, "-c", "pass"], env, work),
                     max(runs, 5))
    walls = [a[1] for a in version[0]]
    rows.append(("kg --version: wall seconds (python -c pass: "
                 f"{statistics.median(b[1] for b in version[1]):.3f})", spread(walls), "<= 0.15",
                 "met" if statistics.median(walls) <= 0.15 else "NOT met"))
    single = corpus / sorted(p.name for p in corpus.iterdir())[0]
    first = paired(lambda: run(kg + ["build", str(single), "-o", str(work / "one.ttl"), "-q"], env, work),
                   lambda: run([py, "-c", "import jieba; jieba.lcut('x')"], env, work), max(runs, 5))
    ratio = [a[0] / b[0] for a, b in zip(*first)]
    rows.append(("one-article kg build: CPU / import jieba; jieba.lcut('x')", spread(ratio), "<= 1.20",
                 "met" if statistics.median(ratio) <= 1.2 else "NOT met"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="pairs per comparison (default: 3)")
    ap.add_argument("--corpus", type=Path, help="a corpus directory made by benchmarks/corpus.py")
    ap.add_argument("--pythonpath", type=Path, help="run kg from this source tree (e.g. an older checkout's src)")
    ap.add_argument("--only", default=",".join(GROUPS), help=f"groups of rows, comma-separated (default: all: "
                                                              f"{','.join(GROUPS)})")
    args = ap.parse_args()
    want = set(args.only.split(","))
    if not want <= set(GROUPS):
        ap.error(f"--only: unknown group {', '.join(sorted(want - set(GROUPS)))}; the groups are {', '.join(GROUPS)}")
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = str(args.pythonpath.resolve())
    py = sys.executable
    kg = [py, "-m", "kg"]
    rows: list[tuple[str, str, str, str]] = []  # what, figure, target, met

    with tempfile.TemporaryDirectory(prefix="kg-targets-") as tmp:
        work = Path(tmp)
        corpus = args.corpus or work / "corpus"
        if args.corpus is None:
            generated.write(corpus, args.articles, args.seed)
        texts = work / "texts.txt"
        n, chars = subprocess.run([py, "-c", CLEAN, str(corpus), str(texts)], check=True, capture_output=True,
                                  text=True, env=env).stdout.split()
        print(f"corpus: {n} articles, {int(chars):,} characters after cleaning; {args.runs} pairs a row; "
              f"kg from {args.pythonpath or 'this checkout'}")
        print()
        store = work / "store"

        def no_store():
            shutil.rmtree(store, ignore_errors=True)

        def jieba():
            return run([py, "-c", JIEBA, str(texts)], env, work)

        results, twos, loads = {}, {}, {}
        for label, out in (("-o x.nq", ["-o", str(work / "x.nq")]), ("--store", ["--store", str(store)]),
                           ("-o x.ttl", ["-o", str(work / "x.ttl")])) if "throughput" in want else ():
            one = paired(lambda: run(kg + ["build", str(corpus), "--jobs", "1", "-q", *out], env, work), jieba,
                         args.runs, no_store if label == "--store" else None)
            results[label] = one
            ratio = [j[0] / k[0] for k, j in zip(*one)]
            rows.append((f"kg build --jobs 1 {label}: throughput / bare jieba.lcut (CPU)", spread(ratio),
                         ">= 0.60", "met" if statistics.median(ratio) >= 0.6 else "NOT met"))
        for label, out in (("-o x.nq", ["-o", str(work / "x.nq")]), ("--store", ["--store", str(store)])) \
                if "jobs" in want else ():
            two = paired(lambda: run(kg + ["build", str(corpus), "--jobs", "1", "-q", *out], env, work),
                         lambda: run(kg + ["build", str(corpus), "--jobs", "2", "-q", *out], env, work),
                         args.runs, no_store if label == "--store" else None)
            twos[label] = two
            speedup = [a[1] / b[1] for a, b in zip(*two)]
            rows.append((f"kg build --jobs 2 {label}: speedup over --jobs 1 (wall)", spread(speedup), ">= 1.70",
                         "met" if statistics.median(speedup) >= 1.7 else "NOT met"))
        for label in results:
            rss = [k[2] for k in results[label][0]]
            rows.append((f"peak RSS, {n} articles, {label} (MB)", spread(rss), "<= 500",
                         "met" if statistics.median(rss) <= 500 else "NOT met"))

        # the loader alone, on the quads of the last -o x.nq run (the store also gets their union's triples)
        union = work / "union.nq"
        if results:
            subprocess.run([py, "-c", UNION, str(work / "x.nq"), str(union)], check=True, env=env)
        for label, files in (("the quads", [work / "x.nq"]), ("the quads and their union", [work / "x.nq", union])) \
                if results else ():
            loads[label] = paired(lambda: run([py, "-c", LOAD, str(store), *map(str, files)], env, work), jieba,
                                  args.runs, no_store)

        if "long" in want:
            example = Path(__file__).resolve().parents[1] / "src/kg/data/examples/tianqiao-2020-06-30.txt"
            unit = example.read_bytes().replace(b"\r", b"").replace(b"\n", b" ")
            size = 5 * 1024 * 1024
            line = work / "line5.txt"
            line.write_bytes((unit * (size // len(unit) + 1))[:size].decode("utf-8", "ignore").encode("utf-8"))
            for label, out in (("-o x.nt", ["-o", str(work / "l.nt")]), ("--store", ["--store", str(store)])):
                no_store()
                _, wall, rss = run(kg + ["build", str(line), "--timeout", "0", "-q", *out], env, work)
                rows.append((f"one 5 MB article, {label}: peak RSS (MB; {wall:.0f} s)", f"{rss:6.0f}", "<= 1000",
                             "met" if rss <= 1000 else "NOT met"))

        if "startup" in want:
            _startup(kg, py, env, work, corpus, args.runs, rows)

    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  median (min - max)        target   ")
    for what, figure, target, met in rows:
        print(f"{what:{width}}  {figure:24} {target:8} {met}")
    print()
    if results:
        print("CPU seconds, medians:", ", ".join(
            f"kg {label} {statistics.median(k[0] for k in results[label][0]):.1f} / jieba "
            f"{statistics.median(j[0] for j in results[label][1]):.1f}" for label in results))
    for label, (ox, jb) in loads.items():
        share = [a[0] / b[0] for a, b in zip(ox, jb)]
        print(f"Oxigraph's bulk load alone of {label} of this corpus: {spread(share).strip()} times the CPU time "
              f"of bare jieba.lcut (the --store target leaves the whole build 1.67)")
    # --jobs 2 cannot finish before its CPU time spread over every core; --jobs 1 may already use more than one
    # (the store's bulk loader runs in a thread beside the extraction)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    for label, (ones, jobs2) in twos.items():
        used = [cpu / wall for cpu, wall, _ in ones]
        ceiling = [a[1] * cores / b[0] for a, b in zip(ones, jobs2)]
        print(f"--jobs 1 {label}: {statistics.median(used):.2f} cores busy (CPU / wall); so on {cores} cores "
              f"--jobs 2 can be at most {statistics.median(ceiling):.2f}x faster (wall of --jobs 1 x cores / "
              f"CPU of --jobs 2)")


if __name__ == "__main__":
    main()
