"""Chapter 11, where next: the tastes' accuracies against their recorded runs, the valley walk, and the prose."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

import nnbook
from nnbook import mnist

ROOT = Path(__file__).resolve().parent.parent
from figures import ch09_chain, ch10_accuracy, ch11_accuracies, ch11_momentum, ch11_relu, ch11_weight_decay, quotes
import mnist_data
import book


@functools.cache
def page() -> str:
    return book.source("11-where-next.md")


def runs() -> dict:
    return ch11_accuracies.record()["runs"]


def pct(fraction: float) -> str:
    return f"{100 * fraction:.2f}%"


def test_the_record_holds_exactly_the_configured_runs():
    recorded = runs()
    assert list(recorded) == list(ch11_accuracies.RUNS)
    for name, (sizes, output, eta, mu, epochs) in ch11_accuracies.RUNS.items():
        run = recorded[name]
        assert (run["sizes"], run["output"], run["eta"], run["mu"]) == (sizes, output, eta, mu)
        assert len(run["test_accuracy"]) == epochs == len(run["train_cost"])
        assert run["knobs"] == nnbook.count_knobs(sizes)


def test_the_first_epoch_of_the_baseline_is_reproduced(mnist_path):
    images, labels = mnist.load("train", mnist_path)
    test_images, test_labels = mnist.load("test", mnist_path)
    data = (images, nnbook.one_hot(labels).astype(np.float32), test_images, test_labels)
    sizes, output, eta, mu, _ = ch11_accuracies.RUNS["+ momentum"]
    knobs = nnbook.init_knobs(sizes, rng=ch11_accuracies.KNOBS_SEED, dtype=np.float32)
    history = nnbook.further.sgd_momentum(knobs, *data[:2], epochs=1, batch_size=ch11_accuracies.BATCH_SIZE, eta=eta,
                                          mu=mu, output=output, rng=ch11_accuracies.SHUFFLE_SEED, evaluation=data[2:])
    # Four OpenBLAS kernels gave 91.55% to 92.14% (figures/data/kernels.json); the record has 92.00%.
    assert history[0]["accuracy"] == pytest.approx(runs()["+ momentum"]["test_accuracy"][0], abs=0.012)


def test_every_accuracy_in_the_table_and_the_alt_text():
    text = page()
    for name, run in runs().items():
        final = pct(run["test_accuracy"][-1])
        sizes, output, eta, mu, epochs = ch11_accuracies.RUNS[name]
        row = f"| {run['knobs']:,} | {eta} | {mu:g} | {epochs} | {final} |"
        assert row in text, row
        assert text.count(final) >= 3  # the table and both variants of the alt text
    # the alt text: the softmax run "also ends at 94.10%, after a peak of 94.78% at epoch 6"
    soft = runs()["+ softmax and cross-entropy"]["test_accuracy"]
    peak = int(np.argmax(soft))
    assert soft[peak] > soft[-1] and text.count(f"peak of {pct(soft[peak])} at epoch {peak + 1}") == 2


def test_the_claims_about_the_runs():
    r, text = runs(), page()
    final = {name: run["test_accuracy"][-1] for name, run in r.items()}
    best = final["wider + softmax + momentum"]
    assert best == max(final.values()) and best > 0.98 and "pass 98%" in text
    assert round(10_000 * (1 - best)) < 200 and "fewer than 200 mistakes" in text
    assert final["wider: 784-100-10"] - final["the book's network"] > 0.035 and "about four points" in text
    gains = {name: final[name] - final["the book's network"] for name in ("wider: 784-100-10", "+ momentum",
                                                                      "+ softmax and cross-entropy")}
    assert max(gains, key=gains.get) == "wider: 784-100-10" and "hidden neurons buy the most" in " ".join(text.split())
    baseline = r["the book's network"]["test_accuracy"]
    # the opening's numbers: the baseline, the best taste after the same 10 epochs and at its end
    best_run = r["wider + softmax + momentum"]["test_accuracy"]
    opening = text[: text.index("## Three tastes")]
    for value in (baseline[-1], best_run[9], best_run[-1]):
        assert pct(value) in opening, pct(value)
    assert f"given {len(best_run)}" in opening
    wide = np.array(r["wider: 784-100-10"]["test_accuracy"])
    for name in ("the book's network", "+ momentum", "+ softmax and cross-entropy"):
        assert np.all(wide > np.array(r[name]["test_accuracy"]))
    assert "stays above the three smaller runs from the first epoch" in text
    assert f"{nnbook.count_knobs([784, 100, 10]):,} knobs" in text
    assert nnbook.count_knobs([784, 100, 10]) / nnbook.count_knobs([784, 16, 16, 10]) > 5.5 and "about six times" in text
    # "Each epoch costs about six times as much arithmetic": multiply-adds per example, forward and backward
    # (the weight gradients as many again, and the deltas passed back below the output layer): 6.07x
    def multiply_adds(sizes):
        pairs = list(zip(sizes[:-1], sizes[1:]))
        return 2 * sum(a * b for a, b in pairs) + sum(a * b for a, b in pairs[1:])
    ratio = multiply_adds([784, 100, 10]) / multiply_adds([784, 16, 16, 10])
    assert 5.5 < ratio < 6.5 and "six times" in text and "arithmetic" in text
    # the wide run with softmax and momentum, in the figure's alt text, "is highest throughout"
    best = np.array(r["wider + softmax + momentum"]["test_accuracy"])
    assert all(np.all(best[: len(run["test_accuracy"])] > run["test_accuracy"]) for name, run in r.items()
               if name != "wider + softmax + momentum") and "highest throughout" in text


def test_what_the_five_runs_do_on_every_kernel():
    """figures/ch11_accuracies.py's by_kernel: the five runs again under each OpenBLAS kernel this processor has."""
    record, text = ch11_accuracies.record(), " ".join(page().split())
    kernels = record["by_kernel"]
    assert len(kernels) >= 3 and f"{len(kernels)} kernels" in text
    wide = ("wider: 784-100-10", "wider + softmax + momentum")
    for runs in kernels.values():
        assert min(runs[w][-1] for w in wide) > max(a[-1] for name, a in runs.items() if name not in wide)
        assert runs["wider + softmax + momentum"][-1] > 0.98 and runs["wider + softmax + momentum"][0] > 0.5
    assert "wider networks on top" in text and "98% on all" in text
    lowest = min(k["wider + softmax + momentum"][-1] for k in kernels.values())
    assert f"({pct(lowest)} at its lowest)" in text
    # the stall: a first epoch that scored exactly the share of 0s among the test digits (it answered 0 to all)
    stalled = [k["wider: 784-100-10"] for k in kernels.values() if k["wider: 784-100-10"][0] < 0.5]
    _, labels = mnist_data.digits("test")
    share = float(np.mean(labels == 0))
    assert stalled and all(w[0] == pytest.approx(share, abs=1e-9) for w in stalled)
    assert f"{len(stalled)} of the kernels" in text and pct(share) in text
    assert "share of 0s" in text and "answered 0" in text
    epochs = max(next(i for i, a in enumerate(w) if a >= 0.5) for w in stalled)
    highest = max(a for w in stalled for a in w[:epochs])
    assert pct(highest) in text and f"{epochs} epochs" in text
    finals = [w[-1] for w in stalled]  # where the stalled runs ended
    assert f"{pct(min(finals))} to {pct(max(finals))}" in text
    assert "softmax run of the same network did not" in text


