"""The Dask engine on a real LocalCluster (two worker processes on 127.0.0.1), against the local build."""
from __future__ import annotations

import logging
import multiprocessing
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg import engines
from kg.cli import main
from kg.options import BuildOptions
from kg.workers import build_one
from kg.errors import InputError, KgError
from kg.namespace import ID
from kg.records import Built, Source
from kg.store import MANIFEST, reading

ARTICLES = ("dev-01-xihu-jinshagang.txt", "dev-03-nanshan-yuehai.html", "dev-05-gulou-rehelu.txt")
EMPTY = b"<html><body><script>var page = 1;</script></body></html>"  # markup only: fails in the worker
LIMIT = 120  # seconds for a cluster to start or stop, or a command to finish: no test hangs


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                           death_timeout=LIMIT, silence_logs=logging.ERROR)
    yield cluster
    cluster.close(timeout=LIMIT)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, corpus) -> Path:
    """Three dev articles and one that cannot become an article."""
    folder = tmp_path_factory.mktemp("inputs")
    for name in ARTICLES:
        shutil.copy(corpus / name, folder / name)
    (folder / "empty.html").write_bytes(EMPTY)
    return folder


def store_quads(root: Path) -> set[str]:
    with reading(root) as store:
        return {str(q) for q in store.quads_for_pattern(None, None, None, None)}


def manifest(root: Path) -> set[tuple]:
    with sqlite3.connect(root / MANIFEST) as db:
        return set(db.execute("SELECT name, digest, graph, own FROM sources"))


def test_dask_build_into_a_store_equals_the_local_build(cluster, inputs, tmp_path, capsys):
    dask_store, local_store = tmp_path / "dask", tmp_path / "local"
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(inputs), "--engine", "dask",
                          "--scheduler", cluster.scheduler_address, "--store", str(dask_store)],
                         capture_output=True, text=True, timeout=LIMIT)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert f"kg: error: {inputs / 'empty.html'}: no article text left" in run.stderr
    assert "kg: 3 built, 0 unchanged" in run.stderr and "kg: 1 of 4 inputs failed (1 no text)" in run.stderr

    assert main(["build", str(inputs), "--jobs", "1", "--store", str(local_store)]) == 1
    local_err = capsys.readouterr().err
    quads = store_quads(local_store)
    assert len(quads) > 1000
    assert store_quads(dask_store) == quads
    assert manifest(dask_store) == manifest(local_store)
    # the same summary line per article, in input order
    summaries = [line for line in run.stderr.splitlines() if line.startswith(str(inputs))]
    assert summaries == [line for line in local_err.splitlines() if line.startswith(str(inputs))]
    assert len(summaries) == 3

    # a store the Dask engine filled is a kg store like any other: a local re-run skips its articles
    assert main(["build", str(inputs), "--jobs", "1", "--store", str(dask_store)]) == 1
    assert "kg: 0 built, 3 unchanged" in capsys.readouterr().err
    assert store_quads(dask_store) == quads


def test_dask_run_without_a_scheduler_starts_and_stops_its_own_cluster(inputs, monkeypatch):
    monkeypatch.setattr(engines, "SCATTER", 3000)  # the .html article goes to a worker directly, the rest by task
    sources = [Source(str(p), p.read_bytes()) for p in sorted(inputs.iterdir())]
    before = set(multiprocessing.active_children())
    assert any(len(s.data) > 3000 for s in sources) and any(len(s.data) <= 3000 for s in sources)
    results = list(engines.dask_run(sources, BuildOptions(base=str(ID), engine="dask", timeout=None, max_bytes=None),
                                    connect=LIMIT))
    local = [build_one(s, (str(ID), None, None)) for s in sources]
    assert [type(r) for r in results] == [type(r) for r in local]
    assert [r for r in results if isinstance(r, Built)] == [r for r in local if isinstance(r, Built)]
    [error] = [r for r in results if isinstance(r, InputError)]
    assert str(error).startswith(f"{inputs / 'empty.html'}: no article text left") and error.reason == "no text"
    assert set(multiprocessing.active_children()) <= before  # the workers it started are gone


