"""Chapter 8: what the output layer "wants" for one real digit: each output nudged toward its target, by 2(a - y)."""

import numpy as np
import matplotlib.pyplot as plt

import nnbook
from nnbook import mnist

from ._style import BLUE, PURPLE, RED, save

INDEX = 7  # the eighth training digit, a 3


def example() -> tuple[list, np.ndarray, np.ndarray, int]:
    """The untrained network, one real digit (784, 1), its one-hot target (10, 1) and its label."""
    images, labels = mnist.load("train")
    x, label = images[:, [INDEX]], int(labels[INDEX])
    return nnbook.init_knobs([784, 16, 16, 10], rng=0), x, nnbook.one_hot(label), label


def make() -> None:
    knobs, x, y, label = example()
    a = nnbook.forward(knobs, x).ravel()
    wish = -nnbook.cost_prime(a, y.ravel()).ravel()  # -2 (a_j - y_j): the nudge each output wants
    digits = np.arange(10)
    image = x.reshape(28, 28)

    def draw(p):
        if p["phone"]:  # stacked, the nudges' values larger: 9 px or more on a phone's column
            fig, (ax0, ax1, ax2) = plt.subplots(3, 1, figsize=(5, 9.2), gridspec_kw={"height_ratios": [0.9, 1, 1]})
        else:
            fig, (ax0, ax1, ax2) = plt.subplots(1, 3, figsize=(9.6, 3.4), gridspec_kw={"width_ratios": [0.8, 2, 2]})
        ax0.imshow(image, cmap="gray_r" if p["bg"] == "#ffffff" else "gray", interpolation="nearest")
        ax0.set_title(f"the digit (a {label})", fontsize=11)
        ax0.axis("off")
        ax1.bar(digits, a, color=PURPLE, width=0.6, label="output $a_j$")
        ax1.scatter(digits, y.ravel(), marker="_", s=300, color=p["fg"], lw=2.5, label="desired $y_j$", zorder=3)
        ax1.set_xticks(digits)
        ax1.set_ylim(0, 1.3)
        ax1.set_xlabel("output neuron $j$ (digit)")
        ax1.set_title("what the network says", fontsize=11)
        ax1.legend(loc="upper center", fontsize=10 if p["phone"] else 9, ncol=2)
        ax2.axhline(0, color=p["muted"], lw=1)
        # Blue for "turn up", red for "turn down": the code every figure of chapters 8 and 9 uses.
        ax2.bar(digits, wish, color=[BLUE if w > 0 else RED for w in wish], width=0.6)
        for j, w in zip(digits, wish):
            ax2.annotate(f"{w:+.2f}", (j, w), xytext=(0, 4 if w > 0 else -12), textcoords="offset points",
                         ha="center", fontsize=9.5 if p["phone"] else 8, color=p["fg"])
        ax2.set_xticks(digits)
        ax2.set_ylim(-2.2, 1.0)
        ax2.set_xlabel("output neuron $j$ (digit)")
        ax2.set_title(r"the nudge it wants: $-2(a_j - y_j)$", fontsize=11)
        fig.tight_layout()
        return fig

    save("ch08_desires", draw, phone=True)
