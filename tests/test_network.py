"""The network's knobs, its forward pass, and the knobs as one flat vector."""

import numpy as np
import pytest

from nnbook import count_knobs, flatten, forward, forward_all, init_knobs, sigmoid, sizes_of, unflatten

SIZES = [784, 16, 16, 10]


def test_the_books_network_has_13002_knobs():
    assert count_knobs(SIZES) == 13_002
    assert count_knobs([784, 16, 16, 10]) == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10
    assert flatten(init_knobs(SIZES)).size == 13_002


@pytest.mark.parametrize("sizes", [[3, 2], [5, 4, 3], [784, 16, 16, 10], [2, 8, 8, 8, 1]])
def test_knob_shapes_follow_the_sizes(sizes):
    knobs = init_knobs(sizes, rng=1)
    assert [W.shape for W, _ in knobs] == [(o, i) for i, o in zip(sizes[:-1], sizes[1:])]
    assert [b.shape for _, b in knobs] == [(o, 1) for o in sizes[1:]]
    assert sizes_of(knobs) == sizes


def test_same_seed_same_knobs_and_generator_accepted():
    a, b = init_knobs(SIZES, rng=7), init_knobs(SIZES, rng=7)
    c = init_knobs(SIZES, rng=np.random.default_rng(7))
    assert np.array_equal(flatten(a), flatten(b)) and np.array_equal(flatten(a), flatten(c))
    assert not np.array_equal(flatten(a), flatten(init_knobs(SIZES, rng=8)))


def test_dtype_and_weight_scale():
    knobs = init_knobs(SIZES, rng=0, dtype=np.float32)
    assert all(W.dtype == np.float32 and b.dtype == np.float32 for W, b in knobs)
    # Weights are drawn with standard deviation scale / sqrt(n_in).
    W = init_knobs([10_000, 50, 1], rng=0, scale=2.0)[0][0]
    assert W.std() == pytest.approx(2.0 / 100, rel=0.02)


def test_forward_one_example_matches_neuron_by_neuron():
    knobs = init_knobs([4, 3, 2], rng=3)
    x = np.array([[0.1], [0.5], [0.9], [0.3]])
    a = x
    for W, b in knobs:
        a = np.array([[1 / (1 + np.exp(-(W[j] @ a[:, 0] + b[j, 0])))] for j in range(W.shape[0])])
    np.testing.assert_allclose(forward(knobs, x), a, rtol=1e-14)


def test_forward_batch_equals_columns_one_at_a_time():
    knobs = init_knobs(SIZES, rng=0)
    X = np.random.default_rng(0).random((784, 7))
    out = forward(knobs, X)
    assert out.shape == (10, 7)
    for j in range(7):
        np.testing.assert_allclose(out[:, [j]], forward(knobs, X[:, [j]]), rtol=1e-12)


def test_a_1d_input_is_one_example_and_dtype_follows_the_knobs():
    knobs = init_knobs(SIZES, rng=0, dtype=np.float32)
    x = np.random.default_rng(1).random(784)
    out = forward(knobs, x)
    assert out.shape == (10, 1) and out.dtype == np.float32
    np.testing.assert_allclose(out, forward(knobs, x.reshape(784, 1)))


def test_forward_all_keeps_every_layer():
    knobs = init_knobs(SIZES, rng=0)
    X = np.random.default_rng(2).random((784, 3))
    zs, activations = forward_all(knobs, X)
    assert [z.shape for z in zs] == [(16, 3), (16, 3), (10, 3)]
    assert activations[0] is X or np.array_equal(activations[0], X)
    for z, a in zip(zs, activations[1:]):
        np.testing.assert_allclose(a, sigmoid(z))
    np.testing.assert_allclose(activations[-1], forward(knobs, X))


