"""Chapter 3: a one-input neuron sigma(w x + b): the bias slides its switch left and right."""

import matplotlib.pyplot as plt
import numpy as np

from nnbook import sigmoid

from ._style import BLUE, GREEN, ORANGE, PURPLE, RED, save

W = 2
BIASES = [-6, -2, 0, 2, 6]
COLOURS = [RED, ORANGE, BLUE, PURPLE, GREEN]


def make() -> None:
    x = np.linspace(-6, 6, 481)
    curves = [sigmoid(W * x + b) for b in BIASES]

    def draw(p):
        fig, ax = plt.subplots(figsize=(5.2, 3.6))
        ax.axhline(0.5, color=p["grid"], lw=1)
        ax.axvline(0, color=p["grid"], lw=1)
        for b, y, c in zip(BIASES, curves, COLOURS):
            ax.plot(x, y, color=c, lw=2.2, label=f"$b = {b:g}$")
            ax.plot([-b / W], [0.5], "o", color=c, ms=5)  # the switch point, where w x + b = 0
        ax.set_xlabel("input, $x$")
        ax.set_ylabel(r"output, $\sigma(w x + b)$")
        ax.set_title(f"weight $w = {W}$, five biases; dots where $w x + b = 0$", fontsize=11)
        ax.set_yticks([0, 0.5, 1])
        ax.legend(loc="center left", bbox_to_anchor=(1, 0.5))
        return fig

    save("ch03_biases", draw)
