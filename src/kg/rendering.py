"""Draw the entities of a graph and the relations between them: a picture (PNG, SVG or PDF, this
module's matplotlib back end), an interactive page (HTML, `kg.interactive`) or a network file for
Gephi, yEd and Cytoscape (GraphML, GEXF). What is drawn and where comes from `kg.layout`.

matplotlib is imported inside functions: it is slow to import and only the pictures need it.
Everything goes through the object-oriented `Figure` API, so rendering changes no global pyplot
state; the same graph always gives the same bytes. SVG keeps its text as text (it can be searched
and copied), with the subset of the CJK font it needs embedded.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import rdflib

from kg.atomic import atomic_write, check_target
from kg.entity_types import CLASS_NAMES, COLOURS
from kg.errors import KgError
from kg.fonts import FONT_SIZE, cjk_family, cjk_font, font_face
from kg.layout import EDGE_STYLES, PAD, Scene, check_size, drawable, in_script, scene

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

FORMATS = (".png", ".svg", ".pdf", ".html", ".graphml", ".gexf")
PICTURES = (".png", ".svg", ".pdf")
DPI = 150


def _box_size(text: str, font: FontProperties) -> tuple[float, float]:
    """Width and height in inches of `text` in its padded box."""
    from matplotlib.textpath import text_to_path

    lines = text.split("\n")
    width = max(text_to_path.get_text_width_height_descent(line, font, ismath=False)[0] for line in lines)
    size = font.get_size_in_points()
    height = size * (1 + 1.2 * (len(lines) - 1))  # matplotlib's default line spacing is 1.2
    return (width + 2 * PAD * size) / 72, (height + 2 * PAD * size) / 72


def picture_scene(graph: rdflib.Graph, *, title: str | None = None, script: str = "hans",
                  max_nodes: int | None = 150, focus: str | None = None, depth: int = 1,
                  types: list[str] | None = None) -> Scene:
    """The scene a picture draws, with boxes measured in the picture's font."""
    g = drawable(graph, script, focus=focus, depth=depth, types=types)
    check_size(g, max_nodes)
    font = cjk_font(script)
    return scene(graph, g, lambda text: _box_size(text, font), script=script, title_text=title)


def draw(graph: rdflib.Graph, *, title: str | None = None, script: str = "hans", max_nodes: int | None = 150,
         focus: str | None = None, depth: int = 1, types: list[str] | None = None) -> Figure:
    """The picture as a matplotlib `Figure` (not attached to pyplot). `title` defaults to the article's
    title (for several articles: how many, and where)."""
    return figure(picture_scene(graph, title=title, script=script, max_nodes=max_nodes, focus=focus,
                                depth=depth, types=types))


