"""Home page: the loop the whole book explains, forward pass, cost, backward pass, update, repeat."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._style import BLUE, GREEN, ORANGE, PURPLE, save

# (x, y) centres on a 10 x 6 canvas, clockwise from the top left; text; colour; chapter.
STEPS = [
    ((2.4, 5.0), "forward pass", r"$a = f(x)$: the network's answer", BLUE, "chapters 1-4"),
    ((7.6, 5.0), "cost", r"$C$: how wrong that answer is", ORANGE, "chapter 5"),
    ((7.6, 1.0), "backward pass", r"$\nabla C$: which way is uphill", GREEN, "chapters 8-9"),
    ((2.4, 1.0), "update", r"$W \leftarrow W - \eta\, \nabla C$: a step downhill", PURPLE, "chapters 6-7"),
]


def make() -> None:
    def draw(p):
        fig, ax = plt.subplots(figsize=(7.5, 4.6))
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 6)
        ax.axis("off")
        w, h = 4.1, 1.55
        for (x, y), title, detail, colour, where in STEPS:
            ax.add_patch(
                FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.25",
                               facecolor="none", edgecolor=colour, lw=2.2)
            )
            ax.text(x, y + 0.38, title, ha="center", va="center", fontsize=14, weight="bold", color=colour)
            ax.text(x, y - 0.05, detail, ha="center", va="center", fontsize=10.5, color=p["fg"])
            ax.text(x, y - 0.48, where, ha="center", va="center", fontsize=9, color=p["muted"])
        arrows = [((4.5, 5.0), (5.5, 5.0)), ((7.6, 4.2), (7.6, 1.8)), ((5.5, 1.0), (4.5, 1.0)), ((2.4, 1.8), (2.4, 4.2))]
        for start, end in arrows:
            ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18, lw=2, color=p["muted"]))
        ax.text(5, 3.6, "repeat", ha="center", va="center", fontsize=13, weight="bold", color=p["fg"])
        ax.text(5, 3.2, "for every mini-batch;\none pass over all 60,000 digits\nis one epoch",
                ha="center", va="top", fontsize=9.5, color=p["muted"], linespacing=1.4)
        return fig

    save("home_loop", draw)
