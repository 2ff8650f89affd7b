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

Never wrong after a kill or a full disk: every change to Oxigraph is announced first in the manifest's
`pending` table (committed, synced), and a source is listed in `sources` only in the commit that
follows its quads' being flushed to disk. Oxigraph's bulk loader is fast but not atomic, so a store
opened with pending graphs is repaired before anything else: those graphs are dropped with all their
sources (a re-run builds them again), and the register's graph and the union are made again from what
is left. Batches are bulk-loaded in a thread while the next batch is being built (the loader releases
the GIL).

One process writes at a time: a build holds the directory's lock exclusively, readers (`kg query`,
`kg serve`) share it; RocksDB's read-only mode is undefined while another process writes. The lock is
a POSIX record lock, which belongs to the process: it goes when the process ends, however it ends,
and worker processes forked from it do not hold it.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from kg import __version__
from kg.errors import KgError
from kg.records import Built, decoded

STORE = "oxigraph"
MANIFEST = "manifest.sqlite"
LOCK = "lock"
BATCHES = "batches"  # N-Quads files waiting for the bulk loader (gone when it is done)
OWN_FILES = {STORE, MANIFEST, f"{MANIFEST}-wal", f"{MANIFEST}-shm", f"{MANIFEST}-journal", LOCK, BATCHES}
BATCH = 100_000  # quads written at once; a longer article is loaded in several files of this size
LINE_LIMIT = 16 * 1024 * 1024  # bytes: Oxigraph's N-Quads reader refuses longer lines
CHUNK = 4_000_000  # characters of an article's N-Quads taken at a time
SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (name BLOB PRIMARY KEY, digest TEXT NOT NULL, graph TEXT NOT NULL,
                                    own TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sources_graph ON sources (graph);
CREATE TABLE IF NOT EXISTS register (graph TEXT NOT NULL, quad TEXT NOT NULL, PRIMARY KEY (graph, quad));
CREATE INDEX IF NOT EXISTS register_quad ON register (quad);
CREATE TABLE IF NOT EXISTS pending (graph TEXT PRIMARY KEY);
"""


def _sqlite_error():
    import sqlite3

    return sqlite3.Error


def is_store(root: str | Path) -> bool:
    return (Path(root) / MANIFEST).is_file() and (Path(root) / STORE).is_dir()


def oxigraph_path(root: str | Path) -> Path:
    """The Oxigraph store inside a kg store directory; `KgError` if `root` is not one."""
    if not is_store(root):
        raise KgError(f"{root}: not a kg store (no {MANIFEST} and {STORE}/ in it); "
                      f"make one with kg build CORPUS --store {root}")
    return Path(root) / STORE


@contextlib.contextmanager
def locked(root: str | Path, *, write: bool, role: str = "a build") -> Iterator[None]:
    """Hold the store's lock: exclusive to write, shared to read. Refuses at once rather than wait.

    `role` says who holds it exclusively ("a build"), for the message another process gets."""
    path = Path(root) / LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise KgError(f"{root}: cannot open the store's lock file: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.lockf(fd, (fcntl.LOCK_EX if write else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise KgError(f"{root}: cannot lock the store: {exc.strerror or exc}") from None
            raise KgError(f"{root}: the store is in use by another kg process ({_holder(fd, write)}); "
                          f"wait for it to finish or stop it") from None
        if write:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()} {role}\n".encode("utf-8", "replace"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _holder(fd: int, write: bool) -> str:
    """Who holds the lock we could not take: readers share it, a writer says who it is in the file."""
    if write:
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            pass
        else:  # readers only: a shared lock was free to take
            fcntl.lockf(fd, fcntl.LOCK_UN)
            return "a query or server"
    try:
        pid, _, role = os.pread(fd, 200, 0).decode("utf-8", "replace").strip().partition(" ")
    except OSError:
        pid, role = "", ""
    return f"{role or 'a build'}{f', process {pid}' if pid.isdigit() else ''}"


def fingerprint(digest: str, base: str) -> str:
    """What decides whether a source must be rebuilt: its bytes, the kg version and the IRI base."""
    return hashlib.sha256(f"{digest}\x1f{__version__}\x1f{base}".encode()).hexdigest()


def _key(name: str) -> bytes:
    """A source's name as the manifest keys it: its bytes (a file name need not be UTF-8)."""
    return name.encode("utf-8", "surrogateescape")


class Store:
    """A kg store opened for writing. Use as a context manager: it holds the lock and closes cleanly."""

    def __init__(self, root: str | Path, base: str):
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor

        import pyoxigraph

        self.root, self.base = Path(root), base
        if self.root.exists() and not self.root.is_dir():
            raise KgError(f"{root}: exists and is not a directory; give --store a directory")
        with self._writing("create the directory"):
            self.root.mkdir(parents=True, exist_ok=True)
        if not self._ours():
            raise KgError(f"{root}: the directory is not empty and not a kg store; give --store a new or "
                          f"empty directory, or an existing store")
        self._lock = locked(self.root, write=True)
        self._lock.__enter__()  # before looking further: another build may be making this store right now
        self._ox, self._loader, self._loading = pyoxigraph, None, None
        self._failed = False
        try:
            if not self._ours():
                raise KgError(f"{root}: the directory is not empty and not a kg store; give --store a new or "
                              f"empty directory, or an existing store")
            with self._writing("open"):
                self.ox = pyoxigraph.Store(str(self.root / STORE))
                self.db = sqlite3.connect(self.root / MANIFEST, isolation_level=None)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=FULL")  # a commit says what is on disk: it must be too
                self.db.executescript(SCHEMA)
                self._repair()
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        self._loader = ThreadPoolExecutor(1, thread_name_prefix="kg-store")
        self._batch = 0
        self._reset()
        self._present: set[str] = set()  # article graphs written in this run

    def _ours(self) -> bool:
        """Empty, a store, or a store being made (only its own files)."""
        names = {p.name for p in self.root.iterdir()}
        return is_store(self.root) or names <= OWN_FILES

    def _reset(self) -> None:
        # queued by put, written by flush: pending graphs, manifest rows, register rows, N-Quads files
        self._graphs: set[str] = set()
        self._rows: list[tuple] = []
        self._register: list[tuple[str, str]] = []
        self._files: list[Path] = []
        self._texts: list[bytes] = []  # not yet in a file
        self._lines = 0  # in `_texts`
        self._size = 0  # quads queued
        self._union: set[bytes] = set()  # the triples of this batch sent to the default graph

    def _write(self, text: bytes, lines: int) -> None:
        """Queue N-Quads text; every BATCH lines go to a file on disk, so that neither a batch nor one long
        article sits in memory for the loader."""
        self._texts.append(text)
        self._lines += lines
        self._size += lines
        if self._lines >= BATCH:
            self._spill()

    def _spill(self) -> None:
        if not self._texts:
            return
        from kg.atomic import atomic_write

        path = self.root / BATCHES / f"{os.getpid()}-{self._batch}-{len(self._files)}.nq"
        # a scratch file for the loader, deleted once loaded (a killed run's, on open): not synced, as its
        # graphs stay pending until the loader is done
        with self._writing("write"), atomic_write(path, durable=False) as f:
            f.write(b"".join(self._texts))
        self._files.append(path)
        self._texts, self._lines = [], 0

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._lock is None:
            return
        try:
            if not self._failed:
                self.flush()
                self._finish()
        finally:
            self._loader.shutdown(wait=True)
            for path in self._files:
                with contextlib.suppress(OSError):
                    path.unlink()
            with contextlib.suppress(Exception):
                self.db.close()
            del self.ox
            self._lock.__exit__(None, None, None)
            self._lock = None

    # -------------------------------------------------------------------- what is in it

    def names(self) -> set[str]:
        return {bytes(name).decode("utf-8", "surrogateescape") for (name,) in self.db.execute("SELECT name FROM sources")}

    def unchanged(self, name: str, digest: str) -> bool:
        row = self.db.execute("SELECT digest FROM sources WHERE name = ?", (_key(name),)).fetchone()
        return row is not None and row[0] == fingerprint(digest, self.base)

    def counts(self) -> tuple[int, int, int]:
        """Sources, article graphs, triples (distinct, in the union)."""
        self.flush()
        self._finish()
        sources, graphs = self.db.execute("SELECT count(*), count(DISTINCT graph) FROM sources").fetchone()
        [row] = self.ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # the default graph: the union
        return sources, graphs, int(row["n"].value)

    # -------------------------------------------------------------------- changes

    def put(self, built: Built) -> None:
        """Add or replace one source's article. Writes are batched: see `flush`."""
        key = _key(built.name)
        if self.db.execute("SELECT 1 FROM sources WHERE name = ?", (key,)).fetchone():
            self.remove(built.name)
        shared = built.graph in self._present or \
            self.db.execute("SELECT 1 FROM sources WHERE graph = ? LIMIT 1", (built.graph,)).fetchone()
        self._graphs.add(built.graph)
        self._rows.append((key, fingerprint(built.digest, self.base), built.graph, decoded(built.own)))
        if shared:
            self._queue(built.own)
        else:
            self._present.add(built.graph)
            self._register += [(built.graph, q) for q in decoded(built.register).split("\n") if q]
            for text in (built.quads, built.own, built.register):
                self._queue(text)
        if self._size >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Send what `put` queued to Oxigraph, in a thread: announce its graphs as pending, bulk-load
        its files (several times faster than a transaction per article, and not atomic), and once they
        are on disk list its sources (`_finish`). The previous batch is finished first."""
        if not self._rows:
            return
        self._finish()
        self._spill()
        graphs, rows, register, files = self._graphs, self._rows, self._register, self._files
        self._reset()
        self._batch += 1
        with self._writing("write"), self._transaction():
            self.db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(g,) for g in sorted(graphs)])
        self._loading = (self._loader.submit(self._bulk_load, files), graphs, rows, register)

    def _bulk_load(self, files: list[Path]) -> None:
        for path in files:
            self.ox.bulk_load(path=str(path), format=self._ox.RdfFormat.N_QUADS, lenient=True)
            path.unlink()
        self.ox.flush()

    def _finish(self) -> None:
        """Wait for the batch in flight; once its quads are on disk, list its sources."""
        if self._loading is None:
            return
        future, graphs, rows, register = self._loading
        self._loading = None
        with self._writing("write"):
            try:
                future.result()
            except BaseException:
                self._failed = True
                raise
            with self._transaction():
                self.db.executemany("INSERT INTO sources VALUES (?, ?, ?, ?)", rows)
                self.db.executemany("INSERT OR IGNORE INTO register VALUES (?, ?)", register)
                self.db.executemany("DELETE FROM pending WHERE graph = ?", [(g,) for g in graphs])

    def remove(self, name: str) -> bool:
        """Take one source out; its article graph goes with its last source. False if it was not there."""
        from kg.rdf import oxigraph_quads

        key = _key(name)
        row = self.db.execute("SELECT graph, own FROM sources WHERE name = ?", (key,)).fetchone()
        if row is None:
            return False
        self.flush()  # what is read below must be written
        self._finish()
        graph, own = row
        others = self.db.execute("SELECT own FROM sources WHERE graph = ? AND name != ?", (graph, key)).fetchall()
        with self._writing("write"):
            with self._transaction():
                self.db.execute("INSERT OR IGNORE INTO pending VALUES (?)", (graph,))
            if others:
                self._unload(oxigraph_quads(own))
                # what this copy shared with the others (the encoding)
                self.ox.extend(self._with_union(oxigraph_quads("".join(o for (o,) in others))))
            else:
                node = self._ox.NamedNode(graph)
                quads = list(self.ox.quads_for_pattern(None, None, None, node))
                needed = [q for (q,) in self.db.execute("SELECT quad FROM register WHERE graph = ?", (graph,))]
                orphans = [q for q in needed if self.db.execute(
                    "SELECT 1 FROM register WHERE quad = ? AND graph != ? LIMIT 1", (q, graph)).fetchone() is None]
                self._unload(quads + oxigraph_quads("\n".join(orphans)))
                self._present.discard(graph)
            self.ox.flush()
            with self._transaction():
                if not others:
                    self.db.execute("DELETE FROM register WHERE graph = ?", (graph,))
                self.db.execute("DELETE FROM sources WHERE name = ?", (key,))
                self.db.execute("DELETE FROM pending WHERE graph = ?", (graph,))
        return True

    def prune(self, keep: set[str]) -> list[str]:
        """Remove every source not in `keep`; returns their names, sorted."""
        gone = sorted(self.names() - keep)
        for name in gone:
            self.remove(name)
        return gone

    # -------------------------------------------------------------------- repair

    def _repair(self) -> None:
        """After a kill or a failed write: drop the pending graphs and their sources, and make the
        register's graph and the union again from what is left."""
        from kg.rdf import oxigraph_quads

        if (self.root / BATCHES).is_dir():  # a killed run's files: what they held is pending
            for path in (self.root / BATCHES).iterdir():
                path.unlink()

        pending = [g for (g,) in self.db.execute("SELECT graph FROM pending")]
        if not pending:
            return
        ox = self._ox
        for graph in pending:
            self.ox.remove_graph(ox.NamedNode(graph))
        registers = {q[q.rindex(" <") + 2:q.rindex(">")] for (q,) in self.db.execute("SELECT DISTINCT quad FROM register")}
        for graph in registers:
            self.ox.remove_graph(ox.NamedNode(graph))
        rows = [q for (q,) in self.db.execute(
            "SELECT DISTINCT quad FROM register WHERE graph NOT IN (SELECT graph FROM pending) ORDER BY quad")]
        for start in range(0, len(rows), BATCH):
            self.ox.extend(oxigraph_quads("\n".join(rows[start:start + BATCH])))
        self.ox.clear_graph(ox.DefaultGraph())
        default = ox.DefaultGraph()
        self.ox.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default)
                            for q in self.ox.quads_for_pattern(None, None, None, None)
                            if q.graph_name != default)
        self.ox.flush()
        with self._transaction():
            self.db.execute("DELETE FROM sources WHERE graph IN (SELECT graph FROM pending)")
            self.db.execute("DELETE FROM register WHERE graph IN (SELECT graph FROM pending)")
            self.db.execute("DELETE FROM pending")

    # -------------------------------------------------------------------- helpers

    @contextlib.contextmanager
    def _writing(self, what: str) -> Iterator[None]:
        """A full disk, a read-only or vanished directory: one line naming the store, not a traceback.
        What was being written stays pending, and the next run repairs it."""
        from kg.atomic import WriteError

        try:
            yield
            return
        except WriteError as exc:  # a scratch file kg.atomic could not write: said as the store's
            reason = exc.strerror
        except KgError:
            self._failed = True  # what was announced stays pending, for the next run to repair
            raise
        except (OSError, RuntimeError, _sqlite_error()) as exc:
            reason = getattr(exc, "strerror", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
            if "IO error" in reason:  # RocksDB's: the cause is said last ("…: No space left on device")
                reason = reason.rsplit(": ", 1)[-1]
        self._failed = True
        raise KgError(f"{self.root}: cannot {what} the store: {reason} (check that the disk has room "
                      f"and the directory can be written; a re-run repairs the store and goes on)") from None

    @contextlib.contextmanager
    def _transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(_sqlite_error()):
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _queue(self, quads: bytes) -> None:
        """Queue N-Quads for their graphs, and for the default graph (the union) their triples, each once
        a batch (a triple many articles share, such as a unit's label, is written once, not once each).
        A long article's text is taken a piece at a time, so that no second copy of it is made."""
        start = 0
        while start < len(quads):
            end = quads.find(b"\n", start + CHUNK)
            end = len(quads) if end < 0 else end + 1
            chunk = quads[start:end]
            start = end
            lines = chunk[:-1].split(b"\n")
            if max(map(len, lines)) > LINE_LIMIT - 2:
                self._load_long(lines)
                continue
            if b"\xed" in chunk:  # maybe a lone surrogate, which the loader refuses: "?", as the files have it
                chunk = decoded(chunk).encode("utf-8", "replace")
                lines = chunk[:-1].split(b"\n")
            seen = self._union
            union = [t for t in (line[:line.rindex(b" <")] for line in lines) if t not in seen and not seen.add(t)]
            self._write(chunk, len(lines))
            if union:
                self._write(b" .\n".join(union) + b" .\n", len(union))

    def _load_long(self, lines: list[bytes]) -> None:
        """Lines over Oxigraph's limit (a long article's text) are parsed by kg's reader, and written with
        the batch; the others go through the bulk loader as usual."""
        from kg.rdf import oxigraph_quads

        short = [line for line in lines if line and len(line) <= LINE_LIMIT - 2]
        long = [line for line in lines if line and len(line) > LINE_LIMIT - 2]
        if short:
            self._queue(b"\n".join(short) + b"\n")
        quads = oxigraph_quads(decoded(b"\n".join(long)))
        self._graphs.update(q.graph_name.value for q in quads)
        with self._writing("write"):
            with self._transaction():
                self.db.executemany("INSERT OR IGNORE INTO pending VALUES (?)",
                                    [(q.graph_name.value,) for q in quads])
            self.ox.extend(self._with_union(quads))

    def _with_union(self, quads: list) -> list:
        default = self._ox.DefaultGraph()
        return quads + [self._ox.Quad(q.subject, q.predicate, q.object, default) for q in quads]

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
