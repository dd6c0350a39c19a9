"""Checks of arrays: one column per example, one-hot desired outputs, knobs that fit together, pixels in 0..1.

Every message names what was expected, what arrived, and what to do about it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Per-column sums are compared against 1 with this tolerance, so a one-hot
# array that went through float32 still counts as one-hot.
_ONE_HOT_TOL = 1e-6


def _layout_hint(arr: np.ndarray, n: int) -> str:
    """A guess at how an array of the wrong shape was meant, and the reshape that fixes it."""
    if n == 784 and arr.shape[-2:] == (28, 28):
        if arr.ndim == 2:
            return " It looks like one 28x28 image: flatten it with image.reshape(784, 1)."
        return " It looks like a stack of 28x28 images: use images.reshape(-1, 784).T, one column per image."
    if arr.ndim == 2 and arr.shape[1] == n:
        return f" It looks like one row per example: transpose it ({arr.shape[1]}, {arr.shape[0]}) with .T."
    if arr.ndim <= 1 and arr.dtype.kind in "iu":
        return f" If these are digit labels, turn them into desired outputs with nnbook.one_hot(labels, {n})."
    if arr.size and arr.size % n == 0:
        m = arr.size // n
        return f" If this is {m} example(s) laid out another way, reshape it to ({n}, {m}), one column per example."
    return ""


def as_columns(a: npt.ArrayLike, n: int, name: str, dtype: npt.DTypeLike = None) -> np.ndarray:
    """Return `a` as a 2-D array of shape `(n, m)`: one column per example.

    A 1-D vector of length `n` is read as one example and becomes `(n, 1)`.
    """
    arr = np.asarray(a)
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{name} must hold real numbers; got an array of dtype {arr.dtype}.")
    if dtype is not None or arr.dtype.kind != "f":
        arr = arr.astype(np.float64 if dtype is None else dtype, copy=False)
    if arr.ndim == 1 and arr.shape[0] == n:
        arr = arr.reshape(n, 1)
    if arr.ndim != 2 or arr.shape[0] != n:
        raise ValueError(
            f"{name} should have shape ({n}, 1) for one example or ({n}, m) for m examples, "
            f"one column per example; got shape {arr.shape}.{_layout_hint(np.asarray(a), n)}"
        )
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has shape {arr.shape}: it holds no examples.")
    return arr


def as_data(
    sizes: list[int], X: npt.ArrayLike, Y: npt.ArrayLike, dtype: npt.DTypeLike
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs `(n_0, m)` and one-hot desired outputs `(n_L, m)` for a network of these sizes, or a clear error."""
    X = as_columns(X, sizes[0], "X", dtype=dtype)
    Y = as_columns(Y, sizes[-1], "Y", dtype=dtype)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(
            f"X and Y need one column per example, the same number of each; got X {X.shape} and Y {Y.shape}."
        )
    check_one_hot(Y, "Y")
    return X, Y


def check_one_hot(y: np.ndarray, name: str = "y") -> None:
    """Raise ValueError unless every column of `y` is 1 in one slot and 0 elsewhere."""
    good = np.all((y == 0) | (np.abs(y - 1) < _ONE_HOT_TOL), axis=0) & (np.abs(y.sum(axis=0) - 1) < _ONE_HOT_TOL)
    if not np.all(good):
        bad = int(np.argmin(good))
        raise ValueError(
            f"{name} must be one-hot: each column 1 at the right digit and 0 elsewhere; "
            f"column {bad} is {np.array2string(y[:, bad], precision=3)}. "
            f"Build desired outputs with nnbook.one_hot(labels, {y.shape[0]})."
        )


def check_knobs(knobs: object) -> list[int]:
    """Return the layer sizes of `knobs`, or raise if they are not a chain of `(W, b)` pairs that fit together."""
    how = "make them with nnbook.init_knobs(sizes)"
    if isinstance(knobs, np.ndarray) or not isinstance(knobs, (list, tuple)) or not knobs:
        raise TypeError(f"knobs must be a non-empty list of (W, b) pairs; {how}. Got {type(knobs).__name__}.")
    sizes = []
    for l, pair in enumerate(knobs, start=1):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            raise TypeError(f"knobs[{l - 1}] (layer {l}) must be a (W, b) pair; {how}.")
        W, b = pair
        if not (isinstance(W, np.ndarray) and isinstance(b, np.ndarray)) or W.dtype.kind != "f" or b.dtype.kind != "f":
            raise TypeError(f"layer {l}: W and b must be numpy arrays of floats; {how}.")
        if W.ndim != 2:
            raise ValueError(f"layer {l}: W must be a matrix of shape (n_out, n_in); got shape {W.shape}.")
        if sizes and W.shape[1] != sizes[-1]:
            raise ValueError(
                f"layer {l}: W has shape {W.shape}, so it takes {W.shape[1]} inputs, but the layer before "
                f"has {sizes[-1]} neurons. W must have shape (n_out, n_in) = ({W.shape[0]}, {sizes[-1]})."
            )
        if b.shape != (W.shape[0], 1):
            raise ValueError(
                f"layer {l}: b must be a column of shape ({W.shape[0]}, 1) to match W {W.shape}; got {b.shape}. "
                "A 1-D bias would broadcast across examples; use b.reshape(-1, 1)."
            )
        sizes = sizes or [W.shape[1]]
        sizes.append(W.shape[0])
    return sizes


def as_knob_vector(vector: npt.ArrayLike, sizes: list[int], n: int) -> np.ndarray:
    """`vector` as an array of the `n` knobs of a network of `sizes`; or a ValueError naming the length it needs."""
    vector = np.asarray(vector)
    if vector.shape != (n,):
        raise ValueError(f"a network of sizes {sizes} has {n} knobs, so the vector should have shape ({n},); "
                         f"got {vector.shape}.")
    return vector


def check_finite(a: np.ndarray, name: str, fix: str = "clean the data first") -> None:
    """Raise ValueError if `a` holds a NaN or an infinity, naming the first column that does."""
    if not np.all(np.isfinite(a)):
        bad = int(np.argmin(np.all(np.isfinite(a), axis=0)))
        raise ValueError(f"{name} holds NaN or infinite values (first in column {bad}); {fix}.")


def check_labels(labels: npt.ArrayLike, m: int, n: int, name: str = "labels") -> np.ndarray:
    """`labels` as `(m,)` whole numbers in `0..n-1`, one per example; or a clear error."""
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape == (n, m):
        raise ValueError(f"{name} should be the digits, shape ({m},); got one-hot outputs {labels.shape}. "
                         "Pass the digits, or np.argmax(Y, axis=0).")
    if labels.ndim > 1 or labels.size != m:
        raise ValueError(f"one label per example: X has {m} column(s) but {name} has shape {labels.shape}.")
    if labels.dtype.kind not in "iu" or labels.min() < 0 or labels.max() >= n:
        raise ValueError(f"{name} must be whole numbers from 0 to {n - 1}; got {np.unique(labels)[:10]}.")
    return labels.reshape(m)


def check_pixels(X: np.ndarray, name: str = "X") -> None:
    """Raise ValueError if 784 inputs per example look like 0..255 grey levels instead of 0..1 pixels.

    Only 784-input data is taken for pixels; other inputs may have any range.
    """
    if X.shape[0] == 784 and X.size:
        low, high = float(X.min()), float(X.max())
        if low >= 0 and 1 < high <= 255:
            raise ValueError(
                f"{name} holds values from {low:g} to {high:g}, but the network expects pixels from 0 to 1, "
                f"as nnbook.mnist.load gives them. If these are grey levels 0..255, divide by 255 first."
            )
