"""Checking backprop against the slow, obvious way: nudge each knob and watch the cost (chapter 9)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .backprop import backprop
from .cost import cost
from ._checks import as_data, check_positive
from .network import Knobs, flatten, forward, sizes_of, unflatten


# --8<-- [start:numerical_gradient]
def numerical_gradient(
    knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike, eps: float = 1e-5
) -> np.ndarray:
    r"""The gradient by central differences: nudge each knob both ways.

    $$\frac{\partial C}{\partial w}
      \approx \frac{C(w + \varepsilon) - C(w - \varepsilon)}{2\varepsilon}$$

    Two forward passes per knob, so use it on small networks only.

    Args:
        knobs: The network's `(W, b)` pairs (float64 for a meaningful check).
        X: Inputs, shape `(n_0, m)`.
        Y: Desired outputs, one-hot, shape `(n_L, m)`.
        eps: The nudge $\varepsilon$.

    Returns:
        The gradient as one flat vector, in the order of `flatten`.

    Chapter 9, *The chain rule, run backward*.
    """
    sizes = sizes_of(knobs)
    X, Y = _checked(sizes, X, Y, eps)
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


def gradient_check(knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike, eps: float = 1e-5) -> float:
    r"""How far backprop's gradient is from the numerical one, as a relative error.

    $$\frac{\lVert g_\text{backprop} - g_\text{numerical} \rVert}{\lVert g_\text{backprop} \rVert + \lVert g_\text{numerical} \rVert}$$

    Args:
        knobs: The network's `(W, b)` pairs (the check runs on a float64 copy).
        X: Inputs, shape `(n_0, m)`.
        Y: Desired outputs, one-hot, shape `(n_L, m)`.
        eps: The nudge for the numerical gradient.

    Returns:
        The relative error: below about 1e-7 when backprop is right.

    Chapter 9, *The chain rule, run backward*.
    """
    sizes = sizes_of(knobs)
    X, Y = _checked(sizes, X, Y, eps)
    # Both gradients in float64, whatever the knobs' dtype: in float32 the
    # rounding error alone would be about 1e-4.
    knobs = unflatten(flatten(knobs).astype(np.float64), sizes)
    g_backprop = flatten(backprop(knobs, X, Y))
    g_numerical = numerical_gradient(knobs, X, Y, eps)
    denominator = np.linalg.norm(g_backprop) + np.linalg.norm(g_numerical)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(g_backprop - g_numerical) / denominator)


def _checked(sizes: list[int], X: npt.ArrayLike, Y: npt.ArrayLike, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """The data in float64 and a sensible nudge, checked once rather than at every knob."""
    check_positive(eps, "the nudge eps", " (a typical value is 1e-5)")
    return as_data(sizes, X, Y, np.float64)
