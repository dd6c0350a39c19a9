"""Chapter 3: one real neuron of the untrained network, its activation as its bias slides, for three digits."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import mnist

from ._style import BLUE, GREEN, ORANGE, SEED, save

SIZES = [784, 16, 16, 10]
DIGITS = [(18, BLUE), (3, ORANGE), (2, GREEN)]  # test-set indices: the messy 3, the first 0, the first 1


def make() -> None:
    images, labels = mnist.load("test")
    (W, b), *_ = nnbook.init_knobs(SIZES, rng=SEED)
    w, bias = W[0], float(b[0, 0])  # neuron 0 of hidden layer 1
    biases = np.linspace(-5, 5, 401)
    curves = [[nnbook.neuron(images[:, i], w, s) for s in biases] for i, _ in DIGITS]
    now = [nnbook.neuron(images[:, i], w, bias) for i, _ in DIGITS]

    def draw(p):
        fig, ax = plt.subplots(figsize=(6, 3.6))
        ax.axhline(0.5, color=p["grid"], lw=1)
        ax.axvline(bias, color=p["muted"], lw=1.2, ls=":")
        ax.text(bias + 0.12, 0.04, f"its bias now,\n$b = {bias:.2f}$", color=p["muted"], fontsize=10.5)
        for (i, c), y, a in zip(DIGITS, curves, now):
            ax.plot(biases, y, color=c, lw=2.2, label=f"a {labels[i]} (test digit {i})")
            ax.plot([bias], [a], "o", color=c, ms=5)
        ax.set_xlabel("bias $b$ of neuron 0 in hidden layer 1")
        ax.set_ylabel("its activation")
        ax.set_yticks([0, 0.5, 1])
        ax.legend(loc="upper left", fontsize=10.5)
        return fig

    save("ch03_real_neuron", draw)
