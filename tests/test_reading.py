"""Stage 1, reading: finding inputs and decoding their bytes. All bytes here are made by the tests."""
from __future__ import annotations

import codecs
import io
import random

import pytest

from kg.errors import InputError, KgError
from kg.reading import decode, iter_sources
from kg.records import Source

SIMPLIFIED = [
    pytest.param("北关社区的网格员在社区里开展便民服务活动。", id="short-simplified"),
    pytest.param("今年以来，天桥区坚持以党建为引领，打造“党建+网格”工作模式，建立“3+5+X”网格化治理工作体系。"
                 "全区划分为1153个网格，建立起9097人的网格员队伍，其中党员5207人，占57%。\n"
                 "责任编辑：时金", id="paragraph-simplified"),
]
TRADITIONAL = [
    pytest.param("天橋區北坦街道北關社區的茶亭裡，社區居民圍坐在一起，喝茶聊天，說心裡話。", id="sentence-traditional"),
    pytest.param("今年以來，天橋區堅持以黨建為引領，打造「黨建+網格」工作模式，建立「3+5+X」網格化治理工作體系。"
                 "全區劃分為1153個網格，建立起9097人的網格員隊伍，其中黨員5207人，佔57%。\n"
                 "（編輯：許文靜）", id="paragraph-traditional"),
    pytest.param("南京市鼓樓區下關街道熱河路社區「鄰里中心」開放以來，累計服務居民3.2萬人次。", id="taiwan-forms"),
]
# GB18030 beyond GB2312: 珺 is GBK-only, © is a four-byte GB18030 sequence.
GB18030_ONLY = [
    pytest.param("作者：陈思珺\n粤海街道党工委牵头组建党建联盟，服务新就业群体。", id="gbk-only-char"),
    pytest.param("Copyright © 2016-2023 版权所有：深圳市南山区粤海街道办事处\n正文：陈思珺报道。", id="four-byte-char"),
]


def src(data: bytes, name: str = "article.txt") -> Source:
    return Source(name, data)


def test_gb18030_preconditions():
    """The examples really exercise what they claim to."""
    assert len("©".encode("gb18030")) == 4
    with pytest.raises(UnicodeEncodeError):
        "珺".encode("gb2312")
    assert len("珺".encode("gbk")) == 2


@pytest.mark.parametrize("text", SIMPLIFIED + TRADITIONAL + GB18030_ONLY)
def test_utf8(text):
    got = decode(src(text.encode("utf-8")))
    assert got.text == text
    assert got.encoding == "utf-8"
    assert got.name == "article.txt"


@pytest.mark.parametrize("text", SIMPLIFIED + TRADITIONAL)
def test_utf8_with_bom(text):
    got = decode(src(codecs.BOM_UTF8 + text.encode("utf-8")))
    assert got.text == text  # the BOM is not part of the text
    assert got.encoding == "utf-8"


@pytest.mark.parametrize("text", SIMPLIFIED + GB18030_ONLY)
def test_gb18030(text):
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    got = decode(src(data))
    assert got.text == text
    assert got.encoding == "gb18030"


@pytest.mark.parametrize("text", TRADITIONAL + [
    pytest.param("北關社區網格員", id="big5-short-phrase"),
])
def test_big5_is_not_read_as_gb18030(text):
    data = text.encode("big5")
    # The trap: the same bytes decode without error as GB18030, giving mojibake.
    mojibake = data.decode("gb18030")
    assert mojibake != text
    got = decode(src(data))
    assert got.text == text, f"decoded as {got.encoding}: {got.text!r}"
    assert got.encoding in ("big5", "big5hkscs", "cp950")


@pytest.mark.parametrize("meta", [
    '<meta charset="gb2312">',
    "<meta charset=gb2312>",
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    '<meta http-equiv="Content-Type" content="text/html; charset=GBK">',
])
def test_html_meta_gb2312_decodes_as_gb18030(meta):
    page = (f"<!DOCTYPE html>\n<html>\n<head>\n{meta}\n<title>粤海街道工作动态</title>\n</head>\n<body>\n"
            "<p>作者：陈思珺</p>\n<p>Copyright © 2023 粤海街道办事处</p>\n</body>\n</html>\n")
    data = page.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")
    got = decode(src(data, "page.html"))
    assert got.text == page
    assert "珺" in got.text and "©" in got.text
    assert got.encoding == "gb18030"


# A UTF-8 page whose <meta> declares what it cannot be in: UTF-16 or UTF-32 (a meta tag readable as ASCII
# rules them out), codecs that are no charsets, unknown names, and single-byte or legacy charsets under
# which the bytes decode cleanly into mojibake.
WRONG_CHARSETS = ["utf-16", "utf-16le", "utf-16be", "utf-32", "rot13", "base64", "hex", "uu", "zlib", "nope",
                  "latin-1", "iso-8859-1", "windows-1252", "cp037", "koi8-r", "unicode_escape", "gbk", "big5"]
