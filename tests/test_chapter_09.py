"""Chapter 9, the chain rule run backward: the chain by hand, the four equations, the gradient check, the sweep."""

from __future__ import annotations

import re

import numpy as np
import pytest

import nnbook

from figures import ch09_chain, ch09_sweep, quotes
import mnist_data
import book


def page() -> str:
    return book.source("09-chain-rule.md")


def prose() -> str:
    """The page with every run of whitespace made one space, so that
    rewrapping a paragraph does not break a test."""
    return " ".join(page().split())


def test_chain_by_hand_matches_backprop_and_the_figure():
    c = ch09_chain.chain()
    w, b, z, a = c["w"], c["b"], c["z"], c["a"]
    sp = nnbook.sigmoid_prime
    # The chain rule written out, factor by factor, for each weight.
    d3 = 2 * (a[3] - 1) * sp(z[2])
    d2 = w[2] * d3 * sp(z[1])
    d1 = w[1] * d2 * sp(z[0])
    assert [d1, d2, d3] == pytest.approx(c["delta"], rel=1e-12)
    assert [a[0] * d1, a[1] * d2, a[2] * d3] == pytest.approx(c["dw"], rel=1e-12)
    text = page()
    assert f"C = {(a[3] - 1) ** 2:.4f}" in text
    for l in (1, 2, 3):
        assert f"dC/dw{l}: by hand {c['dw'][l - 1]:.4f}, backprop {c['dw'][l - 1]:.4f}" in text
        assert f"{c['dw'][l - 1]:.4f}" in text
    for value in a[1:]:
        assert f"{value:.3f}" in text
    assert f"dC/da3 = {c['dCda3']:.4f}" in text
    assert f"from {d3:.4f} to {d2:.4f} to {d1:.4f}" in text
    assert abs(d3) > abs(d2) > abs(d1)


def test_sigmoid_slope_is_at_most_a_quarter():
    z = np.linspace(-20, 20, 4001)
    assert nnbook.sigmoid_prime(z).max() == pytest.approx(0.25)
    assert "at most 0.25" in page()


def test_exercise_first_weight_slope():
    knobs = nnbook.init_knobs([1, 1, 1, 1], rng=0)
    numerical = nnbook.numerical_gradient(knobs, np.array([[0.8]]), np.array([[1.0]]))[0]
    assert f"{numerical:.6f} {ch09_chain.chain()['dw'][0]:.6f}" in page()


def _batch(n=100):
    images, labels = mnist_data.digits("train")
    return images[:, :n], nnbook.one_hot(labels[:n])


def test_vectorised_backprop_equals_the_average_of_per_example_sweeps():
    X, Y = _batch(50)
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=3)
    together = nnbook.backprop(knobs, X, Y)
    each = [nnbook.backprop_example(knobs, X[:, [i]], Y[:, [i]]) for i in range(50)]
    for l in range(3):
        for p in range(2):
            np.testing.assert_allclose(together[l][p], sum(e[l][p] for e in each) / 50, rtol=1e-9, atol=1e-13)


def _small():
    images, labels = mnist_data.digits("train")
    X = images[:, :20].reshape(7, 4, 7, 4, 20).mean(axis=(1, 3)).reshape(49, 20)
    return X, nnbook.one_hot(labels[:20])


def test_gradient_check_on_the_small_network_as_printed():
    X, Y = _small()
    # The shrinking really averages 4x4 blocks: pixel (0, 0) of digit 0 is the mean of its top-left block.
    images, _ = mnist_data.digits("train")
    assert X[0, 0] == pytest.approx(images[:, 0].reshape(28, 28)[:4, :4].mean())
    knobs = nnbook.init_knobs([49, 8, 8, 10], rng=0)
    assert nnbook.count_knobs([49, 8, 8, 10]) == 562 and "562 knobs" in page()
    error = nnbook.gradient_check(knobs, X, Y)
    assert error < 1e-7
    assert f"relative error: {error:.0e}" in page()
    # "The two gradients agree to about ten significant digits: what is left ... is the nudges' own error
    # (rounding, and the curvature a nudge of finite size cannot see)": a larger nudge sees more curvature, a
    # smaller one more rounding, and both leave more error (measured 4e-8 at 1e-3, 2e-8 at 1e-7)
    assert 1e-11 < error < 1e-9 and "ten significant digits" in " ".join(page().split())
    for eps in (1e-3, 1e-7):
        assert nnbook.gradient_check(knobs, X, Y, eps=eps) > 10 * error


