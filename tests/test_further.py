"""nnbook.further: softmax, cross-entropy and its backprop, momentum, and the momentum trainer."""

import numpy as np
import pytest

import nnbook
from nnbook import further
from nnbook.network import flatten


def small_problem(sizes=(6, 5, 4, 3), m=7, seed=0):
    rng = np.random.default_rng(seed)
    knobs = nnbook.init_knobs(list(sizes), rng=rng)
    X = rng.random((sizes[0], m))
    Y = nnbook.one_hot(rng.integers(0, sizes[-1], m), sizes[-1])
    return knobs, X, Y


def test_softmax_columns_are_probabilities_and_keep_the_order():
    z = np.random.default_rng(1).normal(size=(10, 5)) * 4
    a = further.softmax(z)
    assert np.all(a > 0)
    np.testing.assert_allclose(a.sum(axis=0), 1.0)
    np.testing.assert_array_equal(np.argmax(a, axis=0), np.argmax(z, axis=0))
    np.testing.assert_array_equal(np.argmax(a, axis=0), np.argmax(nnbook.sigmoid(z), axis=0))


def test_softmax_ignores_a_shift_and_does_not_overflow():
    z = np.array([[1000.0], [999.0], [-1000.0]])
    with np.errstate(over="raise", invalid="raise"):
        a = further.softmax(z)
    np.testing.assert_allclose(a, further.softmax(z - 1000.0))
    np.testing.assert_allclose(a[:2, 0], [1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1))])
    np.testing.assert_allclose(further.softmax(np.zeros((4, 1))), 0.25)


def test_cross_entropy_is_minus_log_of_the_right_probability():
    a = np.array([[0.7, 0.1], [0.2, 0.8], [0.1, 0.1]])
    y = nnbook.one_hot([0, 1], 3)
    assert further.cross_entropy(a, y) == pytest.approx(-(np.log(0.7) + np.log(0.8)) / 2)
    assert further.cross_entropy(y, y) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="one-hot"):
        further.cross_entropy(a, a)


@pytest.mark.parametrize("sizes", [(6, 5, 4, 3), (5, 3), (4, 6, 10)])
def test_backprop_softmax_matches_central_differences(sizes):
    knobs, X, Y = small_problem(sizes)
    softmax_network = {"backprop": further.backprop_softmax, "forward": further.forward_softmax,
                       "cost": further.cross_entropy}
    assert nnbook.gradient_check(knobs, X, Y, **softmax_network) < 1e-7
    assert nnbook.gradient_check(knobs, X, Y, backprop=further.backprop_softmax) > 1e-3  # not the quadratic cost's


def test_backprop_softmax_output_error_is_output_minus_target():
    # One layer, one example: dC/db is exactly softmax(z) - y.
    knobs, X, Y = small_problem((5, 3), m=1)
    a = further.forward_softmax(knobs, X)
    _, nabla_b = further.backprop_softmax(knobs, X, Y)[0]
    np.testing.assert_allclose(nabla_b, a - Y)


def test_momentum_step_at_mu_zero_is_plain_gradient_descent():
    knobs, X, Y = small_problem()
    plain = [(W.copy(), b.copy()) for W, b in knobs]
    nabla = nnbook.backprop(knobs, X, Y)
    velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in knobs]
    further.momentum_step(knobs, velocity, nabla, eta=0.5, mu=0.0)
    nnbook.step(plain, nabla, 0.5)
    np.testing.assert_allclose(flatten(knobs), flatten(plain))


def test_momentum_keeps_a_fraction_of_the_last_step():
    knobs = [(np.zeros((1, 1)), np.zeros((1, 1)))]
    velocity = [(np.zeros((1, 1)), np.zeros((1, 1)))]
    nabla = [(np.ones((1, 1)), np.ones((1, 1)))]
    positions = []
    for _ in range(3):
        further.momentum_step(knobs, velocity, nabla, eta=1.0, mu=0.5)
        positions.append(float(knobs[0][0][0, 0]))
    # steps -1, -1.5, -1.75: a constant slope is followed ever faster, up to eta / (1 - mu)
    assert positions == pytest.approx([-1.0, -2.5, -4.25])


@pytest.mark.parametrize("mu", [-0.1, 1.0, 1.5])
def test_momentum_outside_zero_to_one_is_refused(mu):
    knobs, X, Y = small_problem()
    velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in knobs]
    with pytest.raises(ValueError, match="momentum mu"):
        further.momentum_step(knobs, velocity, nnbook.backprop(knobs, X, Y), eta=1.0, mu=mu)


