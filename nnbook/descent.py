"""Gradient descent: a small step downhill, repeated over shuffled mini-batches (chapters 7, 8, 10).

`step` is the update of chapter 7. `sgd` is the book's one training loop; what it does to each mini-batch is
passed in as `learn`: by default `descend`, backprop's sweep then the step; `nnbook.train` passes the fused
kernel `nnbook.fused.learn`, chapter 11 a step with momentum (`nnbook.further.Momentum`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy.typing as npt

# --8<-- [start:imports]
import numpy as np

from nnbook.checks import check_step
# --8<-- [end:imports]
from nnbook.backprop import sweep
from nnbook.checks import check_labels, check_training
from nnbook.network import Knobs, forward, sizes_of

PATIENCE = 10  # mini-batches in a row with a zero gradient before a run is called stuck
ADVICE = "try a smaller eta (the book's runs use 3 or less)"  # what to do then, unless `learn.advice` says


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


def descend(knobs: Knobs, X: np.ndarray, Y: np.ndarray, eta: float) -> tuple[float, bool]:
    """`sgd`'s plain step on one checked mini-batch, backprop's sweep then `step`: (cost before, gradient zero?)."""
    nabla, batch_cost, still = sweep(knobs, X, Y)
    for (W, b), (nabla_W, nabla_b) in zip(knobs, nabla):
        W -= eta * nabla_W
        b -= eta * nabla_b
    return batch_cost, still


def accuracy(knobs: Knobs, X: npt.ArrayLike, labels: npt.ArrayLike) -> float:
    r"""The fraction of examples whose tallest output is the right digit: $\frac{1}{m} \sum_x [\arg\max_j a_j(x) = \text{label}(x)]$.

    Args:
        knobs: The network's `(W, b)` pairs.
        X: Inputs, shape `(784, m)`.
        labels: The right digits, shape `(m,)`.

    Chapter 10, *Seeing it whole*.
    """
    guesses = np.argmax(forward(knobs, X), axis=0)  # (m,): the tallest output of each column
    return float(np.mean(guesses == check_labels(labels, guesses.size, sizes_of(knobs)[-1])))


def sgd(
    knobs: Knobs, X: npt.ArrayLike, Y: npt.ArrayLike, *, epochs: int, batch_size: int,
    eta: float | Callable[[int], float], rng: int | np.random.Generator = 0, learn: Callable = descend,
    evaluation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
    callback: Callable[[dict], None] | None = None, on_step: Callable[[int, int], None] | None = None,
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
        learn: What is done to each mini-batch, `learn(knobs, Xb, Yb, eta) -> (cost, still)`: `descend`
            (the default), `nnbook.fused.learn` (the same, faster), or chapter 11's update rules
            `nnbook.further.Momentum(knobs, mu)` and `nnbook.further.WeightDecay(lam, learn)`.
        evaluation: Optional `(X_test, labels_test)` for a per-epoch accuracy.
        callback: Called after each epoch with that epoch's entry of the history.
        on_step: Called after each step with the epoch and the step's number in it (from 1).

    Returns:
        The history: one dict per epoch with `epoch`, `eta`, `train_cost` (average over its mini-batches),
        `seconds`, and `accuracy` when `evaluation` is given.

    Raises:
        DivergenceError: If the cost stops being finite, or is stuck with an exactly zero gradient for 10 steps.

    Chapter 10, *Seeing it whole*.
    """
    X, Y = check_training(knobs, X, Y, epochs, batch_size, eta, getattr(learn, "weight_decay", 0.0))  # once
    if evaluation is not None and not (isinstance(evaluation, (tuple, list)) and len(evaluation) == 2):
        raise TypeError("evaluation must be a pair (X_test, labels_test), such as nnbook.mnist.load('test').")
    if evaluation is not None:
        accuracy(knobs, *evaluation)
    XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)  # rows are examples: fast to gather
    return walk(knobs, XT, YT, epochs, batch_size, eta, rng, learn, evaluation, callback, on_step)


def walk(knobs: Knobs, XT: np.ndarray, YT: np.ndarray, epochs: int, batch_size: int, eta: float | Callable,
         rng: int | np.random.Generator, learn: Callable, evaluation: tuple | None = None,
         callback: Callable | None = None, on_step: Callable | None = None) -> list[dict]:
    """`sgd`'s epochs on checked data, one example per row of `XT`, `YT` (`nnbook.train` checks at its own door)."""
    n, rng, history, flat = XT.shape[0], np.random.default_rng(rng), [], 0
    for epoch in range(1, epochs + 1):
        eta_e = float(eta(epoch)) if callable(eta) else eta
        start, total, order = time.perf_counter(), 0.0, rng.permutation(n)
        with np.errstate(over="ignore", invalid="ignore"):  # a far too large eta is reported below instead
            for number, k in enumerate(range(0, n, batch_size), start=1):
                idx = order[k : k + batch_size]
                Xb, Yb = XT.take(idx, axis=0).T, YT.take(idx, axis=0).T  # (784, m), (10, m); take: XT[idx], faster
                batch_cost, still = learn(knobs, Xb, Yb, eta_e)
                flat = flat + 1 if still and batch_cost > 0 else 0  # see Raises: a stuck network
                if not math.isfinite(batch_cost) or flat == PATIENCE:
                    raise DivergenceError(diverged(batch_cost, epoch, number, eta_e, getattr(learn, "advice", None)))
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


def diverged(cost: float, epoch: int, step: int, eta: float, advice: str | None) -> str:
    """What `sgd` says when its learning rate is too large to learn anything."""
    what = (f"the network is stuck at epoch {epoch}, step {step}: every output sigmoid is pinned at 0 or 1, so the "
            f"gradient has been zero for {PATIENCE} steps and the cost stays at {cost:.4f}" if math.isfinite(cost)
            else f"the cost became {'NaN' if math.isnan(cost) else 'infinite'} at epoch {epoch}, step {step}")
    return f"{what}: the learning rate {eta:g} is too large; {advice or ADVICE}."
