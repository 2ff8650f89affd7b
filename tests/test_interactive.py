"""The interactive HTML view, opened in headless Chromium (Debian's `chromium`, driven by Playwright):
it draws every entity, fetches nothing, logs no errors, finds entities by label in either script, and
shows an entity's properties and source sentences on a click."""
from __future__ import annotations

import re

import pytest
from rdflib import Graph

from kg.cli import main
from kg.layout import drawable
from kg.rendering import render

@pytest.fixture(scope="module")
def reference_graph(tmp_path_factory, reference_path) -> Graph:
    out = tmp_path_factory.mktemp("html") / "ref.ttl"
    assert main(["build", str(reference_path), "-o", str(out)]) == 0
    return Graph().parse(out)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory, reference_graph):
    return render(reference_graph, tmp_path_factory.mktemp("html") / "graph.html")


def test_file_is_self_contained(page_file):
    text = page_file.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    # nothing to fetch: no src/href attributes, no url() other than the inline font
    assert not re.search(r"""\b(src|href)\s*=\s*["'](?!#)""", text)
    assert re.findall(r"url\((?!#)([^)]{0,14})", text) == ["data:font/woff"]
    assert "default-src 'none'" in text  # and the page forbids fetching anyway


def test_page_in_chromium(browser, page_file, reference_graph):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri())
    page.wait_for_selector("body[data-ready]")

    entities = drawable(reference_graph)
    assert page.locator("g.node").count() == len(entities) > 10
    assert page.locator("path.edge").count() == entities.number_of_edges()
    drawn = set(page.locator("g.node text").all_text_contents())
    assert {"北关社区", "天桥区", "象霞工作室"} <= drawn
    # nodes are laid out, not piled up at the origin
    boxes = {tuple(round(v) for v in page.locator("g.node").nth(i).bounding_box().values()) for i in range(5)}
    assert len(boxes) == 5

    # search in Traditional finds the Simplified-labelled community; Enter opens its details
    page.fill("#search", "北關社區")
    assert page.locator("g.node.hit").count() == 1
    assert page.inner_text("#count") == "1 found"
    page.press("#search", "Enter")
    details = page.inner_text("#details")
    assert "北关社区" in details and "370105007012" in details
    sentences = page.locator("#details li.mention").all_inner_texts()
    assert len(sentences) == 2
    assert any("在北坦街道北關社區的茶亭里" in s for s in sentences)
    assert page.locator("#details li.mention mark").first.inner_text() == "北關社區"

    # clicking a studio shows where it is
    page.fill("#search", "")
    page.locator("g.node", has_text="象霞工作室").click()
    assert "locatedIn →\t天桥区" in page.inner_text("#details")

    page.close()
    assert requests == [page_file.as_uri()], requests
    assert problems == []


def test_html_through_the_cli(tmp_path, reference_path, capsys):
    ttl = tmp_path / "ref.ttl"
    assert main(["build", str(reference_path), "-o", str(ttl)]) == 0
    assert main(["render", str(ttl), "-o", str(tmp_path / "g.html"), "--focus", "北关社区"]) == 0
    text = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert '"label": "北关社区"' in text and '"label": "象霞工作室"' not in text


# Hostile text from articles: it must stay text on the page, in every context the page puts it.
HOSTILE = [
    "{{DATA}}", "{{FONT}}", "{{TITLE}}", "{{SCRIPT}}", "{{CSP}}",
    "<svg onload=alert(1)>", "<img src=x onerror=alert(2)>", "</script><script>alert(3)</script>",
    "<!--<script>", "\u2028alert(4)\u2029", '"><svg onload=alert(5)>', "'; alert(6); '", "&lt;b&gt;&amp;",
]


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, RDFS

    from kg.namespace import ID, ITSRDF, KG, NIF

    g = Graph()
    article = ID["article/hostile"]
    g.add((article, RDF.type, KG.Article))
    g.add((article, DCTERMS.title, Literal("北关社区 " + " ".join(HOSTILE))))
    district = ID["district/x"]
    g.add((district, RDF.type, KG.District))
    g.add((district, RDFS.label, Literal("天桥区", lang="zh-Hans")))
    for i, text in enumerate(HOSTILE):
        node = URIRef(f"{ID}community/{i}")
        g.add((node, RDF.type, KG.Community))
        g.add((node, RDFS.label, Literal(f"社区{i}{text}", lang="zh-Hans")))
        g.add((node, KG.partOf, district))
        mention = URIRef(f"{article}#m{i}")
        g.add((mention, ITSRDF.taIdentRef, node))
        g.add((mention, NIF.referenceContext, article))
        g.add((mention, NIF.anchorOf, Literal(f"社区{i}")))
        g.add((mention, NIF.beginIndex, Literal(i)))
        g.add((mention, KG.sentence, Literal(f"在社区{i}里，{text}{HOSTILE[-1 - i]}。")))
    return render(g, tmp_path_factory.mktemp("hostile") / "hostile.html")


def test_no_unsafe_inline_script(hostile_page):
    text = hostile_page.read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src
    # the hostile text appears only escaped: no raw tag from it, no U+2028 inside the script
    assert "<svg onload" not in text and "<img" not in text and text.count("<script") == 2
    data = text[text.index('<script id="kg-data"'):]
    data = data[:data.index("</script>")]
    assert "\u2028" not in data and "\u2029" not in data and "<" not in data[1:] and "&" not in data


def test_hostile_text_stays_text_in_chromium(browser, hostile_page):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    dialogs, problems = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(hostile_page.as_uri())
    page.wait_for_load_state("load")
    assert dialogs == []  # no script from the article ran
    page.wait_for_selector("body[data-ready]", timeout=10_000)  # and the page's own script did
    assert page.get_attribute("body", "data-ready") == str(len(HOSTILE) + 1)
    heading = page.inner_text("h1")
    assert heading.startswith("北关社区 {{DATA}} {{FONT}} {{TITLE}}") and "<svg onload=alert(1)>" in heading
    assert page.title().startswith("北关社区 {{DATA}} {{FONT}}")
    # every label is drawn and found as the text it is
    names = page.evaluate("DATA.nodes.map(n => n.label)")
    assert sorted(names) == sorted(["天桥区"] + [f"社区{i}{t}" for i, t in enumerate(HOSTILE)])
    page.fill("#search", "<svg onload=alert(1)>")
    assert page.inner_text("#count") == "1 found"
    page.press("#search", "Enter")
    assert "<svg onload=alert(1)>" in page.inner_text("#details h2")
    sentence = page.locator("#details li.mention").first.inner_text()
    assert "<svg onload=alert(1)>" in sentence and "&lt;b&gt;&amp;" in sentence
    assert page.locator("#details svg, #details img, #details script, h1 *").count() == 0
    page.close()
    assert dialogs == [] and problems == []


def test_the_page_is_the_same_bytes_on_every_run(reference_graph, tmp_path):
    import base64
    import io

    from fontTools.ttLib import TTFont

    from kg.fonts import cjk_font_path

    a = render(reference_graph, tmp_path / "a.html").read_bytes()
    b = render(reference_graph, tmp_path / "b.html").read_bytes()
    assert a == b
    # the embedded font keeps its own date rather than the time of the run (fontTools' default)
    font = TTFont(io.BytesIO(base64.b64decode(re.search(rb"base64,([^)]*)\)", a).group(1))))
    path = cjk_font_path()
    assert font["head"].modified == TTFont(str(path), fontNumber=path.face_index, lazy=True)["head"].modified
