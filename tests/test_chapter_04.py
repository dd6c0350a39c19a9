"""Chapter 4, Thirteen thousand knobs: every number the page quotes, computed with nnbook."""

from __future__ import annotations

import re

import numpy as np
import pytest

import nnbook
from nnbook import mnist
import book

PAGE = book.source("04-knobs.md")
SIZES = [784, 16, 16, 10]


@pytest.fixture(scope="module")
def knobs():
    return nnbook.init_knobs(SIZES, rng=0)


def test_the_count_and_the_table(knobs):
    total = nnbook.count_knobs(SIZES)
    assert total == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10 == 13002
    assert sum(W.size + b.size for W, b in knobs) == total == nnbook.flatten(knobs).size
    weights = sum(W.size for W, _ in knobs)
    biases = sum(b.size for _, b in knobs)
    assert f"**{total:,} knobs**: {weights:,} weights\nand {biases} biases" in PAGE
    assert f"The book's network has {biases} such neurons" in PAGE
    assert f"| **total** | | | **{weights:,}** | **{biases}** | **{total:,}** |" in PAGE
    for l, (W, b) in enumerate(knobs, start=1):
        n_out, n_in = W.shape
        row = f"| {n_out} | {n_in} | {n_in} × {n_out} = {W.size:,} | {b.size} | {W.size + b.size:,} |"
        assert row in PAGE, row


def test_the_shares_in_the_bar_chart(knobs):
    total = nnbook.count_knobs(SIZES)
    shares = [W.size / total for W, _ in knobs]
    assert f"are {shares[0]:.1%} of the knobs" in PAGE
    assert f"12,544 ({shares[0]:.1%})" in PAGE
    assert f"256 ({shares[1]:.1%})" in PAGE and f"160 ({shares[2]:.1%})" in PAGE
    bias_shares = {f"{b.size / total:.1%}" for _, b in knobs}  # the three layers' biases round alike
    assert len(bias_shares) == 1 and f"({bias_shares.pop()} each)" in PAGE


def test_matrix_and_neuron_by_neuron_agree_on_the_messy_three(mnist_path, knobs):
    images, labels = mnist.load("test", path=mnist_path)
    x = images[:, [18]]
    assert labels[18] == 3
    W, b = knobs[0]
    layer = nnbook.sigmoid(W @ x + b)[:, 0]
    by_neuron = np.array([nnbook.neuron(x[:, 0], W[j], b[j, 0]) for j in range(16)])
    np.testing.assert_allclose(by_neuron, layer, rtol=0, atol=1e-12)
    assert f"The first value, {layer[0]:.4f}, is chapter 3's" in PAGE
    # the whole network: a loop of neuron over every row of every layer equals forward
    a = x[:, 0]
    for Wl, bl in knobs:
        a = np.array([nnbook.neuron(a, Wl[j], bl[j, 0]) for j in range(Wl.shape[0])])
    np.testing.assert_allclose(a, nnbook.forward(knobs, x)[:, 0], rtol=0, atol=1e-12)
    neurons = sum(W.shape[0] for W, _ in knobs)
    assert f"one call of neuron per neuron: {neurons} calls" in PAGE
    assert f"replace {neurons * images.shape[1]:,} calls" in PAGE


def test_the_spread_of_the_first_layer_weights(knobs):
    W1 = knobs[0][0]
    assert f"1/\\sqrt{{784}} = 1/28 \\approx {1 / 28:.3f}" in PAGE
    assert abs(W1.std() - 1 / 28) < 0.002  # init_knobs draws with spread 1/sqrt(n_in)
    assert f"between about {W1.min():.2f} and {W1.max():.2f}" in PAGE


def test_exercise_counts():
    small = nnbook.count_knobs([784, 100, 10])
    assert small == 784 * 100 + 100 + 100 * 10 + 10
    assert f"= {small:,.0f}$".replace(",", "{,}") in PAGE
    assert "six times the book's network" in PAGE and round(small / 13002) == 6
    assert f"({784 * 100 / small:.1%})" in PAGE
    pixels = 56 * 56
    big = nnbook.count_knobs([pixels, 16, 16, 10])
    assert f"$56^2 = {pixels:,}$".replace(",", "{,}") in PAGE
    assert f"{pixels * 16:,}".replace(",", "{,}") in PAGE
    assert f"= {big:,}$".replace(",", "{,}") in PAGE
    assert big - pixels * 16 == 16 + 272 + 170


def test_every_thousands_number_on_the_page_is_one_the_tests_know():
    known = {"13,002", "12,960", "12,544", "12,560", "10,000", "420,000"}
    found = set(re.findall(r"\b\d{1,3}(?:,\d{3})+\b", PAGE))
    assert found <= known, found - known


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
    assert "numpy's `std`" in PAGE and "W1.std()" in PAGE


def test_a_wider_first_layer_or_a_bigger_image_grows_the_count_fastest():
    # "making the image bigger or the first hidden layer wider grows the count fastest"
    base = nnbook.count_knobs(SIZES)
    grow = {i: nnbook.count_knobs([n + (j == i) for j, n in enumerate(SIZES)]) - base for i in range(3)}
    assert grow[1] == max(grow.values()) and grow[1] > 10 * grow[2]
    side = {s: nnbook.count_knobs([s * s, 16, 16, 10]) for s in (28, 29)}
    assert side[29] - side[28] > grow[2]  # one more row and column of pixels adds more than a neuron of layer 2
