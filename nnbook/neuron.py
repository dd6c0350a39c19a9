"""One neuron: a weighted sum of the previous layer, plus a bias, squished (chapter 3)."""

from __future__ import annotations

# --8<-- [start:neuron]
import numpy as np

from nnbook.activations import sigmoid
from nnbook.checks import as_neuron_inputs


def neuron(a: np.ndarray, w: np.ndarray, b: float) -> float:
    """The activation of one neuron: the sigmoid of the weighted sum of a, plus b.

    Args:
        a: Activations of the previous layer, shape (n,).
        w: This neuron's weights, one per incoming activation, shape (n,).
        b: This neuron's bias.

    Returns:
        The neuron's activation, a number between 0 and 1.
    """
    a, w = as_neuron_inputs(a, w, b)  # a clear error for mismatched lengths
    z = np.dot(w, a) + b  # the weighted sum plus the bias
    return float(sigmoid(z))
# --8<-- [end:neuron]
