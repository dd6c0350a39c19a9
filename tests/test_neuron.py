"""One neuron: a weighted sum plus a bias, squished."""

import math

import numpy as np
import pytest

from nnbook import neuron


def test_hand_computed_neuron():
    # 0.5*2 + 1.0*(-1) + 0.5 = 0.5, and sigma(0.5) = 1 / (1 + e^-0.5)
    assert neuron([0.5, 1.0], [2.0, -1.0], 0.5) == pytest.approx(1 / (1 + math.exp(-0.5)), rel=1e-15)


def test_zero_weighted_sum_gives_one_half():
    assert neuron([0.3, 0.7, 0.1], [0.0, 0.0, 0.0], 0.0) == 0.5


def test_bias_shifts_the_threshold():
    a, w = np.array([1.0, 1.0]), np.array([1.0, 1.0])
    assert neuron(a, w, -2.0) == 0.5
    assert neuron(a, w, -10.0) < 0.01 < 0.99 < neuron(a, w, 10.0)


def test_returns_a_plain_float():
    assert isinstance(neuron(np.ones(3), np.ones(3), 0), float)


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match=r"one weight per incoming activation.*a of shape \(2,\) and w of shape \(3,\)"):
        neuron([1, 2], [1, 2, 3], 0)


def test_column_vectors_get_a_hint():
    with pytest.raises(ValueError, match=r"got a of shape \(2, 1\).*a.ravel\(\)"):
        neuron([[1], [2]], [1, 2], 0)


def test_bias_must_be_one_number():
    with pytest.raises(ValueError, match=r"one bias, a single number; got b of shape \(2,\)"):
        neuron([1, 2], [1, 2], [0.5, 0.5])
