"""Every number chapter 1 quotes in its prose (and its figures' alt text) is computed here and found on the page."""

from __future__ import annotations


import numpy as np
import pytest

import nnbook
import mnist_data
import book

PAGE = book.source("01-function.md")
WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def prose(text: str) -> str:
    """The page with line breaks folded, so a number split across lines is still found."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def data():
    images, labels = mnist_data.digits("train")
    test_images, test_labels = mnist_data.digits("test")
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=0)
    return images, labels, test_images, test_labels, knobs


def test_the_data_set_sizes(data):
    images, labels, test_images, test_labels, _ = data
    page = prose(PAGE)
    total = images.shape[1] + test_images.shape[1]
    assert f"{total:,} handwritten digits" in page
    assert f"{images.shape[1]:,} for training and {test_images.shape[1]:,} kept aside" in page
    side = int(np.sqrt(images.shape[0]))  # the images are square
    assert side * side == images.shape[0] and f"${side} \\times {side} = {images.shape[0]}$" in page
    assert f"The first training image is a {labels[0]}" in page


def test_the_first_digit(data):
    images, labels, *_ = data
    x = images[:, 0]
    inked = int((x > 0).sum())
    assert f"Only {inked} of the 784 pixels" in prose(PAGE)
    patch = x.reshape(28, 28)[4:12, 10:18]
    alt = prose(PAGE.split("![On the left")[1].split("](")[0])
    for value in (patch.max(), patch[2, 0], patch[2, 1]):  # the stroke, and two greys at its edge
        assert f"{value:.2f}" in alt


def test_the_untrained_answer(data):
    images, labels, _, _, knobs = data
    a = nnbook.forward(knobs, images[:, [0]])[:, 0]
    answer, right = int(a.argmax()), int(labels[0])
    page = prose(PAGE)
    assert f"The tallest is {a[answer]:.4f}, in slot {answer}, so the network says \"{answer}\"" in page
    taller = int(np.sum(a > a[right])) - 1  # besides the answer itself
    assert f"the right slot, {right}, holds {a[right]:.4f}, and {WORDS[taller]} other slots are taller still" in page
    alt = prose(PAGE.split("![A bar chart")[1].split("](")[0])
    assert f"digit {answer} is the tallest, at {a[answer]:.2f}" in alt
    assert f"digit {right}, at {a[right]:.2f}" in alt
    assert f"from {a.min():.2f} for digit {a.argmin()}" in alt
    assert f"{np.sort(a)[-2]:.2f} for digits" in alt
    diagram = prose(PAGE.split("![A diagram")[1].split("](")[0])
    assert f"the tallest, {a[answer]:.2f} for the digit {answer}" in diagram


def test_the_untrained_accuracy(data):
    _, _, test_images, test_labels, knobs = data
    answers = nnbook.forward(knobs, test_images).argmax(axis=0)
    assert np.all(answers == 1), "the prose says this network answers 1 for every test digit"
    page = prose(PAGE)
    assert f'answers "1" for every single one of the {test_images.shape[1]:,} test' in page
    accuracy = nnbook.accuracy(knobs, test_images, test_labels)
    ones = int(np.sum(test_labels == 1))
    assert f"right {accuracy:.2%} of the time only because {ones:,} of the test digits happen to be 1s" in page


def test_the_exercises(data):
    images, labels, _, _, knobs = data
    page = prose(PAGE)
    first_seven = int(np.argmax(labels == 7))
    right = sum(
        int(nnbook.forward(nnbook.init_knobs([784, 16, 16, 10], rng=seed), images[:, [first_seven]]).argmax()) == 7
        for seed in range(100)
    )
    assert f"{WORDS[right].capitalize()}, close to the ten that guessing predicts" in page
    flipped = images[:, 0].reshape(28, 28)[:, ::-1].reshape(784, 1)
    change = np.abs(nnbook.forward(knobs, images[:, [0]]) - nnbook.forward(knobs, flipped)).max()
    assert change < 0.01 and "No output moves by more than a hundredth" in page


def test_the_draw_panel_fallback_describes_its_bars(data):
    # The panel's static picture (docs/_snippets/draw-untrained.md) is chapter 1's figure: "most bars are more than
    # half tall" (not every one: digit 7's is 0.15), "the tallest ... at digit 1, which is wrong".
    images, labels, _, _, knobs = data
    a = nnbook.forward(knobs, images[:, [0]]).ravel()
    assert (a > 0.5).sum() > 5 and a.min() < 0.5
    assert a.argmax() == 1 != labels[0]
    snippet = (book.DOCS / "_snippets" / "draw-untrained.md").read_text(encoding="utf-8")
    assert "every bar is tall" not in snippet and "most bars are more than half tall" in snippet


def test_the_untrained_outputs_hardly_depend_on_the_picture(data):
    # "every digit lands on nearly the same 10 numbers": across the 10,000 test digits each output moves far less
    # than the outputs differ from one another; "the biases outweigh the faint signal through the weights".
    _, _, test_images, _, knobs = data
    a = nnbook.forward(knobs, test_images)
    assert a.std(axis=1).max() < 0.05 < np.ptp(a.mean(axis=1)) / 10
    (W1, b1), *_ = knobs
    assert (W1 @ test_images).std() < 0.5 * b1.std()
    assert "nearly the same 10 numbers" in prose(PAGE) and "nearly the same ten bars" in prose(PAGE)


def test_chapter_ten_reads_most_test_digits():
    from figures import quotes

    assert quotes.values()["ch10.test_accuracy"] > 0.5  # "reads most of these test digits correctly"
    assert "reads most of these test digits correctly" in prose(PAGE)
