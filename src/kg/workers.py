"""Worker processes: many articles through stages 1 to 8, results in input order.

Each article is a pure function of its bytes and name (`pipeline.build_source`), so the results do not
depend on how many processes ran them, and `--jobs 2` writes the same bytes as `--jobs 1`. Sources
stream through a bounded window of small batches (a few articles to a task: sending each alone cost
the parent more than the workers spent on some), so a corpus never has to fit in memory. A worker
that dies (the kernel's out-of-memory killer) costs only the article it was building: the window is
re-run one article at a time in a fresh process, which finds the one that kills it. Workers die with the process
that started them (Linux's parent-death signal), so a killed build leaves none behind.

The engines (`kg.engines`) map the same `build_batch` over the same batches on their own workers.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from kg.errors import InputError
from kg.options import BuildOptions
from kg.records import Built, Extraction, Source

WINDOW = 4  # batches in flight per worker: enough to keep each busy, few enough to bound memory
# a batch: articles sent to a worker as one task, as many as this or as many bytes (most news articles are a
# few KB: one task each would cost the parent more to send and collect than a worker spends on some of them)
BATCH_ARTICLES = 8
BATCH_BYTES = 256 << 10
PR_SET_PDEATHSIG = 1

Result = tuple[Built | InputError, Extraction | None]  # the extraction only when built in this process


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def settings(options: BuildOptions) -> tuple:
    """What a worker needs of the options, as plain values (cheap to send to another process or machine)."""
    return options.base, options.timeout, options.max_bytes


def build_one(source: Source, settings: tuple) -> Built | InputError:
    """One article in a worker: its `Built`, or the `InputError` that says why it is not an article."""
    return _build(source, settings)[0]


def build_batch(sources: list[Source], settings: tuple) -> list[Built | InputError]:
    return [_build(source, settings)[0] for source in sources]


def _build(source: Source, settings: tuple) -> Result:
    from rdflib import Namespace

    from kg.pipeline import build_source

    base, timeout, max_bytes = settings
    try:
        ex, built = build_source(source, Namespace(base), timeout, max_bytes)
        return built, ex
    except InputError as err:
        return err, None


def warm_up(fork: bool) -> None:
    """Load what every article needs, outside any time limit and before forking (workers inherit it
    loaded). Before forking, move it out of the garbage collector's sight: a collection in a worker
    would otherwise touch, and so copy, every page of it."""
    from kg.pipeline import warm_up as load

    load()
    if fork:
        gc.freeze()


def run(sources: Iterable[Source], options: BuildOptions, *, keep: bool = False) -> Iterator[Result]:
    """Build every source with `options.jobs` processes, yielding (`Built` or `InputError`, extraction) in
    input order. The extraction is kept (`keep`) only when the article was built in this process."""
    if options.timeout or options.jobs > 1:
        warm_up(fork=options.jobs > 1)
    config = settings(options)
    if options.jobs <= 1:
        for source in sources:
            result, ex = _build(source, config)
            if not keep:
                ex = None  # not held while the sink takes the result: a long article's records are large
            yield result, ex
        return
    for result in _parallel(iter(sources), options.jobs, config):
        yield result, None


def _worker_init(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the parent stops the run, workers must not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with(parent)


def die_with(parent: int) -> None:
    """Have the kernel kill this process when `parent` ends (Linux), so no worker outlives a killed build."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the signal was set
        os._exit(1)


def _pool(jobs: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),))


def _parallel(sources: Iterator[Source], jobs: int, config: tuple) -> Iterator[Built | InputError]:
    pool = _pool(jobs)
    window: deque = deque()
    queued = batches(sources)
    try:
        while True:
            while len(window) < jobs * WINDOW and (batch := next(queued, None)) is not None:
                window.append((batch, pool.submit(build_batch, batch, config)))
            if not window:
                return
            batch, future = window.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool:
                pool.shutdown(cancel_futures=True)
                yield from _one_by_one(batch + [s for b, _ in window for s in b], config)
                window.clear()
                pool = _pool(jobs)
    finally:
        pool.shutdown(cancel_futures=True)


def batches(sources: Iterator[Source]) -> Iterator[list[Source]]:
    """The sources in order, a few small ones to a batch (a large one alone)."""
    batch: list[Source] = []
    size = 0
    for source in sources:
        if batch and (len(batch) == BATCH_ARTICLES or size + len(source.data) > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(source)
        size += len(source.data)
    if batch:
        yield batch


def _one_by_one(sources: list[Source], config: tuple) -> Iterator[Built | InputError]:
    """After a worker died: each article alone in a fresh process, to find the one that kills it."""
    for source in sources:
        with _pool(1) as pool:
            try:
                yield pool.submit(build_one, source, config).result()
            except BrokenProcessPool:
                yield InputError(f"{source.name}: the worker process building it died (out of memory?); "
                                 f"try it alone with --jobs 1, or a lower --max-bytes", "worker died")