def test_the_buggy_backprop_fails_the_check():
    X, Y = _small()
    knobs = nnbook.init_knobs([49, 8, 8, 10], rng=0)
    m = X.shape[1]
    zs, activations = nnbook.forward_all(knobs, X)
    delta = 2 * (activations[-1] - Y)  # without sigma'
    nabla = [None] * 3
    for l in (2, 1, 0):
        nabla[l] = (delta @ activations[l].T / m, delta.sum(axis=1, keepdims=True) / m)
        if l > 0:
            delta = (knobs[l][0].T @ delta) * nnbook.sigmoid_prime(zs[l - 1])
    g, n = nnbook.flatten(nabla), nnbook.numerical_gradient(knobs, X, Y)
    error = np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n))
    assert error > 0.1
    assert f"relative error: {error:.2f}" in page()
    assert f"{np.linalg.norm(g) / np.linalg.norm(n):.1f} times longer" in page()
    # "It is hardly turned: it points about 4 degrees away from the true gradient, so almost all of the 0.63 is
    # the wrong length": the angle, and the error a pure rescaling by the same factor k would give, (k-1)/(k+1)
    angle = np.degrees(np.arccos(g @ n / (np.linalg.norm(g) * np.linalg.norm(n))))
    k = np.linalg.norm(g) / np.linalg.norm(n)
    assert round(angle) == 4 and "4 degrees" in " ".join(page().split())
    assert abs(error - (k - 1) / (k + 1)) < 0.01


def test_spot_check_of_the_full_size_network():
    X, Y = _batch(5)
    X = X.astype(np.float64)
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=0)
    g = nnbook.gradient(knobs, X, Y)
    theta = nnbook.flatten(knobs)
    rng = np.random.default_rng(0)
    # Knobs from every layer's weights and biases, where the slope is not zero.
    starts = np.cumsum([0, 784 * 16, 16, 16 * 16, 16, 16 * 10, 10])
    picks = []
    for lo, hi in zip(starts[:-1], starts[1:]):
        candidates = np.flatnonzero(np.abs(g[lo:hi]) > 1e-6) + lo
        picks += list(rng.choice(candidates, size=min(4, candidates.size), replace=False))
    eps = 1e-5
    for i in picks:
        up, down = theta.copy(), theta.copy()
        up[i] += eps
        down[i] -= eps
        c_up = nnbook.cost(nnbook.forward(nnbook.unflatten(up, [784, 16, 16, 10]), X), Y)
        c_down = nnbook.cost(nnbook.forward(nnbook.unflatten(down, [784, 16, 16, 10]), X), Y)
        assert (c_up - c_down) / (2 * eps) == pytest.approx(g[i], rel=1e-5, abs=1e-9)


def test_the_sweep_figure_numbers():
    r = ch09_sweep.sweep()
    norms = [np.linalg.norm(d) for d in r["deltas"]]
    text = prose()
    assert f"from {norms[2]:.4f} to {norms[1]:.4f} to {norms[0]:.4f}" in text
    for value in norms:
        assert f"length {value:.4f}" in text
    assert norms[2] > norms[1] > norms[0]
    knobs, x, y, _ = ch09_sweep.example()
    nabla = nnbook.backprop_example(knobs, x, y)
    for l in range(3):
        np.testing.assert_allclose(r["deltas"][l], nabla[l][1].ravel(), rtol=1e-12)
    assert r["deltas"][2][3] < 0 and all(d > 0 for j, d in enumerate(r["deltas"][2]) if j != 3)
    # the alt text, on the deltas' one colour scale: delta2 "much paler", delta1 "almost colourless"
    top = max(np.abs(d).max() for d in r["deltas"])  # as the figure sets it
    assert np.abs(r["deltas"][1]).max() < 0.3 * top and np.abs(r["deltas"][0]).max() < 0.1 * top  # 22%, 4.7%
    assert "much paler" in page() and "almost colourless" in page()


