"""Cold start: a single-article `kg build` and a `kg query` on a small Turtle file, each a fresh process,
against `python -c 'import rdflib'`, all in one run.

The build is the built-in example (the reference article); the query runs the bundled `hierarchy` query, and
a trivial one, over that article's Turtle (about 500 triples). Each command runs --runs times, the commands
taking turns so machine load hits them alike; the figure is the median. Targets: build under 2 s, query
under 1 s. Then, for the hierarchy query, where its time goes: `python -X importtime`'s top-level imports
and the phases of the command timed in one process.

    .venv/bin/python benchmarks/coldstart.py [--runs 7]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"build": 2.0, "query": 1.0}

PHASES = """
import sys, time
t = [time.perf_counter()]
from kg.cli import _parser
_parser(); t.append(time.perf_counter())
from kg.querying import Limits, bundled_query, format_answer, load, run
ds = load([sys.argv[1]]); t.append(time.perf_counter())
from rdflib.plugins.sparql import prepareQuery; t.append(time.perf_counter())
from kg.namespace import PREFIXES
prepareQuery(bundled_query("hierarchy"), initNs=PREFIXES); t.append(time.perf_counter())
answer = run(ds, bundled_query("hierarchy"), limits=Limits()); t.append(time.perf_counter())
format_answer(answer, "table"); t.append(time.perf_counter())
print(" ".join(f"{b - a:.3f}" for a, b in zip(t, t[1:])))
"""
PHASE_NAMES = ("the CLI's parser: imports kg.exporting, kg.pipeline, rdflib", "load the Turtle file",
               "import rdflib's SPARQL engine", "parse the query (rdflib, pyparsing)",
               "kg's run: parse again, check, evaluate", "format the table")


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def top_imports(cmd: list[str], n: int = 8) -> list[tuple[str, float]]:
    """The top-level imports of a command by cumulative time (python -X importtime)."""
    err = subprocess.run([sys.executable, "-X", "importtime", *cmd], capture_output=True, text=True).stderr
    out = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit() and not name.startswith("  ", 1):  # top level: one leading space
            out.append((name.strip(), int(cumulative) / 1e6))
    return sorted(out, key=lambda x: -x[1])[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    kg = [sys.executable, "-m", "kg"]
    with tempfile.TemporaryDirectory(prefix="kg-coldstart-") as tmp:
        ttl = str(Path(tmp) / "example.ttl")
        subprocess.run(kg + ["build", "-o", ttl], check=True, capture_output=True)  # also warms the OS cache
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import rdflib'": [sys.executable, "-c", "import rdflib"],
            "kg build (built-in example)": kg + ["build", "-o", ttl],
            "kg query example.ttl hierarchy": kg + ["query", ttl, "hierarchy"],
            "kg query example.ttl -q 'ASK {}'": kg + ["query", ttl, "-q", "ASK {}"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, cmd in commands.items():
                times[name].append(timed(cmd))
        imports = top_imports(["-m", "kg", "query", ttl, "hierarchy"])
        phases = [statistics.median(col) for col in zip(*(
            map(float, subprocess.run([sys.executable, "-c", PHASES, ttl], check=True, capture_output=True,
                                      text=True).stdout.split()) for _ in range(3)))]

    base = statistics.median(times["python -c 'import rdflib'"])
    print(f"cold processes, median of {runs} (min - max)")
    print(f"{'':36}{'seconds':>8}  {'min - max':>13}  {'x import rdflib':>15}")
    for name, ts in times.items():
        med = statistics.median(ts)
        target = next((t for key, t in TARGETS.items() if name.startswith(f"kg {key}")), None)
        verdict = f"   target < {target:g} s: {'met' if med < target else 'NOT met'}" if target else ""
        print(f"{name:36}{med:8.3f}  {min(ts):6.3f} - {max(ts):<6.3f}  {med / base:15.2f}{verdict}")
    print()
    print("kg query example.ttl hierarchy, phases in one process (median of 3):")
    for name, seconds in zip(PHASE_NAMES, phases):
        print(f"  {name:60}{seconds:7.3f} s")
    print("top-level imports of the same command (python -X importtime, cumulative):")
    for name, seconds in imports:
        print(f"  {name:60}{seconds:7.3f} s")


if __name__ == "__main__":
    main()
