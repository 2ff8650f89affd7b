"""Stage 2, cleaning: main text kept, tags and page chrome gone, white space folded, paragraphs kept."""
from __future__ import annotations

import re

import pytest

from kg.cleaning import clean
from kg.reading import decode
from kg.records import Decoded, Source

BULLET_ONLY = re.compile(r"^[\s•·●○◆◇■□▪▫►\-*?？�]*$")


def cleaned_file(path):
    return clean(decode(Source(str(path), path.read_bytes())))


@pytest.fixture(scope="module")
def tianqiao(reference_path):
    return cleaned_file(reference_path)


@pytest.fixture(scope="module")
def nanshan(corpus):
    return cleaned_file(corpus / "dev-03-nanshan-yuehai.html")


@pytest.fixture(scope="module")
def nanshan_page(corpus) -> str:
    return (corpus / "dev-03-nanshan-yuehai.html").read_bytes().decode("gb18030")


# The reference article: a scraped fragment with junk tags and a "today" banner


def test_reference_has_no_markup(tianqiao):
    assert "<" not in tianqiao.text
    assert ">" not in tianqiao.text


def test_reference_has_no_bullet_or_question_mark_lines(tianqiao):
    bad = [line for line in tianqiao.text.split("\n") if BULLET_ONLY.match(line)]
    assert bad == []


def test_reference_today_banner_is_gone(tianqiao):
    assert "2024年12月19日" not in tianqiao.text
    assert "星期四" not in tianqiao.text


def test_reference_keeps_title_and_metadata_lines(tianqiao):
    lines = tianqiao.text.split("\n")
    assert lines[0] == "激活“黨建+”生命力 全力打造“天橋樣板”"
    assert "發布日期:2020-06-30" in lines
    assert "信息來源:濟南日報" in lines
    assert "編輯:時金" in lines


def test_reference_keeps_paragraphs(tianqiao):
    lines = tianqiao.text.split("\n")
    assert len(lines) >= 20  # the source has 25 non-empty text lines
    # Paragraph indentation (ideographic / ASCII spaces) is folded away, not the paragraph breaks.
    assert "行穩方能致遠,根深才能葉茂。今年以來,天橋發展“1339”戰略藍圖已經繪就," \
           "黨建工作緊跟時代步伐、惠及百姓民生、服務中心工作," \
           "為全區賦能趕超、跨越崛起,加快建設現代化中心城區提供堅強的組織保證。" in lines
    assert "抓基礎 強隊伍" in lines
    assert "推動基層黨建工作提質增效" in lines
    assert all(line == line.strip() for line in lines)
    assert "" not in lines


def test_reference_is_not_mangled(tianqiao, reference_path):
    # Every Han character of the source except the banner's survives, in order.
    raw = reference_path.read_text(encoding="utf-8").replace("2024年12月19日 星期四", "")
    han = lambda s: "".join(ch for ch in s if "\u4e00" <= ch <= "\u9fff")  # noqa: E731
    assert han(tianqiao.text) == han(raw)


# Unit cases on small Decoded inputs


@pytest.mark.parametrize("raw,expected", [
    ("北關社區(qū)的居民", "北關社區的居民"),
    ("北关社区(qū)的居民", "北关社区的居民"),
    ("天橋區（qū）委", "天橋區委"),
    ("網格(gé)員", "網格員"),
])
def test_pinyin_residue_removed(raw, expected):
    assert clean(Decoded("a.txt", raw, "utf-8")).text == expected


def test_parentheses_that_are_not_pinyin_stay():
    text = "區屬黨(工)委書記和(ABC)小組"
    assert clean(Decoded("a.txt", text, "utf-8")).text == text


@pytest.mark.parametrize("raw,expected", [
    ("北关社区&nbsp;&nbsp;网格员", "北关社区 网格员"),
    ("党建&amp;网格", "党建&网格"),
    ("&ldquo;社区茶亭&rdquo;", "“社区茶亭”"),
    ("&#21271;&#x5173;社区", "北关社区"),
])
def test_html_entities_unescaped(raw, expected):
    assert clean(Decoded("a.txt", raw, "utf-8")).text == expected


def test_white_space_folded_within_lines_and_blank_lines_dropped():
    raw = "标题\r\n\r\n\u3000\u3000第一段  正文\t内容。\r\n\n   \n第二段。\r"
    assert clean(Decoded("a.txt", raw, "utf-8")).text == "标题\n第一段 正文 内容。\n第二段。"


def test_invisible_characters_removed():
    raw = "北\u200b关\ufeff社\u200d区"
    assert clean(Decoded("a.txt", raw, "utf-8")).text == "北关社区"


def test_fragment_tags_removed_and_breaks_kept():
    raw = "<div>第一段。</div><div>第二段<b>加粗</b>。</div><script>var x = 1;</script><br>第三段。"
    assert clean(Decoded("a.txt", raw, "utf-8")).text.split("\n") == ["第一段。", "第二段加粗。", "第三段。"]