@pytest.mark.slow
def test_the_stalled_wide_run_had_pushed_every_output_onto_the_flat_tail(mnist_path):
    """The page's reason for the stall, checked under a kernel where the record shows it: after the first epoch
    all ten outputs are near 0 for every test digit (the answer is then 0, the first of ten near-ties)."""
    from figures import _kernels

    kernels = ch11_accuracies.record()["by_kernel"]
    stalled = [k for k, runs in kernels.items() if runs["wider: 784-100-10"][0] < 0.5 and k in _kernels.kernels()]
    assert stalled, "no kernel of the record's stalled runs runs here"
    accuracy, top, not_zero = _kernels.under(stalled[0], "figures.ch11_accuracies", "wide_first_epoch")
    assert accuracy == kernels[stalled[0]]["wider: 784-100-10"][0]  # the record's walk, replayed
    assert top < 0.01 and not_zero == 0  # every output of every digit near 0; every answer 0
    assert "all ten outputs" in " ".join(page().split()) and "flat tail" in page()


def test_the_valley_walk():
    plain, heavy = ch11_momentum.walk(0.0), ch11_momentum.walk(ch11_momentum.MU)
    c_plain, c_heavy = ch11_momentum.valley(*plain[-1]), ch11_momentum.valley(*heavy[-1])
    text = page()
    assert f"cost {c_plain:.4f}, from {ch11_momentum.valley(*ch11_momentum.START):.4f}" in text
    assert f"has arrived (cost {c_heavy:.4f})" in text
    assert f"stopping near x = {plain[-1, 0]:.1f}" in text and f"With momentum {ch11_momentum.MU}" in text
    assert c_heavy < c_plain / 100
    # "swings wider across the valley, and its swings die down more slowly": wider swings across (y) in steps 5
    # to 10 (0.76 against 0.52), and wider still in the last ten steps
    assert np.abs(heavy[5:11, 1]).max() > np.abs(plain[5:11, 1]).max() and "swings wider" in text
    momentum = text[text.index("### Momentum"):text.index("```python", text.index("### Momentum"))]
    assert "wider" in momentum  # the momentum section says it too, of the same walks
    assert np.abs(heavy[-10:, 1]).max() > np.abs(plain[-10:, 1]).max() and "more slowly" in text
    # "overshoots the bottom a little, to x = 0.2" (exercise 11.1: "overshoots a little before settling")
    over = heavy[:, 0].max()
    assert 0 < over < 0.05 * abs(ch11_momentum.START[0]) and f"to x = {over:.1f}" in text
    assert abs(heavy[-1, 0]) < over / 2 and "overshoots a little" in text
    # the caption's "fewer zigzags": momentum crosses the valley's floor (y = 0) less often (16 times against 30)
    crossings = [int(np.sum(np.diff(np.sign(w[:, 1])) != 0)) for w in (heavy, plain)]
    assert crossings[0] < crossings[1] and "fewer zigzags" in text and "wider" in text
    # the alt text: plain descent "zig-zags across the valley in shrinking hops and creeps along the floor", while
    # momentum "travels along the floor much faster" (at step 16 it is near x = 0, plain descent at x = -4.3)
    hops = np.abs(np.diff(plain[:, 1]))
    assert np.all(np.diff(hops) < 0) and "shrinking" in text
    assert abs(heavy[16, 0]) < 0.5 and plain[16, 0] < -4 and "faster" in text


