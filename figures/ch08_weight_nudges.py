"""Chapter 8: the nudges wanted on the output layer's 160 weights for one digit: delta times the incoming activation."""

import numpy as np
import matplotlib.pyplot as plt

import nnbook

from ._style import BLUE, ORANGE, RED, save, signed_cmap
from .ch08_desires import example


def make() -> None:
    knobs, x, y, label = example()
    zs, activations = nnbook.forward_all(knobs, x)
    delta = nnbook.cost_prime(activations[-1], y) * nnbook.sigmoid_prime(zs[-1])  # (10, 1)
    hidden = activations[-2].ravel()  # (16,): the activations feeding the output layer
    nudges = -(delta @ activations[-2].T)  # (10, 16): minus the weight gradient
    top = float(np.abs(nudges).max())

    def draw(p):
        phone = p["phone"]  # narrower, titles on two lines, the colour scale under the grid: 9 px or more there
        fig, (ax0, ax1) = plt.subplots(2, 1, figsize=(4.0, 6.0) if phone else (6.2, 5.2), sharex=True,
                                       gridspec_kw={"height_ratios": [1, 2.6]}, layout="constrained" if phone else None)
        ax0.bar(np.arange(16), hidden, color=ORANGE, width=0.7)
        ax0.set_ylim(0, 1)
        ax0.set_ylabel("activation\n$a^{(2)}_k$")
        ax0.set_title("second hidden layer:\nhow brightly each neuron shines" if phone else
                      "second hidden layer: how brightly each neuron shines", fontsize=11)
        im = ax1.imshow(nudges, cmap=signed_cmap(p, RED, BLUE), vmin=-top, vmax=top, aspect="auto")
        ax1.set_yticks(range(10))
        ax1.set_xticks(range(16))
        if phone:
            ax1.tick_params(axis="x", labelsize=9)
        ax1.set_ylabel("output neuron $j$")
        ax1.set_xlabel("hidden neuron $k$")
        ax1.set_title("nudge wanted on each weight $w^{(3)}_{jk}$:\n$-\\delta^{(3)}_j\\, a^{(2)}_k$" if phone else
                      r"nudge wanted on each weight $w^{(3)}_{jk}$: $-\delta^{(3)}_j\, a^{(2)}_k$", fontsize=11)
        if phone:
            fig.colorbar(im, ax=ax1, orientation="horizontal", location="bottom", shrink=0.9,
                         label="blue: turn up, red: turn down")
        else:
            fig.colorbar(im, ax=[ax0, ax1], shrink=0.7, label="blue: turn up, red: turn down")
        return fig

    save("ch08_weight_nudges", draw, phone=True)
