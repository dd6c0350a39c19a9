"""Chapter 2, Layers of neurons: the claims behind every number the page quotes, checked with nnbook.

The page quotes its numbers by name (figures/quotes.py, from figures/data/untrained.json, which
test_chapter_01.py checks against a fresh computation); these tests check what the prose says about them.
"""

from __future__ import annotations

import numpy as np
import pytest

import book
import nnbook
from figures import ch02_network, quotes
from nnbook import mnist

Q = quotes.values()
SIZES = [784, 16, 16, 10]
INDEX = 18  # the messy 3 the chapters 2-5 follow


@pytest.fixture(scope="module")
def test_set(mnist_path):
    return mnist.load("test", path=mnist_path)


@pytest.fixture(scope="module")
def knobs():
    return nnbook.init_knobs(SIZES, rng=0)


def test_the_layers_are_the_ones_drawn_and_named(knobs):
    assert nnbook.sizes_of(knobs) == SIZES == ch02_network.SIZES
    assert len(knobs) == 3  # "$L = 3$": L counts the layers after the input
    # "of which only 16 are drawn with an ellipsis standing for the 768 others": what the figure draws
    inputs = ch02_network._layout()[0]
    assert Q["ch02.inputs_drawn"] == inputs.size == 2 * Q["ch02.inputs_drawn_each_end"]
    assert Q["ch02.inputs_not_drawn"] == SIZES[0] - inputs.size
    # "the first eight and the last eight": the two runs of circles, one above and one below the gap
    assert np.sum(inputs > 0) == np.sum(inputs < 0) == Q["ch02.inputs_drawn_each_end"]


def test_the_running_digit_is_a_three_and_the_network_calls_it_a_one(test_set, knobs):
    images, labels = test_set
    assert Q["mnist.test"] == labels.size
    _, activations = nnbook.forward_all(knobs, images[:, [INDEX]])
    out = activations[-1][:, 0]
    # "The digit is a 3 and the network says 1": wrong
    assert Q["ch02.three_label"] == labels[INDEX] != out.argmax() == Q["ch02.three_answer"]
    # The activations figure's alt text: the brightest output cell, and the one for the right digit
    assert Q["ch02.three_answer_output"] == pytest.approx(out.max(), abs=1e-12)
    assert Q["ch02.three_right_output"] == pytest.approx(out[labels[INDEX]], abs=1e-12)
    # forward gives the last layer of forward_all
    np.testing.assert_allclose(nnbook.forward(knobs, images[:, [INDEX]]), activations[-1])


def test_every_activation_is_between_0_and_1(test_set, knobs):
    images, _ = test_set
    _, activations = nnbook.forward_all(knobs, images[:, :500])
    for a in activations:
        assert a.min() >= 0 and a.max() <= 1


def test_ten_digits_give_almost_the_same_output(test_set, knobs):
    images, labels = test_set
    picks = [int(np.flatnonzero(labels == d)[0]) for d in range(10)]
    outputs = nnbook.forward(knobs, images[:, picks])  # (10, 10): one column per digit
    # "the cell for digit 1 is always the brightest at about 0.94, the cell for digit 7 is always the darkest
    # at about 0.15": in every row, and each row within a hundredth of the quoted mean
    assert np.all(outputs.argmax(axis=0) == Q["ch02.rows_brightest_digit"])
    assert np.all(outputs.argmin(axis=0) == Q["ch02.rows_darkest_digit"])
    for digit, name in ((Q["ch02.rows_brightest_digit"], "ch02.rows_brightest"),
                        (Q["ch02.rows_darkest_digit"], "ch02.rows_darkest")):
        assert Q[name] == pytest.approx(outputs[digit].mean(), abs=1e-12)
        assert np.abs(outputs[digit] - Q[name]).max() < 0.01
    # "no value changes by more than 0.02 across the rows"
    spread = outputs.max(axis=1) - outputs.min(axis=1)  # per output neuron, across the ten digits
    assert spread.max() <= 0.02


def test_each_untrained_network_is_stuck_on_one_answer(test_set):
    images, labels = test_set
    counts = np.bincount(labels, minlength=10)
    for seed in range(5):
        answers = nnbook.forward(nnbook.init_knobs(SIZES, rng=seed), images).argmax(axis=0)
        assert np.unique(answers).size == 1, f"seed {seed} gives more than one answer"
        right = int((answers == labels).sum())
        assert right == counts[answers[0]]  # "right exactly when a digit happens to be its favourite"
        assert right / labels.size < 0.12  # "these networks do no better" than guessing's 10%
        if seed < 2:  # the two the solution quotes
            assert Q[f"untrained.seed{seed}_answer"] == answers[0]
            assert Q[f"untrained.seed{seed}_right"] == right
            assert Q[f"untrained.seed{seed}_accuracy"] == pytest.approx(right / labels.size)
    assert counts.argmax() == Q["untrained.seed0_answer"]  # "1s are the most common test digit"
    assert counts.argmin() == Q["untrained.seed1_answer"]  # "5s are the rarest"


def test_the_difference_between_a_0_and_a_1_fades_layer_by_layer(test_set, knobs):
    images, labels = test_set
    zero_at, one_at = Q["ch02.first_zero_index"], Q["ch02.first_one_index"]
    # "the first 0 and the first 1 of the test set (indices 3 and 2)"
    assert (zero_at, one_at) == (np.argmax(labels == 0), np.argmax(labels == 1))
    _, zero = nnbook.forward_all(knobs, images[:, [zero_at]])
    _, one = nnbook.forward_all(knobs, images[:, [one_at]])
    change = [np.abs(zero[l] - one[l]).max() for l in (1, 2, 3)]
    assert change[0] > change[1] > change[2]  # "hidden layer 1 reacts most"
    assert Q["ch02.change_layer_1"] == pytest.approx(change[0], abs=1e-12)
    assert Q["ch02.change_layer_3"] == pytest.approx(change[2], abs=1e-12)
    # "about a fifth here, then about a third of that"; "too little to change the answer"
    assert 0.15 < change[1] / change[0] < 0.25 and 0.25 < change[2] / change[1] < 0.4
    assert zero[3].argmax() == one[3].argmax()


def test_across_all_test_digits_each_layer_varies_about_a_fifth_as_much(test_set, knobs):
    # "an activation of hidden layer 2 varies about a fifth as much as one of hidden layer 1, and an output about
    # a fifth as much again": the mean over neurons of each activation's spread across the 10,000 test digits.
    images, _ = test_set
    _, activations = nnbook.forward_all(knobs, images)
    spread = [a.std(axis=1).mean() for a in activations[1:]]  # measured 0.052, 0.0093, 0.0019
    assert "a fifth" in book.text("02-layers.md") and images.shape[1] == 10_000
    assert 1 / 7 < spread[1] / spread[0] < 1 / 4 and 1 / 7 < spread[2] / spread[1] < 1 / 4
    assert len(set(activations[-1].argmax(axis=0))) == 1  # "far too little to change which output is tallest"


def test_once_trained_this_network_reads_most_digits():
    assert Q["ch10.test_accuracy"] > 0.5 and book.says("02-layers.md", "reads most digits")  # "most" is the claim