# The dev-03 HTML page: a full page with navigation, banner, share links and footer


def test_page_title_is_first_line(nanshan):
    assert nanshan.text.split("\n")[0] == "粤海街道：“1+3+N”党建联盟让新就业群体“有家可归”"


BODY = "<body><div class='nav'>首页 | 政务公开</div>{h}<article><p>" + "街道召开会议，部署网格化服务管理工作。" * 8 + \
    "</p><p>" + "社区书记介绍了经验做法和下一步打算。" * 8 + "</p></article></body></html>"
TITLED_PAGES = {  # where a page's title can come from, in the order trafilatura's metadata looks
    "og": "<html><head><meta property='og:title' content='  甲街道开展\n  服务活动 '><title>网站 - 甲</title></head>",
    "json-ld": "<html><head><script type='application/ld+json'>{\"@context\": \"https://schema.org\", "
               "\"@type\": \"NewsArticle\", \"headline\": \"乙社区成立工作室\"}</script><title>乙</title></head>",
    "bad json-ld": "<html><head><script type='application/ld+json'>{\"headline\": [}</script>"
                   "<title>丙社区_某区人民政府</title></head>",
    "meta name": "<html><head><meta name='title' content='丁村召开大会'></head>",
    "title tag": "<html><head><title>戊街道：为民办实事 - 某市政府网</title></head>",
    "none": "<html><head></head>",
}


@pytest.mark.parametrize("head", TITLED_PAGES)
@pytest.mark.parametrize("h1", ["", "<h1>页面上的标题</h1>", "<h1>一</h1><h1>二</h1>"])
def test_page_title_is_the_one_trafilatura_s_metadata_gives(head, h1, nanshan_page):
    """Cleaning asks trafilatura for the text only, and makes the title as its metadata would."""
    import trafilatura

    from kg.cleaning import _page_title

    for page in (TITLED_PAGES[head] + BODY.format(h=h1), nanshan_page):
        doc = trafilatura.bare_extraction(page, include_comments=False, include_tables=True, with_metadata=True,
                                          deduplicate=False)
        assert _page_title(page) == (doc.title or None)
    if head != "none" or h1:
        assert _page_title(TITLED_PAGES[head] + BODY.format(h=h1))  # each kind gives one here


@pytest.mark.parametrize("chrome", [
    "首页", "政务公开", "党建动态", "便民服务", "互动交流", "专题专栏",  # nav menu
    "当前位置", "设为首页", "加入收藏",
    "今天是", "2024年3月5日", "星期二",  # the "today" banner
    "关于我们", "网站地图", "联系我们", "Copyright", "©", "版权所有", "主办单位", "ICP备", "网站标识码",  # footer
    "浏览次数", "2317", "分享到", "微信", "微博", "打印本页", "关闭窗口", "字体",
])
def test_page_chrome_is_gone(nanshan, chrome):
    assert chrome not in nanshan.text


@pytest.mark.parametrize("code", ["siteName", "setFont", "getElementById", "innerHTML", "font-size", "{", "}"])
def test_page_script_and_style_are_gone(nanshan, code):
    assert code not in nanshan.text


def test_page_keeps_metadata_lines(nanshan):
    lines = nanshan.text.split("\n")
    published = [ln for ln in lines if ln.startswith("发布时间")]
    assert len(published) == 1
    assert "2023-12-12" in published[0]
    assert "来源：南山区委组织部" in published[0]
    assert "责任编辑：郑宇航" in lines


def test_page_keeps_every_body_paragraph(nanshan, nanshan_page):
    content = nanshan_page[nanshan_page.index('<div class="content"'):nanshan_page.index('<div class="editor"')]
    body = [p.strip("\u3000 ") for p in re.findall(r"<p>(.*?)</p>", content, re.S)]
    assert len(body) == 5
    lines = nanshan.text.split("\n")
    for p in body:
        assert p in lines


def test_page_has_no_markup_or_entities(nanshan):
    assert "<" not in nanshan.text and ">" not in nanshan.text
    assert "&nbsp;" not in nanshan.text and "&gt;" not in nanshan.text
    assert "\u00a0" not in nanshan.text and "\r" not in nanshan.text


def test_cleaning_makes_the_simplified_view_once_and_it_is_the_texts(corpus):
    """The view made line by line in cleaning (with the line's edits) is `to_simplified` of the clean
    text, so metadata need not convert the text again; also with chrome cut out of a line."""
    from kg.reading import decode
    from kg.records import Source
    from kg.view import to_simplified

    pages = [p.read_bytes() for p in sorted(corpus.iterdir()) if p.suffix in (".txt", ".html")]
    pages.append("關於社區的報導【字體：大 中 小】【打印】  今年以來\u3000社區  黨員120名\n瀏覽次數：12 分享到：微信".encode())
    for data in pages:
        doc = clean(decode(Source("a.txt", data)))
        assert doc.view is not None and len(doc.view) == len(doc.text)
        assert doc.view == to_simplified(doc.text)
