"""Chapter 8, backpropagation in pictures: every number and claim the page makes about its digit, recomputed."""

from __future__ import annotations

import functools
import re
import json

import numpy as np
import pytest

import nnbook
from figures import ch06_plane, ch08_desires, ch08_sgd_walks
import mnist_data
import book


def page() -> str:
    """The page with its numbers quoted and every run of whitespace one space: where a line breaks is no claim."""
    return book.text("08-backprop.md")


@functools.cache
def digit():
    knobs, x, y, label = ch08_desires.example()
    zs, activations = nnbook.forward_all(knobs, x)
    delta3 = nnbook.cost_prime(activations[3], y) * nnbook.sigmoid_prime(zs[2])
    return knobs, x, y, label, zs, activations, delta3


def test_the_digit_is_the_eighth_training_image_a_three():
    _, _, _, label, *_ = digit()
    assert ch08_desires.INDEX == 7 and label == 3
    assert "the eighth image of the training set, a 3" in page()


def test_outputs_wishes_and_cost():
    knobs, x, y, _, _, activations, _ = digit()
    a = activations[3].ravel()
    text = page()
    assert f"cost of this one digit is {nnbook.cost(activations[3], y):.4f}" in text
    assert np.argmax(a) == 1 and "tallest output is at slot 1" in text
    wish = -2 * (a - y.ravel())
    assert np.argmax(np.abs(wish)) == 1 and f"the largest {wish[1]:.2f} for output 1" in text
    assert wish[3] > 0 and all(w < 0 for j, w in enumerate(wish) if j != 3)
    assert f"+{wish[3]:.2f} for output 3" in text
    assert f"it is at {a[3]:.2f} and should be 1" in text
    assert f"output 1, at {a[1]:.2f}" in text and f"output 7, already at {a[7]:.2f}" in text
    assert f"between {a.min():.2f} and {a.max():.2f}" in text


def test_output_one_is_on_the_flat_shoulder():
    _, _, _, _, zs, activations, delta3 = digit()
    slope = nnbook.sigmoid_prime(zs[2]).ravel()
    assert slope[1] == slope.min()  # the wrongest output has the smallest sigmoid slope
    a1 = activations[3][1, 0]  # "here 0.944 x 0.056 = 0.053", "0.25 at most"
    assert slope[1] == pytest.approx(a1 * (1 - a1)) and slope.max() <= 0.25
    assert all(f"{v:.3f}" in page() for v in (a1, 1 - a1, slope[1]))
    # so its row of weight nudges is paler than the rows of less wrong outputs
    assert abs(delta3[1, 0]) < np.median(np.abs(delta3))
    assert abs(delta3[7, 0]) == np.abs(delta3).min()


def test_weight_nudges_follow_the_hidden_activations():
    knobs, x, y, _, _, activations, delta3 = digit()
    nabla_W = delta3 @ activations[2].T
    assert np.allclose(nabla_W, nnbook.backprop_example(knobs, x, y)[2][0])
    a2 = activations[2].ravel()
    row = -nabla_W[3]
    assert np.argmax(row) == np.argmax(a2) == 4
    # "each nudge is the activation times one number, -delta_3"
    assert np.allclose(row, -delta3[3, 0] * a2, rtol=1e-12, atol=0) and "$-\\delta_3$" in page()
    assert set(np.argsort(row)[:2]) == set(np.argsort(a2)[:2]) == {2, 3}
    text = page()
    assert f"hidden neuron 4 shines brightest ({a2[4]:.2f})" in text
    assert f"the largest nudge ({row[4]:.2f})" in text
    assert f"at {a2[2]:.2f} and {a2[3]:.2f}" in text
    assert list(np.argsort(-a2)[:4]) == [4, 1, 12, 5]
    assert f"from {a2.min():.2f} to {a2.max():.2f}, tallest at neuron 4" in text


def test_wishes_flow_back():
    knobs, x, y, _, zs, activations, delta3 = digit()
    wish = -(knobs[2][0].T @ delta3).ravel()
    text = page()
    assert np.argmin(wish) == 6 and f"dim ({wish[6]:.2f})" in text
    assert set(np.argsort(-wish)[:2]) == {11, 14}
    delta2 = (knobs[2][0].T @ delta3) * nnbook.sigmoid_prime(zs[1])
    assert np.allclose(delta2, nnbook.backprop_example(knobs, x, y)[1][1])


