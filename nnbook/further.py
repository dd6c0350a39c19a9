"""Beyond the book (chapter 11): momentum, and a softmax output with cross-entropy after sigmoid hidden layers."""

from collections.abc import Callable

import numpy.typing as npt

# --8<-- [start:imports]
import numpy as np

from nnbook.checks import as_outputs, check_eta, check_momentum
# --8<-- [end:imports]
from nnbook.backprop import backward, sweep as sweep_sigmoid
from nnbook.checks import as_batch
from nnbook.descent import descend, sgd
from nnbook.network import Knobs, forward_all, layers


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
    # Subtracting each column's largest z removes the risk of overflow and changes nothing else.
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
    a, y = as_outputs(np.asarray(a, dtype=float), y)  # clear errors for mismatched shapes, or a y not one-hot
    return float(-np.sum(y * np.log(np.maximum(a, 1e-300))) / a.shape[1])
# --8<-- [end:softmax]


def forward_softmax(knobs: Knobs, X: npt.ArrayLike) -> np.ndarray:
    """`nnbook.forward` with a softmax output: probabilities `(10, m)` for inputs `X` `(784, m)` (chapter 11)."""
    return forward_all(knobs, X, output=softmax)[1][-1]


# --8<-- [start:backprop_softmax]
def backprop_softmax(knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike) -> Knobs:
    r"""The gradient of the average cross-entropy of a softmax network, by backprop.

    $$\delta^{(L)} = a^{(L)} - y, \qquad \delta^{(l)} = \bigl(W^{(l+1)}\bigr)^{\!\top} \delta^{(l+1)} \odot \sigma'(z^{(l)})$$

    The last layer's error is just output minus target: the softmax's slope cancels the logarithm's, so no $\sigma'$
    factor is left to shrink it. `knobs`, `X` and `Y` are as for `nnbook.backprop`, and so is what it returns.

    Chapter 11, *Where next*.
    """
    X, Y = as_batch(knobs, X, Y)  # clear errors for wrong shapes, once, before any work
    return sweep_softmax(knobs, X, Y)[0]


def sweep_softmax(knobs: Knobs, X: np.ndarray, Y: np.ndarray) -> tuple[Knobs, float, bool]:
    """backprop_softmax's work on a checked mini-batch: the gradient, the average cross-entropy, and False."""
    activations = layers(knobs, X, output=softmax)[1]
    a = activations[-1]
    delta = a - Y  # the one line that differs from nnbook.backprop: no sigma'(z) factor
    cost = -float(np.sum(Y * np.log(np.maximum(a, 1e-30)))) / X.shape[1]  # 1e-30: a float32 a can be 0
    return backward(knobs, activations, delta), cost, False  # a softmax is never pinned at 0 or 1
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
    check_eta(eta)
    check_momentum(mu)
    for (W, b), (vW, vb), (nabla_W, nabla_b) in zip(knobs, velocity, nabla, strict=True):
        vW *= mu
        vW -= eta * nabla_W
        vb *= mu
        vb -= eta * nabla_b
        W += vW
        b += vb
# --8<-- [end:momentum_step]


class Momentum:
    r"""`nnbook.sgd`'s `learn` with momentum $0 \le \mu < 1$: the gradient by `sweep`, then `momentum_step`."""

    def __init__(self, knobs: Knobs, mu: float, sweep: Callable = sweep_sigmoid):
        check_momentum(mu)
        self.velocity, self.mu, self.sweep = [(np.zeros_like(W), np.zeros_like(b)) for W, b in knobs], mu, sweep
        self.advice = f"with momentum {mu}, try a smaller eta or mu (chapter 11 uses 0.1 with mu 0.9)" if mu else None

    def __call__(self, knobs: Knobs, X: np.ndarray, Y: np.ndarray, eta: float) -> tuple[float, bool]:
        nabla, cost, still = self.sweep(knobs, X, Y)
        momentum_step(knobs, self.velocity, nabla, eta, self.mu)
        return cost, still


class WeightDecay:
    r"""`nnbook.sgd`'s `learn` with weight decay $\lambda$: `learn`'s step, then each weight times $1 - \eta\lambda$."""

    def __init__(self, weight_decay: float, learn: Callable = descend):  # sgd checks weight_decay at its door
        self.weight_decay, self.learn, self.advice = weight_decay, learn, getattr(learn, "advice", None)

    def __call__(self, knobs: Knobs, X: np.ndarray, Y: np.ndarray, eta: float) -> tuple[float, bool]:
        cost, still = self.learn(knobs, X, Y, eta)
        for W, _b in knobs:
            W *= 1 - eta * self.weight_decay
        return cost, still


def sgd_momentum(knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike, *, mu: float = 0.9, output: str = "sigmoid",
                 **options: object) -> list[dict]:
    r"""Stochastic gradient descent with momentum, $v \leftarrow \mu\,v - \eta\,\nabla C_\text{batch}$, $w \leftarrow w + v$.

    Args:
        mu: The momentum, $0 \le \mu < 1$ (`knobs`, trained in place, `X`, `Y` and the history: as for `nnbook.sgd`).
        output: `"sigmoid"` (quadratic cost, the book's) or `"softmax"` (cross-entropy).
        **options: `nnbook.sgd`'s other options: `epochs`, `batch_size`, `eta` (required), `rng`, `evaluation`, ...

    Chapter 11, *Where next*.
    """
    if output not in ("sigmoid", "softmax"):
        raise ValueError(f'output must be "sigmoid" or "softmax"; got {output!r}.')
    return sgd(knobs, X, Y, learn=Momentum(knobs, mu, sweep_sigmoid if output == "sigmoid" else sweep_softmax), **options)
