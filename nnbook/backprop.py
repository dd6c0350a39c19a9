"""Backpropagation: the gradient of the cost, swept backward through the layers (chapters 8, 9).

`backprop_example` mirrors chapter 9 line by line, one example at a time: it
is the reference. `backprop` does the same for a whole mini-batch at once and
is what training uses; the tests check that the two agree.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._checks import as_data
from .activations import sigmoid_prime
from .cost import cost_prime
from .network import Knobs, forward_all, sizes_of


# --8<-- [start:backprop_example]
def backprop_example(
    knobs: Knobs, x: npt.ArrayLike, y: npt.ArrayLike
) -> Knobs:
    r"""The gradient of one example's cost, by the chain rule run backward.

    $$\delta^{(L)} = \nabla_a C \odot \sigma'(z^{(L)}), \qquad
      \delta^{(l)} = \bigl(W^{(l+1)}\bigr)^{\!\top} \delta^{(l+1)}
                     \odot \sigma'(z^{(l)})$$

    $$\frac{\partial C}{\partial W^{(l)}}
        = \delta^{(l)} \bigl(a^{(l-1)}\bigr)^{\!\top}, \qquad
      \frac{\partial C}{\partial b^{(l)}} = \delta^{(l)}$$

    Here $\nabla_a C = 2(a^{(L)} - y)$ is how the cost changes with each
    output (`cost_prime`).

    Args:
        knobs: The network's `(W, b)` pairs.
        x: One input, shape `(784, 1)`.
        y: Its desired output, one-hot, shape `(10, 1)`.

    Returns:
        `(nabla_W, nabla_b)` pairs, the same shapes as `knobs`.

    Chapter 9, *The chain rule, run backward*.
    """
    # Checked first: x of shape (784, 1), y of shape (10, 1) and one-hot.
    x, y = _one_example(knobs, x, y)
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
def backprop(knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike) -> Knobs:
    r"""The gradient of the average cost over a mini-batch, all at once.

    The same equations as `backprop_example` with one column per example; the
    weight and bias gradients are averaged over the m columns:

    $$\nabla C = \frac{1}{m} \sum_{x} \nabla C_x$$

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.
        Y: Desired outputs, one-hot, shape `(10, m)`.

    Returns:
        `(nabla_W, nabla_b)` pairs, the same shapes as `knobs`.

    Chapter 9, *The chain rule, run backward*.
    """
    # Checked first: the shapes, and that Y is one-hot.
    X, Y = as_data(sizes_of(knobs), X, Y, knobs[0][0].dtype)
    return _backprop(knobs, X, Y)[0]
# --8<-- [end:backprop]


def _one_example(knobs: Knobs, x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """`x` and `y` as single columns in the knobs' dtype, `y` one-hot; or a clear error."""
    x, y = as_data(sizes_of(knobs), x, y, knobs[0][0].dtype)
    if x.shape[1] != 1:
        raise ValueError(
            f"backprop_example takes one example: x of shape ({x.shape[0]}, 1); got {x.shape}. "
            "Use nnbook.backprop for a mini-batch."
        )
    return x, y


def _backprop(
    knobs: Knobs, X: np.ndarray, Y: np.ndarray, eta: float | None = None
) -> tuple[Knobs | None, float, bool]:
    """`backprop` without the input checks, for the training loop's hot path.

    Returns `(nabla, cost, still)`: the gradient, the mini-batch's average cost
    before any step (one dot product here, a second forward pass anywhere else),
    and whether the gradient is exactly zero (see `nnbook.descent._Watch`).
    Given `eta`, it also takes the gradient-descent step in place, layer by
    layer as the sweep passes, and returns `(None, cost, still)`: folding eta into
    delta makes each update a single subtraction, which matters at small
    mini-batches where the time goes into the number of numpy calls.
    """
    m = X.shape[1]
    activations = [X]
    for W, b in knobs:
        z = W @ activations[-1]
        z += b
        activations.append(_sigmoid_inplace(z))
    a = activations[-1]
    # sigma'(z) is computed as a (1 - a) from the activations already at hand
    # instead of recomputing the sigmoid; the factor 2/m of the average cost's
    # slope (times eta when stepping) is applied once, here.
    delta = a - Y
    batch_cost = float(np.vdot(delta, delta)) / m
    delta *= 1 - a
    delta *= a
    still = not delta.any()  # a zero gradient everywhere: every output is right or pinned at 0 or 1
    delta *= (2.0 if eta is None else 2.0 * eta) / m  # (n_L, m)
    nabla = [None] * len(knobs)
    for l in range(len(knobs) - 1, -1, -1):
        W, b = knobs[l]
        nabla_W = delta @ activations[l].T  # (n_l, m) @ (m, n_{l-1})
        nabla_b = delta.sum(axis=1, keepdims=True)
        if l > 0:
            a = activations[l]
            delta = W.T @ delta  # uses W before this layer's step
            delta *= 1 - a
            delta *= a
        if eta is None:
            nabla[l] = (nabla_W, nabla_b)
        else:
            W -= nabla_W
            b -= nabla_b
    return (None if eta is not None else nabla), batch_cost, still


def _sigmoid_inplace(z: np.ndarray) -> np.ndarray:
    """sigma(z), written over `z`, as 0.5 + 0.5 tanh(z / 2): no overflow, four cheap numpy calls."""
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5
    return z
