"""Drawing a small graph: the files are well-formed, Chinese has glyphs, and the output is reproducible;
focus, types and script select what is drawn; GraphML and GEXF parse back with networkx."""
from __future__ import annotations

import warnings

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.errors import KgError
from kg.namespace import ID, KG
from kg.fonts import cjk_font_path, missing_glyphs
from kg.layout import drawable, positions, select, to_networkx, tree
from kg.rendering import draw, render

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
    g.add((ID["district/tianqiao"], KG.adminCode, Literal("370105000000")))
    g.add((entity("studio/xiangxia", KG.WorkStudio, "象霞工作室"), KG.locatedIn, ID["district/tianqiao"]))
    initiative = entity("initiative/wangge", KG.Initiative, "“党建+网格”工作模式")
    g.add((initiative, KG.launchedBy, ID["district/tianqiao"]))
    g.add((initiative, KG.locatedIn, ID["district/tianqiao"]))  # two relations between the same pair
    # A statistic is not drawn.
    g.add((ID["statistic/1"], RDF.type, KG.Statistic))
    g.add((ID["statistic/1"], KG.about, ID["district/tianqiao"]))
    return g


def test_drawable(graph):
    g = drawable(graph)
    assert len(g) == 7
    assert g.nodes[ID["district/tianqiao"]]["label"] == "天桥区"
    assert set(g[ID["community/beiguan"]][ID["subdistrict/beitan"]]) == {"partOf"}
    assert set(g[ID["studio/xiangxia"]][ID["district/tianqiao"]]) == {"locatedIn"}
    # launchedBy and locatedIn to the same unit are two edges, not one
    assert set(g[ID["initiative/wangge"]][ID["district/tianqiao"]]) == {"launchedBy", "locatedIn"}
    assert g.nodes[ID["district/tianqiao"]]["code"] == "370105000000"
    assert "code" not in g.nodes[ID["city/jinan"]]
    assert g.nodes[ID["district/tianqiao"]]["label_hant"] == "天橋區"
    assert drawable(graph, script="hant").nodes[ID["district/tianqiao"]]["label"] == "天橋區"
    # Where there is no Traditional label (a unit from the register), the Simplified one is converted.
    hant = drawable(graph, script="hant")
    assert hant.nodes[ID["city/jinan"]]["label"] == hant.nodes[ID["city/jinan"]]["label_hant"] == "濟南市"
    assert {d["label"] for _, d in hant.nodes(data=True)} == {
        "山東省", "濟南市", "天橋區", "北坦街道", "北關社區", "象霞工作室", "“黨建+網格”工作模式"}


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<svg")])
def test_formats(graph, tmp_path, suffix, magic):
    out = render(graph, tmp_path / f"graph{suffix}", title="北关社区")
    data = out.read_bytes()
    assert out == tmp_path / f"graph{suffix}"
    assert magic in data[:1000]


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_svg_keeps_text_as_text_with_the_font_embedded(graph, tmp_path, script):
    import base64
    import html
    import io
    import re

    from fontTools.ttLib import TTFont

    svg = render(graph, tmp_path / "graph.svg", title="北关社区", script=script).read_text(encoding="utf-8")
    texts = [html.unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]
    district = "天橋區" if script == "hant" else "天桥区"
    assert {"山东省" if script == "hans" else "山東省", district, "象霞工作室"} <= set(texts)
    assert 'id="NotoSansCJK' not in svg  # no glyphs drawn as paths
    family = "Noto Sans CJK SC" if script == "hans" else "Noto Sans CJK TC"
    assert f"font-family: '{family}'" in svg
    [font] = re.findall(r'@font-face \{ font-family: "' + family + r'"; src: url\(data:font/woff;base64,([^)]*)\)', svg)
    cmap = TTFont(io.BytesIO(base64.b64decode(font))).getBestCmap()
    assert not {c for c in "".join(texts) if not c.isspace() and ord(c) not in cmap}
    assert len(cmap) < 400  # a subset, not the whole font


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

    labels = [d["label"] for _, d in drawable(graph, script).nodes(data=True)]
    assert ("天橋區" in labels) == (script == "hant")
    assert not missing_glyphs("".join(labels), cjk_font_path(script))
    # Every text element of the figure (labels, legend, title) resolves to a font that has its glyphs.
    from matplotlib.font_manager import findfont
    from matplotlib.text import Text

    fig = draw(graph, script=script, title="天桥区")
    texts = [t for t in fig.findobj(Text) if t.get_text()]
    community, district = ("北關社區", "天橋區") if script == "hant" else ("北关社区", "天桥区")
    assert {community, "象霞工作室", district} <= {t.get_text() for t in texts}
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


def test_no_suffix_says_to_give_the_format(graph):
    with pytest.raises(KgError, match=r"'\(none\)'.*--format.*/dev/stdout"):
        render(graph, "/dev/stdout")


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


def test_both_relations_to_one_node_are_drawn(graph):
    from matplotlib.patches import FancyArrowPatch

    fig = draw(graph)
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == drawable(graph).number_of_edges() == 7
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert {"partOf 隶属", "locatedIn 位于", "launchedBy 发起"} <= legend


