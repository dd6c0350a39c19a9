"""Shared look and saving for every figure: seeded, byte-reproducible SVG in a light and a dark variant.

A figure script computes its numbers once, then calls `save(name, draw)` with
a function that draws them; `save` draws twice, once per palette, and writes
`docs/figures/<name>.svg` and `docs/figures/<name>-dark.svg`. A page shows
them with

    ![alt text](figures/<name>.svg#only-light)
    ![alt text](figures/<name>-dark.svg#only-dark)

Figures are drawn for the width they are shown at. The phone's column is
about 358 px (`PHONE_COLUMN`), and no label may be smaller than 9 px there
(`MIN_LABEL_PX`): a figure `w` points wide shows its text at
`size * min(358, w * 4/3) / w` px, so its labels need `size >= 9 / 358 * w` pt
(10 pt labels allow a figure 398 pt, about 5.5 in, wide). A figure too dense
for that (panels side by side) passes `phone=True`: `save` then also calls
`draw` with `p["phone"]` true and writes `<name>-phone.svg` and
`<name>-phone-dark.svg`, a narrower layout (panels stacked) that the site
serves below 45em (docs/_hooks/figures.py); `p["phone"]` is false otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from cycler import cycler  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "figures"  # the runner points this elsewhere to check freshness
DATA = Path(__file__).resolve().parent / "data"  # saved, seeded records of expensive runs
SEED = 0

# Colours that read on white and on mkdocs-material's slate background alike.
BLUE, ORANGE, GREEN, RED, PURPLE = "#3b82f6", "#f97316", "#22c55e", "#ef4444", "#a855f7"


def signed_cmap(p: dict, negative: str, positive: str) -> LinearSegmentedColormap:
    """A colour map for signed values whose zero is the page's own background (`p["bg"]`).

    A white-centred map (matplotlib's RdBu) puts a white glare wherever a value is near zero in the
    dark palette; this one fades to the page in either palette.
    """
    return LinearSegmentedColormap.from_list("signed", [negative, p["bg"], positive])


def text_on(fill, p: dict) -> str:
    """The palette's text colour or white, whichever has the higher contrast on `fill` (WCAG's ratio).

    For numbers written inside coloured cells: a rule such as "white above 0.6" left white on mid-blue at
    under 3 to 1 in the light palette, where the page's dark text reads better."""
    from matplotlib.colors import to_rgb

    def luminance(colour) -> float:
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a, b) -> float:
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    return max((p["fg"], "white"), key=lambda text: contrast(text, fill))
_COMMON = {
    "svg.hashsalt": "nnbook",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "figure.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=[BLUE, ORANGE, GREEN, RED, PURPLE]),
    "savefig.transparent": True,
    "savefig.bbox": "tight",
    "image.cmap": "viridis",
}
PALETTES = {
    "": {"fg": "#1f2937", "muted": "#6b7280", "grid": "#d1d5db", "bg": "#ffffff"},
    "-dark": {"fg": "#e5e7eb", "muted": "#9ca3af", "grid": "#4b5563", "bg": "#1e2129"},
}


def rc(palette: dict) -> dict:
    """matplotlib settings for one palette."""
    fg = palette["fg"]
    return _COMMON | {
        "text.color": fg,
        "axes.labelcolor": fg,
        "axes.edgecolor": palette["muted"],
        "axes.titlecolor": fg,
        "xtick.color": fg,
        "ytick.color": fg,
        "grid.color": palette["grid"],
        "legend.frameon": False,
    }


PHONE_COLUMN = 358  # CSS px: the text column on a 390 px screen
MIN_LABEL_PX = 9  # the smallest text a figure may show there


_CLIP_ID = re.compile(r'<clipPath id="(p[0-9a-f]+)"')


def number_clips(svg: str) -> str:
    """The SVG with its clip paths named clip1, clip2, ... in order, instead of a hash of their boxes.

    matplotlib names a clip path by hashing its rectangle to the last bit, and the layout's arithmetic goes
    through numpy's BLAS, whose kernels round differently (chapter 6's plane laid out on a phone got another
    name under OpenBLAS's Prescott kernel, with the same drawing): numbered, the bytes are the same on every CPU.
    """
    for n, old in enumerate(dict.fromkeys(_CLIP_ID.findall(svg)), start=1):
        svg = svg.replace(f'id="{old}"', f'id="clip{n}"').replace(f"url(#{old})", f"url(#clip{n})")
    return svg


def save(name: str, draw: Callable[[dict], Figure], phone: bool = False) -> list[Path]:
    """Draw a figure once per palette and write both SVGs; returns their paths.

    `draw(palette)` gets a dict with the colours `fg`, `muted`, `grid`, `bg`
    for anything it colours by hand, and `phone` (see the module's docstring),
    and returns the figure. With `phone=True` it is drawn twice more, for phones.
    """
    OUT.mkdir(parents=True, exist_ok=True)
    paths = []
    layouts = ("", "-phone") if phone else ("",)
    for layout, (suffix, palette) in ((lo, pal) for lo in layouts for pal in PALETTES.items()):
        with plt.rc_context(rc(palette)):
            fig = draw(palette | {"phone": bool(layout)})
            path = OUT / f"{name}{layout}{suffix}.svg"
            tmp = path.with_suffix(".svg.tmp")
            fig.savefig(tmp, format="svg", metadata={"Date": None})
            tmp.write_text(number_clips(tmp.read_text(encoding="utf-8")), encoding="utf-8")
            tmp.replace(path)  # no half-written figure is ever left behind
            plt.close(fig)
        paths.append(path)
    return paths


_WIDTH = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"')
# matplotlib draws text as glyph outlines (svg.fonttype path): each text is a <g id="text_N"> (after
# its box, if it has one) whose glyphs are scaled by the font size / 100.
_GLYPHS = re.compile(r'<g id="text_\d+">\s*(?:<g id="patch_\d+">.*?</g>\s*)?(?:<!--.*?-->\s*)?<g [^>]*?transform="[^"]*?scale\(([\d.]+)', re.S)


def smallest_text(path: Path) -> tuple[float, float]:
    """A drawn figure's width and its smallest text size, both in points (the SVG's units).

    Shown `w` CSS px wide, its smallest text is `size * w / width` px on screen.
    """
    svg = path.read_text(encoding="utf-8")
    width = _WIDTH.search(svg)
    texts = len(re.findall(r'<g id="text_\d+">', svg))
    sizes = [100 * float(m.group(1)) for m in _GLYPHS.finditer(svg)]
    if not width or not sizes or len(sizes) != texts:
        raise ValueError(f"{path.name}: cannot read its width and the size of each of its {texts} texts (is it drawn by figures/?)")
    return float(width.group(1)), min(sizes)
