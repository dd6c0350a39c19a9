"""Chapter 4, Thirteen thousand knobs: the claims behind every number the page quotes, checked with nnbook.

The page quotes its counts by name (figures/quotes.py computes them with nnbook; the messy 3's first
neuron comes from figures/data/untrained.json); these tests check the counts against sums done by hand
and what the prose says about them.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import book
import nnbook
from figures import quotes
from nnbook import mnist

Q = quotes.values()
SIZES = [784, 16, 16, 10]


@pytest.fixture(scope="module")
def knobs():
    return nnbook.init_knobs(SIZES, rng=0)


def test_the_count_and_the_table(knobs):
    total = nnbook.count_knobs(SIZES)
    assert Q["ch04.knobs"] == total == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10
    assert sum(W.size + b.size for W, b in knobs) == total == nnbook.flatten(knobs).size  # "lines up all 13,002"
    assert round(total, -3) == 13_000  # the title: "Thirteen thousand knobs"
    assert Q["ch04.weights"] == sum(W.size for W, _ in knobs)
    assert Q["ch04.biases"] == sum(b.size for _, b in knobs) == Q["ch04.neurons"] == sum(SIZES[1:])
    assert Q["ch04.weights"] + Q["ch04.biases"] == total
    for l, (W, b) in enumerate(knobs, start=1):  # a row of the table: n_in x n_out = weights, + biases = knobs
        n_out, n_in = W.shape
        assert (n_out, n_in) == (SIZES[l], SIZES[l - 1])
        assert Q[f"ch04.weights_{l}"] == n_in * n_out == W.size
        assert Q[f"ch04.knobs_{l}"] == W.size + b.size


def test_the_shares_in_the_bar_chart(knobs):
    total = nnbook.count_knobs(SIZES)
    for l, (W, _) in enumerate(knobs, start=1):
        assert Q[f"ch04.weights_share_{l}"] == W.size / total
    assert Q["ch04.weights_share_1"] > 0.95  # "almost all of them sit in one place"
    # "the three sets of biases ... (0.1% each)": the largest quoted, the three alike at the figure's precision
    shares = [b.size / total for _, b in knobs]
    assert Q["ch04.biases_share_largest"] == max(shares)
    assert len({f"{s:.1%}" for s in shares}) == 1


def test_matrix_and_neuron_by_neuron_agree_on_the_messy_three(mnist_path, knobs):
    images, labels = mnist.load("test", path=mnist_path)
    x = images[:, [18]]
    assert labels[18] == 3
    W, b = knobs[0]
    layer = nnbook.sigmoid(W @ x + b)[:, 0]
    by_neuron = np.array([nnbook.neuron(x[:, 0], W[j], b[j, 0]) for j in range(16)])
    np.testing.assert_allclose(by_neuron, layer, rtol=0, atol=1e-12)
    # "The first value, 0.8682, is chapter 3's real neuron again"
    assert Q["ch04.first_neuron"] == pytest.approx(layer[0], abs=1e-12)
    assert Q["ch04.first_neuron"] == pytest.approx(nnbook.neuron(x[:, 0], W[0], b[0, 0]), abs=1e-12)
    # the whole network: a loop of neuron over every row of every layer equals forward
    a, calls = x[:, 0], 0
    for Wl, bl in knobs:
        a = np.array([nnbook.neuron(a, Wl[j], bl[j, 0]) for j in range(Wl.shape[0])])
        calls += Wl.shape[0]
    np.testing.assert_allclose(a, nnbook.forward(knobs, x)[:, 0], rtol=0, atol=1e-12)
    # The code's docstring counts the calls (code blocks are not quoted): whatever it says, the number is right.
    said = re.search(r"one call of neuron per neuron: (\d+)\s+calls", book.text("04-knobs.md"))
    assert said and int(said[1]) == calls == Q["ch04.neurons"]
    # "three matrix products replace 420,000 calls of neuron"
    assert Q["ch04.layers"] == len(knobs) and Q["ch04.neuron_calls"] == calls * images.shape[1]


def test_the_spread_of_the_first_layer_weights(knobs):
    W1 = knobs[0][0]
    assert abs(W1.std() - 1 / np.sqrt(784)) < 0.002  # init_knobs draws with spread 1/sqrt(n_in)
    assert (Q["ch04.w1_lowest"], Q["ch04.w1_highest"]) == (W1.min(), W1.max())  # "between about -0.14 and 0.14"


def test_exercise_counts():
    total = nnbook.count_knobs(SIZES)
    wide = nnbook.count_knobs([784, 100, 10])
    assert Q["ch04.wide_knobs"] == wide == 784 * 100 + 100 + 100 * 10 + 10
    assert Q["ch04.wide_times"] == round(wide / total)  # "six times the book's network"
    assert Q["ch04.wide_first_share"] == 784 * 100 / wide > 0.95  # "again almost all (98.6%) in the first"
    pixels = 56 * 56
    assert Q["ch04.big_pixels"] == pixels == 4 * 784  # "four times as many"
    big = nnbook.count_knobs([pixels, 16, 16, 10])
    assert Q["ch04.big_first_weights"] == pixels * 16 == 4 * Q["ch04.weights_1"]  # "grow fourfold"
    # "while nothing else changes": the first layer's biases and the other layers' knobs are the book's
    assert Q["ch04.big_knobs"] == big == Q["ch04.big_first_weights"] + 16 + Q["ch04.knobs_2"] + Q["ch04.knobs_3"]
    assert big - pixels * 16 == total - Q["ch04.weights_1"]


def test_the_bell_curve_and_its_spread_as_the_page_defines_them(knobs, mnist_path):
    # "about two draws in three within one spread of the centre, and almost all within three"
    W1, b1 = knobs[0]
    spread = 1 / 28
    assert 0.6 < np.mean(np.abs(W1) < spread) < 0.73 and np.mean(np.abs(W1) < 3 * spread) > 0.99
    # "keeps the weighted sum of 784 pixels from landing far out on the flat ends" (beyond |z| = 4, chapter 3)
    images, _ = mnist.load("test", path=mnist_path)
    sums = W1 @ images
    assert np.abs(sums).max() < 4
    # "the biases, spread 1, are large next to the weighted sums such small weights produce"
    assert sums.std() < 0.5 * b1.std()


def test_a_wider_first_layer_or_a_bigger_image_grows_the_count_fastest():
    # "making the image bigger or the first hidden layer wider grows the count fastest"
    base = nnbook.count_knobs(SIZES)
    grow = {i: nnbook.count_knobs([n + (j == i) for j, n in enumerate(SIZES)]) - base for i in range(3)}
    assert grow[1] == max(grow.values()) and grow[1] > 10 * grow[2]
    side = {s: nnbook.count_knobs([s * s, 16, 16, 10]) for s in (28, 29)}
    assert side[29] - side[28] > grow[2]  # one more row and column of pixels adds more than a neuron of layer 2
