"""The corpus store: an on-disk Oxigraph (RocksDB) store, one named graph per article, kept incremental.

A store directory holds `oxigraph/`, the store itself (what `oxigraph serve --location` and other
Oxigraph tools open), and `manifest.sqlite`, which says for every source (a file, a JSON Lines record)
the digest of its bytes and the article graph it became. A re-run skips unchanged sources, replaces
the graph of a changed one, and with `prune` removes those no longer in the corpus.

Two copies of one text are one article graph with two sources: the text's triples are written once,
each copy adds its own (`Built.own`); the graph goes when its last source does. The register's
graph holds what the division register says about the units of every article; the manifest counts
which articles need each of its triples, so removing an article removes exactly what only it needed.
A store is then always the graph a fresh build of the same corpus would give.

The default graph holds the union of all the named graphs, as a set: Oxigraph's own union view
repeats a triple once per graph that has it, which would count an entity named in ten articles ten
times. Queries and `oxigraph serve` see the union in the default graph, and a graph's provenance
with `GRAPH ?g`.

One process writes at a time: a build takes the directory's lock exclusively, readers (`kg query`,
`kg serve`) share it; RocksDB's read-only mode is undefined while another process writes.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from kg import __version__
from kg.errors import KgError
from kg.rdf import oxigraph_quads
from kg.records import Built

STORE = "oxigraph"
MANIFEST = "manifest.sqlite"
BATCH = 100_000  # quads written at once
LONG_LINE = 5_000_000  # characters of N-Quads that may hold a line over Oxigraph's 16 MB limit
LOCK = "lock"
SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (name TEXT PRIMARY KEY, digest TEXT NOT NULL, graph TEXT NOT NULL,
                                    own TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sources_graph ON sources (graph);
CREATE TABLE IF NOT EXISTS register (graph TEXT NOT NULL, quad TEXT NOT NULL, PRIMARY KEY (graph, quad));
CREATE INDEX IF NOT EXISTS register_quad ON register (quad);
"""


def is_store(root: str | Path) -> bool:
    return (Path(root) / MANIFEST).is_file() and (Path(root) / STORE).is_dir()


def oxigraph_path(root: str | Path) -> Path:
    """The Oxigraph store inside a kg store directory; `KgError` if `root` is not one."""
    if not is_store(root):
        raise KgError(f"{root}: not a kg store (no {MANIFEST} and {STORE}/ in it); "
                      f"make one with kg build CORPUS --store {root}")
    return Path(root) / STORE


@contextlib.contextmanager
def locked(root: str | Path, *, write: bool) -> Iterator[None]:
    """Hold the store's lock: exclusive to write, shared to read. Refuses at once rather than wait."""
    path = Path(root) / LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise KgError(f"{root}: cannot open the store's lock file: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if write else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KgError(f"{root}: the store is in use by another kg process "
                          f"({'a query or server' if write else 'a build'}); wait for it to finish or stop it"
                          ) from None
        yield
    finally:
        os.close(fd)


def fingerprint(digest: str, base: str) -> str:
    """What decides whether a source must be rebuilt: its bytes, the kg version and the IRI base."""
    return hashlib.sha256(f"{digest}\x1f{__version__}\x1f{base}".encode()).hexdigest()


