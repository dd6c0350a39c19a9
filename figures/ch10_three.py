"""Chapter 10: the worked example's messy 3, its ten outputs and its cost before and after training."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import mnist

from ._style import BLUE, GREEN, ORANGE, save
from .ch01_digit import ink
from .ch10_accuracy import THREE, trained, untrained


def make() -> None:
    images, labels = mnist.load("test")
    x, label = images[:, [THREE]].astype(np.float64), int(labels[THREE])
    y = nnbook.one_hot(label)
    panels = []
    for name, knobs in (("untrained", untrained()), ("after 30 epochs", trained())):
        # In float64: float32 sums round differently on another CPU, enough to move a bar's last SVG digit.
        a = nnbook.forward([(W.astype(np.float64), b.astype(np.float64)) for W, b in knobs], x)
        panels.append((name, a.ravel(), nnbook.cost(a, y), int(a.argmax())))

    def draw(p):
        if p["phone"]:  # stacked, the bars' values larger: 9 px or more on a phone's column
            fig, axs = plt.subplots(3, 1, figsize=(5, 8.4), gridspec_kw={"height_ratios": [0.8, 1, 1], "hspace": 0.6})
        else:
            fig, axs = plt.subplots(1, 3, figsize=(11, 3.4), gridspec_kw={"width_ratios": [0.8, 1.5, 1.5], "wspace": 0.3})
        axs[0].imshow(x.reshape(28, 28), cmap=ink(p), vmin=0, vmax=1, interpolation="nearest")
        axs[0].set_title(f"test digit {THREE}, a {label}", fontsize=10.5)
        axs[0].set_xticks([])
        axs[0].set_yticks([])
        for side in axs[0].spines.values():
            side.set_visible(False)
        for ax, (name, a, c, guess) in zip(axs[1:], panels):
            colours = [GREEN if j == label else (ORANGE if j == guess else BLUE) for j in range(10)]
            ax.bar(range(10), a, color=colours)
            ax.bar(range(10), y.ravel(), fill=False, edgecolor=p["muted"], ls="--", lw=1)
            for j, v in enumerate(a):
                ax.text(j, v + 0.03, f"{v:.2f}", ha="center", fontsize=9.5 if p["phone"] else 7, color=p["fg"])
            ax.set_xticks(range(10))
            ax.set_ylim(0, 1.12)
            ax.set_xlabel("output slot (digit)")
            verdict = "right" if guess == label else f"wrong: says {guess}"
            ax.set_title(f"{name}: cost {c:.2f}, {verdict}", fontsize=10.5)
        for ax in axs[1:] if p["phone"] else axs[1:2]:
            ax.set_ylabel("output activation")
        return fig

    save("ch10_three", draw, phone=True)
