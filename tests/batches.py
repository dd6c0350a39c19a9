"""Made-up mini-batches for the package's tests: seeded, any layer sizes (the real digits are in mnist_data.py)."""

from __future__ import annotations

import numpy as np

from nnbook import one_hot


def random_batch(sizes: list[int], m: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`m` examples for a network of `sizes`: inputs in [0, 1), shape (sizes[0], m), and one-hot labels (sizes[-1], m)."""
    rng = np.random.default_rng(seed)
    return rng.random((sizes[0], m)), one_hot(rng.integers(0, sizes[-1], m), sizes[-1])
