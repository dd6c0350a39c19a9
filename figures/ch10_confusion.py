"""Chapter 10: the confusion matrix of the trained network on the 10,000 test digits."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

import nnbook
from nnbook import mnist

from ._style import BLUE, save, text_on
from .ch10_accuracy import trained


def confusion(knobs, images, labels) -> np.ndarray:
    """counts[i, j]: how many test digits labelled i the network reads as j."""
    guesses = np.argmax(nnbook.forward(knobs, images), axis=0)
    counts = np.zeros((10, 10), dtype=np.int64)
    np.add.at(counts, (labels, guesses), 1)
    return counts


def make() -> None:
    images, labels = mnist.load("test")
    counts = confusion(trained(), images, labels)
    # Off-diagonal cells are at most a few dozen, the diagonal about a thousand:
    # a square-root scale lets both show.
    shade = np.sqrt(counts / counts.max())

    def draw(p):
        fig, ax = plt.subplots(figsize=(6.2, 5.4))
        cmap = LinearSegmentedColormap.from_list("count", [p["bg"], BLUE])
        ax.imshow(shade, cmap=cmap, vmin=0, vmax=1)
        for i in range(10):
            for j in range(10):
                if counts[i, j]:
                    ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=9.5,
                            color=text_on(cmap(shade[i, j]), p), weight="bold" if i == j else None)
        ax.set_xticks(range(10))
        ax.set_yticks(range(10))
        ax.set_xlabel("the network's answer (tallest output)")
        ax.set_ylabel("the right digit (label)")
        ax.tick_params(length=0)
        for s in ax.spines.values():
            s.set_visible(False)
        return fig

    save("ch10_confusion", draw)
