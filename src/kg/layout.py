"""What a drawing shows and where, for both back ends (`kg.rendering`: matplotlib pictures;
`kg.interactive`: the HTML page): the graph read from RDF, the part selected, the tree, the box
positions, the edge routes, the title and the styles.

`to_networkx` is the one converter from RDF to networkx (`kg.to_networkx` is this function). A drawing
is a `Scene`: boxes, edges as polylines, and groups, in inches with y growing upward. The
administrative units form a tree, one band per level (省 at the top, 社区/村 at the bottom). Studios,
initiatives, organisations and persons sit in a small grid just below the unit (or studio) they are
`locatedIn`, `launchedBy` or named after; what is linked to no unit at all is grouped apart, under a
caption that says so. Statistics are not drawn. An edge is straight, or bent, or routed around the
boxes, so that it never crosses a box it does not connect. The same graph gives the same scene.
"""
from __future__ import annotations

import heapq
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import rdflib
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.entity_types import ADMIN_TYPES, CLASS_NAMES, ENTITY_TYPES, LEVEL
from kg.errors import KgError
from kg.fonts import check_script
from kg.namespace import KG

PREDICATES = ("partOf", "locatedIn", "launchedBy", "namedAfter")  # drawn; also the order of preference
NODE_CLASSES = ENTITY_TYPES + ("Statistic",)

EDGE_STYLES = {  # predicate: (line style, colour, legend text)
    "partOf": ("-", "#333333", "partOf 隶属"),
    "locatedIn": ("--", "#1f77b4", "locatedIn 位于"),
    "launchedBy": (":", "#d62728", "launchedBy 发起"),
    "namedAfter": ("-.", "#7b3294", "namedAfter 以…命名"),
}
UNATTACHED = "未与图中行政单位相连 linked to no administrative unit drawn"  # with --types, units may be left out

CLOSING = "”’」』）》〉】〕，。、；：！？…·)]}.,;:!?"
WRAP = 18  # label width in half-width columns (a Chinese character takes two)
MAX_LINES = 2
ROW = 1.0  # inches between administrative levels; satellites sit half a row below their anchor
SAT_ROW = 0.42  # inches between rows of satellites under one anchor
SAT_COLS = 4  # satellites per row under one anchor
TREE_AISLE = 0.5  # inches kept free in the middle of a unit's satellites when units hang below it
GAP = 0.18  # inches between neighbouring boxes
PAD = 0.3  # box padding, in units of the font size (matplotlib's default for round boxes)
GROUP_GAP = 0.6  # inches between the tree and the group of unattached entities
CELL = GAP / 3  # the grid that routed edges follow, in inches
CLEARANCE = 0.02  # inches an edge keeps from a box it does not connect


# ---------------------------------------------------------------------------- RDF to networkx


def labels(graph: rdflib.Graph, node) -> list[rdflib.Literal]:
    """Every label of `node` (rdfs:label, skos:prefLabel, skos:altLabel), in a fixed order."""
    return sorted((o for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(node, p)
                   if isinstance(o, rdflib.Literal)), key=lambda o: (str(o.language), str(o)))


def _fits(literal, lang: str | None) -> bool:  # tags compare case-insensitively; zh-Hans-CN fits zh-Hans
    tag = (literal.language or "").lower()
    return lang is None or tag == lang or tag.startswith(lang + "-")


def to_traditional(text: str) -> str:
    from kg.view import _converter

    return _converter("s2t").convert(text)


def in_script(text: str, script: str) -> str:
    """`text` in `script`, converted by OpenCC (s2t for "hant", t2s for "hans")."""
    if script == "hant":
        return to_traditional(text)
    from kg.view import _converter

    return _converter("t2s").convert(text)