def test_what_another_seed_or_computer_changes_and_what_momentum_gains_on_mnist():
    """figures/_ch11_seeds.py's record: the table's three 13,002-knob runs, five seeds each (seed 0 is the table's),
    under numpy's own OpenBLAS kernel and under each kernel this processor has."""
    from figures import _ch11_seeds

    record, table = _ch11_seeds.record(), runs()
    kernels = record["by_kernel"]
    assert "Prescott" in kernels  # every x86-64 has it: the claims below rest on more than one kernel
    for seeds in [record["test_accuracy"], *kernels.values()]:
        assert set(seeds) == set(_ch11_seeds.NAMES) and all(len(a) == 5 for a in seeds.values())
    for name, accuracy in record["test_accuracy"].items():  # the table's recipe: seed 0 is its run, to the rounding
        assert accuracy[0] == pytest.approx(table[name]["test_accuracy"][-1], abs=0.003)
    text = " ".join(page().split())
    # "a point or so between the 13,002-knob runs is within what another seed, or another computer, could change":
    # over the seeds and kernels the baseline spans more than a point (measured 2.0; 0.7 under Prescott alone)
    plain = [a for seeds in kernels.values() for a in seeds["the book's network"]]
    assert max(plain) - min(plain) > 0.01 and "another computer" in text
    # "in each of the 15 runs over those seeds and kernels it beat the baseline with the same seed and kernel, by
    # 0.5 to 2.0 points: a steady gain, but a small one"
    gains = [h - p for seeds in kernels.values() for p, h in zip(seeds["the book's network"], seeds["+ momentum"])]
    assert 0 < min(gains) and max(gains) < 0.03 and "steady" in text and "beat" in text


