"""The Chinese font that every drawing uses: Noto Sans CJK, found through matplotlib's font manager
(the system's copy first, then the one the `noto-cjk-sans-otc` package ships), and cut down with
fontTools to the characters a page or an SVG file shows.

matplotlib and fontTools are imported inside the functions: they are slow to import.
"""
from __future__ import annotations

import base64
import functools
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

SCRIPTS = ("hans", "hant")
FONT_SIZE = 9  # points


def check_script(script: str) -> str:
    if script not in SCRIPTS:
        raise KgError(f"unknown script {script!r}: use one of {', '.join(SCRIPTS)}")
    return script


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
def cjk_family(script: str) -> str:
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
    return FontProperties(family=[cjk_family(check_script(script)), "DejaVu Sans"], size=size)


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


def font_face(text: str, script: str, family: str = "KG CJK") -> str:
    """A CSS @font-face rule naming `family`: the CJK font as a WOFF data URL holding only the glyphs
    `text` needs. The same text gives the same bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path = cjk_font_path(script)
    # recalcTimestamp off: the font's own date stays, so the same text gives the same bytes
    font = TTFont(str(path), fontNumber=getattr(path, "face_index", 0), lazy=True, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff"
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    data = base64.b64encode(out.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{family}"; src: url(data:font/woff;base64,{data}) format("woff"); }}'
