"""The quadratic cost: the worked example, averages, the slope, and what a reader gets wrong."""

import numpy as np
import pytest

from nnbook import cost, cost_prime, example_costs, one_hot


def test_worked_example_is_0_9025():
    # Five slots, desired "3": (0.1)^2 + (0.05)^2 + 0^2 + (0.2 - 1)^2 + (0.5)^2
    a = [0.1, 0.05, 0.0, 0.2, 0.5]
    assert cost(a, one_hot(3, 5)) == pytest.approx(0.9025, abs=1e-15)
    assert f"{cost(np.array(a).reshape(5, 1), one_hot(3, 5)):.4f}" == "0.9025"


def test_one_hot():
    np.testing.assert_array_equal(one_hot(3, 5), [[0], [0], [0], [1], [0]])
    y = one_hot([7, 0, 7])
    assert y.shape == (10, 3)
    np.testing.assert_array_equal(y.argmax(axis=0), [7, 0, 7])
    np.testing.assert_array_equal(y.sum(axis=0), [1, 1, 1])
    np.testing.assert_array_equal(one_hot(np.array([2.0, 4.0]), 5), one_hot([2, 4], 5))


def test_set_cost_is_the_average_of_example_costs():
    rng = np.random.default_rng(0)
    a, y = rng.random((10, 6)), one_hot(rng.integers(0, 10, 6))
    per = example_costs(a, y)
    assert per.shape == (6,)
    for j in range(6):
        assert per[j] == pytest.approx(np.sum((a[:, j] - y[:, j]) ** 2), rel=1e-14)
    assert cost(a, y) == pytest.approx(per.mean(), rel=1e-14)
    assert isinstance(cost(a, y), float)


def test_perfect_output_costs_nothing():
    y = one_hot([1, 2, 3])
    assert cost(y, y) == 0.0


def test_cost_prime_matches_central_differences():
    rng = np.random.default_rng(1)
    a, y = rng.random((10, 1)), one_hot(4)
    h = 1e-6
    for j in range(10):
        up, down = a.copy(), a.copy()
        up[j] += h
        down[j] -= h
        numerical = (cost(up, y) - cost(down, y)) / (2 * h)
        assert cost_prime(a, y)[j, 0] == pytest.approx(numerical, rel=1e-7)
    np.testing.assert_allclose(cost_prime(a, y), 2 * (a - y))


def test_float32_outputs_with_float64_targets():
    y = one_hot([0, 1])
    a = np.full((10, 2), 0.1, dtype=np.float32)
    assert cost(a, y) == pytest.approx(0.81 + 9 * 0.01, rel=1e-6)


@pytest.mark.parametrize(
    ("a", "y", "error", "match"),
    [
        (np.zeros((10, 3)), np.zeros((10, 3)), ValueError, r"must be one-hot.*column 0 is .*nnbook.one_hot\(labels, 10\)"),
        (np.zeros((10, 2)), np.array([[0.5, 1]] * 2 + [[0.5, 0]] * 8), ValueError, "must be one-hot"),
        (np.zeros((10, 3)), np.array([3, 1, 4]), ValueError, r"got shape \(3,\).*nnbook.one_hot\(labels, 10\)"),
        ([0.1, 0.2, 0.7], 3, ValueError, r"desired output y should have shape \(3, 1\).*got shape \(\)"),
        (np.zeros((10, 3)), one_hot([1, 2]), ValueError, r"same shape .* got a \(10, 3\) and y \(10, 2\)"),
        (np.zeros((5, 1)), one_hot(3), ValueError, r"y should have shape \(5, 1\).*got shape \(10, 1\)"),
        (0.5, one_hot(3), ValueError, r"output a should have shape \(n, 1\).*got shape \(\)"),
        (np.zeros((2, 5, 1)), one_hot(3), ValueError, r"output a should have shape.*got shape \(2, 5, 1\)"),
        (np.array(["x"] * 10), one_hot(3), TypeError, "must hold real numbers"),
    ],
)
def test_bad_cost_inputs(a, y, error, match):
    for f in (cost, example_costs, cost_prime):
        with pytest.raises(error, match=match):
            f(a, y)


def test_bad_labels():
    with pytest.raises(ValueError, match="label 10 is out of range: with n=10 slots, labels must be 0..9"):
        one_hot([1, 10])
    with pytest.raises(ValueError, match="label -1 is out of range"):
        one_hot(-1)
    with pytest.raises(TypeError, match="whole numbers"):
        one_hot([0.5])
    with pytest.raises(ValueError, match=r"got shape \(10, 2\).*already desired outputs"):
        one_hot(one_hot([1, 2]))
    with pytest.raises(ValueError, match="n, the number of slots, must be a whole number of at least 1"):
        one_hot(1, 0)
