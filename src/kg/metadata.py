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
LABELS = ("发布", "发表", "来源", "作者", "编辑", "责编", "审核", "时间", "日期", "字号", "浏览")  # two characters each (a lookbehind's)
# 时金, a name the next label follows with no space (编辑:陈明责编:…), or a login (编辑:fengdi)
NAME = (r"[\u4e00-\u9fff·•]{2,4}?(?=(?:" + "|".join(LABELS) + r")\s*[:：])|[\u4e00-\u9fff·•]{2,5}(?![\u4e00-\u9fff·•])"
        r"|[A-Za-z][A-Za-z0-9_.]{1,19}(?![A-Za-z0-9_.])")
# (label, pattern) in order of preference; the name is group 1.
EDITOR = [re.compile(r"责任编辑\s*[:：]?\s*(" + NAME + ")"),
          re.compile(r"(?<![责])编辑\s*[:：]\s*(" + NAME + ")"),
          re.compile(r"[（(【\[]\s*编辑\s+(" + NAME + ")"),
          re.compile(r"责编\s*[:：]?\s*(" + NAME + ")")]
# (a label, not a word's end: 本文来源:, but not 拓宽志愿者来源:一是… in the body)
PUBLISHER = re.compile(r"(?<![“\"「‘'])(?:(?<![\u4e00-\u9fff])|(?<=本文)|(?<=内容)|(?<=消息)|(?<=图文))"
                       r"(?:信息|稿件|文章|新闻)?来源\s*[:：]\s*(?!(?:发布|更新)?(?:时间|日期)|作者|编辑|浏览)"
                       r"([^\s|｜【】\[\]()（）,，;；:：“”\"「」]{2,30})(?![^\s|｜【】\[\]()（）,，;；:：“”\"「」]"
                       f"|(?<!{'|'.join(LABELS)})[:：])")
# (来源: 发布时间:…, 来源: 字体显示:: an empty source and the next label, which a colon ends; but 来源:X晚报作者:
# is X晚报, the next label glued to it; 凡注明“来源:X”的稿件: a copyright notice in quotes, naming no publisher)
# where a page names its site when it has no 来源: a welcome banner, the first crumb of a breadcrumb, a byline
# (not in quoted speech: “欢迎来到‘X’大舞台，…” greets an audience)
SITE = [re.compile(r"(?<![“「『‘\"])欢迎(?:访问|来到|光临)\s*([^\s,，:：!！“”‘’「」『』]{2,20}?)\s*(?:网站|官网|$|[,，!！])"),
        # 返回首页 is a button; 您现在的位置:首页 a label
        re.compile(r"^\s*(?!返回)([^\s>›»|｜:：]{2,12}?)首页\s*[>›»]"),
        re.compile(r"((?:[\u4e00-\u9fff]{2,6})(?:日报|晚报|晨报|都市报))(?:社)?\s*(?:全媒体|融媒体)?记者"),
        # a header line that is an outlet's name and the date (绵阳日报 2020-12-22 08:13)
        re.compile(r"^[ \t　]*([\u4e00-\u9fff]{2,8}(?:日报|晚报|晨报|都市报|网))[ \t　]+(?:19|20)\d{2}[ \t　]*[-年/.]", re.M)]
LABEL_WORD = re.compile(f"({'|'.join(LABELS)})")
HEADER_LINES = 12  # metadata sits in the first lines or the last ones (blank lines not counted)
FOOTER_LINES = 6
# a page's chrome above its headline: breadcrumbs, toolbars, image names, share buttons
# (a page's controls: 字体大小:, 放大 缩小 默认, 上一篇 下一篇, 往期阅读; a label with nothing after its colon)
SITE_LINKS = ("手机读报", "手机版", "进入论坛")  # links to a site's other views, glued to a source or on a line
CHROME = re.compile(r"首页|[>›»]|当前位置|所在的位置|正文|设为首页|加入收藏|分享|字号|字体|打印|\.(?:png|jpe?g|gif)\b"
                    r"|热线|^[\d\s:：.-]+$|上一[篇版页期]|下一[篇版页期]|放大|缩小|往期|导航|[:：]$"
                    r"|(?:第\s*)?[A-Z]?\d{1,5}\s*版(?:[:：\s]|$)|索引号|发布机构"
                    r"|数字报|通版|点击.{0,6}(?:分享|好友|关注)|》\s*《|〉〉|我知道了|已经是最后一[篇版页期]|天气预报"
                    r"|^[\u4e00-\u9fff]{2,8}(?:网|新闻|频道)\s+[\u4e00-\u9fff]{2,4}$"  # a site and its channel: X网 国内
                    r"|^[\u4e00-\u9fff]{2,8}\s*[•·]\s*[\u4e00-\u9fff]{2,4}$|^(?:内容|正文|新闻|文章)详情$"  # X • 综合
                    r"|刊号|出版物号|CN\d{2}-\d{4}|转自\s*[:：]"  # a paper's masthead: 国内统一刊号:CN62-0013; 本文转自:
                    r"|扫一扫|扫描|" + "|".join(SITE_LINKS) +  # a QR code's prompt, links to the site's other views
                    r"|读完(?:约|需要)?\s*\d+\s*分钟|全文约?\s*\d+\s*字")  # a reading time: 本文共1200字，读完约3分钟
