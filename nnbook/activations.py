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
    # Far below 0, e^(-z) overflows to infinity and 1 / (1 + inf) gives 0; far
    # above, it underflows to 0 and gives 1. In float32 and float64 both are off
    # by less than 1e-37, so numpy is told not to report them: no warning or NaN
    # even at |z| = 1000.
    with np.errstate(over="ignore", under="ignore"):
        return 1 / (1 + np.exp(-z))
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
