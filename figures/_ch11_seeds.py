"""How far another seed, or another computer, moves chapter 11's three 13,002-knob runs: the table's caveat, measured.

    python -m figures._ch11_seeds    # about two minutes per kernel; writes figures/data/ch11_seeds.json

Each of the table's runs of the book's 784-16-16-10 network (plain, with momentum, with a softmax output) is
trained again by figures/ch11_accuracies.py's own `train`, with the knobs from seed s and the shuffles from
seed s + 1, for s = 0 to 4: seed 0 is the table's own run. Only the final test accuracy is kept. Like every
training walk, the digits differ between CPUs, so the five seeds are run under every OpenBLAS kernel this
processor has (each in a fresh process with OPENBLAS_CORETYPE set: figures/_kernels.py); the
kernel numpy picks by itself, which made the table, is `test_accuracy`. tests/test_chapter_11.py checks the
prose against this file.
"""

from __future__ import annotations

import json

import numpy as np

from ._kernels import every_kernel, under
from ._style import DATA

RECORD = DATA / "ch11_seeds.json"
NAMES = ["the book's network", "+ momentum", "+ softmax and cross-entropy"]
SEEDS = range(5)


def accuracies() -> dict[str, list[float]]:
    """The final test accuracy of each run and seed, under the kernel this process has."""
    from .ch11_accuracies import data, train

    digits = data()
    return {name: [train(name, digits, seed, seed + 1)["test_accuracy"][-1] for seed in SEEDS] for name in NAMES}


def rerun() -> None:
    own = under(None, "figures._ch11_seeds", "accuracies")  # numpy's own pick of kernel, which made the table
    by_kernel = every_kernel("figures._ch11_seeds", "accuracies")
    tmp = RECORD.with_suffix(".tmp")
    tmp.write_text(json.dumps({"numpy_version": np.__version__, "seeds": list(SEEDS), "test_accuracy": own,
                               "by_kernel": by_kernel}, indent=2) + "\n")
    tmp.replace(RECORD)


def record() -> dict:
    return json.loads(RECORD.read_text())


if __name__ == "__main__":
    rerun()