def label(graph: rdflib.Graph, node, script: str = "hans") -> str:
    """The label of `node` in `script`: its rdfs:label (or skos:prefLabel) in that script, else another
    label converted by OpenCC (a unit from the register has only a Simplified one), else the end of its IRI."""
    own, other = ("zh-hant", "zh-hans") if script == "hant" else ("zh-hans", "zh-hant")
    for lang in (own, other, None):
        for prop in (RDFS.label, SKOS.prefLabel):
            found = sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, rdflib.Literal) and _fits(o, lang))
            if found:
                return found[0] if lang == own else in_script(found[0], script)
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def to_networkx(graph: rdflib.Graph, script: str = "hans") -> nx.MultiDiGraph:
    """Entities and statistics as nodes, the kg: relations between them as edges keyed by property name.

    Each node is the entity's IRI with the attributes `class` (the contract class: "Community",
    "WorkStudio", …, or "Statistic"), `label` (in `script`), `label_hans`, `label_hant`, and `code`
    (kg:adminCode) where the unit has one. Each edge from `s` to `o` has the key `"partOf"`,
    `"locatedIn"`, `"launchedBy"`, `"namedAfter"` or `"about"` and the attribute `property`, the full
    IRI; two relations between the same pair are two edges. A `Dataset` is read as the union of its graphs.
    """
    check_script(script)
    if isinstance(graph, rdflib.Dataset):
        from kg.exporting import union

        graph = union(graph)
    g = nx.MultiDiGraph()
    for cls in NODE_CLASSES:  # a node with two classes keeps the first, in contract order
        for node in sorted(graph.subjects(RDF.type, KG[cls]), key=str):
            if node not in g and not isinstance(node, rdflib.Literal):
                hans, hant = label(graph, node, "hans"), label(graph, node, "hant")
                code = graph.value(node, KG.adminCode)
                g.add_node(node, label=hant if script == "hant" else hans, label_hans=hans, label_hant=hant,
                           **{"class": cls}, **({"code": str(code)} if code else {}))
    ns = str(KG._NS)
    for s, p, o in sorted(graph.triples((None, None, None)), key=lambda t: tuple(map(str, t))):
        if s in g and o in g and s != o and p.startswith(ns):
            g.add_edge(s, o, key=p[len(ns):], property=p)
    return g


# ---------------------------------------------------------------------------- selection


def _class_name(name: str) -> str:
    """A class named in English or by its legend name in either script (区县, 區縣)."""
    from kg.view import to_simplified

    wanted = to_simplified(name.strip()).lower()
    for cls in ENTITY_TYPES:
        if wanted in (cls.lower(), CLASS_NAMES[cls]):
            return cls
    raise KgError(f"unknown entity class {name!r} in --types: use some of {', '.join(ENTITY_TYPES)}")


def select(graph: rdflib.Graph, g: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1,
           types: list[str] | None = None) -> nx.MultiDiGraph:
    """The part of `g` (from `to_networkx`) to draw: its entities and the relations in PREDICATES; only
    the classes in `types` (e.g. ["Community", "WorkStudio"]); and around `focus` (a label in either
    script, or an IRI) the entities at most `depth` relations away."""
    keep = {_class_name(t) for t in types} if types else set(ENTITY_TYPES)
    drawn = nx.MultiDiGraph()
    drawn.add_nodes_from((n, g.nodes[n]) for n in sorted(g, key=str) if g.nodes[n]["class"] in keep)
    drawn.add_edges_from((s, o, k, d) for s, o, k, d in g.edges(keys=True, data=True)
                         if k in PREDICATES and s in drawn and o in drawn)
    g = drawn
    if focus:
        from kg.view import to_simplified

        wanted = {focus, to_simplified(focus)}
        centres = [n for n in sorted(g, key=str)
                   if str(n) == focus or any(str(lab) in wanted or to_simplified(str(lab)) in wanted
                                             for lab in labels(graph, n))]
        if not centres:
            raise KgError(f"--focus {focus}: no entity with that label{' among --types' if types else ''}; "
                          "list labels with: kg query GRAPH -q 'SELECT ?l WHERE { ?e rdfs:label ?l }'")
        if depth < 0:
            raise KgError(f"--depth must be 0 or more, not {depth}")
        near = set()
        undirected = g.to_undirected(as_view=True)
        for c in centres:
            near |= set(nx.single_source_shortest_path_length(undirected, c, cutoff=depth))
        g = g.subgraph(near).copy()
    return g


def drawable(graph: rdflib.Graph, script: str = "hans", **selection) -> nx.MultiDiGraph:
    """The entities of `graph` to draw, and their relations: `select(graph, to_networkx(graph, script), …)`."""
    return select(graph, to_networkx(graph, script), **selection)


