"""Gradient descent: one step, and SGD over shuffled mini-batches on synthetic and real digits."""

import math

import numpy as np
import pytest

from nnbook import (
    DivergenceError,
    accuracy,
    backprop,
    cost,
    flatten,
    forward,
    init_knobs,
    one_hot,
    sgd,
    step,
)
import mnist_data


def _blobs(n, seed=0):
    """Two well-separated clouds of points in 4-D: an easy problem to learn."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    centres = np.array([[0.2, 0.8, 0.2, 0.8], [0.8, 0.2, 0.8, 0.2]]).T  # (4, 2)
    X = centres[:, labels] + 0.1 * rng.standard_normal((4, n))
    return X, one_hot(labels, 2), labels


@pytest.fixture(scope="module")
def digits():
    images, labels = mnist_data.digits("train")
    return images[:, :2000], labels[:2000]


def test_step_moves_against_the_gradient_in_place():
    knobs = init_knobs([4, 3, 2], rng=0)
    before = flatten(knobs)
    nabla = [(np.ones_like(W), np.full_like(b, 2.0)) for W, b in knobs]
    ids = [(id(W), id(b)) for W, b in knobs]
    step(knobs, nabla, 0.5)
    assert [(id(W), id(b)) for W, b in knobs] == ids
    np.testing.assert_allclose(before - flatten(knobs), 0.5 * flatten(nabla))


def test_one_step_lowers_the_cost():
    X, Y, _ = _blobs(100)
    knobs = init_knobs([4, 5, 2], rng=1)
    before = cost(forward(knobs, X), Y)
    step(knobs, backprop(knobs, X, Y), 0.5)
    assert cost(forward(knobs, X), Y) < before


def test_sgd_learns_a_synthetic_problem():
    X, Y, labels = _blobs(400)
    knobs = init_knobs([4, 5, 2], rng=2)
    start = cost(forward(knobs, X), Y)
    history = sgd(knobs, X, Y, epochs=20, batch_size=10, eta=3.0, rng=0, evaluation=(X, labels))
    assert history[-1]["train_cost"] < 0.1 * start
    assert history[-1]["accuracy"] > 0.97


def test_sgd_on_real_digits(digits):
    images, labels = digits
    knobs = init_knobs([784, 16, 16, 10], rng=0, dtype=np.float32)
    X, Y = images[:, :1500], one_hot(labels[:1500])
    held_out = (images[:, 1500:], labels[1500:])
    start = accuracy(knobs, *held_out)
    history = sgd(knobs, X, Y, epochs=5, batch_size=10, eta=3.0, rng=0, evaluation=held_out)
    costs = [e["train_cost"] for e in history]
    assert costs[-1] < 0.6 * costs[0]
    assert history[-1]["accuracy"] > max(0.6, start + 0.4)
    assert all(W.dtype == np.float32 for W, _ in knobs)


def test_history_and_callback():
    X, Y, labels = _blobs(50)
    seen = []
    history = sgd(init_knobs([4, 3, 2]), X, Y, epochs=3, batch_size=7, eta=1.0, callback=seen.append)
    assert seen == history
    assert [e["epoch"] for e in history] == [1, 2, 3]
    assert all(set(e) == {"epoch", "eta", "train_cost", "seconds"} and e["eta"] == 1.0 for e in history)
    assert all(e["seconds"] >= 0 and math.isfinite(e["train_cost"]) for e in history)
    with_eval = sgd(init_knobs([4, 3, 2]), X, Y, epochs=1, batch_size=7, eta=1.0, evaluation=(X, labels))
    assert set(with_eval[0]) == {"epoch", "eta", "train_cost", "seconds", "accuracy"}
    assert 0 <= with_eval[0]["accuracy"] <= 1


def test_train_cost_is_the_average_over_the_epochs_mini_batches():
    # One epoch, one mini-batch holding every example: the reported cost is
    # the cost before the single step.
    X, Y, _ = _blobs(30)
    knobs = init_knobs([4, 3, 2], rng=3)
    before = cost(forward(knobs, X), Y)
    assert sgd(knobs, X, Y, epochs=1, batch_size=30, eta=1.0)[0]["train_cost"] == pytest.approx(before, rel=1e-12)


def test_same_seed_same_training():
    X, Y, _ = _blobs(60)
    runs = []
    for _ in range(2):
        knobs = init_knobs([4, 3, 2], rng=4)
        history = sgd(knobs, X, Y, epochs=2, batch_size=8, eta=2.0, rng=np.random.default_rng(9))
        runs.append((flatten(knobs), [e["train_cost"] for e in history]))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    assert runs[0][1] == runs[1][1]
    knobs = init_knobs([4, 3, 2], rng=4)
    sgd(knobs, X, Y, epochs=2, batch_size=8, eta=2.0, rng=10)
    assert not np.array_equal(flatten(knobs), runs[0][0])


def test_accuracy_counts_the_tallest_output():
    knobs = [(np.eye(3) * 10.0, np.zeros((3, 1)))]  # output j is tallest when input j is
    X = np.eye(3)[:, [2, 0, 1, 1]]
    assert accuracy(knobs, X, [2, 0, 1, 1]) == 1.0
    assert accuracy(knobs, X, np.array([2, 0, 0, 0])) == 0.5


def test_divergence_is_reported_with_epoch_step_and_eta():
    X, Y, _ = _blobs(40)
    knobs = init_knobs([4, 3, 2], dtype=np.float32)
    # 2 * eta / m overflows float32, and the cost turns into NaN at the first step.
    with pytest.raises(DivergenceError, match=r"the cost became NaN at epoch 1, step \d+: the learning rate 1e\+40 is too large; try a smaller eta"):
        sgd(knobs, X, Y, epochs=2, batch_size=4, eta=1e40)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"eta": -3.0}, ValueError, r"learning rate eta must be a positive number \(nnbook.train's default is 2.0\); got -3.0"),
        ({"eta": float("nan")}, ValueError, "learning rate eta must be a positive number"),
        ({"eta": "3"}, TypeError, "learning rate eta must be a number"),
        ({"epochs": 0}, ValueError, "epochs must be a whole number of at least 1; got 0"),
        ({"epochs": 2.5}, TypeError, "epochs must be a whole number"),
        ({"batch_size": 0}, ValueError, r"batch_size .* must be a whole number from 1 to 20; got 0"),
        ({"batch_size": 21}, ValueError, r"at most the 20 examples\) must be a whole number from 1 to 20; got 21"),
        ({"evaluation": np.zeros((4, 3))}, TypeError, r"evaluation must be a pair \(X_test, labels_test\)"),
        ({"evaluation": (np.zeros((4, 3)), np.array([0, 1]))}, ValueError, r"one label per example: X has 3 column\(s\)"),
        ({"evaluation": (np.zeros((4, 3)), one_hot([0, 1, 1], 2))}, ValueError, r"labels should be the digits.*argmax"),
        ({"evaluation": (np.zeros((4, 2)), np.array([0, 5]))}, ValueError, "labels must be whole numbers from 0 to 1"),
    ],
)
def test_bad_training_arguments(kwargs, error, match):
    X, Y, _ = _blobs(20)
    knobs = init_knobs([4, 3, 2])
    before = flatten(knobs)
    args = {"epochs": 1, "batch_size": 5, "eta": 3.0} | kwargs
    with pytest.raises(error, match=match):
        sgd(knobs, X, Y, **args)
    np.testing.assert_array_equal(flatten(knobs), before)  # refused before any training


def test_bad_training_data():
    X, Y, _ = _blobs(20)
    knobs = init_knobs([4, 3, 2])
    with pytest.raises(ValueError, match=r"same number of each; got X \(4, 20\) and Y \(2, 19\)"):
        sgd(knobs, X, Y[:, :19], epochs=1, batch_size=5, eta=3.0)
    with pytest.raises(ValueError, match="Y must be one-hot"):
        sgd(knobs, X, Y * 0.5, epochs=1, batch_size=5, eta=3.0)
    bad = X.copy()
    bad[1, 7] = np.nan
    with pytest.raises(ValueError, match=r"X holds NaN or infinite values \(first in column 7\)"):
        sgd(knobs, bad, Y, epochs=1, batch_size=5, eta=3.0)
    knobs[1][0][0, 0] = np.inf
    with pytest.raises(ValueError, match=r"layer 2.s \[W b\] holds NaN or infinite values.*nnbook.init_knobs"):
        sgd(knobs, X, Y, epochs=1, batch_size=5, eta=3.0)


def test_bad_step_arguments():
    knobs = init_knobs([4, 3, 2])
    nabla = backprop(knobs, *_blobs(5)[:2])
    with pytest.raises(ValueError, match=r"got 1 pair\(s\) for 2 layer\(s\)\. Compute it with nnbook.backprop"):
        step(knobs, nabla[:1], 1.0)
    with pytest.raises(ValueError, match="shaped like"):
        step(knobs, [(gW.T, gb) for gW, gb in nabla], 1.0)
    with pytest.raises(ValueError, match="learning rate eta must be a positive number"):
        step(knobs, nabla, 0.0)


def _noise_digits(n=200, seed=0):
    """784 random 'pixels' in 0..1 per example and random labels: enough to drive a network, never real data."""
    rng = np.random.default_rng(seed)
    return rng.random((784, n)), one_hot(rng.integers(0, 10, n), 10)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_network_stuck_by_a_huge_learning_rate_stops_sgd_early(dtype):
    X, Y = _noise_digits()
    with pytest.raises(DivergenceError) as e:
        sgd(init_knobs([784, 16, 10], dtype=dtype), X, Y, epochs=3, batch_size=10, eta=1e6)
    text = str(e.value)
    assert text.startswith("the network is stuck at epoch 1, step ") and "gradient has been zero for 10 steps" in text
    assert int(text.split("step ")[1].split(":")[0]) <= 20  # within the first of 3 epochs of 20 steps
    assert text.endswith("the learning rate 1e+06 is too large; try a smaller eta (the book's runs use 3 or less).")


def test_pixels_in_0_255_are_refused_with_the_range_found():
    X, Y = _noise_digits()
    X = np.round(X * 255)
    with pytest.raises(ValueError, match=r"^X holds values from 0 to 255, but the network expects pixels from 0 to 1"
                       r", as nnbook.mnist.load gives them\. If these are grey levels 0..255, divide by 255 first\.$"):
        sgd(init_knobs([784, 16, 10]), X, Y, epochs=1, batch_size=10, eta=3.0)
    # inputs that are not 784 pixels may have any range (chapter examples use points in the plane)
    X, Y, _ = _blobs(40)
    sgd(init_knobs([4, 3, 2]), X * 100, Y, epochs=1, batch_size=10, eta=0.01)
