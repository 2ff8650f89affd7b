"""Re-run the commands of README.md's console blocks and write their real output back into README.md.

    .venv/bin/python scripts/readme_outputs.py [--check]

Commands run in order, in a scratch copy of the checkout's layout (with ../shared beside it), with
.venv/bin first on PATH, so later commands see the files earlier ones wrote. The SPARQL block is saved as
where-from.rq first, as README says. Blocks that run benchmarks, or need a server or a Dask cluster,
keep their recorded output. An output
that README cuts with a last line "…" is cut at the same length. --check only reports differences.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
# blocks that need a running server or cluster keep the output recorded when one ran
SERVED = ("kg serve", "kg push", "curl ", "--engine dask", "dask scheduler")


def run_block(body: str, cwd: Path, env: dict) -> str:
    if "benchmarks/" in body or any(word in body for word in SERVED):
        return body
    out, lines = [], body.splitlines()
    i = 0
    while i < len(lines):
        command = lines[i][2:]
        j = i + 1
        while j < len(lines) and not lines[j].startswith("$ "):
            j += 1
        old = lines[i + 1:j]
        done = subprocess.run(["bash", "-c", command + " 2>&1"], cwd=cwd, env=env, capture_output=True, text=True)
        new = done.stdout.rstrip("\n").splitlines()
        blank = 0  # blank lines that separate this command's output from the next command
        while blank < len(old) and old[len(old) - 1 - blank] == "":
            blank += 1
        kept = old[: len(old) - blank]
        if kept and kept[-1] == "…":
            new = new[: len(kept) - 1] + ["…"]
        out += [lines[i], *new, *[""] * blank]
        i = j
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="report, do not write")
    check = parser.parse_args().check
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp) / "kg"
        (cwd / "output").mkdir(parents=True)
        os.symlink(ROOT.parent / "shared", Path(tmp) / "shared")
        sparql = re.findall(r"```sparql\n(.+?)```", readme, re.S)
        if sparql:
            (cwd / "where-from.rq").write_text(sparql[0], encoding="utf-8")
        env = dict(os.environ, PATH=f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
        updated = BLOCK.sub(lambda m: "```console\n" + run_block(m.group(1), cwd, env) + "```", readme)
    if updated == readme:
        print("README.md: every console block shows its real output")
        return 0
    if check:
        print("README.md: some console blocks differ from what their commands print now", file=sys.stderr)
        return 1
    (ROOT / "README.md").write_text(updated, encoding="utf-8")
    print("README.md: console blocks updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
