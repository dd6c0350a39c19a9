"""The book on one page: a row of dials and the landscape behind them.

The landscape is real: the cost of the book's network on 1,000 test digits
along the straight line in knob space from its untrained knobs (t = 0) to the
knobs after the full run of chapter 10 (t = 1). The dials are eight of its
13,002 knobs (weights of the last layer), faint where they started and solid
where training left them.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Arc

import nnbook
from nnbook import mnist

from ._style import BLUE, GREEN, ORANGE, PURPLE, save
from .ch10_accuracy import trained, untrained

TS = np.linspace(-0.15, 1.15, 53)
DIALS = [(2, 0, k) for k in range(8)]  # (layer, row, column): weights into output neuron 0
N_IMAGES = 1000  # the landscape is measured on the first this many test digits; the home and summary pages quote it


def landscape() -> tuple[np.ndarray, np.ndarray]:
    """The cost along the line from the untrained to the trained knobs, at the positions TS."""
    images, labels = mnist.load("test")
    X, Y = images[:, :N_IMAGES].astype(np.float64), nnbook.one_hot(labels[:N_IMAGES])
    start = [(W.astype(np.float64), b.astype(np.float64)) for W, b in untrained()]
    direction = nnbook.flatten(trained()).astype(np.float64) - nnbook.flatten(start)
    return TS, nnbook.line(start, direction, TS, X, Y)


def make() -> None:
    ts, costs = landscape()
    before = [untrained()[l][0][r, c] for l, r, c in DIALS]
    after = [trained()[l][0][r, c] for l, r, c in DIALS]
    limit = 1.1 * max(np.abs(before + after))
    c0, c1 = np.interp(0, ts, costs), np.interp(1, ts, costs)

    def needle(ax, x, value, colour, alpha, lw):
        angle = np.pi / 2 - (value / limit) * (np.pi / 2.2)  # 0 points straight up
        ax.plot([x, x + 0.36 * np.cos(angle)], [0, 0.36 * np.sin(angle)], color=colour, alpha=alpha, lw=lw,
                solid_capstyle="round")

    def draw(p):
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.2, 5.8), gridspec_kw={"height_ratios": [2.3, 1], "hspace": 0.35})
        top.fill_between(ts, 0, costs, color=p["grid"], alpha=0.45, lw=0)
        top.plot(ts, costs, color=p["fg"], lw=2)
        top.plot([0, 1], [c0, c1], "o", color=ORANGE, ms=8)
        top.annotate("where the dials started:\nhigh, very wrong", (0, c0), xytext=(0.08, c0 * 0.97), color=p["fg"],
                     fontsize=10, va="top")
        top.annotate("where training left them:\na low valley", (1, c1), xytext=(0.62, c1 + 0.9), color=p["fg"],
                     fontsize=10, arrowprops={"arrowstyle": "->", "color": p["muted"]})
        top.set_xlabel("position along the line from the untrained to the trained knobs")
        top.set_ylabel("cost (height)")
        top.set_xticks([0, 1], ["untrained", "trained"])
        top.set_ylim(0, costs.max() * 1.05)
        top.text(1.0, 1.0, "forward pass: read your height\nbackprop: feel the slope\ngradient descent: step downhill",
                 transform=top.transAxes, ha="right", va="top", fontsize=10, color=p["fg"], linespacing=1.5)
        bottom.set_xlim(-0.6, 7.6)
        bottom.set_ylim(-0.15, 0.55)
        bottom.set_aspect("equal")
        bottom.axis("off")
        for k, (b0, b1) in enumerate(zip(before, after)):
            bottom.add_patch(Arc((k, 0), 0.9, 0.9, theta1=0, theta2=180, color=p["muted"], lw=1.5))
            needle(bottom, k, b0, p["muted"], 0.6, 1.5)
            needle(bottom, k, b1, [BLUE, GREEN, PURPLE, ORANGE][k % 4], 1, 2.5)
            bottom.plot([k], [0], "o", color=p["fg"], ms=3)
        bottom.set_title("eight of the 13,002 dials: faint where they started,\ncoloured where training left them",
                         fontsize=10, color=p["fg"])
        return fig

    save("summary_dials", draw)
