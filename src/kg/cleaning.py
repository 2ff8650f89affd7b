"""Stage 2, cleaning: from decoded text to the clean article text that offsets refer to.

A full HTML page keeps its title, its metadata lines and its main text (trafilatura), in page
order; navigation, footers, share links and ICP lines go. Scraped fragments lose their tags. Every
input then has entities unescaped, invisible characters and the pinyin residue of broken
conversions removed, and white space folded within lines; paragraph breaks stay.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from kg.records import Decoded
from kg.view import to_simplified

PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
# An unclosed comment, CDATA or script runs to the end of the text, as in a browser; this also keeps
# the lazy scans linear (each unclosed opener would otherwise rescan the rest of the text).
TAG = re.compile(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[!?][A-Za-z][^<>]*>|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>", re.S)
BREAK_TAG = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/section|/article|/title)\b[^<>]*>", re.I)
SCRIPT_STYLE = re.compile(r"<(script|style|noscript|template)\b.*?(?:</\1\s*>|\Z)", re.I | re.S)
# Control characters (which lxml also refuses), zero-width and bidi marks, non-characters.
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                       "\ufffe\uffff]")
SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
# 社區(qū) → 社區: a parenthesised pinyin syllable with a tone mark right after a Han character.
# (The bracket comes first, the Han character is looked behind from it: the scan then skips to brackets.)
PINYIN = re.compile(r"[(（](?<=[\u4e00-\u9fff][(（])\s*[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*\s*[)）]")
# Patterns below match the Simplified form of a line; its offsets hold for the original line too.
BANNER = re.compile(r"^(今天是|今日)?[:：]?\s*\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?\s*(星期|周|礼拜)[一二三四五六日天]$")
CHROME_LINE = re.compile(r"(?=[I公网版c©主承技当您设加无联上下相扫操])"  # what every word starts with: a quicker scan
                         r"(?:ICP[备证]|公网安备|网站标识码|版权所有|copyright|©|主办单位|承办单位|技术支持|当前位置|您的位置"
                         r"|设为首页|加入收藏|无障碍|网站地图|联系我们|上一篇|下一篇|相关阅读|相关链接|扫一扫|操作帮助请按)", re.I)
CHROME_PART = re.compile(r"(?=[【\[字浏点分])"  # what every part starts with: lets the scan skip other characters
                         r"(?:[【\[]?字[体号]\s*[:：]\s*[^】\]\n]{0,12}[】\]]?|浏览(?:次数|量)?\s*[:：]\s*\d*"
                         r"|点击(?:数|量|率)?\s*[:：]\s*\d*|[【\[](?:打印本页|关闭窗口|打印|关闭|返回顶部)[】\]]|分享到[:：]?.*$)")
WORD = re.compile(r"\w")
HEAD_LABEL = re.compile(r"(发布|发表|发稿|更新)(日期|时间)|来源|作者|编辑|责编|审核|日期")


@dataclass(frozen=True)
class Cleaned:
    name: str
    text: str
    encoding: str
    title: str | None  # the page title, when the page itself says it
    view: str | None = None  # the Simplified view of `text` (`kg.view`), same length, made here once


def clean(doc: Decoded) -> Cleaned:
    text = INVISIBLE.sub("", doc.text.replace("\r\n", "\n").replace("\r", "\n"))
    title = None
    if PAGE.search(text[:4096]):
        title, text = _from_page(text)
    elif "<" in text:
        text = TAG.sub("", BREAK_TAG.sub(lambda m: m.group(0) + "\n", SCRIPT_STYLE.sub("", text)))
    text, view = _tidy(html.unescape(text))
    return Cleaned(doc.name, text, doc.encoding, title, view)


def _tidy(text: str) -> tuple[str, str]:
    """The tidy text, and its Simplified view (each line's edits made to its view too)."""
    text = PINYIN.sub("", INVISIBLE.sub("", text))
    lines = [line for line in (SPACES.sub(" ", line).strip() for line in text.split("\n")) if line]
    out, views = [], []
    for line, view in zip(lines, _views(lines), strict=True):
        if BANNER.match(view) or (len(line) < 200 and CHROME_LINE.search(view)):
            continue
        cuts = [m.span() for m in CHROME_PART.finditer(view)]
        for b, e in reversed(cuts):
            line, view = line[:b] + " " + line[e:], view[:b] + " " + view[e:]
        line, view = _fold(line, view)
        if WORD.search(line):
            out.append(line)
            views.append(view)
    return "\n".join(out), "\n".join(views)


def _fold(line: str, view: str) -> tuple[str, str]:
    """`SPACES.sub(" ", line).strip()`, and the same cuts made to the view, which is `line`'s length."""
    if not SPACES.search(line) and line == line.strip():
        return line, view
    pieces, at = [], 0
    for m in SPACES.finditer(line):
        pieces.append((line[at:m.start()], view[at:m.start()]))
        at = m.end()
    pieces.append((line[at:], view[at:]))
    line, view = " ".join(p for p, _ in pieces), " ".join(v for _, v in pieces)
    begin, end = len(line) - len(line.lstrip()), len(line.rstrip())
    return line[begin:end], view[begin:end]


def _views(lines: list[str]) -> list[str]:
    """`to_simplified` of each line, from one conversion of them all where that keeps every line's length
    (OpenCC's phrases hold no line break, so a line converts alike alone or among the others)."""
    views = to_simplified("\n".join(lines)).split("\n")
    if len(views) != len(lines):
        return [to_simplified(line) for line in lines]
    return [v if len(v) == len(line) else to_simplified(line) for line, v in zip(lines, views)]


def _from_page(page: str) -> tuple[str | None, str]:
    """Title, metadata lines and main text of a full HTML page, in page order."""
    from kg.limits import uninterrupted

    with uninterrupted():  # imported for the first page, maybe under a time limit
        import trafilatura

    doc = trafilatura.bare_extraction(page, include_comments=False, include_tables=True,
                                      with_metadata=False, deduplicate=False)
    body = (doc.text or "") if doc is not None else ""
    title = _page_title(page) if doc is not None else None
    if not body.strip():  # nothing recognisable as an article: keep all visible text
        return title, _visible_text(page)
    body_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    first, seen = body_lines[0], set(body_lines)
    head, foot, after = [], [], False
    for line in _visible_text(page).split("\n"):
        line = SPACES.sub(" ", line).strip()
        if not line:
            continue
        if line == first or line.lstrip("\u3000 ") in seen:
            after = True
            continue
        if len(line) <= 150 and HEAD_LABEL.search(to_simplified(line)) and not CHROME_LINE.search(line):
            (foot if after else head).append(line)
    lines = ([title] if title else []) + head + body_lines + foot
    return title, "\n".join(lines)


def _page_title(page: str) -> str | None:
    """The title trafilatura's metadata gives a page (its meta tags, JSON-LD, then h1 or <title>), made
    the way its `extract_metadata` makes it, without the rest of that (dates by htmldate, authors, site
    names, licences): a third of the time of a page, and kg reads its own dates and sources."""
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
    from trafilatura.utils import load_html

    tree = load_html(page)
    if tree is None:
        return None
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001  (trafilatura's own call catches every error of its JSON-LD reader)
        pass
    if not meta.title:
        meta.title = extract_title(tree)
    meta.clean_and_trim()
    return meta.title or None


def _visible_text(page: str) -> str:
    """Text of a page with block elements on lines of their own; scripts, styles and markup gone."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(page.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return TAG.sub("", SCRIPT_STYLE.sub("", page))
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
            el.tail = "\n" + (el.tail or "")
    text = root.text_content()
    if not WORD.search(text):  # libxml2 stops at 256 levels of nesting and drops what is deeper
        return TAG.sub("", BREAK_TAG.sub(lambda m: m.group(0) + "\n", SCRIPT_STYLE.sub("", page)))
    return text


BLOCKS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer dd dt "
                   "blockquote pre form nav aside main".split())
