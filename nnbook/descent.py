"""Gradient descent: a small step downhill, repeated over shuffled mini-batches (chapters 7, 8, 10)."""

from __future__ import annotations

import math
import time
from typing import Callable

import numpy as np
import numpy.typing as npt

from ._checks import as_columns, check_one_hot, check_positive
from .backprop import _backprop
from .network import Knobs, forward, sizes_of


class DivergenceError(ValueError):
    """Training produced a cost that is not a finite number (the steps were too big)."""


# --8<-- [start:step]
def step(knobs: Knobs, nabla: Knobs, eta: float) -> None:
    r"""Move every knob a small step downhill, in place.

    $$W \leftarrow W - \eta\,\nabla_W C, \qquad b \leftarrow b - \eta\,\nabla_b C$$

    Args:
        knobs: The network's `(W, b)` pairs, changed in place.
        nabla: The gradient, `(nabla_W, nabla_b)` pairs of the same shapes.
        eta: The learning rate $\eta$, the size of the step.

    Chapter 7, *Gradient descent*.
    """
    check_positive(eta, "the learning rate eta")
    for (W, b), (nabla_W, nabla_b) in zip(knobs, nabla, strict=True):
        W -= eta * nabla_W
        b -= eta * nabla_b
# --8<-- [end:step]


def accuracy(knobs: Knobs, X: npt.ArrayLike, labels: npt.ArrayLike) -> float:
    """The fraction of examples whose tallest output is the right digit.

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.
        labels: The right digits, shape `(m,)`.

    Returns:
        A fraction between 0 and 1.

    Chapter 10, *Seeing it whole*.
    """
    labels = np.asarray(labels).reshape(-1)
    guesses = np.argmax(forward(knobs, X), axis=0)
    if guesses.shape != labels.shape:
        raise ValueError(f"one label per example: X has {guesses.size} columns but there are {labels.size} labels.")
    return float(np.mean(guesses == labels))


# --8<-- [start:sgd]
def sgd(
    knobs: Knobs,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    *,
    epochs: int,
    batch_size: int,
    eta: float,
    rng: int | np.random.Generator = 0,
    evaluation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
    callback: Callable[[dict], None] | None = None,
) -> list[dict]:
    r"""Stochastic gradient descent: shuffle, cut into mini-batches, step downhill on each, repeat.

    $$\text{for each mini-batch: } W \leftarrow W - \eta\,\nabla_W C_\text{batch}, \quad b \leftarrow b - \eta\,\nabla_b C_\text{batch}$$

    Args:
        knobs: The network's `(W, b)` pairs, trained in place (in their own dtype).
        X: Training inputs, shape `(784, n)`, one column per example.
        Y: Desired outputs, one-hot, shape `(10, n)`.
        epochs: Passes over the whole training set.
        batch_size: Examples per step.
        eta: The learning rate.
        rng: A seed or a `numpy.random.Generator` for the shuffles.
        evaluation: Optional `(X_test, labels_test)` for a per-epoch accuracy.
        callback: Called after each epoch with that epoch's entry of the history.

    Returns:
        The history: one dict per epoch with `epoch`, `train_cost` (average over the
        epoch's mini-batches), `seconds`, and `accuracy` when `evaluation` is given.

    Raises:
        DivergenceError: If the cost stops being a finite number.

    Chapter 10, *Seeing it whole*.
    """
    dtype = knobs[0][0].dtype
    sizes = sizes_of(knobs)
    X = as_columns(X, sizes[0], "X", dtype=dtype)
    Y = as_columns(Y, sizes[-1], "Y", dtype=dtype)
    n = X.shape[1]
    if Y.shape[1] != n:
        raise ValueError(f"X and Y need one column per example, the same number of each; got X {X.shape} and Y {Y.shape}.")
    check_one_hot(Y, "Y")
    if int(epochs) != epochs or epochs < 1:
        raise ValueError(f"epochs must be a whole number of at least 1; got {epochs!r}.")
    if int(batch_size) != batch_size or not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be a whole number from 1 to the {n} training examples; got {batch_size!r}.")
    check_positive(eta, "the learning rate eta", " (a typical value is 3.0)")
    rng = np.random.default_rng(rng)
    # Rows of X.T are examples; gathering whole rows is much faster than
    # gathering scattered columns, so mini-batches are cut from this copy.
    XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    history = []
    for epoch in range(1, int(epochs) + 1):
        start, total = time.perf_counter(), 0.0
        order = rng.permutation(n)
        for k in range(0, n, int(batch_size)):
            idx = order[k : k + int(batch_size)]
            Xb, Yb = XT[idx].T, YT[idx].T  # (784, m), (10, m)
            _, step_cost = _backprop(knobs, Xb, Yb, eta)  # forward, backward and step in one sweep
            if not math.isfinite(step_cost):
                raise DivergenceError(
                    f"the cost became {step_cost} at epoch {epoch}, step {k // int(batch_size) + 1}: "
                    f"the learning rate {eta} is probably too large; try a smaller one (the book uses 3.0)."
                )
            total += step_cost * idx.size
        entry = {"epoch": epoch, "train_cost": total / n, "seconds": time.perf_counter() - start}
        if evaluation is not None:
            entry["accuracy"] = accuracy(knobs, *evaluation)
        history.append(entry)
        if callback is not None:
            callback(entry)
    return history
# --8<-- [end:sgd]

