"""Atomic file writes: a failure or a kill never leaves a truncated or half-overwritten output."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.errors import KgError


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, *, binary: bool = True) -> Iterator[IO]:
    """Write to a temporary file beside `path`, fsync it, then rename it over `path`.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_write(p, binary=False) as f:
    ...     _ = f.write("ok")
    >>> p.read_text()
    'ok'
    """
    path = Path(path)
    with _as_kg_error(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as f:
            yield f
            with _as_kg_error(path):
                f.flush()
                os.fsync(f.fileno())
        with _as_kg_error(path):
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
    except OSError as exc:
        raise KgError(f"{path}: cannot write: {exc.strerror or exc} "
                      f"(check that the directory can be created and written, and the disk has room)") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
