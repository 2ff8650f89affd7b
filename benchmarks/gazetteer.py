"""What the division register costs a single-article `kg build`, against the same build without it, in one run.

The baseline is the same command with the register replaced by an empty one (nothing to read, no codes),
so the difference is what loading and looking up the register adds. Also prints the register's own
steps: the first lookup (reads the 45k provinces…街道), and reading one district's 社区/村.

    .venv/bin/python benchmarks/gazetteer.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

WITHOUT = """
import sys
import kg.pipeline
from kg.cli import main
from kg.gazetteer import Register
empty = Register(sys.argv[1])
kg.pipeline.default_register = lambda: empty
sys.exit(main(sys.argv[2:]))
"""


def median_time(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.zip"
        with zipfile.ZipFile(empty, "w") as zf:
            zf.writestr("upper.tsv", "")
            zf.writestr("names.tsv", "")
        out = str(Path(tmp) / "ref.ttl")
        with_register = [sys.executable, "-m", "kg", "build", "-o", out]
        without = [sys.executable, "-c", WITHOUT, str(empty), "build", "-o", out]
        subprocess.run(with_register, check=True, capture_output=True)  # warm the OS file cache
        # alternate the two so machine load hits both alike
        a, b = [], []
        for _ in range(runs):
            a.append(median_time(with_register, 1))
            b.append(median_time(without, 1))
        full, base = statistics.median(a), statistics.median(b)

    from kg.gazetteer import Register, Unit, ground

    register = Register()
    start = time.perf_counter()
    register.names("天桥区")
    first = time.perf_counter() - start
    start = time.perf_counter()
    ground([Unit("天桥区", "District"), Unit("北坦街道", "SubdistrictOffice", 0), Unit("北关社区", "Community", 1)],
           register)
    lookup = time.perf_counter() - start

    print(f"single-article kg build (median of {runs}, cold process)")
    print(f"  without register  {base:7.3f} s")
    print(f"  with register     {full:7.3f} s   (+{full - base:.3f} s, ratio {full / base:.2f})")
    print("register steps (in process)")
    print(f"  first lookup      {first * 1000:7.1f} ms  (reads provinces, cities, districts, 街道/镇/乡)")
    print(f"  ground a chain    {lookup * 1000:7.1f} ms  (reads one district's 社区/村)")


if __name__ == "__main__":
    main()
