"""Chapter 10: the first test digits the trained network still gets wrong, each with its label and the answer given."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import mnist

from ._style import GREEN, ORANGE, save
from .ch01_digit import ink
from .ch10_accuracy import trained

ROWS, COLS = 3, 10


def mistakes(knobs, images, labels) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the misread test digits, in test-set order, and the answers given."""
    guesses = np.argmax(nnbook.forward(knobs, images), axis=0)
    wrong = np.flatnonzero(guesses != labels)
    return wrong, guesses[wrong]


def make() -> None:
    images, labels = mnist.load("test")
    wrong, guesses = mistakes(trained(), images, labels)
    shown = list(zip(wrong[: ROWS * COLS], guesses[: ROWS * COLS]))

    def draw(p):
        if p["phone"]:  # the same 30 digits, 5 a row: labels 9 px or more on a phone's column
            fig, axs = plt.subplots(ROWS * COLS // 5, 5, figsize=(4.4, 7.6), gridspec_kw={"hspace": 0.55, "wspace": 0.2})
        else:
            fig, axs = plt.subplots(ROWS, COLS, figsize=(9, 3.35), gridspec_kw={"hspace": 0.5, "wspace": 0.15})
        for ax, (i, guess) in zip(axs.flat, shown):
            ax.imshow(images[:, i].reshape(28, 28), cmap=ink(p), vmin=0, vmax=1, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            for s in ax.spines.values():
                s.set_visible(False)
            ax.set_title("")
            ax.text(0.02, 1.04, str(labels[i]), transform=ax.transAxes, color=GREEN, weight="bold", fontsize=10)
            ax.text(0.98, 1.04, f"→{guess}", transform=ax.transAxes, color=ORANGE, weight="bold", fontsize=10, ha="right")
            ax.set_xlabel(f"#{i}", fontsize=9.5 if p["phone"] else 7.5, color=p["muted"], labelpad=1)
        return fig

    save("ch10_mistakes", draw, phone=True)
