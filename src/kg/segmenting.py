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

SENTENCE_END = re.compile(r"[。！？!?；;\n]+[”’」』\"']?")


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
    tokens = tuple(Token(w, b, e) for w, b, e in tokenizer().tokenize(article.view, HMM=True))
    pos = 0
    for t in tokens:
        if t.begin != pos or article.view[t.begin:t.end] != t.word:
            raise AssertionError(f"{article.name}: jieba tokens do not tile the text at offset {pos}")
        pos = t.end
    if pos != len(article.view):
        raise AssertionError(f"{article.name}: jieba tokens stop at {pos} of {len(article.view)}")
    return tokens


def sentences(article: Article) -> tuple[Span, ...]:
    """Sentence spans of the original text, split at Chinese and ASCII sentence ends and line breaks."""
    out, start, text = [], 0, article.text
    for m in SENTENCE_END.finditer(article.view):
        end = m.end()
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
