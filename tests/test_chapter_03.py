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
from figures import ch03_biases, ch03_hand_neuron  # noqa: E402
import book

PAGE = book.source("03-neuron.md")
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


def test_what_one_layer_can_do_is_what_exercise_5_4_prints():
    # The numbers come from exercise 5.4's solution, whose printed output the page tests check
    # by running it; here chapter 3 must quote that same output.
    chapter5 = book.source("05-cost.md")

    pair = re.search(r"^\s*linear, 3s and 8s: ([0-9.]+%)$", chapter5, re.M).group(1)
    ten = re.search(r"^\s*linear, ten digits: ([0-9.]+%)$", chapter5, re.M).group(1)
    flat = " ".join(PAGE.split())
    assert f"tell test 3s from 8s {pair} of the time and read {ten} of all ten digits" in flat
    assert float(ten[:-1]) < float(pair[:-1])  # telling two digits apart is the easier task


def test_the_page_says_what_e_is():
    assert f"$e \\approx {np.e:.3f}$" in PAGE and "np.exp(-z)" in PAGE
    assert np.exp(-2.0) == pytest.approx(np.e**-2)


def test_the_hand_made_neuron_of_exercise_3_1(mnist_path, monkeypatch):
    monkeypatch.setenv("NNBOOK_DATA", str(mnist_path))  # the figure script loads the test digits itself
    w, b = ch03_hand_neuron.neuron()
    assert set(np.unique(w)) == {-1.0, 0.0, 1.0} and b == -10
    flat = " ".join(PAGE.split())
    assert (f"weights $+1$ within {ch03_hand_neuron.INNER} pixels of the centre, $-1$ farther than "
            f"{ch03_hand_neuron.OUTER} from it, 0 between, and bias ${b:g}$") in flat
    share = 100 * ch03_hand_neuron.lit()
    assert share.argmin() == 0 and f"light it less often, {share[0]:.0f}% of them" in flat
    assert f"The 0s light it least, {share[0]:.0f}%" in flat
    others = np.delete(share, 0)
    assert f"between {others.min():.0f}% and {others.max():.0f}% of the time" in flat
