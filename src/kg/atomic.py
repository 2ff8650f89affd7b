"""Atomic file writes: a failure or a kill never leaves a truncated or half-overwritten output.

Outputs are regular files: a path that exists as anything else (a symbolic link, a named pipe, a device,
a directory) is refused by `check_target`, since renaming over it would replace it. Standard output
and standard error, named as -, /dev/stdout, /dev/stderr or /proc/self/fd/1 and 2, are written in place
(nothing can be renamed over a stream, so that write is not atomic).
"""
from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.errors import KgError

STREAMS = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2, "/dev/fd/1": 1, "/dev/fd/2": 2,
           "/proc/self/fd/1": 1, "/proc/self/fd/2": 2}  # "-": standard output, as for most tools (./- is a file)
OTHERWISE = "give the path of a regular file, or -o /dev/stdout to write to standard output"
KINDS = ((stat.S_ISLNK, "a symbolic link", "give its target, or remove the link"),
         (stat.S_ISDIR, "a directory", "give a file name inside it"),
         (stat.S_ISFIFO, "a named pipe (FIFO)", OTHERWISE), (stat.S_ISCHR, "a character device", OTHERWISE),
         (stat.S_ISBLK, "a block device", OTHERWISE), (stat.S_ISSOCK, "a socket", OTHERWISE))


def check_target(path: str | os.PathLike) -> None:
    """Refuse an output path that exists and is not a regular file (callers check before any work).

    >>> check_target("/dev/null")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.KgError: /dev/null: is a character device, not a regular file, and kg writes outputs only as ...
    """
    if os.fspath(path) in STREAMS:
        return
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # absent (the usual case), or unreachable: the write says why
    if stat.S_ISREG(mode):
        return
    what, fix = next(((kind, fix) for test, kind, fix in KINDS if test(mode)), ("a file of another kind", OTHERWISE))
    # the output is renamed over its path: that would replace the link, the pipe or the device itself
    raise KgError(f"{path}: is {what}, not a regular file, and kg writes outputs only as regular files; {fix}")


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, *, binary: bool = True, durable: bool = True) -> Iterator[IO]:
    """Write to a temporary file beside `path`, fsync it (unless not `durable`: a scratch file that a crash
    may lose), then rename it over `path`.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_write(p, binary=False) as f:
    ...     _ = f.write("ok")
    >>> p.read_text()
    'ok'
    """
    path = Path(path)
    text = {} if binary else {"encoding": "utf-8", "newline": "\n"}
    mode = "wb" if binary else "w"
    if os.fspath(path) in STREAMS:
        sys.stdout.flush()
        sys.stderr.flush()
        with _as_kg_error(path), os.fdopen(STREAMS[os.fspath(path)], mode, closefd=False, **text) as f:
            yield f
        return
    check_target(path)
    with _as_kg_error(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # the body only writes to f: a full disk shows in its writes, the flush, the fsync or the close
        with _as_kg_error(path):
            with os.fdopen(fd, mode, **text) as f:
                yield f
                f.flush()
                if durable:
                    os.fsync(f.fileno())
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _as_kg_error(path: Path) -> Iterator[None]:
    """A full disk, a missing or read-only directory: one line for the user, not a traceback."""
    try:
        yield
    except BrokenPipeError:
        raise  # `kg build -o /dev/stdout | head`: the reader has all it wanted
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc} (check that the directory can be "
                         f"created and written, and the disk has room)", exc.strerror or str(exc)) from None


class WriteError(KgError):
    """A file that cannot be written; `strerror` says why, for a caller that words it its own way."""

    def __init__(self, message: str, strerror: str):
        super().__init__(message)
        self.strerror = strerror


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
