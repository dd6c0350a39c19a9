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


def draw_column(p: dict, boxes: list, repeat: str, note: str, offsets=(0.5, -0.05, -0.6), sizes=(13, 9.5, 9.5),
                w: float = 4.6, h: float = 1.6):
    """A loop drawn as a column, for a phone: its steps top to bottom, the way back up on the right.

    `boxes` holds (title, detail, colour, where) per step; `offsets` are the three texts' heights
    in a box, `sizes` their font sizes. The canvas is 0.767 in a unit both ways, 6 units wide.
    """
    gap, unit = 1.0, 0.767
    top = len(boxes) * (h + gap)
    fig = plt.figure(figsize=(6 * unit, (top + 1.2) * unit))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 6)
    ax.set_ylim(-1.2, top)
    ax.axis("off")
    x = 2.7
    ys = [top - h / 2 - 0.2 - i * (h + gap) for i in range(len(boxes))]
    for y, (title, detail, colour, where) in zip(ys, boxes):
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.25",
                                    facecolor="none", edgecolor=colour, lw=2.2))
        for dy, text, size, kw in zip(offsets, (title, detail, where), sizes,
                                      ({"weight": "bold", "color": colour}, {"color": p["fg"], "linespacing": 1.4},
                                       {"color": p["muted"]})):
            ax.text(x, y + dy, text, ha="center", va="center", fontsize=size, **kw)
    for y0, y1 in zip(ys, ys[1:]):
        ax.add_patch(FancyArrowPatch((x, y0 - h / 2 - 0.08), (x, y1 + h / 2 + 0.08), arrowstyle="-|>", mutation_scale=16,
                                     lw=2, color=p["muted"]))
    right = x + w / 2 + 0.45
    ax.plot([x + w / 2 + 0.08, right, right], [ys[-1], ys[-1], ys[0]], color=p["muted"], lw=2, solid_joinstyle="round")
    ax.add_patch(FancyArrowPatch((right, ys[0]), (x + w / 2 + 0.08, ys[0]), arrowstyle="-|>", mutation_scale=16, lw=2,
                                 color=p["muted"]))
    ax.text(x, ys[-1] - h / 2 - 0.35, repeat, ha="center", va="top", fontsize=sizes[0] - 1.5, weight="bold", color=p["fg"])
    ax.text(x, ys[-1] - h / 2 - 0.95, note, ha="center", va="top", fontsize=sizes[2], color=p["muted"], linespacing=1.4)
    return fig


def make() -> None:
    def draw(p):
        if p["phone"]:  # a column: its labels 9 px or more on a phone
            return draw_column(p, [(t, d, c, wh) for _, t, d, c, wh in STEPS], "repeat",
                               "for every mini-batch; one pass over\nall 60,000 digits is one epoch",
                               offsets=(0.42, -0.05, -0.5), sizes=(14, 10.5, 9.5), w=4.4, h=1.55)
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

    save("home_loop", draw, phone=True)
