"""Chapter 2: ten different digits, and the untrained network's ten outputs for each."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import mnist

from ._style import SEED, save, text_on
from .ch02_activations import SIZES, activation_cmap


def first_of_each_digit(labels: np.ndarray) -> list[int]:
    """The test-set index of the first 0, the first 1, ..., the first 9."""
    return [int(np.flatnonzero(labels == d)[0]) for d in range(10)]


def make() -> None:
    images, labels = mnist.load("test")
    picks = first_of_each_digit(labels)
    knobs = nnbook.init_knobs(SIZES, rng=SEED)
    outputs = nnbook.forward(knobs, images[:, picks])  # (10 outputs, 10 digits)

    def draw(p):
        cmap = activation_cmap(p)
        fig, axs = plt.subplots(10, 2, figsize=(6.4, 6.6), width_ratios=[1, 10], gridspec_kw={"wspace": 0.05, "hspace": 0.12})
        for row, i in enumerate(picks):
            img, out = axs[row]
            img.imshow(images[:, i].reshape(28, 28), cmap=cmap, vmin=0, vmax=1)
            out.imshow(outputs[:, [row]].T, cmap=cmap, vmin=0, vmax=1, aspect="auto")
            for j, v in enumerate(outputs[:, row]):
                out.text(j, 0, f"{v:.2f}", ha="center", va="center", fontsize=9.5, color=text_on(cmap(v), p))
            for ax in (img, out):
                ax.set_xticks([])
                ax.set_yticks([])
                for s in ax.spines.values():
                    s.set_visible(True)
                    s.set_color(p["muted"])
                    s.set_linewidth(0.6)
        axs[0, 1].set_title("output layer: one column per digit slot", fontsize=10.5)
        axs[-1, 1].set_xticks(range(10))
        axs[-1, 1].set_xticklabels([str(j) for j in range(10)])
        axs[-1, 1].tick_params(length=0)
        axs[0, 0].set_title("input", fontsize=10.5)
        return fig

    save("ch02_ten_digits", draw)
