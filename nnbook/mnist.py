"""MNIST: 70,000 handwritten digits, read from the four canonical IDX files.

Minimal first version: reads the files from `path` or `$NNBOOK_DATA`.
(Download, checksums, caching and friendly errors are added on top of this
signature; the signature stays.)
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np

FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


def load(split: str = "train", path: str | os.PathLike | None = None, dtype=np.float32) -> tuple[np.ndarray, np.ndarray]:
    """Load the MNIST training or test set.

    Args:
        split: `"train"` (60,000 digits) or `"test"` (10,000 digits).
        path: The folder with the four files; default `$NNBOOK_DATA`.
        dtype: The float type of the images.

    Returns:
        `(images, labels)`: images of shape `(784, n)` with values in 0..1, one
        column per digit (row-major 28x28 pixels); labels of shape `(n,)`, digits 0..9.
    """
    folder = Path(path or os.environ["NNBOOK_DATA"])
    images_file, labels_file = FILES[split]
    with gzip.open(folder / images_file) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(folder / labels_file) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    # (n, 784) rows transposed: a (784, n) view whose columns are contiguous.
    return (images.astype(dtype) / dtype(255)).T, labels
