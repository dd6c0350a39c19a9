"""How wrong the network is: the quadratic cost and its slope (chapter 5)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._checks import as_columns, check_one_hot, check_whole


def one_hot(labels: npt.ArrayLike, n: int = 10) -> np.ndarray:
    r"""Desired outputs: 1 in the slot of the right digit, 0 everywhere else.

    $$y_j = \begin{cases} 1 & \text{if } j \text{ is the label} \\ 0 & \text{otherwise} \end{cases}$$

    Args:
        labels: One digit, or a sequence of m digits, each in `0..n-1`.
        n: How many slots (10 for the digits).

    Returns:
        Shape `(n, 1)` for one digit, `(n, m)` for m digits: one column per example.

    Chapter 5, *Cost*.
    """
    n = check_whole(n, "n, the number of slots,", 1)
    labels = np.asarray(labels)
    if labels.ndim > 1:
        raise ValueError(
            f"labels should be one digit or a 1-D sequence of digits; got shape {labels.shape}. "
            "If these are already desired outputs (one column per example), use them as they are."
        )
    if labels.dtype.kind not in "iu" and not (labels.dtype.kind == "f" and np.all(labels == np.round(labels))):
        raise TypeError(f"labels must be whole numbers (digits); got {labels!r}.")
    labels = labels.astype(np.int64).reshape(-1)
    if labels.size and (labels.min() < 0 or labels.max() >= n):
        bad = labels[(labels < 0) | (labels >= n)][0]
        raise ValueError(f"label {bad} is out of range: with n={n} slots, labels must be 0..{n - 1}.")
    y = np.zeros((n, labels.size))
    y[labels, np.arange(labels.size)] = 1.0
    return y


def _pair(a: npt.ArrayLike, y: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """`a` and `y` as `(n, m)` arrays of the same shape, `y` one-hot; or a clear error."""
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


# --8<-- [start:cost]
def example_costs(a: npt.ArrayLike, y: npt.ArrayLike) -> np.ndarray:
    r"""The cost of each example: its sum of squared differences from y.

    $$C_x = \sum_j (a_j - y_j)^2$$

    Args:
        a: The network's outputs, shape `(10, m)` (or `(10,)` for one example).
        y: The desired outputs, one-hot, same shape as `a`.

    Returns:
        One cost per example, shape `(m,)`.

    Chapter 5, *Cost*.
    """
    a, y = _pair(a, y)
    return np.sum((a - y) ** 2, axis=0)


def cost(a: npt.ArrayLike, y: npt.ArrayLike) -> float:
    r"""The cost of a set of examples: the average of their costs.

    $$C = \frac{1}{m} \sum_x C_x$$

    Args:
        a: The network's outputs, shape `(10, m)` (or `(10,)` for one example).
        y: The desired outputs, one-hot, same shape as `a`.

    Returns:
        The average cost, one number; for one example, that example's cost.

    Chapter 5, *Cost*.
    """
    return float(np.mean(example_costs(a, y)))
# --8<-- [end:cost]


# --8<-- [start:cost_prime]
def cost_prime(a: npt.ArrayLike, y: npt.ArrayLike) -> np.ndarray:
    r"""How one example's cost changes as each output activation moves.

    $$\frac{\partial C_x}{\partial a_j} = 2\,(a_j - y_j)$$

    Args:
        a: The network's outputs, shape `(10, m)`.
        y: The desired outputs, one-hot, same shape as `a`.

    Returns:
        Shape `(10, m)`: for each example, its own cost's slope.

    Chapter 9, *The chain rule, run backward*.
    """
    a, y = _pair(a, y)
    return 2 * (a - y)
# --8<-- [end:cost_prime]