def check_size(g: nx.MultiDiGraph, max_nodes: int | None) -> None:
    if len(g) == 0:
        raise KgError("the graph has no entities to draw (nodes typed kg:Province … kg:Person)")
    if max_nodes and len(g) > max_nodes:
        raise KgError(
            f"the graph has {len(g)} entities, too many to draw legibly (limit {max_nodes}): "
            "draw part of it with --focus ENTITY --depth N, or only some classes with --types, "
            "or lift the limit with --max-nodes N"
        )


def title(graph: rdflib.Graph, g: nx.MultiDiGraph, script: str = "hans") -> str | None:
    """The article's title; for several articles, how many and the places drawn (the units of the
    lowest level down to 区县), e.g. "2 articles: 鼓楼区、南山区"."""
    articles = sorted(graph.subjects(RDF.type, KG.Article), key=str)
    titles = sorted(str(t) for a in articles for t in graph.objects(a, DCTERMS.title))
    if len(articles) <= 1:
        return in_script(titles[0], script) if titles else None
    units = [n for n in g if g.nodes[n]["class"] in ADMIN_TYPES and LEVEL[g.nodes[n]["class"]] <= LEVEL["District"]]
    lowest = max((LEVEL[g.nodes[n]["class"]] for n in units), default=None)
    places = sorted({g.nodes[n]["label"] for n in units if LEVEL[g.nodes[n]["class"]] == lowest})
    shown = "、".join(places[:6]) + (f" … (+{len(places) - 6})" if len(places) > 6 else "")
    return f"{len(articles)} articles" + (f": {shown}" if shown else "")


# ---------------------------------------------------------------------------- tree


def tree(g: nx.MultiDiGraph) -> dict:
    """Parent of each node in the drawing's tree: the unit above an administrative unit, the anchor of anything else."""
    nodes = sorted(g, key=str)
    admin = {n for n in nodes if g.nodes[n]["class"] in ADMIN_TYPES}
    level = {n: LEVEL[g.nodes[n]["class"]] for n in admin}
    rank = {p: i for i, p in enumerate(PREDICATES)}
    parent = {}
    for n in sorted(admin, key=str):
        ups = [o for o in g.successors(n) if o in admin and g.has_edge(n, o, "partOf") and level[o] < level[n]]
        if ups:  # the nearest unit above, so a redundant edge to the grandparent is not the tree edge
            parent[n] = max(sorted(ups, key=str), key=lambda o: level[o])

    # Attach the rest to something already placed: its location or launcher first, then whatever it
    # is linked to (a person hangs under the studio named after them).
    def best(a, b) -> int:
        return min(rank[k] for k in g[a][b])

    def neighbours(n):
        out = sorted(g.successors(n), key=lambda o: (best(n, o), str(o)))
        inc = sorted(g.predecessors(n), key=lambda s: (best(s, n), str(s)))
        return out + inc

    placed, rest = set(admin), [n for n in nodes if n not in admin]
    while rest:
        for n in rest:
            anchor = next((m for m in neighbours(n) if m in placed), None)
            if anchor is not None:
                parent[n] = anchor
                placed.add(n)
        left = [n for n in rest if n not in placed]
        if len(left) == len(rest):
            # Nothing links these to the tree: start a new root, preferring one that points at none of them.
            root = min(left, key=lambda n: (any(m in left for m in g.successors(n)), str(n)))
            placed.add(root)
            left.remove(root)
        rest = left
    return parent


# ---------------------------------------------------------------------------- boxes


def wrap(text: str) -> str:
    """Break a label into lines of balanced width, at most WRAP half-width columns each (a Chinese
    character takes two; Chinese has no spaces, so any character boundary will do)."""
    widths = [2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text]
    lines = min(MAX_LINES, math.ceil(sum(widths) / WRAP))
    if lines <= 1:
        return text
    target, out, line, width = min(WRAP, math.ceil(sum(widths) / lines)), [], "", 0
    for c, w in zip(text, widths):
        # Closing punctuation never starts a line (a rule of Chinese typesetting).
        if width + w > target and line and len(out) < lines - 1 and c not in CLOSING:
            out.append(line)
            line, width = "", 0
        line, width = line + c, width + w
    if width > WRAP:  # too long even for MAX_LINES lines
        while width > WRAP - 2:
            width -= 2 if unicodedata.east_asian_width(line[-1]) in "WF" else 1
            line = line[:-1]
        line += "…"
    return "\n".join(out + [line])


