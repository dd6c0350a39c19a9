"""The whole run: train the book's network on MNIST in one call, and keep a record (chapter 10).

`train` is `nnbook.sgd`'s loop with the book's settings and a learning rate that falls
from epoch to epoch; `nnbook.record` keeps its record and the trained knobs on
disk. Why the defaults are what they are is told in the API reference.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from . import fused
from .checks import check_sizes, check_start
from ._run import check_outputs, epoch_bars, epoch_reports, load_data, one_blas_thread
from .cost import one_hot
from .descent import DivergenceError, walk
from .further import WeightDecay
from .network import Knobs, init_knobs, sizes_of
from .record import new_record, save_knobs, write_record

SIZES = (784, 16, 16, 10)
EPOCHS = 30
BATCH_SIZE = 32
ETA = 2.0
ETA_END = 0.01
SCALE = 0.5
SEED = 0
WEIGHT_DECAY = 0.0  # the book's run has none; chapter 11 tries 1e-4


def eta_at(epoch: int, epochs: int, eta: float, eta_end: float) -> float:
    """The learning rate of epoch `epoch` (from 1) of `epochs`: a straight line from `eta` (the first) to `eta_end`."""
    if epochs == 1:
        return float(eta)
    t = (epoch - 1) / (epochs - 1)  # 0 in the first epoch, 1 in the last
    return float((1 - t) * eta + t * eta_end)


def train(
    sizes: Sequence[int] = SIZES,
    epochs: int = EPOCHS,
    batch_size: int = BATCH_SIZE,
    eta: float = ETA,
    seed: int = SEED,
    *,
    eta_end: float | None = ETA_END,
    scale: float = SCALE,
    weight_decay: float = WEIGHT_DECAY,
    data: tuple[npt.ArrayLike, npt.ArrayLike, npt.ArrayLike, npt.ArrayLike] | None = None,
    path: str | os.PathLike | None = None,
    verify: bool = True,
    knobs: Knobs | None = None,
    record_path: str | os.PathLike | None = None,
    knobs_path: str | os.PathLike | None = None,
    progress: bool = False,
    callback: Callable[[dict], None] | None = None,
) -> dict:
    r"""Train a network on MNIST with stochastic gradient descent and return the record of the run.

    $$W \leftarrow W - \eta_e\,\nabla_W C_\text{batch}, \qquad b \leftarrow b - \eta_e\,\nabla_b C_\text{batch}$$

    for every mini-batch of every epoch $e$, with $\eta_e$ falling in a straight
    line from `eta` to `eta_end`; the knobs keep their number type (float32 by default). Ctrl-C (a
    `KeyboardInterrupt`) stops the run cleanly after saving what was done:
    the record then has `"interrupted": true` and only the finished epochs.

    Args:
        sizes: Neurons per layer, input first; must start with 784 and end with 10.
        epochs: Passes over the training set.
        batch_size: Examples per gradient-descent step.
        eta: The learning rate of the first epoch.
        seed: Seeds the starting knobs and the shuffles; the same seed gives the same run.
        eta_end: The learning rate of the last epoch; `None` keeps `eta` throughout.
        scale: The spread of the starting weights, in units of $1/\sqrt{n_\text{in}}$.
        weight_decay: $\lambda$: after each step every weight is multiplied by
            $1 - \eta_e \lambda$ (L2 regularization, chapter 11). The book's run uses 0.
        data: `(X_train, labels_train, X_test, labels_test)` to train on instead of
            MNIST: inputs of shape `(n_in, m)`, labels of shape `(m,)`.
        path: The folder with the four MNIST files (see `nnbook.mnist.load`).
        verify: Check that those files are the canonical MNIST; `False` trains on other
            data in the same IDX format (28x28 images, labels 0..9), and the record says so.
        knobs: Starting knobs, trained in place; default `init_knobs(sizes, seed, dtype=float32, scale=scale)`.
        record_path: Write the record here as JSON (also after Ctrl-C).
        knobs_path: Save the trained knobs here (`.npz`, see `nnbook.record.save_knobs`).
        progress: Print one line per epoch (stdout) and, on a terminal, a progress bar within each epoch (stderr).
        callback: Called after each epoch with that epoch's entry of the record.

    Returns:
        The record, a JSON-ready dict laid out as `nnbook.record.new_record` says: every setting,
        and the costs and accuracies on both sets after each epoch.

    Raises:
        ValueError: For an impossible option (zero epochs, a negative learning rate, a folder that does not
            exist for `record_path`, ...) or data of the wrong shape or range, before the slow part.
        TypeError: For an option of the wrong type (`epochs=2.5`, `eta="3"`).
        DivergenceError: If the learning rate is too large (see `nnbook.sgd`). If an epoch had finished,
            its record is still written to `record_path`, with the reason in `"diverged"`; the knobs are not saved.

    Chapter 10, *Seeing it whole*.
    """
    start = time.perf_counter()
    sizes = sizes_of(knobs) if knobs is not None else check_sizes(sizes)
    eta_end = eta if eta_end is None else eta_end
    record_path, knobs_path = check_outputs(record_path, knobs_path)  # before training, not after it
    X, labels, X_test, labels_test = load_data(sizes, data, path, verify, epochs=epochs, batch_size=batch_size,
                                               eta=eta, eta_end=eta_end, scale=scale, weight_decay=weight_decay)
    epochs, batch_size, n = int(epochs), int(batch_size), X.shape[1]
    load_seconds = time.perf_counter() - start
    rng = np.random.default_rng(seed)
    if knobs is None:
        knobs = init_knobs(sizes, rng=rng, dtype=np.float32, scale=scale)
    check_start(knobs, batch_size, n)  # the rest of nnbook.sgd's door, which train's replaces
    dtype = knobs[0][0].dtype
    # Rows of XT are examples, fast to gather; MNIST from nnbook.mnist.load is a transposed view already: no copy.
    XT = np.ascontiguousarray(X.T, dtype=dtype)
    YT = np.ascontiguousarray(one_hot(labels, sizes[-1]).T, dtype=dtype)
    hyperparameters = {"sizes": sizes, "epochs": epochs, "batch_size": batch_size, "eta": float(eta),
                       "eta_end": float(eta_end), "eta_schedule": "linear", "scale": float(scale),
                       "weight_decay": float(weight_decay), "cost": "quadratic", "activation": "sigmoid",
                       "dtype": str(np.dtype(dtype)), "train_examples": n, "test_examples": int(X_test.shape[1])}
    record = new_record(hyperparameters, seed, data is None and bool(verify), load_seconds)
    on_step = epoch_bars(epochs, math.ceil(n / batch_size)) if progress and sys.stderr.isatty() else None
    after_epoch = epoch_reports(record, knobs, (X, labels, X_test, labels_test), epochs, progress, callback)
    try:
        with one_blas_thread():
            walk(knobs, XT, YT, epochs, batch_size, lambda e: eta_at(e, epochs, eta, eta_end), rng,
                 WeightDecay(weight_decay, fused.learn) if weight_decay else fused.learn, None, after_epoch, on_step)
    except KeyboardInterrupt:
        if progress:
            print(f"\nstopped after {len(record['epochs'])} finished epoch(s)", file=sys.stderr, flush=True)
        record["interrupted"] = True
    except DivergenceError as error:  # the finished epochs are kept, if any; the broken knobs are not
        record["diverged"], record["total_seconds"] = str(error), time.perf_counter() - start
        if record_path is not None and record["epochs"]:
            write_record(record_path, record)
            error.args = (f"{error} The record of the {len(record['epochs'])} finished epoch(s) is in {record_path}.",)
        raise
    record["total_seconds"] = time.perf_counter() - start
    if knobs_path is not None:
        save_knobs(knobs_path, knobs, record)
    if record_path is not None:
        write_record(record_path, record)
    return record
