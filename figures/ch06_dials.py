"""Chapters 6 and 7: the numbers behind the interactive dials-and-landscape panel, and its static stand-in.

The panel (docs/_snippets/dials.md, drawn by docs/javascripts/dials.js) lets the
reader turn two dials, s and t, across the plane of figure ch06_plane: through
the partly trained network, along `e1` toward the network trained much further
and `e2`, downhill. `rerun()` computes, at every point of that figure's grid,
the cost on the same 1,000 digits and the two in-plane parts of the real
gradient (`nnbook.gradient` projected onto `e1` and `e2`), and saves them as a
seeded record (figures/data/ch06_dials.npz). `make()` writes the site's data
file docs/data/dials.json from it, and a static SVG of the panel's map for
readers without JavaScript. Between grid points the panel interpolates
bilinearly, exactly as `at()` does here.
"""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
from matplotlib.colors import BoundaryNorm
import numpy as np

from . import _style
from ._style import DATA, ORANGE, RED, save
from .ch06_plane import in_plane_gradient, setup

RECORD = DATA / "ch06_dials.npz"
SITE_DATA = _style.ROOT / "docs" / "data" / "dials.json"
S = np.linspace(-10, 50, 61)  # the grid of figure ch06_plane: s in steps of 1,
T = np.linspace(-8, 8, 81)  # t in steps of 0.2
LEVELS = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5]
ETAS = [0.5, 1, 2, 5, 10, 20, 50, 100, 200]  # the panel's learning-rate choices
ETA = 10  # where its learning-rate control starts: "about right" in chapter 7
STEPS = 60  # the static figure's walk, as long as chapter 7's


def rerun() -> None:
    p = setup()
    cost, grad_s, grad_t = (np.empty((T.size, S.size)) for _ in range(3))
    for i, t in enumerate(T):
        for j, s in enumerate(S):
            cost[i, j], grad_s[i, j], grad_t[i, j] = in_plane_gradient(p, float(s), float(t))
    DATA.mkdir(exist_ok=True)
    np.savez_compressed(RECORD, s=S, t=T, cost=cost, grad_s=grad_s, grad_t=grad_t, reach=p["reach"])


def payload(record) -> dict:
    """The site's data file as a dict: the grid, rounded for size, and what the panel needs to draw it."""

    def rounded(a: np.ndarray, digits: int) -> list:
        return [[float(f"{x:.{digits}g}") for x in row] for row in a]

    s, t = record["s"], record["t"]
    return {
        "about": "Cost and in-plane gradient of the 784-16-16-10 network on the first 1,000 MNIST training digits, "
        "over the plane of figure ch06_plane; made by figures/ch06_dials.py from nnbook.",
        "digits": 1000,
        "s": {"min": float(s[0]), "step": float(s[1] - s[0]), "n": int(s.size)},
        "t": {"min": float(t[0]), "step": float(round(t[1] - t[0], 12)), "n": int(t.size)},
        "start": [0.0, 0.0],
        "star": [round(float(record["reach"]), 4), 0.0],
        "levels": LEVELS,
        "etas": ETAS,
        "eta": ETA,
        "cost": rounded(record["cost"], 7),  # row i is t[i], column j is s[j]
        "grad_s": rounded(record["grad_s"], 5),
        "grad_t": rounded(record["grad_t"], 5),
    }


def text(data: dict) -> str:
    """The data file's exact text: compact, one grid row per line, so a diff of it is readable."""
    head = {k: v for k, v in data.items() if k not in ("cost", "grad_s", "grad_t")}
    parts = [json.dumps(head, separators=(",", ":"))[:-1]]
    for key in ("cost", "grad_s", "grad_t"):
        rows = ",\n".join(json.dumps(row, separators=(",", ":")) for row in data[key])
        parts.append(f'"{key}":[\n{rows}]')
    return ",\n".join(parts) + "}\n"


def at(data: dict, s: float, t: float) -> tuple[float, float, float]:
    """Cost and gradient at (s, t), interpolated bilinearly between grid points, as the panel does."""
    x = min(max((s - data["s"]["min"]) / data["s"]["step"], 0), data["s"]["n"] - 1)
    y = min(max((t - data["t"]["min"]) / data["t"]["step"], 0), data["t"]["n"] - 1)
    j, i = min(int(x), data["s"]["n"] - 2), min(int(y), data["t"]["n"] - 2)
    fx, fy = x - j, y - i

    def lerp(g):
        return (g[i][j] * (1 - fx) + g[i][j + 1] * fx) * (1 - fy) + (g[i + 1][j] * (1 - fx) + g[i + 1][j + 1] * fx) * fy

    return lerp(data["cost"]), lerp(data["grad_s"]), lerp(data["grad_t"])


def walk(data: dict, eta: float, steps: int) -> np.ndarray:
    """The panel's "run": `steps` steps of s, t <- s, t - eta * gradient from the start, stopping at the map's edge."""
    s, t = data["start"]
    path = [(s, t)]
    for _ in range(steps):
        _, gs, gt = at(data, s, t)
        s, t = s - eta * gs, t - eta * gt
        if not (S[0] <= s <= S[-1] and T[0] <= t <= T[-1]):
            break
        path.append((s, t))
    return np.array(path)


def make() -> None:
    data = payload(np.load(RECORD))
    if _style.OUT.resolve() == (_style.ROOT / "docs" / "figures").resolve():
        # Only a run for the site writes the site's data; `--out` runs check figures only.
        SITE_DATA.parent.mkdir(parents=True, exist_ok=True)
        if not SITE_DATA.is_file() or SITE_DATA.read_text() != text(data):
            SITE_DATA.write_text(text(data))
    cost = np.array(data["cost"])
    path = walk(data, ETA, STEPS)
    c0, gs, gt = at(data, 0.0, 0.0)
    c1 = at(data, *path[-1])[0]

    def draw(p):
        fig, ax = plt.subplots(figsize=(6.6, 4))
        # One colour step per band, as the panel draws it, so the narrow low bands stay apart.
        norm = BoundaryNorm(LEVELS, ncolors=256, extend="max")
        cs = ax.contourf(S, T, cost, levels=LEVELS, cmap="viridis", norm=norm, extend="max")
        ax.contour(S, T, cost, levels=LEVELS, colors=p["bg"], linewidths=0.4, alpha=0.6)
        ax.plot(path[:, 0], path[:, 1], "-o", color="white", ms=2.5, lw=1, alpha=0.9)
        # The panel's arrow: the step the button would take, eta times minus the gradient.
        ax.annotate("", xy=(-ETA * gs, -ETA * gt), xytext=(0, 0),
                    arrowprops={"arrowstyle": "-|>", "color": ORANGE, "lw": 2.2, "mutation_scale": 14})
        ax.plot([0], [0], "o", color=ORANGE, ms=8, mec="white")
        ax.plot([data["star"][0]], [0], "*", color=RED, ms=13, mec="white")
        ax.set_xlim(S[0], S[-1])
        ax.set_ylim(T[0], T[-1])
        ax.set_xlabel("dial $s$, along $e_1$")
        ax.set_ylabel("dial $t$, along $e_2$")
        ax.set_title(f"$\\eta = {ETA}$, {len(path) - 1} steps: cost {c0:.4f} $\\to$ {c1:.4f}", fontsize=11)
        fig.colorbar(cs, ax=ax, shrink=0.9, ticks=[0, 0.2, 0.4, 0.6, 1, 2, 3, 5]).set_label("cost $C$")
        return fig

    save("ch06_dials", draw)
