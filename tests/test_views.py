"""What a user sees of one, two and thirteen articles: the title of a multi-article drawing, the HTML
header that leaves the window to the graph (screenshots at 1400×1000 in Debian's Chromium), edges that
cross no box they do not connect, unattached entities grouped apart, and every label in the script asked for."""
from __future__ import annotations

import pytest
from rdflib import Graph

import kg
from kg.exporting import union
from kg.layout import crossings, drawable, scene
from kg.rendering import picture_scene, render

# Short made-up articles from four other places, so that with the corpus there are thirteen.
MADE_UP = [
    "北京市海淀区中关村街道东升社区设立“李明工作室”，全社区共有党员120名。",
    "浙江省杭州市西湖区北山街道推行“红色网格”工作法，由街道党工委书记王红负责。",
    "四川省成都市武侯区玉林街道成立“玉林议事会”，覆盖12个小区。",
    "江苏省南京市玄武区新街口街道开展“暖心驿站”行动，服务群众3000人次。",
]


@pytest.fixture(scope="module")
def graphs(corpus, reference_path, tmp_path_factory) -> dict[int, Graph]:
    """1, 2 and 13 articles, each as the union graph that `kg render` draws."""
    made_up = tmp_path_factory.mktemp("made-up")
    for i, text in enumerate(MADE_UP):
        (made_up / f"made-up-{i}.txt").write_text(text, encoding="utf-8")
    two = [corpus / "dev-05-gulou-rehelu.txt", corpus / "dev-03-nanshan-yuehai.html"]
    many = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".html")) + sorted(made_up.iterdir())
    assert len(many) == 13
    return {n: union(kg.build(paths)) for n, paths in ((1, [reference_path]), (2, two), (13, many))}


def test_a_multi_article_drawing_has_its_own_title(graphs, tmp_path):
    from kg.layout import title

    one = graphs[1]
    assert title(one, drawable(one)) == "激活“党建+”生命力 全力打造“天桥样板”"
    two = drawable(graphs[2])
    assert title(graphs[2], two) == "2 articles: 南山区、鼓楼区"
    assert title(graphs[2], drawable(graphs[2], "hant"), "hant") == "2 articles: 南山區、鼓樓區"
    assert title(graphs[13], drawable(graphs[13])).startswith("13 articles: ")
    assert picture_scene(graphs[2]).title == "2 articles: 南山区、鼓楼区"
    page = render(graphs[2], tmp_path / "two.html").read_text(encoding="utf-8")
    assert "<title>2 articles: 南山区、鼓楼区</title>" in page


@pytest.mark.parametrize("n", [1, 2, 13])
def test_edges_cross_no_box_they_do_not_connect(graphs, n):
    from kg.interactive import _size

    for sc in (picture_scene(graphs[n], max_nodes=None), scene(graphs[n], drawable(graphs[n]), _size)):
        assert sc.edges
        bad = [(sc.boxes[sc.edges[e].source].label, sc.boxes[sc.edges[e].target].label, sc.boxes[b].label)
               for e, b in crossings(sc)]
        assert bad == []
        # every relation drawn is one of the graph's, and each of them is drawn
        drawn = sorted((str(sc.boxes[e.source].node), str(sc.boxes[e.target].node), e.predicate) for e in sc.edges)
        assert drawn == sorted((str(s), str(o), k) for s, o, k in drawable(graphs[n]).edges(keys=True))


def test_the_crossing_check_can_fail(graphs):
    from dataclasses import replace

    sc = picture_scene(graphs[1])
    # a straight line from the first box to the last passes over others in between
    a, b = 0, len(sc.boxes) - 1
    line = replace(sc.edges[0], source=a, target=b, points=((sc.boxes[a].x, sc.boxes[a].y),
                                                            (sc.boxes[b].x, sc.boxes[b].y)))
    assert crossings(replace(sc, edges=(line,)))


def test_unattached_entities_are_grouped_apart_and_say_why(graphs):
    sc = picture_scene(graphs[1])
    [group] = sc.groups
    members = {sc.boxes[i].label for i in group.members}
    # the publisher and the editor, and 党建+, which only the headline names: no relation to any unit
    assert members == {"济南日报", "时金", "党建+"}
    assert "未与图中行政单位相连" in group.caption
    x0, y0, x1, y1 = group.rect
    for i, box in enumerate(sc.boxes):
        bx0, by0, bx1, by1 = box.rect()
        inside = x0 <= bx0 and bx1 <= x1 and y0 <= by0 and by1 <= y1
        apart = bx1 <= x0 or x1 <= bx0 or by1 <= y0 or y1 <= by0
        assert inside if i in group.members else apart, box.label


def test_every_label_in_the_script_asked_for(graphs, tmp_path):
    import networkx as nx

    from kg.layout import to_traditional

    from rdflib import Literal
    from rdflib.namespace import RDFS

    g = graphs[1]
    sc = picture_scene(g, script="hant")
    hans = drawable(g)
    for box in sc.boxes:  # its own Traditional label, or the Simplified one converted
        own = {str(o) for o in g.objects(box.node, RDFS.label) if isinstance(o, Literal) and o.language == "zh-Hant"}
        assert box.label in own or box.label == to_traditional(hans.nodes[box.node]["label"]), box.label
    assert {"山東省", "濟南市", "頭雁隊伍提升行動"} <= {b.label for b in sc.boxes}
    back = nx.read_graphml(render(graphs[2], tmp_path / "g.graphml"))
    assert {d["label_hant"] for _, d in back.nodes(data=True)} >= {"江蘇省", "南京市", "鼓樓區"}
    page = render(g, tmp_path / "hant.html", script="hant").read_text(encoding="utf-8")
    assert '"label": "濟南市"' in page and '"label": "济南市"' not in page


@pytest.mark.parametrize("n", [1, 2, 13])
def test_the_html_header_leaves_the_window_to_the_graph(browser, graphs, tmp_path, n):
    out = render(graphs[n], tmp_path / f"{n}.html")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-ready]")
    shot = tmp_path / f"{n}.png"
    page.screenshot(path=str(shot))
    header = page.locator("header").bounding_box()
    canvas = page.locator("#canvas").bounding_box()
    assert header["height"] <= 50, header
    assert canvas["height"] >= 0.9 * 1000 and canvas["width"] >= 1000, canvas
    assert canvas["y"] + canvas["height"] <= 1000 + 1  # and it fits: no page scrolling
    # the screenshot shows the graph: boxes drawn across the canvas, not a blank page
    from matplotlib.image import imread

    pixels = imread(shot)[int(canvas["y"]):int(canvas["y"] + canvas["height"]), :int(canvas["width"])]
    assert (pixels[..., :3].mean(axis=-1) < 0.9).mean() > 0.01
    page.close()
