"""Chapter 6: the cost along straight lines through knob space: three random directions and the downhill one."""

import numpy as np
import matplotlib.pyplot as plt

import nnbook

from ._style import BLUE, GREEN, ORANGE, PURPLE, save
from .ch06_plane import SIZES, data


RANDOM_SEEDS = (1, 2, 3)  # three random directions, drawn beside the downhill one


def make() -> None:
    X, Y = data()
    knobs = nnbook.init_knobs(SIZES, rng=0)
    ts = np.linspace(-10, 10, 41)
    g = nnbook.gradient(knobs, X, Y)
    downhill = -g / np.linalg.norm(g)
    randoms = [nnbook.line(knobs, nnbook.random_direction(knobs, seed), ts, X, Y) for seed in RANDOM_SEEDS]
    steepest = nnbook.line(knobs, downhill, ts, X, Y)

    def draw(p):
        fig, ax = plt.subplots(figsize=(6, 3.6))
        for costs, colour, seed in zip(randoms, (GREEN, PURPLE, BLUE), RANDOM_SEEDS):
            ax.plot(ts, costs, color=colour, lw=1.8, label=f"random direction (seed {seed})")
        ax.plot(ts, steepest, color=ORANGE, lw=2.8, label=r"downhill direction $-\nabla C / \|\nabla C\|$")
        ax.axvline(0, color=p["muted"], lw=1, ls=":")
        ax.annotate("the untrained network", (0, steepest[20]), xytext=(0.6, 5.4), color=p["fg"],
                    arrowprops={"arrowstyle": "->", "color": p["muted"]})
        ax.set_xlabel("distance $t$ moved along the direction")
        ax.set_ylabel("average cost $C$ (1,000 digits)")
        ax.grid(color=p["grid"], lw=0.5)
        # Under the axes: inside them the dotted line at t = 0 ran through its labels.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=10.5, handlelength=1.5, columnspacing=1.2)
        return fig

    save("ch06_line", draw)
