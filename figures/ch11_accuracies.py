"""Chapter 11: test accuracy per epoch of the book's network and of three tastes of what comes next.

`rerun()` trains each network on the 60,000 MNIST training digits with
`nnbook.sgd` and a step with momentum (`nnbook.further.Momentum`; mu = 0 and a
sigmoid output is the book's plain SGD) on the fused kernel, and saves the per-epoch record to figures/data/ch11_runs.json. It takes a
few minutes; on a machine shared with other work, run it with
OPENBLAS_NUM_THREADS=1, since competing BLAS threads can make it many times slower.
It then runs them all again under each OpenBLAS kernel this processor has (`by_kernel`, each in a
fresh process: figures/_kernels.py), since chapter 11 says what holds on every kernel.
"""

import json
import time

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import fused, mnist
from nnbook.further import Momentum

from ._kernels import every_kernel
from ._style import BLUE, DATA, GREEN, ORANGE, PURPLE, RED, save

RECORD = DATA / "ch11_runs.json"
# name: sizes, output, eta, mu, epochs; every run uses mini-batches of 10, knobs seed 0, shuffles seed 1.
RUNS = {
    "the book's network": ([784, 16, 16, 10], "sigmoid", 3.0, 0.0, 10),
    "+ momentum": ([784, 16, 16, 10], "sigmoid", 0.1, 0.9, 10),
    "+ softmax and cross-entropy": ([784, 16, 16, 10], "softmax", 0.5, 0.0, 10),
    "wider: 784-100-10": ([784, 100, 10], "sigmoid", 3.0, 0.0, 10),
    "wider + softmax + momentum": ([784, 100, 10], "softmax", 0.05, 0.9, 20),
}
BATCH_SIZE, KNOBS_SEED, SHUFFLE_SEED = 10, 0, 1
COLOURS = [BLUE, ORANGE, GREEN, PURPLE, RED]


def train(name: str, data, knobs_seed: int = KNOBS_SEED, shuffle_seed: int = SHUFFLE_SEED) -> dict:
    """Train one of RUNS from scratch and return its record (figures/_ch11_seeds.py tries other seeds)."""
    sizes, output, eta, mu, epochs = RUNS[name]
    X, Y, X_test, labels_test = data
    knobs = nnbook.init_knobs(sizes, rng=knobs_seed, dtype=np.float32)
    start = time.perf_counter()
    learn = Momentum(knobs, mu, fused.sweep if output == "sigmoid" else fused.sweep_softmax)
    history = nnbook.sgd(knobs, X, Y, epochs=epochs, batch_size=BATCH_SIZE, eta=eta, rng=shuffle_seed, learn=learn,
                         evaluation=(X_test, labels_test))
    return {"sizes": sizes, "output": output, "eta": eta, "mu": mu, "batch_size": BATCH_SIZE,
            "knobs": nnbook.count_knobs(sizes), "test_accuracy": [e["accuracy"] for e in history],
            "train_cost": [e["train_cost"] for e in history], "seconds": time.perf_counter() - start}


def data() -> tuple:
    """What `train` trains and scores on: the training digits, their one-hot labels, the test digits and labels."""
    images, labels = mnist.load("train")
    test_images, test_labels = mnist.load("test")
    return images, nnbook.one_hot(labels).astype(np.float32), test_images, test_labels


def accuracies() -> dict[str, list[float]]:
    """Every run's test accuracy after each epoch, under the OpenBLAS kernel this process has."""
    digits = data()
    return {name: train(name, digits)["test_accuracy"] for name in RUNS}


def wide_first_epoch() -> list:
    """The wider sigmoid run after one epoch, under this process's kernel: its test accuracy, its largest output
    on any test digit, and how many test digits it answers other than 0 (chapter 11 says why it can stall)."""
    sizes, output, eta, mu, _ = RUNS["wider: 784-100-10"]
    X, Y, X_test, labels_test = data()
    knobs = nnbook.init_knobs(sizes, rng=KNOBS_SEED, dtype=np.float32)
    history = nnbook.sgd(knobs, X, Y, epochs=1, batch_size=BATCH_SIZE, eta=eta, rng=SHUFFLE_SEED,
                         learn=Momentum(knobs, mu, fused.sweep), evaluation=(X_test, labels_test))
    a = nnbook.forward(knobs, X_test)
    return [history[0]["accuracy"], float(a.max()), int(np.count_nonzero(a.argmax(axis=0)))]


def rerun() -> None:
    digits = data()
    runs = {}
    for name in RUNS:
        runs[name] = train(name, digits)
        print(f"  {name}: {runs[name]['test_accuracy'][-1]:.4f} in {runs[name]['seconds']:.0f} s", flush=True)
    by_kernel = every_kernel("figures.ch11_accuracies", "accuracies")  # the same runs under each OpenBLAS kernel
    DATA.mkdir(parents=True, exist_ok=True)
    tmp = RECORD.with_suffix(".tmp")
    tmp.write_text(json.dumps({"numpy_version": np.__version__, "runs": runs, "by_kernel": by_kernel}, indent=2) + "\n")
    tmp.replace(RECORD)


def record() -> dict:
    return json.loads(RECORD.read_text())


def make() -> None:
    runs = record()["runs"]

    def draw(p):
        fig, ax = plt.subplots(figsize=(6, 4.2))
        for colour, (name, run) in zip(COLOURS, runs.items()):
            acc = 100 * np.array(run["test_accuracy"])
            epochs = np.arange(1, acc.size + 1)
            ax.plot(epochs, acc, "o-", ms=3, color=colour, label=f"{name} ({run['knobs']:,} knobs): {acc[-1]:.2f}%")
        ax.set_xlabel("epoch")
        ax.set_ylabel("test accuracy (%)")
        ax.set_xticks(range(0, 21, 2))
        ax.set_ylim(89, 99)
        ax.grid(True, lw=0.5)
        ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.16), fontsize=10)  # under the axes: no line hidden
        return fig

    save("ch11_accuracies", draw)