BREADCRUMB = re.compile(r"当前位置|所在的位置|[>›»]")
BYLINE = re.compile(r"记者|通讯员|^[●○■◆\s]*(?:本报|本刊|本台|本网)")
SECTION = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、])")
HAN = re.compile(r"[\u4e00-\u9fff]")
# a bullet, a column tag, a reposting page's label (原标题:) or an agency's dateline (X网某地3月19日电 题:) before a
# headline
COLUMN = re.compile(r"[\s•·●○■◆▪\-]*(?:【[^】]{1,12}】|原[标標]题\s*[:：]|[^\n:：]{2,20}?日电\s*题\s*[:：])?\s*")
# a photo's caption ends with who took it (X村航拍图 张三摄), or says it is a file photo (X全景图 资料图)
CAPTION = re.compile(r"[\u4e00-\u9fff]{2,3}\s?[摄攝]$|(?:资料|供|配)[图圖]片?[)）]?$|^[▲△↑]")  # (▲X公园: under a photo)
# a whole stripped line; not a label and its value (• 来源: X日报)
MENU_ITEM = re.compile(r"[•·●▪◦][ \t　]*(?![^\s•·●▪◦]{0,4}[:：])[^\s•·●▪◦]{1,6}(?:[ \t　]+[^\s•·●▪◦]{1,6})?")
BULLETS = " \t　•·●○■◆▪-"  # before a menu's items (• 要闻 • 本地): no headline is so short
# a page's or file's code (sp20240508), no outlet
FILE_CODE = re.compile(r"(?<![\w-])[A-Za-z_-]*\d{6,}(?:[A-Za-z_-][\w-]*)?", re.A)
NAME_PART = re.compile(r"[\u4e00-\u9fff]{2,3}")  # one name of a line of names
SUBTITLE = re.compile(r"^[—-]{1,2}")  # ——记X: the line under a headline


def read_metadata(doc: Cleaned) -> Article:
    text = doc.text
    view = doc.view if doc.view is not None else to_simplified(text)
    # (a site's menu, one short item a line, is not counted: the headline may come after twenty of them)
    lines = [(b, e) for b, e in _lines(view) if (line := view[b:e].strip()) and not MENU_ITEM.fullmatch(line)]
    head = lines[:HEADER_LINES]
    edges = head + [ln for ln in lines[-FOOTER_LINES:] if ln not in head]
    return Article(
        name=doc.name, text=text, encoding=doc.encoding, view=view, traditional=is_traditional(text, view),
        title=_title(text, view, head, doc.title),
        issued=_issued(view, head),
        publisher=_trimmed(text, _first_group(text, view, [PUBLISHER], edges) or _first_group(text, view, SITE, edges)),
        editor=_first_group(text, view, EDITOR, edges),
    )


