"""What a build may be asked to do, checked once: `BuildOptions`, and the defaults the CLI shows.

A light module (no rdflib, no extraction), so that the CLI can build its parser without importing the
pipeline.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.errors import KgError

FORMATS = {"turtle": ".ttl", "nt": ".nt", "trig": ".trig", "nquads": ".nq", "json-ld": ".jsonld"}
TIMEOUT = 600.0  # seconds per article
MAX_BYTES = 50 * 1000 * 1000  # bytes per input
ENGINES = ("local", "dask")
EXAMPLE = "tianqiao-2020-06-30.txt"  # the built-in example, the reference article


def check_base(iri: str) -> str:
    """The namespace to mint IRIs under, checked: an absolute ASCII http(s) IRI ending in / or #.

    >>> check_base("example.org/kg")
    Traceback (most recent call last):
    kg.errors.KgError: --base example.org/kg: not an absolute http(s) IRI; give one like https://data.example.org/kg/
    """
    hint = "give one like https://data.example.org/kg/"
    if not iri.isascii() or any(ch.isspace() or ch in '<>"{}|\\^`' for ch in iri):
        raise KgError(f"--base {iri}: IRIs must be ASCII without spaces or <>\"{{}}|\\^` (percent-encode them); {hint}")
    try:
        parts = urlsplit(iri)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:  # an unclosed [IPv6 address], a bad port
        raise KgError(f"--base {iri}: not an absolute http(s) IRI; {hint}") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KgError(f"--base {iri}: not an absolute http(s) IRI; {hint}")
    if not iri.endswith(("/", "#")):
        raise KgError(f"--base {iri}: must end in / or # so that names can be appended; try {iri}/")
    if "#" in iri[:-1] or parts.query:
        raise KgError(f"--base {iri}: may hold no query (?) and no # except as its last character; {hint}")
    return iri


@dataclass(frozen=True)
class BuildOptions:
    """How to build: where IRIs are minted, how many workers on which engine, and the per-article limits.

    Checked when made (`KgError` naming the option); `timeout` and `max_bytes` of 0 mean no limit (None).

    >>> BuildOptions(jobs=0)
    Traceback (most recent call last):
    kg.errors.KgError: --jobs 0: give a number of worker processes, 1 or more
    """

    base: str | None = None  # None: kg's own, kg.namespace.ID
    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None  # a Dask scheduler's address, for engine "dask"
    timeout: float | None = TIMEOUT  # seconds per article (local engine only)
    max_bytes: int | None = MAX_BYTES  # larger inputs are skipped unread

    def __post_init__(self):
        if self.base is None:
            from kg.namespace import ID

            object.__setattr__(self, "base", str(ID))
        check_base(str(self.base))
        object.__setattr__(self, "base", str(self.base))
        if not isinstance(self.jobs, int) or isinstance(self.jobs, bool) or self.jobs < 1:
            raise KgError(f"--jobs {self.jobs}: give a number of worker processes, 1 or more")
        if self.engine not in ENGINES:
            raise KgError(f"--engine {self.engine}: use one of {', '.join(ENGINES)}")
        if self.scheduler and self.engine != "dask":
            raise KgError("--scheduler needs --engine dask")
        if self.timeout is not None:
            if not isinstance(self.timeout, (int, float)) or not 0 <= self.timeout < math.inf:
                raise KgError(f"--timeout {self.timeout}: give a number of seconds (0 for no limit)")
            if self.timeout == 0 or self.timeout < 1e-3:  # below a millisecond setitimer cannot count
                object.__setattr__(self, "timeout", None if self.timeout == 0 else 1e-3)
        if self.max_bytes is not None:
            if not isinstance(self.max_bytes, int) or self.max_bytes < 0:
                raise KgError(f"--max-bytes {self.max_bytes}: give a number of bytes (0 for no limit)")
            if self.max_bytes == 0:
                object.__setattr__(self, "max_bytes", None)
