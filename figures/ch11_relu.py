"""Chapter 11: the book's network with its hidden sigmoids swapped for ReLU, against the same loop with sigmoids.

`rerun()` trains two 784-16-16-10 networks on the 60,000 training digits with
one loop, `train`, that differs between them only in the hidden layers'
activation and its slope (sigma and sigma' or max(0, z) and its step); the
output layer stays a sigmoid scored by the quadratic cost, as in the book.
Same knobs (seed 0), same shuffles (seed 1), mini-batches of 10; each run's
learning rate is the best of a few tried (`ETAS`). The per-epoch test accuracy
is saved to figures/data/ch11_relu.json, with the two runs again under each
OpenBLAS kernel this processor has (`by_kernel`: the walks differ between
kernels, and the page's claims must hold on all); `make()` draws the record's.
"""

import json
import time

import matplotlib.pyplot as plt
import numpy as np

import nnbook
from nnbook import mnist

from ._kernels import every_kernel
from ._style import BLUE, DATA, ORANGE, save

RECORD = DATA / "ch11_relu.json"
EPOCHS, BATCH_SIZE, KNOBS_SEED, SHUFFLE_SEED = 10, 10, 0, 1
ETAS = {"sigmoid": 3.0, "relu": 0.1}  # sigmoid: the baseline's 3.0 (ch11_accuracies); ReLU: the best of RELU_TRIED
RELU_TRIED = (0.1, 0.3, 1.0)  # the ReLU rates tried, one epoch each; rerun() records what each reached


def relu(z):
    return np.maximum(0, z)


def relu_prime(z):
    return (z > 0).astype(z.dtype)  # the step: 1 where z > 0, else 0


HIDDEN = {"sigmoid": (nnbook.sigmoid, nnbook.sigmoid_prime), "relu": (relu, relu_prime)}


def forward_all(knobs, X, hidden):
    f = HIDDEN[hidden][0]
    zs, activations = [], [X]
    for l, (W, b) in enumerate(knobs):
        z = W @ activations[-1] + b
        zs.append(z)
        activations.append(nnbook.sigmoid(z) if l == len(knobs) - 1 else f(z))
    return zs, activations


def backprop(knobs, X, Y, hidden):
    """Chapter 9's batch sweep, with the hidden layers' slope `hidden`'s."""
    f_prime = HIDDEN[hidden][1]
    m = X.shape[1]
    zs, activations = forward_all(knobs, X, hidden)
    delta = 2 * (activations[-1] - Y) * nnbook.sigmoid_prime(zs[-1])
    nabla = [None] * len(knobs)
    for l in range(len(knobs) - 1, -1, -1):
        nabla[l] = (delta @ activations[l].T / m, delta.sum(axis=1, keepdims=True) / m)
        if l > 0:
            delta = (knobs[l][0].T @ delta) * f_prime(zs[l - 1])
    return nabla


def accuracy(knobs, X, labels, hidden):
    return float(np.mean(np.argmax(forward_all(knobs, X, hidden)[1][-1], axis=0) == labels))


def train(hidden, data, eta, epochs=EPOCHS):
    """Plain SGD on the book's network with `hidden` activations; the test accuracy after each epoch."""
    X, Y, X_test, labels_test = data
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=KNOBS_SEED, dtype=np.float32)
    rng = np.random.default_rng(SHUFFLE_SEED)
    history = []
    for _ in range(epochs):
        order = rng.permutation(X.shape[1])
        for start in range(0, X.shape[1], BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            nabla = backprop(knobs, X[:, batch], Y[:, batch], hidden)
            knobs = [(W - eta * nW, b - eta * nb) for (W, b), (nW, nb) in zip(knobs, nabla)]
        history.append(accuracy(knobs, X_test, labels_test, hidden))
    return history


def data():
    images, labels = mnist.load("train")
    test_images, test_labels = mnist.load("test")
    return images, nnbook.one_hot(labels).astype(np.float32), test_images, test_labels


def walks() -> dict[str, list[float]]:
    """Both runs' test accuracy after each epoch, under the kernel this process has."""
    d = data()
    return {hidden: train(hidden, d, eta) for hidden, eta in ETAS.items()}


def rerun() -> None:
    d = data()
    out = {"epochs": EPOCHS, "batch_size": BATCH_SIZE, "knobs_seed": KNOBS_SEED, "shuffle_seed": SHUFFLE_SEED,
           "runs": {}}
    out["relu_tried"] = {f"{eta:g}": train("relu", d, eta, epochs=1)[0] for eta in RELU_TRIED}
    for hidden, eta in ETAS.items():
        start = time.perf_counter()
        out["runs"][hidden] = {"eta": eta, "test_accuracy": train(hidden, d, eta),
                               "seconds": round(time.perf_counter() - start, 1)}
    out["by_kernel"] = every_kernel("figures.ch11_relu", "walks")  # the same two walks under each OpenBLAS kernel
    DATA.mkdir(parents=True, exist_ok=True)
    tmp = RECORD.with_suffix(".tmp")
    tmp.write_text(json.dumps(out, indent=1) + "\n")
    tmp.replace(RECORD)


def record() -> dict:
    return json.loads(RECORD.read_text())


def make() -> None:
    r = record()

    def draw(p):
        fig, ax = plt.subplots(figsize=(5.2, 3.4))
        for (hidden, run), colour in zip(r["runs"].items(), (BLUE, ORANGE)):
            acc = [100 * a for a in run["test_accuracy"]]
            n = range(1, len(acc) + 1)
            name = "sigmoid hidden layers" if hidden == "sigmoid" else "ReLU hidden layers"
            ax.plot(n, acc, "o-", color=colour, ms=4, label=f"{name}, $\\eta = {run['eta']:g}$")
            ax.annotate(f"{acc[-1]:.2f}%", (n[-1], acc[-1]), xytext=(6, 0), textcoords="offset points",
                        va="center", color=p["fg"], fontsize=10)
        ax.set_xlabel("epoch")
        ax.set_ylabel("test accuracy (%)")
        ax.set_xticks(range(1, r["epochs"] + 1))
        ax.set_xlim(0.7, r["epochs"] + 0.9)
        ax.grid(True, lw=0.5)
        ax.legend(loc="lower right")
        fig.tight_layout()
        return fig

    save("ch11_relu", draw)
