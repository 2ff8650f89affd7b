"""Fuzzing every text stage with hypothesis: reading, cleaning, segmenting, extracting, the whole build.

Inputs are random bytes, and texts assembled from the pieces scraped pages are made of (Chinese words,
unit suffixes, quotes, figures, tags, entities, comments, zero-width and bidi controls, NUL, astral
characters), encoded in UTF-8, GB18030, Big5 or UTF-16 and often cut at a random byte. The fixed seed
and the example count come from the hypothesis profile in conftest.py.

The properties: a stage returns its record or raises `InputError` (never anything else), and what it
returns keeps the pipeline's promises: offsets point at the text they claim, tokens tile the text,
every graph serializes in every format and parses back to the same graph.
"""
from __future__ import annotations

import codecs
import gzip
import json
import re

from hypothesis import example, given, strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cleaning import INVISIBLE, clean
from kg.errors import InputError
from kg.exporting import FORMATS, serialize
from kg.extracting import extract_candidates
from kg.metadata import read_metadata
from kg.namespace import KG
from kg.pipeline import build, extract_source
from kg.reading import decode
from kg.records import Decoded, Source
from kg.segmenting import sentences, tokenize

PIECES = [
    "北京市", "海淀区", "学院路街道", "成府路社区", "天橋區", "北關社區", "村", "镇", "乡", "省", "县", "街道办事处",
    "工作室", "书记", "主任", "党委", "党工委", "组织部", "王建国", "李明", "责任编辑：", "编辑：", "来源：", "发布日期：",
    "2020-06-30", "2020年6月30日", "星期二", "“", "”", "「", "」", "『", "』", "\"", "'", "党建+网格", "工作模式", "工程",
    "打造", "实施", "12", "1153个", "9097人", "57%", "3.2万", "１２３", "。", "，", "、", "；", "！", "？", "：", "\n", "\r\n",
    " ", "\t", "\u3000", "\u00a0", "<p>", "</p>", "<div class=\"a\">", "</div>", "<br>", "<br/>", "<script>", "</script>",
    "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<title>", "</title>", "<!DOCTYPE html>", "<html>", "<body>", "<meta charset=\"gbk\">",
    "<meta charset=\"big5\">", "<meta charset=\"nope\">", "&amp;", "&lt;", "&#x793E;", "&#21306;", "&nbsp;", "&", "&#", "&#xD800;",
    "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\x00", "\x07", "\x1b", "\ufffd", "😀", "𠀀", "(qū)", "（ā）",
    "Copyright ©", "ICP备12345号", "a", "The", "社区", "区", "市",
]
TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=120).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "utf-8-sig"])


@st.composite
def encoded(draw) -> bytes:
    """A text in some encoding; unencodable characters dropped; often cut at a random byte."""
    text = draw(TEXT)
    if draw(st.booleans()):
        text = f"<!DOCTYPE html><html><head><title>{draw(TEXT)[:30]}</title></head><body>{text}</body></html>"
    data = text.encode(draw(ENCODINGS), errors="ignore")
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


INPUT = st.one_of(st.binary(max_size=2048), encoded())


def _spans_hold(article, spans):
    for s in spans:
        assert 0 <= s.begin <= s.end <= len(article.text)
        assert article.text[s.begin:s.end] == s.text


@given(INPUT)
def test_reading_decodes_or_refuses(data):
    try:
        got = decode(Source("fuzz.txt", data))
    except InputError as err:
        assert str(err).startswith("fuzz.txt: ") and err.reason in ("binary", "cannot decode")
        return
    assert isinstance(got.text, str) and got.encoding


# Found by the fuzzer: a control character in a page made lxml refuse the text (ValueError).
@given(TEXT)
@example("<br><!DOCTYPE html>\x08")
def test_cleaning_returns_tidy_text(text):
    got = clean(Decoded("fuzz.txt", text, "utf-8"))
    assert "\r" not in got.text and not INVISIBLE.search(got.text)
    assert all(line == line.strip() and line for line in got.text.split("\n")) or got.text == ""


@given(TEXT)
def test_segmenting_tiles_the_text(text):
    article = read_metadata(clean(Decoded("fuzz.txt", text, "utf-8")))
    assert len(article.view) == len(article.text)
    tokens = tokenize(article)  # raises if the tokens do not tile the text
    assert "".join(t.word for t in tokens) == article.view
    sents = sentences(article)
    _spans_hold(article, sents)
    assert all(a.end <= b.begin for a, b in zip(sents, sents[1:]))


