"""Checking backprop against the slow, obvious way: nudge each knob and watch the cost (chapter 9)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .backprop import backprop
from .cost import cost
from .network import Knobs, flatten, forward, sizes_of, unflatten


# --8<-- [start:numerical_gradient]
def numerical_gradient(knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike, eps: float = 1e-5) -> np.ndarray:
    r"""The gradient by central differences: nudge each knob both ways and compare costs.

    $$\frac{\partial C}{\partial w} \approx \frac{C(w + \varepsilon) - C(w - \varepsilon)}{2\varepsilon}$$

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
        knobs: The network's `(W, b)` pairs, float64.
        X: Inputs, shape `(n_0, m)`.
        Y: Desired outputs, one-hot, shape `(n_L, m)`.
        eps: The nudge for the numerical gradient.

    Returns:
        The relative error: below about 1e-7 when backprop is right.

    Chapter 9, *The chain rule, run backward*.
    """
    g_backprop = flatten(backprop(knobs, X, Y))
    g_numerical = numerical_gradient(knobs, X, Y, eps)
    denominator = np.linalg.norm(g_backprop) + np.linalg.norm(g_numerical)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(g_backprop - g_numerical) / denominator)
