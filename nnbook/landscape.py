"""The cost landscape: the cost along a line and over a plane through knob space (chapters 6, 7)."""

from __future__ import annotations

import numpy.typing as npt

# --8<-- [start:imports]
import numpy as np

from nnbook.checks import as_batch, as_direction
from nnbook.cost import cost
from nnbook.network import flatten, forward, sizes_of, unflatten
# --8<-- [end:imports]
from nnbook.backprop import backprop
from nnbook.network import Knobs, count_knobs


def random_direction(knobs: Knobs, rng: int | np.random.Generator = 0) -> np.ndarray:
    r"""A random direction in knob space, of length 1.

    $$d = \frac{g}{\lVert g \rVert}, \qquad g \sim \mathcal{N}(0, I)$$

    Args:
        knobs: The network whose knob space it lives in.
        rng: A seed or a `numpy.random.Generator`.

    Returns:
        A unit vector of length `count_knobs(sizes)`.

    Chapter 6, *The cost landscape*.
    """
    d = np.random.default_rng(rng).standard_normal(count_knobs(sizes_of(knobs)))
    return d / np.linalg.norm(d)


def gradient(knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike) -> np.ndarray:
    r"""The gradient $\nabla C$ of the average cost on `(X, Y)`, as one flat vector.

    $$\nabla C = \Bigl(\frac{\partial C}{\partial \theta_0}, \dots, \frac{\partial C}{\partial \theta_{n-1}}\Bigr)$$

    where $\theta$ is the $n$ knobs laid out as one vector by `flatten`, counted from 0.

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.
        Y: Desired outputs, one-hot, shape `(10, m)`.

    Returns:
        A vector of length `count_knobs(sizes)`; its negative points downhill.

    Chapter 6, *The cost landscape*.
    """
    return flatten(backprop(knobs, X, Y))


# --8<-- [start:line]
def line(
    knobs: list[tuple[np.ndarray, np.ndarray]],
    direction: np.ndarray,
    ts: np.ndarray,
    X: np.ndarray,
    Y: np.ndarray,
) -> np.ndarray:
    """The cost along a straight line through knob space: C(theta + t d), theta the knobs as one vector.

    Args:
        knobs: Where the line passes through (at t = 0).
        direction: The direction d, shape (count_knobs,).
        ts: Positions along the line, shape (k,) (any shape works).
        X: Inputs, shape (784, m).
        Y: Desired outputs, one-hot, shape (10, m).

    Returns:
        The cost at each position, the shape of ts.
    """
    X, Y = as_batch(knobs, X, Y, np.float64)  # clear errors for wrong shapes, once for all the points
    d = as_direction(knobs, direction, "direction")
    theta, sizes = flatten(knobs).astype(np.float64), sizes_of(knobs)
    ts = np.asarray(ts, dtype=np.float64)
    costs = [
        cost(forward(unflatten(theta + t * d, sizes), X), Y)
        for t in ts.ravel()
    ]
    return np.array(costs).reshape(ts.shape)
# --8<-- [end:line]


def plane(
    knobs: Knobs,
    d1: npt.ArrayLike,
    d2: npt.ArrayLike,
    s: npt.ArrayLike,
    t: npt.ArrayLike,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
) -> np.ndarray:
    r"""The cost over a flat plane through knob space.

    $$C(s, t) = C(\theta + s\,d_1 + t\,d_2)$$

    Args:
        knobs: Where the plane passes through (at `s = t = 0`).
        d1: The first direction, shape `(count_knobs,)`.
        d2: The second direction, shape `(count_knobs,)`.
        s: Positions along `d1`, shape `(k1,)`.
        t: Positions along `d2`, shape `(k2,)`.
        X: Inputs, shape `(784, m)`.
        Y: Desired outputs, one-hot, shape `(10, m)`.

    Returns:
        The cost at every grid point, shape `(k2, k1)`: row `i` is `t[i]`, column `j` is `s[j]`,
        ready for `matplotlib.pyplot.contour(s, t, costs)`.

    Raises:
        ValueError: If `s` or `t` is not a 1-D array of positions (and as `backprop` for wrong shapes).

    Chapter 6, *The cost landscape*.
    """
    X, Y = as_batch(knobs, X, Y, np.float64)
    d1, d2 = as_direction(knobs, d1, "d1"), as_direction(knobs, d2, "d2")
    theta, sizes = flatten(knobs).astype(np.float64), sizes_of(knobs)
    s, t = np.asarray(s, dtype=np.float64), np.asarray(t, dtype=np.float64)
    if s.ndim != 1 or t.ndim != 1:
        raise ValueError(
            f"s and t must be 1-D arrays of positions, such as np.linspace(-1, 1, 21); got shapes {s.shape} and {t.shape}."
        )
    costs = np.empty((t.size, s.size))
    for i, ti in enumerate(t):
        for j, sj in enumerate(s):
            costs[i, j] = cost(forward(unflatten(theta + sj * d1 + ti * d2, sizes), X), Y)
    return costs