@given(TEXT)
def test_extracting_points_at_its_text(text):
    article = read_metadata(clean(Decoded("fuzz.txt", text, "utf-8")))
    cands = extract_candidates(article, tokenize(article))
    _spans_hold(article, [c.span for c in cands])
    _spans_hold(article, [s for s in (article.title, article.publisher, article.editor) if s])


@given(INPUT)
@example(b"<!DOCTYPE\thtml><br>\x01")
@example(b"<html><body>\xef\xbf\xbe\xe7\xa4\xbe\xe5\x8c\xba</body></html>")  # U+FFFE, a non-character
def test_extract_source_gives_an_extraction_or_one_input_error(data):
    try:
        ex = extract_source(Source("fuzz.txt", data))
    except InputError as err:
        assert str(err).startswith("fuzz.txt: ") and "\n" not in str(err)
        return
    keys = {e.key for e in ex.entities}
    assert len(keys) == len(ex.entities)
    for e in ex.entities:
        _spans_hold(ex.article, [m.span for m in e.mentions] + [m.sentence for m in e.mentions])
    for r in ex.relations:
        assert r.subject in keys and r.object in keys
    for s in ex.statistics:
        _spans_hold(ex.article, [s.mention.span])
        assert s.about is None or s.about in keys


@given(st.lists(INPUT, min_size=1, max_size=3))
def test_build_output_parses_back_in_every_format(inputs):
    result = build([Source(f"fuzz-{i}.txt", data) for i, data in enumerate(inputs)])
    assert len(result.extractions) + len(result.failures) == len(inputs)
    assert all(err.reason != "internal error" for err in result.failures), [str(e) for e in result.failures]
    expected = Graph()
    for s, p, o, _ in result.dataset.quads((None, None, None, None)):
        expected.add((s, p, o))
    for fmt in FORMATS:
        back = Dataset(default_union=True)
        back.parse(data=serialize(result.dataset, fmt), format=fmt)
        got = Graph()
        for s, p, o, _ in back.quads((None, None, None, None)):
            got.add((s, p, o))
        assert isomorphic(got, expected), fmt


# JSON Lines records through the whole CLI (in this process: an exception escaping `main` is a traceback)

GOOD_TEXTS = ["北京市海淀区学院路街道成府路社区设立“李明工作室”", "天桥区北坦街道北关社区开展便民服务活动",
              "武侯区玉林街道棕南社区共有党员120名"]
FIELDS = ("text", "html", "content", "title", "url", "date")
NO_SURROGATES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
                    max_leaves=8)
ODD_KEYS = st.dictionaries(st.text(max_size=6).filter(lambda k: k not in FIELDS), JSON, max_size=3)