def test_weight_decay_costs_little_time_in_the_records():
    # "costs little time: in the records, a median epoch took 0.25 s with it and 0.22 s without" (both runs made
    # on one machine, one thread; the records' own timings, not a stopwatch in the test)
    from figures import ch10_accuracy, ch11_weight_decay

    def median(record):
        return float(np.median([e["seconds"] for e in record["epochs"]]))

    with_decay, without = median(ch11_weight_decay.record()), median(ch10_accuracy.record())
    assert with_decay < 1.25 * without
    assert f"{with_decay:.2f} s" in page() and f"{without:.2f} s" in page()


def test_untrained_outputs_add_up_to_more_than_five():
    images, _ = mnist_data.digits("test")
    a = nnbook.forward(nnbook.init_knobs([784, 16, 16, 10], rng=0), images[:, [18]])
    assert a.sum() > 5 and "add up to more than 5" in page()


def test_the_untrained_softmax_gives_the_right_digit_less_than_a_guess():
    # "here about 0.06, below even the one in ten of a guess" (test digit 18, a 3, on chapter 1's untrained knobs)
    images, labels = mnist_data.digits("test")
    a = nnbook.further.forward_softmax(nnbook.init_knobs([784, 16, 16, 10], rng=0), images[:, [18]])
    assert labels[18] == 3 and a[3, 0] < 0.1
    assert f"about {a[3, 0]:.2f}, below" in " ".join(page().split()) and "of a guess" in page()


def test_momentum_with_the_plain_rate_would_take_chapter_sevens_too_large_steps():
    # exercise 11.1: eta = 3 with mu = 0.9 makes steps eta / (1 - mu) = 30 times the gradient, chapter 7's eta = 30
    from figures import ch07_learning_rates

    assert 3.0 / (1 - 0.9) == pytest.approx(ch07_learning_rates.ETAS["too large"])
    text = " ".join(page().split())
    assert "thirty times the gradient" in text and "$\\eta = 30$" in text


def test_log_costs_quoted():
    text = page()
    assert f"$\\log 2 \\approx {np.log(2):.2f}$" in text
    assert f"costs about {-np.log(0.01):.1f}" in text


def test_the_baseline_is_compared_with_the_books_full_run():
    from figures import ch10_accuracy

    full = ch10_accuracy.record()["final_test_accuracy"]
    assert runs()["the book's network"]["test_accuracy"][-1] < full - 0.02
    # "a third of the epochs"
    assert 3 * len(runs()["the book's network"]["test_accuracy"]) == ch10_accuracy.record()["hyperparameters"]["epochs"]
    assert "a third of" in " ".join(page().split())
    assert f"ends well below the {pct(full)} of the book's full run" in " ".join(page().split())