def test_exercise_9_3_counts_the_factors_of_its_product():
    text = page()
    product = re.search(r"\\dfrac\{\\partial C\}\{\\partial w\^\{\(1\)\}\} = (.*?):", text).group(1)
    factors = product.replace("$", "").split(r"\;")
    assert len(factors) == 7 and "product of seven factors" in " ".join(text.split())


def test_the_pixel_wishes_are_far_smaller_than_the_deltas():
    r = ch09_sweep.sweep()
    assert np.abs(r["pixels"]).max() < max(np.abs(d).max() for d in r["deltas"]) / 10
    assert "the pixel wishes, far smaller, have a scale of their own" in " ".join(page().split())


def _cost_222(net, **change):
    """The 2-2-2 example's cost with some of its arrays replaced."""
    p = {**net, **change}
    a1 = nnbook.sigmoid(p["W1"] @ p["x"] + p["b1"])
    a2 = nnbook.sigmoid(p["W2"] @ a1 + p["b2"])
    return float(np.sum((a2 - p["y"]) ** 2))


def _slope(net, name, index, eps=1e-6):
    """Central difference of the example's cost along one entry of net[name]."""
    up, down = net[name].copy(), net[name].copy()
    up[index] += eps
    down[index] -= eps
    return (_cost_222(net, **{name: up}) - _cost_222(net, **{name: down})) / (2 * eps)


def test_the_222_derivation_matches_central_differences():
    net = quotes.two_two_two()
    # The example as written on the page is the one quoted: the block's knobs and the derivation's agree.
    text = book.text("09-chain-rule.md")
    assert "W1, b1 = np.array([[0.5, -1.0], [1.0, 0.5]]), np.array([[0.0], [-1.0]])" in text
    assert "W2, b2 = np.array([[1.0, -1.0], [0.5, 1.0]]), np.array([[0.0], [0.0]])" in text
    assert "x, y = np.array([[1.0], [0.5]]), np.array([[1.0], [0.0]])" in text
    assert np.array_equal(net["W1"], [[0.5, -1.0], [1.0, 0.5]]) and np.array_equal(net["b1"], [[0.0], [-1.0]])
    assert np.array_equal(net["W2"], [[1.0, -1.0], [0.5, 1.0]]) and np.array_equal(net["b2"], [[0.0], [0.0]])
    assert np.array_equal(net["x"], [[1.0], [0.5]]) and np.array_equal(net["y"], [[1.0], [0.0]])
    assert net["C"] == pytest.approx(_cost_222(net), rel=1e-12)
    # Equations 3 and 4: every weight and bias slope against the cost nudged along it.
    for l in (1, 2):
        delta, a_in = net[f"delta{l}"], net["x"] if l == 1 else net["a1"]
        for j in range(2):
            assert _slope(net, f"b{l}", (j, 0)) == pytest.approx(delta[j, 0], rel=1e-6)
            for k in range(2):
                assert _slope(net, f"W{l}", (j, k)) == pytest.approx(a_in[k, 0] * delta[j, 0], rel=1e-6)
                assert net[f"nabla_W{l}"][j, k] == pytest.approx(a_in[k, 0] * delta[j, 0], rel=1e-12)
    # Equation 2 before the sigma' factor: the slope along each hidden activation is the paths added.
    # Nudging a1_k alone means nudging the z2 it feeds by W2[:, k]: the cost's change is the sum over both paths.
    eps = 1e-6
    for k in range(2):
        up, down = net["b2"] + eps * net["W2"][:, [k]], net["b2"] - eps * net["W2"][:, [k]]
        numerical = (_cost_222(net, b2=up) - _cost_222(net, b2=down)) / (2 * eps)
        by_paths = sum(net["W2"][j, k] * net["delta2"][j, 0] for j in range(2))
        assert numerical == pytest.approx(by_paths, rel=1e-6) == net["back"][k, 0]
        # each path alone is not the slope: both count
        assert abs(net["W2"][0, k] * net["delta2"][0, 0] - numerical) > 1e-3
    # The package agrees.
    nabla = nnbook.backprop_example([(net["W1"], net["b1"]), (net["W2"], net["b2"])], net["x"], net["y"])
    np.testing.assert_allclose(nabla[1][1], net["delta2"], rtol=1e-12)
    np.testing.assert_allclose(nabla[0][0], net["nabla_W1"], rtol=1e-12)


