"""benchmarks/bound.py's epoch is the same SGD as nnbook's fused path, so benchmarks/README.md may compare their times."""

import sys
from pathlib import Path

import numpy as np
import pytest

from nnbook import flatten, init_knobs
from nnbook.descent import walk
from nnbook.fused import learn
from batches import random_batch

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import bound  # noqa: E402  (a script's folder, not a package)


def test_the_fastest_numpy_epoch_walks_as_the_fused_kernel_does():
    sizes, m = bound.SIZES, 32
    X, Y = random_batch(sizes, 3 * m, seed=4)
    XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    knobs = init_knobs(sizes, rng=5)
    V, total = bound.bound_epoch(knobs, np.hstack([XT, np.ones((3 * m, 1))]), YT, m, eta=2.0, rng=6)
    history = walk(knobs, XT, YT, 1, m, 2.0, 6, learn)
    np.testing.assert_allclose(flatten([(-v[:, :-1], -v[:, -1:]) for v in V]), flatten(knobs), rtol=0, atol=1e-10)
    assert total / 3 == pytest.approx(history[0]["train_cost"], rel=1e-12)  # the mean of 3 mini-batch costs