def test_weight_decay_is_chapter_tens_run_with_one_setting_changed_and_its_numbers_are_quoted():
    book, decayed = ch10_accuracy.record(), ch11_weight_decay.record()
    hp_book, hp = dict(book["hyperparameters"]), dict(decayed["hyperparameters"])
    assert hp.pop("weight_decay") == ch11_weight_decay.WEIGHT_DECAY == 1e-4 and hp_book.pop("weight_decay") == 0
    assert hp == hp_book and decayed["seed"] == book["seed"]  # nothing else differs
    text = " ".join(page().split())
    b, d = book["epochs"][-1], decayed["epochs"][-1]
    gap_b = 100 * (b["train_accuracy"] - b["test_accuracy"])
    gap_d = 100 * (d["train_accuracy"] - d["test_accuracy"])
    # the penalty narrows the gap and lifts the test accuracy, while the training accuracy drops
    assert gap_d < gap_b / 2 and d["test_accuracy"] > b["test_accuracy"] and d["train_accuracy"] < b["train_accuracy"]
    assert f"read {pct(b['train_accuracy'])} of its training digits right but only {pct(b['test_accuracy'])}" in text
    assert f"training digits: {pct(d['train_accuracy'])}" in text and f"test digits: {pct(d['test_accuracy'])}" in text
    assert (f"*less* well ({pct(d['train_accuracy'])} against {pct(b['train_accuracy'])}) and reads the test digits "
            f"better ({pct(d['test_accuracy'])} against {pct(b['test_accuracy'])}") in text
    mistakes = [round(10_000 * (1 - r["epochs"][-1]["test_accuracy"])) for r in (decayed, book)]
    assert f"{mistakes[0]} mistakes instead of {mistakes[1]}" in text
    # the gaps the prose and the alt text quote (ch10.gap_points, ch11_decay.gap_points) are these records' gaps
    quoted = quotes.values()
    assert quoted["ch10.gap_points"] == pytest.approx(gap_b) and quoted["ch11_decay.gap_points"] == pytest.approx(gap_d)
    assert text.count(f"end at {pct(d['train_accuracy'])} and {pct(d['test_accuracy'])}") == 2  # both palettes
    # the alt text: with weight decay "the two curves stay close together all the way": at every epoch the gap is
    # under half the book run's final gap (measured 0.13 to 0.79 points, against 2.08)
    gaps = [100 * (e["train_accuracy"] - e["test_accuracy"]) for e in decayed["epochs"]]
    assert max(gaps) < gap_b / 2 and text.count("close together") == 2
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"`--weight-decay 1e-4` adds the L2 regularization of chapter 11 ({pct(d['test_accuracy'])} for seed 0 in the book's record)" in readme
    # the step the chapter derives is what train does: (1 - eta lambda) w - eta dC/dw, up to eta^2 lambda
    assert hp["eta"] * ch11_weight_decay.WEIGHT_DECAY < 1e-3 and "thousands of times smaller" in text


def test_the_best_taste_is_compared_at_the_same_ten_epochs_too():
    best = runs()["wider + softmax + momentum"]["test_accuracy"]
    others = [r["test_accuracy"] for name, r in runs().items() if name != "wider + softmax + momentum"]
    assert len(best) == 20 and all(len(o) == 10 for o in others)
    assert max(o[-1] for o in others) < best[9] < 0.98 < best[-1]
    text = " ".join(page().split())
    assert f"reach {pct(best[9])} after the same 10 epochs and, given 20, pass 98%" in text
    assert round(10_000 * (1 - best[-1])) < 200 and "fewer than 200 mistakes in 10,000" in text


def test_convolutional_networks_are_compared_with_the_books_run():
    from figures import ch10_accuracy

    full = ch10_accuracy.record()["final_test_accuracy"]
    assert f"where the book's network, which must learn every such fact pixel by pixel, reached {pct(full)}." in \
        " ".join(page().split())


def test_nielsens_eta_takes_half_our_step():
    """His cost has a 1/2 in front: the same eta moves the knobs half as far as ours."""
    rng = np.random.default_rng(0)
    knobs = nnbook.init_knobs([6, 4, 3], rng=0)
    X, Y = rng.random((6, 5)), nnbook.one_hot(rng.integers(0, 3, 5), 3)
    ours = nnbook.flatten(nnbook.backprop(knobs, X, Y))
    theta = nnbook.flatten(knobs)
    # central difference of Nielsen's C = 1/(2n) sum ||y - a||^2 along a few knobs
    for i in (0, 7, 20, len(theta) - 1):
        up, down = theta.copy(), theta.copy()
        up[i] += 1e-6
        down[i] -= 1e-6
        half = [np.sum((nnbook.forward(nnbook.unflatten(t, [6, 4, 3]), X) - Y) ** 2) / (2 * 5) for t in (up, down)]
        assert (half[0] - half[1]) / 2e-6 == pytest.approx(ours[i] / 2, rel=1e-5, abs=1e-10)
    assert book.says("11-where-next.md", "his $\\eta = 3.0$ takes steps half as long as our $\\eta = 3$")


