"""Chapter 3: a one-input neuron sigma(w x + b): the weight sets how sharp its switch is."""

import matplotlib.pyplot as plt
import numpy as np

from nnbook import sigmoid

from ._style import BLUE, GREEN, ORANGE, PURPLE, RED, save

WEIGHTS = [0.5, 1, 2, 5, -2]
COLOURS = [GREEN, BLUE, PURPLE, ORANGE, RED]


def make() -> None:
    x = np.linspace(-6, 6, 481)
    curves = [sigmoid(w * x) for w in WEIGHTS]  # bias 0 throughout

    def draw(p):
        fig, ax = plt.subplots(figsize=(5.2, 3.6))
        ax.axhline(0.5, color=p["grid"], lw=1)
        ax.axvline(0, color=p["grid"], lw=1)
        for w, y, c in zip(WEIGHTS, curves, COLOURS):
            ax.plot(x, y, color=c, lw=2.2, ls="--" if w < 0 else "-", label=f"$w = {w:g}$")
        ax.set_xlabel("input, $x$")
        ax.set_ylabel(r"output, $\sigma(w x + b)$")
        ax.set_title("bias $b = 0$, five weights", fontsize=11)
        ax.set_yticks([0, 0.5, 1])
        ax.legend(loc="center left", bbox_to_anchor=(1, 0.5))
        return fig

    save("ch03_weights", draw)
