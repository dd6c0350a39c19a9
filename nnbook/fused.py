"""The training path's one fused kernel: forward, backward and the step in one sweep.

The book's readable core is `nnbook.forward`, `nnbook.backprop` and
`nnbook.step`; `nnbook.sgd` runs it unless given `learn=nnbook.fused.learn`, as
`nnbook.train` gives it. `sweep` computes the same numbers with fewer numpy calls, which
is what an epoch of 1,875 small mini-batches (6,000 at batch 10) spends its time on (see
benchmarks/README.md); tests/test_fused.py checks it against the core to 1e-10
in float64. It departs from the core in three places, each on purpose:

- the sigmoid is written over `z` as 1/2 + 1/2 tanh(z/2) (`sigmoid_inplace`),
  the same function as `nnbook.sigmoid` to within 2.3e-16 in float64; its
  relative precision is poorer far out on the left tail, and in float32 it
  gives exactly 0 for z below about -20 where `nnbook.sigmoid` still gives a
  tiny positive number (both give exactly 1 on the right);
- sigma'(z) is taken as a (1 - a) from the activations already at hand;
- the factor 2/m of the average cost's slope, times eta when stepping, is
  folded into delta once, so each layer's update is one subtraction, made as
  the sweep passes the layer.

Its constants are 0-d arrays of the data's dtype (`half_and_one`): the same bits
as Python floats, which numpy spends about 1 us converting, a dozen per mini-batch.

The training records in figures/data were made with this kernel: changing the
order of its operations changes the last bits of every training walk.
"""

from __future__ import annotations

import numpy as np

from nnbook.network import Knobs

_CONSTANTS: dict[np.dtype, tuple[np.ndarray, np.ndarray]] = {}


def half_and_one(dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """0.5 and 1.0 as 0-d arrays of `dtype`, made once per dtype."""
    if dtype not in _CONSTANTS:
        _CONSTANTS[dtype] = np.array(0.5, dtype), np.array(1.0, dtype)
    return _CONSTANTS[dtype]


def sigmoid_inplace(z: np.ndarray) -> np.ndarray:
    """sigma(z) written over the float array `z`, as 0.5 + 0.5 tanh(z / 2): no overflow, four numpy calls."""
    half = half_and_one(z.dtype)[0]
    z *= half
    np.tanh(z, out=z)
    z *= half
    z += half
    return z


def softmax_inplace(z: np.ndarray) -> np.ndarray:
    """`nnbook.further.softmax` of the float array `z`, written over it: the same operations in the same order."""
    z -= z.max(axis=0, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=0, keepdims=True)
    return z


def sweep(knobs: Knobs, X: np.ndarray, Y: np.ndarray, eta: float | None = None) -> tuple[Knobs | None, float, bool]:
    """`nnbook.backprop.sweep` fused, and the step when given `eta`.

    Returns `(nabla, cost, still)`: the gradient (None when `eta` is given and
    the step was taken in place), the mini-batch's average cost before the step,
    and whether the gradient is exactly zero (see `nnbook.sgd`'s Raises).
    """
    m = X.shape[1]
    activations = [X]
    for W, b in knobs:
        z = W @ activations[-1]
        z += b
        activations.append(sigmoid_inplace(z))
    a = activations[-1]
    one = half_and_one(a.dtype)[1]
    delta = a - Y
    batch_cost = float(np.vdot(delta, delta)) / m
    delta *= one - a
    delta *= a
    still = np.count_nonzero(delta) == 0  # a zero gradient everywhere: every output is right or pinned at 0 or 1
    delta *= np.array((2.0 if eta is None else 2.0 * eta) / m, delta.dtype)  # (n_L, m)
    nabla = [None] * len(knobs)
    for l in range(len(knobs) - 1, -1, -1):
        W, b = knobs[l]
        nabla_W = delta @ activations[l].T  # (n_l, m) @ (m, n_{l-1})
        nabla_b = np.add.reduce(delta, axis=1, keepdims=True)  # delta.sum(axis=1, ...) without its Python wrapper
        if l > 0:
            a = activations[l]
            delta = W.T @ delta  # uses W before this layer's step
            delta *= one - a
            delta *= a
        if eta is None:
            nabla[l] = (nabla_W, nabla_b)
        else:
            W -= nabla_W
            b -= nabla_b
    return (None if eta is not None else nabla), batch_cost, still


def sweep_softmax(knobs: Knobs, X: np.ndarray, Y: np.ndarray) -> tuple[Knobs, float, bool]:
    """`nnbook.further.sweep_softmax` fused: `(nabla, cost, still)`, `still` False (a softmax never pins at 0 or 1)."""
    m = X.shape[1]
    activations = [X]
    for W, b in knobs[:-1]:
        activations.append(sigmoid_inplace(W @ activations[-1] + b))
    W, b = knobs[-1]
    a = softmax_inplace(W @ activations[-1] + b)
    batch_cost = float(-np.sum(Y * np.log(np.maximum(a, 1e-30)))) / m
    delta = (a - Y) / m  # (10, m); the 1/m of the average, applied once
    nabla = [None] * len(knobs)
    for l in range(len(knobs) - 1, -1, -1):
        nabla[l] = (delta @ activations[l].T, delta.sum(axis=1, keepdims=True))
        if l > 0:
            a = activations[l]
            delta = (knobs[l][0].T @ delta) * a * (1 - a)
    return nabla, batch_cost, False


def learn(knobs: Knobs, X: np.ndarray, Y: np.ndarray, eta: float) -> tuple[float, bool]:
    """`nnbook.descent.descend` fused, for `nnbook.sgd(..., learn=nnbook.fused.learn)`: `(cost, still)`."""
    return sweep(knobs, X, Y, eta)[1:]


def evaluate(knobs: Knobs, X: np.ndarray, labels: np.ndarray, chunk: int = 60_000) -> tuple[float, float]:
    """The average quadratic cost and the accuracy of a network on a data set, fast.

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.
        labels: The right digits, shape `(m,)`.
        chunk: Examples per forward pass (bounds the memory used).

    Returns:
        cost: The quadratic cost averaged over the m examples.
        accuracy: The fraction of examples classified right.
    """
    total, right, m = 0.0, 0, X.shape[1]
    for k in range(0, m, chunk):
        a = X[:, k : k + chunk]
        for W, b in knobs:  # forward(), in place: this runs twice every epoch of nnbook.train
            z = W @ a
            z += b
            a = sigmoid_inplace(z)  # (n_l, chunk)
        y = labels[k : k + chunk]
        right += int(np.count_nonzero(np.argmax(a, axis=0) == y))
        a[y, np.arange(y.size)] -= 1.0  # a - one_hot(y), without building the one-hot array
        total += float(np.vdot(a, a))
    return total / m, right / m
