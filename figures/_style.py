"""Shared look and saving for every figure: seeded, byte-reproducible SVG in a light and a dark variant.

A figure script computes its numbers once, then calls `save(name, draw)` with
a function that draws them; `save` draws twice, once per palette, and writes
`docs/figures/<name>.svg` and `docs/figures/<name>-dark.svg`. A page shows
them with

    ![alt text](figures/<name>.svg#only-light)
    ![alt text](figures/<name>-dark.svg#only-dark)
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from cycler import cycler  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "figures"  # the runner points this elsewhere to check freshness
DATA = Path(__file__).resolve().parent / "data"  # saved, seeded records of expensive runs
SEED = 0

# Colours that read on white and on mkdocs-material's slate background alike.
BLUE, ORANGE, GREEN, RED, PURPLE = "#3b82f6", "#f97316", "#22c55e", "#ef4444", "#a855f7"
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


def save(name: str, draw: Callable[[dict], Figure]) -> list[Path]:
    """Draw a figure once per palette and write both SVGs; returns their paths.

    `draw(palette)` gets a dict with the colours `fg`, `muted`, `grid`, `bg`
    for anything it colours by hand, and returns the figure.
    """
    OUT.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, palette in PALETTES.items():
        with plt.rc_context(rc(palette)):
            fig = draw(palette)
            path = OUT / f"{name}{suffix}.svg"
            tmp = path.with_suffix(".svg.tmp")
            fig.savefig(tmp, format="svg", metadata={"Date": None})
            tmp.replace(path)  # no half-written figure is ever left behind
            plt.close(fig)
        paths.append(path)
    return paths