def _lines(view: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in view.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _title(text: str, view: str, head, page_title: str | None) -> Span | None:
    """The headline: the page's <title> where the text holds it; else, among the lines above the body, the
    one right above the date or source line or right below a breadcrumb, else the first of them."""
    if page_title:
        at = text.find(page_title)
        if at >= 0:
            return Span(at, at + len(page_title), page_title)
    kinds = [_kind(view[b:e]) for b, e in head]
    # (a page's description, a sentence above its breadcrumb, is not yet the body: the headline is below it)
    crumbs = [k for k, kind in enumerate(kinds) if kind == "chrome" and BREADCRUMB.search(view[slice(*head[k])])]
    top = crumbs[-1] + 1 if crumbs and "body" in kinds[:crumbs[-1]] else 0
    above_body = kinds.index("body", top) if "body" in kinds[top:] else len(kinds)
    options = [k for k in range(top, above_body) if kinds[k] == "line"]
    best = next((k for k in options if _next_kind(kinds, k) == "meta"), None)
    if best is None:
        best = next((k for k in options if k and kinds[k - 1] == "chrome" and CHROME.search(view[slice(*head[k - 1])])
                     and re.search(r"[>›»]", view[slice(*head[k - 1])])), None)
    if best is None and options:
        best = options[0]
    if best is None:
        return None
    if SUBTITLE.match(view[slice(*head[best])].strip()) and best - 1 in options:
        best -= 1  # 在X当驻村书记 / ——记Y: the headline above its subtitle
    b, e = head[best]
    b += COLUMN.match(view, b, e).end() - b
    while e > b and view[e - 1].isspace():
        e -= 1
    return Span(b, e, text[b:e]) if e > b else None


def _next_kind(kinds: list[str], k: int) -> str | None:
    """The kind of the first line after line k that is not the page's chrome (标题 / 字体大小: / 来源:…) or a
    by-line (标题 / 王强 李华 / 日期:…)."""
    return next((kind for kind in kinds[k + 1:] if kind not in ("chrome", "byline")), None)


def _kind(line: str) -> str:
    """What a line at the top of a page is: meta (dates, source, author), chrome, a byline, a section
    heading, the body (a sentence, or long), or a line that may be the headline."""
    line = line.strip()
    if len(line) > 80 and "。" in line:
        return "body"  # (a paragraph, though it holds a label word and a colon or a date: …发布会…做法:…。)
    if LABEL_WORD.search(line) and re.search(r"[:：]", line) or _banner(line) or ANY_DATE.search(line):
        return "meta"
    # a headline may hold ！ or ？, but it does not end with 。 (本报讯（记者…）…召开会议。 is the body)
    if len(line) > 80 or "。" in line or (len(line) > 30 and line[-1:] in "！？"):
        return "body"
    if BYLINE.search(line) or _names_only(line):
        return "byline"
    if CHROME.search(line) or CAPTION.search(line):
        return "chrome"
    if SECTION.match(line) or len(line.lstrip(BULLETS)) < 4 or not HAN.search(line):
        return "section"  # (a counter of the page's, +1, is no headline)
    return "line"


def _names_only(line: str) -> bool:
    """A line of two or more names and nothing else (王强 李华): who wrote or took the pictures, no headline."""
    from kg.lexicon import lexicon

    parts = line.split()
    surnames = lexicon().surnames
    return len(parts) >= 2 and all(NAME_PART.fullmatch(p) and (p[0] in surnames or p[:2] in surnames) for p in parts)


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


# what a source says of the piece, or the next label glued to it (来源:X晚报作者:); not 发布, which ends the
# names of government accounts (X发布), nor 发表 or 来源
TAIL_LABELS = [w for w in LABELS if w not in ("发布", "发表", "来源")]
SOURCE_DATE = re.compile(r"(?:19|20)\d{2}[-/.年]\d")  # 来源:X发布2025-11-11: the date glued to the source
# (and 责任 of a 责任编辑 glued to the source: 来源:X网责任编辑:Y)
SOURCE_TAIL = re.compile(f"(?:原创|供稿|独家|综合|整理|报道|责任|{'|'.join(SITE_LINKS + tuple(TAIL_LABELS))})$")
# (and the site's links glued to it: 来源:X网进入论坛手机读报)
PLACEHOLDERS = frozenset(("未知", "不详", "佚名", "网络", "互联网"))  # what a page's template says when no one is named
CONTROL = re.compile(r"(?:返回|关闭|打印|收藏)(?:上页|上一页|首页|顶部|列表|本页|窗口)?$")  # a page's buttons


def _trimmed(text: str, span: Span | None) -> Span | None:
    """A source without what it says of the piece or the label after it: 天山网-新疆日报原创 is 天山网-新疆日报."""
    if span is None or FILE_CODE.fullmatch(span.text) or span.text in PLACEHOLDERS or CONTROL.match(span.text):
        return None  # (来源: sp20240508: a file's code, no source; 来源:未知; 来源: 返回上页, a button)
    while (m := SOURCE_TAIL.search(to_simplified(span.text)) or SOURCE_DATE.search(span.text)) and m.start() >= 2:
        span = Span(span.begin, span.begin + m.start(), text[span.begin:span.begin + m.start()])  # (X网|责任|编辑)
    return span


def _place(word: str) -> bool:
    """Whether `word` is a city's or county's name without its suffix (保定, which jieba tags a verb)."""
    from kg.gazetteer import default_register

    return default_register().has_bare_name(word, "市县区")


def _first_group(text: str, view: str, patterns, lines) -> Span | None:
    for pattern in patterns:
        for b, e in lines:
            if m := pattern.search(view, b, e):
                s, t = m.span(1)
                if pattern in NAME_STARTS:
                    s = NAME_STARTS[pattern](view, s, t)
                return Span(s, t, text[s:t])
    return None


def _outlet_start(view: str, s: int, t: int) -> int:
    """Where a paper's name begins in a by-line found in the text (X日报记者), which the pattern starts early."""
    from kg.segmenting import tag_table

    while t - s >= 6 and tag_table().get(view[s:s + 2], "")[:1] == "v" and not _place(view[s:s + 2]):
        s += 2  # 未经|许可转载|X日报社记者…: verbs before the outlet's name are no part of it
    said = next((k for k in range(t - 6, s, -1) if tag_table().get(view[k:k + 2], "")[:1] == "v"
                 and not _place(view[k:k + 2])), None)
    if said is not None:
        s = said + 2  # 董事长X|告诉|Y日报记者: who told the paper, and the verb
    told = max(view.rfind(p, s, t - 2) for p in "向对给跟据")
    return told + 1 if told >= s else s  # 镇长王强|向|X日报记者介绍: who spoke to the paper; 据|X日报记者: by it


NAME_STARTS = {SITE[2]: _outlet_start}  # the patterns whose group 1 may begin before the name
