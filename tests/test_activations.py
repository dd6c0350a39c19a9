"""The sigmoid and its slope: the properties chapter 3 relies on, and no trouble at the extremes."""

import math
import warnings

import numpy as np
import pytest

from nnbook import sigmoid, sigmoid_prime

Z = np.linspace(-30, 30, 601)


def test_sigmoid_of_zero_is_one_half():
    assert sigmoid(0.0) == 0.5
    assert sigmoid_prime(0.0) == 0.25


def test_sigmoid_is_strictly_between_zero_and_one_for_moderate_z():
    s = sigmoid(Z)
    assert np.all((s > 0) & (s < 1))


def test_sigmoid_is_symmetric():
    np.testing.assert_allclose(sigmoid(-Z), 1 - sigmoid(Z), rtol=0, atol=1e-15)


def test_sigmoid_is_increasing():
    assert np.all(np.diff(sigmoid(np.linspace(-15, 15, 301))) > 0)


def test_sigmoid_matches_the_textbook_formula():
    np.testing.assert_allclose(sigmoid(Z), 1 / (1 + np.exp(-Z)), rtol=1e-14)


def test_sigmoid_prime_matches_central_differences():
    h = 1e-6
    numerical = (sigmoid(Z + h) - sigmoid(Z - h)) / (2 * h)
    np.testing.assert_allclose(sigmoid_prime(Z), numerical, rtol=0, atol=1e-9)


def test_sigmoid_prime_peaks_at_zero_and_stays_in_range():
    p = sigmoid_prime(Z)
    assert np.all((p >= 0) & (p <= 0.25))
    assert Z[np.argmax(p)] == 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_no_warning_or_nan_at_extreme_inputs(dtype):
    z = np.array([-1000, -745, -720, -100, -88, 0, 88, 100, 720, 745, 1000], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            s, p = sigmoid(z), sigmoid_prime(z)
    assert s.dtype == dtype and p.dtype == dtype
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(p))
    assert s[0] == 0 and s[-1] == 1 and p[0] == 0 and p[-1] == 0


@pytest.mark.parametrize(("dtype", "far"), [(np.float32, [89, 104, 745, 1000]), (np.float64, [710, 745, 1000])])
def test_where_the_exponential_leaves_the_floats_the_answer_is_off_by_less_than_1e_37(dtype, far):
    """activations.py's comment: there 1 / (1 + inf) = 0 and 1 / (1 + 0) = 1 are that close to the truth."""
    z = np.array([-v for v in far] + far, dtype=dtype)
    with np.errstate(all="ignore"):
        e = np.exp(-z)
    assert np.all(~np.isfinite(e) | (e < np.finfo(dtype).tiny))  # each point overflows or underflows
    exact = [math.exp(v) / (1 + math.exp(v)) if v < 0 else 1 / (1 + math.exp(-v)) for v in z.tolist()]
    assert np.max(np.abs(sigmoid(z).astype(np.float64) - exact)) < 1e-37
    with pytest.warns(RuntimeWarning, match="overflow"):  # what the `with` line keeps quiet (chapter 3)
        1 / (1 + np.exp(-z))


def test_whole_numbers_become_float64_and_shapes_are_kept():
    s = sigmoid(np.zeros((3, 4), dtype=np.int64))
    assert s.dtype == np.float64 and s.shape == (3, 4)
    assert sigmoid([1, 2]).shape == (2,)


def test_non_numbers_are_refused():
    with pytest.raises(TypeError, match="real numbers; got an array of dtype"):
        sigmoid(np.array(["a", "b"]))
    with pytest.raises(TypeError, match="complex"):
        sigmoid(np.array([1j]))