def test_averaging_the_wishes():
    images, labels = mnist_data.digits("train")
    assert list(labels[:3]) == [5, 0, 4]
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=0)
    X, Y = images[:, :3], nnbook.one_hot(labels[:3])
    five = -nnbook.backprop_example(knobs, X[:, [0]], Y[:, [0]])[2][1].ravel()
    zero = -nnbook.backprop_example(knobs, X[:, [1]], Y[:, [1]])[2][1].ravel()
    same = np.sign(five) == np.sign(zero)
    assert same.sum() == 8 and set(np.flatnonzero(~same)) == {0, 5}
    assert five[5] > 0 and zero[0] > 0


def test_mini_batch_cosines():
    images, labels = mnist_data.digits("train")
    X, Y = images[:, :1000], nnbook.one_hot(labels[:1000])
    text = page()

    def cosines(knobs):
        g = nnbook.gradient(knobs, X, Y)
        out = []
        for m in (10, 100):
            h = nnbook.gradient(knobs, X[:, :m], Y[:, :m])
            out.append(g @ h / (np.linalg.norm(g) * np.linalg.norm(h)))
        return out

    assert f"cosine {cosines(nnbook.init_knobs([784, 16, 16, 10], rng=0))[0]:.3f}" in text
    p = ch06_plane.setup()
    c10, c100 = cosines(nnbook.unflatten(p["theta"], ch06_plane.SIZES))
    assert f"only {c10:.2f} for 10 digits and {c100:.2f} for 100" in text
    # "the average over a few dozen randomly chosen digits points downhill too, only more roughly": the gradient
    # of 30 shuffled digits has a positive dot product with that of all 60,000 (measured: cosine 0.98-0.997 at
    # the untrained network, 0.45-0.64 at the partly trained one, five shuffles each)
    everyone = nnbook.one_hot(labels)
    for knobs in (nnbook.init_knobs([784, 16, 16, 10], rng=0), nnbook.unflatten(p["theta"], ch06_plane.SIZES)):
        g = nnbook.gradient(knobs, images, everyone)
        for seed in range(3):
            few = np.random.default_rng(seed).permutation(labels.size)[:30]
            assert g @ nnbook.gradient(knobs, images[:, few], everyone[:, few]) > 0 and "a few dozen" in text


def test_sgd_walks_record():
    record = json.loads(ch08_sgd_walks.RECORD.read_text())
    p = ch06_plane.setup()
    again = ch08_sgd_walks.walk(p, ch08_sgd_walks.ETA, 3, ch08_sgd_walks.BATCH)
    assert again["costs"] == pytest.approx(record["mini"]["costs"][:4], rel=1e-9)
    full, mini = record["full"], record["mini"]
    text = page()
    assert full["batch"] == 1000 and mini["batch"] == 10 and len(full["path"]) == len(mini["path"]) == 101
    assert f"a cost of {mini['costs'][-1]:.3f} against {full['costs'][-1]:.3f}" in text
    chapter_seven = json.loads((book.ROOT / "figures" / "data" / "ch07_paths.json").read_text())
    assert full["costs"][0] == mini["costs"][0] == chapter_seven["about right"]["costs"][0]  # the same start
    assert f"from {full['costs'][0]:.3f} to {full['costs'][-1]:.3f}" in text
    assert f"from {full['costs'][0]:.3f} to {mini['costs'][-1]:.3f}" in text
    assert f"s about {full['path'][-1][0]:.0f}" in text
    # "about the same place": the two walks end within a couple of units of each other
    assert np.hypot(*(np.array(full["path"][-1]) - np.array(mini["path"][-1]))) < 2
    # "a hundred times less work"
    seen = [w["batch"] * (len(w["costs"]) - 1) for w in (full, mini)]
    assert seen == [100_000, 1_000] and f"{seen[0]:,} digits" in text and f"{seen[1]:,} digits" in text


