"""How extraction time grows with the number of places an article names, against bare jieba on the same text.

Articles of 1,500, 3,000 and 6,000 sentences, each naming a different real 街道/镇 from the register
(a fixed random sample), are extracted in one process; bare `jieba.lcut` over the same text is the
baseline. Linear growth shows as a flat "per sentence" column and a steady ratio to jieba.

    .venv/bin/python benchmarks/scaling.py
"""
from __future__ import annotations

import random
import time

import jieba

from kg.gazetteer import default_register
from kg.pipeline import extract_source
from kg.records import Source


def main() -> None:
    register = default_register()
    streets = [line.split("\t")[1] for line in register._by_code if len(line.split("\t")[0]) == 9]
    rng = random.Random(1)
    sentences = [f"{name}推行“网格议事”工作法，服务居民{rng.randint(10, 999)}人。"
                 for name in rng.sample(streets, 6000)]
    extract_source(Source("warm-up", sentences[0].encode()))
    jieba.lcut(sentences[0])
    print(f"{'sentences':>9}  {'chars':>7}  {'entities':>8}  {'kg':>7}  {'per sentence':>12}  "
          f"{'jieba.lcut':>10}  ratio")
    for n in (1500, 3000, 6000):
        text = "\n".join(sentences[:n])
        start = time.perf_counter()
        ex = extract_source(Source("scale", text.encode()))
        took = time.perf_counter() - start
        start = time.perf_counter()
        jieba.lcut(text)
        base = time.perf_counter() - start
        print(f"{n:>9}  {len(text):>7}  {len(ex.entities):>8}  {took:6.2f}s  {took / n * 1000:9.2f} ms  "
              f"{base:9.2f}s  {took / base:5.1f}")


if __name__ == "__main__":
    main()
