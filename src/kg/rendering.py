"""Draw the entities of a graph and the relations between them as a picture (PNG, SVG or PDF).

The administrative units form a tree, one row per level (省 at the top, 社区/村 at the bottom).
Studios, initiatives, organisations and persons hang in a half-row just below the unit (or
studio) they are `locatedIn`, `launchedBy` or named after. Statistics are not drawn.

matplotlib is imported inside functions: it is slow to import and only this module needs it.
Everything goes through the object-oriented `Figure` API, so rendering changes no global pyplot
state; the same graph always gives the same picture (nodes are ordered by IRI).
"""
from __future__ import annotations

import functools
import math
import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import rdflib
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.atomic import atomic_write
from kg.errors import KgError
from kg.namespace import KG
from kg.records import ADMIN_TYPES, ENTITY_TYPES

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

FORMATS = (".png", ".svg", ".pdf")
SCRIPTS = ("hans", "hant")
DPI = 150
PREDICATES = ("partOf", "locatedIn", "launchedBy", "namedAfter")  # also the order of preference

LEVEL = {"Province": 0, "City": 1, "District": 2, "SubdistrictOffice": 3, "Town": 3, "Community": 4, "Village": 4}
# Box fill per class: blues/greens down the administrative tree, warm colours for the rest.
COLOURS = {
    "Province": "#80b1d3", "City": "#8dd3c7", "District": "#b3de69", "SubdistrictOffice": "#ffffb3",
    "Town": "#ffed6f", "Community": "#ccebc5", "Village": "#e5c494", "WorkStudio": "#fb8072",
    "Initiative": "#fdb462", "Organization": "#bebada", "Person": "#fccde5",
}
CLASS_NAMES = {
    "Province": "省", "City": "市", "District": "区县", "SubdistrictOffice": "街道", "Town": "镇乡",
    "Community": "社区", "Village": "村", "WorkStudio": "工作室", "Initiative": "项目/模式",
    "Organization": "机构", "Person": "人物",
}
EDGE_STYLES = {  # predicate: (line style, colour, legend text)
    "partOf": ("-", "#333333", "partOf 隶属"),
    "locatedIn": ("--", "#1f77b4", "locatedIn 位于"),
    "launchedBy": (":", "#d62728", "launchedBy 发起"),
    "namedAfter": ("-.", "#7b3294", "namedAfter 以…命名"),
}

CLOSING = "”’」』）》〉】〕，。、；：！？…·)]}.,;:!?"
FONT_SIZE = 9  # points
WRAP = 18  # label width in half-width columns (a Chinese character takes two)
MAX_LINES = 2
ROW = 1.0  # inches between administrative levels; satellites sit half a row below their anchor
GAP = 0.18  # inches between neighbouring boxes
PAD = 0.3  # box padding, in units of the font size (matplotlib's default for round boxes)


# ---------------------------------------------------------------------------- fonts


def _cjk_files() -> list[str]:
    """Noto Sans CJK files to try: the system's first (fontconfig may know it), then the bundled one."""
    from matplotlib import font_manager

    def key(path: str) -> str:
        return Path(path).name.lower().replace(" ", "").replace("-", "").replace("_", "")

    system = sorted(
        (f for f in font_manager.findSystemFonts() if key(f).startswith("notosanscjk")),
        key=lambda f: ("regular" not in key(f), f),  # Regular before Bold, Light …
    )
    try:
        import noto_cjk_sans_otc

        bundled = [str(Path(noto_cjk_sans_otc.__file__).with_name("NotoSansCJK-Regular.ttc"))]
    except ImportError:
        bundled = []
    return system + [f for f in bundled if os.path.exists(f)]


@functools.lru_cache(maxsize=None)
def _cjk_family(script: str) -> str:
    """Register a Noto Sans CJK file with matplotlib and return the family name that fits `script`."""
    from matplotlib import font_manager

    # SC and TC differ in glyph shapes for the same code point; pick the face matching the labels.
    wanted = ["Noto Sans CJK SC", "Noto Sans CJK TC"] if script == "hans" else ["Noto Sans CJK TC", "Noto Sans CJK SC"]
    wanted += ["Noto Sans CJK HK", "Noto Sans CJK JP", "Noto Sans CJK KR"]
    for path in _cjk_files():
        path = os.path.realpath(path)
        if path not in {os.path.realpath(e.fname) for e in font_manager.fontManager.ttflist}:
            font_manager.fontManager.addfont(path)  # registers every face of a .ttc
        families = {e.name for e in font_manager.fontManager.ttflist if os.path.realpath(e.fname) == path}
        for family in wanted:
            if family in families:
                return family
    raise KgError(
        "no Chinese font found for drawing: install the Python package noto-cjk-sans-otc "
        "(pip install noto-cjk-sans-otc) or the system package fonts-noto-cjk"
    )


