"""What the untrained 784-16-16-10 network (seed 0) does with real MNIST digits: the record chapters 1, 2 and 4 quote.

    python -m figures._untrained     # a few seconds; writes figures/data/untrained.json

Chapters 1, 2 and 4 quote numbers that come from MNIST itself (how many digits,
the first label, how many pixels carry ink) and from forward passes of the
untrained network on them. The site must build without the MNIST files (the
panels' digits are optional, docs/_hooks/digits.py), so figures/quotes.py reads
these numbers from this record instead of from MNIST; nothing in it is trained.
tests/test_chapter_01.py, _02 and _04 recompute it with nnbook and compare, so
a stale record fails there. It keeps counts and outputs, not the data: of the
pixels, only the four values chapter 1's figure text names.
"""

from __future__ import annotations

import json
import sys

import numpy as np

import nnbook
from nnbook import mnist

from ._style import DATA

RECORD = DATA / "untrained.json"
SIZES = [784, 16, 16, 10]
SEED = 0
MESSY_THREE = 18  # the test digit chapters 2 to 5 follow
PATCH = (slice(4, 12), slice(10, 18))  # chapter 1's 8 by 8 patch across the first digit's top stroke
SEVENS_SEEDS = 100  # exercise 1.2: this many untrained networks asked about the first 7


def compute(images: np.ndarray, labels: np.ndarray, test_images: np.ndarray, test_labels: np.ndarray) -> dict:
    """Every number of the record, from the training and test sets as `mnist.load` gives them."""
    knobs = nnbook.init_knobs(SIZES, rng=SEED)
    x = images[:, 0]
    patch = x.reshape(28, 28)[PATCH]
    a = nnbook.forward(knobs, images[:, [0]])[:, 0]
    flipped = x.reshape(28, 28)[:, ::-1].reshape(784, 1)
    first_seven = int(np.argmax(labels == 7))
    sevens = sum(int(nnbook.forward(nnbook.init_knobs(SIZES, rng=s), images[:, [first_seven]]).argmax()) == 7
                 for s in range(SEVENS_SEEDS))
    seeds = {}
    for s in range(5):  # exercise 2.2: the networks for the seeds 0 to 4 on every test digit
        answers = nnbook.forward(nnbook.init_knobs(SIZES, rng=s), test_images).argmax(axis=0)
        seeds[str(s)] = {"answers": np.unique(answers).tolist(), "right": int(np.sum(answers == test_labels))}
    _, three = nnbook.forward_all(knobs, test_images[:, [MESSY_THREE]])
    firsts = [int(np.flatnonzero(test_labels == d)[0]) for d in range(10)]
    _, zero = nnbook.forward_all(knobs, test_images[:, [firsts[0]]])
    _, one = nnbook.forward_all(knobs, test_images[:, [firsts[1]]])
    return {
        "about": "the untrained network init_knobs([784, 16, 16, 10], rng=0) on real MNIST digits; "
                 "written by python -m figures._untrained, checked by tests/test_chapter_01.py, _02 and _04",
        "sizes": SIZES,
        "seed": SEED,
        "train_examples": int(labels.size),
        "test_examples": int(test_labels.size),
        "test_label_counts": np.bincount(test_labels, minlength=10).tolist(),
        "first_train": {
            "label": int(labels[0]),
            "inked_pixels": int(np.sum(x > 0)),
            # the patch's blank paper and full stroke, and two greys at the stroke's edge (row 2, columns 0 and 1)
            "patch_lowest": float(patch.min()),
            "patch_highest": float(patch.max()),
            "patch_edge_greys": [float(patch[2, 0]), float(patch[2, 1])],
            "outputs": a.tolist(),
            "flipped_largest_change": float(np.abs(nnbook.forward(knobs, images[:, [0]])
                                                   - nnbook.forward(knobs, flipped)).max()),
        },
        "first_seven": {"index": first_seven, "networks": SEVENS_SEEDS, "answering_7": sevens},
        "test_set_by_seed": seeds,
        "messy_three": {"index": MESSY_THREE, "label": int(test_labels[MESSY_THREE]),
                        "layer_1": three[1][:, 0].tolist(), "outputs": three[-1][:, 0].tolist()},
        "first_of_each_digit": {"indices": firsts,
                                "outputs": nnbook.forward(knobs, test_images[:, firsts]).T.tolist()},
        "zero_against_one": {"indices": firsts[:2],
                             "largest_change_by_layer": [float(np.abs(zero[l] - one[l]).max()) for l in (1, 2, 3)]},
    }


def rerun() -> dict:
    record = compute(*mnist.load("train"), *mnist.load("test"))
    tmp = RECORD.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    tmp.replace(RECORD)  # never a half-written record
    return record


if __name__ == "__main__":
    result = rerun()
    print(f"wrote {RECORD.name}: the first training digit is a {result['first_train']['label']}", file=sys.stderr)