def positions(g: nx.MultiDiGraph, sizes: dict, parent: dict) -> tuple[dict, list]:
    """Node centres in inches (y grows upward), and the nodes linked to no unit. Units sit in one band
    per level that the graph has; each unit's satellites (and theirs) fill a grid of up to SAT_COLS
    columns just below it. Every subtree owns a vertical strip of the picture, so boxes never overlap.
    What hangs from no unit fills a grid of its own, right of the tree."""
    admin = {n for n in g if g.nodes[n]["class"] in ADMIN_TYPES}
    kids: dict = {n: [] for n in g}
    for n in sorted(g, key=str):
        if n in parent:
            kids[parent[n]].append(n)

    def order(n):  # units before the rest, higher levels first
        return n not in admin, LEVEL.get(g.nodes[n]["class"], 9), str(n)

    def satellites(n) -> list:  # the non-units hanging from n, and from them, depth first
        out = []
        for k in sorted(kids[n], key=order):
            if k not in admin:
                out += [k] + satellites(k)
        return out

    units = {n: sorted((k for k in kids[n] if k in admin), key=order) for n in admin}
    grids = {n: satellites(n) for n in admin}
    roots = sorted((n for n in admin if n not in parent), key=order)
    loose = sorted((n for n in g if n not in admin and n not in parent), key=order)
    loose = [x for n in loose for x in [n] + satellites(n)]  # linked to no unit: a grid of their own

    def grid_rows(items) -> list[list]:
        return [items[i:i + SAT_COLS] for i in range(0, len(items), SAT_COLS)]

    # Bands: the levels present, top down; each as tall as a row plus its tallest satellite grid.
    levels = sorted({LEVEL[g.nodes[n]["class"]] for n in admin})
    band_y, y = {}, 0.0
    for lv in levels:
        band_y[lv] = y
        rows = max((len(grid_rows(grids[n])) for n in admin if LEVEL[g.nodes[n]["class"]] == lv), default=0)
        y -= ROW + max(rows - 1, 0) * SAT_ROW

    def aisle(n) -> float:  # an empty lane down the middle of the grid, for the tree edge to the units below
        return TREE_AISLE if n in units and units[n] else 0.0

    def grid_width(items, gap: float = 0.0) -> float:
        return max((sum(sizes[k][0] + GAP for k in row) + gap for row in grid_rows(items)), default=0.0)

    span: dict = {}

    def strip(n) -> float:
        span[n] = max(sizes[n][0] + GAP, grid_width(grids[n], aisle(n)), sum(strip(k) for k in units[n]))
        return span[n]

    pos: dict = {}

    def place_grid(items, centre: float, top: float, gap: float = 0.0) -> None:
        for i, row in enumerate(grid_rows(items)):
            x = centre - (sum(sizes[k][0] + GAP for k in row) + gap) / 2
            for j, k in enumerate(row):
                if gap and j == (len(row) + 1) // 2:
                    x += gap
                pos[k] = (x + (sizes[k][0] + GAP) / 2, top - i * SAT_ROW)
                x += sizes[k][0] + GAP

    def place(n, left: float) -> None:
        x = left + (span[n] - sum(span[k] for k in units[n])) / 2
        for k in units[n]:
            place(k, x)
            x += span[k]
        # Centre over the units below; clamp into the strip.
        centre = (pos[units[n][0]][0] + pos[units[n][-1]][0]) / 2 if units[n] else left + span[n] / 2
        half = max(sizes[n][0] + GAP, grid_width(grids[n], aisle(n))) / 2
        centre = min(max(centre, left + half), left + span[n] - half)
        top = band_y[LEVEL[g.nodes[n]["class"]]]
        pos[n] = (centre, top)
        place_grid(grids[n], centre, top - ROW / 2, aisle(n))

    left = 0.0
    for r in roots:
        strip(r)
        place(r, left)
        left += span[r]
    if loose:  # right of the tree, level with its top, so the group reads as apart from it
        place_grid(loose, (left + GROUP_GAP if roots else 0.0) + grid_width(loose) / 2, 0.0)
    return pos, loose


