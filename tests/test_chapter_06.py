"""Chapter 6, the cost landscape: every number the page quotes, recomputed with nnbook."""

from __future__ import annotations

import functools
import re

import numpy as np
import pytest

import nnbook
from figures import ch06_plane
import mnist_data
import book

SIZES = [784, 16, 16, 10]


def page() -> str:
    return book.source("06-landscape.md")


@functools.cache
def setup():
    images, labels = mnist_data.digits("train")
    X, Y = images[:, :1000], nnbook.one_hot(labels[:1000])
    return X, Y


def untrained():
    return nnbook.init_knobs(SIZES, rng=0)


def test_cost_where_we_stand():
    X, Y = setup()
    c = nnbook.cost(nnbook.forward(untrained(), X), Y)
    assert page().count(f"{c:.4f}") >= 2  # quoted in the prose as well as printed


def test_one_dial_slope_by_nudging_matches_backprop():
    X, Y = setup()
    knobs = untrained()
    W = knobs[2][0]
    h = 1e-4
    W[3, 4] += h
    up = nnbook.cost(nnbook.forward(knobs, X), Y)
    W[3, 4] -= 2 * h
    down = nnbook.cost(nnbook.forward(knobs, X), Y)
    W[3, 4] += h
    numerical = (up - down) / (2 * h)
    analytic = nnbook.backprop(knobs, X, Y)[2][0][3, 4]
    assert numerical == pytest.approx(analytic, rel=1e-5)
    assert f"{analytic:.4f}" in page()
    assert analytic > 0 and "slope is positive" in page()


def test_bias_slope_in_exercise():
    X, Y = setup()
    assert f"{nnbook.backprop(untrained(), X, Y)[2][1][3, 0]:.4f}" in page()


def test_what_the_bias_slopes_of_outputs_3_and_7_come_from():
    # "lights output 3 for every digit, although only about one in ten is a 3"; "Output 7 is lit at about 0.15,
    # close to the share of 7s among these digits (0.12), so the 7s' wish to brighten it nearly cancels the other
    # digits' wish to dim it": each side of output 7's slope is over three times the slope itself
    X, Y = setup()
    a = nnbook.forward(untrained(), X)
    text = " ".join(page().split())
    assert a[3].min() > 0.5 and abs(Y[3].mean() - 0.1) < 0.02
    assert f"{a[7].mean():.2f}" in text and f"{Y[7].mean():.2f}" in text
    per_digit = 2 * (a[7] - Y[7]) * a[7] * (1 - a[7])  # each digit's slope along output 7's bias
    up, down = per_digit[per_digit > 0].sum(), -per_digit[per_digit < 0].sum()
    assert min(up, down) > 3 * abs(up - down)


def test_the_one_knob_and_line_figures_as_their_alt_texts_describe_them():
    from figures import ch06_line, ch06_one_knob

    X, Y = setup()
    knobs = untrained()
    W = knobs[ch06_one_knob.LAYER][0]
    w0, costs = W[ch06_one_knob.ROW, ch06_one_knob.COL], []
    for w in w0 + np.linspace(-6, 6, 49):  # the figure's curve
        W[ch06_one_knob.ROW, ch06_one_knob.COL] = w
        costs.append(nnbook.cost(nnbook.forward(knobs, X), Y))
    text = " ".join(page().split())
    # "it lies nearly flat at about 3.64 on the left, then rises in an S shape to 4.46"
    assert round(costs[0], 2) == round(min(costs), 2) and f"{costs[0]:.2f}" in text
    assert costs[-1] == max(costs) and f"{costs[-1]:.2f}" in text
    low = int(np.argmin(costs))  # "nearly flat": left of the lowest point it moves by under 1% of the rise after it
    assert max(costs[: low + 1]) - costs[low] < 0.01 * (costs[-1] - costs[low]) and "nearly flat" in text
    rise = np.diff(costs[low:])  # "an S shape": from there up all the way, steepening once, then levelling off
    assert np.all(rise > 0) and np.count_nonzero(np.diff(np.sign(np.diff(rise)))) == 1 and "S shape" in text
    assert len(ch06_line.RANDOM_SEEDS) == 3 and re.search(r"\bfour\b[^\]]*lines", text)  # three random + downhill
    # the line figure: the downhill line "falls steeply from about 7.8 on the left to about 1.2 on the right,
    # crossing the others at the untrained network" (t = 0, where every line passes through the same knobs)
    ts = np.linspace(-10, 10, 41)
    g = nnbook.gradient(untrained(), X, Y)
    down = nnbook.line(untrained(), -g / np.linalg.norm(g), ts, X, Y)
    assert np.all(np.diff(down) < 0) and f"about {down[0]:.1f} on the left to about {down[-1]:.1f}" in text
    for seed in ch06_line.RANDOM_SEEDS:
        gap = down - nnbook.line(untrained(), nnbook.random_direction(untrained(), seed), ts, X, Y)
        assert np.all(gap[:20] > 0) and np.all(gap[21:] < 0) and "crossing" in text


