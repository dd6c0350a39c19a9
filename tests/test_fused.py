"""The fused kernel of the training path against the book's readable core, in float64 to 1e-10."""

import numpy as np
import pytest

from nnbook import backprop, cost, flatten, forward, init_knobs, one_hot, sgd, sigmoid, step
from nnbook.descent import descend
from nnbook.fused import evaluate, learn, sigmoid_inplace, sweep, sweep_softmax
from nnbook.further import Momentum, backprop_softmax, cross_entropy, forward_softmax, momentum_step
from batches import random_batch

SIZES = [[784, 16, 16, 10], [20, 8, 5], [5, 7, 3, 6, 2]]


def _copy(knobs):
    return [(W.copy(), b.copy()) for W, b in knobs]


@pytest.mark.parametrize("sizes", SIZES)
def test_the_sweep_gives_backprops_gradient_and_the_cost(sizes):
    knobs = init_knobs(sizes, rng=2)
    X, Y = random_batch(sizes, 13)
    nabla, batch_cost, still = sweep(knobs, X, Y)
    np.testing.assert_allclose(flatten(nabla), flatten(backprop(knobs, X, Y)), rtol=0, atol=1e-10)
    assert batch_cost == pytest.approx(cost(forward(knobs, X), Y), rel=1e-10) and not still


@pytest.mark.parametrize("sizes", SIZES)
def test_the_fused_step_is_backprop_then_step(sizes):
    knobs = init_knobs(sizes, rng=3)
    X, Y = random_batch(sizes, 9, seed=1)
    expected = _copy(knobs)
    step(expected, backprop(knobs, X, Y), 0.7)
    nabla, batch_cost, _ = sweep(knobs, X, Y, eta=0.7)
    assert nabla is None
    np.testing.assert_allclose(flatten(knobs), flatten(expected), rtol=0, atol=1e-10)


@pytest.mark.parametrize("sizes", SIZES)
def test_the_softmax_sweep_gives_the_readable_softmax_backprop(sizes):
    # further.backprop_softmax is written out (forward_all, delta = a - y, backprop.backward), not with this kernel
    knobs = init_knobs(sizes, rng=6)
    X, Y = random_batch(sizes, 11, seed=2)
    nabla, batch_cost, still = sweep_softmax(knobs, X, Y)
    expected = flatten(backprop_softmax(knobs, X, Y))
    assert np.max(np.abs(expected)) > 1e-3  # a gradient worth comparing
    np.testing.assert_allclose(flatten(nabla), expected, rtol=0, atol=1e-10)
    assert batch_cost == pytest.approx(cross_entropy(forward_softmax(knobs, X), Y), rel=1e-10) and not still


def test_the_fused_learn_is_descend_and_momentum_takes_either_sweep():
    knobs = init_knobs([12, 6, 4], rng=7)
    X, Y = random_batch([12, 6, 4], 30, seed=3)
    runs = []
    for step_on in (learn, descend, Momentum(knobs, 0.5, sweep), Momentum(knobs, 0.5)):
        twin = _copy(knobs)
        history = sgd(twin, X, Y, epochs=2, batch_size=7, eta=0.8, rng=1, learn=step_on)
        runs.append((flatten(twin), [e["train_cost"] for e in history]))
    for (fast, fast_costs), (readable, readable_costs) in (runs[:2], runs[2:]):
        np.testing.assert_allclose(fast, readable, rtol=0, atol=1e-10)
        assert fast_costs == pytest.approx(readable_costs, rel=1e-10)
    assert np.max(np.abs(runs[0][0] - runs[2][0])) > 1e-3  # momentum moved the knobs differently


def test_the_softmax_sweep_and_momentum():
    knobs = init_knobs([12, 6, 4], rng=4)
    X, Y = random_batch([12, 6, 4], 8)
    nabla, batch_cost, still = sweep_softmax(knobs, X, Y)
    np.testing.assert_allclose(flatten(nabla), flatten(backprop_softmax(knobs, X, Y)), rtol=0, atol=1e-10)
    assert batch_cost == pytest.approx(cross_entropy(forward_softmax(knobs, X), Y), rel=1e-10) and not still
    velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in knobs]
    plain = _copy(knobs)
    momentum_step(knobs, velocity, nabla, 0.5, 0.0)  # mu = 0: the plain step
    step(plain, nabla, 0.5)
    np.testing.assert_allclose(flatten(knobs), flatten(plain), rtol=0, atol=1e-15)


def test_a_stuck_network_is_reported_still():
    knobs = [(np.full((2, 3), 1e4), np.zeros((2, 1)))]  # every output pinned at exactly 1
    X, Y = np.ones((3, 4)), one_hot([0, 1, 0, 1], 2)
    _, batch_cost, still = sweep(knobs, X, Y)
    assert still and batch_cost == 1.0


def test_evaluate_is_the_quadratic_cost_and_the_accuracy():
    knobs = init_knobs([20, 8, 5], rng=5)
    X, Y = random_batch([20, 8, 5], 50)
    labels = np.argmax(Y, axis=0)
    c, a = evaluate(knobs, X, labels, chunk=16)  # several chunks, the last one short
    assert c == pytest.approx(cost(forward(knobs, X), Y), rel=1e-12)
    assert a == np.mean(np.argmax(forward(knobs, X), axis=0) == labels)


@pytest.mark.parametrize(("dtype", "atol", "zero_below"), [(np.float64, 2.3e-16, -38.0), (np.float32, 1.2e-7, -20.0)])
def test_the_in_place_sigmoid_is_the_sigmoid_but_for_the_far_left_tail(dtype, atol, zero_below):
    """The documented difference: 1/2 + 1/2 tanh(z/2) is sigma to within one rounding of 1 (absolute), but
    it reaches exactly 0 on the left (about z = -20 in float32, -38 in float64), where the exp form still
    gives a tiny positive number; on the right both reach exactly 1."""
    z = np.linspace(-60, 60, 12001).astype(dtype)
    fast, exact = sigmoid_inplace(z.copy()), sigmoid(z)
    assert fast.dtype == dtype
    np.testing.assert_allclose(fast, exact, rtol=0, atol=atol)
    assert np.all(fast[z <= zero_below] == 0) and np.all(exact > 0)
    assert np.all(fast[z > 38] == 1) and np.all(exact[z > 38] == 1)
