"""Input checks shared by the public functions: clear errors for the usual mistakes.

Every message names what was expected, what arrived, and what to do about it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# (n_examples,) per-column sums are compared against 1 with this tolerance,
# so a one-hot array that went through float32 still counts as one-hot.
_ONE_HOT_TOL = 1e-6


def as_columns(a: npt.ArrayLike, n: int, name: str, dtype=None) -> np.ndarray:
    """Return `a` as a 2-D array of shape `(n, m)`: one column per example.

    A 1-D vector of length `n` is read as one example and becomes `(n, 1)`.
    """
    arr = np.asarray(a, dtype=dtype)
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{name} must hold numbers; got an array of dtype {arr.dtype}.")
    if arr.ndim == 1 and arr.shape[0] == n:
        arr = arr.reshape(n, 1)
    if arr.ndim != 2 or arr.shape[0] != n:
        hint = ""
        if arr.size % n == 0 and arr.size > 0:
            m = arr.size // n
            hint = f" If this is {m} example(s) laid out another way, reshape it to ({n}, {m}) with one column per example"
            hint += " (for example images.reshape(-1, 784).T)." if n == 784 else "."
        raise ValueError(
            f"{name} should have shape ({n}, 1) for one example or ({n}, m) for m examples, "
            f"one column per example; got shape {arr.shape}.{hint}"
        )
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has shape {arr.shape}: it holds no examples.")
    return arr


def check_one_hot(y: np.ndarray, name: str = "y") -> None:
    """Raise ValueError unless every column of `y` is 1 in one slot and 0 elsewhere."""
    ok_values = np.all((y == 0) | (np.abs(y - 1) < _ONE_HOT_TOL))
    ok_sums = np.all(np.abs(y.sum(axis=0) - 1) < _ONE_HOT_TOL)
    if not (ok_values and ok_sums):
        bad = int(np.argmax(~((np.abs(y.sum(axis=0) - 1) < _ONE_HOT_TOL) & np.all((y == 0) | (np.abs(y - 1) < _ONE_HOT_TOL), axis=0))))
        raise ValueError(
            f"{name} must be one-hot: each column 1 at the right digit and 0 elsewhere; "
            f"column {bad} is {np.array2string(y[:, bad], precision=3)}. "
            f"Build desired outputs with nnbook.one_hot(labels, {y.shape[0]})."
        )


def check_sizes(sizes) -> list[int]:
    """Return `sizes` as a list of ints, or raise ValueError naming the problem."""
    try:
        out = [int(s) for s in sizes]
    except (TypeError, ValueError):
        raise TypeError(f"sizes must be a list of layer widths such as [784, 16, 16, 10]; got {sizes!r}.") from None
    if any(o != s for o, s in zip(out, sizes)):
        raise ValueError(f"sizes must be whole numbers such as [784, 16, 16, 10]; got {list(sizes)}.")
    if len(out) < 2:
        raise ValueError(
            f"sizes needs at least two layers (an input and an output), such as [784, 16, 16, 10]; got {out}."
        )
    if any(s <= 0 for s in out):
        raise ValueError(f"every layer needs at least one neuron; got sizes {out}.")
    return out


def check_positive(value, name: str, what: str = "") -> None:
    """Raise ValueError unless `value` is a finite number greater than zero."""
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number{what}; got {value!r}.")
