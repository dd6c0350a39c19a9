"""Two helpers of the training loop in `nnbook.train`: one BLAS thread, and a progress bar."""

from __future__ import annotations

import contextlib
import ctypes
import re
import sys
from pathlib import Path


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
