"""One neuron: a weighted sum of the previous layer, plus a bias, squished (chapter 3)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .activations import sigmoid


# --8<-- [start:neuron]
def neuron(a: npt.ArrayLike, w: npt.ArrayLike, b: float) -> float:
    r"""The activation of one neuron.

    $$a' = \sigma\Bigl(\sum_k w_k a_k + b\Bigr)$$

    Args:
        a: Activations of the previous layer, shape `(n,)`.
        w: This neuron's weights, one per incoming activation, shape `(n,)`.
        b: This neuron's bias.

    Returns:
        The neuron's activation, a number between 0 and 1.

    Chapter 3, *Weighted sum, bias, squish*.
    """
    a, w = _check_inputs(a, w, b)
    z = np.dot(w, a) + b  # the weighted sum plus the bias
    return float(sigmoid(z))
# --8<-- [end:neuron]


def _check_inputs(a: npt.ArrayLike, w: npt.ArrayLike, b: float) -> tuple[np.ndarray, np.ndarray]:
    """`a` and `w` as 1-D float arrays of the same length, `b` a single number; or a clear error."""
    a, w = np.asarray(a, dtype=float), np.asarray(w, dtype=float)
    if a.ndim != 1 or w.shape != a.shape:
        raise ValueError(
            f"a neuron needs one weight per incoming activation: a and w must be 1-D and "
            f"the same length; got a of shape {a.shape} and w of shape {w.shape}."
            + (" Use a.ravel() and w.ravel() for a column or a row." if a.size == w.size else "")
        )
    if np.ndim(b) != 0:
        raise ValueError(f"a neuron has one bias, a single number; got b of shape {np.shape(b)}.")
    return a, w
