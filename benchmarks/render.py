"""Time to draw the reference article's graph as PNG, against the time to build it, in the same run.

Both are measured two ways: as the `kg` command a user runs (a fresh process, imports included), and
in one process after a warm-up (the work itself). Prints the medians and the ratio render / build.

    .venv/bin/python benchmarks/render.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    from kg.exporting import union, write
    from kg.pipeline import build, example_source
    from kg.rendering import render

    with tempfile.TemporaryDirectory() as tmp:
        ttl, png = Path(tmp) / "ref.ttl", Path(tmp) / "ref.png"
        kg = [sys.executable, "-m", "kg"]
        subprocess.run(kg + ["build", "-o", str(ttl)], check=True, capture_output=True)
        cli_build = timed(lambda: subprocess.run(kg + ["build", "-o", str(ttl)], check=True,
                                                 capture_output=True), runs)
        cli_render = timed(lambda: subprocess.run(kg + ["render", str(ttl), "-o", str(png)], check=True,
                                                  capture_output=True), runs)

        def build_once():
            write(build([example_source()]).dataset, ttl, "turtle")
        graph = union(build([example_source()]).dataset)
        render(graph, png)  # warm-up: imports and font loading
        lib_build = timed(build_once, runs)
        lib_render = timed(lambda: render(graph, png), runs)
        size = png.stat().st_size

    print(f"reference article, median of {runs} runs")
    print(f"{'':24}{'build':>10}{'render PNG':>12}{'ratio':>8}")
    print(f"{'kg command (cold)':24}{cli_build:>9.3f}s{cli_render:>11.3f}s{cli_render / cli_build:>8.2f}")
    print(f"{'in process (warm)':24}{lib_build:>9.3f}s{lib_render:>11.3f}s{lib_render / lib_build:>8.2f}")
    print(f"PNG: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
