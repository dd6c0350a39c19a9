"""Chapter 1: the ten numbers an untrained 784-16-16-10 network answers for the digit of ch01_digit."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import mnist

from ._style import BLUE, GREEN, ORANGE, save

INDEX, SEED = 0, 0  # the same digit and the same random knobs as the chapter's code


def make() -> None:
    images, labels = mnist.load("train")
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=SEED)
    a = nnbook.forward(knobs, images[:, [INDEX]]).ravel()
    label, answer = int(labels[INDEX]), int(np.argmax(a))

    def draw(p):
        fig, ax = plt.subplots(figsize=(5.8, 3.6))
        colours = [ORANGE if d == answer else BLUE for d in range(10)]
        bars = ax.bar(range(10), a, color=colours, width=0.7)
        for bar, v in zip(bars, a):
            ax.text(bar.get_x() + bar.get_width() / 2, v + 0.02, f"{v:.2f}", ha="center", va="bottom", fontsize=10,
                    color=p["fg"])
        ax.axhline(1, color=p["grid"], lw=1, ls="--", zorder=0)
        ax.bar([label], [1], width=0.86, fill=False, edgecolor=GREEN, lw=2, ls="-")
        ax.annotate(f"the digit is a {label}: the output we want\nis 1 here and 0 everywhere else", (label + 0.3, 1.0), xytext=(6.6, 1.44),
                    color=GREEN, fontsize=10.5, ha="center", va="bottom",
                    arrowprops={"arrowstyle": "->", "color": GREEN})
        ax.annotate(f"tallest output: the network\nanswers {answer}, which is wrong", (answer, a[answer] + 0.1),
                    xytext=(2.3, 1.16), color=ORANGE, fontsize=10.5, ha="center", va="bottom",
                    arrowprops={"arrowstyle": "->", "color": ORANGE})
        ax.set_xticks(range(10))
        ax.set_xlabel("output neuron (one per digit)")
        ax.set_ylabel("output, between 0 and 1")
        ax.set_ylim(0, 1.8)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
        return fig

    save("ch01_outputs", draw)
