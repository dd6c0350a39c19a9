"""Chapter 3, Weighted sum, bias, squish: every number the page quotes, computed with nnbook."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest

import nnbook
from nnbook import mnist

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from figures import ch03_biases  # noqa: E402

PAGE = (Path(__file__).resolve().parent.parent / "docs" / "03-neuron.md").read_text(encoding="utf-8")
INDEX = 18  # the messy 3


@pytest.fixture(scope="module")
def test_set(mnist_path):
    return mnist.load("test", path=mnist_path)


@pytest.fixture(scope="module")
def first_layer():
    (W, b), *_ = nnbook.init_knobs([784, 16, 16, 10], rng=0)
    return W, b


def test_the_three_input_neuron_worked_by_hand():
    a, w, b = np.array([1, 0.5, 0]), np.array([2, -1, 4]), -0.5
    weighted = float(np.dot(w, a))
    assert weighted == 1.5 and weighted + b == 1
    assert "= 1.5$" in PAGE and "$z = 1.5 - 0.5 = 1$" in PAGE
    out = nnbook.neuron(a, w, b)
    assert out == pytest.approx(nnbook.sigmoid(1.0))
    assert f"\\sigma(1) \\approx {out:.4f}" in PAGE


def test_the_sigmoid_values_and_the_range_where_it_changes():
    assert nnbook.sigmoid(0.0) == 0.5 and "\\sigma(0) = 1/2" in PAGE
    # "most of the change happens between -4 and 4": outside, within 0.02 of 0 or 1
    assert nnbook.sigmoid(-4.0) < 0.02 and nnbook.sigmoid(4.0) > 0.98
    assert "between $z = -4$ and $z = 4$" in PAGE
    for z in (1.0, 4.0):
        assert nnbook.sigmoid(-z) + nnbook.sigmoid(z) == pytest.approx(1.0, abs=1e-15)


def test_the_bias_figure_switch_points():
    # The page lists where each curve of the bias figure crosses 0.5; each must be where that curve really does.
    listed = re.search(r"so at (-?\d+), (-?\d+), (-?\d+), (-?\d+) and (-?\d+)", " ".join(PAGE.split()))
    assert listed, "the page should list the five switch points"
    points = [int(x) for x in listed.groups()]
    for b, x in zip(ch03_biases.BIASES, points, strict=True):
        assert nnbook.sigmoid(ch03_biases.W * x + b) == 0.5


def test_the_real_neuron_on_the_messy_three(test_set, first_layer):
    images, labels = test_set
    W, b = first_layer
    x = images[:, INDEX]
    weighted, bias = float(np.dot(W[0], x)), float(b[0, 0])
    assert labels[INDEX] == 3
    out = nnbook.neuron(x, W[0], bias)
    assert f"weighted sum: {weighted:.4f}" in PAGE
    assert f"$z \\approx {weighted + bias:.2f}$" in PAGE
    assert f"{out:.2f} at the top of hidden layer 1" in PAGE
    # chapter 2's forward pass agrees with the single neuron
    _, activations = nnbook.forward_all(nnbook.init_knobs([784, 16, 16, 10], rng=0), images[:, [INDEX]])
    assert activations[1][0, 0] == pytest.approx(out)
    assert f"bias on the switch: {-weighted:.4f}" in PAGE and f"In the real-neuron figure, {-weighted:.4f}" in PAGE
    assert f"actual bias, {bias:.2f}" in PAGE


def test_the_real_neuron_figure_three_digits(test_set, first_layer):
    images, labels = test_set
    W, b = first_layer
    picks = [INDEX, 3, 2]
    assert [labels[i] for i in picks] == [3, 0, 1]
    sums = W[0] @ images[:, picks]
    shift = sums.max() - sums.min()
    assert 0.5 < shift < 1  # "shifted ... by a little under one unit"
    now = nnbook.sigmoid(sums + b[0, 0])
    assert f"between about {now.min():.2f} and {now.max():.2f}" in PAGE


def test_neuron_zero_is_on_for_every_test_digit(test_set, first_layer):
    images, _ = test_set
    W, b = first_layer
    a = nnbook.sigmoid(W[0] @ images + b[0, 0])
    assert a.min() > 0.5
    assert f"never drops below {np.floor(a.min() * 100) / 100:.2f}" in PAGE
    assert f"over all {images.shape[1]:,} test digits" in PAGE


def test_two_linear_neurons_collapse_into_one_and_squished_ones_do_not():
    w1, b1, w2, b2 = 2.0, -1.0, -3.0, 0.5
    x = np.linspace(-3, 3, 61)
    np.testing.assert_allclose(w2 * (w1 * x + b1) + b2, (w2 * w1) * x + (w2 * b1 + b2))
    squished = nnbook.sigmoid(w2 * nnbook.sigmoid(w1 * x + b1) + b2)
    # no single neuron sigma(w x + b) fits it: a least-squares fit in the z domain leaves a clear error
    z = np.log(squished / (1 - squished))
    fit = np.polyval(np.polyfit(x, z, 1), x)
    assert np.abs(fit - z).max() > 0.1
