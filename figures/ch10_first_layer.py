"""Chapter 10: the 784 weights of each first-layer neuron as a 28x28 image, before and after training."""

import matplotlib.pyplot as plt
import numpy as np

from ._style import save
from .ch04_first_layer import diverging_cmap
from .ch10_accuracy import trained, untrained


def make() -> None:
    W0, W1 = untrained()[0][0], trained()[0][0]  # (16, 784) each: one row per neuron

    def draw(p):
        cmap = diverging_cmap(p)
        fig = plt.figure(figsize=(5, 9.4) if p["phone"] else (9.2, 5.4))  # a phone: 4 x 4 neurons, labels 9 px or more
        small = 10 if p["phone"] else 8
        top, bottom = fig.subfigures(2, 1, hspace=0.06)
        for sub, W, title in ((top, W0, "untrained"), (bottom, W1, "after 30 epochs")):
            # A few weights grow far larger than the rest; clipping the colours at
            # the 99th percentile of |W| keeps the bulk of the pattern visible.
            limit = float(np.percentile(np.abs(W), 99))
            axs = sub.subplots(*((4, 4) if p["phone"] else (2, 8)), gridspec_kw={"wspace": 0.08, "hspace": 0.12})
            for j, ax in enumerate(axs.flat):
                image = ax.imshow(W[j].reshape(28, 28), cmap=cmap, vmin=-limit, vmax=limit)
                ax.set_xticks([])
                ax.set_yticks([])
                for s in ax.spines.values():
                    s.set_visible(True)
                    s.set_color(p["muted"])
                    s.set_linewidth(0.6)
            bar = sub.colorbar(image, ax=axs, fraction=0.025, pad=0.02, extend="both")
            bar.set_label("weight", fontsize=small + 1)
            bar.ax.tick_params(labelsize=small)
            bar.outline.set_edgecolor(p["muted"])
            sub.suptitle(f"hidden layer 1, {title}", fontsize=11 if p["phone"] else 10.5)
        return fig

    save("ch10_first_layer", draw, phone=True)
