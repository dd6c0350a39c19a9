"""Three first steps beyond the book: momentum, a softmax output with cross-entropy, wider layers (chapter 11).

The hidden layers stay the book's sigmoid neurons. A network may end in the
book's sigmoid output with the quadratic cost, or in a softmax output scored by
cross-entropy; either way `nnbook.accuracy` still reads its answer, because
softmax and sigmoid pick the same tallest slot. A wider network needs nothing
new: `nnbook.init_knobs([784, 100, 10])`.
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np
import numpy.typing as npt

from ._checks import as_columns, check_one_hot, check_positive
from .backprop import _backprop, _sigmoid_inplace
from .descent import _check_training, _Watch, accuracy
from .network import Knobs, sizes_of


# --8<-- [start:softmax]
def softmax(z: npt.ArrayLike) -> np.ndarray:
    r"""Turn each column of weighted inputs into probabilities summing to 1.

    $$a_j = \frac{e^{z_j}}{\sum_k e^{z_k}}$$

    Args:
        z: Weighted inputs of the output layer, shape `(10, m)`.

    Returns:
        Shape `(10, m)`: each column positive and summing to 1.

    Chapter 11, *Where next*.
    """
    z = np.asarray(z)
    if z.dtype.kind != "f":
        z = z.astype(float)
    # Subtracting each column's largest z removes the risk of overflow
    # and changes nothing else.
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def cross_entropy(a: npt.ArrayLike, y: npt.ArrayLike) -> float:
    r"""The cross-entropy cost: minus the log of the right digit's probability.

    $$C = -\frac{1}{m} \sum_x \sum_j y_j \log a_j$$

    Args:
        a: Softmax outputs, shape `(10, m)`.
        y: Desired outputs, one-hot, shape `(10, m)`.

    Returns:
        The average cost over the examples, one number (0 when every right
        digit gets probability 1).

    Chapter 11, *Where next*.
    """
    a = np.asarray(a, dtype=float)
    y = as_columns(y, a.shape[0], "the desired output y")
    check_one_hot(y, "the desired output y")
    a = as_columns(a, y.shape[0], "the output a")
    return float(-np.sum(y * np.log(np.maximum(a, 1e-300))) / a.shape[1])
# --8<-- [end:softmax]


def forward_softmax(knobs: Knobs, X: npt.ArrayLike) -> np.ndarray:
    r"""The forward pass with sigmoid hidden layers and a softmax output layer.

    $$a^{(l)} = \sigma\bigl(W^{(l)} a^{(l-1)} + b^{(l)}\bigr), \qquad a^{(L)} = \operatorname{softmax}\bigl(W^{(L)} a^{(L-1)} + b^{(L)}\bigr)$$

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.

    Returns:
        Probabilities, shape `(10, m)`.

    Chapter 11, *Where next*.
    """
    a = as_columns(X, sizes_of(knobs)[0], "X", dtype=knobs[0][0].dtype)
    for W, b in knobs[:-1]:
        a = _sigmoid_inplace(W @ a + b)
    W, b = knobs[-1]
    return softmax(W @ a + b)


# --8<-- [start:backprop_softmax]
def backprop_softmax(knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike) -> Knobs:
    r"""The gradient of the average cross-entropy of a softmax network, by backprop.

    $$\delta^{(L)} = a^{(L)} - y, \qquad \delta^{(l)} = \bigl(W^{(l+1)}\bigr)^{\!\top} \delta^{(l+1)} \odot \sigma'(z^{(l)})$$

    The last layer's error is just output minus target: the softmax's slope
    cancels the logarithm's, so no $\sigma'$ factor is left to shrink it.

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.
        Y: Desired outputs, one-hot, shape `(10, m)`.

    Returns:
        `(nabla_W, nabla_b)` pairs, the same shapes as `knobs`.

    Chapter 11, *Where next*.
    """
    sizes = sizes_of(knobs)
    X = as_columns(X, sizes[0], "X", dtype=knobs[0][0].dtype)
    Y = as_columns(Y, sizes[-1], "Y", dtype=knobs[0][0].dtype)
    check_one_hot(Y, "Y")
    return _backprop_softmax(knobs, X, Y)[0]


def _backprop_softmax(knobs: Knobs, X: np.ndarray, Y: np.ndarray) -> tuple[Knobs, float]:
    m = X.shape[1]
    activations = [X]
    for W, b in knobs[:-1]:
        activations.append(_sigmoid_inplace(W @ activations[-1] + b))
    W, b = knobs[-1]
    a = softmax(W @ activations[-1] + b)
    batch_cost = float(-np.sum(Y * np.log(np.maximum(a, 1e-30)))) / m
    delta = (a - Y) / m  # (10, m); the 1/m of the average, applied once
    nabla = [None] * len(knobs)
    for l in range(len(knobs) - 1, -1, -1):
        nabla[l] = (delta @ activations[l].T, delta.sum(axis=1, keepdims=True))
        if l > 0:
            a = activations[l]
            delta = (knobs[l][0].T @ delta) * a * (1 - a)
    return nabla, batch_cost
# --8<-- [end:backprop_softmax]


def _check_momentum(mu: float) -> None:
    """Raise ValueError unless the momentum is at least 0 and below 1."""
    if not 0 <= mu < 1:
        raise ValueError(f"the momentum mu must be at least 0 and below 1 (0.9 is usual); got {mu!r}.")


# --8<-- [start:momentum_step]
def momentum_step(
    knobs: Knobs, velocity: Knobs, nabla: Knobs, eta: float, mu: float
) -> None:
    r"""A step with momentum: some of the last step, plus a push downhill.

    $$v \leftarrow \mu\,v - \eta\,\nabla C, \qquad w \leftarrow w + v$$

    Args:
        knobs: The network's `(W, b)` pairs, changed in place.
        velocity: The previous step $v$, `(W, b)`-shaped pairs, changed in
            place (start at zeros).
        nabla: The gradient, pairs of the same shapes.
        eta: The learning rate $\eta$.
        mu: How much of the last step to keep, $0 \le \mu < 1$;
            at 0 this is `nnbook.step`.

    Chapter 11, *Where next*.
    """
    check_positive(eta, "the learning rate eta")
    _check_momentum(mu)
    for (W, b), (vW, vb), (nabla_W, nabla_b) in zip(
        knobs, velocity, nabla, strict=True
    ):
        vW *= mu
        vW -= eta * nabla_W
        vb *= mu
        vb -= eta * nabla_b
        W += vW
        b += vb
# --8<-- [end:momentum_step]


def sgd_momentum(
    knobs: Knobs,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    *,
    epochs: int,
    batch_size: int,
    eta: float,
    mu: float = 0.9,
    output: str = "sigmoid",
    rng: int | np.random.Generator = 0,
    evaluation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
    callback: Callable[[dict], None] | None = None,
) -> list[dict]:
    r"""Stochastic gradient descent with momentum, for a sigmoid or a softmax output.

    $$\text{for each mini-batch: } v \leftarrow \mu\,v - \eta\,\nabla C_\text{batch}, \quad w \leftarrow w + v$$

    The same shuffles as `nnbook.sgd` for the same `rng`, so with `mu=0` and
    `output="sigmoid"` it retraces `nnbook.sgd` step for step.

    Args:
        knobs: The network's `(W, b)` pairs, trained in place.
        X: Training inputs, shape `(784, n)`.
        Y: Desired outputs, one-hot, shape `(10, n)`.
        epochs: Passes over the whole training set.
        batch_size: Examples per step.
        eta: The learning rate.
        mu: The momentum, $0 \le \mu < 1$.
        output: `"sigmoid"` (quadratic cost, the book's) or `"softmax"` (cross-entropy).
        rng: A seed or a `numpy.random.Generator` for the shuffles.
        evaluation: Optional `(X_test, labels_test)` for a per-epoch accuracy.
        callback: Called after each epoch with that epoch's entry of the history.

    Returns:
        One dict per epoch with `epoch`, `train_cost`, `seconds`, and `accuracy` when `evaluation` is given.

    Chapter 11, *Where next*.
    """
    if output not in ("sigmoid", "softmax"):
        raise ValueError(f'output must be "sigmoid" or "softmax"; got {output!r}.')
    _check_momentum(mu)
    # A softmax output never pins at 0 or 1 (its gradient a - y is zero only where the cost is), so it is never still.
    sweep = _backprop if output == "sigmoid" else lambda *args: (*_backprop_softmax(*args), False)
    # The same checks, and the same clear errors, as nnbook.sgd: shapes, one-hot Y, epochs, batch size, eta.
    X, Y = _check_training(knobs, X, Y, epochs, batch_size, eta, evaluation)
    n, batch_size = X.shape[1], int(batch_size)
    velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in knobs]
    rng = np.random.default_rng(rng)
    XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)  # gathering rows is faster than columns
    history, watch = [], _Watch(f"with momentum {mu}, try a smaller eta or mu (chapter 11 uses 0.1 with mu 0.9)")
    for epoch in range(1, int(epochs) + 1):
        start, total = time.perf_counter(), 0.0
        order = rng.permutation(n)
        with np.errstate(over="ignore", invalid="ignore"):  # a far too large eta is reported below instead
            for k in range(0, n, batch_size):
                idx = order[k : k + batch_size]
                nabla, step_cost, still = sweep(knobs, XT[idx].T, YT[idx].T)
                watch.check(step_cost, still, epoch, k // batch_size + 1, eta)
                momentum_step(knobs, velocity, nabla, eta, mu)
                total += step_cost * idx.size
        entry = {"epoch": epoch, "train_cost": total / n, "seconds": time.perf_counter() - start}
        if evaluation is not None:
            entry["accuracy"] = accuracy(knobs, *evaluation)
        history.append(entry)
        if callback is not None:
            callback(entry)
    return history
