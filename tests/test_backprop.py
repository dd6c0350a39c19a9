"""Backpropagation: the vectorised mini-batch version agrees with the one-example reference."""

import numpy as np
import pytest

from nnbook import (backprop, backprop_example, cost, flatten, forward, forward_all, init_knobs, one_hot, sigmoid_prime,
                    unflatten)
from batches import random_batch


@pytest.mark.parametrize("sizes", [[784, 16, 16, 10], [6, 5, 4], [3, 2], [5, 7, 3, 6, 2]])
def test_batch_equals_the_average_of_examples(sizes):
    knobs = init_knobs(sizes, rng=1)
    X, Y = random_batch(sizes, 11)
    batch = flatten(backprop(knobs, X, Y))
    mean = np.mean([flatten(backprop_example(knobs, X[:, [j]], Y[:, [j]])) for j in range(11)], axis=0)
    assert np.max(np.abs(batch - mean)) < 1e-10


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_slope_taken_from_the_activations_is_sigmoid_prime_to_the_last_bit(dtype):
    """backward takes sigma'(z) as a (1 - a) from the kept activations: the same numbers as sigmoid_prime(z)."""
    zs, activations = forward_all(init_knobs([784, 16, 16, 10], rng=2, dtype=dtype), random_batch([784, 10], 20)[0])
    for z, a in zip(zs, activations[1:]):
        assert np.array_equal(a * (1 - a), sigmoid_prime(z))


def test_gradient_shapes_match_the_knobs():
    knobs = init_knobs([784, 16, 16, 10], rng=0)
    X, Y = random_batch([784, 16, 16, 10], 4)
    for grads in (backprop(knobs, X, Y), backprop_example(knobs, X[:, 0], Y[:, 0])):
        assert [(gW.shape, gb.shape) for gW, gb in grads] == [(W.shape, b.shape) for W, b in knobs]


def test_float32_knobs_give_float32_gradients_close_to_float64():
    knobs = init_knobs([784, 16, 16, 10], rng=0)
    knobs32 = [(W.astype(np.float32), b.astype(np.float32)) for W, b in knobs]
    X, Y = random_batch([784, 16, 16, 10], 8)
    g32, g64 = flatten(backprop(knobs32, X, Y)), flatten(backprop(knobs, X, Y))
    assert g32.dtype == np.float32
    assert np.max(np.abs(g32 - g64)) < 1e-5 * np.max(np.abs(g64))


def test_a_small_step_against_the_gradient_lowers_the_cost():
    knobs = init_knobs([784, 16, 16, 10], rng=3)
    X, Y = random_batch([784, 16, 16, 10], 50)
    g = flatten(backprop(knobs, X, Y))
    after = unflatten(flatten(knobs) - 0.1 * g, [784, 16, 16, 10])
    assert cost(forward(after, X), Y) < cost(forward(knobs, X), Y)


def test_bad_inputs():
    knobs = init_knobs([784, 16, 16, 10])
    X, Y = random_batch([784, 16, 16, 10], 3)
    with pytest.raises(ValueError, match=r"backprop_example takes one example.*got \(784, 3\).*nnbook.backprop"):
        backprop_example(knobs, X, Y)
    with pytest.raises(ValueError, match=r"same number of each; got X \(784, 3\) and Y \(10, 2\)"):
        backprop(knobs, X, Y[:, :2])
    with pytest.raises(ValueError, match=r"Y should have shape \(10, 1\).*got shape \(3,\).*one_hot"):
        backprop(knobs, X, np.array([1, 2, 3]))
    with pytest.raises(ValueError, match="Y must be one-hot"):
        backprop(knobs, X, 0.1 * Y)
    with pytest.raises(ValueError, match=r"X should have shape \(784, 1\).*got shape \(3, 784\).*one row per example"):
        backprop(knobs, X.T, Y)
    with pytest.raises(ValueError, match=r"Y should have shape \(10, 1\).*got shape \(5, 1\)"):
        backprop_example(knobs, X[:, 0], one_hot(3, 5))
