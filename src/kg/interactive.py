"""The interactive view (the HTML back end of `kg.layout`): one self-contained HTML file (inline SVG,
CSS and a little JavaScript; nothing is fetched) that draws the same scene as the pictures. Search
finds entities by any label, in either script; clicking an entity shows its properties, relations and
the sentences that mention it.

Box sizes are estimated from character widths. The page carries its own font: Noto Sans CJK (the one
the pictures use), cut down with fontTools to the characters on the page, so Chinese reads on a
machine that has no CJK font either. Text from articles goes into the page only as escaped HTML text
or as JSON that the page's one script (allowed by its hash, no other) reads.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import networkx as nx
import rdflib
from rdflib.namespace import DCTERMS, RDF

from kg.entity_types import CLASS_NAMES, COLOURS
from kg.fonts import FONT_SIZE, font_face
from kg.layout import EDGE_STYLES, PAD, PREDICATES, in_script, labels, scene
from kg.namespace import ITSRDF, KG, NIF

PX = 96  # CSS pixels per inch


def _size(text: str) -> tuple[float, float]:
    """Width and height in inches of a wrapped label's box: a Chinese character is one em wide."""
    from wcwidth import wcswidth

    lines = text.split("\n")
    em = FONT_SIZE * 1.25 / 72  # the page uses 12 px text where the picture uses 9 pt
    width = max(max(wcswidth(line), len(line)) for line in lines) * em / 2
    return width + 2 * PAD * em, em * (1 + 1.2 * (len(lines) - 1)) + 2 * PAD * em


def _term(node, names) -> str:
    if isinstance(node, rdflib.Literal):
        return str(node) + (f" @{node.language}" if node.language else "")
    return node.n3(names)


def _details(graph: rdflib.Graph, node, names) -> dict:
    drawn = {KG[x] for x in PREDICATES}
    props = sorted({(p.n3(names), _term(o, names)) for p, o in graph.predicate_objects(node)
                    if p != RDF.type and not (isinstance(o, rdflib.URIRef) and p in drawn)})
    mentions = []
    for m in graph.subjects(ITSRDF.taIdentRef, node):
        article = graph.value(m, NIF.referenceContext)
        mentions.append({
            "anchor": str(graph.value(m, NIF.anchorOf) or ""),
            "sentence": str(graph.value(m, KG.sentence) or ""),
            "article": str(graph.value(article, DCTERMS.title) or article or ""),
            "begin": int(graph.value(m, NIF.beginIndex) or 0),
        })
    mentions.sort(key=lambda m: (m["article"], m["begin"]))
    return {"props": [list(p) for p in props], "mentions": mentions}


def page(graph: rdflib.Graph, g: nx.MultiDiGraph, *, title: str | None, script: str) -> str:
    """The HTML page for the entity graph `g` (from `layout.drawable`) drawn from `graph`. `title`
    defaults to the article's title (for several articles: how many, and where)."""
    from kg.querying import PREFIXES

    names = rdflib.Graph().namespace_manager
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns, override=True)
    sc = scene(graph, g, _size, script=script, title_text=title)

    def px(x: float, y: float) -> list[float]:  # inches, y up -> CSS pixels, y down
        return [round(x * PX, 1), round(-y * PX, 1)]

    nodes = [{
        "id": str(b.node), "cls": b.cls, "label": b.label, "lines": list(b.lines),
        "names": sorted({str(lab) for lab in labels(graph, b.node)} | {b.label}),
        "code": g.nodes[b.node].get("code", ""), "x": px(b.x, b.y)[0], "y": px(b.x, b.y)[1],
        "w": round(b.w * PX, 1), "h": round(b.h * PX, 1), **_details(graph, b.node, names),
    } for b in sc.boxes]
    edges = [{"s": e.source, "o": e.target, "p": e.predicate, "d": [px(*p) for p in e.points]} for e in sc.edges]
    groups = [{"caption": gr.caption, "x": px(gr.rect[0], gr.rect[3])[0], "y": px(gr.rect[0], gr.rect[3])[1],
               "w": round((gr.rect[2] - gr.rect[0]) * PX, 1), "h": round((gr.rect[3] - gr.rect[1]) * PX, 1)}
              for gr in sc.groups]
    data = {
        "nodes": nodes, "edges": edges, "groups": groups,
        "classes": [{"cls": c, "name": in_script(CLASS_NAMES[c], script), "colour": COLOURS[c]} for c in sc.classes],
        "styles": {p: {"dash": {"-": "", "--": "6 4", ":": "2 3", "-.": "6 3 2 3"}[st], "colour": col,
                       "name": in_script(name, script)} for p, (st, col, name) in EDGE_STYLES.items()},
    }
    fields = {"LANG": "zh-Hant" if script == "hant" else "zh-Hans", "TITLE": html.escape(sc.title or "kg"),
              "DATA": _script_json(data), "CSP": _csp(), "SCRIPT": SCRIPT}
    fields["FONT"] = font_face(_fill(TEMPLATE, {**fields, "FONT": ""}) + json.dumps(data, ensure_ascii=False), script)
    return _fill(TEMPLATE, fields)


