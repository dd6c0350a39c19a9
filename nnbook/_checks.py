"""Input checks shared by the public functions: clear errors for the usual mistakes.

Every message names what was expected, what arrived, and what to do about it.
"""

from __future__ import annotations

import math
import numbers
import os
from pathlib import Path

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


def as_input(knobs: object, a: npt.ArrayLike) -> np.ndarray:
    """The network's input as columns in the knobs' dtype, once the knobs are checked; or a clear error."""
    return as_columns(a, check_knobs(knobs)[0], "the input", dtype=knobs[0][0].dtype)


def as_batch(knobs: object, X: npt.ArrayLike, Y: npt.ArrayLike, dtype: npt.DTypeLike = None) -> tuple[np.ndarray, np.ndarray]:
    """A mini-batch `(X, Y)` for these knobs, in `dtype` (default the knobs' own); or a clear error."""
    sizes = check_knobs(knobs)
    return as_data(sizes, X, Y, knobs[0][0].dtype if dtype is None else dtype)


def as_example(knobs: object, x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """One example `(x, y)` as single columns in the knobs' dtype, `y` one-hot; or a clear error."""
    x, y = as_batch(knobs, x, y)
    if x.shape[1] != 1:
        raise ValueError(
            f"backprop_example takes one example: x of shape ({x.shape[0]}, 1); got {x.shape}. "
            "Use nnbook.backprop for a mini-batch."
        )
    return x, y


def as_outputs(a: npt.ArrayLike, y: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Outputs `a` and desired outputs `y` as `(n, m)` arrays of the same shape, `y` one-hot; or a clear error."""
    a = np.asarray(a)
    if a.ndim not in (1, 2):
        raise ValueError(
            f"the output a should have shape (n, 1) for one example or (n, m) for m examples "
            f"(n = 10 for the digits); got shape {a.shape}."
        )
    a = as_columns(a, a.shape[0], "the output a")
    y = as_columns(y, a.shape[0], "the desired output y")
    if y.shape != a.shape:
        raise ValueError(
            f"the output a and the desired output y must have the same shape (one column per example); "
            f"got a {a.shape} and y {y.shape}."
        )
    check_one_hot(y, "the desired output y")
    return a, y


def as_direction(knobs: object, d: npt.ArrayLike, name: str) -> np.ndarray:
    """A direction in the knob space of `knobs`, in float64, finite; or a clear error."""
    n = sum(W.size + b.size for W, b in knobs) if check_knobs(knobs) else 0
    d = np.asarray(d, dtype=np.float64)
    if d.shape != (n,):
        raise ValueError(
            f"{name} must be a vector in knob space, shape ({n},); got {d.shape}. "
            "Make one with nnbook.random_direction or nnbook.gradient."
        )
    if not np.all(np.isfinite(d)):
        raise ValueError(f"{name} holds NaN or infinite values; a direction must be finite.")
    return d


def as_neuron_inputs(a: npt.ArrayLike, w: npt.ArrayLike, b: float) -> tuple[np.ndarray, np.ndarray]:
    """`a` and `w` as 1-D float arrays of the same length, `b` a single number; or a clear error."""
    a, w = np.asarray(a, dtype=float), np.asarray(w, dtype=float)
    if a.ndim != 1 or w.shape != a.shape:
        raise ValueError(
            f"a neuron needs one weight per incoming activation: a and w must be 1-D and "
            f"the same length; got a of shape {a.shape} and w of shape {w.shape}."
            + (" Use a.ravel() and w.ravel() for a column or a row." if a.size == w.size else "")
        )
    if np.ndim(b) != 0:
        raise ValueError(f"a neuron has one bias, a single number; got b of shape {np.shape(b)}.")
    return a, w


def check_step(knobs: object, nabla: object, eta: object) -> None:
    """Raise unless `eta` is positive and `nabla` has one `(nabla_W, nabla_b)` pair per layer, shaped like the knobs."""
    check_positive(eta, "the learning rate eta", " (a typical value is 3.0)")
    check_knobs(knobs)
    if len(nabla) != len(knobs) or any(
        np.shape(g) != p.shape for pair, grads in zip(knobs, nabla) for p, g in zip(pair, grads, strict=True)
    ):
        raise ValueError(
            "nabla must be the gradient of these knobs: one (nabla_W, nabla_b) pair per layer, shaped like (W, b); "
            f"got {len(nabla)} pair(s) for {len(knobs)} layer(s). Compute it with nnbook.backprop(knobs, X, Y)."
        )


def check_finite(a: np.ndarray, name: str, fix: str = "clean the data first") -> None:
    """Raise ValueError if `a` holds a NaN or an infinity, naming the first column that does."""
    if not np.all(np.isfinite(a)):
        bad = int(np.argmin(np.all(np.isfinite(a), axis=0)))
        raise ValueError(f"{name} holds NaN or infinite values (first in column {bad}); {fix}.")


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


def check_positive(value: object, name: str, what: str = "") -> float:
    """Return `value` as a float, or raise unless it is a finite number greater than zero."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number{what}; got {value!r}.")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number{what}; got {value!r}.")
    return float(value)


def check_whole(value: object, name: str, low: int, high: int | None = None) -> int:
    """Return `value` as an int, or raise unless it is a whole number from `low` to `high`."""
    span = f"from {low} to {high}" if high is not None else f"of at least {low}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number {span}; got {value!r}.")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be a whole number {span}; got {value!r}.")
    return int(value)


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


def check_training(knobs: object, X: npt.ArrayLike, Y: npt.ArrayLike, epochs: object, batch_size: object,
                   eta: object, mu: object = 0.0, weight_decay: object = 0.0,
                   output: object = "sigmoid") -> tuple[np.ndarray, np.ndarray]:
    """The training data in the knobs' dtype, every option of `nnbook.sgd` checked; or a clear error."""
    X, Y = as_batch(knobs, X, Y)
    check_finite(X, "X")
    check_pixels(X, "X")
    for l, (W, b) in enumerate(knobs, start=1):
        check_finite(np.hstack([W, b]), f"layer {l}'s [W b]", "start again from nnbook.init_knobs")
    epochs = check_whole(epochs, "epochs", 1)
    check_whole(batch_size, f"batch_size (examples per step, at most the {X.shape[1]} examples)", 1, X.shape[1])
    rates = [eta(e) for e in range(1, epochs + 1)] if callable(eta) else [eta]
    top = max(check_positive(r, "the learning rate eta", " (a typical value is 3.0)") for r in rates)
    check_weight_decay(weight_decay, top)
    if output not in ("sigmoid", "softmax"):
        raise ValueError(f'output must be "sigmoid" or "softmax"; got {output!r}.')
    check_momentum(mu)
    return X, Y


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
