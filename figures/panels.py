"""Chapters 1, 2, 7 and 10: the two networks behind the draw and train panels, as files the page can read.

The panels (docs/javascripts/panels.js, computing with docs/javascripts/nnbook-net.js)
run the book's 784-16-16-10 network in the reader's browser. `make()` writes the
knobs they start from into docs/data/, as raw little-endian floats in
`nnbook.flatten`'s order (each layer's W row by row, then its b), with no rounding:

- `network-untrained.f64`: `nnbook.init_knobs(SIZES, rng=SEED)`, float64, the
  untrained network of chapter 1 (and where the train panel starts);
- `network-trained.f32`: chapter 10's saved trained knobs (figures/data/ch10_knobs.npz),
  float32 as they were saved.

Knobs are not MNIST digits, so they are committed. The digits the panels need
are made from the MNIST files when the site is built (docs/_hooks/digits.py)
and are never committed.
"""

from __future__ import annotations

import numpy as np

import nnbook

from . import _style
from ._style import DATA, SEED

SIZES = [784, 16, 16, 10]
SITE = _style.ROOT / "docs" / "data"
UNTRAINED = SITE / "network-untrained.f64"
TRAINED = SITE / "network-trained.f32"


def untrained() -> nnbook.network.Knobs:
    """The untrained network of chapter 1: the book's init with the book's seed, float64."""
    return nnbook.init_knobs(SIZES, rng=SEED)


def trained() -> nnbook.network.Knobs:
    """Chapter 10's trained network, as saved (float32)."""
    record = np.load(DATA / "ch10_knobs.npz")
    return [(record[f"W{l}"], record[f"b{l}"]) for l in range(1, len(SIZES))]


def contents() -> dict:
    """Each site file's exact bytes."""
    return {
        UNTRAINED: nnbook.flatten(untrained()).astype("<f8").tobytes(),
        TRAINED: nnbook.flatten(trained()).astype("<f4").tobytes(),
    }


def make() -> None:
    if _style.OUT.resolve() != (_style.ROOT / "docs" / "figures").resolve():
        return  # only a run for the site writes the site's data; `--out` runs check figures only
    SITE.mkdir(parents=True, exist_ok=True)
    for path, data in contents().items():
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
