"""The on-disk store: incremental builds (skip, replace, prune) that always equal a fresh build, and queries."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.querying import Limits, run_store
from kg.store import Store, locked, oxigraph_path

KG_CMD = [sys.executable, "-m", "kg"]
ARTICLES = ("dev-01-xihu-jinshagang.txt", "dev-02-wuhou-zongnan.txt", "dev-05-gulou-rehelu.txt")


def kg(*args, cwd=None):
    return subprocess.run(KG_CMD + [str(a) for a in args], capture_output=True, text=True, timeout=600, cwd=cwd)


def dump(root: Path) -> set[str]:
    """Every quad in the store, named graphs and the default graph (the union), as N-Quads lines."""
    with locked(root, write=False):
        store = ox.Store.read_only(str(oxigraph_path(root)))
        data = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return set(data.splitlines())


@pytest.fixture
def corpus(tmp_path, shared):
    root = tmp_path / "news"
    root.mkdir()
    for name in ARTICLES:
        shutil.copy(shared / "corpus" / name, root / name)
    return root


def fresh(tmp_path: Path, corpus: Path) -> set[str]:
    """What a build of the corpus as it is now gives in a new store."""
    store = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    assert kg("build", corpus, "--store", store, "--jobs", "1").returncode == 0
    return dump(store)


def test_a_rerun_skips_unchanged_articles(corpus, tmp_path):
    store = tmp_path / "store"
    first = kg("build", corpus, "--store", store)
    assert first.returncode == 0, first.stderr
    assert "kg: 3 built, 0 unchanged" in first.stderr
    before = dump(store)
    again = kg("build", corpus, "--store", store)
    assert again.returncode == 0
    assert "kg: 0 built, 3 unchanged" in again.stderr
    assert dump(store) == before


def test_a_changed_article_replaces_its_graph_and_the_store_equals_a_fresh_build(corpus, tmp_path):
    store = tmp_path / "store"
    kg("build", corpus, "--store", store)
    changed = corpus / ARTICLES[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("西湖街道", "北山街道"), encoding="utf-8")
    done = kg("build", corpus, "--store", store)
    assert "kg: 1 built, 2 unchanged" in done.stderr
    assert dump(store) == fresh(tmp_path, corpus)


def test_prune_removes_vanished_articles_and_what_only_they_needed(corpus, tmp_path):
    store = tmp_path / "store"
    kg("build", corpus, "--store", store)
    (corpus / ARTICLES[2]).unlink()  # the only article in Nanjing: its register chain must go too
    kept = kg("build", corpus, "--store", store)
    assert "kg: 0 built, 2 unchanged" in kept.stderr
    assert any("320106" in q for q in dump(store))  # without --prune nothing is removed
    pruned = kg("build", corpus, "--store", store, "--prune")
    assert "kg: 0 built, 2 unchanged, 1 removed" in pruned.stderr
    now = dump(store)
    assert not any("320106" in q for q in now)
    assert now == fresh(tmp_path, corpus)


def test_two_copies_of_one_text_are_one_article_until_the_last_goes(corpus, tmp_path):
    store = tmp_path / "store"
    copy = corpus / "copy.txt"
    shutil.copy(corpus / ARTICLES[0], copy)
    kg("build", corpus, "--store", store)
    assert dump(store) == fresh(tmp_path, corpus)
    sources = [q for q in dump(store) if "#sourceFile>" in q and q.endswith("> .")  # in a named graph
               and ("copy.txt" in q or ARTICLES[0] in q)]
    assert len(sources) == 2 and len({q.rsplit(" ", 2)[1] for q in sources}) == 1  # one graph, two sources
    copy.unlink()
    kg("build", corpus, "--store", store, "--prune")
    assert dump(store) == fresh(tmp_path, corpus)
    (corpus / ARTICLES[0]).unlink()
    kg("build", corpus, "--store", store, "--prune")
    assert dump(store) == fresh(tmp_path, corpus)


def test_the_default_graph_is_the_union_with_each_triple_once(corpus, tmp_path):
    store = tmp_path / "store"
    shutil.copy(corpus / ARTICLES[0], corpus / "again.txt")  # the same units typed in two graphs
    kg("build", corpus, "--store", store)
    limits = Limits()
    answer = run_store(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:District }", limits=limits)
    distinct = run_store(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a kg:District }", limits=limits)
    assert int(answer.rows[0][0]) == int(distinct.rows[0][0]) >= 3


# Runs `kg build` with SIGKILL at the Nth time it reaches a point of the store's writing, one batch per
# article: after a batch's graphs are marked pending (before the bulk load), halfway through a bulk load,
# after the load is on disk (before its sources are listed), and in a replacement's removal.
KILLED = """
import os, signal, sys
import kg.store as st
from kg.cli import main