def test_sgd_momentum_at_mu_zero_retraces_nnbook_sgd():
    knobs, X, Y = small_problem(m=40)
    twin = [(W.copy(), b.copy()) for W, b in knobs]
    h1 = further.sgd_momentum(knobs, X, Y, epochs=3, batch_size=8, eta=2.0, mu=0.0, rng=5)
    h2 = nnbook.sgd(twin, X, Y, epochs=3, batch_size=8, eta=2.0, rng=5)
    np.testing.assert_allclose(flatten(knobs), flatten(twin), rtol=1e-10, atol=1e-12)
    assert [e["train_cost"] for e in h1] == pytest.approx([e["train_cost"] for e in h2])


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_sgd_momentum_learns_a_separable_problem(output):
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 3, 300)
    X = rng.normal(size=(4, 300)) * 0.3
    X[labels, np.arange(300)] += 2.0  # each class lights up its own input
    knobs = nnbook.init_knobs([4, 8, 3], rng=1)
    before = nnbook.accuracy(knobs, X, labels)
    history = further.sgd_momentum(knobs, X, nnbook.one_hot(labels, 3), epochs=10, batch_size=10, eta=0.3,
                                   mu=0.9, output=output, rng=2, evaluation=(X, labels))
    assert history[-1]["accuracy"] > 0.95 > before
    assert history[-1]["train_cost"] < history[0]["train_cost"]


def test_sgd_momentum_refuses_an_unknown_output_and_reports_divergence():
    knobs, X, Y = small_problem(m=20)
    with pytest.raises(ValueError, match="output"):
        further.sgd_momentum(knobs, X, Y, epochs=1, batch_size=5, eta=1.0, output="relu")
    broken = [(W.copy(), b.copy()) for W, b in knobs]
    broken[0][0][0, 0] = np.nan  # knobs left over from a run that blew up: refused before any work
    with pytest.raises(ValueError, match="layer 1's .* NaN"):
        further.sgd_momentum(broken, X, Y, epochs=1, batch_size=5, eta=1.0)
    for output in ("sigmoid", "softmax"):
        # In float32, eta times the gradient overflows at the first step and the cost turns into NaN.
        knobs32 = [(W.astype(np.float32), b.astype(np.float32)) for W, b in knobs]
        with pytest.raises(nnbook.DivergenceError, match=r"NaN at epoch 1, step 2: the learning rate 1e\+40"):
            further.sgd_momentum(knobs32, X, Y, epochs=1, batch_size=5, eta=1e40, output=output)


def test_momentum_with_a_huge_learning_rate_stops_as_soon_as_the_network_is_stuck():
    rng = np.random.default_rng(0)
    X, Y = rng.random((784, 200)), nnbook.one_hot(rng.integers(0, 10, 200), 10)
    with pytest.raises(nnbook.DivergenceError) as e:
        further.sgd_momentum(nnbook.init_knobs([784, 16, 10]), X, Y, epochs=3, batch_size=10, eta=1e6, mu=0.9)
    assert str(e.value).startswith("the network is stuck at epoch 1, step ")
    assert str(e.value).endswith("the learning rate 1e+06 is too large; with momentum 0.9, try a smaller eta or mu "
                                 "(chapter 11 uses 0.1 with mu 0.9).")


def test_weight_decay_is_the_plain_step_then_every_weight_shrunk_and_the_biases_left_alone():
    knobs, X, Y = small_problem(m=8)
    plain, decayed = ([(W.copy(), b.copy()) for W, b in knobs] for _ in range(2))
    nnbook.sgd(plain, X, Y, epochs=1, batch_size=8, eta=2.0)  # one mini-batch: one step
    nnbook.sgd(decayed, X, Y, epochs=1, batch_size=8, eta=2.0, learn=further.WeightDecay(0.01))
    for (W, b), (W2, b2) in zip(plain, decayed, strict=True):
        np.testing.assert_array_equal(W2, W * (1 - 2.0 * 0.01))
        np.testing.assert_array_equal(b2, b)


def test_weight_decay_wraps_any_rule_and_keeps_its_advice():
    knobs, X, Y = small_problem(m=8)
    twin = [(W.copy(), b.copy()) for W, b in knobs]
    momentum = further.Momentum(knobs, 0.9)
    nnbook.sgd(knobs, X, Y, epochs=1, batch_size=8, eta=0.5, learn=further.WeightDecay(0.1, momentum))
    nnbook.sgd(twin, X, Y, epochs=1, batch_size=8, eta=0.5, learn=further.Momentum(twin, 0.9))
    for (W, b), (W2, b2) in zip(twin, knobs, strict=True):
        np.testing.assert_array_equal(W2, W * (1 - 0.5 * 0.1))
        np.testing.assert_array_equal(b2, b)
    assert further.WeightDecay(0.1, momentum).advice == momentum.advice and "momentum 0.9" in momentum.advice


@pytest.mark.parametrize("bad, error, message", [
    (-1e-4, ValueError, r"weight_decay must be at least 0 .*; got -0.0001"),
    ("1e-4", TypeError, r"weight_decay must be a number"),
    (float("nan"), ValueError, r"weight_decay must be at least 0"),
])
def test_sgd_refuses_a_weight_decay_that_is_not_a_decay_at_its_door(bad, error, message):
    knobs, X, Y = small_problem(m=8)
    with pytest.raises(error, match=message):
        nnbook.sgd(knobs, X, Y, epochs=1, batch_size=4, eta=1.0, learn=further.WeightDecay(bad))


def test_sgd_refuses_a_weight_decay_that_would_flip_the_weights_at_its_largest_rate():
    knobs, X, Y = small_problem(m=8)
    with pytest.raises(ValueError, match=r"below 1/eta = 0.333333"):
        nnbook.sgd(knobs, X, Y, epochs=2, batch_size=4, eta=lambda e: 3.0 / e, learn=further.WeightDecay(0.5))