def test_the_full_batch_walk_bounces_then_settles_and_the_mini_batch_walk_has_no_rhythm():
    walks = json.loads(ch08_sgd_walks.RECORD.read_text())
    up = np.diff(walks["full"]["costs"]) > 0
    last_up = int(np.nonzero(up)[0].max()) + 1
    assert last_up > 20 and list(up[:last_up]) == [False, True] * (last_up // 2) and not up[last_up:].any()
    flat = " ".join(page().split())
    assert f"for its first {last_up} steps it bounces across the valley floor exactly as in chapter 7" in flat
    # "the bounces take about twenty more steps to die away": the sideways swing (t) is still over half a unit
    # five steps after the last step up and under 0.02 from twenty-two steps after it on.
    swing = np.abs(np.diff(np.array(walks["full"]["path"])[:, 1]))
    assert swing[last_up + 5] > 0.5 and swing[last_up + 22 :].max() < 0.02 and "about twenty" in flat
    assert "The full-batch walk is smooth" not in flat
    mini = np.diff(walks["mini"]["costs"]) > 0
    assert (mini[1:] == mini[:-1]).any()  # two ups or two downs in a row: not the full walk's alternation
    # the alt text: the mini-batch walk "wanders above and below the floor" (t = 0 along it): measured, it crosses
    # 64 times and is above in 59% of its steps
    t = np.array(walks["mini"]["path"])[1:, 1]
    assert np.sum(np.diff(np.sign(t)) != 0) > 10 and 0.2 < np.mean(t > 0) < 0.8 and "above and below" in flat


def test_the_untrained_network_hardly_looks_at_its_input():
    images, _ = mnist_data.digits("test")
    a = nnbook.forward(nnbook.init_knobs([784, 16, 16, 10], rng=0), images)
    flat = " ".join(page().split())
    std, spread = a.std(axis=1).max(), (a.max(axis=1) - a.min(axis=1)).max()
    import re

    under = float(re.search(r"each of its ten outputs is under ([0-9.]+)", flat).group(1))
    wider = float(re.search(r"no output moves over a range wider than ([0-9.]+)", flat).group(1))
    assert under - 0.001 < std < under and wider - 0.01 < spread < wider  # true, and tight


def test_row_three_is_all_turn_up_and_every_other_row_all_turn_down():
    knobs, x, y, _, _, activations, delta3 = digit()
    nudges = -(delta3 @ activations[2].T)  # minus the slopes: the way each weight wants to turn
    assert np.all(nudges[3] > 0)
    assert np.all(np.delete(nudges, 3, axis=0) < 0)


class _Counted(np.ndarray):
    """An array that adds up the multiply-adds of every matrix product it takes part in (`@` is a ufunc)."""

    macs = 0

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        plain = [x.view(np.ndarray) if isinstance(x, _Counted) else x for x in inputs]
        if "out" in kwargs:
            kwargs["out"] = tuple(x.view(np.ndarray) if isinstance(x, _Counted) else x for x in kwargs["out"])
        if ufunc is np.matmul and method == "__call__":
            a, b = plain
            _Counted.macs += a.shape[0] * a.shape[1] * b.shape[1]
        result = getattr(ufunc, method)(*plain, **kwargs)
        return result.view(_Counted) if isinstance(result, np.ndarray) else result


def test_a_backward_sweep_costs_about_one_or_two_forward_passes():
    """The arithmetic the package does on 1,000 digits: backprop (forward and backward) against forward alone.

    Counted, not timed: the multiply-adds of every matrix product nnbook.forward and nnbook.backprop take
    (they are nearly all of the work). A stopwatch gave the backward sweep 0.46 forward passes under
    OpenBLAS's Prescott kernel and 6.6 on a busy machine, with the arithmetic unchanged
    (benchmarks/epoch.py times the package).
    """
    images, labels = mnist_data.digits("train")
    X, Y = np.ascontiguousarray(images[:, :1000], dtype=np.float64), nnbook.one_hot(labels[:1000])
    knobs = [(W.view(_Counted), b.view(_Counted)) for W, b in nnbook.init_knobs([784, 16, 16, 10], rng=0)]
    _Counted.macs = 0
    nnbook.forward(knobs, X)
    forward = _Counted.macs
    _Counted.macs = 0
    nnbook.backprop(knobs, X, Y)
    both = _Counted.macs
    assert forward == 1000 * (784 * 16 + 16 * 16 + 16 * 10)  # every product of the forward pass was counted
    # this page and chapter 9's summary: "about as much arithmetic as one forward pass"
    assert 1 <= (both - forward) / forward < 1.1
    assert "one forward pass" in " ".join(page().split())
    assert both < 4 * forward  # chapter 6: all the slopes "for the price of a few passes", not 26,004


def test_a_nudge_checks_the_sigmoid_slope():
    """"(sigma(1.001) - sigma(0.999)) / 0.002 and sigma(1)(1 - sigma(1)) both come to 0.1966"."""
    nudged = (nnbook.sigmoid(1.001) - nnbook.sigmoid(0.999)) / 0.002
    formula = nnbook.sigmoid(1.0) * (1 - nnbook.sigmoid(1.0))
    assert f"{nudged:.4f}" == f"{formula:.4f}" and f"{formula:.4f}" in page() and "nudge" in page()
