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

    def column(p):
        """The same chain drawn top to bottom for a phone (labels 9 px or more there): forward down, backward up."""
        unit = 0.585  # inches per unit, both ways
        fig = plt.figure(figsize=(7.9 * unit, 12.4 * unit))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-1.4, 6.5)
        ax.set_ylim(-2.1, 10.3)
        ax.axis("off")
        ys = [9, 6, 3, 0]
        for l, y in enumerate(ys):
            ax.add_patch(Circle((1.2, y), 0.55, facecolor=p["bg"], edgecolor=BLUE, lw=2))
            ax.text(1.2, y, f"{c['a'][l]:.3f}", ha="center", va="center", color=p["fg"], fontsize=11)
            ax.text(0.5, y, "input $a^{(0)}$" if l == 0 else f"$a^{{({l})}}$", ha="right", va="center", color=p["fg"], fontsize=11)
        for l in range(1, 4):
            y0, y1 = ys[l - 1], ys[l]
            ax.add_patch(FancyArrowPatch((1.2, y0 - 0.6), (1.2, y1 + 0.6), arrowstyle="-|>", mutation_scale=14,
                                         color=p["muted"], lw=1.5))
            mid = (y0 + y1) / 2
            ax.text(1.5, mid + 0.25, f"$w^{{({l})}}$={c['w'][l - 1]:.3f}", va="center", color=p["fg"], fontsize=10)
            ax.text(1.5, mid - 0.3, f"$b^{{({l})}}$={c['b'][l - 1]:.3f}", va="center", color=p["muted"], fontsize=10)
            ax.text(4.3, mid, f"$\\partial C/\\partial w^{{({l})}}$\n= {c['dw'][l - 1]:.4f}", va="center", color=GREEN, fontsize=10)
            ax.text(4.3, y1, f"$\\delta^{{({l})}}$ = {c['delta'][l - 1]:.4f}", va="center", color=ORANGE, fontsize=10)
        ax.text(1.2, -1.3, f"$C = (a^{{(3)}} - 1)^2$\n= {(c['a'][3] - 1) ** 2:.4f}", ha="center", va="center", color=p["fg"], fontsize=10)
        ax.add_patch(FancyArrowPatch((4.0, -1.0), (4.0, 9.4), arrowstyle="-|>", mutation_scale=18, color=ORANGE, lw=2.5))
        ax.text(4.3, -1.3, f"$\\partial C/\\partial a^{{(3)}}$\n= {c['dCda3']:.4f}", va="center", color=ORANGE, fontsize=10)
        ax.text(4.0, 9.7, "backward:\nthe chain rule", ha="center", va="bottom", color=ORANGE, fontsize=10)
        return fig

    def draw(p):
        if p["phone"]:
            return column(p)
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

    save("ch09_chain", draw, phone=True)
