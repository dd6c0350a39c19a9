"""Checks of single values: layer sizes, learning rates, whole numbers, momentum, weight decay.

Every message names what was expected, what arrived, and what to do about it.
"""

from __future__ import annotations

import math
import numbers

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


def check_eta(eta: object) -> float:
    """Return the learning rate `eta` as a float, or raise unless it is a positive number."""
    return check_positive(eta, "the learning rate eta", " (nnbook.train's default is 2.0)")


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
