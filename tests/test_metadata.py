"""Stage 3, metadata: title, issued date, publisher and editor, against the gold files and on small cases."""
from __future__ import annotations

import unicodedata
from datetime import date

import opencc
import pytest

from kg.cleaning import Cleaned, clean
from kg.metadata import read_metadata
from kg.records import Decoded

_T2S = opencc.OpenCC("t2s")
# Gold titles are Simplified with “” quotes; Traditional articles write 「」 and 『』.
QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def simplified(text: str) -> str:
    """The gold files' form: OpenCC t2s (straight from OpenCC, not through kg), NFKC, curly quotes."""
    return unicodedata.normalize("NFKC", _T2S.convert(text)).translate(QUOTES)


def article_of(stem, extraction):
    return extraction(stem).article


# Every dev article and the reference article, against its gold `article` block


def test_title(article_name, extraction, gold):
    art = article_of(article_name, extraction)
    assert art.title is not None
    assert simplified(art.title.text) == simplified(gold(article_name)["article"]["title"])


def test_issued(article_name, extraction, gold):
    art = article_of(article_name, extraction)
    assert art.issued == date.fromisoformat(gold(article_name)["article"]["issued"])


def test_publisher(article_name, extraction, gold):
    art = article_of(article_name, extraction)
    assert art.publisher is not None
    assert simplified(art.publisher.text) == simplified(gold(article_name)["article"]["publisher"])


def test_editor(article_name, extraction, gold):
    art = article_of(article_name, extraction)
    assert art.editor is not None
    assert simplified(art.editor.text) == simplified(gold(article_name)["article"]["editor"])


def test_spans_slice_the_text(article_name, extraction):
    art = article_of(article_name, extraction)
    for field in ("title", "publisher", "editor"):
        span = getattr(art, field)
        assert span is not None, field
        assert 0 <= span.begin < span.end <= len(art.text), field
        assert art.text[span.begin:span.end] == span.text, field


def test_every_corpus_article_has_a_gold_file(corpus, gold_dir):
    # The tests above run once per gold file; make sure that means every article of the corpus.
    articles = sorted(p.stem for p in corpus.iterdir() if p.suffix in (".txt", ".htm", ".html"))
    assert len(articles) >= 9
    assert articles == sorted(p.name[: -len(".gold.json")] for p in gold_dir.glob("*.gold.json"))


# Small cases


def meta(text: str, title: str | None = None):
    return read_metadata(Cleaned("a.txt", text, "utf-8", title))


BANNERS = [
    pytest.param("2024年12月19日 星期四", id="date-weekday"),
    pytest.param("今天是2024年12月19日 星期四", id="today-is-date-weekday"),
    pytest.param("今天是：2024年3月5日 星期二", id="today-is-colon-date-weekday"),
    pytest.param("2024-12-19 星期四", id="iso-date-weekday"),
]


@pytest.mark.parametrize("banner", BANNERS)
def test_today_banner_is_not_the_issued_date(banner):
    # Metadata is read from the cleaned text; a banner that cleaning did not drop must still not count.
    art = meta(f"{banner}\n北关社区打造社区茶亭\n2020年6月30日 来源：济南日报\n正文第一段。")
    assert art.issued == date(2020, 6, 30)


@pytest.mark.parametrize("banner", BANNERS)
def test_today_banner_is_not_the_title(banner):
    art = meta(f"{banner}\n北关社区打造社区茶亭\n2020年6月30日 来源：济南日报\n正文第一段。")
    assert art.title is not None and art.title.text == "北关社区打造社区茶亭"


def test_today_banner_loses_to_labelled_date():
    art = meta("2024年12月19日 星期四\n北关社区打造社区茶亭\n发布日期：2020-06-30\n正文第一段。")
    assert art.issued == date(2020, 6, 30)


def test_today_banner_through_cleaning():
    doc = clean(Decoded("a.txt", "2024年12月19日 星期四\n北关社区打造社区茶亭\n2020年6月30日\n正文第一段。", "utf-8"))
    art = read_metadata(doc)
    assert art.issued == date(2020, 6, 30)
    assert art.title.text == "北关社区打造社区茶亭"


@pytest.mark.parametrize("line,expected", [
    ("2020年6月30日 来源：济南日报", date(2020, 6, 30)),
    ("发布日期：2020年06月30日", date(2020, 6, 30)),
    ("發佈日期：2021年10月19日", date(2021, 10, 19)),
    ("发布时间：2023-12-12 16:05:21", date(2023, 12, 12)),
    ("发布日期:2020/6/3", date(2020, 6, 3)),
    ("时间：2020.06.30", date(2020, 6, 30)),
])
def test_date_forms_parse(line, expected):
    assert meta(f"标题\n{line}\n正文。").issued == expected