# JSON inside <script>: no "</script>" or "<!--" can end or change the element, and U+2028/9 are escaped too.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _script_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _fill(template: str, fields: dict[str, str]) -> str:
    """Fill every {{NAME}} in one pass, so text inside one field is never read as another placeholder."""
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: fields[m.group(1)], template)


def _csp() -> str:
    """Only the page's own script may run (by its hash); nothing is fetched."""
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; font-src data:"


TEMPLATE = """<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{CSP}}">
<title>{{TITLE}}</title>
<style>
  {{FONT}}
  body { margin: 0; font: 13px/1.45 "KG CJK", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
         "Microsoft YaHei", sans-serif; display: grid; grid-template-columns: 1fr 340px;
         grid-template-rows: auto minmax(0, 1fr); height: 100vh; }
  /* one line, however long the title: the graph keeps the window (the whole title is its tooltip) */
  header { grid-column: 1 / 3; display: flex; gap: 1em; align-items: center; padding: 6px 12px;
           border-bottom: 1px solid #ccc; min-width: 0; }
  header h1 { font-size: 15px; margin: 0; flex: 1; min-width: 0; white-space: nowrap; overflow: hidden;
              text-overflow: ellipsis; }
  #search { width: 16em; padding: 3px 6px; font: inherit; }
  #canvas { overflow: hidden; cursor: grab; min-height: 0; }
  svg { width: 100%; height: 100%; display: block; }
  .node rect { stroke: #555; stroke-width: 0.8; rx: 5; }
  .node text { font-size: 12px; text-anchor: middle; dominant-baseline: central; pointer-events: none; }
  .node { cursor: pointer; }
  .node.hit rect { stroke: #d62728; stroke-width: 3; }
  .node.selected rect { stroke: #000; stroke-width: 3; }
  .dim { opacity: 0.2; }
  .group { fill: #f7f7f7; stroke: #999; stroke-dasharray: 5 4; rx: 8; }
  .caption { font-size: 11px; fill: #555; }
  aside { border-left: 1px solid #ccc; padding: 8px 12px; overflow: auto; min-height: 0; }
  aside h2 { font-size: 16px; margin: 0.2em 0; }
  aside table { border-collapse: collapse; width: 100%; }
  aside td { border-top: 1px solid #eee; padding: 2px 4px; vertical-align: top; word-break: break-all; }
  aside li { margin-bottom: 0.5em; }
  mark { background: #ffe08a; }
  #legend span { display: inline-block; margin-right: 0.8em; white-space: nowrap; }
  #legend i { display: inline-block; width: 12px; height: 12px; border: 1px solid #555; vertical-align: -2px;
              margin-right: 3px; }
  #legend b { display: inline-block; width: 22px; vertical-align: 3px; margin-right: 3px; border-top: 2px solid; }
</style>
</head>
<body>
<header>
  <h1 title="{{TITLE}}">{{TITLE}}</h1>
  <input id="search" type="search" placeholder="搜索 / search labels" autocomplete="off">
  <span id="count"></span>
</header>
<div id="canvas"><svg id="graph" xmlns="http://www.w3.org/2000/svg"></svg></div>
<aside>
  <div id="legend"></div>
  <div id="details"><p>Click an entity to see its properties and the sentences that mention it.
  Drag to pan, wheel to zoom.</p></div>
</aside>
<script id="kg-data" type="application/json">{{DATA}}</script>
<script>{{SCRIPT}}</script>
</body>
</html>
"""