def figure(sc: Scene) -> Figure:
    """Draw a scene; one data unit is one inch, so text keeps its point size."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as MplPath

    script = sc.script
    font = cjk_font(script)
    margin = 0.3
    x0, y0, x1, y1 = sc.bounds()
    width = max(x1 - x0 + 2 * margin, 6.0)
    ncol = max(1, int(width // 1.6))
    legend_h = 0.22 * math.ceil((len(sc.classes) + len(sc.predicates)) / ncol) + 0.2
    chars = max(10, int(width * 72 / 13))  # roughly how many 12 pt Chinese characters fit across
    title_lines = [sc.title[i:i + chars] for i in range(0, len(sc.title), chars)][:2] if sc.title else []
    title_h = 0.15 + 0.25 * len(title_lines) if title_lines else 0.0
    plot_h = y1 - y0 + 2 * margin
    height = plot_h + legend_h + title_h

    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0, legend_h / height, 1, plot_h / height))
    cx = (x0 + x1) / 2
    ax.set_xlim(cx - width / 2, cx + width / 2)
    ax.set_ylim(y0 - margin, y1 + margin)
    ax.set_axis_off()

    pad = PAD * FONT_SIZE / 72
    for gr in sc.groups:
        gx0, gy0, gx1, gy1 = gr.rect
        ax.add_patch(FancyBboxPatch((gx0, gy0), gx1 - gx0, gy1 - gy0, boxstyle="round,pad=0,rounding_size=0.08",
                                    fc="#f7f7f7", ec="#999999", lw=0.8, ls="--", zorder=1))
        ax.text(gx0 + 0.1, gy1 - 0.08, gr.caption, fontproperties=cjk_font(script, size=8), ha="left", va="top",
                color="#555555", zorder=1)
    for b in sc.boxes:
        ax.add_patch(FancyBboxPatch((b.x - b.w / 2 + pad, b.y - b.h / 2 + pad), b.w - 2 * pad, b.h - 2 * pad,
                                    boxstyle=f"round,pad={pad}", fc=COLOURS[b.cls], ec="#555555", lw=0.6, zorder=3))
        ax.text(b.x, b.y, "\n".join(b.lines), fontproperties=font, ha="center", va="center", ma="center", zorder=4)
    for e in sc.edges:
        style, colour, _ = EDGE_STYLES[e.predicate]
        ax.add_patch(FancyArrowPatch(path=MplPath(e.points), arrowstyle="-|>", mutation_scale=9, color=colour,
                                     lw=1.0, linestyle=style, zorder=2))

    handles = [Line2D([], [], marker="s", ls="", ms=10, mfc=COLOURS[c], mec="#555555",
                      label=f"{c} {in_script(CLASS_NAMES[c], script)}") for c in sc.classes]
    handles += [Line2D([], [], ls=EDGE_STYLES[p][0], color=EDGE_STYLES[p][1], lw=1.2,
                       label=in_script(EDGE_STYLES[p][2], script)) for p in sc.predicates]
    fig.legend(handles=handles, loc="lower center", ncol=min(ncol, len(handles)), frameon=False,
               prop=cjk_font(script, size=8), bbox_to_anchor=(0.5, 0.05 / height))
    if title_lines:
        fig.text(0.5, 1 - 0.1 / height, "\n".join(title_lines), ha="center", va="top",
                 fontproperties=cjk_font(script, size=12))
    return fig


def export_network(g: nx.MultiDiGraph, out: Path, fmt: str) -> None:
    """Write GraphML or GEXF: node ids are IRIs; attributes class, label, label_hans, label_hant, code;
    edges carry their predicate."""
    plain = nx.MultiDiGraph()
    for n, d in sorted(g.nodes(data=True), key=lambda nd: str(nd[0])):
        plain.add_node(str(n), **{k: v for k, v in d.items()})
    for s, o, k in sorted(g.edges(keys=True), key=lambda e: tuple(map(str, e))):
        plain.add_edge(str(s), str(o), key=k, predicate=k, label=k)
    with atomic_write(out) as f:
        (nx.write_graphml if fmt == ".graphml" else nx.write_gexf)(plain, f)


def _svg_with_font(data: bytes, script: str) -> bytes:
    """Embed the CJK font, cut down to the characters of the SVG's text, under the family name the
    text asks for, so the text shows as drawn on a machine without the font."""
    svg = data.decode("utf-8")
    texts = "".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", svg))
    import html

    rule = font_face(html.unescape(texts) + "…", script, family=cjk_family(script))
    at = svg.index(">", svg.index("<svg")) + 1
    return (svg[:at] + f"\n <defs>\n  <style type=\"text/css\">{rule}</style>\n </defs>" + svg[at:]).encode("utf-8")


def picture_kind(out: str | Path, fmt: str | None = None) -> str:
    """The format to draw `out` in (".png" …), from `fmt` or the suffix; KgError when it is none kg draws."""
    out = Path(out)
    kind = f".{fmt.lower().lstrip('.')}" if fmt else out.suffix.lower()
    if kind not in FORMATS:
        raise KgError(f"cannot draw to {out.name!r}: unsupported {'format' if fmt else 'suffix'} "
                      f"{(fmt or out.suffix) or '(none)'!r}; use one of {', '.join(FORMATS)}"
                      f"{'' if fmt else ' (or --format, for a name without one such as /dev/stdout)'}")
    return kind


def render(graph: rdflib.Graph, out: str | Path, *, title: str | None = None, script: str = "hans",
           max_nodes: int | None = 150, focus: str | None = None, depth: int = 1,
           types: list[str] | None = None, fmt: str | None = None) -> Path:
    """Draw the entities of `graph` (a loaded rdflib graph) to `out`. The suffix, or `fmt` ("png",
    "svg", "pdf", "html", "graphml", "gexf"), picks the format. `max_nodes` caps pictures (the HTML
    view takes ten times as many; network files are never capped)."""
    out = Path(out)
    kind = picture_kind(out, fmt)
    check_target(out)  # before the drawing, not after
    selection = dict(focus=focus, depth=depth, types=types)
    if kind in (".graphml", ".gexf"):
        g = drawable(graph, script, **selection)
        check_size(g, None)
        export_network(g, out, kind)
        return out
    if kind == ".html":
        from kg.interactive import page

        g = drawable(graph, script, **selection)
        check_size(g, max_nodes and max_nodes * 10)
        data = page(graph, g, title=title, script=script)
        with atomic_write(out) as f:
            f.write(data.encode("utf-8"))
        return out
    import io

    import matplotlib

    fig = draw(graph, title=title, script=script, max_nodes=max_nodes, **selection)
    # No dates and a fixed salt for SVG ids: the same graph gives the same bytes.
    metadata = {".png": {"Software": None}, ".svg": {"Date": None}, ".pdf": {"CreationDate": None}}[kind]
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "kg", "svg.fonttype": "none"}):
        fig.savefig(buffer, format=kind[1:], dpi=DPI, metadata=metadata, facecolor="white")
    data = _svg_with_font(buffer.getvalue(), script) if kind == ".svg" else buffer.getvalue()
    with atomic_write(out) as f:
        f.write(data)
    return out
