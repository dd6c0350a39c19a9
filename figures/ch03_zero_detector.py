"""Chapter 3: a neuron built by hand that means something, a "zero detector", and what it lights for on real digits.

Weights +1 on a ring of pixels 5 to 10 from the image's centre (where a 0's
stroke runs), -4 on the pixels within 4 of it (where a 0 has its hole), 0
elsewhere; bias -20. The right panel is the share of the 10,000 test digits
of each label for which its activation passes 0.5.
"""

import numpy as np
from matplotlib.colors import TwoSlopeNorm

import nnbook
from nnbook import mnist

from ._style import save
from .ch03_hand_neuron import draw_neuron

RING, HOLE, HOLE_WEIGHT, BIAS = (5, 10), 4, -4.0, -20.0
CENTRE = 13.5  # the middle of the 28 x 28 grid, between pixels 13 and 14


def distances() -> np.ndarray:
    """Each pixel's distance from the image's centre, shape (784,), in the order of an image column."""
    rows, cols = np.indices((28, 28))
    return np.hypot(rows - CENTRE, cols - CENTRE).ravel()


def neuron() -> tuple[np.ndarray, float]:
    """The zero detector's weights, shape (784,), and bias."""
    r = distances()
    w = np.where((r >= RING[0]) & (r <= RING[1]), 1.0, 0.0) + HOLE_WEIGHT * (r <= HOLE)
    return w, BIAS


def activations() -> tuple[np.ndarray, np.ndarray]:
    """Its activation on every test digit, shape (10000,), and the digits' labels."""
    images, labels = mnist.load("test")
    w, b = neuron()
    return nnbook.sigmoid(w @ images + b), labels


def lit() -> np.ndarray:
    """For each label 0-9, the share of its test digits that light the neuron (activation above 0.5)."""
    a, labels = activations()
    return np.array([(a[labels == d] > 0.5).mean() for d in range(10)])


def make() -> None:
    w, b = neuron()
    share = lit()
    # -4 full orange and +1 full blue, so the ring reads as clearly as the hole; zero in the page's colour.
    norm = TwoSlopeNorm(vmin=HOLE_WEIGHT, vcenter=0, vmax=1)
    save("ch03_zero_detector", lambda p: draw_neuron(p, w, b, share, norm, [HOLE_WEIGHT, 0, 1]), phone=True)
