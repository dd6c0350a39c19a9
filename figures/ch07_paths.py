"""Chapter 7: gradient descent on the landscape of chapter 6, with a step too small, about right, too large.

The walk stays on the plane of figure ch06_plane: at each step the gradient
of the real network on the 1,000 digits is computed, only its two in-plane
components are kept, and the two plane coordinates (s, t) step downhill.
The walks are a seeded record (figures/data/ch07_paths.json).
"""

import json

import numpy as np
import matplotlib.pyplot as plt

from ._style import BLUE, DATA, ORANGE, RED, save
from ._walks import draw_walk, walk
from .ch06_plane import RECORD as PLANE, setup

RECORD = DATA / "ch07_paths.json"
ETAS = {"too small": 1.0, "about right": 10.0, "too large": 200.0}
STEPS = 60


def rerun() -> None:
    p = setup()
    walks = {name: walk(p, eta, STEPS) for name, eta in ETAS.items()}
    RECORD.write_text(json.dumps(walks, indent=1) + "\n")


def make() -> None:
    plane = np.load(PLANE)
    walks = json.loads(RECORD.read_text())

    def draw(p):
        fig, axes = plt.subplots(3, 1, figsize=(4.6, 9.6), sharey=True) if p["phone"] else \
            plt.subplots(1, 3, figsize=(8.4, 3.4), sharey=True)  # stacked on a phone: its labels 9 px or more there
        for ax, (name, w), colour in zip(axes, walks.items(), (BLUE, ORANGE, RED)):
            draw_walk(ax, plane, w, colour, ms=3.5, lw=1.2)
            ax.set_title(f"{name}: $\\eta = {w['eta']:g}$\ncost {w['costs'][0]:.3f} $\\to$ {w['costs'][-1]:.3f}",
                         fontsize=10)
        for ax in axes if p["phone"] else axes[:1]:
            ax.set_ylabel("$t$")
        fig.tight_layout()
        return fig

    save("ch07_paths", draw, phone=True)
