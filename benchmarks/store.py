"""The on-disk Oxigraph store against rdflib's in-memory dataset: loading a 1,000,000-quad kg graph and three
analysts' queries, with each side's peak memory.

The graph is real kg output: `benchmarks/corpus.py` articles built by `kg build CORPUS -o graph.nq`, cut to
whole article graphs (plus the register graph) once --triples quads are reached. Each side runs in a fresh
process of its own, so its peak RSS is its own:

- oxigraph: `pyoxigraph.Store(DIR)` on disk, laid out as kg's store is (`kg.store`): the article graphs, and
  their union as triples in the default graph, which queries read; `bulk_load`ed 250,000 lines at a time
  (also timed, in a process of its own: the named graphs alone in one `bulk_load`);
- rdflib (the baseline): `Dataset(default_union=True).parse(FILE, format="nquads")`, as `kg query` loads files.

The queries, the same text on both sides (kg's prefixes declared): the partOf chain of every 社区/村 with the
labels of the units above; initiatives per unit with counts; and the bundled `mentions` query for the unit
the graph mentions most (`kg query mentions --entity NAME`). Each query's time is the best of up to three
runs (one more run only while a run takes under 20 s). Both sides must give the same rows, compared as
multisets of values. kg's bundled `hierarchy` query is timed on Oxigraph alone: rdflib took 5 minutes on it at
100,000 quads already.
Targets: loading at least 4 times faster, the queries at least 10 times (geometric mean), peak RSS at most 2/3.

    .venv/bin/python benchmarks/store.py [--triples 1000000] [--graph FILE.nq]

--graph FILE.nq reuses that graph when the file exists, and keeps the one it makes there when not (building
it takes about 6 minutes: ~2,300 articles).
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as generated  # noqa: E402  (benchmarks/corpus.py, beside this file)

TARGET_LOAD, TARGET_QUERIES, TARGET_RSS = 4.0, 10.0, 2 / 3
TRIPLES_PER_ARTICLE = 430  # a little under what kg writes for a generated article, so enough are built
CHUNK = 250_000  # N-Quads lines per bulk_load: bounds Oxigraph's memory while loading
REPEAT_UNDER = 20.0  # seconds: a query is run again (up to 3 times) only while a run is faster than this

HIERARCHY = """
# Each 社区/村 with every unit above it (its partOf chain), their classes and labels, and its code.
SELECT ?unit ?class ?code ?above ?aboveClass
WHERE {
  VALUES ?class { kg:Community kg:Village }
  ?u a ?class ; rdfs:label ?unit . FILTER(langMatches(lang(?unit), "zh-Hans"))
  OPTIONAL { ?u kg:adminCode ?code }
  ?u kg:partOf+ ?a . ?a a ?aboveClass ; rdfs:label ?above . FILTER(langMatches(lang(?above), "zh-Hans"))
}
ORDER BY ?unit ?code ?above
"""
INITIATIVES_PER_UNIT = """
# Each unit with the number of initiatives located in it, and of the articles that report them.
SELECT ?unit ?code (COUNT(DISTINCT ?i) AS ?initiatives) (COUNT(DISTINCT ?a) AS ?articles)
WHERE {
  ?i a kg:Initiative ; kg:locatedIn ?u .
  ?u rdfs:label ?unit . FILTER(langMatches(lang(?unit), "zh-Hans"))
  OPTIONAL { ?u kg:adminCode ?code }
  OPTIONAL { ?m itsrdf:taIdentRef ?i ; nif:referenceContext ?a }
}
GROUP BY ?unit ?code
ORDER BY DESC(?initiatives) ?unit
"""


def queries(entity: str) -> list[tuple[str, str]]:
    """(name, text) of the three queries, the same text for both sides."""
    from importlib import resources

    from kg.view import to_simplified

    # `kg query mentions --entity NAME` binds ?entity and ?entityHans as a VALUES block opening the WHERE
    # clause (kg.querying._bind; Oxigraph substitutes only projected variables): the same on both sides.
    values = f'VALUES (?entity ?entityHans) {{ ("{entity}" "{to_simplified(entity)}") }}'
    mentions = resources.files("kg").joinpath("queries/mentions.rq").read_text(encoding="utf-8")
    mentions = mentions.replace("WHERE {", "WHERE {\n  " + values, 1)
    return [(name, prologue() + text) for name, text in (
        ("hierarchy: 社区/村 and all above", HIERARCHY), ("initiatives per unit", INITIATIVES_PER_UNIT),
        (f"mentions --entity {entity}", mentions))]


def prologue() -> str:
    from kg.namespace import PREFIXES

    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


# ---------------------------------------------------------------------------- one side, in its own process


def digest(rows: list[tuple[str, ...]]) -> str:
    return hashlib.sha256("\n".join(sorted("\t".join(r) for r in rows)).encode()).hexdigest()


def best_of(run) -> tuple[float, list]:
    best, rows = math.inf, []
    for _ in range(3):
        start = time.perf_counter()
        rows = run()
        took = time.perf_counter() - start
        best = min(best, took)
        if took >= REPEAT_UNDER:
            break
    return best, rows


def side_oxigraph(graph: Path, work: Path, entity: str) -> dict:
    """Load as kg's store lays a corpus out (`kg.store`): the article graphs, and their union as a set in the
    default graph, which queries read (Oxigraph 0.5's own union view repeats a triple once per graph that
    holds it). Loaded CHUNK lines at a time, one `bulk_load` each: one call for the whole file holds it all
    in memory (about 1 GB here for 1M quads)."""
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(str(work / "oxigraph"))
    with graph.open(encoding="utf-8") as f:
        while lines := list(itertools.islice(f, CHUNK)):
            store.bulk_load("".join(lines).encode("utf-8"), ox.RdfFormat.N_QUADS)
            union = "".join(line[:line.rindex(" <")] + " .\n" for line in lines if line.strip())
            store.bulk_load(union.encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    load = time.perf_counter() - start
    union_size = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    out = {"load": load, "quads": len(store) - union_size, "union": union_size, "queries": []}
    for name, text in queries(entity):
        def run(text=text):
            result = store.query(text)
            names = [v.value for v in result.variables]
            return [tuple("" if s[v] is None else s[v].value for v in names) for s in result]

        took, rows = best_of(run)
        out["queries"].append({"name": name, "seconds": took, "rows": len(rows), "digest": digest(rows)})
    from importlib import resources

    hierarchy = resources.files("kg").joinpath("queries/hierarchy.rq").read_text(encoding="utf-8")
    took, rows = best_of(lambda: list(store.query(prologue() + hierarchy)))
    out["bundled_hierarchy"] = {"seconds": took, "rows": len(rows)}
    return out


def side_oxigraph_quads(graph: Path, work: Path, entity: str) -> dict:
    """Oxigraph's own cost for the same file, for comparison: the named graphs only, one `bulk_load`."""
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(str(work / "oxigraph-quads"))
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_QUADS)
    return {"load": time.perf_counter() - start, "quads": len(store)}


