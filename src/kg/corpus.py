"""Corpora: many articles through stages 1 to 8 in worker processes, results in input order.

Each article is a pure function of its bytes and name (`pipeline.build_source`), so the results do not
depend on how many processes ran them, and `--jobs 2` writes the same bytes as `--jobs 1`. Sources
stream through a bounded window, so a corpus never has to fit in memory. A worker that dies (the
kernel's out-of-memory killer) costs only the article it was building: the window is re-run one
article at a time in a fresh process, which finds the one that kills it.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Namespace

from kg.errors import InputError
from kg.exporting import write
from kg.namespace import ID
from kg.pipeline import TIMEOUT, add_built, build_source, new_dataset, warm_up
from kg.reading import MAX_BYTES, count_articles, expand, iter_sources
from kg.records import Built, Source

WINDOW = 4  # articles in flight per worker: enough to keep each busy, few enough to bound memory


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def run(sources: Iterable[Source], *, jobs: int = 1, base: Namespace = ID, timeout: float | None = TIMEOUT,
        max_bytes: int | None = MAX_BYTES) -> Iterator[Built | InputError]:
    """Build every source, yielding its `Built` or its `InputError` in input order."""
    settings = (str(base), timeout, max_bytes)
    if timeout or jobs > 1:
        warm_up()  # outside the time limit, and before forking: workers inherit jieba and the register, loaded
    if jobs <= 1:
        for source in sources:
            yield _build(source, settings)
        return
    yield from _parallel(iter(sources), jobs, settings)


def _build(source: Source, settings) -> Built | InputError:
    base, timeout, max_bytes = settings
    try:
        return build_source(source, Namespace(base), timeout, max_bytes)[1]
    except InputError as err:
        return err


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group; the parent stops the run, workers must not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool(jobs: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init)


def _parallel(sources: Iterator[Source], jobs: int, settings) -> Iterator[Built | InputError]:
    pool = _pool(jobs)
    window: deque = deque()
    try:
        while True:
            while len(window) < jobs * WINDOW and (source := next(sources, None)) is not None:
                window.append((source, pool.submit(_build, source, settings)))
            if not window:
                return
            source, future = window.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                pool.shutdown(cancel_futures=True)
                yield from _one_by_one([source] + [s for s, _ in window], settings)
                window.clear()
                pool = _pool(jobs)
    finally:
        pool.shutdown(cancel_futures=True)


def _one_by_one(sources: list[Source], settings) -> Iterator[Built | InputError]:
    """After a worker died: each article alone in a fresh process, to find the one that kills it."""
    for source in sources:
        with _pool(1) as pool:
            try:
                yield pool.submit(_build, source, settings).result()
            except BrokenProcessPool:
                yield InputError(f"{source.name}: the worker process building it died (out of memory?); "
                                 f"try it alone with --jobs 1, or a lower --max-bytes", "worker died")


@dataclass
class Report:
    """What a corpus build did, for the run's summary."""

    built: int = 0  # articles built (their graphs went to the sink, not kept here)
    failures: list[InputError] = field(default_factory=list)
    unchanged: int = 0
    pruned: list[str] = field(default_factory=list)
    written: str = ""  # the file written, or the store's counts

    def reasons(self) -> str:
        """'2 binary, 1 too large': failures grouped by reason, commonest first."""
        counts = Counter(err.reason for err in self.failures)
        return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def build_corpus(inputs: list[str] | list[Source], *, output: Path | None = None, fmt: str = "turtle",
                 store: Path | None = None, prune: bool = False, base: Namespace = ID, jobs: int = 1,
                 engine: str = "local", scheduler: str | None = None, timeout: float | None = TIMEOUT,
                 max_bytes: int | None = MAX_BYTES, log=None, warn=None, progress: bool = False) -> Report:
    """Build inputs (paths, globs, JSON Lines files, "-"; or `Source`s) into a file or a store.

    `log(line)` receives each article's summary line, `warn(error)` each failure; `progress` shows a
    bar on stderr instead (errors go above it). Raises `KgError` for a usage error (a missing path, a
    store in use); failures of single articles are in the report, never raised.
    """
    from kg.store import Store

    report = Report()
    log, warn = log or (lambda line: None), warn or (lambda err: None)
    if inputs and not isinstance(inputs[0], Source):
        files = expand(inputs)
        total, sources = count_articles(files), iter_sources(files, max_bytes=max_bytes)
    else:
        total, sources = len(inputs), iter(inputs)
    bar = _Bar(total, progress)
    sink = Store(store, str(base)) if store else None
    try:
        seen: set[str] = set()

        def todo():
            for source in sources:
                seen.add(source.name)
                if sink is not None and not source.error and sink.unchanged(source.name, _digest(source)):
                    report.unchanged += 1
                    bar.update()
                    continue
                yield source

        dataset = new_dataset(base) if sink is None else None
        settings = dict(base=base, timeout=timeout, max_bytes=max_bytes)
        if engine == "dask":
            from kg.engines import dask_run

            results = dask_run(todo(), scheduler=scheduler, **settings)
        else:
            results = run(todo(), jobs=min(jobs, total), **settings)  # no pool for one article
        for result in results:
            bar.update()
            if isinstance(result, InputError):
                report.failures.append(result)
                bar.write(f"kg: error: {result}") if bar.active else warn(result)
                continue
            report.built += 1
            if not bar.active:  # on a terminal the bar is the log
                log(result.summary)
            if sink is not None:
                sink.put(result)
            else:
                add_built(dataset, result)
        if sink is not None:
            if prune:
                report.pruned = sink.prune(seen)
            sources_n, graphs, quads = sink.counts()
            report.written = f"{store}: {sources_n} sources, {graphs} article graphs, {quads} triples"
        elif report.built:
            write(dataset, output, fmt)
            report.written = str(output)
    finally:
        bar.close()
        if sink is not None:
            sink.close()
    return report


def _digest(source: Source) -> str:
    return hashlib.sha256(source.data).hexdigest()


class _Bar:
    """tqdm's bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, total: int, show: bool):
        self.active = show and sys.stderr.isatty()
        self._bar = None
        if self.active:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(self) -> None:
        if self._bar is not None:
            self._bar.update()

    def write(self, line: str) -> None:
        self._bar.write(line, file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


