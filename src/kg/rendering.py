"""Draw the entities of a graph and the relations between them: a picture (PNG, SVG or PDF), an
interactive page (HTML, see kg.interactive) or a network file for Gephi, yEd and Cytoscape (GraphML, GEXF).

The administrative units form a tree, one band per level (省 at the top, 社区/村 at the bottom).
Studios, initiatives, organisations and persons sit in a small grid just below the unit (or
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
from kg.entity_types import ADMIN_TYPES, CLASS_NAMES, COLOURS, ENTITY_TYPES, LEVEL
from kg.errors import KgError
from kg.namespace import KG

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

FORMATS = (".png", ".svg", ".pdf", ".html", ".graphml", ".gexf")
PICTURES = (".png", ".svg", ".pdf")
SCRIPTS = ("hans", "hant")
DPI = 150
PREDICATES = ("partOf", "locatedIn", "launchedBy", "namedAfter")  # also the order of preference

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
SAT_ROW = 0.42  # inches between rows of satellites under one anchor
SAT_COLS = 4  # satellites per row under one anchor
TREE_AISLE = 0.5  # inches kept free in the middle of a unit's satellites when units hang below it
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


def _labels(graph: rdflib.Graph, node) -> list[rdflib.Literal]:
    return sorted((o for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(node, p)
                   if isinstance(o, rdflib.Literal)), key=lambda o: (str(o.language), str(o)))


def _fits(literal, lang: str | None) -> bool:  # tags compare case-insensitively; zh-Hans-CN fits zh-Hans
    tag = (literal.language or "").lower()
    return lang is None or tag == lang or tag.startswith(lang + "-")


def _label(graph: rdflib.Graph, node, script: str) -> str:
    langs = ["zh-hant", "zh-hans"] if script == "hant" else ["zh-hans"]
    for lang in langs + [None]:
        for prop in (RDFS.label, SKOS.prefLabel):
            found = sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, rdflib.Literal) and _fits(o, lang))
            if found:
                return found[0]
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]  # no label: the end of the IRI


def entity_graph(graph: rdflib.Graph, script: str = "hans") -> nx.MultiDiGraph:
    """Entities as nodes, relations as edges keyed by predicate (two relations between the same pair
    are two edges). Node attributes: `cls`, `label` (in `script`), `label_hans`, `label_hant`, and
    `code` (kg:adminCode) where the unit has one."""
    _check_script(script)
    g = nx.MultiDiGraph()
    for cls in ENTITY_TYPES:  # an entity with two classes keeps the first, as ENTITY_TYPES orders them
        for node in sorted(graph.subjects(RDF.type, getattr(KG, cls)), key=str):
            if not isinstance(node, rdflib.Literal) and node not in g:
                code = graph.value(node, KG.adminCode)
                g.add_node(node, cls=cls, label=_label(graph, node, script), label_hans=_label(graph, node, "hans"),
                           label_hant=_label(graph, node, "hant"), **({"code": str(code)} if code else {}))
    for pred in PREDICATES:
        for s, o in sorted(graph.subject_objects(getattr(KG, pred)), key=lambda so: (str(so[0]), str(so[1]))):
            if s in g and o in g and s != o:
                g.add_edge(s, o, key=pred, predicate=pred)
    return g


def _class_name(name: str) -> str:
    for cls in ENTITY_TYPES:
        if name.strip().lower() in (cls.lower(), CLASS_NAMES[cls]):
            return cls
    raise KgError(f"unknown entity class {name!r} in --types: use some of {', '.join(ENTITY_TYPES)}")


def select(graph: rdflib.Graph, g: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1,
           types: list[str] | None = None) -> nx.MultiDiGraph:
    """The part of `g` to draw: only the classes in `types` (e.g. ["Community", "WorkStudio"]), and
    around `focus` (a label in either script, or an IRI) the entities at most `depth` relations away."""
    if types:
        keep = {_class_name(t) for t in types}
        g = g.subgraph([n for n, c in g.nodes(data="cls") if c in keep]).copy()
    if focus:
        from kg.view import to_simplified

        wanted = {focus, to_simplified(focus)}
        centres = [n for n in sorted(g, key=str)
                   if str(n) == focus or any(str(lab) in wanted for lab in _labels(graph, n))]
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


def _tree(g: nx.MultiDiGraph) -> dict:
    """Parent of each node in the drawing's tree: the unit above an administrative unit, the anchor of anything else."""
    nodes = sorted(g, key=str)
    admin = {n for n in nodes if g.nodes[n]["cls"] in ADMIN_TYPES}
    level = {n: LEVEL[g.nodes[n]["cls"]] for n in admin}
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




