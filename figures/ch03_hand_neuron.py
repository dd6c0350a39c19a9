"""Chapter 3, exercise 3.1 drawn: a neuron designed by hand, its 784 weights as an image, and what it does on real digits.

Weights +1 on the pixels within 6 of the image's centre, -1 on those farther
than 10 from it, 0 between; bias -10. The right panel is the share of the
10,000 test digits of each label for which the neuron's activation passes 0.5.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize

import nnbook
from nnbook import mnist

from ._style import BLUE, save
from .ch04_first_layer import diverging_cmap

INNER, OUTER, BIAS = 6, 10, -10.0


def neuron() -> tuple[np.ndarray, float]:
    """The hand-made weights, shape (1, 784), and bias."""
    r = np.hypot(*np.meshgrid(np.arange(28) - 13.5, np.arange(28) - 13.5, indexing="ij"))
    w = np.where(r < INNER, 1.0, np.where(r > OUTER, -1.0, 0.0))
    return w.reshape(1, 784), BIAS


def lit() -> np.ndarray:
    """For each label 0-9, the share of its test digits that light the neuron (activation above 0.5)."""
    images, labels = mnist.load("test")
    w, b = neuron()
    a = nnbook.sigmoid(w @ images + b)[0]
    return np.array([(a[labels == d] > 0.5).mean() for d in range(10)])


def draw_neuron(p: dict, w: np.ndarray, b: float, share: np.ndarray, norm, ticks: list[float]):
    """A neuron's 784 weights as an image beside the share of each digit that lights it; stacked on a phone.

    Chapter 3's two hand-made neurons (this exercise's and the zero detector) are drawn by this one function.
    """
    fig, (left, right) = plt.subplots(2, 1, figsize=(4.8, 7.4)) if p["phone"] else \
        plt.subplots(1, 2, figsize=(8.4, 3.8), gridspec_kw={"width_ratios": [1, 1.3]})  # stacked on a phone
    # Blue for a positive weight (ink there turns the neuron up), orange for a negative one: the book's colour
    # code for weights, as in chapters 4 and 10; zero is the page's own colour.
    im = left.imshow(w.reshape(28, 28), cmap=diverging_cmap(p), norm=norm, interpolation="nearest")
    left.set_title(f"its 784 weights as an image\nbias $b = {b:g}$", fontsize=12)
    left.set_xticks([])
    left.set_yticks([])
    bar = fig.colorbar(im, ax=left, shrink=0.8, ticks=ticks)
    bar.ax.tick_params(labelsize=11)
    right.bar(np.arange(10), 100 * share, color=BLUE, width=0.6)
    for d, s in enumerate(share):
        right.text(d, 100 * s + 2, f"{100 * s:.0f}", ha="center", va="bottom", fontsize=10, color=p["fg"])
    right.set_xticks(range(10))
    right.set_ylim(0, 115)
    right.set_xlabel("label of the test digit", fontsize=12)
    right.set_ylabel("% that light it", fontsize=12)
    right.set_title("how often real digits light it", fontsize=12)
    fig.tight_layout()
    return fig


def make() -> None:
    w, b = neuron()
    share = lit()
    save("ch03_hand_neuron", lambda p: draw_neuron(p, w, b, share, Normalize(-1.5, 1.5), [-1, 0, 1]), phone=True)