point, nth = sys.argv[1], int(sys.argv[2])
st.BATCH = 1
seen = {}

def hit(name):
    seen[name] = seen.get(name, 0) + 1
    if name == point and seen[name] == nth:
        os.kill(os.getpid(), signal.SIGKILL)

load, unload = st.Store._bulk_load, st.Store._unload

def _bulk_load(self, files):
    hit("before-load")
    if point == "mid-load" and seen.get("before-load") == nth:
        lines = files[0].read_bytes().split(b"\\n")
        self.ox.bulk_load(b"\\n".join(lines[: len(lines) // 2]) + b"\\n", self._ox.RdfFormat.N_QUADS)
        self.ox.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    load(self, files)
    hit("after-load")

def _unload(self, quads):
    hit("before-unload")
    unload(self, quads)
    hit("after-unload")

st.Store._bulk_load, st.Store._unload = _bulk_load, _unload
sys.exit(main(sys.argv[3:]))
"""
BUNDLED = ("hierarchy", "initiatives", "statistics", "studios")


def answers(store: Path) -> dict[str, list]:
    from kg.querying import bundled_query

    return {q: run_store(store, bundled_query(q), limits=Limits(max_rows=None)).rows for q in BUNDLED}


def _killable_corpus(root: Path, shared: Path, changed: bool) -> Path:
    """Two articles and a second source of the first's text (a graph two manifest rows share); `changed`:
    the second article's text changed since."""
    root.mkdir()
    for name in ARTICLES[:2]:
        shutil.copy(shared / "corpus" / name, root / name)
    shutil.copy(root / ARTICLES[0], root / "copy.txt")
    if changed:
        (root / ARTICLES[1]).write_bytes((root / ARTICLES[1]).read_bytes() + "\n另有一段。".encode("utf-8"))
    return root


@pytest.fixture(scope="module")
def clean_builds(tmp_path_factory, shared):
    """The stores a clean build of each corpus gives, and their answers to the bundled queries."""
    out = {}
    for changed in (False, True):
        root = tmp_path_factory.mktemp("clean")
        _killable_corpus(root / "news", shared, changed)
        assert kg("build", "news", "--store", "store", "--jobs", "1", cwd=root).returncode == 0
        out[changed] = (dump(root / "store"), answers(root / "store"))
    return out


@pytest.mark.parametrize("point, nth", [("before-load", 1), ("before-load", 2), ("mid-load", 1), ("mid-load", 3),
                                        ("after-load", 1), ("after-load", 2), ("before-unload", 1),
                                        ("after-unload", 1)])
def test_a_build_killed_anywhere_leaves_a_store_that_the_next_run_makes_right(tmp_path, shared, clean_builds,
                                                                             point, nth):
    """Killed at many points, first in a new store and then in one that replaces a changed article: the
    next run gives the clean build's store, and the same answers to every bundled query."""
    replacing = "unload" in point
    corpus = _killable_corpus(tmp_path / "news", shared, changed=False)
    store = tmp_path / "store"
    if replacing:  # the store is complete, then an article changes
        assert kg("build", "news", "--store", "store", "--jobs", "1", cwd=tmp_path).returncode == 0
        (corpus / ARTICLES[1]).write_bytes((corpus / ARTICLES[1]).read_bytes() + "\n另有一段。".encode("utf-8"))
    killed = subprocess.run([sys.executable, "-c", KILLED, point, str(nth), "build", "news", "--store", "store",
                             "--jobs", "1", "--quiet"], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert killed.returncode == -9, (killed.returncode, killed.stderr)
    again = kg("build", "news", "--store", "store", "--jobs", "1", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    quads, said = clean_builds[replacing]
    assert dump(store) == quads
    assert answers(store) == said
    assert "0 built, 3 unchanged" in kg("build", "news", "--store", "store", cwd=tmp_path).stderr  # stays right


# ----------------------------------------------------------------------------- kills, locks, names, full disks


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_bytes().decode("utf-8", "replace").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_with_a_killed_build_and_leave_the_store_usable(corpus, tmp_path):
    import signal
    import time

    for n in range(12):  # enough work for the workers to be busy when the build is killed
        (corpus / f"more-{n}.txt").write_bytes((corpus / ARTICLES[n % 3]).read_bytes() + f"\r\n{n}\r\n".encode())
    store = tmp_path / "store"
    build = subprocess.Popen(KG_CMD + ["build", str(corpus), "--store", str(store), "--jobs", "2", "--quiet"],
                             stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [c for c in _children(build.pid) if _alive(c)]
        time.sleep(0.05)
    assert len(workers) >= 2, "the build started no worker processes"
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "worker processes outlived the build"
    again = kg("build", corpus, "--store", store, "--jobs", "2")
    assert again.returncode == 0 and "in use" not in again.stderr, again.stderr


def test_a_build_blocked_by_another_build_is_told_who_holds_the_store(corpus, tmp_path):
    import os

    store = tmp_path / "store"
    with Store(store, "https://w3id.org/zhgov-kg/id/"):
        busy = kg("build", corpus, "--store", store)
    assert busy.returncode == 2
    assert f"in use by another kg process (a build, process {os.getpid()})" in busy.stderr, busy.stderr
    with locked(store, write=False):
        read = kg("build", corpus, "--store", store)
    assert "in use by another kg process (a query or server)" in read.stderr


def test_two_builds_making_one_new_store_race_to_in_use_not_to_not_a_store(corpus, tmp_path):
    """The first has made the directory and taken its lock, but not yet its manifest."""
    store = tmp_path / "new"
    store.mkdir()
    with locked(store, write=True):
        (store / "oxigraph").mkdir()
        second = kg("build", corpus, "--store", store)
    assert second.returncode == 2 and "in use by another kg process (a build" in second.stderr, second.stderr
    assert "not a kg store" not in second.stderr


def test_file_names_that_are_not_utf8_go_into_a_store_and_a_file(corpus, tmp_path):
    import os

    odd = os.path.join(os.fsencode(corpus), b"caf\xe9-\xff.txt")
    with open(odd, "wb") as f:
        f.write((corpus / ARTICLES[0]).read_bytes() + "\n另一篇。".encode())
    store = tmp_path / "store"
    done = kg("build", corpus, "--store", store)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "4 built" in done.stderr
    assert "0 built, 4 unchanged" in kg("build", corpus, "--store", store).stderr
    for fmt in ("nt", "nquads", "turtle"):
        out = tmp_path / f"all.{fmt}"
        written = kg("build", corpus, "-o", out, "--format", fmt)
        assert written.returncode == 0 and out.stat().st_size > 10_000, written.stderr
        assert "caf\ufffd-\ufffd.txt" in out.read_text(encoding="utf-8")  # the name, valid Unicode in RDF
    names = run_store(store, "SELECT ?n WHERE { ?a kg:sourceFile ?n }", limits=Limits())
    assert sum("caf\ufffd-\ufffd.txt" in str(row[0]) for row in names.rows) == 1


FULL_DISK = """
import resource, signal, sys
from kg.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("limit", [20_000, 100_000])
def test_a_store_that_cannot_be_written_says_so_in_one_line_and_the_next_run_repairs_it(corpus, tmp_path, limit):
    store = tmp_path / "store"
    full = subprocess.run([sys.executable, "-c", FULL_DISK, str(limit), "build", str(corpus), "--store", str(store),
                           "--jobs", "1"], capture_output=True, text=True, timeout=600)
    assert full.returncode == 2 and "Traceback" not in full.stderr, full.stderr
    [line] = [ln for ln in full.stderr.splitlines() if ln.startswith("kg: error:")]
    assert str(store) in line and "cannot" in line and ("File too large" in line or "disk I/O error" in line), line
    again = kg("build", corpus, "--store", store, "--jobs", "1")
    assert again.returncode == 0, again.stderr
    clean = tmp_path / "clean"
    kg("build", corpus, "--store", clean, "--jobs", "1")
    assert dump(store) == dump(clean)


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("size", ["300k", "700k", "1200k"])
def test_a_full_disk_says_so_in_one_line_and_the_next_run_with_room_repairs_the_store(tmp_path, shared, size):
    """A real full disk: a small tmpfs (root can mount one; elsewhere this test says why it cannot run)."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, size):
        pytest.skip("mounting a tmpfs needs root (the RLIMIT_FSIZE test above covers the same code)")
    try:
        corpus = shared / "corpus"
        store = disk / "store"
        full = kg("build", corpus, "--store", store, "--jobs", "1", "--quiet")
        assert full.returncode == 2 and "Traceback" not in full.stderr, full.stderr
        [line] = full.stderr.splitlines()
        assert line.startswith(f"kg: error: {store}: cannot ") and ("No space left on device" in line
                                                                     or "disk is full" in line), line
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        again = kg("build", corpus, "--store", store, "--jobs", "1")
        assert again.returncode == 0, again.stderr
        clean = tmp_path / "clean"
        kg("build", corpus, "--store", clean, "--jobs", "1")
        assert dump(store) == dump(clean)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
