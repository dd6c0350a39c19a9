"""How wrong the network is: the quadratic cost and its slope (chapter 5)."""

from __future__ import annotations

import numpy.typing as npt

# --8<-- [start:imports]
import numpy as np

from nnbook.checks import as_outputs
# --8<-- [end:imports]
from nnbook.checks import check_whole


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


# --8<-- [start:cost]
def example_costs(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The cost of each example: the sum over the outputs of (a_j - y_j) squared.

    Args:
        a: The network's outputs, shape (10, m), or (10,) for one example.
        y: The desired outputs, one-hot, the same shape as a.

    Returns:
        One cost per example, shape (m,).
    """
    a, y = as_outputs(a, y)  # clear errors for mismatched shapes, or a y that is not one-hot
    return np.sum((a - y) ** 2, axis=0)


def cost(a: np.ndarray, y: np.ndarray) -> float:
    """The cost of a set of examples: the average of their costs.

    Args:
        a: The network's outputs, shape (10, m), or (10,) for one example.
        y: The desired outputs, one-hot, the same shape as a.

    Returns:
        The average cost, one number; for one example, that example's cost.
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
    a, y = as_outputs(a, y)
    return 2 * (a - y)
# --8<-- [end:cost_prime]
