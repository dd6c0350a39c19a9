"""Chapter 9: the backward sweep for one real digit: each layer's delta, from the output back to the input's wish."""

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch

import nnbook

from ._style import BLUE, ORANGE, RED, save, signed_cmap
from .ch08_desires import example


def sweep() -> dict:
    """delta^(3), delta^(2), delta^(1) for the chapter 8 digit, and the wish on the 784 input pixels."""
    knobs, x, y, label = example()
    zs, activations = nnbook.forward_all(knobs, x)
    delta = nnbook.cost_prime(activations[-1], y) * nnbook.sigmoid_prime(zs[-1])
    deltas = [delta]
    for l in (2, 1):
        delta = (knobs[l][0].T @ delta) * nnbook.sigmoid_prime(zs[l - 1])
        deltas.insert(0, delta)
    pixels = knobs[0][0].T @ deltas[0]  # dC/dx: how the cost changes with each input pixel
    return {"deltas": [d.ravel() for d in deltas], "pixels": pixels.reshape(28, 28), "label": label}


def make() -> None:
    r = sweep()
    deltas = r["deltas"]
    top = max(np.abs(d).max() for d in deltas)

    def draw(p):
        # On a phone, narrower and taller, with larger labels (9 px or more on a phone's column).
        fig = plt.figure(figsize=(5.2, 6.4) if p["phone"] else (9.6, 3.8))
        small = 10.5 if p["phone"] else 7  # the neurons' numbers
        text = 10.5 if p["phone"] else 10
        if p["phone"]:
            axes = [fig.add_axes([0.0, 0.16, 0.26, 0.62])] + [fig.add_axes([0.36 + 0.19 * i, 0.2, 0.07, 0.6]) for i in range(3)]
        else:
            axes = [fig.add_axes([0.02, 0.12, 0.2, 0.7])] + [fig.add_axes([0.3 + 0.2 * i, 0.12, 0.06, 0.7]) for i in range(3)]
        lim = float(np.abs(r["pixels"]).max())
        axes[0].imshow(-r["pixels"], cmap=signed_cmap(p, RED, BLUE), vmin=-lim, vmax=lim)
        axes[0].set_title("wish on the\ninput pixels\n$-\\partial C/\\partial x$" if p["phone"] else
                          "wish on the input pixels\n$-\\partial C/\\partial x$", fontsize=text)
        axes[0].axis("off")
        for l, (ax, d) in enumerate(zip(axes[1:], deltas), start=1):
            im = ax.imshow(d.reshape(-1, 1), cmap=signed_cmap(p, BLUE, RED), vmin=-top, vmax=top, aspect="auto")
            ax.set_xticks([])
            ax.set_yticks(range(d.size))
            ax.tick_params(labelsize=small)
            norm = np.linalg.norm(d)
            ax.set_title(f"$\\delta^{{({l})}}$\n$\\|\\delta^{{({l})}}\\|$ =\n{norm:.4f}" if p["phone"] else
                         f"$\\delta^{{({l})}}$\n$\\|\\delta^{{({l})}}\\|$ = {norm:.4f}", fontsize=text)
        for i in range(3):
            # Arrows right to left: each delta is computed from the one to its right.
            start = axes[i + 1].get_position()
            end = axes[i].get_position()
            fig.patches.append(FancyArrowPatch((start.x0 - 0.03 if p["phone"] else start.x0 - 0.01, 0.47),
                                               (end.x1 + 0.015, 0.47), transform=fig.transFigure,
                                               arrowstyle="-|>", mutation_scale=20, color=ORANGE, lw=2.5))
        if p["phone"]:
            fig.text(0.98, 0.86, "from the\ncost", ha="right", va="bottom", color=ORANGE, fontsize=text)
        else:
            fig.text(0.83, 0.47, "from the\ncost", ha="left", va="center", color=ORANGE, fontsize=text)
        # The colour code of chapters 8 and 9: red, turn it down (the cost rises as it grows); blue, turn it up.
        # The deltas share this scale; the pixel wishes use the same colours on their own, smaller scale.
        if p["phone"]:  # a horizontal scale under the deltas it measures
            bar = fig.colorbar(im, cax=fig.add_axes([0.36, 0.06, 0.45, 0.02]), orientation="horizontal")
        else:
            bar = fig.colorbar(im, cax=fig.add_axes([0.93, 0.12, 0.015, 0.7]))
        bar.set_ticks([-top, 0, top], labels=[f"{-top:.2f}\nturn up", "0", f"{top:.2f}\nturn down"])
        bar.ax.tick_params(labelsize=text if p["phone"] else 9)
        bar.set_label("$\\delta$ (pixels: same colours,\nown scale)" if p["phone"] else
                      "$\\delta$ (pixels: same colours, own scale)", fontsize=text if p["phone"] else 9)
        return fig

    save("ch09_sweep", draw, phone=True)
