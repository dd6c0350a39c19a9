"""The squish: the sigmoid function and its slope (chapter 3).

The training path computes the same function in place as 1/2 + 1/2 tanh(z/2)
(`nnbook.fused.sigmoid_inplace`); the difference is described there and tested.
"""

# --8<-- [start:sigmoid]
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Squish any number into the range 0..1: sigma(z) = 1 / (1 + e^(-z)), entry by entry.

    Args:
        z: Weighted inputs, any shape (float32 stays float32; whole numbers become float64).

    Returns:
        sigma(z), the same shape as `z`.
    """
    z = np.asarray(z)
    if z.dtype.kind not in "fiub":
        raise TypeError(f"the sigmoid takes real numbers; got an array of dtype {z.dtype}.")
    if z.dtype.kind != "f":
        z = z.astype(np.float64)
    # Written with e^(-|z|), which never overflows: for z < 0 the equal form
    # e^z / (1 + e^z) is used. e^(-1000) rounds to 0, the right answer, so
    # that underflow is not reported. No warning or NaN even at |z| = 1000.
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1, e) / (1 + e)
# --8<-- [end:sigmoid]


def sigmoid_prime(z: np.ndarray) -> np.ndarray:
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
