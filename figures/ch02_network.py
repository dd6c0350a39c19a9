"""Chapter 2: the book's 784-16-16-10 network drawn as four layers of neurons."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle

from ._style import BLUE, save

SIZES = [784, 16, 16, 10]
SHOWN = 8  # of the 784 inputs, the first 8 and the last 8 are drawn, with an ellipsis between
R = 0.36  # circle radius; neighbours are 1 apart


def _layout() -> list[np.ndarray]:
    """The y position of every drawn neuron, layer by layer (input first)."""
    top = np.arange(11.5, 11.5 - SHOWN, -1.0)
    ys = [np.concatenate([top, -top[::-1]])]  # a gap in the middle for the ellipsis
    for n in SIZES[1:]:
        ys.append(np.arange(n)[::-1] - (n - 1) / 2)
    return ys


def make() -> None:
    ys = _layout()
    xs = [0, 8, 16, 24]

    def draw(p):
        fig, ax = plt.subplots(figsize=(8.6, 6.4))
        ax.set_aspect("equal")
        ax.set_axis_off()
        for l in range(3):  # faint edges: every neuron feeds every neuron of the next layer
            for y0 in ys[l]:
                for y1 in ys[l + 1]:
                    ax.plot([xs[l], xs[l + 1]], [y0, y1], color=p["muted"], lw=0.35, alpha=0.3, zorder=1)
        for l, (x, y) in enumerate(zip(xs, ys)):
            for yy in y:
                edge = BLUE if l else p["muted"]
                ax.add_patch(Circle((x, yy), R, facecolor=p["bg"], edgecolor=edge, lw=1.4, zorder=3))
        ax.text(xs[0], 0, "⋮", ha="center", va="center", fontsize=24, color=p["fg"])
        ax.text(xs[0] - 0.9, 0, "768 more", ha="right", va="center", fontsize=11, color=p["muted"])
        for j, y in enumerate(ys[3]):
            ax.text(xs[3] + 0.8, y, str(j), ha="left", va="center", fontsize=11, color=p["fg"])
        labels = ["input layer\n784 pixels", "hidden layer 1\n16 neurons", "hidden layer 2\n16 neurons", "output layer\n10 digits"]
        for x, text in zip(xs, labels):
            ax.text(x, -12.8, text, ha="center", va="top", fontsize=11.5, color=p["fg"])
        ax.set_xlim(-5, 26)
        ax.set_ylim(-15.6, 12.2)
        return fig

    save("ch02_network", draw)
