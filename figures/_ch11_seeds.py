"""How far another seed moves chapter 11's three 13,002-knob runs: the table's caveat, measured.

    python -m figures._ch11_seeds    # about two minutes on one core; writes figures/data/ch11_seeds.json

Each of the table's runs of the book's 784-16-16-10 network (plain, with momentum, with a softmax output) is
trained again by figures/ch11_accuracies.py's own `train`, with the knobs from seed s and the shuffles from
seed s + 1, for s = 0 to 4: seed 0 is the table's own run. Only the final test accuracy is kept. Like every
training walk, the digits differ between CPUs; tests/test_chapter_11.py checks the prose against this file.
"""

from __future__ import annotations

import json

import numpy as np

from ._style import DATA
from .ch11_accuracies import data, train

RECORD = DATA / "ch11_seeds.json"
NAMES = ["the book's network", "+ momentum", "+ softmax and cross-entropy"]
SEEDS = range(5)


def rerun() -> None:
    digits = data()
    accuracy = {name: [train(name, digits, seed, seed + 1)["test_accuracy"][-1] for seed in SEEDS] for name in NAMES}
    for name, found in accuracy.items():
        print(f"  {name}: {found}", flush=True)
    RECORD.write_text(json.dumps({"numpy_version": np.__version__, "seeds": list(SEEDS), "test_accuracy": accuracy},
                                 indent=2) + "\n")


def record() -> dict:
    return json.loads(RECORD.read_text())


if __name__ == "__main__":
    rerun()
