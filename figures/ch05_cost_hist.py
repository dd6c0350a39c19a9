"""Chapter 5: the cost of each of the 10,000 test digits under the untrained network, and their average."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import mnist

from ._style import BLUE, ORANGE, PURPLE, SEED, save

WIDTH = 0.005  # bins much narrower than one digit's spike (about 0.03 wide), so no bar mixes two spikes by accident


def make() -> None:
    images, labels = mnist.load("test")
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=SEED)
    costs = nnbook.example_costs(nnbook.forward(knobs, images), nnbook.one_hot(labels))
    average = costs.mean()
    bins = np.arange(3.2, 4.9 + WIDTH, WIDTH)
    order = sorted(range(10), key=lambda d: np.median(costs[labels == d]))
    groups = [[order[0]]]  # digits whose spikes sit on top of each other share one label (the 4s and the 6s)
    for d in order[1:]:
        prev = groups[-1][-1]
        if np.median(costs[labels == d]) - np.median(costs[labels == prev]) < 0.02:
            groups[-1].append(d)
        else:
            groups.append([d])
    per_digit = [costs[labels == d] for d in order]
    tops = {d: np.histogram(costs[labels == d], bins=bins)[0] for d in order}

    def draw(p):
        fig, ax = plt.subplots(figsize=(7.2, 4.2))
        # One colour per spike, alternating, so where one digit ends and the next begins shows.
        colours = [BLUE if i % 2 == 0 else PURPLE for i, g in enumerate(groups) for _ in g]
        # Each digit's stack drawn as one filled outline, not a bar per bin: the same picture from 10 shapes
        # instead of 3,400 (drawing the bars was half the time of regenerating every figure of the book).
        ax.hist(per_digit, bins=bins, stacked=True, histtype="stepfilled", color=colours, alpha=0.9)
        stacked = sum(tops[d] for d in order)
        for g in groups:
            centre = np.median(np.concatenate([costs[labels == d] for d in g]))
            lo = min(costs[labels == d].min() for d in g)
            hi = max(costs[labels == d].max() for d in g)
            top = stacked[(bins[:-1] >= lo - WIDTH) & (bins[:-1] <= hi)].max()
            label = " & ".join(str(d) for d in g)
            ax.text(centre, top + 8, label, ha="center", va="bottom", fontsize=13, weight="bold", color=p["fg"],
                    bbox={"facecolor": p["bg"], "edgecolor": "none", "pad": 1})
        # Dashed and behind the bars, so the spike that sits at the average (the 8s') stays in view.
        ax.axvline(average, color=ORANGE, lw=2, ls="--", zorder=0)
        ax.text(average + 0.03, 0.93, f"average $C$ = {average:.4f}", color=p["fg"], fontsize=13,
                transform=ax.get_xaxis_transform())
        ax.set_xlabel("cost of one test digit, $C_x$", fontsize=13)
        ax.set_ylabel("number of digits", fontsize=13)
        ax.tick_params(labelsize=12)
        ax.set_ylim(0, stacked.max() * 1.25)
        ax.set_title(f"untrained network, all {costs.size:,} test digits:\neach digit's costs in a narrow spike, labelled",
                     fontsize=13)
        return fig

    save("ch05_cost_hist", draw)
