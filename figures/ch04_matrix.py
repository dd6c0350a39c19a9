"""Chapter 4: the shapes in W a + b = z for hidden layer 1, with one row of W making one entry of z."""

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from ._style import BLUE, GREEN, ORANGE, PURPLE, save

ROW = 4  # the row of W (and entry of z) that is highlighted
H, WIDE, NARROW, TALL = 9.6, 14.0, 1.0, 15.0  # squeezed scale: 784 columns -> 14 units, 16 rows -> 9.6


def make() -> None:
    row_h = H / 16
    top = H / 2 - ROW * row_h  # top edge of the highlighted row
    boxes = [  # (x of left edge, width, height, label, colour)
        (0.0, WIDE, H, "$W^{(1)}$\n16 × 784", BLUE),
        (15.2, NARROW, TALL, "$a^{(0)}$\n784 × 1", GREEN),
        (19.2, NARROW, H, "$b^{(1)}$\n16 × 1", ORANGE),
        (23.2, NARROW, H, "$z^{(1)}$\n16 × 1", PURPLE),
    ]

    def draw(p):
        phone = p["phone"]  # narrower on a phone, the right-hand note pulled in: labels 9 px or more there
        fig, ax = plt.subplots(figsize=(5.6, 4.8) if phone else (8.4, 4.8))
        ax.set_aspect("equal")
        ax.set_axis_off()
        for x, w, h, label, colour in boxes:
            ax.add_patch(Rectangle((x, -h / 2), w, h, facecolor=colour, alpha=0.18, edgecolor=colour, lw=1.5))
            ax.text(x + w / 2, -TALL / 2 - 0.6, label, ha="center", va="top", fontsize=10.5, color=p["fg"])
        ax.add_patch(Rectangle((0, top - row_h), WIDE, row_h, facecolor=BLUE, lw=0))
        ax.add_patch(Rectangle((15.2, -TALL / 2), NARROW, TALL, facecolor=GREEN, alpha=0.8, lw=0))
        for x, colour in [(19.2, ORANGE), (23.2, PURPLE)]:
            ax.add_patch(Rectangle((x, top - row_h), NARROW, row_h, facecolor=colour, lw=0))
        for x, s in [(17.7, "+"), (21.7, "=")]:
            ax.text(x, 0, s, ha="center", va="center", fontsize=22, color=p["fg"])
        ax.annotate(f"row {ROW}: the 784 weights of neuron {ROW}", (7, top), xytext=(7, 7.2), ha="center",
                    fontsize=10, color=p["fg"], arrowprops={"arrowstyle": "-", "color": p["muted"], "lw": 1})
        ax.annotate(f"$z_{ROW}$ = row {ROW} times $a^{{(0)}}$, plus $b_{ROW}$", (24.2, top - row_h / 2),
                    xytext=(25.5, 9.6) if phone else (25.2, 5.8), ha="right" if phone else "left", fontsize=10, color=p["fg"],
                    arrowprops={"arrowstyle": "-", "color": p["muted"], "lw": 1})
        ax.set_xlim(-0.5, 25.5 if phone else 33)
        ax.set_ylim(-11.2, 10.8 if phone else 8.2)
        return fig

    save("ch04_matrix", draw, phone=True)