def test_knob_counts():
    n = nnbook.count_knobs(SIZES)
    assert f"{n:,}" in page()
    assert f"{2 * n:,} passes" in page()
    assert f"the other {n - 1:,} knobs" in page()


def test_steepness_and_rate_of_descent():
    X, Y = setup()
    knobs = untrained()
    g = nnbook.gradient(knobs, X, Y)
    norm = np.linalg.norm(g)
    assert f"{norm:.4f}" in page()
    assert f"-\\lVert \\nabla C \\rVert = -{norm:.4f}" in page()
    downhill = -g / norm
    h = 0.01
    before, after = nnbook.line(knobs, downhill, [-h, h], X, Y)
    assert (after - before) / (2 * h) == pytest.approx(-norm, abs=1e-4)


def test_two_steps_downhill_and_random():
    X, Y = setup()
    knobs = untrained()
    g = nnbook.gradient(knobs, X, Y)
    downhill = -g / np.linalg.norm(g)
    costs = nnbook.line(knobs, downhill, [2.0], X, Y)
    assert f"cost to {costs[0]:.3f};" in page()  # as the page prints it, to 3 decimals
    random = nnbook.random_direction(knobs, rng=1)
    flat = nnbook.line(knobs, random, [-2.0, 2.0], X, Y)
    assert abs(flat[1] - flat[0]) < 0.1 * abs(nnbook.line(knobs, downhill, [-2.0], X, Y)[0] - costs[0])


def test_a_random_direction_turns_a_typical_dial_by_about_one_over_root_n():
    """A unit vector over n dials turns them by 1/sqrt(n) in root mean square; the page says so, and the largest."""
    d = nnbook.random_direction(untrained(), rng=1)
    n = nnbook.count_knobs(SIZES)
    typical = 1 / np.sqrt(n)
    assert np.linalg.norm(d) == pytest.approx(1.0) and np.sqrt(np.mean(d**2)) == pytest.approx(typical)
    assert 0.5 * typical < np.median(np.abs(d)) < typical  # "a typical dial": the middle turn is of that size
    assert np.abs(d).max() < 5 * typical  # none turns much more (the page quotes the largest)
    text = " ".join(page().split())
    assert f"1/\\sqrt{{{n}}} \\approx {typical:.4f}" in text
    assert f"largest turn along this one is {np.abs(d).max():.3f}" in text
    # A random line is nearly flat because the small effects cancel: its slope is far below the steepest one.
    X, Y = setup()
    g = nnbook.gradient(untrained(), X, Y)
    assert abs(g @ d) < 0.05 * np.linalg.norm(g)


def test_the_three_by_three_plane_falls_across_and_hardly_changes_down():
    """"Reading across a row the cost falls fast (downhill); reading down a column it hardly changes (random)."""
    X, Y = setup()
    knobs = untrained()
    g = nnbook.gradient(knobs, X, Y)
    steps = np.array([-1.0, 0.0, 1.0])
    grid = nnbook.plane(knobs, -g / np.linalg.norm(g), nnbook.random_direction(knobs, rng=2), steps, steps, X, Y)
    assert np.all(np.diff(grid, axis=1) < -0.5)  # every row falls, by more than half a unit a step
    assert np.abs(np.diff(grid, axis=0)).max() < 0.05 * np.abs(np.diff(grid, axis=1)).min()