HAIDIAN = "北京市海淀区学院路街道成府路社区设立“李明工作室”，全社区共有党员120名。"


@pytest.mark.parametrize("pad", range(4))  # every length mod 4: UTF-16 and UTF-32 readings decode at some
@pytest.mark.parametrize("charset", WRONG_CHARSETS)
def test_a_wrongly_declared_charset_does_not_make_mojibake(charset, pad):
    page = (f'<html><head><meta charset="{charset}"><title>海淀区</title></head>'
            f"<body><p>{HAIDIAN}</p>{' ' * pad}</body></html>").encode("utf-8")
    got = decode(src(page, "page.html"))
    assert HAIDIAN in got.text and got.encoding == "utf-8", (got.encoding, got.text[:80])


def test_a_wrongly_declared_charset_still_gives_the_units():
    from kg.pipeline import extract_source

    page = f'<html><head><meta charset="utf-16"></head><body><p>{HAIDIAN}</p></body></html> '.encode("utf-8")
    assert len(page) % 2 == 0 and page.decode("utf-16")  # (it reads as UTF-16, as mojibake)
    names = {e.name for e in extract_source(src(page, "page.html")).entities}
    assert {"海淀区", "成府路社区", "李明工作室"} <= names, names


@pytest.mark.parametrize("charset,text", [("latin-1", "Café crème, déjà vu."), ("koi8-r", "Привет, мир.")])
def test_a_rightly_declared_single_byte_charset_is_kept(charset, text):
    page = f'<html><head><meta charset="{charset}"></head><body><p>{text}</p></body></html>'
    assert decode(src(page.encode(charset), "page.html")).text == page


@pytest.mark.parametrize("text", SIMPLIFIED + TRADITIONAL)
@pytest.mark.parametrize("codec,bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_with_bom(text, codec, bom):
    got = decode(src(bom + text.encode(codec)))
    assert got.text == text
    assert got.encoding.startswith("utf-16")


def test_undecodable_bytes_raise_input_error_listing_encodings():
    data = b"\x80\xff\xfe" * 50  # invalid as UTF-8, GB18030 and Big5
    for enc in ("utf-8", "gb18030", "big5hkscs"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(enc)
    with pytest.raises(InputError) as info:
        decode(src(data, "corpus/broken.txt"))
    msg = str(info.value)
    assert "corpus/broken.txt" in msg
    for enc in ("utf-8", "gb18030"):
        assert enc in msg.lower()
    assert "big5" in msg.lower()


def test_binary_raises_input_error_saying_binary():
    rng = random.Random(20200630)
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(InputError) as info:
        decode(src(data, "images/photo.txt"))
    msg = str(info.value)
    assert "images/photo.txt" in msg
    assert "binary" in msg.lower()


def test_unreadable_source_error_is_raised():
    with pytest.raises(InputError) as info:
        decode(Source("locked.txt", b"", error="locked.txt: cannot read: Permission denied"))
    assert "locked.txt" in str(info.value)


# iter_sources


def test_directory_yields_article_files_sorted(tmp_path):
    for name in ("b.html", "a.txt", "c.htm", "README.md", "notes.json", "d.TXT"):
        (tmp_path / name).write_bytes(name.encode())
    (tmp_path / "sub.txt").mkdir()  # a directory with an article suffix is not a file to read
    got = list(iter_sources([str(tmp_path)]))
    assert [s.name for s in got] == [str(tmp_path / n) for n in ("a.txt", "b.html", "c.htm", "d.TXT")]
    assert [s.data for s in got] == [b"a.txt", b"b.html", b"c.htm", b"d.TXT"]
    assert all(s.error is None for s in got)


def test_files_keep_command_line_order(tmp_path):
    (tmp_path / "z.txt").write_bytes(b"z")
    (tmp_path / "a.txt").write_bytes(b"a")
    got = list(iter_sources([str(tmp_path / "z.txt"), str(tmp_path / "a.txt")]))
    assert [s.data for s in got] == [b"z", b"a"]


def test_dash_reads_stdin():
    data = "北关社区".encode("utf-8")
    got = list(iter_sources(["-"], stdin=io.BytesIO(data)))
    assert len(got) == 1
    assert got[0].name == "<stdin>"
    assert got[0].data == data


def test_missing_path_raises_naming_it(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(b"x")
    missing = tmp_path / "no-such-article.txt"
    with pytest.raises(KgError) as info:
        list(iter_sources([str(good), str(missing)]))
    assert str(missing) in str(info.value)
    assert not isinstance(info.value, InputError)  # a usage error, exit code 2
    assert info.value.exit_code == 2


def test_directory_without_articles_raises(tmp_path):
    (tmp_path / "README.md").write_text("not an article")
    with pytest.raises(KgError) as info:
        list(iter_sources([str(tmp_path)]))
    assert str(tmp_path) in str(info.value)
