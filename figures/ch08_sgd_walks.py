"""Chapter 8: the same walk with the gradient of all 1,000 digits, and with a mini-batch of 10 digits per step.

Both walks stay on the plane of figure ch06_plane and use the same learning
rate and the same number of steps. The mini-batches are cut from a seeded
shuffle of the 1,000 digits. Record: figures/data/ch08_sgd_walks.json.
"""

import json

import numpy as np
import matplotlib.pyplot as plt

from ._style import BLUE, DATA, ORANGE, save
from ._walks import draw_walk, walk
from .ch06_plane import RECORD as PLANE, setup

RECORD = DATA / "ch08_sgd_walks.json"
ETA = 10.0
STEPS = 100
BATCH = 10
SEED = 0


def rerun() -> None:
    p = setup()
    walks = {"full": walk(p, ETA, STEPS, None, SEED), "mini": walk(p, ETA, STEPS, BATCH, SEED)}
    RECORD.write_text(json.dumps(walks, indent=1) + "\n")


def make() -> None:
    plane = np.load(PLANE)
    walks = json.loads(RECORD.read_text())

    def draw(p):
        fig, axes = plt.subplots(2, 1, figsize=(5.2, 8), sharey=True) if p["phone"] else \
            plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)  # stacked on a phone: its labels 9 px or more there
        titles = {"full": "full batch: all {batch:,} digits per step", "mini": "mini-batch: {batch} digits per step"}
        for ax, (name, w), colour in zip(axes, walks.items(), (BLUE, ORANGE)):
            draw_walk(ax, plane, w, colour, ms=3, lw=1)
            seen = w["batch"] * (len(w["path"]) - 1)
            ax.set_title(titles[name].format(batch=w["batch"]) +
                         f"\n{seen:,} digits looked at; cost {w['costs'][0]:.3f} $\\to$ {w['costs'][-1]:.3f}",
                         fontsize=11)
        for ax in axes if p["phone"] else axes[:1]:
            ax.set_ylabel("$t$")
        fig.tight_layout()
        return fig

    save("ch08_sgd_walks", draw, phone=True)
