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
from .ch06_plane import RECORD as PLANE, in_plane_gradient, setup

RECORD = DATA / "ch07_paths.json"
ETAS = {"too small": 1.0, "about right": 10.0, "too large": 200.0}
STEPS = 60


def walk(p: dict, eta: float, steps: int) -> dict:
    """Gradient descent in the plane from (0, 0): the points visited and the cost at each."""
    s, t = 0.0, 0.0
    path, costs = [[s, t]], []
    for _ in range(steps):
        c, gs, gt = in_plane_gradient(p, s, t)
        costs.append(c)
        s, t = s - eta * gs, t - eta * gt
        path.append([s, t])
    costs.append(in_plane_gradient(p, s, t)[0])
    return {"eta": eta, "path": path, "costs": costs}


def rerun() -> None:
    p = setup()
    walks = {name: walk(p, eta, STEPS) for name, eta in ETAS.items()}
    RECORD.write_text(json.dumps(walks, indent=1) + "\n")


def make() -> None:
    plane = np.load(PLANE)
    walks = json.loads(RECORD.read_text())
    levels = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5]

    def draw(p):
        fig, axes = plt.subplots(1, 3, figsize=(8.4, 3.4), sharey=True)
        for ax, (name, w), colour in zip(axes, walks.items(), (BLUE, ORANGE, RED)):
            ax.contourf(plane["s"], plane["t"], plane["costs"], levels=levels, cmap="viridis", extend="max")
            path = np.array(w["path"])
            ax.plot(path[:, 0], path[:, 1], "-o", color="white", mfc=colour, mec="white", ms=3.5, lw=1.2)
            ax.plot([0], [0], "o", color=colour, mec="white", ms=8)
            ax.set_xlim(plane["s"][0], plane["s"][-1])
            ax.set_ylim(plane["t"][0], plane["t"][-1])
            ax.set_title(f"{name}: $\\eta = {w['eta']:g}$\ncost {w['costs'][0]:.3f} $\\to$ {w['costs'][-1]:.3f}",
                         fontsize=10)
            ax.set_xlabel("$s$")
        axes[0].set_ylabel("$t$")
        fig.tight_layout()
        return fig

    save("ch07_paths", draw)