# ---------------------------------------------------------------------------- the scene


@dataclass(frozen=True)
class Box:
    node: object  # the entity's IRI
    cls: str
    label: str
    lines: tuple[str, ...]
    x: float  # centre, inches
    y: float
    w: float
    h: float

    def rect(self, grow: float = 0.0) -> tuple[float, float, float, float]:
        return (self.x - self.w / 2 - grow, self.y - self.h / 2 - grow,
                self.x + self.w / 2 + grow, self.y + self.h / 2 + grow)


@dataclass(frozen=True)
class Edge:
    source: int  # index into Scene.boxes
    target: int
    predicate: str
    points: tuple[tuple[float, float], ...]  # a polyline from the source's border to the target's


@dataclass(frozen=True)
class Group:
    caption: str
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in inches
    members: tuple[int, ...]


@dataclass(frozen=True)
class Scene:
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    groups: tuple[Group, ...]
    title: str | None
    classes: tuple[str, ...]  # the classes drawn, for the legend
    predicates: tuple[str, ...]  # the relations drawn
    script: str

    def bounds(self) -> tuple[float, float, float, float]:
        rects = [b.rect() for b in self.boxes] + [gr.rect for gr in self.groups]
        return (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))


def scene(graph: rdflib.Graph, g: nx.MultiDiGraph, measure: Callable[[str], tuple[float, float]], *,
          script: str = "hans", title_text: str | None = None) -> Scene:
    """Lay out `g` (from `drawable`): `measure` gives the width and height in inches of a box holding
    a label's lines (the back end knows its fonts). `title_text` defaults to `title(graph, g, script)`."""
    order = sorted(g, key=str)
    index = {n: i for i, n in enumerate(order)}
    texts = {n: wrap(g.nodes[n]["label"]) for n in order}
    sizes = {n: measure(texts[n]) for n in order}
    parent = tree(g)
    pos, loose = positions(g, sizes, parent)
    boxes = tuple(Box(n, g.nodes[n]["class"], g.nodes[n]["label"], tuple(texts[n].split("\n")), *pos[n], *sizes[n])
                  for n in order)
    groups = ()
    if loose:
        members = tuple(index[n] for n in loose)
        caption = in_script(UNATTACHED, script)
        x0 = min(boxes[i].rect()[0] for i in members) - GAP
        y0 = min(boxes[i].rect()[1] for i in members) - GAP
        x1 = max(max(boxes[i].rect()[2] for i in members) + GAP, x0 + measure(caption)[0])
        y1 = max(boxes[i].rect()[3] for i in members) + GAP + 0.25  # room for the caption
        groups = (Group(caption, (x0, y0, x1, y1), members),)
    pairs = sorted({(s, o) for s, o in g.edges()}, key=lambda e: (str(e[0]), str(e[1])))
    router = _Router(boxes)
    edges, taken = [], {}
    for s, o in pairs:
        tree_edge = parent.get(s) == o or parent.get(o) == s
        shapes = taken.setdefault(frozenset((s, o)), set())
        for pred in (p for p in PREDICATES if g.has_edge(s, o, p)):
            points = router.route(index[s], index[o], shapes, tree_edge)
            if points:
                edges.append(Edge(index[s], index[o], pred, points))
    classes = tuple(c for c in ENTITY_TYPES if any(b.cls == c for b in boxes))
    preds = tuple(p for p in PREDICATES if any(e.predicate == p for e in edges))
    return Scene(boxes, tuple(edges), groups, title_text if title_text is not None else title(graph, g, script),
                 classes, preds, script)


# ---------------------------------------------------------------------------- edge routes


