"""Chapter 4: the 784 weights of each of the 16 neurons of hidden layer 1, drawn as 28x28 images."""

import matplotlib.pyplot as plt
import numpy as np

import nnbook

from ._style import BLUE, ORANGE, SEED, save, signed_cmap

SIZES = [784, 16, 16, 10]


def diverging_cmap(p: dict):
    """Negative orange, zero the page's background, positive blue: readable in either palette."""
    return signed_cmap(p, ORANGE, BLUE)


def draw_weight_images(W: np.ndarray, p: dict, title: str):
    """A 2 x 8 grid of the rows of W as 28x28 images, colour centred on 0, with a shared colour bar."""
    limit = np.abs(W).max()
    cmap = diverging_cmap(p)
    phone = p.get("phone", False)  # a phone: 4 x 4, labels 9 px or more on its column
    fig, axs = plt.subplots(*((4, 4) if phone else (2, 8)), figsize=(4.6, 5.6) if phone else (8.4, 2.9),
                            gridspec_kw={"wspace": 0.08, "hspace": 0.35 if phone else 0.25})
    for j, ax in enumerate(axs.flat):
        image = ax.imshow(W[j].reshape(28, 28), cmap=cmap, vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"neuron {j}", fontsize=10 if phone else 9)
        for s in ax.spines.values():
            s.set_visible(True)
            s.set_color(p["muted"])
            s.set_linewidth(0.6)
    bar = fig.colorbar(image, ax=axs, fraction=0.025, pad=0.02)
    bar.set_label("weight", fontsize=10.5 if phone else 9.5)
    bar.ax.tick_params(labelsize=10 if phone else 8.5)
    bar.outline.set_edgecolor(p["muted"])
    fig.suptitle(title.replace(": ", ":\n") if phone else title, fontsize=10.5, y=1.02)
    return fig


def make() -> None:
    (W, _), *_ = nnbook.init_knobs(SIZES, rng=SEED)  # W: (16, 784), one row per neuron
    save("ch04_first_layer", lambda p: draw_weight_images(W, p, "hidden layer 1, untrained: each neuron's 784 weights as a 28 × 28 image"),
         phone=True)
