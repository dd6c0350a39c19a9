"""Three first steps beyond the book: momentum, a softmax output with cross-entropy, wider layers (chapter 11).

The hidden layers stay the book's sigmoid neurons; `nnbook.accuracy` reads a
softmax output as it reads a sigmoid one. A wider network needs nothing new:
`nnbook.init_knobs([784, 100, 10])`.
"""

from __future__ import annotations

import numpy.typing as npt

# --8<-- [start:imports]
import numpy as np

from nnbook._checks import as_columns, check_momentum, check_one_hot, check_positive
# --8<-- [end:imports]
from nnbook._checks import as_batch, as_input
from nnbook.fused import sigmoid_inplace, sweep_softmax
from nnbook.network import Knobs


# --8<-- [start:softmax]
def softmax(z: np.ndarray) -> np.ndarray:
    """Turn each column of weighted inputs into probabilities: e^(z_j) / (the sum over k of e^(z_k)).

    Args:
        z: Weighted inputs of the output layer, shape (10, m).

    Returns:
        Shape (10, m): each column positive and summing to 1.
    """
    z = np.asarray(z)
    if z.dtype.kind != "f":
        z = z.astype(float)
    # Subtracting each column's largest z removes the risk of overflow
    # and changes nothing else.
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def cross_entropy(a: np.ndarray, y: np.ndarray) -> float:
    """The cross-entropy cost: minus the log of the right digit's probability, averaged over the examples.

    Args:
        a: Softmax outputs, shape (10, m).
        y: Desired outputs, one-hot, shape (10, m).

    Returns:
        The average cost, one number (0 when every right digit gets probability 1).
    """
    a = np.asarray(a, dtype=float)
    y = as_columns(y, a.shape[0], "the desired output y")
    check_one_hot(y, "the desired output y")
    a = as_columns(a, y.shape[0], "the output a")
    return float(-np.sum(y * np.log(np.maximum(a, 1e-300))) / a.shape[1])
# --8<-- [end:softmax]


def forward_softmax(knobs: Knobs, X: npt.ArrayLike) -> np.ndarray:
    r"""The forward pass with sigmoid hidden layers and a softmax output layer.

    $$\begin{aligned}a^{(l)} &= \sigma\bigl(W^{(l)} a^{(l-1)} + b^{(l)}\bigr),\\ a^{(L)} &= \operatorname{softmax}\bigl(W^{(L)} a^{(L-1)} + b^{(L)}\bigr)\end{aligned}$$

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.

    Returns:
        Probabilities, shape `(10, m)`.

    Chapter 11, *Where next*.
    """
    a = as_input(knobs, X)
    for W, b in knobs[:-1]:
        a = sigmoid_inplace(W @ a + b)
    W, b = knobs[-1]
    return softmax(W @ a + b)


# --8<-- [start:backprop_softmax]
def backprop_softmax(knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike) -> Knobs:
    r"""The gradient of the average cross-entropy of a softmax network, by backprop.

    $$\delta^{(L)} = a^{(L)} - y, \qquad \delta^{(l)} = \bigl(W^{(l+1)}\bigr)^{\!\top} \delta^{(l+1)} \odot \sigma'(z^{(l)})$$

    The last layer's error is just output minus target: the softmax's slope
    cancels the logarithm's, so no $\sigma'$ factor is left to shrink it.

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.
        Y: Desired outputs, one-hot, shape `(10, m)`.

    Returns:
        `(nabla_W, nabla_b)` pairs, the same shapes as `knobs`.

    Chapter 11, *Where next*.
    """
    X, Y = as_batch(knobs, X, Y)
    return sweep_softmax(knobs, X, Y)[0]
# --8<-- [end:backprop_softmax]


# --8<-- [start:momentum_step]
def momentum_step(
    knobs: list[tuple[np.ndarray, np.ndarray]],
    velocity: list[tuple[np.ndarray, np.ndarray]],
    nabla: list[tuple[np.ndarray, np.ndarray]],
    eta: float,
    mu: float,
) -> None:
    """A step with momentum: v = mu v - eta nabla, then w = w + v, for every knob, in place.

    Args:
        knobs: The network's (W, b) pairs, changed in place.
        velocity: The previous step v, (W, b)-shaped pairs, changed in place (start at zeros).
        nabla: The gradient, pairs of the same shapes.
        eta: The learning rate.
        mu: How much of the last step to keep, from 0 to below 1; at 0 this is nnbook.step.
    """
    check_positive(eta, "the learning rate eta")
    check_momentum(mu)
    for (W, b), (vW, vb), (nabla_W, nabla_b) in zip(knobs, velocity, nabla, strict=True):
        vW *= mu
        vW -= eta * nabla_W
        vb *= mu
        vb -= eta * nabla_b
        W += vW
        b += vb
# --8<-- [end:momentum_step]


def sgd_momentum(knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike, *, mu: float = 0.9, **options: object) -> list[dict]:
    r"""Stochastic gradient descent with momentum: `nnbook.sgd` with `mu=0.9` unless told otherwise.

    $$\begin{aligned}&\text{for each mini-batch:}\\ &\quad v \leftarrow \mu\,v - \eta\,\nabla C_\text{batch},\quad w \leftarrow w + v\end{aligned}$$

    Args:
        knobs: The network's `(W, b)` pairs, trained in place.
        X: Training inputs, shape `(784, n)`.
        Y: Desired outputs, one-hot, shape `(10, n)`.
        mu: The momentum, $0 \le \mu < 1$.
        **options: The other options of `nnbook.sgd`: `epochs`, `batch_size` and `eta` (required),
            `output="softmax"` for a softmax output with cross-entropy, `rng`, `evaluation`, `callback`.

    Returns:
        The history of `nnbook.sgd`, one dict per epoch.

    Chapter 11, *Where next*.
    """
    from nnbook.descent import sgd  # the book's one training loop, which imports momentum_step from here

    return sgd(knobs, X, Y, mu=mu, **options)
