"""What stops `nnbook.sgd` when its learning rate is too large to learn anything."""

from __future__ import annotations

import math


class Watch:
    """Stops a training loop, with one wording, when its learning rate is too large to learn anything.

    Two signs, checked after every step: the cost is not a finite number; or
    the gradient has been exactly zero for `PATIENCE` steps in a row while the
    cost was not, which happens only when every output sigmoid is pinned at
    exactly 0 or 1 (a step so large it threw the weighted inputs far out on the
    sigmoid's flat tails). Then no step can change a knob again. A healthy run
    never shows either; one stuck batch is not enough, as the next may move.
    """

    PATIENCE = 10

    def __init__(self, error: type[Exception], mu: float | None = None):
        self.error, self.flat = error, 0  # the error to raise: nnbook.DivergenceError
        self.fix = (f"with momentum {mu}, try a smaller eta or mu (chapter 11 uses 0.1 with mu 0.9)" if mu
                    else "try a smaller eta (the book's runs use 3 or less)")

    def check(self, cost: float, still: bool, epoch: int, step: int, eta: float) -> None:
        if math.isfinite(cost):
            self.flat = self.flat + 1 if still and cost > 0 else 0
            if self.flat < self.PATIENCE:
                return
            what = (f"the network is stuck at epoch {epoch}, step {step}: every output sigmoid is pinned at 0 or 1, "
                    f"so the gradient has been zero for {self.PATIENCE} steps and the cost stays at {cost:.4f}")
        else:
            what = f"the cost became {'NaN' if math.isnan(cost) else 'infinite'} at epoch {epoch}, step {step}"
        raise self.error(f"{what}: the learning rate {eta:g} is too large; {self.fix}.")