def test_confidently_wrong_outputs_get_a_weak_push():
    images, labels = mnist_data.digits("test")
    X, Y = images[:, :1000], nnbook.one_hot(labels[:1000])
    zs, activations = nnbook.forward_all(nnbook.init_knobs([784, 16, 16, 10], rng=0), X)
    a, z = activations[-1], zs[-1]
    wrong = (Y == 0) & (a > 0.9)
    share = wrong.sum() / (Y == 0).sum()
    quadratic = np.abs(2 * (a - Y) * nnbook.sigmoid_prime(z))[wrong].mean()
    ce = np.abs(a - Y)[wrong].mean()
    text = book.text("11-where-next.md")
    assert f"wrong outputs above 0.9: {share:.1%}" in text
    assert f"quadratic cost: {quadratic:.3f}; cross-entropy: {ce:.3f}" in text
    assert 0.08 < share < 0.12  # "about one wrong output in ten"
    assert 8 < ce / quadratic < 12  # "about ten times more weakly"


def test_relu_keeps_the_error_from_fading():
    images, labels = mnist_data.digits("train")
    x, y = images[:, [7]], nnbook.one_hot(labels[[7]])
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=0)
    lengths = {}
    for hidden in ("sigmoid", "relu"):
        nabla = ch11_relu.backprop(knobs, x, y, hidden)
        lengths[hidden] = [np.linalg.norm(nabla[l][1]) for l in (2, 1, 0)]  # bias slopes are the deltas
    s, r = lengths["sigmoid"], lengths["relu"]
    assert 24 < s[0] / s[2] < 28  # "about a twenty-sixth"
    assert 2.6 < r[0] / r[2] < 3.6  # "about a third"
    text = book.text("11-where-next.md")
    assert "sigmoid: [" + " ".join(f"{v:.4f}" for v in s) + "]" in text
    assert "ReLU: [" + " ".join(f"{v:.4f}" for v in r) + "]" in text
    # the sigmoid lengths are chapter 9's sweep, the same digit and knobs
    assert f"from {s[0]:.4f} to {s[1]:.4f} to {s[2]:.4f}" in book.text("09-chain-rule.md")


def test_the_relu_record_and_what_the_page_says_of_it():
    r = ch11_relu.record()
    assert r["epochs"] == ch11_relu.EPOCHS and list(r["runs"]) == list(ch11_relu.ETAS)
    sig, relu = (np.array(r["runs"][h]["test_accuracy"]) for h in ("sigmoid", "relu"))
    assert len(sig) == len(relu) == r["epochs"]
    assert np.all(relu > sig)  # "above the sigmoid curve after every epoch": the figure, the record's own run
    # The same two walks under each OpenBLAS kernel ("the two swapped places now and then early on, but from epoch 5
    # on ReLU led after every epoch on every kernel, and it ended 0.5 to 1.2 points ahead"): measured, the sigmoid
    # run led after epochs 1 and 4 under Prescott and Sandybridge.
    by_kernel = r["by_kernel"]
    assert "Prescott" in by_kernel and all(len(k["relu"]) == len(k["sigmoid"]) == r["epochs"] for k in by_kernel.values())
    leads = np.array([np.subtract(k["relu"], k["sigmoid"]) for k in by_kernel.values()])  # (kernels, epochs)
    trailing = np.nonzero(np.any(leads <= 0, axis=0))[0]
    ahead_from = 2 + (trailing.max() if trailing.size else -1)
    assert 1 < ahead_from <= r["epochs"] // 2 and np.all(leads[:, ahead_from - 1:] > 0)
    prose = " ".join(book.text("11-where-next.md").split())
    assert f"epoch {ahead_from}" in prose and "swapped" in prose and "early" in prose
    assert np.all(leads[:, -1] > 0) and f"{100 * leads[:, -1].min():.1f} to {100 * leads[:, -1].max():.1f} points" in prose
    assert abs(sig[0] - 0.90) < 0.01 and abs(relu[0] - 0.90) < 0.015  # "both start near 90%"
    text = book.text("11-where-next.md")
    section = text[text.index("ReLU: a squish"):text.index("Closing the gap")]
    assert pct(relu[-1]) in section and pct(sig[-1]) in section
    # its sigmoid run has the baseline's settings, yet ends elsewhere (another code path, see the test below)
    sizes, output, eta, mu, epochs = ch11_accuracies.RUNS["the book's network"]
    assert (sizes, output, eta, mu, epochs) == ([784, 16, 16, 10], "sigmoid", ch11_relu.ETAS["sigmoid"], 0.0, r["epochs"])
    assert (ch11_accuracies.BATCH_SIZE, ch11_accuracies.KNOBS_SEED, ch11_accuracies.SHUFFLE_SEED) == \
        (r["batch_size"], r["knobs_seed"], r["shuffle_seed"])
    baseline = runs()["the book's network"]["test_accuracy"][-1]
    assert baseline != sig[-1] and pct(baseline) in section
    assert text.count(f"ends at {pct(relu[-1])}, against {pct(sig[-1])}") == 2  # both alt texts
    # "the ReLU one at eta = 0.1, the best of 0.1, 0.3 and 1 over one epoch"
    tried = {float(eta): acc for eta, acc in r["relu_tried"].items()}
    assert sorted(tried) == sorted(ch11_relu.RELU_TRIED) and max(tried, key=tried.get) == ch11_relu.ETAS["relu"]
    assert "0.1, 0.3 and 1" in " ".join(text.split())