SCRIPT = """
"use strict";
const DATA = JSON.parse(document.getElementById("kg-data").textContent);
const NS = "http://www.w3.org/2000/svg";
const svg = document.getElementById("graph");
const colour = Object.fromEntries(DATA.classes.map(c => [c.cls, c.colour]));

function el(name, attrs, parent, ns) {
  const e = ns ? document.createElementNS(NS, name) : document.createElement(name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}
function text(parent, tag, content) { const e = el(tag, {}, parent); e.textContent = content; return e; }

// Arrow heads, one per relation style.
const defs = el("defs", {}, svg, true);
for (const [p, st] of Object.entries(DATA.styles)) {
  const m = el("marker", {id: "arrow-" + p, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7,
                          markerHeight: 7, orient: "auto-start-reverse"}, defs, true);
  el("path", {d: "M0,0 L10,5 L0,10 z", fill: st.colour}, m, true);
}
const world = el("g", {}, svg, true);

// Groups (what is linked to no unit), under the edges and boxes.
for (const gr of DATA.groups) {
  el("rect", {x: gr.x, y: gr.y, width: gr.w, height: gr.h, class: "group"}, world, true);
  el("text", {x: gr.x + 8, y: gr.y + 14, class: "caption"}, world, true).textContent = gr.caption;
}
// Edges: the routes the layout chose, which cross no box they do not connect.
const edgeEls = DATA.edges.map(e => {
  const st = DATA.styles[e.p];
  const path = el("path", {d: "M" + e.d.map(p => p.join(",")).join(" L"), fill: "none", stroke: st.colour,
                           "stroke-width": 1.3, "stroke-dasharray": st.dash, "marker-end": `url(#arrow-${e.p})`,
                           class: "edge"}, world, true);
  el("title", {}, path, true).textContent = e.p;  // tooltip: the relation
  return path;
});

const nodeEls = DATA.nodes.map((n, i) => {
  const g = el("g", {class: "node", transform: `translate(${n.x},${n.y})`, "data-index": i}, world, true);
  el("rect", {x: -n.w / 2, y: -n.h / 2, width: n.w, height: n.h, fill: colour[n.cls]}, g, true);
  const lh = 14.4, top = -(n.lines.length - 1) * lh / 2;
  n.lines.forEach((line, k) => { const t = el("text", {x: 0, y: top + k * lh}, g, true); t.textContent = line; });
  g.addEventListener("click", ev => { ev.stopPropagation(); select(i); });
  return g;
});

// Legend
const legend = document.getElementById("legend");
for (const c of DATA.classes) {
  const s = el("span", {}, legend); el("i", {style: "background:" + c.colour}, s);
  s.append(c.cls + " " + c.name);
}
for (const p of new Set(DATA.edges.map(e => e.p))) {
  const s = el("span", {}, legend); el("b", {style: "border-top: 2px " + (DATA.styles[p].dash ? "dashed " : "solid ")
                                            + DATA.styles[p].colour}, s);
  s.append(DATA.styles[p].name);
}

// Pan and zoom by changing the view box.
const xs = DATA.nodes.flatMap(n => [n.x - n.w / 2, n.x + n.w / 2]).concat(DATA.groups.flatMap(g => [g.x, g.x + g.w]));
const ys = DATA.nodes.flatMap(n => [n.y - n.h / 2, n.y + n.h / 2]).concat(DATA.groups.flatMap(g => [g.y, g.y + g.h]));
let view = {x: Math.min(...xs) - 20, y: Math.min(...ys) - 20, w: Math.max(...xs) - Math.min(...xs) + 40,
            h: Math.max(...ys) - Math.min(...ys) + 40};
function setView() { svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`); }
setView();
svg.addEventListener("wheel", ev => {
  ev.preventDefault();
  const k = ev.deltaY > 0 ? 1.15 : 1 / 1.15, r = svg.getBoundingClientRect();
  const px = view.x + (ev.clientX - r.left) / r.width * view.w, py = view.y + (ev.clientY - r.top) / r.height * view.h;
  view = {x: px - (px - view.x) * k, y: py - (py - view.y) * k, w: view.w * k, h: view.h * k}; setView();
}, {passive: false});
let drag = null;
svg.addEventListener("pointerdown", ev => { drag = {x: ev.clientX, y: ev.clientY, v: {...view}}; });
window.addEventListener("pointerup", () => { drag = null; });
window.addEventListener("pointermove", ev => {
  if (!drag) return;
  const r = svg.getBoundingClientRect(), s = Math.max(drag.v.w / r.width, drag.v.h / r.height);
  view = {...drag.v, x: drag.v.x - (ev.clientX - drag.x) * s, y: drag.v.y - (ev.clientY - drag.y) * s}; setView();
});
function centreOn(n) { view = {...view, x: n.x - view.w / 2, y: n.y - view.h / 2}; setView(); }

// Details of one entity
const details = document.getElementById("details");
function select(i) {
  const n = DATA.nodes[i];
  nodeEls.forEach((g, k) => g.classList.toggle("selected", k === i));
  details.replaceChildren();
  text(details, "h2", n.label);
  text(details, "p", n.cls + " " + (DATA.classes.find(c => c.cls === n.cls) || {}).name + (n.code ? " · " + n.code : ""));
  const iri = text(details, "p", n.id); iri.style.fontSize = "11px"; iri.style.color = "#666";
  const rows = n.props.slice();
  DATA.edges.forEach(e => {
    if (e.s === i) rows.push([e.p + " →", DATA.nodes[e.o].label]);
    if (e.o === i) rows.push(["← " + e.p, DATA.nodes[e.s].label]);
  });
  if (rows.length) {
    text(details, "h3", "Properties");
    const t = el("table", {}, details);
    for (const [k, v] of rows) { const tr = el("tr", {}, t); text(tr, "td", k); text(tr, "td", v); }
  }
  text(details, "h3", `Mentions (${n.mentions.length})`);
  const ol = el("ol", {}, details);
  for (const m of n.mentions) {
    const li = el("li", {class: "mention"}, ol), at = m.anchor ? m.sentence.indexOf(m.anchor) : -1;
    if (at >= 0) {
      li.append(m.sentence.slice(0, at)); text(li, "mark", m.anchor); li.append(m.sentence.slice(at + m.anchor.length));
    } else li.append(m.sentence || m.anchor);
    const src = text(li, "div", m.article); src.style.color = "#666"; src.style.fontSize = "11px";
  }
}

// Search by any label, either script
const search = document.getElementById("search"), count = document.getElementById("count");
function matches(q) { return DATA.nodes.map((n, i) => [n, i]).filter(([n]) => q && n.names.some(s => s.includes(q))); }
search.addEventListener("input", () => {
  const q = search.value.trim(), hits = new Set(matches(q).map(([, i]) => i));
  nodeEls.forEach((g, i) => { g.classList.toggle("hit", hits.has(i)); g.classList.toggle("dim", q !== "" && !hits.has(i)); });
  edgeEls.forEach(p => p.classList.toggle("dim", q !== ""));
  count.textContent = q ? `${hits.size} found` : "";
});
search.addEventListener("keydown", ev => {
  if (ev.key !== "Enter") return;
  const first = matches(search.value.trim())[0];
  if (first) { centreOn(first[0]); select(first[1]); }
});
document.body.dataset.ready = String(DATA.nodes.length);
"""
