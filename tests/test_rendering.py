"""Drawing a small graph: the files are well-formed, Chinese has glyphs, and the output is reproducible."""
from __future__ import annotations

import warnings

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.errors import KgError
from kg.namespace import ID, KG
from kg.rendering import cjk_font_path, draw, entity_graph, missing_glyphs, render

matplotlib = pytest.importorskip("matplotlib")


@pytest.fixture
def graph() -> Graph:
    g = Graph()

    def entity(key, cls, label):
        node = ID[key]
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label, lang="zh-Hans")))
        return node

    chain = [
        entity("province/shandong", KG.Province, "山东省"),
        entity("city/jinan", KG.City, "济南市"),
        entity("district/tianqiao", KG.District, "天桥区"),
        entity("subdistrict/beitan", KG.SubdistrictOffice, "北坦街道"),
        entity("community/beiguan", KG.Community, "北关社区"),
    ]
    for lower, upper in zip(chain[1:], chain):
        g.add((lower, KG.partOf, upper))
    g.add((ID["district/tianqiao"], RDFS.label, Literal("天橋區", lang="zh-Hant")))
    g.add((entity("studio/xiangxia", KG.WorkStudio, "象霞工作室"), KG.locatedIn, ID["district/tianqiao"]))
    initiative = entity("initiative/wangge", KG.Initiative, "“党建+网格”工作模式")
    g.add((initiative, KG.launchedBy, ID["district/tianqiao"]))
    # A statistic is not drawn.
    g.add((ID["statistic/1"], RDF.type, KG.Statistic))
    g.add((ID["statistic/1"], KG.about, ID["district/tianqiao"]))
    return g


def test_entity_graph(graph):
    g = entity_graph(graph)
    assert len(g) == 7
    assert g.nodes[ID["district/tianqiao"]]["label"] == "天桥区"
    assert g.edges[ID["community/beiguan"], ID["subdistrict/beitan"]]["predicate"] == "partOf"
    assert g.edges[ID["studio/xiangxia"], ID["district/tianqiao"]]["predicate"] == "locatedIn"
    assert entity_graph(graph, script="hant").nodes[ID["district/tianqiao"]]["label"] == "天橋區"
    # Falls back to the Simplified label where there is no Traditional one.
    assert entity_graph(graph, script="hant").nodes[ID["city/jinan"]]["label"] == "济南市"


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<svg")])
def test_formats(graph, tmp_path, suffix, magic):
    out = render(graph, tmp_path / f"graph{suffix}", title="北关社区")
    data = out.read_bytes()
    assert out == tmp_path / f"graph{suffix}"
    assert magic in data[:1000]
    if suffix == ".svg":
        # Text becomes paths; the glyphs must come from the CJK font, none from DejaVu.
        assert b'id="NotoSansCJK' in data and b"DejaVu" not in data


def test_png_is_not_blank(graph, tmp_path):
    from matplotlib.image import imread

    pixels = imread(render(graph, tmp_path / "graph.png"))
    dark = (pixels[..., :3].mean(axis=-1) < 0.5).mean()
    assert 0.001 < dark < 0.5


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_every_label_has_glyphs(graph, tmp_path, script):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render(graph, tmp_path / "graph.png", script=script)
    assert not [w for w in caught if "missing from font" in str(w.message)]

    labels = [d["label"] for _, d in entity_graph(graph, script).nodes(data=True)]
    assert ("天橋區" in labels) == (script == "hant")
    assert not missing_glyphs("".join(labels), cjk_font_path(script))
    # Every text element of the figure (labels, legend, title) resolves to a font that has its glyphs.
    from matplotlib.font_manager import findfont
    from matplotlib.text import Text

    fig = draw(graph, script=script, title="天桥区")
    texts = [t for t in fig.findobj(Text) if t.get_text()]
    district = "天橋區" if script == "hant" else "天桥区"
    assert {"北关社区", "象霞工作室", district} <= {t.get_text() for t in texts}
    for t in texts:
        assert not missing_glyphs(t.get_text(), findfont(t.get_fontproperties(), fallback_to_default=False)), t


def test_glyph_check_can_fail():
    from matplotlib.font_manager import FontProperties, findfont

    dejavu = findfont(FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    assert missing_glyphs("天桥区 ok", dejavu) == {"天", "桥", "区"}


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png"])
def test_deterministic(graph, tmp_path, suffix):
    a = render(graph, tmp_path / f"a{suffix}").read_bytes()
    b = render(graph, tmp_path / f"b{suffix}").read_bytes()
    assert a == b


def test_unsupported_suffix(graph, tmp_path):
    with pytest.raises(KgError, match=r"\.jpg.*\.png"):
        render(graph, tmp_path / "graph.jpg")
    assert not list(tmp_path.iterdir())


def test_too_many_nodes(graph, tmp_path):
    with pytest.raises(KgError, match=r"7 entities.*--focus"):
        render(graph, tmp_path / "graph.png", max_nodes=5)


def test_no_entities(tmp_path):
    with pytest.raises(KgError, match="no entities"):
        render(Graph(), tmp_path / "graph.png")


def test_no_global_state_leaks(graph, tmp_path):
    before = dict(matplotlib.rcParams)
    render(graph, tmp_path / "graph.svg")
    assert dict(matplotlib.rcParams) == before