def test_the_readable_and_fused_sweeps_part_in_the_last_float32_digit():
    """Why ch11_relu's sigmoid run is not the table's baseline: one step agrees to float32 rounding, not exactly."""
    from batches import random_batch
    from nnbook import fused

    X, Y = (a.astype(np.float32) for a in random_batch([784, 16, 16, 10], 10))
    readable = nnbook.init_knobs([784, 16, 16, 10], rng=0, dtype=np.float32)
    fast = [(W.copy(), b.copy()) for W, b in readable]
    fused.sweep(fast, X, Y, 3.0)  # the step, in place
    nabla = ch11_relu.backprop(readable, X, Y, "sigmoid")
    readable = [(W - 3.0 * nW, b - 3.0 * nb) for (W, b), (nW, nb) in zip(readable, nabla)]
    gap = max(float(np.abs(f[0] - r[0]).max()) for f, r in zip(fast, readable))
    assert 0 < gap < 1e-5


def test_the_relu_first_epoch_is_reproduced(mnist_path):
    data = ch11_relu.data()
    for hidden, eta in ch11_relu.ETAS.items():
        first = ch11_relu.train(hidden, data, eta, epochs=1)[0]
        # a training walk on chapter 9's readable sweep: a band. Measured (record made under Haswell): the sigmoid
        # run's first epoch 89.90% (Haswell), 90.81% (Sandybridge), 91.13% (Prescott); ReLU 90.70% on all three.
        # The rates tried (relu_tried) rank the same on all three kernels: 0.1 gives 90.70%, 0.3 87.41% (Haswell),
        # 89.60% (Prescott), 89.82% (Sandybridge), 1 62.5-71.0%; so the page's "the best of 0.1, 0.3 and 1" holds.
        assert first == pytest.approx(ch11_relu.record()["runs"][hidden]["test_accuracy"][0], abs=0.02)


def test_the_tiny_autograd_gives_chapter_nines_slopes():
    c = ch09_chain.chain()
    for l in (1, 2, 3):  # the same slopes on both pages
        assert f"dC/dw{l} = {c['dw'][l - 1]:.4f}" in book.text("11-where-next.md")
        assert f"dC/dw{l}: by hand {c['dw'][l - 1]:.4f}," in book.text("09-chain-rule.md")
    # "Here are twenty lines that do it": the class, from its first line to the blank line that ends it
    source = book.source("11-where-next.md")
    body = source[source.index("class Value:"):].split("\n\n", 1)[0].splitlines()
    assert len(body) == 20 and "twenty lines" in " ".join(source.split())


