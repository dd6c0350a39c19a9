"""Chapter 5: the untrained network's ten outputs for the messy 3, against the desired output."""

import matplotlib.pyplot as plt

import nnbook
from nnbook import mnist

from ._style import SEED, save
from .ch05_worked_example import draw_bars

INDEX = 18  # the messy 3 from the test set


def make() -> None:
    images, labels = mnist.load("test")
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=SEED)
    a = nnbook.forward(knobs, images[:, [INDEX]])[:, 0]
    y = nnbook.one_hot(labels[INDEX])[:, 0]
    c = nnbook.cost(a, y)

    def draw(p):
        phone = p["phone"]  # narrower, the title on two lines: sub- and superscripts 7.5 px or more there
        fig, ax = plt.subplots(figsize=(4.4, 3.9) if phone else (6, 3.6))
        draw_bars(ax, p, a, y, show_misses=True, fmt=".2f", phone=phone)
        ax.set_title(f"the messy {labels[INDEX]}, untrained network:" + ("\n" if phone else " ") + f"cost $C_x$ = {c:.4f}",
                     fontsize=11)
        return fig

    save("ch05_real_digit", draw, phone=True)