def _dumps(draw, value) -> bytes:
    return json.dumps(value, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


@st.composite
def good_record(draw) -> bytes:
    """A record that builds: an article text (unique, so that each is its own article), odd extra keys."""
    record = {**draw(ODD_KEYS), "text": f"{draw(st.sampled_from(GOOD_TEXTS))}，第{draw(st.integers(0, 10**9))}号。"}
    for key in ("title", "url", "date"):
        if draw(st.booleans()):
            record[key] = draw(NO_SURROGATES | st.sampled_from(["https://news.example.cn/a/1.html", "2021-03-05"]))
    return _dumps(draw, dict(draw(st.permutations(list(record.items())))))


@st.composite
def bad_record(draw) -> bytes:
    """A record that cannot build, of each kind a crawler has been seen to write."""
    kind = draw(st.sampled_from(["deep", "surrogate", "not-object", "no-text", "garbage", "huge-integer"]))
    text = draw(st.sampled_from(GOOD_TEXTS))
    if kind == "deep":
        depth = draw(st.integers(5_000, 50_000))  # past any recursion limit (hypothesis raises it)
        inner = draw(st.sampled_from(["[", '{"a":']))
        close = "]" if inner == "[" else "}"
        nest = inner * depth + "0" + close * depth
        return (nest if draw(st.booleans()) else f'{{"text": "{text}", "x": {nest}}}').encode()
    if kind == "surrogate":
        key = draw(st.sampled_from(["text", "title", "url"]))
        half = f"\\u{draw(st.integers(0xD800, 0xDFFF)):x}"
        at = draw(st.integers(0, len(text)))
        value = text[:at] + half + text[at:] if key == "text" else f"x{half}"
        return (f'{{"text": "{text}", "{key}": "{value}"}}' if key != "text" else f'{{"text": "{value}"}}').encode()
    if kind == "not-object":
        return _dumps(draw, draw(JSON.filter(lambda v: not isinstance(v, dict))))
    if kind == "no-text":
        record = draw(ODD_KEYS)
        if draw(st.booleans()):
            record[draw(st.sampled_from(["text", "html", "content"]))] = draw(
                JSON.filter(lambda v: not isinstance(v, str)) | st.sampled_from(["", "  ", "\n"]))
        return _dumps(draw, record)
    if kind == "garbage":
        return draw(st.binary(min_size=1, max_size=40).filter(lambda b: b"\n" not in b and b.strip()
                                                                and not b.strip().startswith((b"{", b"\xef"))))
    return f'{{"text": "{text}", "n": {"9" * draw(st.integers(4_400, 20_000))}}}'.encode()


@st.composite
def crawl(draw) -> tuple[list[tuple[bytes, bool, int]], bytes, bool, bool]:
    """Good and bad records (record, good?, line number), the file's bytes, gzipped?, corrupted?"""
    records = draw(st.lists(st.tuples(good_record(), st.just(True)) | st.tuples(bad_record(), st.just(False)),
                            min_size=1, max_size=6))
    ends = draw(st.lists(st.sampled_from([b"\n", b"\r\n", b"\n\n", b"\n  \n"]), min_size=len(records),
                         max_size=len(records)))
    data = (codecs.BOM_UTF8 if records[0][1] and draw(st.booleans()) else b"") + \
        b"".join(r + end for (r, _), end in zip(records, ends))
    numbered, n = [], 1
    for (record, good), end in zip(records, ends):
        numbered.append((record, good, n))
        n += end.count(b"\n")
    gz = draw(st.booleans())
    if gz:
        data = gzip.compress(data, mtime=0)
    corrupt = draw(st.booleans()) and draw(st.booleans())
    if corrupt:
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, max(0, len(data) - 1)))
            op = draw(st.sampled_from(["flip", "insert", "cut"]))
            if op == "flip" and data:
                data[at] ^= draw(st.integers(1, 255))
            elif op == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=8))
            else:
                del data[at:]
        data = bytes(data)
    return numbered, data, gz, corrupt


@given(crawl())
def test_json_lines_records_build_or_fail_alone_in_one_line(case):
    import contextlib
    import io
    import tempfile
    from pathlib import Path

    from kg.cli import main

    records, data, gz, corrupt = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("crawl.jsonl.gz" if gz else "crawl.jsonl")
        path.write_bytes(data)
        other = Path(tmp) / "other.jsonl"
        other.write_text(json.dumps({"text": "北京市东城区东华门街道多福巷社区。"}, ensure_ascii=False) + "\n",
                         encoding="utf-8")
        out = Path(tmp) / "g.nq"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["build", str(path), str(other), "-o", str(out), "-j", "1", "-q", "--timeout", "0"])
        lines = err.getvalue().splitlines()
        ds = Dataset()
        ds.parse(out, format="nquads")
        built = {str(o) for _, _, o, _ in ds.quads((None, KG.sourceFile, None, None))}
    errors = [ln for ln in lines if ln.startswith("kg: error: ")]
    assert all(ln.startswith(f"kg: error: {path}") for ln in errors), lines  # the other file always builds
    assert f"{other}:1" in built and code == (1 if errors else 0), lines
    named = [ln[len(f"kg: error: {path}"):].split(": ", 1)[0] for ln in errors]  # ":N", or "" for the file
    assert len(named) == len(set(named)) and all(re.fullmatch(r"(:\d+)?", n) for n in named), errors
    for n in named:
        assert f"{path}{n}" not in built  # each record builds or is reported, never both
    unreadable = [ln for ln in errors if ": cannot read: " in ln]
    assert len(unreadable) <= 1 and (not unreadable or unreadable[0] == errors[-1]), errors
    if corrupt:
        return
    # Intact: every good record builds, every bad one is reported in its own line.
    for record, good, n in records:
        if good:
            assert f"{path}:{n}" in built, (n, record[:80], lines)
        else:
            assert f":{n}" in named, (n, record[:80], lines)
    assert len(errors) == sum(not good for _, good, _ in records), lines
