"""Chapter 2: every layer's activations for one real digit, in the untrained network."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import FancyArrowPatch, Rectangle

import nnbook
from nnbook import mnist

from ._style import BLUE, SEED, save, text_on

SIZES = [784, 16, 16, 10]
INDEX = 18  # a messy "3" from the test set, the book's running example
CELL_W = 2.0  # a neuron's cell is 2 wide and 1 tall, room for its value


def activation_cmap(p: dict) -> LinearSegmentedColormap:
    """0 is the page's background (a dark neuron), 1 is full blue (a lit one), in either palette."""
    return LinearSegmentedColormap.from_list("lit", [p["bg"], BLUE])


def make() -> None:
    images, labels = mnist.load("test")
    knobs = nnbook.init_knobs(SIZES, rng=SEED)
    _, activations = nnbook.forward_all(knobs, images[:, [INDEX]])
    acts = [a[:, 0] for a in activations]
    xs = [None, 18, 25, 32]  # centre of each layer's column of cells

    def draw(p):
        # On a phone the input image goes on top and the three layers take the width below: the same
        # 14 pt a unit as on a wide screen, in a figure half as wide, so its labels show at 9 px or more.
        phone = p["phone"]
        cols = [None, 3, 10, 17] if phone else xs
        cmap = activation_cmap(p)
        if phone:
            fig = plt.figure(figsize=(23.5 * 14 / 72, 30.5 * 14 / 72))
            ax = fig.add_axes((0, 0, 1, 1))
        else:
            fig, ax = plt.subplots(figsize=(9, 5.4))
        ax.set_aspect("equal")
        ax.set_axis_off()
        image = (1, 9, 12, 20) if phone else (0, 12, -6, 6)  # left, right, bottom, top
        ax.imshow(acts[0].reshape(28, 28), cmap=cmap, vmin=0, vmax=1, extent=image)
        ax.add_patch(Rectangle((image[0], image[2]), image[1] - image[0], image[3] - image[2], fill=False,
                               edgecolor=p["muted"], lw=0.8))
        if phone:
            ax.text(10, 17.5, "input layer\n784 pixels", ha="left", va="center", fontsize=10.5)
            ax.text(10, 14.2, f"(a {labels[INDEX]}, drawn\nas 28 × 28)", ha="left", va="center", fontsize=9.5, color=p["muted"])
        else:
            ax.text(6, 9.2, "input layer\n784 pixels", ha="center", va="center", fontsize=10.5)
            ax.text(6, -7.2, f"(a {labels[INDEX]}, drawn as 28 × 28)", ha="center", va="top", fontsize=9.5, color=p["muted"])
        titles = ["hidden layer 1", "hidden layer 2", "output layer"]
        for l in range(1, 4):
            a, x = acts[l], cols[l]
            ys = np.arange(len(a))[::-1] - (len(a) - 1) / 2
            for v, y in zip(a, ys):
                ax.add_patch(Rectangle((x - CELL_W / 2, y - 0.5), CELL_W, 1, facecolor=cmap(v), edgecolor=p["muted"], lw=0.6))
                ax.text(x, y, f"{v:.2f}", ha="center", va="center", fontsize=9.5 if phone else 8.5, color=text_on(cmap(v), p))
            ax.text(x, 9.2, f"{titles[l - 1]}\n{len(a)} neurons", ha="center", va="center", fontsize=10.5)
            if l == 3:
                for j, y in enumerate(ys):
                    ax.text(x + CELL_W / 2 + 0.4, y, f"digit {j}", ha="left", va="center", fontsize=10 if phone else 9)
            if phone and l == 1:
                start, end = (image[0] + 1, image[2] - 0.3), (x, 10.6)
            else:
                start = (12.3 if l == 1 else cols[l - 1] + CELL_W / 2 + 0.3, 0)
                end = (x - CELL_W / 2 - 0.3, 0)
            ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=p["muted"], lw=1))
        if phone:
            ax.set_xlim(-0.5, 23)
            ax.set_ylim(-9, 21.5)
        else:
            ax.set_xlim(-0.5, 36.5)
            ax.set_ylim(-9, 10.5)
        return fig

    save("ch02_activations", draw, phone=True)
