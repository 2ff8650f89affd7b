"""Stage 3, metadata: title, publication date, publisher and editor of a cleaned article.

Patterns match the Simplified view; the spans they give are spans of the original text.
Labelled dates (发布日期, 发布时间, 时间 …) win over bare ones, and a page's "today" banner
(a date with 星期) never counts: cleaning drops such lines, and a date beside 星期 is skipped here.
"""
from __future__ import annotations

import re
from datetime import date

from kg.cleaning import Cleaned
from kg.records import Article, Span
from kg.view import is_traditional, to_simplified

DATE = r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日?|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2}))(?!\d)"
LABELLED_DATE = re.compile(r"(?:发布|发表|发稿|刊发|更新)?(?:日期|时间)\s*[:：]?\s*" + DATE)
WEEKDAY = re.compile(r"星期[一二三四五六日天]|礼拜[一二三四五六日天]|周[一二三四五六日天]|今天是|今日")
ANY_DATE = re.compile(DATE)
NAME = r"[\u4e00-\u9fff·•]{2,5}"
# (label, pattern) in order of preference; the name is group 1.
EDITOR = [re.compile(r"责任编辑\s*[:：]?\s*(" + NAME + ")"),
          re.compile(r"(?<![责])编辑\s*[:：]\s*(" + NAME + ")"),
          re.compile(r"[（(【\[]\s*编辑\s+(" + NAME + ")"),
          re.compile(r"责编\s*[:：]?\s*(" + NAME + ")")]
PUBLISHER = re.compile(r"(?:信息|稿件|文章|新闻)?来源\s*[:：]\s*([^\s|｜【】\[\]()（）,，;；:：]{2,30})")
LABEL_WORD = re.compile(r"(发布|发表|来源|作者|编辑|责编|审核|时间|日期|字号|浏览)")
HEADER_LINES = 6  # metadata sits in the first lines or the last ones


def read_metadata(doc: Cleaned) -> Article:
    text = doc.text
    view = doc.view if doc.view is not None else to_simplified(text)
    lines = _lines(view)
    head = lines[:HEADER_LINES]
    edges = head + [ln for ln in lines[-HEADER_LINES:] if ln not in head]
    return Article(
        name=doc.name, text=text, encoding=doc.encoding, view=view, traditional=is_traditional(text, view),
        title=_title(text, view, lines, doc.title),
        issued=_issued(view, head),
        publisher=_first_group(text, view, [PUBLISHER], edges),
        editor=_first_group(text, view, EDITOR, edges),
    )


def _lines(view: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in view.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _title(text: str, view: str, lines, page_title: str | None) -> Span | None:
    if page_title:
        at = text.find(page_title)
        if at >= 0:
            return Span(at, at + len(page_title), page_title)
    for b, e in lines[:HEADER_LINES]:
        line = view[b:e]
        if len(line) > 100 or LABEL_WORD.search(line) and re.search(r"[:：]", line) or _banner(line) \
                or ANY_DATE.match(line):
            continue
        return Span(b, e, text[b:e])
    return None


def _banner(line: str) -> bool:
    """A page's "today" line: a date with a weekday (2024年12月19日 星期四, 今天是…)."""
    return bool(WEEKDAY.search(line) and ANY_DATE.search(line))


def _issued(view: str, head) -> date | None:
    for pattern in (LABELLED_DATE, ANY_DATE):
        for b, e in head:
            if _banner(view[b:e]) and pattern is ANY_DATE:
                continue
            for m in pattern.finditer(view, b, e):
                if found := _date(m):
                    return found
    return None


def parse_date(text: str) -> date | None:
    """A date a crawler recorded: 2020-06-30, 2020-06-30T08:00:00+08:00, 2020/6/30, 2020年6月30日."""
    m = ANY_DATE.match(text.strip())
    return _date(m) if m else None


def _date(m: re.Match) -> date | None:
    try:
        return date(int(m["y"]), int(m["m1"] or m["m2"]), int(m["d1"] or m["d2"]))
    except ValueError:
        return None


def _first_group(text: str, view: str, patterns, lines) -> Span | None:
    for pattern in patterns:
        for b, e in lines:
            if m := pattern.search(view, b, e):
                s, t = m.span(1)
                return Span(s, t, text[s:t])
    return None