def test_impossible_date_is_skipped():
    assert meta("标题\n发布日期：2020-02-30\n2020年6月30日\n正文。").issued == date(2020, 6, 30)


@pytest.mark.parametrize("text,editor", [
    ("标题\n正文。\n责任编辑：马晓蕾 审核：韩卫东", "马晓蕾"),
    ("标题\n正文。\n审核：韩卫东 责任编辑：马晓蕾", "马晓蕾"),
    ("标题\n正文。\n审核：韩卫东\n责任编辑：马晓蕾", "马晓蕾"),
    ("标题\n正文。\n（責任編輯：羅佳怡）", "羅佳怡"),
    ("标题\n正文。\n编辑:时金", "时金"),
    ("标题\n正文。\n【編輯:張穎】", "張穎"),
    # the next label glued to the name, without a blank (编辑:X责编:Y)
    ("标题\n发布时间:2024-05-08 来源:江城网编辑:王强责编:李华\n正文。", "王强"),
    ("标题\n正文。\n编辑:王强审核:李华", "王强"),
])
def test_editor_forms(text, editor):
    art = meta(text)
    assert art.editor is not None and art.editor.text == editor
    assert art.text[art.editor.begin:art.editor.end] == editor


def test_reviewer_alone_is_not_the_editor():
    assert meta("标题\n正文。\n审核：韩卫东").editor is None


@pytest.mark.parametrize("text, publisher", [
    ("社区来了新书记\n江城日报 记者 王强 李华\n正文。", "江城日报"),  # a newspaper's by-line, with a space
    ("社区来了新书记\n江城日报 2024-05-08 08:13 大字\n正文。", "江城日报"),  # an outlet's name and the date
    ("欢迎访问江城新闻网\n社区来了新书记\n正文。", "江城新闻网"),  # a welcome banner
])
def test_publisher_without_a_source_line(text, publisher):
    assert meta(text).publisher.text == publisher


def test_a_greeting_in_quoted_speech_names_no_site():
    art = meta("社区来了新书记\n“欢迎来到‘百姓’大舞台，今天请来了专家。”主持人说。\n正文。")
    assert art.publisher is None


@pytest.mark.parametrize("line", ["来源:江城晚报作者:时间:2024-05-08", "来源:江城晚报时间:2024-05-08"])
def test_a_label_glued_to_the_source_is_not_part_of_it(line):
    assert meta(f"社区来了新书记\n{line}\n正文。").publisher.text == "江城晚报"


def test_an_editor_is_a_name_not_the_start_of_an_outlet_s():
    # 编辑:江城县域经济报: five characters of an outlet's name are no editor
    assert meta("社区来了新书记\n来源:江城网 编辑:江城县域经济报\n正文。").editor is None
    assert meta("社区来了新书记\n来源:江城网 编辑:时金\n正文。").editor.text == "时金"


def test_a_date_glued_to_the_source_is_no_part_of_it():
    assert meta("社区来了新书记\n来源:东湖发布2025-11-11 09:38\n正文。").publisher.text == "东湖发布"


@pytest.mark.parametrize("line", ["时间:2024-05-08 10:07 来源: 字体显示:", "来源：文字大小： 发布时间:2024-05-08"])
def test_a_label_after_an_empty_source_is_no_source(line):
    # a colon ends a page's next label (字体显示:[大 中 小]), which names no publisher
    assert meta(f"社区来了新书记\n{line}\n正文。").publisher is None


@pytest.mark.parametrize("code", ["sp20240508", "XW-202405081234", "20240508001"])
def test_a_file_code_after_the_source_label_names_no_publisher(code):
    assert meta(f"社区来了新书记\n发布时间:2024-05-08 来源: {code}\n正文。").publisher is None
    assert meta("社区来了新书记\n来源: CCTV\n正文。").publisher.text == "CCTV"  # letters name an outlet


def test_a_back_to_home_button_names_no_site():
    art = meta("返回首页 > 位置: 江城网 > 东湖区 > 正文\n社区来了新书记\n日期:2024/5/8\n正文。")
    assert art.publisher is None or art.publisher.text != "返回"


def test_a_breadcrumbs_label_names_no_site():
    assert meta("您现在的位置:首页 >> 文明实践\n社区来了新书记\n日期:2024/5/8\n正文。").publisher is None


@pytest.mark.parametrize("text", [
    "本报讯（记者 王强）5月8日，东湖街道召开会议。\n街道党工委书记李华出席会议并讲话。\n会议指出，要抓好落实。",
    "街道党工委书记李华出席会议。\n会议指出，要抓好落实。",
])
def test_a_page_without_a_headline_has_no_title(text):
    # a sentence ending in 。 is the body, not a headline, even when it is short or opens with a byline
    assert meta(text).title is None