def cjk_font(script: str = "hans", size: float = FONT_SIZE) -> FontProperties:
    """Font properties for Chinese text in `script` ("hans" or "hant"); a fresh object on every call."""
    from matplotlib.font_manager import FontProperties

    # DejaVu Sans is matplotlib's per-glyph fallback for the rare character Noto CJK lacks.
    return FontProperties(family=[_cjk_family(_check_script(script)), "DejaVu Sans"], size=size)


def cjk_font_path(script: str = "hans"):
    """The file (a `FontPath` with `.face_index` for a .ttc) that `cjk_font(script)` resolves to."""
    from matplotlib import font_manager

    return font_manager.findfont(cjk_font(script), fallback_to_default=False)


@functools.lru_cache(maxsize=8)
def _cmap(path: str, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str, font_path: str | os.PathLike, face_index: int | None = None) -> set[str]:
    """The characters of `text` (white space aside) that the font at `font_path` has no glyph for.

    `face_index` picks the face of a collection (.ttc); by default it comes from a matplotlib
    `FontPath` (what `findfont` returns), else 0.
    """
    if face_index is None:
        face_index = getattr(font_path, "face_index", 0)
    cmap = _cmap(os.fspath(font_path), face_index)
    return {c for c in text if not c.isspace() and ord(c) not in cmap}


def _check_script(script: str) -> str:
    if script not in SCRIPTS:
        raise KgError(f"unknown script {script!r}: use one of {', '.join(SCRIPTS)}")
    return script


# ---------------------------------------------------------------------------- graph


def _label(graph: rdflib.Graph, node, script: str) -> str:
    def fits(literal, lang: str | None) -> bool:  # tags compare case-insensitively; zh-Hans-CN fits zh-Hans
        tag = (literal.language or "").lower()
        return lang is None or tag == lang or tag.startswith(lang + "-")

    langs = ["zh-hant", "zh-hans"] if script == "hant" else ["zh-hans"]
    for lang in langs + [None]:
        for prop in (RDFS.label, SKOS.prefLabel):
            found = sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, rdflib.Literal) and fits(o, lang))
            if found:
                return found[0]
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]  # no label: the end of the IRI


def entity_graph(graph: rdflib.Graph, script: str = "hans") -> nx.DiGraph:
    """Entities as nodes (attributes `cls`, `label`), relations as edges (attribute `predicate`)."""
    _check_script(script)
    g = nx.DiGraph()
    for cls in ENTITY_TYPES:  # an entity with two classes keeps the first, as ENTITY_TYPES orders them
        for node in sorted(graph.subjects(RDF.type, getattr(KG, cls)), key=str):
            if not isinstance(node, rdflib.Literal) and node not in g:
                g.add_node(node, cls=cls, label=_label(graph, node, script))
    for pred in PREDICATES:
        for s, o in sorted(graph.subject_objects(getattr(KG, pred)), key=lambda so: (str(so[0]), str(so[1]))):
            if s in g and o in g and s != o and not g.has_edge(s, o):
                g.add_edge(s, o, predicate=pred)
    return g


def _tree(g: nx.DiGraph) -> dict:
    """Parent of each node in the drawing's tree: the unit above an administrative unit, the anchor of anything else."""
    nodes = sorted(g, key=str)
    admin = {n for n in nodes if g.nodes[n]["cls"] in ADMIN_TYPES}
    level = {n: LEVEL[g.nodes[n]["cls"]] for n in admin}
    rank = {p: i for i, p in enumerate(PREDICATES)}
    parent = {}
    for n in sorted(admin, key=str):
        ups = [o for o in g.successors(n)
               if o in admin and g.edges[n, o]["predicate"] == "partOf" and level[o] < level[n]]
        if ups:  # the nearest unit above, so a redundant edge to the grandparent is not the tree edge
            parent[n] = max(sorted(ups, key=str), key=lambda o: level[o])

    # Attach the rest to something already placed: its location or launcher first, then whatever it
    # is linked to (a person hangs under the studio named after them).
    def neighbours(n):
        out = sorted(g.successors(n), key=lambda o: (rank[g.edges[n, o]["predicate"]], str(o)))
        inc = sorted(g.predecessors(n), key=lambda s: (rank[g.edges[s, n]["predicate"]], str(s)))
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


