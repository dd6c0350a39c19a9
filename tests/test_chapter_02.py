"""Chapter 2, Layers of neurons: every number the page quotes, computed with nnbook."""

from __future__ import annotations


import numpy as np
import pytest

import nnbook
from nnbook import mnist

from figures import ch02_network  # noqa: E402
import book

PAGE = book.source("02-layers.md")
SIZES = [784, 16, 16, 10]
INDEX = 18  # the messy 3 the chapters 2-5 follow


@pytest.fixture(scope="module")
def test_set(mnist_path):
    return mnist.load("test", path=mnist_path)


@pytest.fixture(scope="module")
def knobs():
    return nnbook.init_knobs(SIZES, rng=0)


def test_the_layers_are_the_ones_drawn_and_named(knobs):
    assert nnbook.sizes_of(knobs) == SIZES
    assert "**784-16-16-10**" in PAGE
    assert "$L = 3$" in PAGE and len(knobs) == 3  # L counts the layers after the input
    # The figure draws the first and last few inputs; the ellipsis stands for the rest.
    assert f"{SIZES[0] - 2 * ch02_network.SHOWN} others" in PAGE


def test_the_running_digit_is_a_three_and_the_network_calls_it_a_one(test_set, knobs):
    images, labels = test_set
    assert labels[INDEX] == 3
    _, activations = nnbook.forward_all(knobs, images[:, [INDEX]])
    out = activations[-1][:, 0]
    assert out.argmax() == 1
    # The alt text of the activations figure quotes the brightest output and the one for 3.
    assert f"digit 1 at {out[1]:.2f}" in PAGE
    assert f"digit 3 reads {out[3]:.2f}" in PAGE
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
    assert (outputs.argmax(axis=0) == 1).all()
    spread = outputs.max(axis=1) - outputs.min(axis=1)  # per output neuron, across the ten digits
    assert spread.max() <= 0.02 + 1e-9
    assert "no value changes by more than 0.02" in PAGE
    assert f"about {outputs[1].mean():.2f}" in PAGE and f"about {outputs[7].mean():.2f}" in PAGE


def test_each_untrained_network_is_stuck_on_one_answer(test_set):
    images, labels = test_set
    counts = np.bincount(labels, minlength=10)
    favourites = []
    for seed in range(5):
        answers = nnbook.forward(nnbook.init_knobs(SIZES, rng=seed), images).argmax(axis=0)
        assert np.unique(answers).size == 1, f"seed {seed} gives more than one answer"
        favourites.append(int(answers[0]))
        right = int((answers == labels).sum())
        assert right == counts[answers[0]]
    assert favourites[0] == 1 and counts.argmax() == 1  # "1s are the most common test digit"
    assert favourites[1] == 5 and counts.argmin() == 5  # "5s are the rarest"
    for seed in (0, 1):
        right = counts[favourites[seed]]
        assert f"{right:,} times, {right / labels.size:.2%}" in PAGE
    assert f"{labels.size:,} test\n    digits" in PAGE


def test_the_difference_between_a_0_and_a_1_fades_layer_by_layer(test_set, knobs):
    images, labels = test_set
    assert (labels[3], labels[2]) == (0, 1)
    _, zero = nnbook.forward_all(knobs, images[:, [3]])
    _, one = nnbook.forward_all(knobs, images[:, [2]])
    change = [np.abs(zero[l] - one[l]).max() for l in (1, 2, 3)]
    assert change[0] > change[1] > change[2]
    assert f"moves by {change[0]:.3f}" in PAGE and f"only\n    {change[2]:.3f} is left" in PAGE


def test_each_layer_passes_on_a_fraction_and_the_answer_stays(test_set, knobs):
    # "about a fifth here, then about a third of that", "too little to change the answer"
    images, _ = test_set
    _, zero = nnbook.forward_all(knobs, images[:, [3]])
    _, one = nnbook.forward_all(knobs, images[:, [2]])
    change = [np.abs(zero[l] - one[l]).max() for l in (1, 2, 3)]
    assert 0.15 < change[1] / change[0] < 0.25 and 0.25 < change[2] / change[1] < 0.4
    assert zero[3].argmax() == one[3].argmax()
    assert book.says("02-layers.md", "about a fifth here, then about a third of that")


def test_once_trained_this_network_reads_most_digits():
    from figures import quotes

    assert quotes.values()["ch10.test_accuracy"] > 0.5 and book.says("02-layers.md", "reads most digits")
