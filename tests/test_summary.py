"""The one-page summary: its links, its numbers and its figure, checked against the package and the saved runs."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pytest

import nnbook

import book
import mnist_data
from figures import ch10_accuracy, ch10_loop, summary_dials

ROOT = Path(__file__).resolve().parent.parent

CHAPTERS = ["01-function.md", "02-layers.md", "03-neuron.md", "04-knobs.md", "05-cost.md", "06-landscape.md",
            "07-descent.md", "08-backprop.md", "09-chain-rule.md"]


@functools.cache
def page() -> str:
    return book.source("summary.md")


def test_the_table_has_the_nine_lessons_in_order_each_linked_to_its_chapter():
    rows = re.findall(r"^\| (\d) \| \[[^\]]+\]\(([\w-]+\.md)\) \|", page(), flags=re.M)
    assert [int(n) for n, _ in rows] == list(range(1, 10))
    assert [link for _, link in rows] == CHAPTERS
    for link in CHAPTERS + ["10-whole.md", "11-where-next.md"]:
        assert (ROOT / "docs" / link).is_file()


def test_the_chapter_titles_match_the_navigation():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for title, link in re.findall(r"^\| \d \| \[([^\]]+)\]\(([\w-]+\.md)\)", page(), flags=re.M):
        assert re.search(rf"- \d+\. {re.escape(title)}: {re.escape(link)}", nav), title


def test_the_knob_count_and_the_worked_example():
    text = page()
    assert 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10 == nnbook.count_knobs([784, 16, 16, 10]) == 13_002
    assert "= 13{,}002$" in text and "all 13,002" in text
    short = nnbook.cost(np.array([0.1, 0.05, 0.0, 0.2, 0.5]), np.array([0, 0, 0, 1.0, 0]))
    assert f"= {short:.4f}$" in text and f"{short:.4f}" == "0.9025"


def test_the_messy_three_and_the_final_accuracy_agree_with_chapter_ten():
    t = ch10_loop.one_turn()
    text = page()
    flat = " ".join(text.split())
    assert f"that network's cost on the digit is {t['before']:.2f}" in flat
    assert int(np.argmax(t["a"])) == 1 and "tallest output says 1" in flat
    assert f"{100 * ch10_accuracy.record()['final_test_accuracy']:.2f}% of the 10,000 test digits" in flat
    assert f"the book runs {ch10_accuracy.record()['hyperparameters']['epochs']}" in text


def test_the_summary_says_which_untrained_network_each_number_belongs_to():
    # The worked example is chapters 1-5's network (rng=0); one step of eta = 3 on that digit alone.
    t = ch10_loop.one_turn()
    flat = " ".join(page().split())
    assert ch10_loop.ETA == 3 and "with $\\eta = 3$, one step on this digit alone" in flat
    assert f"takes its cost from {t['before']:.2f} to {t['after']:.2f}" in flat
    assert t["after"] < t["before"] / 2  # one large step, not "a hair"
    # chapter 10's run: its own start and settings, quoted from its record; its learning rate falls
    hp = ch10_accuracy.record()["hyperparameters"]
    assert hp["eta_end"] < hp["eta"] and f"falls from {hp['eta']:g} to {hp['eta_end']:g}" in flat
    assert f"weights drawn at scale {hp['scale']:g}" in flat and f"mini-batches of {hp['batch_size']} digits" in flat


def test_the_pictures_start_is_chapter_tens_and_costs_less_than_chapters_one_to_five():
    ts, costs = summary_dials.landscape()
    images, labels = mnist_data.digits("test")
    X, Y = images[:, :1000].astype(np.float64), nnbook.one_hot(labels[:1000])
    rng0 = nnbook.cost(nnbook.forward(nnbook.init_knobs([784, 16, 16, 10], rng=0), X), Y)
    start = float(np.interp(0, ts, costs))
    assert start < rng0
    assert f"it costs {start:.2f}, where that one costs {rng0:.2f}" in " ".join(page().split())


def test_the_landscape_figure_is_described_as_drawn():
    ts, costs = summary_dials.landscape()
    start, end = np.interp(0, ts, costs), np.interp(1, ts, costs)
    assert round(start) == 4 and "a cost near 4 at the untrained end" in page()
    assert round(end, 1) == 0.1 and "near 0.1 at the trained end" in page()
    assert costs[ts > 0.5].max() < costs[ts < 0.2].min()  # it falls into the valley and stays low
    assert len(summary_dials.DIALS) == 8 and "eight half-circle dials" in page()
    text = " ".join(page().split())
    assert ts.min() < 0 and ts.max() > 1 and "and a little past both ends" in text
    # The curve is the cost on the first 1,000 test digits: at t = 0 it is the untrained network's cost there.
    images, labels = mnist_data.digits("test")
    X, Y = images[:, :1000].astype(np.float64), nnbook.one_hot(labels[:1000])
    start = [(W.astype(np.float64), b.astype(np.float64)) for W, b in summary_dials.untrained()]
    at_zero = int(np.argmin(np.abs(ts)))
    assert abs(ts[at_zero]) < 1e-9
    assert costs[at_zero] == pytest.approx(nnbook.cost(nnbook.forward(start, X), Y), rel=1e-9)
    assert "on 1,000 test digits, measured along the straight line" in text
    # The dials: the weights from hidden layer 2's first eight neurons into output 0 (knobs[2] is W^(3)).
    assert summary_dials.DIALS == [(2, 0, k) for k in range(8)]
    assert "the first eight neurons of the second hidden layer into output 0" in text


def test_the_page_needs_no_code():
    assert "```python" not in page()


def test_the_loop_and_where_next_say_what_the_records_hold():
    import json

    hp = ch10_accuracy.record()["hyperparameters"]
    flat = " ".join(page().split())
    # "For every mini-batch of training digits (10 to 32 of them at a time)": chapter 8's 10, chapter 10's 32
    assert hp["batch_size"] == 32 and "mini-batch of 10" in book.text("08-backprop.md")
    assert "(10 to 32 of them at a time)" in flat
    # "Momentum, softmax with cross-entropy and wider layers take the same digits past 98%"
    runs = json.loads((ROOT / "figures" / "data" / "ch11_runs.json").read_text())["runs"]
    best = max(runs.values(), key=lambda r: r["test_accuracy"][-1])
    assert best["test_accuracy"][-1] > 0.98 and best["mu"] > 0 and best["output"] == "softmax"
    assert best["knobs"] > nnbook.count_knobs([784, 16, 16, 10]) and "past 98%" in flat
    # "weight decay ... narrows the gap between training and test accuracy"
    from figures import quotes
    v = quotes.values()
    assert v["ch11_decay.gap_points"] < v["ch10.gap_points"] and "narrows the gap" in flat