@pytest.mark.parametrize("text", [
    "东湖村的新变化\n字体大小:\n来源:江城网 编辑:王强\n正文第一段。",
    "往期阅读\n当前版: 08版 上一版 下一版\n上一篇 下一篇\n放大 缩小 默认\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议，"
    "村党支部书记李华出席会议并讲话，会议指出要抓好落实，各项工作要落到实处，让群众满意，让村民得到实惠。",
    "第07版:要闻 上一版 下一版\n标题导航\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议。",
    "3243 期 / 第6版:乡村振兴\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议。",  # a paper's issue and page
    "- 0 +1\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议。",  # a counter: no Chinese, no headline
    "索引号 12345678-9/20240508-00001 发布机构 江城市东湖乡\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议。",
    "点击右上角微信好友\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议。",  # a share prompt
    "《江城日报》 《江城晚报》 《江城商报》\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议。",  # the papers' menu
    "〉〉〉〉〉王强 李华\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议。",
    "江城日报 数字报纸\n00009版:要闻\n收缩通版\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议。",
])
def test_a_pages_controls_are_no_headline(text):
    # 字体大小:, 放大 缩小, 上一版 下一版, 往期阅读, 标题导航: a page's controls, between the headline and its date
    assert meta(text).title.text == "东湖村的新变化"


def test_a_site_menu_above_the_headline_is_no_headline():
    # one short item a bullet (• 要闻 • 本地 …), and as many as push the headline past the first lines
    menu = "".join(f"  • {item}\n" for item in ["要闻", "本地", "国内", "国际", "财经", "体育", "教育", "文旅", "健康",
                                                  "汽车", "房产", "科技", "社会", "评论", "视频", "图片", "更多>>"])
    art = meta(menu + "东湖村的新变化\n作者:本报记者 王强 (2024年05月08日 10版)\n正文第一段。")
    assert art.title.text == "东湖村的新变化" and art.issued == date(2024, 5, 8)


def test_a_label_glued_to_the_source_is_cut_off_whole():
    assert meta("社区来了新书记\n来源:江城政法网责任编辑: 王强\n正文。").publisher.text == "江城政法网"


@pytest.mark.parametrize("line", ["新江城 • 综合", "内容详情"])
def test_a_sites_channel_and_a_details_label_are_no_headline(line):
    assert meta(f"东湖村的新变化\n{line}\n发布时间:2024-05-08\n正文。").title.text == "东湖村的新变化"


def test_a_line_of_names_is_a_by_line_between_the_headline_and_its_date():
    art = meta("天气预报\n江城市东湖街道\n东湖村的新变化\n王强 李华\n日期:2024年05月08日 来源:江城网\n正文第一段。")
    assert art.title.text == "东湖村的新变化"


def test_a_reposting_label_is_no_headline():
    assert meta("本文转自:江城网\n东湖村召开了会议，村民都来了。").title is None


def test_a_pages_dialog_is_no_headline():
    # an e-paper's pop-up (已经是最后一版, 我知道了) above the date and the headline
    art = meta("这已经是最后一版了!\n我知道了\n2024年05月08日\n东湖村的新变化\n本报讯 5月8日，东湖村召开会议。")
    assert art.title.text == "东湖村的新变化"


def test_a_headline_may_end_with_an_exclamation_mark():
    assert meta("我们的社区真美！\n发布时间：2024-05-08\n正文。").title.text == "我们的社区真美！"


def test_page_title_is_used_when_the_text_has_it():
    text = "粤海街道：党建联盟\n发布时间：2023-12-12\n正文。"
    art = meta(text, title="粤海街道：党建联盟")
    assert (art.title.begin, art.title.end, art.title.text) == (0, 9, "粤海街道：党建联盟")


def test_traditional_flag_and_view():
    art = meta("北關社區網格員\n發布日期：2020-06-30\n社區居民圍坐在一起，說心裡話。")
    assert art.traditional is True
    assert art.view.startswith("北关社区网格员")
    assert meta("北关社区网格员\n发布日期：2020-06-30\n社区居民围坐在一起。").traditional is False


def test_a_copyright_notice_quoting_a_source_names_no_publisher():
    # 凡注明“来源:X”的…稿件: whose pages they are, not the source of this one
    art = meta("社区来了新书记\n正文。\n凡注明“来源:江城日报”的所有文字、图片稿件，版权均属本网所有。")
    assert art.publisher is None
    assert meta("社区来了新书记\n来源:江城日报\n正文。").publisher.text == "江城日报"


