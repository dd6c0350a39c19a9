"""Chapter 4: where the 13,002 knobs of the 784-16-16-10 network live."""

import matplotlib.pyplot as plt

import nnbook

from ._style import BLUE, ORANGE, save

SIZES = [784, 16, 16, 10]


def groups() -> list[tuple[str, int, str]]:
    """(label, how many knobs, colour) for each layer's weights and biases, first layer on top.

    The products are written as the table above the figure writes them (weights per neuron × neurons), and
    without the symbols W and b, which the page introduces after the figure."""
    rows = []
    for l, (n_in, n_out) in enumerate(zip(SIZES[:-1], SIZES[1:]), start=1):
        rows.append((f"layer {l} weights: {n_in} × {n_out}", n_out * n_in, BLUE))
        rows.append((f"layer {l} biases", n_out, ORANGE))
    return rows


def make() -> None:
    rows = groups()
    total = nnbook.count_knobs(SIZES)
    assert sum(n for _, n, _ in rows) == total  # the figure and the package count the same knobs

    def draw(p):
        ys = range(len(rows))[::-1]
        if p["phone"]:  # each bar's name and count above it, the bars the column's full width: 9 px or more
            fig, ax = plt.subplots(figsize=(4.6, 4.4))
            for y, (label, n, colour) in zip(ys, rows):
                ax.barh(y - 0.15, n, color=colour, height=0.4)
                said = f"{label} = {n:,}" if "×" in label else f"{label}: {n:,}"
                ax.text(0, y + 0.22, f"{said} ({n / total:.1%})", va="center", fontsize=10.5, color=p["fg"])
            ax.set_yticks([])
            ax.set_ylim(-0.6, len(rows) - 0.4)
        else:
            fig, ax = plt.subplots(figsize=(7.4, 3.4))
            for y, (label, n, colour) in zip(ys, rows):
                ax.barh(y, n, color=colour, height=0.7)
                ax.text(n + 150, y, f"{n:,}  ({n / total:.1%})", va="center", fontsize=9.5, color=p["fg"])
            ax.set_yticks(list(ys))
            ax.set_yticklabels([label for label, _, _ in rows], fontsize=9.5)
        ax.set_xlim(0, 13500 if p["phone"] else 16000)
        ax.set_xlabel(f"number of knobs (total {total:,})")
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        return fig

    save("ch04_knob_count", draw, phone=True)
