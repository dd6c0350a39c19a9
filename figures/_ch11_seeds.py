"""How far another seed moves chapter 11's three 13,002-knob runs: the table's caveat, measured.

    python -m figures._ch11_seeds    # about two minutes on one core; writes figures/data/ch11_seeds.json

Each of the table's runs of the book's 784-16-16-10 network (plain, with momentum, with a softmax output) is
trained again exactly as figures/ch11_accuracies.py trains it, with the knobs from seed s and the shuffles from
seed s + 1, for s = 0 to 4: seed 0 is the table's own run. Only the final test accuracy is kept. Like every
training walk, the digits differ between CPUs; tests/test_chapter_11.py checks the prose against this file.
"""

from __future__ import annotations

import json

import numpy as np

import nnbook
from nnbook import fused, mnist
from nnbook.further import Momentum

from ._style import DATA
from .ch11_accuracies import BATCH_SIZE, RUNS

RECORD = DATA / "ch11_seeds.json"
NAMES = ["the book's network", "+ momentum", "+ softmax and cross-entropy"]
SEEDS = range(5)


def rerun() -> None:
    images, labels = mnist.load("train")
    test_images, test_labels = mnist.load("test")
    Y = nnbook.one_hot(labels).astype(np.float32)
    accuracy = {}
    for name in NAMES:
        sizes, output, eta, mu, epochs = RUNS[name]
        accuracy[name] = []
        for seed in SEEDS:
            knobs = nnbook.init_knobs(sizes, rng=seed, dtype=np.float32)
            learn = Momentum(knobs, mu, fused.sweep if output == "sigmoid" else fused.sweep_softmax)
            nnbook.sgd(knobs, images, Y, epochs=epochs, batch_size=BATCH_SIZE, eta=eta, rng=seed + 1, learn=learn)
            accuracy[name].append(nnbook.accuracy(knobs, test_images, test_labels))  # the sigmoid's argmax is the softmax's
        print(f"  {name}: {accuracy[name]}", flush=True)
    RECORD.write_text(json.dumps({"numpy_version": np.__version__, "seeds": list(SEEDS), "test_accuracy": accuracy},
                                 indent=2) + "\n")


def record() -> dict:
    return json.loads(RECORD.read_text())


if __name__ == "__main__":
    rerun()