def test_every_outside_link_is_one_of_the_checked_references():
    """Each outside address was checked to exist and say what the page claims (see the commit); a new one must be too."""
    import re

    checked = {
        "http://neuralnetworksanddeeplearning.com/chap1.html",
        "http://neuralnetworksanddeeplearning.com/chap3.html",
        "http://neuralnetworksanddeeplearning.com/chap3.html#variations_on_stochastic_gradient_descent",
        "http://neuralnetworksanddeeplearning.com/chap3.html#the_cross-entropy_cost_function",
        "http://neuralnetworksanddeeplearning.com/chap3.html#softmax",
        "http://neuralnetworksanddeeplearning.com/chap3.html#other_models_of_artificial_neuron",
        "http://neuralnetworksanddeeplearning.com/chap3.html#overfitting_and_regularization",
        "http://neuralnetworksanddeeplearning.com/chap3.html#dropout_explanation",
        "http://neuralnetworksanddeeplearning.com/chap5.html",
        "http://neuralnetworksanddeeplearning.com/chap5.html#the_vanishing_gradient_problem",
        "http://neuralnetworksanddeeplearning.com/chap6.html",
        "http://neuralnetworksanddeeplearning.com/chap6.html#introducing_convolutional_networks",
        "https://d2l.ai/",
        "https://d2l.ai/chapter_optimization/momentum.html",
        "https://d2l.ai/chapter_optimization/adam.html",
        "https://d2l.ai/chapter_linear-classification/softmax-regression.html",
        "https://d2l.ai/chapter_multilayer-perceptrons/mlp.html",
        "https://d2l.ai/chapter_multilayer-perceptrons/mlp-implementation.html",
        "https://d2l.ai/chapter_linear-regression/weight-decay.html",
        "https://d2l.ai/chapter_multilayer-perceptrons/dropout.html",
        "https://d2l.ai/chapter_convolutional-neural-networks/index.html",
        "https://d2l.ai/chapter_attention-mechanisms-and-transformers/index.html",
        "https://d2l.ai/chapter_preliminaries/autograd.html",
        "https://udlbook.github.io/udlbook/",
        "https://arxiv.org/abs/1412.6980",
        "https://www.3blue1brown.com/lessons/gpt",
        "https://www.3blue1brown.com/lessons/attention",
        "https://www.3blue1brown.com/topics/neural-networks",
        "https://github.com/karpathy/micrograd",
        "https://github.com/karpathy/nn-zero-to-hero",
    }
    links = set(re.findall(r"\]\((https?://[^)\s]+)\)", book.source("11-where-next.md")))
    assert links <= checked, links - checked
    assert len(links) >= 20


def test_scrambled_pixels_walk_apart_only_by_rounding():
    # "in exact arithmetic produce the same network, scrambled (on a computer the rounding sends the two walks
    # apart ... but neither walk can make any use of where a pixel is)": one epoch on 1,000 digits, plain and
    # with every image's pixels (and the first layer's weights) scrambled the same way, then unscrambled.
    images, labels = mnist_data.digits("train")
    X, Y = images[:, :1000].astype(np.float64), nnbook.one_hot(labels[:1000])
    order = np.random.default_rng(0).permutation(784)
    plain, scrambled = nnbook.init_knobs([784, 16, 16, 10], rng=0), nnbook.init_knobs([784, 16, 16, 10], rng=0)
    scrambled[0] = (scrambled[0][0][:, order], scrambled[0][1])
    nnbook.sgd(plain, X, Y, epochs=1, batch_size=10, eta=3.0, rng=1)
    nnbook.sgd(scrambled, X[order], Y, epochs=1, batch_size=10, eta=3.0, rng=1)
    unscrambled = np.empty_like(scrambled[0][0])
    unscrambled[:, order] = scrambled[0][0]
    gap = np.abs(unscrambled - plain[0][0]).max()
    assert 0 < gap < 1e-3  # apart, by rounding only: still the same walk to far less than a step's size
    text = " ".join(page().split())
    assert "exact arithmetic" in text and "rounding" in text
