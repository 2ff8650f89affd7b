"""Building: inputs through the workers (`kg.workers`, or an engine of `kg.engines`) into one sink.

There is one build path. `build` expands the inputs once, reads them as they are needed, skips what a
store has already, hands the rest to the workers and every result, in input order, to the sink:

- `DatasetSink`: an rdflib dataset in memory (the API's `kg.build`);
- `FileSink`: one file, written at the end from the articles' N-Quads lines (`kg.exporting.write_lines`);
- `StoreSink`: an on-disk store (`kg.store`), written as results arrive.

Failures of single articles are in the `Report`, never raised; a `KgError` is a usage error (a missing
path, a store in use) or a sink that cannot write (a full disk), said in one line.
"""
from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, visible
from kg.options import BuildOptions
from kg.records import Built, Extraction, Source
from kg.workers import default_jobs  # noqa: F401  (the CLI's default for --jobs)

FEW = 10  # on a terminal, up to this many articles get their own summary line at the end; more get totals


class DatasetSink:
    """Every article into one rdflib dataset, one named graph per article (and the register's)."""

    def __init__(self, base: str):
        from rdflib import Namespace

        from kg.pipeline import new_dataset

        self.dataset = new_dataset(Namespace(base))
        self.extractions: list[Extraction] = []

    def unchanged(self, source: Source) -> bool:
        return False

    def put(self, built: Built, extraction: Extraction | None) -> None:
        from kg.pipeline import add_built

        add_built(self.dataset, built)
        if extraction is not None:
            self.extractions.append(extraction)

    def finish(self, seen: set[str], report: Report) -> str:
        return "dataset"

    def close(self) -> None:
        pass


class FileSink:
    """One file in one format, written atomically once every article is in."""

    def __init__(self, path: str | Path, fmt: str, base: str):
        from kg.atomic import check_target
        from kg.exporting import needs_triples
        from kg.lines import Lines

        check_target(path)  # before the build: a FIFO or a link found at the end would waste the run
        self.path, self.fmt, self.base = Path(path), fmt, base
        self.lines = Lines(triples=needs_triples(fmt))  # only what the format holds: the union, or the quads

    def unchanged(self, source: Source) -> bool:
        return False

    def put(self, built: Built, extraction: Extraction | None) -> None:
        for text in (built.quads, built.own, built.register):
            self.lines.add(text)

    def finish(self, seen: set[str], report: Report) -> str:
        from kg.exporting import write_lines

        if report.built:
            write_lines(self.lines, self.path, self.fmt, self.base)
        self.lines.clear()
        return str(self.path)

    def close(self) -> None:
        self.lines.clear()


class StoreSink:
    """An on-disk store: unchanged sources are skipped, the others replace what they were."""

    def __init__(self, root: str | Path, base: str, prune: bool = False):
        from kg.store import Store

        self.root, self.prune = Path(root), prune
        self.store = Store(self.root, base)

    def unchanged(self, source: Source) -> bool:
        return not source.error and self.store.unchanged(source.name, hashlib.sha256(source.data).hexdigest())

    def put(self, built: Built, extraction: Extraction | None) -> None:
        self.store.put(built)

    def finish(self, seen: set[str], report: Report) -> str:
        if self.prune:
            report.pruned = self.store.prune(seen)
        sources, graphs, triples = self.store.counts()
        return f"{self.root}: {sources} sources, {graphs} article graphs, {triples} triples"

    def close(self) -> None:
        self.store.close()


@dataclass
class Report:
    """What a build did, for the run's summary."""

    built: int = 0  # articles built (their graphs went to the sink, not kept here)
    failures: list[InputError] = field(default_factory=list)
    unchanged: int = 0
    pruned: list[str] = field(default_factory=list)
    written: str = ""  # the file written, or the store's counts
    summaries: list[str] = field(default_factory=list)  # the first FEW + 1 articles' summary lines
    totals: Counter = field(default_factory=Counter)  # what the articles' summaries count, added up

    def reasons(self) -> str:
        """'2 binary, 1 too large': failures grouped by reason, commonest first."""
        counts = Counter(err.reason for err in self.failures)
        return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def summary(self) -> list[str]:
        """Per article for a few articles; totals for more."""
        if len(self.summaries) <= FEW:
            return list(self.summaries)
        t = self.totals
        types = ", ".join(f"{k[5:]} {n}" for k, n in sorted(t.items()) if k.startswith("type:"))
        return [f"kg: {self.built} articles: {t['entities']} entities ({types}), {t['relations']} relations, "
                f"{t['statistics']} statistics, {t['triples']} triples; official codes: {t['codes']}, "
                f"units added from the register: {t['added']}"]


def build(inputs: Iterable[str | Source], sink, options: BuildOptions = BuildOptions(), *, stdin=None,
          log=None, warn=None, progress: bool = False, keep: bool = False) -> Report:
    """Build inputs (paths, globs, directories, JSON Lines files, "-" for stdin, or `Source`s) into `sink`.

    `log(line)` receives each article's summary line as it is built, `warn(error)` each failure;
    `progress` shows a bar on stderr instead (errors go above it, summaries after it: `Report.summary`).
    `keep` keeps the extractions of articles built in this process (`DatasetSink`). Raises `KgError`
    for a usage error (a missing path, a store in use) or a sink that cannot write; failures of single
    articles are in the report, never raised. The sink is closed in every case.
    """
    from kg.reading import JSONL, count_articles, expand, read_files

    report = Report()
    log, warn = log or (lambda line: None), warn or (lambda err: None)
    try:
        inputs = list(inputs)
        given = [i for i in inputs if isinstance(i, Source)]
        files = expand([i for i in inputs if not isinstance(i, Source)])  # once: a file may vanish meanwhile
        one = not any(f != "-" and f.lower().endswith(JSONL) for f in files) and len(given) + len(files) <= 1
        if one and options.jobs > 1:
            options = BuildOptions(**{**options.__dict__, "jobs": 1})  # no pool for one article
        total = len(given) + count_articles(files) if progress and sys.stderr.isatty() else 0
        bar = _Bar(total, progress)
        seen: set[str] = set()

        def todo() -> Iterator[Source]:
            for source in [*given, *read_files(files, stdin=stdin, max_bytes=options.max_bytes)]:
                seen.add(source.name)
                if sink.unchanged(source):
                    report.unchanged += 1
                    bar.update()
                    continue
                yield source

        try:
            for result, extraction in _results(todo(), options, keep):
                bar.update()
                if isinstance(result, InputError):
                    report.failures.append(result)
                    bar.write(f"kg: error: {result}") if bar.active else warn(result)
                    continue
                report.built += 1
                _count(report, result)
                if not bar.active:
                    log(result.summary)
                sink.put(result, extraction)
        finally:
            bar.close()
        report.written = sink.finish(seen, report)
    finally:
        sink.close()
    return report


def _results(sources: Iterator[Source], options: BuildOptions, keep: bool):
    if options.engine == "dask":
        from kg.engines import dask_run

        for result in dask_run(sources, options):
            yield result, None
        return
    from kg.workers import run

    yield from run(sources, options, keep=keep)


def _count(report: Report, built: Built) -> None:
    if len(report.summaries) <= FEW:
        report.summaries.append(built.summary)
    report.totals.update(dict(built.counts))


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
        self._bar.write(visible(line), file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
