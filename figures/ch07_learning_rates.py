"""Chapter 7: the cost step by step for three learning rates, the whole network on the 1,000 digits.

Plain gradient descent with all 13,002 knobs free, from the untrained network,
one step per pass over the 1,000 digits. Record: figures/data/ch07_learning_rates.json.
"""

import json

import numpy as np
import matplotlib.pyplot as plt

import nnbook

from ._style import BLUE, DATA, ORANGE, RED, save
from .ch06_plane import SIZES, data

RECORD = DATA / "ch07_learning_rates.json"
ETAS = {"too small": 0.3, "about right": 3.0, "too large": 30.0}
STEPS = 200


def descend(X: np.ndarray, Y: np.ndarray, eta: float, steps: int) -> list[float]:
    """The cost before each of `steps` full-batch steps, and after the last."""
    knobs = nnbook.init_knobs(SIZES, rng=0)
    costs = []
    for _ in range(steps):
        costs.append(nnbook.cost(nnbook.forward(knobs, X), Y))
        nnbook.step(knobs, nnbook.backprop(knobs, X, Y), eta)
    costs.append(nnbook.cost(nnbook.forward(knobs, X), Y))
    return costs


def rerun() -> None:
    X, Y = data()
    runs = {name: {"eta": eta, "costs": descend(X, Y, eta, STEPS)} for name, eta in ETAS.items()}
    RECORD.write_text(json.dumps(runs, indent=1) + "\n")


def make() -> None:
    runs = json.loads(RECORD.read_text())

    def draw(p):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        for (name, r), colour in zip(runs.items(), (BLUE, ORANGE, RED)):
            ax.plot(r["costs"], color=colour, lw=2, label=f"$\\eta = {r['eta']:g}$ ({name})")
        ax.set_ylim(0, 4.2)
        ax.set_xlabel("step")
        ax.set_ylabel("average cost $C$ (1,000 digits)")
        ax.grid(color=p["grid"], lw=0.5)
        ax.legend()
        return fig

    save("ch07_learning_rates", draw)