def layout(g: nx.MultiDiGraph, sizes: dict, parent: dict) -> dict:
    """Node centres in inches (y grows upward). Units sit in one band per level that the graph has;
    each unit's satellites (and theirs) fill a grid of up to SAT_COLS columns just below it. Every
    subtree owns a vertical strip of the picture, so boxes never overlap."""
    admin = {n for n in g if g.nodes[n]["cls"] in ADMIN_TYPES}
    kids: dict = {n: [] for n in g}
    for n in sorted(g, key=str):
        if n in parent:
            kids[parent[n]].append(n)

    def order(n):  # units before the rest, higher levels first
        return n not in admin, LEVEL.get(g.nodes[n]["cls"], 9), str(n)

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
    levels = sorted({LEVEL[g.nodes[n]["cls"]] for n in admin})
    band_y, y = {}, 0.0
    for lv in levels:
        band_y[lv] = y
        rows = max((len(grid_rows(grids[n])) for n in admin if LEVEL[g.nodes[n]["cls"]] == lv), default=0)
        y -= ROW + max(rows - 1, 0) * SAT_ROW
    loose_y = y + ROW / 2 if levels else 0.0

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
        top = band_y[LEVEL[g.nodes[n]["cls"]]]
        pos[n] = (centre, top)
        place_grid(grids[n], centre, top - ROW / 2, aisle(n))

    left = 0.0
    for r in roots:
        strip(r)
        place(r, left)
        left += span[r]
    if loose:
        place_grid(loose, max(left, grid_width(loose)) / 2, loose_y - ROW / 2)
    return pos


# ---------------------------------------------------------------------------- drawing


def _title(graph: rdflib.Graph) -> str | None:
    titles = sorted(str(t) for a in graph.subjects(RDF.type, KG.Article) for t in graph.objects(a, DCTERMS.title))
    return titles[0] if titles else None


def _to_traditional(text: str) -> str:
    from kg.view import _converter

    return _converter("s2t").convert(text)


def _check_size(g: nx.MultiDiGraph, max_nodes: int | None) -> None:
    if len(g) == 0:
        raise KgError("the graph has no entities to draw (nodes typed kg:Province … kg:Person)")
    if max_nodes and len(g) > max_nodes:
        raise KgError(
            f"the graph has {len(g)} entities, too many to draw legibly (limit {max_nodes}): "
            "draw part of it with --focus ENTITY --depth N, or only some classes with --types, "
            "or lift the limit with --max-nodes N"
        )


