"""Stage 4, segmenting: jieba tokens of the Simplified view, with offsets, and sentence spans.

A private `jieba.Tokenizer` with the shipped domain dictionary keeps global jieba state untouched;
its start-up banner goes to a logger that is silenced here, never to stdout.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources

from kg.records import Article, Span, Token

# jieba spends about 8 µs a character on Latin-script runs; a long run without Han characters (a
# scraped data URI, inline code) holds no name, so it becomes one token without asking jieba.
NO_HAN_RUN = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]{2000,}")
SENTENCE_END = re.compile(r"[。！？!?；;\n]+[”’」』\"']?")
# Every mention repeats its sentence as a literal, so a text without sentence ends (a scraped blob)
# must not become one sentence of megabytes: longer runs are cut at a pause, or hard at the limit.
MAX_SENTENCE = 1000
PAUSE = re.compile(r"[，,、：:\s]")


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    with resources.as_file(resources.files("kg").joinpath("data/userdict.txt")) as path:
        tok.load_userdict(str(path))
    return tok


def tokenize(article: Article) -> tuple[Token, ...]:
    """Tokens of `article.view`; they tile the text exactly, which is checked."""
    tokens = tuple(_tokens(article.view))
    pos = 0
    for t in tokens:
        if t.begin != pos or article.view[t.begin:t.end] != t.word:
            raise AssertionError(f"{article.name}: jieba tokens do not tile the text at offset {pos}")
        pos = t.end
    if pos != len(article.view):
        raise AssertionError(f"{article.name}: jieba tokens stop at {pos} of {len(article.view)}")
    return tokens


def _tokens(view: str):
    tok, at = tokenizer(), 0
    for run in [*NO_HAN_RUN.finditer(view), None]:
        end = run.start() if run else len(view)
        for w, b, e in tok.tokenize(view[at:end], HMM=True):
            yield Token(w, at + b, at + e)
        if run:
            yield Token(run.group(0), run.start(), run.end())
            at = run.end()


def sentences(article: Article) -> tuple[Span, ...]:
    """Sentence spans of the original text, split at Chinese and ASCII sentence ends and line breaks."""
    out, start, text = [], 0, article.text
    for end in _ends(article.view):
        seg = text[start:end].strip()
        if seg:
            b = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            out.append(Span(b, b + len(seg), seg))
        start = end
    if text[start:].strip():
        seg = text[start:].strip()
        b = start + (len(text[start:]) - len(text[start:].lstrip()))
        out.append(Span(b, b + len(seg), seg))
    return tuple(out)


def _ends(view: str):
    """Sentence ends: after each run of sentence-ending marks, and within runs over MAX_SENTENCE."""
    start = 0
    for end in [m.end() for m in SENTENCE_END.finditer(view)] + [len(view)]:
        while end - start > MAX_SENTENCE:
            pauses = [m.end() for m in PAUSE.finditer(view, start + MAX_SENTENCE // 2, start + MAX_SENTENCE)]
            start = pauses[-1] if pauses else start + MAX_SENTENCE
            yield start
        if end < len(view):
            yield end
        start = end
