"""Chapter 10: one turn of the loop on the worked example, the messy 3, with chapter 2's untrained network's real numbers."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

import nnbook
from nnbook import mnist

from ._style import BLUE, GREEN, ORANGE, PURPLE, save
from .ch10_accuracy import THREE
from .home_loop import draw_column

ETA = 3.0


def one_turn() -> dict:
    """Forward pass, cost, backward pass and one update on the messy 3 alone, with the book's learning rate."""
    images, labels = mnist.load("test")
    x, y = images[:, [THREE]].astype("float64"), nnbook.one_hot(int(labels[THREE]))
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=0)  # chapter 2's untrained network
    a = nnbook.forward(knobs, x)
    nabla = nnbook.backprop_example(knobs, x, y)
    before = nnbook.cost(a, y)
    nnbook.step(knobs, nabla, ETA)
    return {"a": a.ravel(), "before": before, "after": nnbook.cost(nnbook.forward(knobs, x), y),
            "knobs": nnbook.count_knobs(nnbook.sizes_of(knobs))}


def make() -> None:
    t = one_turn()
    outputs = ", ".join(f"{v:.2f}" for v in t["a"][:5]) + ", ..."
    steps = [
        ((2.5, 5.0), "1. forward pass", f"the messy 3 in; out come\n{outputs}", BLUE, "chapters 1-4"),
        ((8.5, 5.0), "2. cost", f"compare with 1 at slot 3, 0 elsewhere:\n$C = {t['before']:.2f}$", ORANGE, "chapter 5"),
        ((8.5, 1.0), "3. backward pass", f"backprop: the slope of $C$\nfor each of the {t['knobs']:,} knobs", GREEN,
         "chapters 8-9"),
        ((2.5, 1.0), "4. update",
         f"one big step downhill, $\\eta = {ETA:g}$;\nnow $C = {t['after']:.2f}$ on this digit", PURPLE,
         "chapters 6-7"),
    ]

    def draw(p):
        if p["phone"]:  # a column: its labels 9 px or more on a phone
            return draw_column(p, [(t, d, c, wh) for _, t, d, c, wh in steps], "repeat with the next mini-batch",
                               "60,000 digits = one epoch; the book runs 30")
        fig, ax = plt.subplots(figsize=(9, 4.6))
        ax.set_xlim(-0.3, 11.3)
        ax.set_ylim(0, 6)
        ax.axis("off")
        w, h = 4.6, 1.6
        for (x, y), title, detail, colour, where in steps:
            ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.25",
                                        facecolor="none", edgecolor=colour, lw=2.2))
            ax.text(x, y + 0.5, title, ha="center", va="center", fontsize=13, weight="bold", color=colour)
            ax.text(x, y - 0.05, detail, ha="center", va="center", fontsize=9.5, color=p["fg"], linespacing=1.5)
            ax.text(x, y - 0.6, where, ha="center", va="center", fontsize=8.5, color=p["muted"])
        for start, end in [((4.9, 5.0), (6.1, 5.0)), ((8.5, 4.1), (8.5, 1.9)), ((6.1, 1.0), (4.9, 1.0)),
                           ((2.5, 1.9), (2.5, 4.1))]:
            ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18, lw=2, color=p["muted"]))
        ax.text(5.5, 3.35, "repeat with the next mini-batch", ha="center", fontsize=11.5, weight="bold", color=p["fg"])
        ax.text(5.5, 2.95, "60,000 digits = one epoch; the book runs 30", ha="center", va="top", fontsize=9.5,
                color=p["muted"])
        return fig

    save("ch10_loop", draw, phone=True)
