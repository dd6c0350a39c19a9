"""Checks of single values: layer sizes, learning rates, whole numbers, momentum, weight decay, output paths.

Every message names what was expected, what arrived, and what to do about it.
"""

from __future__ import annotations

import math
import numbers
import os
from pathlib import Path

import numpy as np


def check_sizes(sizes: object) -> list[int]:
    """Return `sizes` as a list of ints, or raise naming the problem."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a list of layer widths such as [784, 16, 16, 10]; got {sizes!r}.")
    sizes = list(sizes)
    if not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in sizes):
        raise TypeError(f"sizes must be whole numbers such as [784, 16, 16, 10]; got {sizes!r}.")
    out = [int(s) for s in sizes]
    if len(out) < 2:
        raise ValueError(
            f"sizes needs at least two layers (an input and an output), such as [784, 16, 16, 10]; got {out}."
        )
    if any(s <= 0 for s in out):
        raise ValueError(f"every layer needs at least one neuron; got sizes {out}.")
    return out


def check_positive(value: object, name: str, what: str = "") -> float:
    """Return `value` as a float, or raise unless it is a finite number greater than zero."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number{what}; got {value!r}.")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number{what}; got {value!r}.")
    return float(value)


def check_float_dtype(dtype: object) -> None:
    """Raise a TypeError unless `dtype` is a float type, such as the knobs must be."""
    if np.dtype(dtype).kind != "f":
        raise TypeError(f"dtype must be a float type such as numpy.float64 or numpy.float32; got {np.dtype(dtype)}.")


def check_whole(value: object, name: str, low: int, high: int | None = None) -> int:
    """Return `value` as an int, or raise unless it is a whole number from `low` to `high`."""
    span = f"from {low} to {high}" if high is not None else f"of at least {low}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number {span}; got {value!r}.")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be a whole number {span}; got {value!r}.")
    return int(value)


def check_weight_decay(weight_decay: object, top: float) -> None:
    """Raise unless `weight_decay` is a number from 0 to below 1/`top`, the largest learning rate of the run."""
    if isinstance(weight_decay, bool) or not isinstance(weight_decay, numbers.Real):
        raise TypeError(f"weight_decay must be a number (the book's run uses 0; 1e-4 is a usual start); "
                        f"got {weight_decay!r}.")
    if not (math.isfinite(weight_decay) and 0 <= weight_decay * top < 1):
        raise ValueError(f"weight_decay must be at least 0 (the book's run uses 0; 1e-4 is a usual start) and "
                         f"below 1/eta = {1 / top:g}, or a step would zero or flip the weights; got {weight_decay!r}.")


def check_momentum(mu: object) -> None:
    """Raise unless the momentum is a number at least 0 and below 1."""
    if isinstance(mu, bool) or not isinstance(mu, numbers.Real):
        raise TypeError(f"the momentum mu must be a number (0.9 is usual); got {mu!r}.")
    if not 0 <= mu < 1:
        raise ValueError(f"the momentum mu must be at least 0 and below 1 (0.9 is usual); got {mu!r}.")


def check_output(path: object, what: str, example: str) -> Path:
    """`path` as a Path that a file can be written to, checked before any work; or a ValueError naming it."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"the path for {what} must be a file name such as {example!r}; got {path!r}.")
    path = Path(path)
    where = f"cannot write {what} to {path}"
    folder = path.parent
    if path.is_dir():
        raise ValueError(f"{where}: it is a folder. Give a file name, such as {path / example}.")
    if not folder.exists():
        raise ValueError(f"{where}: the folder {folder} does not exist. Create it first, or choose another path.")
    if not folder.is_dir():
        raise ValueError(f"{where}: {folder} is a file, not a folder. Choose another path.")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ValueError(f"{where}: {'the file' if path.exists() else f'the folder {folder}'} is not writable. "
                         "Choose another path.")
    return path


def check_outputs(record_path, knobs_path) -> tuple[Path | None, Path | None]:
    """The paths `train` will write its record and its network to, each checked to be writable, and not the same.

    `train` calls this before it trains, so a typo costs nothing. Either may be `None` (nothing written).
    """
    record_path = None if record_path is None else check_output(record_path, "the record", "run.json")
    knobs_path = None if knobs_path is None else check_output(knobs_path, "the network", "net.npz")
    if record_path and knobs_path and record_path.resolve() == knobs_path.resolve():
        raise ValueError(f"the record and the network would both be written to {record_path}: give two file names.")
    return record_path, knobs_path
