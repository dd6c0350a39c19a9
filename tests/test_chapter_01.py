"""Chapter 1's claims, checked against what nnbook computes on the real MNIST digits.

The page quotes its numbers by name (figures/quotes.py, from the record figures/data/untrained.json): the
tests check that the record is what nnbook computes today, and that what the prose says about each quoted
value is true (the tallest is the largest, "close to the ten guessing predicts" is a band), never how the
page words it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import book
import mnist_data
import nnbook
from figures import _untrained, quotes

Q = quotes.values()


@pytest.fixture(scope="module")
def data():
    images, labels = mnist_data.digits("train")
    test_images, test_labels = mnist_data.digits("test")
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=0)
    return images, labels, test_images, test_labels, knobs


def _same(record, fresh, where="the record"):
    """Counts equal, outputs equal to rounding (a forward pass's last bits may differ between BLAS kernels)."""
    if isinstance(record, dict):
        assert record.keys() == fresh.keys(), where
        for key in record:
            _same(record[key], fresh[key], f"{where}[{key!r}]")
    elif isinstance(record, list) and record and isinstance(record[0], (list, float)):
        np.testing.assert_allclose(np.array(fresh, dtype=float), np.array(record, dtype=float), rtol=1e-9,
                                   atol=1e-12, err_msg=where)
    elif isinstance(record, float):
        assert fresh == pytest.approx(record, rel=1e-9, abs=1e-12), where
    else:
        assert fresh == record, where


def test_the_record_chapters_1_2_and_4_quote_is_what_nnbook_computes(data):
    images, labels, test_images, test_labels, _ = data
    record = json.loads(_untrained.RECORD.read_text(encoding="utf-8"))
    fresh = json.loads(json.dumps(_untrained.compute(images, labels, test_images, test_labels)))
    _same(record, fresh)  # stale: python -m figures._untrained


def test_the_data_set_sizes(data):
    images, labels, test_images, test_labels, _ = data
    assert Q["mnist.train"] == images.shape[1] == labels.size
    assert Q["mnist.test"] == test_images.shape[1] == test_labels.size
    assert Q["mnist.all"] == Q["mnist.train"] + Q["mnist.test"]
    assert images.shape[0] == 28 * 28 == 784  # "a square of 28 by 28 pixels, and 28 x 28 = 784"
    assert Q["ch01.first_label"] == labels[0]


def test_the_first_digit(data):
    images, *_ = data
    x = images[:, 0]
    assert 0 <= x.min() and x.max() <= 1  # "a pixel is one number between 0 and 1"
    assert Q["ch01.inked_pixels"] == np.sum(x > 0) < x.size  # "only 166 of the 784 carry ink; the rest are 0"
    patch = x.reshape(28, 28)[_untrained.PATCH]
    assert patch.shape == (8, 8)  # "an 8 by 8 patch": "the same 64 numbers"
    assert Q["ch01.patch_paper"] == patch.min() == 0  # blank paper
    assert Q["ch01.patch_ink"] == patch.max() > 0.95  # along the stroke
    greys = [Q["ch01.patch_grey_1"], Q["ch01.patch_grey_2"]]
    assert greys == [patch[2, 0], patch[2, 1]] and all(0.1 < g < 0.9 for g in greys)  # greys, not paper or ink
    assert patch[2, 3] == patch.max()  # at the stroke's edge: the same row reaches full ink two pixels on


def test_the_untrained_answer(data):
    images, labels, _, _, knobs = data
    a = nnbook.forward(knobs, images[:, [0]])[:, 0]
    right = int(labels[0])
    assert np.all((0 < a) & (a < 1)), "each output lies between 0 and 1"
    # "The tallest is 0.9443, in slot 1, so the network says 1. It is wrong"
    assert Q["ch01.answer"] == a.argmax() != right
    assert Q["ch01.tallest"] == pytest.approx(a.max(), abs=1e-12)
    # "the right slot, 5, holds 0.7756, and two other slots, 4 and 6, are taller too"
    assert Q["ch01.right_output"] == pytest.approx(a[right], abs=1e-12)
    assert Q["ch01.taller_than_right"] == np.sum(a > a[right]) - 1 >= 1
    taller = [d for d in range(10) if a[d] > a[right] and d != np.argmax(a)]  # "two other slots, 4 and 6"
    assert Q["ch01.taller_than_right_digits"] == " and ".join(map(str, taller)) and len(taller) >= 2  # "slots", plural
    # The bar chart's alt text: "the other bars range from 0.15 for digit 7 to 0.79 for digits 4 and 6"
    others = [d for d in range(10) if d not in (a.argmax(), right)]
    low, high = min(others, key=lambda d: a[d]), max(others, key=lambda d: a[d])
    assert Q["ch01.others_lowest_digit"] == low and Q["ch01.others_lowest"] == pytest.approx(a[low], abs=1e-12)
    assert Q["ch01.others_highest"] == pytest.approx(a[high], abs=1e-12)
    tied = [d for d in others if round(a[d], 2) == round(a[high], 2)]
    assert Q["ch01.others_highest_digits"].split(" and ") == [str(d) for d in tied]


def test_the_untrained_network_answers_one_digit_for_every_test_digit(data):
    _, _, test_images, test_labels, knobs = data
    answers = nnbook.forward(knobs, test_images).argmax(axis=0)
    assert np.all(answers == Q["untrained.seed0_answer"]), "the prose says it answers 1 for every test digit"
    accuracy = nnbook.accuracy(knobs, test_images, test_labels)
    assert Q["untrained.seed0_accuracy"] == pytest.approx(accuracy)
    # "right 11.35% of the time only because 1,135 of the test digits happen to be 1s"
    assert Q["untrained.seed0_right"] == np.sum(test_labels == Q["untrained.seed0_answer"])
    assert Q["untrained.seed0_right"] == round(accuracy * test_labels.size)


def test_the_exercises(data):
    images, labels, _, _, knobs = data
    first_seven = int(np.argmax(labels == 7))
    n = Q["ch01.sevens_networks"]
    right = sum(
        int(nnbook.forward(nnbook.init_knobs([784, 16, 16, 10], rng=seed), images[:, [first_seven]]).argmax()) == 7
        for seed in range(n)
    )
    assert Q["ch01.sevens_answering"] == right
    # "close to the ten that guessing predicts": within two standard deviations of n guesses right one time in ten
    assert abs(right - n / 10) <= 2 * np.sqrt(n * 0.1 * 0.9)
    flipped = images[:, 0].reshape(28, 28)[:, ::-1].reshape(784, 1)
    a, a_flipped = nnbook.forward(knobs, images[:, [0]]), nnbook.forward(knobs, flipped)
    assert np.abs(a - a_flipped).max() < 0.01  # "no output moves by more than a hundredth"
    assert a.argmax() == a_flipped.argmax()


def test_the_draw_panel_fallback_describes_its_bars(data):
    # The panel's static picture (docs/_snippets/draw-untrained.md) is chapter 1's figure: "most bars are more than
    # half tall" (not every one: digit 7's is 0.15), "the tallest ... at digit 1, which is wrong".
    images, labels, _, _, knobs = data
    a = nnbook.forward(knobs, images[:, [0]]).ravel()
    assert (a > 0.5).sum() > 5 and a.min() < 0.5
    assert a.argmax() == 1 != labels[0]


def test_the_untrained_outputs_hardly_depend_on_the_picture(data):
    # "every digit lands on nearly the same 10 numbers": across the 10,000 test digits each output moves far less
    # than the outputs differ from one another. "What differs from one picture to the next fades at each layer":
    # test_chapter_02 measures it. It is not the biases (as this page once said): with every bias 0, the network
    # still gives all 10,000 digits one answer.
    _, _, test_images, _, knobs = data
    a = nnbook.forward(knobs, test_images)
    assert a.std(axis=1).max() < 0.05 < np.ptp(a.mean(axis=1)) / 10
    no_bias = nnbook.forward([(W, np.zeros_like(b)) for W, b in knobs], test_images)
    assert len(set(no_bias.argmax(axis=0))) == 1 and book.says("01-function.md", "fades")


def test_chapter_ten_reads_most_test_digits():
    assert Q["ch10.test_accuracy"] > 0.5
    assert book.says("01-function.md", "reads most of these test digits")  # "most" is the claim
