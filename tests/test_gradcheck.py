"""Backprop against central differences on every knob of small networks, in float64."""

import numpy as np
import pytest

from nnbook import backprop, flatten, gradient_check, init_knobs, numerical_gradient
from batches import random_batch


@pytest.mark.parametrize(
    "sizes",
    [[2, 1], [3, 2], [5, 4, 3], [8, 6, 4, 3], [4, 7, 2, 6, 3], [10, 3, 3, 3, 3, 3, 2]],
)
@pytest.mark.parametrize("m", [1, 5])
def test_backprop_matches_central_differences(sizes, m):
    knobs = init_knobs(sizes, rng=sum(sizes) + m)
    X, Y = random_batch(sizes, m, seed=m)
    assert gradient_check(knobs, X, Y) < 1e-6


def test_numerical_gradient_covers_every_knob():
    sizes = [4, 3, 2]
    knobs = init_knobs(sizes, rng=0)
    X, Y = random_batch(sizes, 3, seed=0)
    numerical = numerical_gradient(knobs, X, Y)
    exact = flatten(backprop(knobs, X, Y))
    assert numerical.shape == exact.shape == (4 * 3 + 3 + 3 * 2 + 2,)
    np.testing.assert_allclose(numerical, exact, rtol=1e-6, atol=1e-9)


def test_the_check_catches_a_wrong_gradient():
    def off_by_half(knobs, X, Y):
        return [(0.5 * gW, gb) for gW, gb in backprop(knobs, X, Y)]

    knobs = init_knobs([5, 4, 3], rng=0)
    data = random_batch([5, 4, 3], 4, seed=0)
    assert gradient_check(knobs, *data) < 1e-7
    assert gradient_check(knobs, *data, backprop=off_by_half) > 1e-2


def test_float32_knobs_are_checked_in_float64():
    knobs = init_knobs([5, 4, 3], rng=0, dtype=np.float32)
    assert gradient_check(knobs, *random_batch([5, 4, 3], 4, seed=1)) < 1e-6
    assert knobs[0][0].dtype == np.float32


def test_bad_inputs():
    knobs = init_knobs([5, 4, 3])
    X, Y = random_batch([5, 4, 3], 2, seed=0)
    with pytest.raises(ValueError, match="the nudge eps must be a positive number"):
        gradient_check(knobs, X, Y, eps=0)
    with pytest.raises(ValueError, match="Y must be one-hot"):
        numerical_gradient(knobs, X, np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"X should have shape \(5, 1\)"):
        gradient_check(knobs, X[:4], Y)
