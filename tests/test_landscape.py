"""The cost landscape: lines and planes through knob space, checked against direct cost computation."""

import numpy as np
import pytest

from nnbook import (
    backprop,
    cost,
    count_knobs,
    flatten,
    forward,
    gradient,
    init_knobs,
    line,
    one_hot,
    plane,
    random_direction,
    unflatten,
)
import mnist_data

SIZES = [784, 16, 16, 10]


@pytest.fixture(scope="module")
def digits():
    images, labels = mnist_data.digits("train")
    return images[:, :100].astype(np.float64), one_hot(labels[:100])


def test_random_direction_is_a_seeded_unit_vector():
    knobs = init_knobs(SIZES)
    d = random_direction(knobs, rng=5)
    assert d.shape == (13_002,)
    assert np.linalg.norm(d) == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_array_equal(d, random_direction(knobs, rng=np.random.default_rng(5)))
    assert not np.array_equal(d, random_direction(knobs, rng=6))


def test_gradient_is_backprop_flattened(digits):
    knobs = init_knobs(SIZES, rng=1)
    np.testing.assert_array_equal(gradient(knobs, *digits), flatten(backprop(knobs, *digits)))


def test_line_matches_direct_cost_and_passes_through_the_knobs(digits):
    X, Y = digits
    knobs = init_knobs(SIZES, rng=2)
    d = random_direction(knobs, rng=3)
    ts = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
    costs = line(knobs, d, ts, X, Y)
    assert costs.shape == (5,)
    assert costs[2] == pytest.approx(cost(forward(knobs, X), Y), rel=1e-12)
    for t, c in zip(ts, costs):
        moved = unflatten(flatten(knobs) + t * d, SIZES)
        assert c == pytest.approx(cost(forward(moved, X), Y), rel=1e-12)


def test_downhill_along_minus_the_gradient(digits):
    X, Y = digits
    knobs = init_knobs(SIZES, rng=4)
    g = gradient(knobs, X, Y)
    costs = line(knobs, -g / np.linalg.norm(g), [0.0, 1e-3, 1e-2, 1e-1], X, Y)
    assert np.all(np.diff(costs) < 0)
    # The slope along the unit direction -g/|g| is -|g|, to first order.
    assert (costs[1] - costs[0]) / 1e-3 == pytest.approx(-np.linalg.norm(g), rel=1e-2)


def test_line_keeps_the_shape_of_ts(digits):
    knobs = init_knobs(SIZES)
    d = random_direction(knobs)
    assert line(knobs, d, np.zeros((2, 3)), *digits).shape == (2, 3)
    assert line(knobs, d, 0.5, *digits).shape == ()


def test_plane_grid_orientation_and_values(digits):
    X, Y = digits
    knobs = init_knobs(SIZES, rng=5)
    d1, d2 = random_direction(knobs, rng=6), random_direction(knobs, rng=7)
    s, t = np.array([-1.0, 0.0, 0.5, 2.0]), np.array([0.0, 1.0, -3.0])
    grid = plane(knobs, d1, d2, s, t, X, Y)
    assert grid.shape == (3, 4)  # rows are t, columns are s
    assert grid[0, 1] == pytest.approx(cost(forward(knobs, X), Y), rel=1e-12)
    for i, ti in enumerate(t):
        for j, sj in enumerate(s):
            moved = unflatten(flatten(knobs) + sj * d1 + ti * d2, SIZES)
            assert grid[i, j] == pytest.approx(cost(forward(moved, X), Y), rel=1e-12)
    np.testing.assert_allclose(grid[0], line(knobs, d1, s, X, Y), rtol=1e-12)


def test_float32_knobs_are_walked_in_float64(digits):
    knobs = init_knobs(SIZES, rng=8, dtype=np.float32)
    d = random_direction(knobs, rng=9)
    assert line(knobs, d, [0.0], *digits)[0] == pytest.approx(
        cost(forward(unflatten(flatten(knobs).astype(np.float64), SIZES), digits[0]), digits[1]), rel=1e-12
    )


def test_bad_inputs(digits):
    X, Y = digits
    knobs = init_knobs(SIZES)
    d = random_direction(knobs)
    with pytest.raises(ValueError, match=rf"direction must be a vector in knob space, shape \({count_knobs(SIZES)},\); got \(10,\)"):
        line(knobs, np.ones(10), [0.0], X, Y)
    with pytest.raises(ValueError, match=r"d2 must be a vector in knob space.*random_direction"):
        plane(knobs, d, d[:-1], [0.0], [0.0], X, Y)
    with pytest.raises(ValueError, match="direction holds NaN or infinite values"):
        line(knobs, np.full(13_002, np.nan), [0.0], X, Y)
    with pytest.raises(ValueError, match=r"s and t must be 1-D.*got shapes \(2, 2\) and \(1,\)"):
        plane(knobs, d, d, np.zeros((2, 2)), [0.0], X, Y)
    with pytest.raises(ValueError, match=r"Y should have shape \(10, 1\).*one_hot"):
        line(knobs, d, [0.0], X, np.arange(100) % 10)
    with pytest.raises(ValueError, match=r"same number of each; got X \(784, 100\) and Y \(10, 3\)"):
        gradient(knobs, X, Y[:, :3])
