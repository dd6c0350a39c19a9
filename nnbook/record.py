"""Keeping a run: its JSON record and the trained knobs on disk (chapter 10).

`nnbook.train.train` returns a record of the run (every setting, the cost and
accuracy after each epoch, the timings and the machine); `write_record` keeps
it as JSON. `save_knobs` keeps a trained network in a `.npz` file of plain
arrays, with the record beside them, and `load_knobs` reads it back, checking
that the shapes fit. Every write goes to a temporary file first and is renamed
into place, so an interrupted write never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import platform
import zipfile
from pathlib import Path

import numpy as np

from ._atomic import write_atomically
from ._version import __version__
from .network import Knobs, sizes_of


def new_record(hyperparameters: dict, seed: int | None, canonical_mnist: bool, load_seconds: float) -> dict:
    """The record of a run about to start, JSON-ready; `add_epoch` fills it in as `nnbook.train.train` trains.

    Its keys: `hyperparameters`, `seed`, `epochs` (one dict per epoch with `epoch`, `eta`,
    `train_cost`, `train_accuracy`, `test_cost`, `test_accuracy`, `seconds`), `final_test_accuracy`,
    `best_test_accuracy`, `interrupted`, `diverged` (null, or what stopped a run whose learning rate
    was too large), `canonical_mnist` (false for other data or `verify=False`), `load_seconds`, `train_seconds`, `total_seconds`, `numpy_version`, `nnbook_version`, `machine`.
    Costs are averages of the quadratic cost over the whole set after the epoch; accuracies are
    fractions in 0..1; `seconds` is the epoch's training time.
    """
    return {"hyperparameters": hyperparameters, "seed": None if seed is None else int(seed), "epochs": [],
            "final_test_accuracy": None, "best_test_accuracy": None, "interrupted": False,
            "diverged": None, "canonical_mnist": canonical_mnist, "load_seconds": load_seconds,
            "train_seconds": 0.0, "total_seconds": None, "numpy_version": np.__version__, "nnbook_version": __version__,
            "machine": machine()}


def add_epoch(record: dict, entry: dict) -> None:
    """Add one finished epoch's entry to the record, with the running totals."""
    record["epochs"].append(entry)
    record["train_seconds"] += entry["seconds"]
    record["final_test_accuracy"] = entry["test_accuracy"]
    record["best_test_accuracy"] = max(entry["test_accuracy"], record["best_test_accuracy"] or 0.0)


def machine() -> dict:
    """What the run ran on: enough to compare timings between machines.

    Returns:
        A dict with the platform, processor, CPU count, Python version and, where the system has one, the
        1-minute load average (the record keeps numpy's version beside it).
    """
    info = {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
    }
    if hasattr(os, "getloadavg"):
        info["load_average_1min"] = round(os.getloadavg()[0], 2)
    return info


def write_record(path: str | os.PathLike, record: dict) -> None:
    """Write a run's record as indented JSON, atomically (a temporary file, then a rename).

    Args:
        path: Where to write it, such as `run.json`.
        record: The dict returned by `train`.
    """
    write_atomically(path, "the record", lambda f: f.write((json.dumps(record, indent=2) + "\n").encode()))


def save_knobs(path: str | os.PathLike, knobs: Knobs, record: dict | None = None) -> None:
    """Save a network's knobs in a `.npz` file (plain arrays, no pickle).

    The file holds `sizes`, then `W1`, `b1`, `W2`, `b2`, ... (layer 1 is the
    first after the input) and, if given, the run's record as a JSON string.

    Args:
        path: The file, such as `net.npz`.
        knobs: The network's `(W, b)` pairs.
        record: Optional record of the run that trained them.
    """
    arrays = {"sizes": np.array(sizes_of(knobs), dtype=np.int64)}
    for l, (W, b) in enumerate(knobs, start=1):
        arrays[f"W{l}"], arrays[f"b{l}"] = W, b
    if record is not None:
        arrays["record"] = np.array(json.dumps(record))
    write_atomically(path, "the network", lambda f: np.savez(f, **arrays))


_UNREADABLE = (OSError, ValueError, zipfile.BadZipFile, EOFError)  # what np.load raises for a file it cannot read


def load_knobs(path: str | os.PathLike) -> Knobs:
    """Load knobs saved by `save_knobs` (or by `python -m nnbook train --knobs`).

    Args:
        path: The `.npz` file.

    Returns:
        Knobs: a list of `(W, b)` pairs, `W` of shape `(n_out, n_in)`, `b` of shape `(n_out, 1)`.

    Raises:
        ValueError: If the file is not a saved network or its shapes do not fit together.
    """
    if Path(path).is_dir():
        raise ValueError(f"{path} is a folder; give the network's file, such as {Path(path) / 'net.npz'}.")
    if not Path(path).is_file():
        raise ValueError(f"{path} does not exist: train a network first (python -m nnbook train --knobs {path}).")
    if not zipfile.is_zipfile(path):  # np.load would suggest allow_pickle, which is unsafe
        raise ValueError(f"{path} is not a network saved by nnbook.record.save_knobs: it is not a .npz file "
                         f"(python -m nnbook train --knobs FILE makes one).")
    try:
        with np.load(path, allow_pickle=False) as f:
            sizes = [int(s) for s in f["sizes"]]
            knobs = [(f[f"W{l}"], f[f"b{l}"]) for l in range(1, len(sizes))]
    except (KeyError, *_UNREADABLE) as e:
        why = (f"it has no array {e}" if isinstance(e, KeyError) else "it holds more than plain arrays of numbers"
               if isinstance(e, (ValueError, OSError)) else f"it is damaged ({e}); save or train it again")
        raise ValueError(f"{path} is not a network saved by nnbook.record.save_knobs: {why}.") from None
    for l, (W, b) in enumerate(knobs, start=1):
        if W.shape != (sizes[l], sizes[l - 1]) or b.shape != (sizes[l], 1):
            raise ValueError(f"{path}: layer {l} has W {W.shape} and b {b.shape}, which do not fit sizes {sizes}.")
    return knobs


def load_record(path: str | os.PathLike) -> dict | None:
    """The record stored with saved knobs, or `None` if the file has none.

    Args:
        path: A `.npz` file written by `save_knobs`.

    Returns:
        The record dict, as `train` returned it.

    Raises:
        ValueError: If the file cannot be read as a saved network (missing, not a `.npz`, or damaged).
    """
    try:
        with np.load(path, allow_pickle=False) as f:
            return json.loads(str(f["record"])) if "record" in f.files else None
    except _UNREADABLE as e:
        raise ValueError(f"{path} is not a network saved by nnbook.record.save_knobs, or it is damaged: {e}.") from None
