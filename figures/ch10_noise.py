"""Chapter 10: the trained network shown images of pure random noise, and the confident answers it gives."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook

from ._style import BLUE, ORANGE, SEED, save
from .ch01_digit import ink
from .ch10_accuracy import trained

SHOWN = 4  # the figure shows the first few of the noise images
MANY = 1_000  # the prose counts the answers over this many


def noise(n: int = MANY) -> np.ndarray:
    """`n` images of pure noise, every pixel uniform in [0, 1), one per column: (784, n).

    Drawn one image per row, then transposed, so the first images are the same whatever `n` is.
    """
    return np.random.default_rng(SEED).random((n, 784)).T


def outputs(n: int = MANY) -> np.ndarray:
    """The trained network's ten outputs for each noise image: (10, n).

    In float64: float32 sums round differently on another CPU, enough to move a bar's last SVG digit.
    """
    knobs = [(W.astype(np.float64), b.astype(np.float64)) for W, b in trained()]
    return nnbook.forward(knobs, noise(n))


def make() -> None:
    x, a = noise(SHOWN), outputs(SHOWN)

    def draw(p):
        if p["phone"]:  # one noise image a row, its outputs beside it: labels 9 px or more on a phone
            fig, axs = plt.subplots(SHOWN, 2, figsize=(5, 2.3 * SHOWN), gridspec_kw={"width_ratios": [1, 2.4], "hspace": 0.7, "wspace": 0.45})
            axs = axs.T
        else:
            fig, axs = plt.subplots(2, SHOWN, figsize=(10, 4.8), gridspec_kw={"height_ratios": [1, 1], "hspace": 0.45, "wspace": 0.3})
        small = 10 if p["phone"] else 8
        for k in range(SHOWN):
            top, bottom = axs[0, k], axs[1, k]
            top.imshow(x[:, k].reshape(28, 28), cmap=ink(p), vmin=0, vmax=1, interpolation="nearest")
            top.set_title(f"noise image {k + 1}", fontsize=10.5)
            top.set_xticks([])
            top.set_yticks([])
            for side in top.spines.values():
                side.set_visible(False)
            guess = int(a[:, k].argmax())
            bottom.bar(range(10), a[:, k], color=[ORANGE if j == guess else BLUE for j in range(10)])
            bottom.text(guess, a[guess, k] + 0.03, f"{a[guess, k]:.2f}", ha="center", fontsize=small, color=p["fg"])
            bottom.set_xticks(range(10))
            bottom.tick_params(axis="x", labelsize=small)
            bottom.set_ylim(0, 1.12)
            bottom.set_xlabel("output slot (digit)", fontsize=10 if p["phone"] else 9)
            bottom.set_title(f"says {guess}", fontsize=10.5)
        axs[1, 0].set_ylabel("output" if p["phone"] else "output activation")
        return fig

    save("ch10_noise", draw, phone=True)