def test_the_222_numbers_on_the_page_are_the_quoted_ones():
    text = book.text("09-chain-rule.md")
    net = quotes.two_two_two()
    for name in ("delta2", "delta1", "a1", "a2", "z2", "sp1", "sp2", "back", "dC_da2"):
        for v in net[name][:, 0]:
            assert f"{v:.4f}" in text, (name, v)
    for name in ("nabla_W1", "nabla_W2"):
        for v in net[name].ravel():
            assert f"{v:.4f}" in text, (name, v)
    assert f"C_x = {net['C']:.4f}" in text
    # the signs the prose reads off: the first output too low (negative error), the second too high
    assert net["delta2"][0, 0] < 0 < net["delta2"][1, 0]
    assert net["a2"][0, 0] < net["y"][0, 0] and net["a2"][1, 0] > net["y"][1, 0]


def test_the_first_step_back_flips_the_sign_because_w3_is_negative():
    c = ch09_chain.chain()
    d1, d2, d3 = c["delta"]
    assert c["w"][2] < 0 and d3 < 0 < d2  # delta2 = w3 delta3 sigma'(z2), sigma' > 0: the sign is w3's doing
    assert d1 > 0 and c["w"][1] > 0  # the next step keeps the sign, since w2 is positive
    assert "$w^{(3)}$ is negative" in page()


def test_the_slope_along_the_input_is_equation_2_without_sigma_prime():
    """dC/dx = (W1)^T delta1, checked by nudging each input of the 2-2-2 example."""
    net = quotes.two_two_two()
    by_equation = net["W1"].T @ net["delta1"]
    for k in range(2):
        assert _slope(net, "x", (k, 0)) == pytest.approx(by_equation[k, 0], rel=1e-6)


def test_the_summary_table_numbers_the_equations_as_the_text_does():
    rows = {int(m.group(1)): m.group(2) for m in re.finditer(r"^\| (\d) \| [^|]+\| ([^|]+)\|", page(), re.M)}
    assert sorted(rows) == [1, 2, 3, 4]
    assert "a^{(L)} - y" in rows[1] and "W^{(l+1)}" in rows[2]
    assert "\\partial b^{(l)}" in rows[3] and "\\partial W^{(l)}" in rows[4]  # 3: biases, 4: weights, as Nielsen's BP3, BP4
    # the display of equations 3 and 4 shows the bias slope first, as numbered
    display = page()[page().index("(equation 3)"):]
    assert display.index("\\partial b^{(l)}_j") < display.index("\\partial W^{(l)}_{jk}")


def test_the_batch_sweep_is_on_the_page_not_folded_away():
    """Exercise 9.2 and the text after it use backprop_batch: it must be in plain view, not in a collapsed note."""
    source = page()
    start = source.index("def backprop_batch")
    assert source[start - 1] == "\n"  # not indented into an admonition
    assert "def buggy_backprop" in source and "`backprop_batch`" in source


def test_the_knobs_far_from_the_output_learn_slowest():
    """'The knobs far from the output learn slowest': on the book's untrained network and 1,000 training digits,
    the average size of a weight's slope grows layer by layer toward the output (a step moves each knob in
    proportion to its slope)."""
    images, labels = mnist_data.digits("train")
    X, Y = images[:, :1000], nnbook.one_hot(labels[:1000])
    nabla = nnbook.backprop(nnbook.init_knobs([784, 16, 16, 10], rng=0), X, Y)
    sizes = [float(np.abs(nabla_W).mean()) for nabla_W, _ in nabla]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1] / 10, sizes
    assert "learn slowest" in prose()


def test_the_small_example_numbers_its_neurons_from_1_and_says_so():
    """'numbered 1 and 2, as calculus books number them; ... $W^{(2)}_{11}$ is `W2[0, 0]` in code'."""
    example, values = quotes.two_two_two(), quotes.values()
    assert values["ch09.W2_11"] == example["W2"][0, 0] and values["ch09.W2_21"] == example["W2"][1, 0]
    assert "$W^{(2)}_{11}$" in prose() and "`W2[0, 0]`" in prose()
