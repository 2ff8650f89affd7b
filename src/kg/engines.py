"""Other engines for corpus builds: Dask distributed (`kg build --engine dask`).

The engine maps the same function as the local worker processes (`workers.build_batch`, over
`pipeline.build_source`) over the same batches of a few small articles, and hands back the same `Built`
or `InputError` per source, so the store it fills is the same. Dask is an optional extra
(`pip install 'kg[dask]'`), imported only here.

No per-article time limit applies on Dask: its workers run tasks in threads, and the limit
(`pipeline.time_limit`, SIGALRM) can only interrupt a process's main thread. The size limit applies.
"""
from __future__ import annotations

import contextlib
import itertools
import logging
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator

from kg.errors import InputError, KgError
from kg.options import BuildOptions
from kg.records import Built, Source
from kg.workers import WINDOW, batches, build_batch, build_one, default_jobs, settings

CONNECT = 30.0  # seconds to reach a scheduler, and for a cluster to have a worker or to start and stop
SCATTER = 1 << 20  # bytes: a source this large goes straight to a worker, not through the scheduler


def require_dask() -> None:
    """`KgError` (exit 2) when Dask distributed is not installed."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        raise KgError("--engine dask needs Dask distributed, which is not installed: "
                      "pip install 'kg[dask]'") from None


def dask_run(sources: Iterable[Source], options: BuildOptions = BuildOptions(engine="dask"), *,
             connect: float = CONNECT) -> Iterator[Built | InputError]:
    """Build every source on a Dask cluster, yielding its `Built` or its `InputError` in input order.

    `options.scheduler` is the address of a running scheduler (its workers need kg installed); without one, a
    cluster of one single-threaded worker process per core runs on this machine, on 127.0.0.1 only and
    without a dashboard. A window of a few batches of articles per worker thread is in flight at a time, so
    the corpus streams through and never has to fit in memory here. `options.timeout` does not apply (see above).
    Raises `KgError` when Dask is missing or the cluster cannot be reached, before any result. With
    nothing to build (a re-run into a store that has it all), no cluster is started or reached.
    """
    require_dask()
    sources = iter(sources)
    if (first := next(sources, None)) is None:
        return iter(())
    client, cluster = _connect(options.scheduler, connect)
    return _results(itertools.chain([first], sources), client, cluster, settings(options), options.scheduler,
                    connect)


def _connect(scheduler: str | None, connect: float):
    from dask.distributed import Client, LocalCluster

    if scheduler is None:
        try:
            with _workers_ignore_sigint():
                cluster = LocalCluster(n_workers=default_jobs(), threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None, silence_logs=logging.CRITICAL,
                                       death_timeout=connect, preload=[__name__],  # runs dask_setup below
                                       # the scheduler's health routes still serve HTTP: a free port, on 127.0.0.1
                                       scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
        except Exception as exc:
            raise KgError(f"could not start a Dask cluster on this machine: {type(exc).__name__}: {exc}; "
                          f"use --engine local, or give --scheduler ADDRESS") from None
        try:
            return Client(cluster, timeout=connect), cluster
        except BaseException:
            cluster.close(timeout=connect)
            raise
    try:
        client = Client(scheduler, timeout=connect)
    except (OSError, TimeoutError, ValueError) as exc:
        raise KgError(f"cannot reach the Dask scheduler at {scheduler}: {exc}; "
                      f"is it running (dask scheduler), and is the address right?") from None
    try:
        client.wait_for_workers(1, timeout=connect)
    except TimeoutError:
        client.close()
        raise KgError(f"the Dask scheduler at {scheduler} has no workers after {connect:g} s; "
                      f"start some with: dask worker {scheduler}") from None
    return client, None


# Ctrl-C reaches the whole process group. The client stops the run and closes the cluster it started;
# the worker processes must not stop on their own, printing tracebacks.

@contextlib.contextmanager
def _workers_ignore_sigint() -> Iterator[None]:
    """Start worker processes with SIGINT ignored, which they keep (a spawned process inherits an ignored
    signal). This process ignores it too meanwhile, for the second or two the cluster takes to start."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def dask_setup(worker) -> None:
    """Preloaded into each worker process of the cluster started here, also one the nanny restarts
    after a crash (which inherits no ignored SIGINT)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _results(sources: Iterator[Source], client, cluster, config, scheduler, connect) -> Iterator[Built | InputError]:
    slots = max(1, sum(client.nthreads().values())) * WINDOW
    window: deque = deque()  # (batch, future): a few small articles to a task, as the local workers take them
    try:
        for batch in batches(sources):
            window.append((batch, client.submit(build_batch, _scattered(client, batch), config, pure=False)))
            if len(window) >= slots:
                yield from _collected(client, *window.popleft(), config, scheduler)
        while window:
            yield from _collected(client, *window.popleft(), config, scheduler)
    finally:
        for _, future in window:
            future.cancel()
        client.close(timeout=connect)
        if cluster is not None:
            cluster.close(timeout=connect)


def _scattered(client, batch: list[Source]) -> list:
    """A large source goes to a worker directly, not through the scheduler (the task holds its future)."""
    return [client.scatter(s, hash=False) if len(s.data) > SCATTER else s for s in batch]


def _collected(client, batch: list[Source], future, config, scheduler) -> Iterator[Built | InputError]:
    """A batch's results. When its workers died, each article again in a task of its own: only the one
    that kills them is lost."""
    from dask.distributed import KilledWorker

    try:
        results = _result(future, batch[0].name, scheduler)
    except KilledWorker:
        if len(batch) == 1:
            yield _died(batch[0].name)
            return
        for source in batch:
            try:
                yield _result(client.submit(build_one, _scattered(client, [source])[0], config, pure=False),
                              source.name, scheduler)
            except KilledWorker:
                yield _died(source.name)
        return
    yield from results


def _result(future, name: str, scheduler):
    from dask.distributed import CancelledError

    try:
        return future.result()
    except CancelledError as exc:  # the scheduler went away, or cancelled the run
        raise KgError(f"the Dask cluster{f' at {scheduler}' if scheduler else ''} dropped the task "
                      f"building {name} ({str(exc).splitlines()[0]}); is the scheduler still up? "
                      f"A re-run into the same --store only builds what is missing") from None
    finally:
        future.release()


def _died(name: str) -> InputError:
    return InputError(f"{name}: the Dask workers building it died (out of memory?); try it alone, "
                      f"or a lower --max-bytes", "worker died")
