"""Extraction throughput, stage by stage, against bare `jieba.lcut` over the same cleaned text.

Stages 1 to 7 (`kg.pipeline.extract_source`: decode, clean, metadata, segment, extract, statistics, link and relate)
run in one warm process over the dev articles as they are, converted to Traditional, and with each text
article wrapped in an HTML page, and over a long synthetic article (benchmarks/scaling.py's sentences).
The baseline is `jieba.lcut` over each article's cleaned text, measured in the same run, interleaved.

Times are CPU seconds of this process (other processes sharing the cores disturb them less than the
wall clock); each figure is the minimum over the repetitions, and the medians of the totals are shown too.

    .venv/bin/python benchmarks/extraction.py [--reps N] [CORPUS_DIR]

Issue 6's target is the whole build at >= 50% of jieba's throughput; stages 1-7 aim at a ratio >= 0.67
so that the RDF stage fits in the rest.
"""
from __future__ import annotations

import argparse
import html
import random
import statistics
import time
from pathlib import Path

import jieba

from kg.cleaning import clean
from kg.extracting import extract_candidates
from kg.gazetteer import default_register
from kg.linking import ground_entities
from kg.relating import relate
from kg.metadata import read_metadata
from kg.pipeline import extract_source
from kg.reading import decode
from kg.records import Source
from kg.segmenting import sentences, tokenize
from kg.statistics import extract_statistics
from kg.view import _converter

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
STAGES = ("decode", "clean", "metadata", "segment", "sentences", "extract", "statistics", "link")


CLOCK = time.process_time


def staged(source: Source) -> dict[str, float]:
    """`extract_source`, one stage at a time, with the seconds each took."""
    t, times = CLOCK(), {}

    def lap(stage: str) -> None:
        nonlocal t
        now = CLOCK()
        times[stage], t = now - t, now

    decoded = decode(source)
    lap("decode")
    cleaned = clean(decoded)
    lap("clean")
    article = read_metadata(cleaned)
    lap("metadata")
    tokens = tokenize(article)
    lap("segment")
    sents = sentences(article)
    lap("sentences")
    register = default_register()
    candidates = extract_candidates(article, tokens, register)
    lap("extract")
    figures = extract_statistics(article, sents, tokens)
    lap("statistics")
    relate(article, sents, ground_entities(article, tokens, candidates, sents, register), figures)
    lap("link")
    return times


def corpora(corpus: Path) -> dict[str, list[Source]]:
    dev = [Source(p.name, p.read_bytes()) for p in sorted(corpus.iterdir()) if p.suffix in (".txt", ".html")]
    s2t = _converter("s2t")
    traditional = [Source(s.name, s2t.convert(decode(s).text).encode("utf-8")) for s in dev]
    register = default_register()
    streets = [line.split("\t")[1] for line in register._by_code if len(line.split("\t")[0]) == 9]
    rng = random.Random(1)
    synthetic = "\n".join(f"{name}推行“网格议事”工作法，服务居民{rng.randint(10, 999)}人。"
                          for name in rng.sample(streets, 1500))
    pages = [Source(s.name + ".html", _page(decode(s).text)) if s.name.endswith(".txt") else s for s in dev]
    return {"dev articles": dev, "dev, Traditional": traditional, "dev, as HTML pages": pages,
            "synthetic, 1500 places": [Source("synthetic", synthetic.encode("utf-8"))]}


def _page(text: str) -> bytes:
    """A plain article as a news site serves it: title, navigation, body paragraphs, footer."""
    title, *body = [line for line in text.split("\n") if line.strip()]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in body)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head><body>"
            f"<div class=\"nav\"><a href=\"/\">首页</a> | <a href=\"/news\">新闻</a></div>"
            f"<div class=\"article\"><h1>{html.escape(title)}</h1>{paragraphs}</div>"
            f"<div class=\"footer\">版权所有 网站标识码 1234567890</div></body></html>").encode("utf-8")


def measure(sources: list[Source], reps: int) -> tuple[dict[str, list[float]], list[float], list[float], int]:
    cleaned = [read_metadata(clean(decode(s))).text for s in sources]
    per_stage: dict[str, list[float]] = {stage: [] for stage in STAGES}
    whole, base = [], []
    for _ in range(reps):
        start = CLOCK()
        for text in cleaned:
            jieba.lcut(text)
        base.append(CLOCK() - start)
        start = CLOCK()
        for s in sources:
            extract_source(s)
        whole.append(CLOCK() - start)
        sums = dict.fromkeys(STAGES, 0.0)
        for s in sources:
            for stage, took in staged(s).items():
                sums[stage] += took
        for stage in STAGES:
            per_stage[stage].append(sums[stage])
    return per_stage, whole, base, sum(map(len, cleaned))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args()
    sets = corpora(args.corpus)
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    extract_source(Source("warm-up", "北京市海淀区学院路街道。".encode("utf-8")))
    for title, sources in sets.items():
        per_stage, whole, base, chars = measure(sources, args.reps)
        print(f"{title}: {len(sources)} article(s), {chars} cleaned chars, min of {args.reps} runs")
        print(f"  {'stage':<22}{'ms':>9}{'k chars/s':>11}")
        for stage in STAGES:
            took = min(per_stage[stage])
            print(f"  {stage:<22}{took * 1000:9.1f}{chars / took / 1000:11.0f}")
        kg, lcut = min(whole), min(base)
        print(f"  {'extract_source':<22}{kg * 1000:9.1f}{chars / kg / 1000:11.0f}"
              f"   (median {statistics.median(whole) * 1000:.1f} ms)")
        print(f"  {'jieba.lcut (baseline)':<22}{lcut * 1000:9.1f}{chars / lcut / 1000:11.0f}"
              f"   (median {statistics.median(base) * 1000:.1f} ms)")
        print(f"  ratio (kg throughput / jieba.lcut): {lcut / kg:.2f}"
              f"   (medians: {statistics.median(base) / statistics.median(whole):.2f})")
        print()


if __name__ == "__main__":
    main()
