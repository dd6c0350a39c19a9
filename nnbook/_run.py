"""The helpers of `nnbook.train.train`: its data, one BLAS thread, a progress bar, and the report after each epoch."""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from .checks import as_train_data, check_labels, check_train_options
from .fused import evaluate
from .mnist import load
from .record import add_epoch


@contextlib.contextmanager
def one_blas_thread():
    """Run the block with OpenBLAS on one thread, then restore its thread count.

    The matrices of a mini-batch are tiny (16 x 784 times 784 x 32): splitting
    them across threads costs more than it saves, and on a machine whose other
    cores are busy it made a whole run about twice as slow. Where numpy does not
    use OpenBLAS, or outside Linux, this does nothing.
    """
    libs = []
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        maps = ""
    for name in sorted(set(re.findall(r"/\S*openblas\S*\.so\S*", maps))):
        lib = ctypes.CDLL(name)
        for get, set_ in (("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
                          ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
                          ("openblas_get_num_threads", "openblas_set_num_threads")):
            if hasattr(lib, get) and hasattr(lib, set_):
                libs.append((getattr(lib, set_), getattr(lib, get)()))
                getattr(lib, set_)(1)
                break
    try:
        yield
    finally:
        for set_, before in libs:
            set_(before)


class Bar:
    """A one-line progress bar on stderr, redrawn about 40 times per epoch."""

    def __init__(self, epoch: int, epochs: int, steps: int, stream=None):
        self.epoch, self.epochs, self.steps = epoch, epochs, steps
        self.stream = stream or sys.stderr
        self.every = max(1, steps // 40)

    def update(self, step: int) -> None:
        if step % self.every == 0 or step == self.steps:
            done = int(30 * step / self.steps)
            self.stream.write(f"\repoch {self.epoch:>{len(str(self.epochs))}}/{self.epochs} "
                              f"[{'#' * done}{'.' * (30 - done)}] {100 * step // self.steps:3d}%")
            self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r" + " " * 60 + "\r")
        self.stream.flush()


def epoch_bars(epochs: int, steps: int, stream=None):
    """A progress bar within each epoch, as the `on_step` of `nnbook.sgd`: a fresh bar at each epoch."""
    bars = {}

    def on_step(epoch: int, step: int) -> None:
        bar = bars.setdefault(epoch, Bar(epoch, epochs, steps, stream))
        bar.update(step)
        if step == steps:
            bar.clear()

    return on_step


def load_data(sizes: list[int], data, path, verify: bool, **options) -> tuple:
    """`train`'s `(X, labels, X_test, labels_test)`: MNIST, or `data`, checked with `train`'s other `options`.

    The options are checked before the slow part, and before any file is read.
    """
    if data is None:
        check_train_options(sizes, 784, **options)
        X, labels = load("train", path, verify=verify)
        X_test, labels_test = load("test", path, verify=verify)
        return X, labels, X_test, labels_test
    X, labels, X_test, labels_test = as_train_data(sizes, data)
    check_train_options(sizes, X.shape[0], **options)
    labels, labels_test = (check_labels(y, x.shape[1], sizes[-1], name)
                           for y, x, name in ((labels, X, "labels_train"), (labels_test, X_test, "labels_test")))
    return X, labels, X_test, labels_test


def epoch_reports(record: dict, knobs, sets: tuple, epochs: int, progress: bool,
                  callback: Callable[[dict], None] | None) -> Callable[[dict], None]:
    """The `callback` that `train` gives `nnbook.sgd`: after each epoch, the costs and accuracies on both
    sets of `sets = (X, labels, X_test, labels_test)`, added to `record`, printed if `progress`, passed to `callback`."""
    X, labels, X_test, labels_test = sets

    def after_epoch(done: dict) -> None:
        train_cost, train_accuracy = evaluate(knobs, X, labels)
        test_cost, test_accuracy = evaluate(knobs, X_test, labels_test)
        entry = {"epoch": done["epoch"], "eta": done["eta"], "train_cost": train_cost, "train_accuracy": train_accuracy,
                 "test_cost": test_cost, "test_accuracy": test_accuracy, "seconds": done["seconds"]}
        add_epoch(record, entry)
        if progress:
            print(f"epoch {entry['epoch']:>{len(str(epochs))}}/{epochs}  cost {train_cost:.4f}  "
                  f"test accuracy {100 * test_accuracy:.2f}%  {entry['seconds']:.1f} s", flush=True)
        if callback is not None:
            callback(entry)

    return after_epoch


def check_output(path: object, what: str, example: str) -> Path:
    """`path` as a Path that a file can be written to, checked before any work; or a ValueError naming it."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"the path for {what} must be a file name such as {example!r}; got {path!r}.")
    path = Path(path)
    where = f"cannot write {what} to {path}"
    folder = path.parent
    if path.is_dir():
        raise ValueError(f"{where}: it is a folder. Give a file name, such as {path / example}.")
    if not folder.exists():
        raise ValueError(f"{where}: the folder {folder} does not exist. Create it first, or choose another path.")
    if not folder.is_dir():
        raise ValueError(f"{where}: {folder} is a file, not a folder. Choose another path.")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ValueError(f"{where}: {'the file' if path.exists() else f'the folder {folder}'} is not writable. "
                         "Choose another path.")
    return path


def check_outputs(record_path, knobs_path) -> tuple[Path | None, Path | None]:
    """The paths `train` will write its record and its network to, each checked to be writable, and not the same.

    `train` calls this before it trains, so a typo costs nothing. Either may be `None` (nothing written).
    """
    record_path = None if record_path is None else check_output(record_path, "the record", "run.json")
    knobs_path = None if knobs_path is None else check_output(knobs_path, "the network", "net.npz")
    if record_path and knobs_path and record_path.resolve() == knobs_path.resolve():
        raise ValueError(f"the record and the network would both be written to {record_path}: give two file names.")
    return record_path, knobs_path