# ---------------------------------------------------------------------------- layout


def _wrap(text: str) -> str:
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


def _box_size(text: str, font: FontProperties) -> tuple[float, float]:
    """Width and height in inches of `text` in its padded box."""
    from matplotlib.textpath import text_to_path

    lines = text.split("\n")
    width = max(text_to_path.get_text_width_height_descent(line, font, ismath=False)[0] for line in lines)
    size = font.get_size_in_points()
    height = size * (1 + 1.2 * (len(lines) - 1))  # matplotlib's default line spacing is 1.2
    return (width + 2 * PAD * size) / 72, (height + 2 * PAD * size) / 72


def layout(g: nx.DiGraph, sizes: dict, parent: dict) -> dict:
    """Node centres in inches (y grows upward). Boxes on the same row never overlap: every subtree owns
    a vertical strip of the picture, and a node is kept inside its own strip."""
    children: dict = {n: [] for n in g}
    for n in sorted(g, key=str):
        if n in parent:
            children[parent[n]].append(n)
    admin = {n for n in g if g.nodes[n]["cls"] in ADMIN_TYPES}

    def order(n):  # units before the rest, higher levels first
        return n not in admin, LEVEL.get(g.nodes[n]["cls"], 9), str(n)

    for kids in children.values():  # units first, then the things that hang beside them
        kids.sort(key=order)
    roots = sorted((n for n in g if n not in parent), key=order)
    depth: dict = {}

    def set_depth(n, d):
        depth[n] = d
        for k in children[n]:
            set_depth(k, LEVEL[g.nodes[k]["cls"]] if k in admin else d + 0.5)

    for r in roots:
        if r in admin:
            set_depth(r, LEVEL[g.nodes[r]["cls"]])
    bottom = max(depth.values(), default=-1) + 1  # unattached things get a band of their own below
    for r in roots:
        if r not in admin:
            set_depth(r, bottom)

    span: dict = {}

    def strip(n) -> float:
        span[n] = max(sizes[n][0] + GAP, sum(strip(k) for k in children[n]))
        return span[n]

    pos: dict = {}

    def place(n, left: float) -> None:
        kids = children[n]
        x = left + (span[n] - sum(span[k] for k in kids)) / 2
        for k in kids:
            place(k, x)
            x += span[k]
        # Centre over the units below, else over the satellites; clamp into the strip.
        over = [k for k in kids if k in admin] or kids
        centre = (pos[over[0]][0] + pos[over[-1]][0]) / 2 if over else left + span[n] / 2
        half = (sizes[n][0] + GAP) / 2
        pos[n] = (min(max(centre, left + half), left + span[n] - half), -depth[n] * ROW)

    left = 0.0
    for r in roots:
        strip(r)
        place(r, left)
        left += span[r]
    return pos


# ---------------------------------------------------------------------------- drawing


def _title(graph: rdflib.Graph) -> str | None:
    titles = sorted(str(t) for a in graph.subjects(RDF.type, KG.Article) for t in graph.objects(a, DCTERMS.title))
    return titles[0] if titles else None


