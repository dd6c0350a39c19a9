"""Gradient descent: a small step downhill, repeated over shuffled mini-batches (chapters 7, 8, 10).

`step` is the update of chapter 7. `sgd` is the book's one training loop:
`nnbook.train` and chapter 11's `nnbook.further.sgd_momentum` run through it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy.typing as npt

# --8<-- [start:imports]
import numpy as np

from nnbook._checks import check_step
# --8<-- [end:imports]
from nnbook._checks import check_labels, check_training
from nnbook._watch import Watch
from nnbook.further import momentum_step
from nnbook.fused import sweep, sweep_softmax
from nnbook.network import Knobs, forward, sizes_of


class DivergenceError(ValueError):
    """Training went wrong because the steps were too big: the cost is not a finite number, or the network is stuck."""


# --8<-- [start:step]
def step(
    knobs: list[tuple[np.ndarray, np.ndarray]], nabla: list[tuple[np.ndarray, np.ndarray]], eta: float
) -> None:
    """Move every knob a small step downhill, in place: W - eta nabla_W, b - eta nabla_b.

    Args:
        knobs: The network's (W, b) pairs, changed in place.
        nabla: The gradient, (nabla_W, nabla_b) pairs of the same shapes.
        eta: The learning rate, the size of the step.
    """
    check_step(knobs, nabla, eta)  # a clear error for a gradient of the wrong shape
    for (W, b), (nabla_W, nabla_b) in zip(knobs, nabla):
        W -= eta * nabla_W
        b -= eta * nabla_b
# --8<-- [end:step]


def accuracy(knobs: Knobs, X: npt.ArrayLike, labels: npt.ArrayLike) -> float:
    r"""The fraction of examples whose tallest output is the right digit.

    $$\text{accuracy} = \frac{1}{m} \sum_x \bigl[\arg\max_j a_j(x) = \text{label}(x)\bigr]$$

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.
        labels: The right digits, shape `(m,)`.

    Returns:
        A fraction between 0 and 1.

    Chapter 10, *Seeing it whole*.
    """
    guesses = np.argmax(forward(knobs, X), axis=0)  # (m,): the tallest output of each column
    return float(np.mean(guesses == check_labels(labels, guesses.size, sizes_of(knobs)[-1])))


def sgd(
    knobs: Knobs,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    *,
    epochs: int,
    batch_size: int,
    eta: float | Callable[[int], float],
    rng: int | np.random.Generator = 0,
    mu: float | None = None,
    weight_decay: float = 0.0,
    output: str = "sigmoid",
    evaluation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
    callback: Callable[[dict], None] | None = None,
    on_step: Callable[[int, int], None] | None = None,
) -> list[dict]:
    r"""Stochastic gradient descent: shuffle, cut into mini-batches, step downhill on each, repeat.

    $$\begin{aligned}&\text{for each mini-batch:}\\ &\quad W \leftarrow W - \eta\,\nabla_W C_\text{batch},\quad b \leftarrow b - \eta\,\nabla_b C_\text{batch}\end{aligned}$$

    Args:
        knobs: The network's `(W, b)` pairs, trained in place (in their own dtype).
        X: Training inputs, shape `(784, n)`, one column per example.
        Y: Desired outputs, one-hot, shape `(10, n)`.
        epochs: Passes over the whole training set.
        batch_size: Examples per step.
        eta: The learning rate, or a schedule: a function of the epoch (counted from 1) giving its rate.
        rng: A seed or a `numpy.random.Generator` for the shuffles.
        mu: Momentum, $0 \le \mu < 1$ (chapter 11): each step is `nnbook.further.momentum_step`,
            keeping `mu` times the last one. `None`, the default, takes the plain step in the fused
            kernel; `mu=0` takes the same steps to rounding (chapter 11's records were made that way).
        weight_decay: $\lambda \ge 0$: after each step every weight is multiplied by
            $1 - \eta\lambda$ (L2 regularization, chapter 11).
        output: `"sigmoid"` (quadratic cost, the book's) or `"softmax"` (cross-entropy, chapter 11).
        evaluation: Optional `(X_test, labels_test)` for a per-epoch accuracy.
        callback: Called after each epoch with that epoch's entry of the history.
        on_step: Called after each step with the epoch and the step's number in it (from 1).

    Returns:
        The history: one dict per epoch with `epoch`, `eta`, `train_cost` (average over the
        epoch's mini-batches), `seconds`, and `accuracy` when `evaluation` is given.

    Raises:
        DivergenceError: If the cost stops being a finite number, or the network gets stuck.

    Chapter 10, *Seeing it whole*.
    """
    X, Y = check_training(knobs, X, Y, epochs, batch_size, eta, mu, weight_decay, output)  # before any work
    if evaluation is not None:
        if not (isinstance(evaluation, (tuple, list)) and len(evaluation) == 2):
            raise TypeError("evaluation must be a pair (X_test, labels_test), such as nnbook.mnist.load('test').")
        accuracy(knobs, *evaluation)
    n = X.shape[1]
    rng = np.random.default_rng(rng)
    # Rows of X.T are examples; gathering whole rows is much faster than
    # gathering scattered columns, so mini-batches are cut from this copy.
    XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    plain = mu is None and output == "sigmoid"  # then the fused kernel takes the step too
    velocity = None if plain else [(np.zeros_like(W), np.zeros_like(b)) for W, b in knobs]
    history, watch = [], Watch(DivergenceError, mu)
    for epoch in range(1, epochs + 1):
        eta_e = float(eta(epoch)) if callable(eta) else eta
        shrink = 1 - eta_e * weight_decay  # of every weight after each step (1: no weight decay)
        start, total = time.perf_counter(), 0.0
        order = rng.permutation(n)
        with np.errstate(over="ignore", invalid="ignore"):  # a far too large eta is reported below instead
            for number, k in enumerate(range(0, n, batch_size), start=1):
                idx = order[k : k + batch_size]
                Xb, Yb = XT[idx].T, YT[idx].T  # (784, m), (10, m)
                if velocity is None:  # the plain step: forward, backward and step in one sweep
                    _, batch_cost, still = sweep(knobs, Xb, Yb, eta_e)
                else:
                    nabla, batch_cost, still = (sweep if output == "sigmoid" else sweep_softmax)(knobs, Xb, Yb)
                    momentum_step(knobs, velocity, nabla, eta_e, mu or 0.0)
                if weight_decay:  # the weights, not the biases
                    for W, _b in knobs:
                        W *= shrink
                watch.check(batch_cost, still, epoch, number, eta_e)  # stops a diverged or stuck run
                total += batch_cost * idx.size
                if on_step is not None:
                    on_step(epoch, number)
        entry = {"epoch": epoch, "eta": eta_e, "train_cost": total / n, "seconds": time.perf_counter() - start}
        if evaluation is not None:
            entry["accuracy"] = accuracy(knobs, *evaluation)
        history.append(entry)
        if callback is not None:
            callback(entry)
    return history

