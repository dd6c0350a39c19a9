"""Checking backprop against the slow, obvious way: nudge each knob and watch the cost (chapter 9).

Both functions take the network's forward pass and its cost as arguments,
the book's `forward` and quadratic `cost` by default, so a network of another
kind (chapter 11's softmax output with cross-entropy) is checked the same way.
"""

from __future__ import annotations

import numpy.typing as npt

# --8<-- [start:imports]
from collections.abc import Callable

import numpy as np

from nnbook.checks import as_batch, check_positive
from nnbook.cost import cost
from nnbook.network import flatten, forward, sizes_of, unflatten
# --8<-- [end:imports]
from nnbook.backprop import backprop
from nnbook.network import Knobs


# --8<-- [start:numerical_gradient]
def numerical_gradient(
    knobs: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray, Y: np.ndarray, eps: float = 1e-5,
    forward: Callable = forward, cost: Callable = cost,
) -> np.ndarray:
    """The gradient by central differences: nudge each knob by eps both ways, (C(w + eps) - C(w - eps)) / (2 eps).

    Two forward passes per knob, so use it on small networks only.

    Args:
        knobs: The network's (W, b) pairs (nudged in a float64 copy, whatever their type).
        X: Inputs, shape (n_0, m).
        Y: Desired outputs, one-hot, shape (n_L, m).
        eps: The nudge.
        forward: The network's forward pass, forward(knobs, X); nnbook's by default.
        cost: The cost of its outputs, cost(a, Y); the quadratic cost by default.

    Returns:
        The gradient as one flat vector, in the order of flatten.
    """
    X, Y = as_batch(knobs, X, Y, np.float64)  # clear errors for wrong shapes, once rather than at every knob
    check_positive(eps, "the nudge eps", " (a typical value is 1e-5)")
    sizes = sizes_of(knobs)
    point = flatten(knobs).astype(np.float64)
    grad = np.empty_like(point)
    for i in range(point.size):
        saved = point[i]
        point[i] = saved + eps
        up = cost(forward(unflatten(point, sizes), X), Y)
        point[i] = saved - eps
        down = cost(forward(unflatten(point, sizes), X), Y)
        point[i] = saved
        grad[i] = (up - down) / (2 * eps)
    return grad
# --8<-- [end:numerical_gradient]


def gradient_check(
    knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike, eps: float = 1e-5, *,
    backprop: Callable = backprop, forward: Callable = forward, cost: Callable = cost,
) -> float:
    r"""How far backprop's gradient is from the numerical one, as a relative error.

    $$\frac{\lVert g_\text{backprop} - g_\text{numerical} \rVert}{\lVert g_\text{backprop} \rVert + \lVert g_\text{numerical} \rVert}$$

    Args:
        knobs: The network's `(W, b)` pairs (the check runs on a float64 copy).
        X: Inputs, shape `(n_0, m)`.
        Y: Desired outputs, one-hot, shape `(n_L, m)`.
        eps: The nudge for the numerical gradient.
        backprop: The gradient under test, `backprop(knobs, X, Y)`; nnbook's by default.
        forward: The forward pass whose cost it differentiates; nnbook's by default.
        cost: The cost of the outputs; the quadratic cost by default.

    Returns:
        The relative error: below about 1e-7 when backprop is right.

    Chapter 9, *The chain rule, run backward*.
    """
    X, Y = as_batch(knobs, X, Y, np.float64)
    check_positive(eps, "the nudge eps", " (a typical value is 1e-5)")
    # Both gradients in float64, whatever the knobs' dtype: in float32 the
    # rounding error alone would be about 1e-4.
    knobs = unflatten(flatten(knobs).astype(np.float64), sizes_of(knobs))
    g_backprop = flatten(backprop(knobs, X, Y))
    g_numerical = numerical_gradient(knobs, X, Y, eps, forward, cost)
    denominator = np.linalg.norm(g_backprop) + np.linalg.norm(g_numerical)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(g_backprop - g_numerical) / denominator)
