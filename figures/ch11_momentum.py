"""Chapter 11: plain gradient descent and gradient descent with momentum, walking down the same long, narrow valley.

The valley is a made-up two-knob cost, C(x, y) = x^2 / 20 + 2 y^2: gentle along
x, steep across y, the shape that slows plain gradient descent down. Both
walkers start at the same point, take the same number of steps with the same
learning rate, and use `nnbook.further.momentum_step` (mu = 0 is plain descent).
"""

import matplotlib.pyplot as plt
import numpy as np

from nnbook.further import momentum_step

from ._style import BLUE, ORANGE, save

START = (-9.0, 1.6)
ETA, MU, STEPS = 0.45, 0.7, 30


def valley(x, y):
    return x**2 / 20 + 2 * y**2


def walk(mu: float) -> np.ndarray:
    """The points visited by gradient descent with momentum mu, as an array of shape (STEPS + 1, 2)."""
    knobs = [(np.array([[START[0]]]), np.array([[START[1]]]))]  # one (W, b) pair holding the two knobs x, y
    velocity = [(np.zeros((1, 1)), np.zeros((1, 1)))]
    path = [START]
    for _ in range(STEPS):
        x, y = knobs[0][0][0, 0], knobs[0][1][0, 0]
        nabla = [(np.array([[x / 10]]), np.array([[4 * y]]))]  # the slope of the valley
        momentum_step(knobs, velocity, nabla, ETA, mu)
        path.append((knobs[0][0][0, 0], knobs[0][1][0, 0]))
    return np.array(path)


def make() -> None:
    plain, heavy = walk(0.0), walk(MU)
    xs, ys = np.linspace(-10, 2, 241), np.linspace(-2.2, 2.2, 121)
    C = valley(*np.meshgrid(xs, ys))

    def draw(p):
        fig, ax = plt.subplots(figsize=(6, 3.6))
        ax.contour(xs, ys, C, levels=[0.05, 0.2, 0.5, 1, 2, 3.5, 5, 7], colors=p["grid"], linewidths=1)
        ax.plot(*plain.T, "o-", color=BLUE, ms=3.5, lw=1.5,
                label=f"plain gradient descent: cost {valley(*plain[-1]):.4f} after {STEPS} steps")
        ax.plot(*heavy.T, "o-", color=ORANGE, ms=3.5, lw=1.5,
                label=f"with momentum $\\mu = {MU}$: cost {valley(*heavy[-1]):.4f} after {STEPS} steps")
        ax.plot([0], [0], "*", color=p["fg"], ms=12)
        ax.annotate("the bottom", (0, 0), xytext=(0.4, -0.9), color=p["fg"])
        ax.plot(*START, "s", color=p["fg"], ms=6)
        ax.annotate("start", START, xytext=(START[0] + 0.2, START[1] + 0.3), color=p["fg"])
        ax.set_xlabel("knob $x$ (the gentle direction)")
        ax.set_ylabel("knob $y$ (steep)")
        ax.set_xlim(xs[0], xs[-1])
        ax.set_ylim(ys[0], ys[-1])
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=1)
        return fig

    save("ch11_momentum", draw)