def test_flatten_unflatten_round_trip():
    knobs = init_knobs([5, 4, 3], rng=4)
    v = flatten(knobs)
    # The order is each layer's W row by row, then its b.
    np.testing.assert_array_equal(v[:20], knobs[0][0].ravel())
    np.testing.assert_array_equal(v[20:24], knobs[0][1].ravel())
    back = unflatten(v, [5, 4, 3])
    for (W, b), (W2, b2) in zip(knobs, back):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)
    np.testing.assert_array_equal(flatten(unflatten(np.arange(39.0), [5, 4, 3])), np.arange(39.0))


def test_unflatten_returns_copies():
    v = np.zeros(39)
    knobs = unflatten(v, [5, 4, 3])
    knobs[0][0][0, 0] = 1.0
    assert v[0] == 0.0


def test_unflatten_wrong_length():
    with pytest.raises(ValueError, match=r"sizes \[5, 4, 3\] has 39 knobs.*shape \(39,\); got \(30,\)"):
        unflatten(np.zeros(30), [5, 4, 3])


@pytest.mark.parametrize(
    ("sizes", "error", "match"),
    [
        ([784], ValueError, r"at least two layers .* got \[784\]"),
        ([], ValueError, "at least two layers"),
        ([784, 0, 10], ValueError, r"at least one neuron; got sizes \[784, 0, 10\]"),
        ([784, -16, 10], ValueError, "at least one neuron"),
        ([784, 16.5, 10], TypeError, "whole numbers"),
        (784, TypeError, "list of layer widths"),
        ("784-16-10", TypeError, "list of layer widths"),
    ],
)
def test_bad_sizes(sizes, error, match):
    with pytest.raises(error, match=match):
        init_knobs(sizes)
    with pytest.raises(error, match=match):
        count_knobs(sizes)


def test_bad_init_arguments():
    with pytest.raises(TypeError, match="float type"):
        init_knobs([3, 2], dtype=np.int64)
    with pytest.raises(ValueError, match="scale must be a positive number; got -1"):
        init_knobs([3, 2], scale=-1.0)


@pytest.mark.parametrize(
    ("x", "match"),
    [
        (np.zeros((28, 28)), r"got shape \(28, 28\)\. It looks like one 28x28 image: .*reshape\(784, 1\)"),
        (np.zeros((5, 28, 28)), r"stack of 28x28 images: use images.reshape\(-1, 784\).T"),
        (np.zeros((5, 784)), r"got shape \(5, 784\)\. It looks like one row per example.*\.T"),
        (np.zeros(100), r"\(784, 1\) for one example or \(784, m\) for m examples.*got shape \(100,\)"),
        (np.zeros((784, 0)), "holds no examples"),
    ],
)
def test_forward_explains_wrong_input_shapes(x, match):
    with pytest.raises(ValueError, match=match):
        forward(init_knobs(SIZES), x)


def test_forward_refuses_non_numbers():
    with pytest.raises(TypeError, match="must hold real numbers"):
        forward(init_knobs([2, 1]), np.array(["a", "b"]))


def test_knobs_that_do_not_fit_together():
    knobs = init_knobs(SIZES)
    with pytest.raises(ValueError, match=r"layer 1: b must be a column of shape \(16, 1\).*got \(16,\).*reshape\(-1, 1\)"):
        forward([(knobs[0][0], knobs[0][1].ravel())] + knobs[1:], np.zeros(784))
    with pytest.raises(ValueError, match=r"layer 2: W has shape \(16, 16\).*layer before has 10 neurons"):
        forward(knobs[::-1], np.zeros(10))
    with pytest.raises(ValueError, match=r"layer 1: W must be a matrix"):
        sizes_of([(np.zeros(3), np.zeros((3, 1)))])
    with pytest.raises(TypeError, match="non-empty list of \\(W, b\\) pairs"):
        sizes_of([])
    with pytest.raises(TypeError, match="must be a \\(W, b\\) pair"):
        sizes_of([knobs[0][0]])
    with pytest.raises(TypeError, match="numpy arrays of floats"):
        sizes_of([(np.zeros((2, 3), dtype=int), np.zeros((2, 1)))])