def test_layout_is_a_tree_from_province_down(graph):
    fig_graph = drawable(graph)
    sizes = {n: (1.0, 0.3) for n in fig_graph}
    pos, _ = positions(fig_graph, sizes, tree(fig_graph))
    y = {str(n).rsplit("/", 2)[-2]: pos[n][1] for n in fig_graph}
    assert y["province"] > y["city"] > y["district"] > y["subdistrict"] > y["community"]
    # studios and initiatives sit between their unit and the next level down
    assert y["district"] > y["studio"] > y["subdistrict"] and y["district"] > y["initiative"] > y["subdistrict"]
    boxes = [(pos[n][0], pos[n][1]) for n in fig_graph]
    for i, (x0, y0) in enumerate(boxes):  # no two boxes overlap
        for x1, y1 in boxes[i + 1:]:
            assert abs(x0 - x1) >= 1.0 or abs(y0 - y1) >= 0.3


def test_focus_depth_and_types(graph):
    g = to_networkx(graph)
    near = select(graph, g, focus="天橋區", depth=1)  # Traditional works as well as Simplified
    assert {str(n).rsplit("/", 1)[-1] for n in near} == {"tianqiao", "jinan", "beitan", "xiangxia", "wangge"}
    assert len(select(graph, g, focus="天桥区", depth=0)) == 1
    assert len(select(graph, g, focus="天桥区", depth=9)) == 7
    # the legend's names in either script, as the legend shows them
    assert select(graph, g, types=["區縣", "社區"]).number_of_nodes() == select(graph, g, types=["区县", "社区"]).number_of_nodes() == 2
    units = select(graph, g, types=["Community", "区县", "SubdistrictOffice"])
    assert {d for _, d in units.nodes(data="class")} == {"Community", "District", "SubdistrictOffice"}
    assert set(units.edges(keys=True)) == {(ID["community/beiguan"], ID["subdistrict/beitan"], "partOf"),
                                           (ID["subdistrict/beitan"], ID["district/tianqiao"], "partOf")}
    with pytest.raises(KgError, match="--focus"):
        select(graph, g, focus="没有这个")
    with pytest.raises(KgError, match="--types"):
        select(graph, g, types=["Planet"])


def test_focus_in_the_picture(graph, tmp_path):
    from matplotlib.text import Text

    fig = draw(graph, focus="北关社区", depth=1, script="hant", title="")
    labels = {t.get_text() for t in fig.axes[0].findobj(Text) if t.get_text()}
    assert labels == {"北關社區", "北坦街道"}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_parse_back(graph, tmp_path, fmt):
    import networkx as nx

    out = render(graph, tmp_path / f"g.{fmt}")
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    district = str(ID["district/tianqiao"])
    assert back.number_of_nodes() == 7 and back.number_of_edges() == 7
    attrs = back.nodes[district]
    assert attrs["class"] == "District" and attrs["code"] == "370105000000"
    assert attrs["label_hans"] == "天桥区" and attrs["label_hant"] == "天橋區"
    edges = {(s, o, d["predicate"]) for s, o, d in back.edges(data=True)}
    assert (str(ID["initiative/wangge"]), district, "launchedBy") in edges
    assert (str(ID["initiative/wangge"]), district, "locatedIn") in edges
    # --format picks the format whatever the suffix
    other = render(graph, tmp_path / "g.xml", fmt=fmt)
    assert (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(other).number_of_nodes() == 7


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_reference_article_labels_have_glyphs(reference_path, tmp_path, script):
    from matplotlib.font_manager import findfont
    from matplotlib.text import Text

    from kg.cli import main

    ttl = tmp_path / "ref.ttl"
    assert main(["build", str(reference_path), "-o", str(ttl)]) == 0
    fig = draw(Graph().parse(ttl), script=script)
    texts = [t.get_text() for t in fig.findobj(Text) if t.get_text()]
    assert len(texts) > 20
    for t in fig.findobj(Text):
        if t.get_text():
            assert not missing_glyphs(t.get_text(), findfont(t.get_fontproperties(), fallback_to_default=False)), t


def test_one_converter_and_two_back_ends_over_one_layout(graph):
    """kg.to_networkx is the converter the drawings use; the HTML back end does not import the picture one."""
    import ast
    from pathlib import Path

    import networkx as nx

    import kg
    import kg.interactive
    import kg.layout

    assert nx.utils.graphs_equal(kg.to_networkx(graph), kg.layout.to_networkx(graph))
    assert kg.to_networkx(graph, "hant").nodes[ID["city/jinan"]]["label"] == "濟南市"
    imported = {n.module for n in ast.walk(ast.parse(Path(kg.interactive.__file__).read_text(encoding="utf-8")))
                if isinstance(n, ast.ImportFrom)}
    assert "kg.rendering" not in imported and "kg.layout" in imported


def test_hostile_labels_stay_text_in_svg(tmp_path):
    import xml.etree.ElementTree as ET

    from rdflib.namespace import DCTERMS

    g = Graph()
    node = ID["community/x"]
    g.add((node, RDF.type, KG.Community))
    g.add((node, RDFS.label, Literal('社区</text><script>alert(1)</script>&amp;"', lang="zh-Hans")))
    g.add((ID["article/x"], RDF.type, KG.Article))
    g.add((ID["article/x"], DCTERMS.title, Literal("<svg onload=alert(1)>{{DATA}}")))
    tree = ET.parse(render(g, tmp_path / "h.svg"))
    tags = {e.tag.rsplit("}", 1)[-1] for e in tree.iter()}
    assert "script" not in tags and "svg" in tags
    texts = [e.text for e in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert "<svg onload=alert(1)>{{DATA}}" in texts and any(t.startswith("社区</text><script") for t in texts)
    assert not [e for e in tree.iter() if any(k.lower().startswith("on") for k in e.attrib)]
