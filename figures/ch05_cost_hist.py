"""Chapter 5: the cost of each of the 10,000 test digits under the untrained network, and their average."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import mnist

from ._style import BLUE, ORANGE, SEED, save


def make() -> None:
    images, labels = mnist.load("test")
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=SEED)
    costs = nnbook.example_costs(nnbook.forward(knobs, images), nnbook.one_hot(labels))
    average = costs.mean()
    bins = np.arange(3.0, 5.05, 0.05)
    counts = np.histogram(costs, bins=bins)[0]
    spikes = {}  # bin of a digit's median cost -> the digits whose costs pile up there
    for digit in range(10):
        where = int(np.searchsorted(bins, np.median(costs[labels == digit]))) - 1
        spikes.setdefault(where, []).append(digit)

    def draw(p):
        fig, ax = plt.subplots(figsize=(6.6, 3.5))
        ax.hist(costs, bins=bins, color=BLUE, alpha=0.85)
        # The untrained output hardly depends on the image, so each digit's costs form one narrow spike.
        for where, digits in spikes.items():
            top = counts[where]
            centre = (bins[where] + bins[where + 1]) / 2
            label = " & ".join(str(d) for d in digits)
            ax.text(centre, top + 40, label, ha="center", va="bottom", fontsize=9.5, color=p["fg"])
        ax.axvline(average, color=ORANGE, lw=2)
        ax.text(average + 0.03, 2500, f"average $C$ = {average:.4f}", color=p["fg"], fontsize=10)
        ax.set_xlabel("cost of one test digit, $C_x$")
        ax.set_ylabel("number of digits")
        ax.set_ylim(0, 2700)
        ax.set_title(f"untrained network, all {costs.size:,} test digits; each spike labelled with its digit", fontsize=10.5)
        return fig

    save("ch05_cost_hist", draw)
