"""Gradient descent: a small step downhill, repeated over shuffled mini-batches (chapters 7, 8, 10)."""

from __future__ import annotations

import math
import time
from typing import Callable

import numpy as np
import numpy.typing as npt

from ._checks import as_data, check_finite, check_labels, check_pixels, check_positive, check_whole
from .backprop import _backprop
from .network import Knobs, forward, sizes_of


class DivergenceError(ValueError):
    """Training went wrong because the steps were too big: the cost is not a finite number, or the network is stuck."""


class _Watch:
    """Stops a training loop, with one wording, when its learning rate is too large to learn anything.

    Two signs, checked after every step: the cost is not a finite number; or
    the gradient has been exactly zero for `PATIENCE` steps in a row while the
    cost was not, which happens only when every output sigmoid is pinned at
    exactly 0 or 1 (a step so large it threw the weighted inputs far out on the
    sigmoid's flat tails). Then no step can change a knob again. A healthy run
    never shows either; one stuck batch is not enough, as the next may move.
    """

    PATIENCE = 10

    def __init__(self, fix: str = "try a smaller eta (the book's runs use 3 or less)"):
        self.fix, self.flat = fix, 0

    def check(self, cost: float, still: bool, epoch: int, step: int, eta: float) -> None:
        if math.isfinite(cost):
            self.flat = self.flat + 1 if still and cost > 0 else 0
            if self.flat < self.PATIENCE:
                return
            what = (f"the network is stuck at epoch {epoch}, step {step}: every output sigmoid is pinned at 0 or 1, "
                    f"so the gradient has been zero for {self.PATIENCE} steps and the cost stays at {cost:.4f}")
        else:
            what = f"the cost became {'NaN' if math.isnan(cost) else 'infinite'} at epoch {epoch}, step {step}"
        raise DivergenceError(f"{what}: the learning rate {eta:g} is too large; {self.fix}.")


# --8<-- [start:step]
def step(knobs: Knobs, nabla: Knobs, eta: float) -> None:
    r"""Move every knob a small step downhill, in place.

    $$W \leftarrow W - \eta\,\nabla_W C, \qquad
      b \leftarrow b - \eta\,\nabla_b C$$

    Args:
        knobs: The network's `(W, b)` pairs, changed in place.
        nabla: The gradient, `(nabla_W, nabla_b)` pairs of the same shapes.
        eta: The learning rate $\eta$, the size of the step.

    Chapter 7, *Gradient descent*.
    """
    _check_step(knobs, nabla, eta)
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


# --8<-- [start:sgd]
def sgd(
    knobs: Knobs,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    *,
    epochs: int,
    batch_size: int,
    eta: float,
    rng: int | np.random.Generator = 0,
    evaluation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
    callback: Callable[[dict], None] | None = None,
) -> list[dict]:
    r"""Stochastic gradient descent: shuffle, cut into mini-batches, step downhill on each, repeat.

    $$\text{for each mini-batch: } W \leftarrow W - \eta\,\nabla_W C_\text{batch}, \quad b \leftarrow b - \eta\,\nabla_b C_\text{batch}$$

    Args:
        knobs: The network's `(W, b)` pairs, trained in place (in their own dtype).
        X: Training inputs, shape `(784, n)`, one column per example.
        Y: Desired outputs, one-hot, shape `(10, n)`.
        epochs: Passes over the whole training set.
        batch_size: Examples per step.
        eta: The learning rate.
        rng: A seed or a `numpy.random.Generator` for the shuffles.
        evaluation: Optional `(X_test, labels_test)` for a per-epoch accuracy.
        callback: Called after each epoch with that epoch's entry of the history.

    Returns:
        The history: one dict per epoch with `epoch`, `train_cost` (average over the
        epoch's mini-batches), `seconds`, and `accuracy` when `evaluation` is given.

    Raises:
        DivergenceError: If the cost stops being a finite number, or the network gets stuck.

    Chapter 10, *Seeing it whole*.
    """
    X, Y = _check_training(knobs, X, Y, epochs, batch_size, eta, evaluation)  # clear errors, before any work
    n = X.shape[1]
    rng = np.random.default_rng(rng)
    # Rows of X.T are examples; gathering whole rows is much faster than
    # gathering scattered columns, so mini-batches are cut from this copy.
    XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    history, watch = [], _Watch()
    for epoch in range(1, epochs + 1):
        start, total = time.perf_counter(), 0.0
        order = rng.permutation(n)
        with np.errstate(over="ignore", invalid="ignore"):  # a far too large eta is reported below instead
            for k in range(0, n, batch_size):
                idx = order[k : k + batch_size]
                Xb, Yb = XT[idx].T, YT[idx].T  # (784, m), (10, m)
                _, step_cost, still = _backprop(knobs, Xb, Yb, eta)  # forward, backward and step in one sweep
                watch.check(step_cost, still, epoch, k // batch_size + 1, eta)  # stops a diverged or stuck run
                total += step_cost * idx.size
        entry = {"epoch": epoch, "train_cost": total / n, "seconds": time.perf_counter() - start}
        if evaluation is not None:
            entry["accuracy"] = accuracy(knobs, *evaluation)
        history.append(entry)
        if callback is not None:
            callback(entry)
    return history
# --8<-- [end:sgd]


def _check_training(
    knobs: Knobs,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    epochs: int,
    batch_size: int,
    eta: float,
    evaluation: tuple[npt.ArrayLike, npt.ArrayLike] | None,
) -> tuple[np.ndarray, np.ndarray]:
    """The training data in the knobs' dtype, every argument of `sgd` checked; or a clear error."""
    X, Y = as_data(sizes_of(knobs), X, Y, knobs[0][0].dtype)
    check_finite(X, "X")
    check_pixels(X, "X")
    for l, (W, b) in enumerate(knobs, start=1):
        check_finite(np.hstack([W, b]), f"layer {l}'s [W b]", "start again from nnbook.init_knobs")
    check_whole(epochs, "epochs", 1)
    check_whole(batch_size, f"batch_size (examples per step, at most the {X.shape[1]} examples)", 1, X.shape[1])
    check_positive(eta, "the learning rate eta", " (a typical value is 3.0)")
    if evaluation is not None:
        if not (isinstance(evaluation, (tuple, list)) and len(evaluation) == 2):
            raise TypeError("evaluation must be a pair (X_test, labels_test), such as nnbook.mnist.load('test').")
        accuracy(knobs, *evaluation)
    return X, Y


def _check_step(knobs: Knobs, nabla: Knobs, eta: float) -> None:
    """Raise unless `nabla` has one `(nabla_W, nabla_b)` pair per layer, shaped like the knobs."""
    check_positive(eta, "the learning rate eta", " (a typical value is 3.0)")
    sizes_of(knobs)
    if len(nabla) != len(knobs) or any(
        np.shape(g) != p.shape for pair, grads in zip(knobs, nabla) for p, g in zip(pair, grads, strict=True)
    ):
        raise ValueError(
            "nabla must be the gradient of these knobs: one (nabla_W, nabla_b) pair per layer, shaped like (W, b); "
            f"got {len(nabla)} pair(s) for {len(knobs)} layer(s). Compute it with nnbook.backprop(knobs, X, Y)."
        )
