"""Chapter 10: the book's full run, its cost and test accuracy after every epoch.

`rerun()` trains the book's network with `nnbook.train`'s defaults (the book's
seed, 30 epochs) and saves the record (JSON) and the trained knobs (.npz) in
figures/data/; every chapter-10 figure and number is read from those two files.
"""

import json

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook.record import load_knobs
from nnbook import train as training

from ._style import BLUE, DATA, ORANGE, save

RECORD = DATA / "ch10_run.json"
KNOBS = DATA / "ch10_knobs.npz"


def rerun() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    training.train(record_path=RECORD, knobs_path=KNOBS, progress=True)


def record() -> dict:
    """The saved record of the book's run."""
    return json.loads(RECORD.read_text())


def trained() -> nnbook.network.Knobs:
    """The book's network after the saved run."""
    return load_knobs(KNOBS)


def untrained() -> nnbook.network.Knobs:
    """The same network before training: `nnbook.train` draws its starting knobs exactly like this."""
    hp = record()["hyperparameters"]
    return nnbook.init_knobs(hp["sizes"], rng=record()["seed"], dtype=np.float32, scale=hp["scale"])


THREE = 18  # chapter 2's messy 3 (a test digit), the worked example of the book


def make() -> None:
    epochs = record()["epochs"]
    n = [e["epoch"] for e in epochs]
    train_cost = [e["train_cost"] for e in epochs]
    test_cost = [e["test_cost"] for e in epochs]
    test_acc = [100 * e["test_accuracy"] for e in epochs]
    train_acc = [100 * e["train_accuracy"] for e in epochs]

    def draw(p):
        # Side by side on a wide screen, stacked on a phone (labels stay 11 pt, shown at 9 px or more).
        fig, (left, right) = plt.subplots(2, 1, figsize=(5.4, 6.4)) if p["phone"] else plt.subplots(1, 2, figsize=(10, 3.6))
        left.plot(n, train_cost, "o-", color=BLUE, ms=3, label="training set")
        left.plot(n, test_cost, "o-", color=ORANGE, ms=3, label="test set")
        left.set_xlabel("epoch")
        left.set_ylabel("average cost $C$")
        left.set_ylim(0, None)
        left.legend()
        left.grid(True, lw=0.5)
        right.plot(n, train_acc, "o-", color=BLUE, ms=3, label="training set")
        right.plot(n, test_acc, "o-", color=ORANGE, ms=3, label="test set")
        right.set_xlabel("epoch")
        right.set_ylabel("accuracy (%)")
        right.legend(loc="lower right")
        right.grid(True, lw=0.5)
        right.annotate(f"{test_acc[-1]:.2f}%", (n[-1], test_acc[-1]), xytext=(-10, -22), textcoords="offset points",
                       ha="right", color=p["fg"])
        fig.tight_layout()
        return fig

    save("ch10_accuracy", draw, phone=True)
