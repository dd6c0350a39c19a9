"""Chapter 9: the one-neuron-per-layer chain, forward values above, the chain rule's backward factors below."""

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch

import nnbook

from ._style import BLUE, GREEN, ORANGE, save

X_IN = 0.8  # the one input


def chain() -> dict:
    """The [1, 1, 1, 1] network of the chapter: its knobs, forward values, deltas and knob slopes."""
    knobs = nnbook.init_knobs([1, 1, 1, 1], rng=0)
    x, y = np.array([[X_IN]]), np.array([[1.0]])
    zs, activations = nnbook.forward_all(knobs, x)
    nabla = nnbook.backprop_example(knobs, x, y)
    return {
        "w": [float(W[0, 0]) for W, _ in knobs],
        "b": [float(b[0, 0]) for _, b in knobs],
        "z": [float(z[0, 0]) for z in zs],
        "a": [float(a[0, 0]) for a in activations],
        "delta": [float(nb[0, 0]) for _, nb in nabla],  # dC/db^(l) = delta^(l)
        "dw": [float(nw[0, 0]) for nw, _ in nabla],
        "dCda3": float(2 * (activations[-1][0, 0] - 1.0)),
    }


def make() -> None:
    c = chain()
    xs = [0, 3, 6, 9]

    def draw(p):
        fig, ax = plt.subplots(figsize=(8.4, 3.3))
        ax.set_xlim(-1.2, 11.4)
        ax.set_ylim(-2.5, 1.9)
        ax.set_aspect("equal")  # round circles
        ax.axis("off")
        for l, x in enumerate(xs):
            ax.add_patch(Circle((x, 0.6), 0.55, facecolor=p["bg"], edgecolor=BLUE, lw=2))
            ax.text(x, 0.6, f"{c['a'][l]:.3f}", ha="center", va="center", color=p["fg"], fontsize=11)
            ax.text(x, 1.35, "input $a^{(0)}$" if l == 0 else f"$a^{{({l})}}$", ha="center", color=p["fg"])
        for l in range(1, 4):
            x0, x1 = xs[l - 1], xs[l]
            ax.add_patch(FancyArrowPatch((x0 + 0.6, 0.6), (x1 - 0.6, 0.6), arrowstyle="-|>", mutation_scale=14,
                                         color=p["muted"], lw=1.5))
            ax.text((x0 + x1) / 2, 0.8, f"$w^{{({l})}}$={c['w'][l - 1]:.3f}", ha="center", color=p["fg"], fontsize=9)
            ax.text((x0 + x1) / 2, 0.25, f"$b^{{({l})}}$={c['b'][l - 1]:.3f}", ha="center", color=p["muted"], fontsize=9)
        ax.text(10.0, 0.6, f"$C = (a^{{(3)}} - 1)^2$\n= {(c['a'][3] - 1) ** 2:.4f}", va="center", color=p["fg"], fontsize=10)
        # The backward row: delta of each layer, then the weight's slope, right to left.
        y = -1.0
        ax.add_patch(FancyArrowPatch((10.6, y), (0.2, y), arrowstyle="-|>", mutation_scale=18, color=ORANGE, lw=2.5))
        ax.text(10.0, y + 0.25, f"$\\partial C/\\partial a^{{(3)}}$ = {c['dCda3']:.4f}", color=ORANGE, fontsize=10)
        for l in range(1, 4):
            x = xs[l]
            ax.text(x, y - 0.45, f"$\\delta^{{({l})}}$ = {c['delta'][l - 1]:.4f}", ha="center", color=ORANGE, fontsize=10)
            ax.text(x - 1.5, y - 1.05, f"$\\partial C/\\partial w^{{({l})}}$\n= {c['dw'][l - 1]:.4f}", ha="center",
                    color=GREEN, fontsize=10)
        ax.text(0.2, y + 0.25, "backward: the chain rule", color=ORANGE, fontsize=10)
        return fig

    save("ch09_chain", draw)
