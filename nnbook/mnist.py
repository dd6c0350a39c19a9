"""MNIST: 70,000 handwritten digits, read from the four canonical IDX files (chapters 1, 5, 10).

Where the files come from: the folder given as `path`, else the folder named
by the environment variable `NNBOOK_DATA`, else the per-user cache folder
(`$XDG_CACHE_HOME/nnbook/mnist`, by default `~/.cache/nnbook/mnist`). Only the
cache folder is filled by downloading (`nnbook.download.fetch`), and a file is
kept there only once its SHA-256 matches the canonical one. A folder you name
yourself is never written to, so a typo in it gives a clear error, not a 12 MB
download. Each file may be gzip-compressed (`.gz`, as the mirrors serve it) or
not; the decoded arrays are cached, so later loads take a fraction of a second.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import numpy.typing as npt

# Where the files come from and how they are checked is nnbook.download; MNISTError and
# cache_dir are imported here too, so that `from nnbook.mnist import MNISTError` works.
from .download import NAMES, SHA256_RAW, MNISTError, cache_dir  # noqa: F401
from ._idx import cached, check_pair, fix, gunzip, locate, verify_contents
from .checks import check_float_dtype


def read_idx(data: bytes, name: str, ndim: int) -> np.ndarray:
    """Decode one IDX file of unsigned bytes (gzip-compressed or not).

    The format: two zero bytes, the type code 0x08 (unsigned byte), the number
    of dimensions, each dimension as a big-endian 32-bit integer, then the data.

    Args:
        data: The file's bytes.
        name: The file's name, for error messages.
        ndim: The number of dimensions expected (3 for images, 1 for labels).

    Returns:
        A read-only uint8 array with the header's shape.

    Raises:
        MNISTError: For a damaged gzip stream, a wrong magic number, a wrong number of
            dimensions, or a file shorter or longer than its header says.
    """
    data = gunzip(data, name)
    expected = bytes([0, 0, 8, ndim])
    if data[:4] != expected:
        raise MNISTError(
            f"{name} does not start with the IDX magic number {expected.hex(' ')} "
            f"({'images' if ndim == 3 else 'labels'}); it starts with {data[:4].hex(' ') or 'nothing'}. "
            f"It is not an IDX {'image' if ndim == 3 else 'label'} file like MNIST's. {fix(name)}"
        )
    header = 4 + 4 * ndim
    if len(data) < header:
        raise MNISTError(f"{name} is truncated: it ends inside its header ({len(data)} bytes). {fix(name)}")
    shape = tuple(int(d) for d in np.frombuffer(data, ">u4", count=ndim, offset=4))
    size = int(np.prod(shape))
    if len(data) - header != size:
        what = "truncated" if len(data) - header < size else "longer than its header says"
        raise MNISTError(
            f"{name} is {what}: its header promises {shape} = {size} bytes of data, but it has "
            f"{len(data) - header}. {fix(name)}"
        )
    return np.frombuffer(data, np.uint8, offset=header).reshape(shape)


def _decode(split: str, files: list[Path], verify: bool) -> tuple[np.ndarray, np.ndarray]:
    """Read, verify and check the two files of a split: images (n, 784) and labels (n,), uint8."""
    arrays = []
    for name, file, ndim in zip(NAMES[split], files, (3, 1)):
        raw = gunzip(file.read_bytes(), str(file))
        if verify:
            verify_contents(raw, file, name)
        arrays.append(read_idx(raw, str(file), ndim))
    images, labels = arrays
    check_pair(images, labels, files)
    return images.reshape(-1, 784), labels


def load(
    split: str = "train",
    path: str | os.PathLike | None = None,
    dtype: npt.DTypeLike = np.float32,
    *,
    verify: bool = True,
    cache: bool = True,
    download: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Load the MNIST training or test set.

    Args:
        split: `"train"` (60,000 digits) or `"test"` (10,000 digits).
        path: The folder with the four files; default `$NNBOOK_DATA`, else the cache folder.
        dtype: The float type of the images.
        verify: Check each file's contents against the canonical SHA-256.
        cache: Keep (and reuse) the decoded arrays in the cache folder.
        download: Download missing files into the cache folder (only when neither
            `path` nor `$NNBOOK_DATA` is given).

    Returns:
        images: Shape `(784, n)`, values in 0..1, one column per digit (its 28x28 pixels row by row).
        labels: Shape `(n,)`, the digits 0..9.

    Raises:
        MNISTError: If a file is missing and cannot be downloaded, or is damaged or not MNIST.
        ValueError: For a `split` other than `"train"` or `"test"`; TypeError for a `dtype` that is not a float type.

    Chapter 1, *A network is a function*.
    """
    if split not in NAMES:
        raise ValueError(f'split must be "train" or "test"; got {split!r}.')
    check_float_dtype(dtype)  # before any file is read: pixels 0..1 need a float type
    files = locate(split, path, download)
    images, labels = cached(split, files, verify, _decode) if cache else _decode(split, files, verify)
    out = images.astype(dtype)
    np.divide(out, out.dtype.type(255), out=out)
    # (n, 784) rows transposed: a (784, n) view whose columns are contiguous.
    return out.T, labels.astype(np.int64)


def split_validation(
    images: np.ndarray, labels: np.ndarray, n: int = 10_000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hold out `n` randomly chosen examples as a validation set, to tune settings without the test set.

    Args:
        images: Shape `(784, m)`, as `load` returns them.
        labels: Shape `(m,)`.
        n: How many examples to hold out.
        seed: Seeds the choice; the same seed holds out the same examples.

    Raises:
        ValueError: If `n` is not between 1 and m - 1.

    Returns:
        images_train: Shape `(784, m - n)`, laid out like `load`'s.
        labels_train: Shape `(m - n,)`.
        images_val: Shape `(784, n)`: the held-out examples.
        labels_val: Shape `(n,)`.
    """
    m = labels.shape[0]
    if not 0 < n < m:
        raise ValueError(f"n must be between 1 and {m - 1} (the examples there are, minus one); got {n}.")
    order = np.random.default_rng(seed).permutation(m)
    rows = images.T  # (m, 784): whole rows are cheap to gather
    keep, held = order[: m - n], order[m - n :]
    return rows[keep].T, labels[keep], rows[held].T, labels[held]
