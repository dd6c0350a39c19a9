"""Chapter 3: the sigmoid curve squishes any number into 0..1."""

import matplotlib.pyplot as plt
import numpy as np

from nnbook import sigmoid

from ._style import BLUE, save


def make() -> None:
    z = np.linspace(-8, 8, 401)

    def draw(p):
        fig, ax = plt.subplots(figsize=(6, 3.4))
        ax.axhline(0, color=p["grid"], lw=1)
        ax.axhline(1, color=p["grid"], lw=1, ls="--")
        ax.axvline(0, color=p["grid"], lw=1)
        ax.plot(z, sigmoid(z), color=BLUE, lw=2.5)
        ax.plot([0], [0.5], "o", color=BLUE)
        ax.annotate(r"$\sigma(0) = 0.5$", (0, 0.5), xytext=(0.9, 0.42), color=p["fg"])
        ax.text(-7.8, 0.1, "very negative $z$:\nalmost 0, dark", color=p["muted"], fontsize=10.5, va="bottom")
        ax.text(7.8, 0.9, "very positive $z$:\nalmost 1, lit", color=p["muted"], fontsize=10.5, va="top", ha="right")
        ax.set_xlabel(r"weighted input, $z$")
        ax.set_ylabel(r"activation, $\sigma(z)$")
        ax.set_ylim(-0.05, 1.1)
        ax.set_yticks([0, 0.5, 1])
        return fig

    save("ch03_sigmoid", draw)
