"""Chapter 6: turn one dial of the real network and watch the cost; its slope is backprop's number."""

import numpy as np
import matplotlib.pyplot as plt

import nnbook

from ._style import BLUE, ORANGE, save
from .ch06_plane import SIZES, data

LAYER, ROW, COL = 2, 3, 4  # the weight from hidden neuron 4 to output neuron 3


def make() -> None:
    X, Y = data()
    knobs = nnbook.init_knobs(SIZES, rng=0)
    W = knobs[LAYER][0]
    w0 = float(W[ROW, COL])
    ws = w0 + np.linspace(-6, 6, 49)
    costs = []
    for w in ws:
        W[ROW, COL] = w
        costs.append(nnbook.cost(nnbook.forward(knobs, X), Y))
    W[ROW, COL] = w0
    c0 = nnbook.cost(nnbook.forward(knobs, X), Y)
    slope = float(nnbook.backprop(knobs, X, Y)[LAYER][0][ROW, COL])

    def draw(p):
        phone = p["phone"]  # narrower, the label on two lines: its sub- and superscripts 7.5 px or more there
        fig, ax = plt.subplots(figsize=(4.3, 3.9) if phone else (6.4, 3.6))
        ax.plot(ws, costs, color=BLUE, lw=2.5, label="cost as this one weight turns")
        near = np.linspace(w0 - 2, w0 + 2, 2)
        ax.plot(near, c0 + slope * (near - w0), color=ORANGE, lw=2, ls="--",
                label=f"slope from backprop: {slope:.4f}")
        ax.plot([w0], [c0], "o", color=ORANGE, mec=p["fg"], ms=8)
        ax.annotate("where the dial sits now", (w0, c0), xytext=(w0 + 0.9, c0 - 0.1), va="top", color=p["fg"],  # clear of the slope
                    arrowprops={"arrowstyle": "-", "color": p["muted"], "lw": 1})
        ax.set_xlabel("the weight $W^{(3)}_{3,4}$" + ("\n" if phone else " ") + "(hidden neuron 4 to output 3)")
        ax.set_ylabel("average cost $C$" + ("\n" if phone else " ") + "(1,000 digits)")
        ax.grid(color=p["grid"], lw=0.5)
        if phone:  # under the axes: the column is too narrow to keep it off the curves
            ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.33), frameon=False)
        else:
            ax.legend(loc="upper left")
        return fig

    save("ch06_one_knob", draw, phone=True)
