"""The squish: the sigmoid function and its slope (chapter 3)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


# --8<-- [start:sigmoid]
def sigmoid(z: npt.ArrayLike) -> np.ndarray:
    r"""Squish any number into the range 0..1.

    $$\sigma(z) = \frac{1}{1 + e^{-z}}$$

    Args:
        z: Weighted inputs, any shape.

    Returns:
        $\sigma(z)$, same shape as `z` (float arrays keep their precision).

    Chapter 3, *Weighted sum, bias, squish*.
    """
    z = _as_float(z)
    # Written with e^{-|z|} so that exp never overflows: for z < 0 the equal
    # form e^z / (1 + e^z) is used. e^{-1000} rounds to 0, the right answer,
    # so that underflow is not reported. No warning or NaN even at |z| = 1000.
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
# --8<-- [end:sigmoid]


# --8<-- [start:sigmoid_prime]
def sigmoid_prime(z: npt.ArrayLike) -> np.ndarray:
    r"""The slope of the sigmoid at `z`.

    $$\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)$$

    Args:
        z: Weighted inputs, any shape.

    Returns:
        $\sigma'(z)$, same shape as `z`, between 0 and 0.25.

    Chapter 9, *The chain rule, run backward*.
    """
    s = sigmoid(z)
    return s * (1 - s)
# --8<-- [end:sigmoid_prime]


def _as_float(z: npt.ArrayLike) -> np.ndarray:
    """`z` as a float array: float32 and float64 stay as they are, whole numbers become float64."""
    z = np.asarray(z)
    if z.dtype.kind not in "fiub":
        raise TypeError(f"the sigmoid takes real numbers; got an array of dtype {z.dtype}.")
    return z if z.dtype.kind == "f" else z.astype(np.float64)
