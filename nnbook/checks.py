"""The checks at the door of the book's functions: clear errors for the usual mistakes, before any work.

A public function checks its arguments once, on the way in, with one of these; the arithmetic inside trusts
them. Every message names what was expected, what arrived, and what to do. The checks of single values
(`nnbook._options`) and of arrays (`nnbook._shapes`) are passed on from here: a module needs one import.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from nnbook._options import (check_eta, check_float_dtype, check_momentum, check_positive, check_sizes,
                             check_weight_decay, check_whole)
from nnbook._shapes import (as_columns, as_data, as_knob_vector, check_finite, check_knobs, check_labels, check_one_hot,
                            check_pixels)

__all__ = ["as_batch", "as_columns", "as_direction", "as_example", "as_input", "as_knob_vector", "as_neuron_inputs",
           "as_outputs", "check_eta", "check_float_dtype", "check_knobs", "check_labels", "check_momentum",
           "check_one_hot", "check_positive", "check_sizes", "check_start", "check_step", "check_train_options",
           "check_training", "check_whole", "as_train_data"]


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
        raise ValueError(f"backprop_example takes one example: x of shape ({x.shape[0]}, 1); got {x.shape}. "
                         "Use nnbook.backprop for a mini-batch.")
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
        raise ValueError(f"{name} must be a vector in knob space, shape ({n},); got {d.shape}. "
                         "Make one with nnbook.random_direction or nnbook.gradient.")
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
    check_eta(eta)
    check_knobs(knobs)
    if len(nabla) != len(knobs) or any(
        np.shape(g) != p.shape for pair, grads in zip(knobs, nabla) for p, g in zip(pair, grads, strict=True)
    ):
        raise ValueError(
            "nabla must be the gradient of these knobs: one (nabla_W, nabla_b) pair per layer, shaped like (W, b); "
            f"got {len(nabla)} pair(s) for {len(knobs)} layer(s). Compute it with nnbook.backprop(knobs, X, Y)."
        )


def check_training(knobs: object, X: npt.ArrayLike, Y: npt.ArrayLike, epochs: object, batch_size: object,
                   eta: object, weight_decay: object = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The training data in the knobs' dtype, every option of `nnbook.sgd` checked; or a clear error."""
    X, Y = as_data(check_knobs(knobs), X, Y, knobs[0][0].dtype)
    check_finite(X, "X")
    check_pixels(X, "X")
    check_start(knobs, batch_size, X.shape[1])
    epochs = check_whole(epochs, "epochs", 1)
    rates = [eta(e) for e in range(1, epochs + 1)] if callable(eta) else [eta]
    top = max(check_eta(r) for r in rates)
    check_weight_decay(weight_decay, top)
    return X, Y


def check_start(knobs: object, batch_size: object, n: int) -> None:
    """Raise unless the knobs are finite (not left over from a run that blew up) and a mini-batch fits in `n`."""
    for l, (W, b) in enumerate(knobs, start=1):
        check_finite(np.hstack([W, b]), f"layer {l}'s [W b]", "start again from nnbook.init_knobs")
    check_whole(batch_size, f"batch_size (examples per step, at most the {n} examples)", 1, n)


def check_train_options(sizes: list[int], n_in: int, *, epochs: object, batch_size: object, eta: float,
                        eta_end: float, scale: object, weight_decay: object) -> None:
    """The options of `nnbook.train.train`, checked before the slow part with `nnbook.sgd`'s own checks and wording."""
    if sizes[0] != n_in or sizes[-1] != 10:
        raise ValueError(
            f"sizes must start with {n_in} (one input per pixel) and end with 10 (one output per digit); got {sizes}."
        )
    check_whole(epochs, "epochs", 1)
    check_whole(batch_size, "batch_size (examples per step)", 1)
    check_eta(eta)
    check_positive(eta_end, "eta_end (the last epoch's learning rate)")
    check_positive(scale, "scale (the starting weights' spread)")
    check_weight_decay(weight_decay, max(eta, eta_end))


def as_train_data(sizes: list[int], data: object) -> tuple[np.ndarray, object, np.ndarray, object]:
    """`nnbook.train.train`'s `data`: its inputs as float32 columns, finite and in range; the labels are checked once `sizes` is."""
    if not (isinstance(data, (tuple, list)) and len(data) == 4):
        raise TypeError("data must be four arrays (X_train, labels_train, X_test, labels_test), "
                        "such as nnbook.mnist.load('train') + nnbook.mnist.load('test').")
    X = np.asarray(data[0])
    transposed = X.ndim == 2 and X.shape[1] == sizes[0] != X.shape[0]  # then as_columns says to use .T
    X = as_columns(X, sizes[0] if X.ndim != 2 or transposed else X.shape[0], "X_train", dtype=np.float32)
    X_test = as_columns(data[2], X.shape[0], "X_test", dtype=np.float32)
    for x, name in ((X, "X_train"), (X_test, "X_test")):
        check_finite(x, name)
        check_pixels(x, name)
    return X, data[1], X_test, data[3]
