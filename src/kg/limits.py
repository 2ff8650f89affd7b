"""Per-article time limits: an alarm that interrupts Python code and the regex engine alike."""
from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from kg.errors import InputError


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold a time limit's alarm while the block runs (an import): it goes off right after, if it is due."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class _Expired(BaseException):
    """Raised by the alarm; a BaseException, so library code that catches Exception cannot swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float | None, name: str) -> Iterator[None]:
    """Give up on one article after `seconds`, with an `InputError` naming it.

    SIGALRM interrupts pure Python and the regex engine alike. It works in the main thread of the
    process that extracts: the CLI's, and each worker process's when builds run in parallel (each worker
    runs its articles in its own main thread). Elsewhere (another thread, or a platform without
    SIGALRM) there is no limit.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise InputError(f"{name}: gave up after {seconds:g} s (a pathological text?); "
                         f"raise the limit with --timeout SECONDS (0 for none)", "timed out") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