def test_a_reposting_page_s_label_and_a_site_s_channel_are_no_part_of_the_headline():
    assert meta("原标题:东湖村换了新模样\n2024-05-08 来源:江城网\n正文。").title.text == "东湖村换了新模样"
    # (a site's name and its channel above the headline: 江城网 国内)
    assert meta("江城新闻 国内\n\n东湖村换了新模样\n\n正文第一段写得很长很长。").title.text == "东湖村换了新模样"


def test_a_subtitle_an_agency_s_dateline_and_a_photo_caption_are_no_headline():
    # the headline above its subtitle (——记…), not the subtitle right above the source line
    art = meta("东湖村来了新书记\n\n——记江城县派驻东湖村第一书记\n\n2024年05月08日 来源:江城网\n正文。")
    assert art.title.text == "东湖村来了新书记"
    art = meta("江城网东湖5月8日电 题:东湖村来了新书记\n江城网记者 张华\n正文第一段写得很长很长，有句号。")
    assert art.title.text == "东湖村来了新书记"
    art = meta("东湖村航拍图 张华摄\n东湖村来了新书记\n2024年05月08日 来源:江城网\n正文。")
    assert art.title.text == "东湖村来了新书记"
    # a file photo's caption (X全景图 资料图) is none either
    assert meta("东湖村全景图 资料图\n近年来，东湖村发展很快，村民的日子越过越红火。\n").title is None
    art = meta("东湖村全景图（资料图片）\n东湖村来了新书记\n2024年05月08日 来源:江城网\n正文。")
    assert art.title.text == "东湖村来了新书记"


def test_a_paper_s_masthead_is_no_headline():
    art = meta("江城日报社出版 国内统一刊号:CN99-0001\n东湖村来了新书记\n2024年05月08日 来源:江城日报\n正文。")
    assert art.title.text == "东湖村来了新书记"


def test_a_qr_codes_prompt_is_no_headline():
    art = meta("东湖村的新变化\n微信扫一扫 手机版\n江城网 2024/05/08\n正文第一段。")
    assert art.title.text == "东湖村的新变化"


@pytest.mark.parametrize("source", ["未知", "网络"])
def test_a_templates_placeholder_names_no_publisher(source):
    assert meta(f"东湖村的新变化\n发布时间:2024-05-08 来源:{source}\n正文。").publisher is None


def test_the_sites_links_glued_to_the_source_are_no_part_of_it():
    assert meta("东湖村的新变化\n时间:2024-05-08 来源:江城新闻网进入论坛手机读报\n正文。").publisher.text == "江城新闻网"


def test_the_headline_is_below_a_breadcrumb_under_the_pages_description():
    # a page's description (a sentence) above its breadcrumb is not the body the headline stands above
    art = meta("东湖村山清水秀，游客络绎不绝。\n您当前的位置 : 江城新闻>\n东湖村的新变化\n江城网 时间:2024-05-08\n"
               "东湖村山清水秀，游客络绎不绝。")
    assert art.title.text == "东湖村的新变化"


def test_a_labelled_line_after_a_bullet_is_no_menu_item():
    art = meta("您当前的位置: 江城新闻 > 要闻\n  • 2024-05-08 06:56\n  • 来源: 江城日报\n东湖村山清水秀，游客络绎不绝。")
    assert art.publisher.text == "江城日报"


@pytest.mark.parametrize("button", ["返回上页", "关闭窗口", "打印本页"])
def test_a_button_after_the_source_label_names_no_publisher(button):
    assert meta(f"东湖村的新变化\n发布时间:2024-05-27  来源:  {button}\n正文。").publisher is None


@pytest.mark.parametrize("line", ["本文共1200字，读完约3分钟", "▲东湖村的新公园"])
def test_a_reading_time_and_a_photos_caption_are_no_headline(line):
    assert meta(f"{line}\n\n东湖村山清水秀，游客络绎不绝。").title is None


def test_a_paragraph_with_a_label_word_and_a_colon_is_the_body_not_a_date_line():
    # (发布会, 经验：) the short line under it is a section of the body (a 街道's part of the report), no headline
    art = meta("5月8日，东湖区召开民生工作发布会，各街道交流了经验：东湖街道讲了老旧小区加装电梯的办法，西湖街道讲了"
               "社区食堂的办法，南湖街道讲了停车位的办法，居民代表听后纷纷点赞，都说这些办法实在管用。\n东湖街道\n"
               "电梯装进了32个小区 满意率达98%\n本报讯（记者 王强）东湖街道召开会议，居民代表提出了问题，街道很快作了回应。")
    assert art.title is None
