"""Chapter 1: the network as a function, 784 numbers in (one digit, row after row), 10 numbers out."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

import nnbook
from nnbook import mnist

from ._style import BLUE, ORANGE, save
from .ch01_digit import INDEX, ink

SEED = 0  # the chapter's untrained knobs


def make() -> None:
    images, labels = mnist.load("train")
    x = images[:, [INDEX]].astype(np.float64)  # (784, 1)
    a = nnbook.forward(nnbook.init_knobs([784, 16, 16, 10], rng=SEED), x).ravel()

    def column(p):
        """The same picture for a phone, digit and network on top, the outputs below: 8 units of the
        wide figure's size (about 42 pt each) instead of 12.4, so its labels show at 9 px or more."""
        unit = 8.6 / 12.4 * 0.78  # inches a unit in the wide figure (its axes fill about 78% of it)
        fig = plt.figure(figsize=(8 * unit, 13 * unit))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 8)
        ax.set_ylim(-0.2, 12.8)
        ax.axis("off")
        cmap = ink(p)

        def arrow(start, end):
            ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16, lw=1.8, color=p["muted"]))

        ax.imshow(x.reshape(28, 28), cmap=cmap, vmin=0, vmax=1, extent=(0.1, 2.3, 8.0, 10.2), interpolation="nearest")
        ax.add_patch(Rectangle((0.1, 8.0), 2.2, 2.2, fill=False, edgecolor=p["muted"], lw=1))
        ax.text(1.2, 10.5, f"a {labels[INDEX]}, 28 x 28", ha="center", fontsize=10, color=p["fg"])
        arrow((2.45, 9.1), (3.45, 9.1))
        ax.text(2.95, 8.65, "row after\nrow", ha="center", va="top", fontsize=9, color=p["muted"])
        ax.imshow(x, cmap=cmap, vmin=0, vmax=1, extent=(3.6, 4.0, 6.6, 12.2), aspect="auto", interpolation="nearest")
        ax.add_patch(Rectangle((3.6, 6.6), 0.4, 5.6, fill=False, edgecolor=BLUE, lw=1.5))
        ax.text(3.8, 12.45, r"input $x$: 784 numbers", ha="center", fontsize=10, color=BLUE)
        arrow((4.15, 9.4), (5.05, 9.4))
        ax.add_patch(FancyBboxPatch((5.2, 8.4), 2.4, 2.0, boxstyle="round,pad=0.02,rounding_size=0.2",
                                    facecolor="none", edgecolor=p["fg"], lw=2))
        ax.text(6.4, 9.65, "the network", ha="center", va="center", fontsize=12, weight="bold", color=p["fg"])
        ax.text(6.4, 9.05, r"$f$", ha="center", va="center", fontsize=15, color=p["fg"])
        arrow((6.4, 8.25), (4.9, 6.55))
        h = 0.5
        top = int(np.argmax(a))
        for d, v in enumerate(a):
            y = 5.3 - d * h - h
            colour = ORANGE if d == top else p["muted"]
            ax.add_patch(Rectangle((3.0, y), 0.5, h, facecolor=cmap(float(v)), edgecolor=colour, lw=2 if d == top else 0.8))
            ax.text(2.9, y + h / 2, str(d), ha="right", va="center", fontsize=9.5, color=p["muted"])
            ax.text(3.65, y + h / 2, f"{v:.2f}", ha="left", va="center", fontsize=9.5, color=ORANGE if d == top else p["fg"])
        ax.text(3.25, 5.5, r"output $f(x)$: 10 numbers", ha="center", fontsize=10, color=ORANGE)
        ax.text(4.45, 5.3 - top * h - h / 2, f"<- tallest: the network\n    answers {top}", ha="left", va="center",
                fontsize=9.5, color=ORANGE)
        return fig

    def draw(p):
        if p["phone"]:
            return column(p)
        fig, ax = plt.subplots(figsize=(8.6, 4.4))
        ax.set_xlim(0, 12.4)
        ax.set_ylim(-0.2, 6.4)
        ax.axis("off")
        cmap = ink(p)

        def arrow(x0, x1, y=3.0):
            ax.add_patch(FancyArrowPatch((x0, y), (x1, y), arrowstyle="-|>", mutation_scale=16, lw=1.8, color=p["muted"]))

        ax.imshow(x.reshape(28, 28), cmap=cmap, vmin=0, vmax=1, extent=(0.1, 2.3, 1.9, 4.1), interpolation="nearest")
        ax.add_patch(Rectangle((0.1, 1.9), 2.2, 2.2, fill=False, edgecolor=p["muted"], lw=1))
        ax.text(1.2, 4.4, f"a {labels[INDEX]}, 28 x 28", ha="center", fontsize=10, color=p["fg"])
        arrow(2.45, 3.45)
        ax.text(2.95, 2.55, "row after\nrow", ha="center", va="top", fontsize=8.5, color=p["muted"])

        ax.imshow(x, cmap=cmap, vmin=0, vmax=1, extent=(3.6, 4.0, 0.2, 5.8), aspect="auto", interpolation="nearest")
        ax.add_patch(Rectangle((3.6, 0.2), 0.4, 5.6, fill=False, edgecolor=BLUE, lw=1.5))
        ax.text(3.8, 6.05, r"input $x$: 784 numbers", ha="center", fontsize=10, color=BLUE)
        arrow(4.15, 5.15)

        ax.add_patch(FancyBboxPatch((5.3, 2.0), 2.4, 2.0, boxstyle="round,pad=0.02,rounding_size=0.2",
                                    facecolor="none", edgecolor=p["fg"], lw=2))
        ax.text(6.5, 3.25, "the network", ha="center", va="center", fontsize=12, weight="bold", color=p["fg"])
        ax.text(6.5, 2.65, r"$f$", ha="center", va="center", fontsize=15, color=p["fg"])
        arrow(7.85, 8.6)

        h = 0.5
        for d, v in enumerate(a):
            y = 5.3 - d * h
            colour = ORANGE if d == np.argmax(a) else p["muted"]
            ax.add_patch(Rectangle((9.0, y), 0.5, h, facecolor=cmap(float(v)), edgecolor=colour,
                                   lw=2 if d == np.argmax(a) else 0.8))
            ax.text(8.9, y + h / 2, str(d), ha="right", va="center", fontsize=9, color=p["muted"])
            ax.text(9.65, y + h / 2, f"{v:.2f}", ha="left", va="center", fontsize=9,
                    color=ORANGE if d == np.argmax(a) else p["fg"])
        ax.text(9.6, 6.05, r"output $f(x)$: 10 numbers", ha="center", fontsize=10, color=ORANGE)
        top = int(np.argmax(a))
        ax.text(10.35, 5.3 - top * h + h / 2, f"<- tallest: the network\n    answers {top}", ha="left", va="center",
                fontsize=9, color=ORANGE)
        return fig

    save("ch01_function", draw, phone=True)
