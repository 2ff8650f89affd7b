"""Peak memory (RSS) of `kg build` on a 20 MB single-line article, against baselines from the same run.

The article is the built-in example with its line breaks removed, repeated to 20 MB. Each figure is a
fresh process's peak RSS (from wait4), so they do not mix:

  python      the interpreter with kg's modules imported
  decode      the same, plus reading and decoding the 20 MB file
  build       `kg build` of the file, written as N-Triples (the cheapest writer) or the format given

Usage: python benchmarks/memory.py [--mb 20] [--format nt]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IMPORTS = "import kg.pipeline, kg.exporting, kg.cli"
DECODE = IMPORTS + "\nfrom kg.reading import decode\nfrom kg.records import Source\nimport sys\n" \
                   "d = decode(Source(sys.argv[1], open(sys.argv[1], 'rb').read()))\nprint(len(d.text))"


def peak(argv: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, exit code) of one child process."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err}")
    return usage.ru_maxrss / 1024, time.monotonic() - start, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--format", default="nt")
    args = ap.parse_args()
    # No kg import here: a child's peak RSS includes the parent's memory it was forked from.
    example = Path(__file__).resolve().parents[1] / "src" / "kg" / "data" / "examples" / "tianqiao-2020-06-30.txt"
    size = int(args.mb * 1024 * 1024)
    unit = example.read_bytes().replace(b"\r", b"").replace(b"\n", b" ")
    data = (unit * (size // len(unit) + 1))[:size].decode("utf-8", "ignore").encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "line.txt"
        article.write_bytes(data)
        out = Path(tmp) / f"graph.{args.format}"
        rows = [("python + kg imports", peak([sys.executable, "-c", IMPORTS])),
                ("read + decode", peak([sys.executable, "-c", DECODE, str(article)])),
                (f"kg build --format {args.format}", peak([sys.executable, "-m", "kg", "build", str(article), "-o",
                                                          str(out), "--format", args.format, "--timeout", "0"]))]
        written = out.stat().st_size
    base = rows[1][1][0]
    print(f"input: {len(data) / 1e6:.1f} MB on one line; output {written / 1e6:.1f} MB")
    print(f"{'process':28} {'peak RSS':>10} {'seconds':>8} {'x decode':>9}")
    for name, (mb, secs, _) in rows:
        print(f"{name:28} {mb:8.0f} MB {secs:8.1f} {mb / base:9.1f}")


if __name__ == "__main__":
    main()
