"""Chapter 3: the sigmoid curve squishes any number into 0..1."""

import numpy as np
import matplotlib.pyplot as plt

from nnbook import sigmoid

from ._style import BLUE, save


def make() -> None:
    z = np.linspace(-8, 8, 401)

    def draw(p):
        fig, ax = plt.subplots(figsize=(6, 3.2))
        ax.axhline(0, color=p["grid"], lw=1)
        ax.axhline(1, color=p["grid"], lw=1, ls="--")
        ax.axvline(0, color=p["grid"], lw=1)
        ax.plot(z, sigmoid(z), color=BLUE, lw=2.5)
        ax.plot([0], [0.5], "o", color=BLUE)
        ax.annotate(r"$\sigma(0) = 0.5$", (0, 0.5), xytext=(1.2, 0.35), color=p["fg"])
        ax.set_xlabel(r"weighted sum plus bias, $z$")
        ax.set_ylabel(r"activation, $\sigma(z)$")
        ax.set_ylim(-0.05, 1.1)
        return fig

    save("ch03_sigmoid", draw)