def draw(graph: rdflib.Graph, *, title: str | None = None, script: str = "hans", max_nodes: int | None = 150,
         focus: str | None = None, depth: int = 1, types: list[str] | None = None) -> Figure:
    """The picture as a matplotlib `Figure` (not attached to pyplot). `title` defaults to the article's title."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    g = select(graph, entity_graph(graph, script), focus=focus, depth=depth, types=types)
    _check_size(g, max_nodes)
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
    preds = [p for p in PREDICATES if any(k == p for *_, k in g.edges(keys=True))]
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

    pairs = sorted({(s, o) for s, o in g.edges()}, key=lambda e: (str(e[0]), str(e[1])))
    for s, o in pairs:
        (x0, y0), (x1, y1) = pos[s], pos[o]
        dx, dy = x1 - x0, y1 - y0
        if dx == dy == 0:
            continue
        tree_edge = parent.get(s) == o or parent.get(o) == s
        keys = [p for p in PREDICATES if g.has_edge(s, o, p)]
        for i, pred in enumerate(keys):
            style, colour, _ = EDGE_STYLES[pred]
            # Edges that are not part of the tree bend, so they don't run along a tree edge; a second
            # relation between the same two entities bends the other way, so both stay visible.
            rad = (0.0 if tree_edge else 0.2) + (0.25 * ((i + 1) // 2) * (-1) ** i if i else 0.0)
            ax.add_patch(FancyArrowPatch(
                pos[s], pos[o], arrowstyle="-|>", mutation_scale=9, color=colour, lw=1.0, linestyle=style,
                shrinkA=shrink(s, dx, dy), shrinkB=shrink(o, -dx, -dy), zorder=2,
                connectionstyle=f"arc3,rad={rad:g}",
            ))

    script_of = _to_traditional if script == "hant" else str
    handles = [Line2D([], [], marker="s", ls="", ms=10, mfc=COLOURS[c], mec="#555555",
                      label=f"{c} {script_of(CLASS_NAMES[c])}") for c in classes]
    handles += [Line2D([], [], ls=EDGE_STYLES[p][0], color=EDGE_STYLES[p][1], lw=1.2,
                       label=script_of(EDGE_STYLES[p][2])) for p in preds]
    fig.legend(handles=handles, loc="lower center", ncol=min(ncol, len(handles)), frameon=False,
               prop=cjk_font(script, size=8), bbox_to_anchor=(0.5, 0.05 / height))
    if title:
        chars = max(10, int(width * 72 / 13))  # roughly how many 12 pt Chinese characters fit across
        lines = [title[i:i + chars] for i in range(0, len(title), chars)][:2]
        fig.text(0.5, 1 - 0.1 / height, "\n".join(lines), ha="center", va="top",
                 fontproperties=cjk_font(script, size=12))
    return fig


def export_network(g: nx.MultiDiGraph, out: Path, fmt: str) -> None:
    """Write GraphML or GEXF: node ids are IRIs; attributes class, label, label_hans, label_hant, code;
    edges carry their predicate."""
    plain = nx.MultiDiGraph()
    for n, d in sorted(g.nodes(data=True), key=lambda nd: str(nd[0])):
        plain.add_node(str(n), **{("class" if k == "cls" else k): v for k, v in d.items()})
    for s, o, k in sorted(g.edges(keys=True), key=lambda e: tuple(map(str, e))):
        plain.add_edge(str(s), str(o), key=k, predicate=k, label=k)
    with atomic_write(out) as f:
        (nx.write_graphml if fmt == ".graphml" else nx.write_gexf)(plain, f)


def render(graph: rdflib.Graph, out: str | Path, *, title: str | None = None, script: str = "hans",
           max_nodes: int | None = 150, focus: str | None = None, depth: int = 1,
           types: list[str] | None = None, fmt: str | None = None) -> Path:
    """Draw the entities of `graph` to `out`. The suffix, or `fmt` ("png", "svg", "pdf", "html",
    "graphml", "gexf"), picks the format. `max_nodes` caps pictures (the HTML view takes ten times as
    many; network files are never capped)."""
    out = Path(out)
    kind = f".{fmt.lower().lstrip('.')}" if fmt else out.suffix.lower()
    if kind not in FORMATS:
        raise KgError(f"cannot draw to {out.name!r}: unsupported {'format' if fmt else 'suffix'} "
                      f"{(fmt or out.suffix) or '(none)'!r}; use one of {', '.join(FORMATS)}")
    if kind in (".graphml", ".gexf"):
        g = select(graph, entity_graph(graph, script), focus=focus, depth=depth, types=types)
        _check_size(g, None)
        export_network(g, out, kind)
        return out
    if kind == ".html":
        from kg.interactive import page

        g = select(graph, entity_graph(graph, script), focus=focus, depth=depth, types=types)
        _check_size(g, max_nodes and max_nodes * 10)
        data = page(graph, g, title=title if title is not None else _title(graph), script=script)
        with atomic_write(out) as f:
            f.write(data.encode("utf-8"))
        return out
    import matplotlib

    fig = draw(graph, title=title, script=script, max_nodes=max_nodes, focus=focus, depth=depth, types=types)
    # No dates and a fixed salt for SVG ids: the same graph gives the same bytes.
    metadata = {".png": {"Software": None}, ".svg": {"Date": None}, ".pdf": {"CreationDate": None}}[kind]
    with matplotlib.rc_context({"svg.hashsalt": "kg"}), atomic_write(out) as f:
        fig.savefig(f, format=kind[1:], dpi=DPI, metadata=metadata, facecolor="white")
    return out
