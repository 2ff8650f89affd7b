"""The Simplified view: OpenCC t2s over the cleaned text, kept the same length so offsets carry over.

Extraction reads the view; every offset it finds is an offset into the original text too.
OpenCC converts phrase by phrase and can, rarely, change a line's length. Such a line is converted
character by character instead, and a character whose conversion is not one character stays as it is.
"""
from __future__ import annotations

import re
from functools import lru_cache
from operator import ne

HAN_RUN = re.compile("[\u4e00-\u9fff]+")


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Return the Simplified view of `text`, guaranteed to have the same length.

    >>> to_simplified("中關村社區的網格員")
    '中关村社区的网格员'
    """
    t2s = _converter("t2s")
    whole = t2s.convert(text)
    if len(whole) == len(text):
        return whole
    lines = []
    for line in text.split("\n"):
        conv = t2s.convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := t2s.convert(ch)) == 1 else ch for ch in line)
        lines.append(conv)
    return "\n".join(lines)


def is_traditional(text: str, view: str) -> bool:
    """True when the text is written in Traditional characters, crude conversions and leftovers included.

    A Simplified article with a few Traditional leftovers stays Simplified: at least 10% of its Han
    characters must change under t2s.
    """
    if text == view:  # most articles: nothing changed, so not Traditional
        return False
    han = changed = 0
    for run in HAN_RUN.finditer(text):  # whole runs compared at C speed, not character by character
        b, e = run.span()
        han += e - b
        changed += sum(map(ne, text[b:e], view[b:e]))
    return han > 0 and changed >= max(2, 0.1 * han)