def side_rdflib(graph: Path, work: Path, entity: str) -> dict:
    from rdflib import Dataset

    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(str(graph), format="nquads")
    load = time.perf_counter() - start
    out = {"load": load, "quads": sum(len(g) for g in ds.graphs()), "union": len(ds), "queries": []}
    for name, text in queries(entity):
        def run(text=text):
            result = ds.query(text)
            names = [str(v) for v in result.vars]
            return [tuple("" if row[v] is None else str(row[v]) for v in names) for row in result]

        took, rows = best_of(run)
        out["queries"].append({"name": name, "seconds": took, "rows": len(rows), "digest": digest(rows)})
    return out


def side(name: str, graph: Path, work: Path, entity: str) -> None:
    sides = {"oxigraph": side_oxigraph, "oxigraph-quads": side_oxigraph_quads, "rdflib": side_rdflib}
    result = sides[name](graph, work, entity)
    result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    print(json.dumps(result))


def run_side(name: str, graph: Path, work: Path, entity: str) -> dict:
    cmd = [sys.executable, __file__, "--side", name, "--graph", str(graph), "--work", str(work), "--entity", entity]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the {name} side failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


# ---------------------------------------------------------------------------- the graph


GRAPH_OF_LINE = re.compile(r" (<[^>]*>) \.$")


def graph_of(line: str) -> str:
    """The graph IRI of an N-Quads line (kg writes every triple into a named graph)."""
    return GRAPH_OF_LINE.search(line.rstrip("\n")).group(1)


