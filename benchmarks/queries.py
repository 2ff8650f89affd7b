"""What the confined child costs a query: each bundled query run confined (as kg runs it) and in this process.

    .venv/bin/python benchmarks/queries.py [CORPUS_DIR]

Files: `kg.querying.run` (a forked child: seccomp, memory limit, Oxigraph's parse check, then rdflib)
against rdflib alone in this process (`_run_here` as it runs where there is no fork: no check). Store: `run_store` (rdflib's refusals in a
fork, then a new interpreter running Oxigraph) against pyoxigraph in this process. The corpus (default
../shared/corpus) is built once as TriG and as a store. Wall time, median of 5 runs, paired.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.querying import (_PREFIX_IRIS, Limits, _bind, _run_here, bundled, bundled_query, entity_bindings, load, run,
                         run_store)

RUNS = 5


def median(fn) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    import pyoxigraph as ox

    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        trig, store = Path(tmp) / "corpus.trig", Path(tmp) / "store"
        for out in (["-o", str(trig)], ["--store", str(store)]):
            subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-q", *out], check=True)
        ds = load([str(trig)])
        print(f"{corpus}: bundled queries, median of {RUNS} runs (wall)")
        print(f"{'query':<12} {'files: here':>12} {'confined':>9} {'ratio':>6}   {'store: here':>12} "
              f"{'confined':>9} {'ratio':>6}")
        for name in bundled():
            text = bundled_query(name)
            bindings = entity_bindings("北关社区") if name == "mentions" else None
            here = median(lambda: _run_here(ds, text, bindings, Limits(), deadline=True))  # rdflib alone
            confined = median(lambda: run(ds, text, bindings=bindings))
            oxigraph = ox.Store.read_only(str(store / "oxigraph"))
            store_text = _bind(text, bindings) if bindings else text
            ox_here = median(lambda: list(oxigraph.query(store_text, prefixes=_PREFIX_IRIS)))
            del oxigraph
            ox_confined = median(lambda: run_store(store, text, bindings=bindings))
            print(f"{name:<12} {here * 1000:>10.0f}ms {confined * 1000:>7.0f}ms {confined / here:>6.2f}   "
                  f"{ox_here * 1000:>10.0f}ms {ox_confined * 1000:>7.0f}ms {ox_confined / ox_here:>6.1f}")


if __name__ == "__main__":
    main()