def _segment_hits(p, q, rect) -> bool:
    """True when the segment p-q meets the open rectangle (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for d, a, b in ((dx, x0 - rect[0], rect[2] - x0), (dy, y0 - rect[1], rect[3] - y0)):
        if d == 0:
            if a <= 0 or b <= 0:
                return False
            continue
        t0, t1 = (-a / d, b / d) if d > 0 else (b / d, -a / d)
        lo, hi = max(lo, t0), min(hi, t1)
        if lo >= hi:
            return False
    return hi - lo > 1e-9


def crossings(s: Scene) -> list[tuple[int, int]]:
    """(edge, box) for every edge that crosses a box it does not connect; empty for a good drawing."""
    out = []
    for e, edge in enumerate(s.edges):
        for b, box in enumerate(s.boxes):
            if b not in (edge.source, edge.target) and any(
                    _segment_hits(p, q, box.rect()) for p, q in zip(edge.points, edge.points[1:])):
                out.append((e, b))
    return out


def _inside(p, rect) -> bool:
    return rect[0] < p[0] < rect[2] and rect[1] < p[1] < rect[3]


def _clip(points: list, a: Box, b: Box) -> tuple | None:
    """The part of a polyline from the centre of a to the centre of b that lies outside both boxes."""
    ra, rb = a.rect(), b.rect()

    def exit_point(p, q, rect):  # where p (inside) to q (outside) crosses the border of rect
        lo, hi = 0.0, 1.0
        for _ in range(40):
            mid = (lo + hi) / 2
            m = (p[0] + (q[0] - p[0]) * mid, p[1] + (q[1] - p[1]) * mid)
            lo, hi = (mid, hi) if _inside(m, rect) else (lo, mid)
        return (p[0] + (q[0] - p[0]) * hi, p[1] + (q[1] - p[1]) * hi)

    i = 0
    while i < len(points) - 1 and _inside(points[i + 1], ra):
        i += 1
    j = len(points) - 1
    while j > i + 1 and _inside(points[j - 1], rb):
        j -= 1
    start = exit_point(points[i], points[i + 1], ra)
    end = exit_point(points[j], points[j - 1], rb)
    if math.dist(start, end) < 0.02:
        return None  # the boxes touch: nothing to draw
    return tuple((round(x, 4), round(y, 4)) for x, y in [start, *points[i + 1:j], end])


class _Router:
    """Edge routes that cross no other box: a straight line or a bend where one is clear, else a path
    along a grid of CELL inches around the boxes (A*, with a cost for each turn and for cells that
    earlier routes took, so parallel routes keep apart)."""

    def __init__(self, boxes: tuple[Box, ...]):
        self.boxes = boxes
        self.rects = [b.rect(CLEARANCE) for b in boxes]
        x0, y0, x1, y1 = (min(r[0] for r in self.rects) - 4 * CELL, min(r[1] for r in self.rects) - 4 * CELL,
                          max(r[2] for r in self.rects) + 4 * CELL, max(r[3] for r in self.rects) + 4 * CELL)
        self.origin = (x0, y0)
        self.cols, self.rows = int((x1 - x0) / CELL) + 1, int((y1 - y0) / CELL) + 1
        self.cells = [self._cells(r) for r in self.rects]  # the cells each box touches
        self.blocked = bytearray(self.cols * self.rows)  # how many boxes touch each cell
        for cells in self.cells:
            for c in cells:
                self.blocked[c] += 1
        self.used = bytearray(self.cols * self.rows)  # how many routes took each cell

    def _cells(self, r) -> list[int]:
        c0, c1 = self._col(r[0]), self._col(r[2])
        return [w * self.cols + c for w in range(self._row(r[1]), self._row(r[3]) + 1) for c in range(c0, c1 + 1)]

    def _col(self, x: float) -> int:
        return int((x - self.origin[0]) / CELL)

    def _row(self, y: float) -> int:
        return int((y - self.origin[1]) / CELL)

    def _centre(self, cell: int) -> tuple[float, float]:
        return self.origin[0] + (cell % self.cols + 0.5) * CELL, self.origin[1] + (cell // self.cols + 0.5) * CELL

    def _clear(self, points, a: int, b: int) -> bool:
        return not any(_segment_hits(p, q, r) for k, r in enumerate(self.rects) if k not in (a, b)
                       for p, q in zip(points, points[1:]))

    def route(self, a: int, b: int, taken: set, tree_edge: bool) -> tuple | None:
        """A route from box a to box b unlike those in `taken` (the shapes of other relations between
        the same two boxes, either way round), which gets this one's shape."""
        flip = -1 if a > b else 1  # a bend to the left from a to b is a bend to the right from b to a
        A, B = self.boxes[a], self.boxes[b]
        (x0, y0), (x1, y1) = (A.x, A.y), (B.x, B.y)
        # A tree edge is straight where it can be; others bend, so they do not run along a tree edge.
        for rad in (0.0, 0.2, -0.2, 0.4, -0.4) if tree_edge else (0.2, -0.2, 0.0, 0.4, -0.4):
            if flip * rad in taken:
                continue
            # a quadratic curve bent like matplotlib's arc3: the control point off the middle by rad × length
            cx, cy = (x0 + x1) / 2 + rad * (y1 - y0), (y0 + y1) / 2 - rad * (x1 - x0)
            steps = 1 if rad == 0.0 else 16
            points = [((1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t * t * x1,
                       (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t * t * y1)
                      for t in (i / steps for i in range(steps + 1))]
            clipped = _clip(points, A, B)
            if clipped is None:
                return None
            if self._clear(clipped, a, b):
                taken.add(flip * rad)
                return clipped
        return self._grid_route(a, b, 1.5) or self._grid_route(a, b, None)

    def _grid_route(self, a: int, b: int, margin: float | None) -> tuple | None:
        """A* on the grid; within `margin` inches of the two boxes first (most routes are short)."""
        A, B = self.boxes[a], self.boxes[b]
        cols = self.cols
        start = self._row(A.y) * cols + self._col(A.x)
        goal = self._row(B.y) * cols + self._col(B.x)
        gc, gr = goal % cols, goal // cols
        m = int(margin / CELL) if margin is not None else max(self.cols, self.rows)
        c0, c1 = max(min(start % cols, gc) - m, 0), min(max(start % cols, gc) + m, cols - 1)
        r0, r1 = max(min(start // cols, gr) - m, 0), min(max(start // cols, gr) + m, self.rows - 1)
        blocked = bytearray(self.blocked)  # the two boxes' own cells are open, unless another box touches them
        for k in (a, b):
            for c in self.cells[k]:
                blocked[c] -= 1
        for c in set(self.cells[a]) & set(self.cells[b]):
            blocked[c] += 1  # counted down twice above
        used = self.used
        steps = (1, -1, cols, -cols)
        # a state is cell * 4 + direction; a turn costs 4 cells, a cell an earlier route took 2 more; the distance
        # left counts twice (a weighted A*: a route a little longer than the shortest, found much faster)
        best = {start * 4: 0}
        came = {start * 4: -1}
        frontier = [(0, 0, start * 4)]
        found = -1
        while frontier:
            _, cost, state = heapq.heappop(frontier)
            if cost > best[state]:
                continue
            cell, d = divmod(state, 4)
            if cell == goal:
                found = state
                break
            col, row = cell % cols, cell // cols
            for nd, step in enumerate(steps):
                nxt = cell + step
                ncol, nrow = nxt % cols, nxt // cols
                if (abs(ncol - col) + abs(nrow - row) != 1 or not (c0 <= ncol <= c1 and r0 <= nrow <= r1)
                        or blocked[nxt]):
                    continue
                c = cost + 1 + (4 if nd != d and state != start * 4 else 0) + 2 * used[nxt]
                ns = nxt * 4 + nd
                if c < best.get(ns, 1 << 30):
                    best[ns] = c
                    came[ns] = state
                    heapq.heappush(frontier, (c + 2 * (abs(gc - ncol) + abs(gr - nrow)), c, ns))
        if found < 0:
            return None
        path, state = [], found
        while state >= 0:
            path.append(state // 4)
            state = came[state]
        path.reverse()
        for cell in path:
            used[cell] = min(used[cell] + 1, 255)
        corners = [path[0]] + [c for p, c, n in zip(path, path[1:], path[2:]) if c - p != n - c] + [path[-1]]
        return _clip([self._centre(c) for c in corners], A, B)