def make_graph(target: int, seed: int, out: Path, work: Path) -> None:
    """Build enough generated articles with kg, and keep whole article graphs up to `target` quads."""
    articles = math.ceil(target / TRIPLES_PER_ARTICLE)
    corpus = work / "corpus"
    generated.write(corpus, articles, seed)
    full = work / "full.nq"
    print(f"building the graph: kg build on {articles} generated articles …", file=sys.stderr)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(full), "--quiet"], check=True,
                   capture_output=True)
    print(f"  built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    sizes = Counter(graph_of(line) for line in lines)
    articles_graphs = sorted(g for g in sizes if "/article/" in g)
    keep = {g for g in sizes if g not in articles_graphs}  # the register graph
    total = sum(sizes[g] for g in keep)
    for g in articles_graphs:
        if total >= target:
            break
        keep.add(g)
        total += sizes[g]
    if total < target:
        print(f"  only {total} quads were built (fewer than {target}): all are used", file=sys.stderr)
    tmp = out.with_suffix(".partial")
    with tmp.open("w", encoding="utf-8") as f:
        f.writelines(line for line in lines if graph_of(line) in keep)
    tmp.replace(out)


def most_mentioned(graph: Path) -> str:
    """The zh-Hans label of the administrative unit with the most mentions (a fixed choice for a graph)."""
    from kg.namespace import KG
    from kg.records import ADMIN_TYPES

    refs, labels, units = Counter(), {}, set()
    ref = re.compile(r"^<[^>]*> <http://www\.w3\.org/2005/11/its/rdf#taIdentRef> (<[^>]*>) ")
    label = re.compile(r'^(<[^>]*>) <http://www\.w3\.org/2000/01/rdf-schema#label> "([^"]*)"@zh-Hans ')
    typed = re.compile(r"^(<[^>]*>) <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> (<[^>]*>) ")
    classes = {f"<{KG[t]}>" for t in ADMIN_TYPES}
    with graph.open(encoding="utf-8") as f:
        for line in f:
            if m := ref.match(line):
                refs[m.group(1)] += 1
            elif m := label.match(line):
                labels.setdefault(m.group(1), m.group(2))
            elif (m := typed.match(line)) and m.group(2) in classes:
                units.add(m.group(1))
    return next(labels[e] for e, _ in sorted(refs.items(), key=lambda kv: (-kv[1], kv[0]))
                if e in labels and e in units)


# ---------------------------------------------------------------------------- report


def pad(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns (a Chinese character takes two)."""
    from wcwidth import wcswidth

    return text + " " * max(0, width - wcswidth(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, metavar="N",
                        help="quads in the graph (default: 1000000)")
    parser.add_argument("--graph", type=Path, metavar="FILE.nq", help="reuse this graph, or keep the one made here")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--side", choices=["oxigraph", "oxigraph-quads", "rdflib"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--entity", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        side(args.side, args.graph, args.work, args.entity)
        return

    with tempfile.TemporaryDirectory(prefix="kg-store-") as tmp:
        work = Path(tmp)
        graph = args.graph or work / "graph.nq"
        if not graph.is_file():
            make_graph(args.triples, args.seed, graph, work)
        entity = most_mentioned(graph)
        with graph.open(encoding="utf-8") as f:  # reading it also puts it in the OS cache for both sides alike
            per_graph = Counter(graph_of(line) for line in f)
        quads, graphs = sum(per_graph.values()), len(per_graph)
        ox = run_side("oxigraph", graph, work, entity)
        shutil.rmtree(work / "oxigraph", ignore_errors=True)
        quads_only = run_side("oxigraph-quads", graph, work, entity)
        shutil.rmtree(work / "oxigraph-quads", ignore_errors=True)
        rd = run_side("rdflib", graph, work, entity)
        size = graph.stat().st_size

    print(f"graph: {quads:,} quads in {graphs:,} named graphs (N-Quads, {size / 1e6:.0f} MB), their union "
          f"{rd['union']:,} distinct triples")
    print(f"oxigraph holds {ox['quads']:,} quads in named graphs and their union, {ox['union']:,} triples, in the "
          f"default graph (as kg's store does);")
    print(f"rdflib holds {rd['quads']:,} quads, and a union view of {rd['union']:,} triples")
    print()
    print(f"{'':40}{'oxigraph (disk)':>16}  {'rdflib (memory)':>16}  {'speedup':>8}")
    label = "load, kg's store layout"
    print(f"{label:40}{ox['load']:14.2f} s  {rd['load']:14.2f} s  {rd['load'] / ox['load']:8.1f}")
    print(f"{'  the named graphs only (one bulk_load)':40}{quads_only['load']:14.2f} s  {'':16}  "
          f"{rd['load'] / quads_only['load']:8.1f}   peak RSS {quads_only['peak_rss'] / 2**20:.0f} MB")
    ratios, same = [], True
    for qo, qr in zip(ox["queries"], rd["queries"]):
        ratio = qr["seconds"] / qo["seconds"]
        ratios.append(ratio)
        agree = qo["digest"] == qr["digest"]
        same &= agree
        rows = f"{qo['rows']} rows" if agree else f"{qo['rows']} / {qr['rows']} rows, DIFFERENT"
        label = pad(f"{qo['name']} ({rows})", 40)
        print(f"{label}{qo['seconds']:14.3f} s  {qr['seconds']:14.3f} s  {ratio:8.1f}")
    geo = math.exp(sum(map(math.log, ratios)) / len(ratios))
    print(f"{'queries, geometric mean':40}{'':16}  {'':16}  {geo:8.1f}")
    bundled = ox["bundled_hierarchy"]
    print(pad(f"kg's bundled hierarchy ({bundled['rows']} rows)", 40)
          + f"{bundled['seconds']:14.3f} s  {'not run':>16}  (rdflib: minutes at 100,000 quads)")
    rss = ox["peak_rss"] / rd["peak_rss"]
    print(f"{'peak RSS':40}{ox['peak_rss'] / 2**20:13.0f} MB  {rd['peak_rss'] / 2**20:13.0f} MB  "
          f"{rss:8.2f} (oxigraph / rdflib)")
    print()
    print("answers: " + ("the same rows on both sides" if same else "THE SIDES DISAGREE (see DIFFERENT above)"))
    print(f"targets: load >= {TARGET_LOAD:g}x: {rd['load'] / ox['load']:.1f}x; queries >= {TARGET_QUERIES:g}x "
          f"(geometric mean): {geo:.1f}x; peak RSS <= {TARGET_RSS:.2f} of rdflib's: {rss:.2f}")


if __name__ == "__main__":
    main()
