"""Chapter 11: the book's full run against the same run with weight decay, training and test accuracy.

`rerun()` trains the book's network with `nnbook.train`'s defaults (the same
seed, shuffles and learning-rate schedule as chapter 10's run) plus a weight
decay of `WEIGHT_DECAY`, and saves the record in figures/data/. The run
without it is chapter 10's own record, so the two differ in that one setting.
"""

import json

import matplotlib.pyplot as plt

from nnbook import train as training

from . import ch10_accuracy
from ._style import BLUE, DATA, ORANGE, save

RECORD = DATA / "ch11_weight_decay.json"
WEIGHT_DECAY = 1e-4  # chosen on the validation split, like chapter 10's settings: figures/_tuning.py


def rerun() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    training.train(weight_decay=WEIGHT_DECAY, record_path=RECORD, progress=True)


def record() -> dict:
    """The saved record of the run with weight decay."""
    return json.loads(RECORD.read_text())


def runs() -> dict:
    """Both records, keyed by the panel titles."""
    return {"the book's full run": ch10_accuracy.record(),
            f"the same with weight decay $\\lambda = 10^{{-4}}$": record()}


def make() -> None:
    def draw(p):
        fig, axes = plt.subplots(2, 1, figsize=(5.4, 6.8), sharey=True) if p["phone"] else \
            plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)  # stacked on a phone: its labels 9 px or more there
        for ax, (title, r) in zip(axes, runs().items()):
            n = [e["epoch"] for e in r["epochs"]]
            train_acc = [100 * e["train_accuracy"] for e in r["epochs"]]
            test_acc = [100 * e["test_accuracy"] for e in r["epochs"]]
            ax.plot(n, train_acc, "o-", color=BLUE, ms=3, label="training set")
            ax.plot(n, test_acc, "o-", color=ORANGE, ms=3, label="test set")
            ax.fill_between(n, test_acc, train_acc, color=p["fg"], alpha=0.08, lw=0)
            gap = train_acc[-1] - test_acc[-1]
            ax.annotate(f"test {test_acc[-1]:.2f}%\ngap {gap:.2f} points", (n[-1], test_acc[-1]), xytext=(-8, -40),
                        textcoords="offset points", ha="right", color=p["fg"], fontsize=10)
            ax.set_title(title, fontsize=11)
            ax.set_xlabel("epoch")
            ax.set_ylim(90, 98.5)
            ax.grid(True, lw=0.5)
        for ax in axes if p["phone"] else axes[:1]:
            ax.set_ylabel("accuracy (%)")
        axes[1].legend(loc="lower right")
        fig.tight_layout()
        return fig

    save("ch11_weight_decay", draw, phone=True)