def test_the_plane_figure_says_how_much_it_stretches_t():
    """The caption says one unit of t is drawn so many times as long as one of s: measure it on the drawn map."""
    from figures import _style

    drawn = {}
    original = ch06_plane.save
    ch06_plane.save = lambda name, draw, phone=False: drawn.setdefault("draw", draw)
    try:
        ch06_plane.make()
    finally:
        ch06_plane.save = original
    palette = next(iter(_style.PALETTES.values()))
    stretches = []
    for phone in (False, True):  # the desktop figure and the phone's: both drawn to the scale the caption says
        with _style.plt.rc_context(_style.rc(palette)):
            fig = drawn["draw"](palette | {"phone": phone})
        fig.canvas.draw()
        ax = fig.axes[0]
        box = ax.get_window_extent()
        (s0, s1), (t0, t1) = ax.get_xlim(), ax.get_ylim()
        stretches.append((box.height / (t1 - t0)) / (box.width / (s1 - s0)))
        _style.plt.close(fig)
    caption = " ".join(page().split("A slice of the cost landscape", 1)[1].split("///", 1)[0].split())
    said = re.search(r"one unit of \$t\$ is drawn (\d+(?:\.\d+)?) times as long as one unit of \$s\$", caption)
    assert said and all(float(said.group(1)) == pytest.approx(stretch, rel=0.02) for stretch in stretches), stretches


def test_figure_descriptions():
    X, Y = setup()
    knobs = untrained()
    g = nnbook.gradient(knobs, X, Y)
    ends = nnbook.line(knobs, -g / np.linalg.norm(g), [-10.0, 10.0], X, Y)
    assert f"from about {ends[0]:.1f} on the left to about {ends[1]:.1f} on the right" in page()
    # the one-knob curve's ends: test_the_one_knob_and_line_figures_as_their_alt_texts_describe_them


@functools.cache
def plane_setup():
    return ch06_plane.setup()


def test_the_plane_figure_record_matches_the_package():
    """The recorded plane (rebuilt from the record's two networks, no walk) gives the recorded costs."""
    p = plane_setup()
    c0, gs, gt = ch06_plane.in_plane_gradient(p, 0.0, 0.0)
    record = np.load(ch06_plane.RECORD)
    assert record["start"] == pytest.approx([c0, gs, gt], rel=1e-9)
    assert float(record["reach"]) == pytest.approx(p["reach"], rel=1e-12)
    knobs = nnbook.unflatten(p["theta"], SIZES)
    corner = nnbook.plane(knobs, p["e1"], p["e2"], record["s"][[0, 30]], record["t"][[0, 40]], p["X"], p["Y"])
    assert corner == pytest.approx(record["costs"][np.ix_([0, 40], [0, 30])], rel=1e-9)
    text = " ".join(page().split())
    assert f"cost {c0:.4f}" in text and f"cost of {c0:.4f}" in text
    assert f"a distance of {p['reach']:.0f} away" in page()
    assert abs(p["e1"] @ p["e2"]) < 1e-12  # at right angles, as the page says
    # The downhill arrow points across the valley (mostly along e2), not toward the star.
    assert abs(gt) > 3 * abs(gs)
    # "points almost straight up": up (minus the slope along t is positive), and drawn within 10 degrees of
    # vertical on the map, which stretches t T_STRETCH times.
    assert -gt > 0 and np.degrees(np.arctan2(abs(gs), ch06_plane.T_STRETCH * abs(gt))) < 10
    assert "straight up" in text
    # The star, far along e1, sits near the bottom: "close to 0", at the star itself, the far network.
    far = nnbook.unflatten(record["far"], SIZES)
    assert nnbook.cost(nnbook.forward(far, p["X"]), p["Y"]) < 0.05 and record["costs"].min() < 0.05


def test_the_walks_that_make_the_plane_land_near_the_record():
    """Redo the two training walks: on another CPU they land elsewhere, but within a measured band.

    Across the OpenBLAS kernels Prescott, Sandybridge and Haswell of one AMD
    EPYC (figures/data/kernels.json; SkylakeX too, in an earlier record made
    where AVX-512 was available), the 2-epoch walk to the plane's
    centre gave the same knobs to 1.4e-14 and the same cost to 2e-16; the
    30-epoch walk to the far network, chaotic over 3,000 steps, ended 36.98
    to 38.07 away (3% apart). The bands are a little wider.
    """
    X, Y = ch06_plane.data()
    theta, far = ch06_plane.walk_to_plane(X, Y)
    record = np.load(ch06_plane.RECORD)
    assert np.linalg.norm(theta - record["theta"]) < 1e-9 * np.linalg.norm(record["theta"])
    assert np.linalg.norm(far - theta) == pytest.approx(float(record["reach"]), rel=0.06)


