"""Backpropagation: the gradient of the cost, swept backward through the layers (chapters 8, 9).

`backprop_example` is chapter 9's four equations, one example at a time: the
reference. `backprop` is the same four equations with one column per example,
averaged over the mini-batch: it checks its inputs once, then `sweep` does the
work, and `backward` carries the last layer's error back through the layers.
`nnbook.sgd` calls `sweep` on each mini-batch, whose inputs it has checked
already; `nnbook.fused.sweep` computes the same numbers faster, and
tests/test_fused.py checks it against `sweep` to 1e-10.
"""

# --8<-- [start:imports]
import numpy as np

from nnbook.activations import sigmoid_prime
from nnbook.checks import as_batch, as_example
from nnbook.cost import cost_prime
from nnbook.network import forward_all, layers
# --8<-- [end:imports]


# --8<-- [start:backprop_example]
def backprop_example(
    knobs: list[tuple[np.ndarray, np.ndarray]], x: np.ndarray, y: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The gradient of one example's cost, by the chain rule run backward.

    cost_prime gives how the cost changes with each output, 2 (a - y).

    Args:
        knobs: The network's (W, b) pairs.
        x: One input, shape (784, 1).
        y: Its desired output, one-hot, shape (10, 1).

    Returns:
        (nabla_W, nabla_b) pairs, the same shapes as the knobs.
    """
    x, y = as_example(knobs, x, y)  # clear errors for wrong shapes, or a y that is not one-hot
    zs, activations = forward_all(knobs, x)
    # The last layer: how the cost changes with its weighted inputs.
    delta = cost_prime(activations[-1], y) * sigmoid_prime(zs[-1])  # (n_L, 1)
    nabla = [None] * len(knobs)
    for l in range(len(knobs) - 1, -1, -1):
        # knobs[l] is layer l+1 of the text, so for the weights this is
        # (n_{l+1}, 1) @ (1, n_l): delta^(l+1) times a^(l) transposed; delta itself for the biases
        nabla[l] = (delta @ activations[l].T, delta)
        if l > 0:
            W, _ = knobs[l]
            # pass the desires back a layer
            delta = (W.T @ delta) * sigmoid_prime(zs[l - 1])
    return nabla
# --8<-- [end:backprop_example]


# --8<-- [start:backprop]
def backprop(
    knobs: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray, Y: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The gradient of the average cost over a mini-batch, all examples at once.

    Args:
        knobs: The network's (W, b) pairs.
        X: Inputs, shape (784, m), one column per example.
        Y: Desired outputs, one-hot, shape (10, m).

    Returns:
        (nabla_W, nabla_b) pairs, the same shapes as the knobs.
    """
    X, Y = as_batch(knobs, X, Y)  # clear errors for wrong shapes, once, before any work
    return sweep(knobs, X, Y)[0]


def sweep(knobs: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray, Y: np.ndarray) -> tuple[list, float, bool]:
    """backprop's work on a checked mini-batch: the gradient, the average cost, and whether the gradient is zero."""
    activations = layers(knobs, X)[1]  # forward_all's a^(0..L), X checked already
    a = activations[-1]
    error = a - Y
    delta = 2 * error * (a * (1 - a))  # cost_prime(a, Y) times sigma'(z) = a (1 - a): (n_L, m)
    cost = float(np.sum(error**2)) / X.shape[1]  # the mini-batch's average cost, which sgd reports
    still = not delta.any()  # a zero gradient: every output pinned at 0 or 1 (sgd stops if it lasts)
    return backward(knobs, activations, delta), cost, still


def backward(
    knobs: list[tuple[np.ndarray, np.ndarray]], activations: list[np.ndarray], delta: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """From the last layer's error delta, back through the layers: the gradient averaged over the m columns."""
    m = delta.shape[1]
    nabla = [None] * len(knobs)
    for l in range(len(knobs) - 1, -1, -1):
        nabla_W = delta @ activations[l].T / m  # sums the m outer products, so / m
        nabla_b = delta.sum(axis=1, keepdims=True) / m  # row sums, / m
        nabla[l] = (nabla_W, nabla_b)
        if l > 0:
            a = activations[l]  # sigma(z) of this layer: its slope sigma'(z) is a (1 - a), no sigmoid again
            delta = (knobs[l][0].T @ delta) * (a * (1 - a))
    return nabla
# --8<-- [end:backprop]