class Store:
    """A kg store opened for writing. Use as a context manager: it holds the lock and closes cleanly."""

    def __init__(self, root: str | Path, base: str):
        import pyoxigraph

        self.root, self.base = Path(root), base
        if self.root.exists() and not self.root.is_dir():
            raise KgError(f"{root}: exists and is not a directory; give --store a directory")
        if self.root.is_dir() and any(self.root.iterdir()) and not is_store(self.root):
            raise KgError(f"{root}: the directory is not empty and not a kg store; give --store a new or "
                          f"empty directory, or an existing store")
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = locked(self.root, write=True)
        self._lock.__enter__()
        try:
            self.ox = pyoxigraph.Store(str(self.root / STORE))
            self.db = sqlite3.connect(self.root / MANIFEST, isolation_level=None)
            # WAL without a sync per commit: a crash of the process loses nothing; a power cut may
            # lose the last commits, which the next run then rebuilds
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except Exception:
            self._lock.__exit__(None, None, None)
            raise
        self._ox = pyoxigraph
        # queued by put, written by flush: manifest rows, their digests, register rows, N-Quads text
        self._rows, self._done, self._register, self._texts = [], [], [], []
        self._graphs: set[str] = set()  # article graphs queued
        self._size = 0  # quads queued

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._lock is None:
            return
        self.flush()
        self.ox.flush()
        self.db.close()
        del self.ox
        self._lock.__exit__(None, None, None)
        self._lock = None

    # -------------------------------------------------------------------- what is in it

    def names(self) -> set[str]:
        return {name for (name,) in self.db.execute("SELECT name FROM sources")}

    def unchanged(self, name: str, digest: str) -> bool:
        row = self.db.execute("SELECT digest FROM sources WHERE name = ?", (name,)).fetchone()
        return row is not None and row[0] == fingerprint(digest, self.base)

    def counts(self) -> tuple[int, int, int]:
        """Sources, article graphs, triples (distinct, in the union)."""
        self.flush()
        sources, graphs = self.db.execute("SELECT count(*), count(DISTINCT graph) FROM sources").fetchone()
        [row] = self.ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # the default graph: the union
        return sources, graphs, int(row["n"].value)

    # -------------------------------------------------------------------- changes

    def put(self, built: Built) -> None:
        """Add or replace one source's article. Writes are batched: see `flush`."""
        if self.db.execute("SELECT 1 FROM sources WHERE name = ?", (built.name,)).fetchone():
            self.remove(built.name)
        shared = built.graph in self._graphs or \
            self.db.execute("SELECT 1 FROM sources WHERE graph = ? LIMIT 1", (built.graph,)).fetchone()
        self._rows.append((built.name, built.graph, built.own))
        self._done.append((fingerprint(built.digest, self.base), built.name))
        if shared:
            self._load(built.own)
        else:
            self._graphs.add(built.graph)
            self._register += [(built.graph, q) for q in built.register.split("\n") if q]
            self._load(built.quads + built.own + built.register)
        if self._size >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write what `put` queued: the manifest rows first, marked unfinished (no digest), then the quads in
        one go by Oxigraph's bulk loader (several times faster than a transaction per article, and not
        atomic), then the digests. An interrupted run leaves unfinished rows, which the next run rebuilds."""
        if self._rows:
            with self._transaction():
                self.db.executemany("INSERT INTO sources VALUES (?, '', ?, ?)", self._rows)
                self.db.executemany("INSERT OR IGNORE INTO register VALUES (?, ?)", self._register)
        if self._texts:
            self.ox.bulk_load("".join(self._texts).encode("utf-8"), self._ox.RdfFormat.N_QUADS, lenient=True)
        if self._done:
            with self._transaction():
                self.db.executemany("UPDATE sources SET digest = ? WHERE name = ?", self._done)
        self._rows, self._done, self._register, self._texts, self._graphs, self._size = [], [], [], [], set(), 0

    def remove(self, name: str) -> bool:
        """Take one source out; its article graph goes with its last source. False if it was not there."""
        row = self.db.execute("SELECT graph, own FROM sources WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        self.flush()  # what is read below must be written
        graph, own = row
        others = self.db.execute("SELECT own FROM sources WHERE graph = ? AND name != ?", (graph, name)).fetchall()
        with self._transaction():
            self.db.execute("UPDATE sources SET digest = '' WHERE name = ?", (name,))
        if others:
            self._unload(oxigraph_quads(own))
            self._load("".join(o for (o,) in others))  # what this copy shared with the others (the encoding)
        else:
            node = self._ox.NamedNode(graph)
            quads = list(self.ox.quads_for_pattern(None, None, None, node))
            needed = [q for (q,) in self.db.execute("SELECT quad FROM register WHERE graph = ?", (graph,))]
            with self._transaction():
                self.db.execute("DELETE FROM register WHERE graph = ?", (graph,))
            orphans = [q for q in needed
                       if self.db.execute("SELECT 1 FROM register WHERE quad = ? LIMIT 1", (q,)).fetchone() is None]
            self._unload(quads + oxigraph_quads("\n".join(orphans)))
        self.db.execute("DELETE FROM sources WHERE name = ?", (name,))
        self.flush()
        return True

    def prune(self, keep: set[str]) -> list[str]:
        """Remove every source not in `keep`; returns their names, sorted."""
        gone = sorted(self.names() - keep)
        for name in gone:
            self.remove(name)
        return gone

    @contextlib.contextmanager
    def _transaction(self):
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _load(self, quads: str) -> None:
        """Queue N-Quads for their graphs, and their triples for the default graph, the union."""
        union = "".join(line[:line.rindex(" <")] + " .\n" for line in quads.split("\n") if line)
        if len(quads) < LONG_LINE:
            self._texts += (quads, union)
            self._size += quads.count("\n")
            return
        # Oxigraph's parser refuses lines over 16 MB (a long article's text): kg's own reader takes it
        parsed = oxigraph_quads(quads)
        default = self._ox.DefaultGraph()
        self.ox.extend(parsed + [self._ox.Quad(q.subject, q.predicate, q.object, default) for q in parsed])

    def _unload(self, quads: list) -> None:
        """Remove quads, and their triples from the union when no named graph has them any more."""
        default = self._ox.DefaultGraph()
        for q in quads:
            self.ox.remove(q)
        for q in quads:
            holders = self.ox.quads_for_pattern(q.subject, q.predicate, q.object, None)
            if not any(h.graph_name != default for h in holders):
                self.ox.remove(self._ox.Quad(q.subject, q.predicate, q.object, default))


@contextlib.contextmanager
def reading(root: str | Path) -> Iterator[object]:
    """The Oxigraph store of a kg store directory, opened read-only under the shared lock."""
    import pyoxigraph

    path = oxigraph_path(root)
    with locked(root, write=False):
        try:
            store = pyoxigraph.Store.read_only(str(path))
        except OSError as exc:
            raise KgError(f"{root}: cannot open the store: {exc}") from None
        yield store
