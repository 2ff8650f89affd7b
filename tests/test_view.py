"""Offset fidelity: the Simplified view has the text's length, and every offset we emit slices the text exactly."""
from __future__ import annotations

import opencc
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg import view as view_module
from kg.namespace import KG, NIF
from kg.rdf import to_graph
from kg.view import is_traditional, to_simplified

_T2S = opencc.OpenCC("t2s")


def test_view_has_the_length_of_the_text(article_name, extraction):
    art = extraction(article_name).article
    assert len(art.view) == len(art.text)
    # Line breaks sit at the same places, so line-based patterns on the view hold for the text.
    assert [i for i, ch in enumerate(art.view) if ch == "\n"] == [i for i, ch in enumerate(art.text) if ch == "\n"]


def test_reference_view_is_opencc_t2s(reference):
    art = reference.article
    expected = _T2S.convert(art.text)  # straight from OpenCC, phrase conversion included
    assert len(expected) == len(art.text)
    assert art.view == expected
    assert "北关社区" in art.view and "北關社區" in art.text


def test_entity_mentions_slice_the_text(article_name, extraction):
    ex = extraction(article_name)
    text = ex.article.text
    assert ex.entities, "no entities at all"
    for e in ex.entities:
        # units added from the division register to complete a chain are not in the text
        assert bool(e.mentions) == (e.origin == "text"), e
        for m in e.mentions:
            b, t = m.span.begin, m.span.end
            assert 0 <= b < t <= len(text)
            assert text[b:t] == m.span.text, (e.name, m.span)
            assert text[m.sentence.begin:m.sentence.end] == m.sentence.text, (e.name, m.sentence)
            assert m.sentence.begin <= b and t <= m.sentence.end, (e.name, m.span, m.sentence)


def test_entity_mentions_name_the_entity(article_name, extraction):
    """The mention's Simplified form is the name, an alias, or at least shares characters with it."""
    ex = extraction(article_name)
    for e in ex.entities:
        for m in e.mentions:
            surface = to_simplified(m.span.text)
            assert set(surface) & set(e.name), (e.name, m.span.text)


def test_statistic_mentions_slice_the_text(article_name, extraction):
    ex = extraction(article_name)
    text = ex.article.text
    for st in ex.statistics:
        m = st.mention
        assert 0 <= m.span.begin < m.span.end <= len(text)
        assert text[m.span.begin:m.span.end] == m.span.text, st
        assert text[m.sentence.begin:m.sentence.end] == m.sentence.text, st
        assert m.sentence.begin <= m.span.begin and m.span.end <= m.sentence.end, st


def test_relation_evidence_slices_the_text(article_name, extraction):
    ex = extraction(article_name)
    for r in ex.relations:
        if r.evidence is not None:
            assert ex.article.text[r.evidence.begin:r.evidence.end] == r.evidence.text, r


def test_turtle_anchors_slice_is_string(article_name, extraction):
    """Through Turtle and back: every nif:anchorOf equals isString[beginIndex:endIndex]."""
    ttl = to_graph(extraction(article_name)).serialize(format="turtle")
    g = Graph().parse(data=ttl, format="turtle")
    anchors = list(g.subject_objects(NIF.anchorOf))
    assert anchors
    for node, anchor in anchors:
        ctx = g.value(node, NIF.referenceContext)
        assert (ctx, RDF.type, KG.Article) in g
        text = str(g.value(ctx, NIF.isString))
        b, e = int(g.value(node, NIF.beginIndex)), int(g.value(node, NIF.endIndex))
        assert text[b:e] == str(anchor), (node, b, e, str(anchor))


# to_simplified and is_traditional


def test_to_simplified_converts():
    assert to_simplified("北關社區的網格員") == "北关社区的网格员"
    assert to_simplified("天橋區黨建") == "天桥区党建"
    assert to_simplified("already 简体 text") == "already 简体 text"


def test_to_simplified_keeps_length_on_long_mixed_text(reference):
    samples = [
        reference.article.text,
        "「院落微治理」讓老街坊住得更舒心，46.8萬元，92.6%，60歲。",
        "乾隆皇帝在乾清宮；天干物燥，乾杯！後來他們發現頭髮裡有麵。",  # one-to-many characters: 乾/干, 髮/发, 麵/面
        "𠀀𪚥🙂 emoji and astral 𡃁 characters, \u0301 combining marks, 豈 compatibility ideographs",
        "tabs\tand\r\nCRLF\u3000ideographic space\u00a0nbsp",
        "NUL \x00 inside",
    ]
    mixed = "\n".join(samples)
    for s in samples + [mixed]:
        out = to_simplified(s)
        assert len(out) == len(s), s[:30]
        assert [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(s) if c == "\n"]


def test_to_simplified_falls_back_when_opencc_changes_length(monkeypatch):
    """If OpenCC's phrase conversion ever changes a line's length, the line is converted char by char."""
    real = view_module._converter("t2s")

    class Stretching:
        """Like OpenCC t2s, except that a phrase 台灣 comes out one character longer."""

        def convert(self, text):
            return real.convert(text).replace("台湾", "台湾省")

    monkeypatch.setattr(view_module, "_converter", lambda config: Stretching())
    text = "第一行北關社區\n台灣的網格員\n第三行。"
    out = to_simplified(text)
    assert len(out) == len(text)
    assert out.split("\n") == ["第一行北关社区", "台湾的网格员", "第三行。"]


@pytest.mark.parametrize("text,expected", [
    ("北关社区的网格员在社区里开展便民服务活动，居民围坐在一起喝茶聊天。", False),
    ("北關社區的網格員在社區裡開展便民服務活動，居民圍坐在一起喝茶聊天。", True),
    # Simplified with a few leftovers from a crude conversion (dev-06 style): still Simplified.
    ("江岸区二七街道江码社区的志愿者刘春梅在社区党群服务中心里为居民开展便民服务活动，"
     "社区居民围坐在一起喝茶聊天，说说心里话，长江日报记者在现场看到了这一幕。劉春梅说。", False),
    # Traditional with a few Simplified leftovers (crude conversion): still Traditional.
    ("天橋區黨建工作緊跟時代步伐，黨員干部爭當追星族，心里話說給社區聽。", True),
    ("Hello, world 123", False),
    ("", False),
])
def test_is_traditional(text, expected):
    assert is_traditional(text, to_simplified(text)) is expected


def test_is_traditional_on_articles(article_name, extraction):
    """The article's script, as the corpus README gives it (dev-06 is Simplified with leftovers)."""
    traditional = {"tianqiao-2020-06-30", "dev-02-wuhou-zongnan", "dev-05-gulou-rehelu",
                   "dev-08-chaoyang-hepingjiayuan"}
    assert extraction(article_name).article.traditional is (article_name in traditional)
