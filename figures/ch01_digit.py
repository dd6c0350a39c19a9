"""Chapter 1: one real MNIST digit, as the picture you see and as the numbers the network sees."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import ConnectionPatch, Rectangle

from nnbook import mnist

from ._style import ORANGE, save

INDEX = 0  # the first training image, a 5
ROWS, COLS = slice(4, 12), slice(10, 18)  # an 8 x 8 patch across the top stroke of the 5


def ink(p) -> LinearSegmentedColormap:
    """Pixel value 0 is the page's background, 1 is its text colour: reads in both palettes."""
    return LinearSegmentedColormap.from_list("ink", [p["bg"], p["fg"]])


def make() -> None:
    images, labels = mnist.load("train")
    pixels = images[:, INDEX].reshape(28, 28).astype(np.float64)
    patch = pixels[ROWS, COLS]

    def draw(p):
        if p["phone"]:  # stacked on a phone: its numbers 9 px or more there
            fig, (left, right) = plt.subplots(2, 1, figsize=(4.8, 9), gridspec_kw={"height_ratios": [0.75, 1.25], "hspace": 0.3})
        else:
            fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 4.6), gridspec_kw={"width_ratios": [0.75, 1.25], "wspace": 0.3})
        left.imshow(pixels, cmap=ink(p), vmin=0, vmax=1, interpolation="nearest")
        left.add_patch(Rectangle((COLS.start - 0.5, ROWS.start - 0.5), 8, 8, fill=False, edgecolor=ORANGE, lw=2))
        left.set_title(f"training image {INDEX}: a {labels[INDEX]},\n28 x 28 pixels", fontsize=13)
        left.set_xticks([0, 27])
        left.set_yticks([0, 27])
        left.set_xlabel("column", fontsize=12)
        left.set_ylabel("row", fontsize=12)
        right.imshow(patch, cmap=ink(p), vmin=0, vmax=1, interpolation="nearest")
        for (r, c), v in np.ndenumerate(patch):
            colour = p["bg"] if v > 0.55 else p["fg"]
            right.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=11.5, color=colour)
        right.set_title(f"rows {ROWS.start}-{ROWS.stop - 1}, columns {COLS.start}-{COLS.stop - 1}:\n64 of the 784 numbers",
                        fontsize=13)
        right.set_xticks([])
        right.set_yticks([])
        for spine in right.spines.values():
            spine.set_visible(True)
            spine.set_edgecolor(ORANGE)
            spine.set_linewidth(2)
        # From the square's sides that face the enlargement (its right side, or its bottom on a phone).
        ends = ([((COLS.start - 0.5, ROWS.stop - 0.5), (-0.5, -0.5)), ((COLS.stop - 0.5, ROWS.stop - 0.5), (7.5, -0.5))] if p["phone"]
                else [((COLS.stop - 0.5, ROWS.start - 0.5), (-0.5, -0.5)), ((COLS.stop - 0.5, ROWS.stop - 0.5), (-0.5, 7.5))])
        for a, b in ends:
            fig.add_artist(ConnectionPatch(a, b, "data", "data", axesA=left, axesB=right, color=ORANGE, lw=1, ls="--"))
        return fig

    save("ch01_digit", draw, phone=True)
