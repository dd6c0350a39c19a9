"""Chapter 5: the worked example, output bars against the desired output, with each slot's squared miss."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook

from ._style import BLUE, GREEN, save

OUTPUT = np.array([0.1, 0.05, 0.0, 0.2, 0.5])  # the network's answer on the first five slots
LABEL = 3


def draw_bars(ax, p, a: np.ndarray, y: np.ndarray, show_misses: bool, fmt: str = ".4g", phone: bool = False) -> None:
    """Output bars (blue) beside desired bars (green outline) per slot; optionally each slot's squared miss.

    On a phone the misses' row is named in the axis label rather than beside the row, which would widen the
    drawing and shrink all of it on the narrow column."""
    slots = np.arange(len(a))
    ax.bar(slots - 0.19, a, width=0.38, color=BLUE, label="output $a_j$")
    ax.bar(slots + 0.19, y, width=0.38, facecolor="none", edgecolor=GREEN, lw=1.8, label="desired $y_j$")
    ax.axhline(0, color=p["muted"], lw=1)
    ax.set_xticks(slots)
    ax.set_xticklabels([str(j) for j in slots])
    ax.set_xlabel("output slot $j$ (digit);\nunder each, its squared miss $(a_j - y_j)^2$" if phone and show_misses
                  else "output slot $j$ (digit)")
    ax.set_ylim(-0.32 if show_misses else 0, 1.25)
    ax.set_yticks([0, 0.5, 1])
    if show_misses:
        for j, miss in enumerate((a - y) ** 2):
            said = f"{miss:{fmt}}"
            if phone:  # ".24" for 0.24: ten of them fit side by side in the narrow drawing
                said = said.removeprefix("0")
            ax.text(j, -0.2, said, ha="center", va="center", fontsize=10.5, color=p["fg"])
        if not phone:
            ax.text(-0.62, -0.2, "$(a_j - y_j)^2$:", ha="right", va="center", fontsize=10.5, color=p["fg"])
    ax.legend(loc="upper center", ncol=2, fontsize=11)


def make() -> None:
    y = nnbook.one_hot(LABEL, n=len(OUTPUT))[:, 0]
    c = nnbook.cost(OUTPUT, y)

    def draw(p):
        fig, ax = plt.subplots(figsize=(5.6, 3.6))
        draw_bars(ax, p, OUTPUT, y, show_misses=True)
        ax.set_title(f"desired: a {LABEL}; cost over these five slots = {c:.4f}", fontsize=11)
        return fig

    save("ch05_worked_example", draw)