def test_a_dask_worker_that_dies_costs_only_its_article(shared):
    """Four small articles go to a worker as one task; one of them kills it. The others are built again,
    each in a task of its own, and only the one that kills is lost."""
    import dask
    from dask.distributed import LocalCluster

    good = (shared / "corpus" / "dev-01-xihu-jinshagang.txt").read_bytes()
    sources = [Source("a", good), Source("poison", good + b"x"), Source("b", good + b"y"), Source("c", good + b"z")]
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # no retries of the killing task
        cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                               preload=[str(Path(__file__).with_name("dask_poison.py"))],
                               death_timeout=LIMIT, silence_logs=logging.CRITICAL)
        try:
            results = list(engines.dask_run(sources, BuildOptions(base=str(ID), engine="dask",
                                                                  scheduler=cluster.scheduler_address),
                                            connect=LIMIT))
        finally:
            cluster.close(timeout=LIMIT)
    assert [r.name if isinstance(r, Built) else r.reason for r in results] == ["a", "worker died", "b", "c"]
    assert str(results[1]).startswith("poison: the Dask workers building it died")
    assert results[0] == build_one(sources[0], (str(ID), None, None))


def test_size_limit_applies_on_dask(cluster, inputs):
    sources = [Source(str(p), p.read_bytes()) for p in sorted(inputs.glob("dev-*"))]
    results = list(engines.dask_run(sources, BuildOptions(engine="dask", scheduler=cluster.scheduler_address,
                                                           max_bytes=3000), connect=LIMIT))
    too_large = [r.reason for r in results if isinstance(r, InputError)]
    assert too_large == ["too large"] and sum(isinstance(r, Built) for r in results) == 2


def test_extract_nquads_mapped_with_dask_bag_loads_like_kg_build(cluster, inputs, tmp_path):
    """The documented pattern for other engines: map kg.extract_nquads, load the lines into a store."""
    import dask.bag as db
    import pyoxigraph
    from dask.distributed import Client

    paths = sorted(str(p) for p in inputs.glob("dev-*"))
    with Client(cluster.scheduler_address, timeout=LIMIT) as client:
        bag = db.from_sequence([(Path(p).read_bytes(), p) for p in paths], npartitions=2).starmap(kg.extract_nquads)
        parts = client.compute(bag).result(timeout=LIMIT)
    quads = "".join(parts).encode("utf-8")

    out = tmp_path / "x.nq"
    assert main(["build", *paths, "-o", str(out)]) == 0
    built = set(pyoxigraph.parse(path=str(out), format=pyoxigraph.RdfFormat.N_QUADS))
    assert len(built) > 1000
    assert set(pyoxigraph.parse(quads, format=pyoxigraph.RdfFormat.N_QUADS)) == built
    # and loaded into a store as the README says, like the file (Oxigraph stores derived integer types,
    # such as the offsets' xsd:nonNegativeInteger, as xsd:integer, the same way for both)
    stores = pyoxigraph.Store(), pyoxigraph.Store()
    stores[0].bulk_load(quads, pyoxigraph.RdfFormat.N_QUADS)
    stores[1].bulk_load(path=str(out), format=pyoxigraph.RdfFormat.N_QUADS)
    assert set(stores[0]) == set(stores[1]) and len(stores[0]) == len(built)


def test_missing_dask_is_a_one_line_error(tmp_path, monkeypatch, capsys, inputs):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # what `import` sees when Dask is not installed
    assert main(["build", str(inputs), "--engine", "dask", "--store", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert err == "kg: error: --engine dask needs Dask distributed, which is not installed: pip install 'kg[dask]'\n"
    assert not (tmp_path / "s").exists()


def test_unreachable_scheduler_is_a_one_line_error(inputs):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    source = Source("a.txt", (inputs / ARTICLES[0]).read_bytes())
    with pytest.raises(KgError, match=f"cannot reach the Dask scheduler at {address}: .*is it running"):
        engines.dask_run([source], BuildOptions(engine="dask", scheduler=address), connect=1)
    assert list(engines.dask_run([], BuildOptions(engine="dask", scheduler=address), connect=1)) == []  # nothing to build: not reached


def test_jobs_belongs_to_the_local_engine(capsys, inputs):
    assert main(["build", str(inputs), "--engine", "dask", "--jobs", "2"]) == 2
    assert "--jobs is for --engine local" in capsys.readouterr().err