def test_the_valley_floor_is_just_beside_the_start():
    record = np.load(ch06_plane.RECORD)
    column = record["costs"][:, np.flatnonzero(record["s"] == 0)[0]]  # the cost straight above and below the dot
    i = int(np.argmin(column))
    assert 0 < record["t"][i] < 1  # above the dot, the way the arrow points
    assert f"only {record['t'][i]:.1f} away, at a cost of {column[i]:.4f}" in page()


def test_the_page_says_how_the_plane_centre_was_trained():
    t, far = ch06_plane.PARTLY, ch06_plane.FURTHER
    flat = " ".join(page().split())
    words = {1: "one pass", 2: "two passes", 3: "three passes"}
    assert words[t["epochs"]] in flat and "1,000 digits" in flat and ch06_plane.N_IMAGES == 1000
    assert f"{ch06_plane.N_IMAGES // t['batch_size']} steps" in flat and f"mini-batch of {t['batch_size']}" in flat
    assert f"$\\eta = {t['eta']:g}$" in flat
    assert f"{far['epochs']} more passes" in flat and (far["batch_size"], far["eta"]) == (t["batch_size"], t["eta"])


def test_reading_the_gradient_as_relative_importance(mnist_path):
    import re

    text = page()
    flat = " ".join(text.split())
    ratio = re.search(r"^slope of output 7's bias: [0-9.]+\n([0-9]+) times as sensitive$", text, re.M)
    zero = re.search(r"^first-layer weights, median slope: .*\nexactly 0 for ([0-9]+)% of them$", text, re.M)
    assert ratio and zero  # the printed values themselves are checked by running the page's block
    assert f"the cost cares {ratio.group(1)} times more about the bias of output 3" in flat
    assert f"for {zero.group(1)}% of them the slope is exactly 0" in flat
    images, labels = nnbook.mnist.load("train", path=mnist_path)
    X, Y = images[:, :1000], nnbook.one_hot(labels[:1000])
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=0)
    (W1, _), *_ = nnbook.backprop(knobs, X, Y)
    blank = ~X.any(axis=1)  # pixels that are 0 in every one of the 1,000 digits
    assert np.array_equal(np.all(W1 == 0, axis=0), blank)  # the zero slopes are exactly the blank pixels' weights
    rows, cols = np.nonzero(blank.reshape(28, 28))
    assert np.all((np.minimum(rows, 27 - rows) < 6) | (np.minimum(cols, 27 - cols) < 6))  # "near the edges"
    a = nnbook.forward(knobs, X)
    assert a[3].min() > 0.5 and 0.05 < (labels[:1000] == 3).mean() < 0.15 and a[7].max() < 0.2


def test_almost_every_direction_is_nearly_flat():
    """The summary's "most directions are nearly flat": ten random directions, each far less steep than downhill."""
    X, Y = setup()
    knobs = untrained()
    g = nnbook.gradient(knobs, X, Y)
    slopes = [abs(g @ nnbook.random_direction(knobs, rng=seed)) for seed in range(1, 11)]
    assert max(slopes) < 0.05 * np.linalg.norm(g)
    # and the line figure's three random directions stay near 3.96 all the way to t = +-10, next to the downhill
    # line's fall: each moves by less than a twentieth of the downhill line's range over the same stretch
    c0 = nnbook.cost(nnbook.forward(knobs, X), Y)
    downhill = nnbook.line(knobs, -g / np.linalg.norm(g), [-10.0, 10.0], X, Y)
    for seed in (1, 2, 3):
        ends = nnbook.line(knobs, nnbook.random_direction(knobs, rng=seed), [-10.0, 10.0], X, Y)
        assert np.abs(ends - c0).max() < 0.05 * np.ptp(downhill) and round(c0, 2) == 3.96


def test_most_first_layer_weights_barely_matter_yet():
    X, Y = setup()
    (W1, _), _, (_, b3) = nnbook.backprop(untrained(), X, Y)
    assert np.median(np.abs(W1)) < 1e-3 * np.abs(b3).max()


def test_a_long_step_makes_the_measured_slope_drift_from_the_steepness():
    """Exercise 6.2's last remark: at h = 1 the measured slope and -|grad C| drift apart."""
    X, Y = setup()
    knobs = untrained()
    g = nnbook.gradient(knobs, X, Y)
    before, after = nnbook.line(knobs, -g / np.linalg.norm(g), [-1.0, 1.0], X, Y)
    assert abs((after - before) / 2 + np.linalg.norm(g)) > 0.01