def draw(graph: rdflib.Graph, *, title: str | None = None, script: str = "hans", max_nodes: int = 150) -> Figure:
    """The picture as a matplotlib `Figure` (not attached to pyplot). `title` defaults to the article's title."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    g = entity_graph(graph, script)
    if len(g) == 0:
        raise KgError("the graph has no entities to draw (nodes typed kg:Province … kg:Person)")
    if len(g) > max_nodes:
        raise KgError(
            f"the graph has {len(g)} entities, too many to draw legibly (limit {max_nodes}): "
            "draw part of it with --focus ENTITY --depth N, or only some classes with --types"
        )
    font = cjk_font(script)
    texts = {n: _wrap(g.nodes[n]["label"]) for n in g}
    sizes = {n: _box_size(texts[n], font) for n in g}
    parent = _tree(g)
    pos = layout(g, sizes, parent)

    # Figure size follows the layout, so one data unit is one inch and text keeps its point size.
    margin = 0.3
    xs = [pos[n][0] + s * sizes[n][0] / 2 for n in g for s in (-1, 1)]
    ys = [pos[n][1] + s * sizes[n][1] / 2 for n in g for s in (-1, 1)]
    width = max(max(xs) - min(xs) + 2 * margin, 6.0)
    classes = [c for c in ENTITY_TYPES if any(g.nodes[n]["cls"] == c for n in g)]
    preds = [p for p in PREDICATES if any(d["predicate"] == p for *_, d in g.edges(data=True))]
    ncol = max(1, int(width // 1.6))
    legend_h = 0.22 * math.ceil((len(classes) + len(preds)) / ncol) + 0.2
    title = title if title is not None else _title(graph)
    title_h = 0.5 if title else 0.0
    plot_h = max(ys) - min(ys) + 2 * margin
    height = plot_h + legend_h + title_h

    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0, legend_h / height, 1, plot_h / height))
    cx = (max(xs) + min(xs)) / 2
    ax.set_xlim(cx - width / 2, cx + width / 2)
    ax.set_ylim(min(ys) - margin, max(ys) + margin)
    ax.set_axis_off()

    for n in sorted(g, key=str):
        ax.text(*pos[n], texts[n], fontproperties=font, ha="center", va="center", ma="center", zorder=3,
                bbox=dict(boxstyle=f"round,pad={PAD}", fc=COLOURS[g.nodes[n]["cls"]], ec="#555555", lw=0.6))

    def shrink(n, dx, dy) -> float:
        """Points from the centre of n's box to its edge, in direction (dx, dy)."""
        w, h = sizes[n]
        t = min(w / 2 / abs(dx) if dx else math.inf, h / 2 / abs(dy) if dy else math.inf)
        return t * math.hypot(dx, dy) * 72 + 1

    for s, o, d in sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        style, colour, _ = EDGE_STYLES[d["predicate"]]
        (x0, y0), (x1, y1) = pos[s], pos[o]
        dx, dy = x1 - x0, y1 - y0
        if dx == dy == 0:
            continue
        tree_edge = parent.get(s) == o or parent.get(o) == s
        ax.add_patch(FancyArrowPatch(
            pos[s], pos[o], arrowstyle="-|>", mutation_scale=9, color=colour, lw=1.0, linestyle=style,
            shrinkA=shrink(s, dx, dy), shrinkB=shrink(o, -dx, -dy), zorder=2,
            # Edges that are not part of the tree bend, so they don't run along a tree edge.
            connectionstyle="arc3,rad=0" if tree_edge else "arc3,rad=0.2",
        ))

    handles = [Line2D([], [], marker="s", ls="", ms=10, mfc=COLOURS[c], mec="#555555", label=f"{c} {CLASS_NAMES[c]}")
               for c in classes]
    handles += [Line2D([], [], ls=EDGE_STYLES[p][0], color=EDGE_STYLES[p][1], lw=1.2, label=EDGE_STYLES[p][2])
                for p in preds]
    fig.legend(handles=handles, loc="lower center", ncol=min(ncol, len(handles)), frameon=False,
               prop=cjk_font(script, size=8), bbox_to_anchor=(0.5, 0.05 / height))
    if title:
        chars = max(10, int(width * 72 / 13))  # roughly how many 12 pt Chinese characters fit across
        lines = [title[i:i + chars] for i in range(0, len(title), chars)][:2]
        fig.text(0.5, 1 - 0.1 / height, "\n".join(lines), ha="center", va="top",
                 fontproperties=cjk_font(script, size=12))
    return fig


def render(graph: rdflib.Graph, out: str | Path, *, title: str | None = None, script: str = "hans",
           max_nodes: int = 150) -> Path:
    """Draw the entities of `graph` to `out`; the suffix (.png, .svg or .pdf) picks the format."""
    import matplotlib

    out = Path(out)
    fmt = out.suffix.lower()
    if fmt not in FORMATS:
        raise KgError(f"cannot draw to {out.name!r}: unsupported suffix {out.suffix or '(none)'!r}; "
                      f"use one of {', '.join(FORMATS)}")
    fig = draw(graph, title=title, script=script, max_nodes=max_nodes)
    # No dates and a fixed salt for SVG ids: the same graph gives the same bytes.
    metadata = {".png": {"Software": None}, ".svg": {"Date": None}, ".pdf": {"CreationDate": None}}[fmt]
    with matplotlib.rc_context({"svg.hashsalt": "kg"}), atomic_write(out) as f:
        fig.savefig(f, format=fmt[1:], dpi=DPI, metadata=metadata, facecolor="white")
    return out
