"""The numbers the prose quotes, by name, so a page cannot disagree with the record it quotes.

A page's Markdown writes `{{ ch10.test_accuracy:.2% }}` where it quotes a number: a
name from `values()` and, after a colon, an optional Python format spec. The
build renders it (docs/_hooks/quotes.py calls `render`), and so does the
notebook of the chapter and the tests' page loader (tests/book.py). Regenerate
a record and every page that quotes it changes with it; the tests then check
the record against what the package computes, in the bands measured across
BLAS kernels, instead of a number retyped into the page and the test.

Besides Python's format specs, two of the book's own: `words` writes a whole
number as a word ("three", `Words` capitalised: "Three"), and a spec ending in
`tex` writes the thousands separator as LaTeX's `{,}`, for a number inside
`$...$` (`{{ ch04.wide_knobs:,tex }}` -> 79{,}510).

Code blocks and their printed outputs are not quoted this way: they are tested
by pasting them into Python, as a reader would.
"""

from __future__ import annotations

import ast
import functools
import json
import re
import statistics
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SITE_DATA = Path(__file__).resolve().parent.parent / "docs" / "data"  # what the site's panels load

# {{ name }} or {{ name:spec }}; a name is dotted words, so LaTeX's {{,}} and the like never match.
QUOTE = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*(?::\s*([^{}]*?))?\s*\}\}")


WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]


def _record(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _constant(script: str, name: str) -> object:
    """A figure script's module-level constant, read without importing it (the build cannot import figures/)."""
    tree = ast.parse((Path(__file__).resolve().parent / f"{script}.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise KeyError(f"figures/{script}.py defines no constant {name}")


def fmt(value: object, spec: str) -> str:
    """`format(value, spec)`, plus the book's specs `words`/`Words` and `...tex` (see the top of this file)."""
    if spec in ("words", "Words"):
        if not (isinstance(value, int) and 0 <= value < len(WORDS)):
            raise ValueError(f"{value!r} has no word here: the words spec writes whole numbers 0 to {len(WORDS) - 1}")
        word = WORDS[value]
        return word.capitalize() if spec == "Words" else word
    if spec.endswith("tex"):
        return format(value, spec[:-3]).replace(",", "{,}")
    return format(value, spec)


def _run(prefix: str, record: dict) -> dict[str, object]:
    """What the pages quote from a training run's record (nnbook.record's format)."""
    first, last = record["epochs"][0], record["epochs"][-1]
    hp = record["hyperparameters"]
    return {
        f"{prefix}.epochs": len(record["epochs"]),
        f"{prefix}.test_accuracy": record["final_test_accuracy"],
        f"{prefix}.test_correct": round(record["final_test_accuracy"] * hp["test_examples"]),
        f"{prefix}.test_mistakes": hp["test_examples"] - round(record["final_test_accuracy"] * hp["test_examples"]),
        f"{prefix}.best_test_accuracy": record["best_test_accuracy"],
        f"{prefix}.train_accuracy": last["train_accuracy"],
        f"{prefix}.gap_points": 100 * (last["train_accuracy"] - last["test_accuracy"]),
        f"{prefix}.first_test_accuracy": first["test_accuracy"],
        f"{prefix}.test_cost": last["test_cost"],
        f"{prefix}.train_cost": last["train_cost"],
        f"{prefix}.eta": hp["eta"],
        f"{prefix}.eta_end": hp["eta_end"],
        f"{prefix}.batch_size": hp["batch_size"],
        f"{prefix}.scale": hp["scale"],
        f"{prefix}.weight_decay": hp["weight_decay"],
        f"{prefix}.train_examples": hp["train_examples"],
        f"{prefix}.test_examples": hp["test_examples"],
        f"{prefix}.median_epoch_seconds": statistics.median(e["seconds"] for e in record["epochs"]),
    }


def _ch10() -> dict[str, object]:
    """Chapter 10's run beyond `_run`: timings and machine, and the spread measured across BLAS kernels."""
    run = _record("ch10_run")
    seconds = [e["seconds"] for e in run["epochs"]]
    kernels = _record("kernels")["kernels"].values()
    printed = [float(k["10-whole.md varies 1 printed"].split()[2].rstrip("%")) / 100 for k in kernels]
    finals = [k[f"train.seed{s}_final"] for k in kernels for s in (0, 1, 2)]
    return {
        "ch10.first_test_cost": run["epochs"][0]["test_cost"],
        "ch10.first_train_accuracy": run["epochs"][0]["train_accuracy"],
        "ch10.train_seconds": run["train_seconds"],
        "ch10.total_seconds": run["total_seconds"],
        "ch10.fastest_epoch_seconds": min(seconds),
        "ch10.slowest_epoch_seconds": max(seconds),
        "ch10.cpu_count": run["machine"]["cpu_count"],
        "ch10.processor": run["machine"]["processor"],
        "ch10.python": run["machine"]["python"],
        "ch10.numpy_version": run["numpy_version"],
        "ch10.load_average": run["machine"]["load_average_1min"],
        "ch10.kernels": len(printed),
        "ch10.loop_printed_lowest": min(printed),
        "ch10.loop_printed_highest": max(printed),
        "ch10.seeds_lowest": min(finals),
        "ch10.seeds_highest": max(finals),
    }


def _ch06() -> dict[str, object]:
    """Chapter 6: a random direction's spread over the dials, and the plane's record (figures/ch06_plane.py)."""
    import numpy as np

    import nnbook

    d = nnbook.random_direction(nnbook.init_knobs([784, 16, 16, 10], rng=0), rng=1)  # the page's random line
    plane = np.load(DATA / "ch06_plane.npz")
    column = plane["costs"][:, int(np.flatnonzero(plane["s"] == 0)[0])]  # straight above and below the start
    low = int(np.argmin(column))
    return {
        "ch06.typical_turn": 1 / np.sqrt(d.size),
        "ch06.random_largest_turn": float(np.abs(d).max()),
        "ch06.random_share_over_hundredth": float(np.mean(np.abs(d) > 0.01)),
        "ch06.plane_start_cost": float(plane["start"][0]),
        "ch06.plane_reach": float(plane["reach"]),
        "ch06.valley_floor_t": float(plane["t"][low]),
        "ch06.valley_floor_cost": float(column[low]),
        "ch06.plane_digits": _constant("ch06_plane", "N_IMAGES"),  # the digits of the plane and of chapter 7's walks
    }


def _ch07() -> dict[str, object]:
    """Chapter 7: the whole-network walks (ch07_learning_rates), the plane walks (ch07_paths), the panel's data."""
    rates, paths = _record("ch07_learning_rates"), _record("ch07_paths")
    slow, right, large = (rates[k]["costs"] for k in ("too small", "about right", "too large"))
    dials = json.loads((SITE_DATA / "dials.json").read_text(encoding="utf-8"))
    # The panel's first step from its start (a grid point): the etas whose step lands off the map.
    i = round((dials["start"][1] - dials["t"]["min"]) / dials["t"]["step"])
    j = round((dials["start"][0] - dials["s"]["min"]) / dials["s"]["step"])
    gs, gt = dials["grad_s"][i][j], dials["grad_t"][i][j]
    off = [e for e in dials["etas"]
           if not (0 <= j - e * gs / dials["s"]["step"] <= dials["s"]["n"] - 1
                   and 0 <= i - e * gt / dials["t"]["step"] <= dials["t"]["n"] - 1)]
    return {
        "ch07.rates_start": slow[0],
        "ch07.slow_cost_at_15": slow[15],
        "ch07.slow_last_100_fall": slow[-101] - slow[-1],
        "ch07.slow_end": slow[-1],
        "ch07.right_cost_at_3": right[3],
        "ch07.right_end": right[-1],
        "ch07.large_last_100": sum(large[-100:]) / 100,
        "ch07.path_start": paths["about right"]["costs"][0],
        "ch07.small_path_end": paths["too small"]["costs"][-1],
        "ch07.right_path_end": paths["about right"]["costs"][-1],
        "ch07.right_path_end_s": paths["about right"]["path"][-1][0],
        "ch07.large_path_end": paths["too large"]["costs"][-1],
        "ch07.large_path_lowest": min(paths["too large"]["costs"]),
        "ch07.panel_first_refused_eta": min(off) if off else None,
    }


def _ch08() -> dict[str, object]:
    """Chapter 8: the full-batch and mini-batch walks on chapter 6's plane (figures/ch08_sgd_walks.py)."""
    walks = _record("ch08_sgd_walks")
    full, mini = walks["full"], walks["mini"]
    ups = [k + 1 for k, (a, b) in enumerate(zip(full["costs"], full["costs"][1:])) if b > a]
    import nnbook

    s1 = float(nnbook.sigmoid(1.0))
    return {
        "ch08.sigmoid_slope_at_1": s1 * (1 - s1),  # the formula; tests/test_chapter_08.py nudges it
        "ch08.walk_start": full["costs"][0],
        "ch08.full_end": full["costs"][-1],
        "ch08.mini_end": mini["costs"][-1],
        "ch08.full_end_s": full["path"][-1][0],
        "ch08.full_bounce_steps": max(ups),  # the step number of the full walk's last step up
        "ch08.full_batch": full["batch"],  # the full walk's step: every digit of the plane
        "ch08.full_digits": full["batch"] * (len(full["costs"]) - 1),
        "ch08.mini_digits": mini["batch"] * (len(mini["costs"]) - 1),
    }


def _tuning() -> dict[str, object]:
    """The validation sweep behind nnbook.train's defaults (figures/_tuning.py, figures/data/tuning.json)."""
    configs = _record("tuning")["configs"]

    def mean(name: str, seeds=None) -> float:
        accuracy = configs[name]["accuracy"]
        picked = [accuracy[str(s)] for s in seeds] if seeds is not None else list(accuracy.values())
        return sum(picked) / len(picked)

    out: dict[str, object] = {f"tuning.eta_{eta.replace('.', '_')}": mean(f"eta {eta}")
                              for eta in ("1.5", "2.0", "2.5", "3.0")}
    out.update({f"tuning.test_{s}": acc for s, acc in configs["eta 2.0, test set"]["accuracy"].items()})
    out["tuning.test_mean"] = mean("eta 2.0, test set")
    out["tuning.default_validation_3"] = mean("eta 2.0", (0, 1, 2))  # the default run, seeds 0 to 2
    out["tuning.scale_1_validation"] = mean("eta 2.0, scale 1")
    out["tuning.decay_1e_4"] = mean("eta 2.0, weight decay 0.0001")
    return out


def two_two_two() -> dict[str, object]:
    """Chapter 9's worked example: a 2-2-2 network with round knobs, one example, every step of backprop.

    The knobs and the example are the page's; everything else is computed from them here with nnbook, so
    the prose quotes these and tests/test_chapter_09.py checks them against central differences.
    """
    import numpy as np

    import nnbook

    x, y = np.array([[1.0], [0.5]]), np.array([[1.0], [0.0]])
    W1, b1 = np.array([[0.5, -1.0], [1.0, 0.5]]), np.array([[0.0], [-1.0]])
    W2, b2 = np.array([[1.0, -1.0], [0.5, 1.0]]), np.array([[0.0], [0.0]])
    s, ds = nnbook.sigmoid, nnbook.sigmoid_prime
    z1 = W1 @ x + b1
    a1 = s(z1)
    z2 = W2 @ a1 + b2
    a2 = s(z2)
    dC_da2 = 2 * (a2 - y)
    delta2 = dC_da2 * ds(z2)
    back = W2.T @ delta2  # dC/da1: the paths added
    delta1 = back * ds(z1)
    return {"x": x, "y": y, "W1": W1, "b1": b1, "W2": W2, "b2": b2, "z1": z1, "a1": a1, "z2": z2, "a2": a2,
            "C": float(np.sum((a2 - y) ** 2)), "dC_da2": dC_da2, "sp2": ds(z2), "delta2": delta2, "back": back,
            "sp1": ds(z1), "delta1": delta1, "nabla_W2": delta2 @ a1.T, "nabla_W1": delta1 @ x.T}


def _ch09() -> dict[str, object]:
    """The worked example's numbers by name: ch09.C, ch09.delta2_1 (entry 1 of a vector), ch09.nabla_W2_12 (row 1, column 2)."""
    out: dict[str, object] = {}
    for name, value in two_two_two().items():
        if isinstance(value, float):
            out[f"ch09.{name}"] = value
        elif value.shape[1] == 1:
            out.update({f"ch09.{name}_{j + 1}": float(v) for j, v in enumerate(value[:, 0])})
        else:
            out.update({f"ch09.{name}_{j + 1}{k + 1}": float(value[j, k])
                        for j in range(value.shape[0]) for k in range(value.shape[1])})
    return out


def _linear(record: dict, network_accuracy: float) -> dict[str, object]:
    """Chapter 5's linear rule trained for accuracy (figures/_linear.py), and what the hidden layers add to it."""
    settings = record["settings"]
    return {
        "ch05.linear_accuracy": record["final_test_accuracy"],
        "ch05.linear_epochs": settings["epochs"],
        "ch05.linear_eta": settings["eta"],
        "ch05.linear_batch_size": settings["batch_size"],
        "ch05.hidden_layers_gain_points": 100 * (network_accuracy - record["final_test_accuracy"]),
    }


def _ch11(record: dict, seeds: dict) -> dict[str, object]:
    """Chapter 11's table: the baseline, the best taste after 10 epochs and at its end, and the same five runs
    under every OpenBLAS kernel this processor has (figures/ch11_accuracies.py); five seeds of three runs,
    under numpy's own OpenBLAS kernel and every other one (figures/_ch11_seeds.py)."""
    runs, kernels = record["runs"], list(record["by_kernel"].values())
    best = runs["wider + softmax + momentum"]
    wide = [k["wider: 784-100-10"] for k in kernels]
    stalled = [w for w in wide if w[0] < 0.5]  # after its first epoch no better than a guess
    every = list(seeds["by_kernel"].values())  # per kernel, each run's five seeds (numpy's own pick is one of them)
    plain = [a for k in every for a in k["the book's network"]]
    gains = [100 * (h - p) for k in every for p, h in zip(k["the book's network"], k["+ momentum"])]  # seed by seed
    return {
        "ch11.seed_count": len(seeds["seeds"]),
        "ch11.seed_kernels": len(seeds["by_kernel"]),
        "ch11.seed_runs": len(plain),
        "ch11.baseline_seed_lowest": min(plain),
        "ch11.baseline_seed_highest": max(plain),
        "ch11.momentum_gain_least": min(gains),
        "ch11.momentum_gain_most": max(gains),
        "ch11.baseline_test_accuracy": runs["the book's network"]["test_accuracy"][-1],
        "ch11.best_test_accuracy": best["test_accuracy"][-1],
        "ch11.best_test_accuracy_10": best["test_accuracy"][9],
        "ch11.best_epochs": len(best["test_accuracy"]),
        "ch11.momentum_gain_points": 100 * (runs["+ momentum"]["test_accuracy"][-1]
                                            - runs["the book's network"]["test_accuracy"][-1]),
        "ch11.runs_kernels": len(kernels),
        "ch11.best_lowest": min(k["wider + softmax + momentum"][-1] for k in kernels),
        "ch11.wide_stalled_kernels": len(stalled),
        "ch11.wide_stalled_score": min(w[0] for w in stalled) if stalled else None,
        "ch11.wide_stalled_highest": max(a for w in stalled for a in w if a < 0.5) if stalled else None,
        "ch11.wide_stalled_epochs": max(next(i for i, a in enumerate(w) if a >= 0.5) for w in stalled) if stalled else 0,
        # where the stalled runs ended ("then climbed out and ended at ... to ...")
        "ch11.wide_final_lowest": min(w[-1] for w in stalled) if stalled else None,
        "ch11.wide_final_highest": max(w[-1] for w in stalled) if stalled else None,
    }


def _untrained() -> dict[str, object]:
    """Chapters 1 and 2: MNIST's counts and the untrained network (seed 0) on real digits (figures/_untrained.py)."""
    u = _record("untrained")
    first, three, rows = u["first_train"], u["messy_three"], u["first_of_each_digit"]["outputs"]
    a, right, answer = first["outputs"], first["label"], max(range(10), key=lambda d: first["outputs"][d])
    others = [d for d in range(10) if d not in (answer, right)]  # the bars besides the answer and the right digit
    highest = max(a[d] for d in others)
    out: dict[str, object] = {
        "mnist.train": u["train_examples"],
        "mnist.test": u["test_examples"],
        "mnist.all": u["train_examples"] + u["test_examples"],
        "ch01.first_label": right,
        "ch01.inked_pixels": first["inked_pixels"],
        "ch01.patch_paper": first["patch_lowest"],
        "ch01.patch_ink": first["patch_highest"],
        "ch01.patch_grey_1": first["patch_edge_greys"][0],
        "ch01.patch_grey_2": first["patch_edge_greys"][1],
        "ch01.answer": answer,
        "ch01.tallest": a[answer],
        "ch01.right_output": a[right],
        "ch01.taller_than_right": sum(v > a[right] for v in a) - 1,  # besides the answer itself
        "ch01.taller_than_right_digits": " and ".join(str(d) for d in others if a[d] > a[right]),
        "ch01.others_lowest": min(a[d] for d in others),
        "ch01.others_lowest_digit": min(others, key=lambda d: a[d]),
        "ch01.others_highest": highest,
        # the digits whose bars read as the highest of the others in the figure's two decimals ("4 and 6")
        "ch01.others_highest_digits": " and ".join(str(d) for d in others if f"{a[d]:.2f}" == f"{highest:.2f}"),
        "ch01.sevens_answering": u["first_seven"]["answering_7"],
        "ch01.sevens_networks": u["first_seven"]["networks"],
    }
    for s, by_seed in u["test_set_by_seed"].items():
        single = by_seed["answers"][0] if len(by_seed["answers"]) == 1 else None  # None: more than one answer
        out[f"untrained.seed{s}_answer"] = single
        out[f"untrained.seed{s}_right"] = by_seed["right"]
        out[f"untrained.seed{s}_accuracy"] = by_seed["right"] / u["test_examples"]
    b = three["outputs"]
    out.update({
        "ch02.three_label": three["label"],
        "ch02.three_answer": max(range(10), key=lambda d: b[d]),
        "ch02.three_answer_output": max(b),
        "ch02.three_right_output": b[three["label"]],
        "ch02.rows_brightest_digit": max(range(10), key=lambda d: sum(r[d] for r in rows)),
        "ch02.rows_brightest": max(sum(r[d] for r in rows) / len(rows) for d in range(10)),
        "ch02.rows_darkest_digit": min(range(10), key=lambda d: sum(r[d] for r in rows)),
        "ch02.rows_darkest": min(sum(r[d] for r in rows) / len(rows) for d in range(10)),
        "ch02.first_zero_index": u["zero_against_one"]["indices"][0],
        "ch02.first_one_index": u["zero_against_one"]["indices"][1],
        "ch02.change_layer_1": u["zero_against_one"]["largest_change_by_layer"][0],
        "ch02.change_layer_3": u["zero_against_one"]["largest_change_by_layer"][2],
        "ch02.inputs_drawn_each_end": _constant("ch02_network", "SHOWN"),
        "ch02.inputs_drawn": 2 * _constant("ch02_network", "SHOWN"),
        "ch02.inputs_not_drawn": u["sizes"][0] - 2 * _constant("ch02_network", "SHOWN"),
        "ch04.first_neuron": three["layer_1"][0],  # hidden neuron 0 on the messy 3: chapter 3's real neuron
    })
    return out


def _ch04() -> dict[str, object]:
    """Chapter 4: the knobs of the book's network counted with nnbook, the first layer's random weights."""
    import nnbook

    sizes = [784, 16, 16, 10]
    knobs = nnbook.init_knobs(sizes, rng=0)
    total = nnbook.count_knobs(sizes)
    out: dict[str, object] = {
        "ch04.knobs": total,
        "ch04.last_index": total - 1,  # the last knob's place in the flat vector, counted from 0
        "ch04.weights": sum(W.size for W, _ in knobs),
        "ch04.biases": sum(b.size for _, b in knobs),
        "ch04.neurons": sum(W.shape[0] for W, _ in knobs),
        "ch04.layers": len(knobs),
        "ch04.biases_share_largest": max(b.size for _, b in knobs) / total,
        "ch04.w1_lowest": float(knobs[0][0].min()),
        "ch04.w1_highest": float(knobs[0][0].max()),
    }
    for l, (W, b) in enumerate(knobs, start=1):
        out[f"ch04.weights_{l}"] = W.size
        out[f"ch04.knobs_{l}"] = W.size + b.size
        out[f"ch04.weights_share_{l}"] = W.size / total
    # Exercise 4.1: a 784-100-10 network, and the book's network on 56 by 56 images.
    wide = nnbook.count_knobs([784, 100, 10])
    out.update({
        "ch04.wide_knobs": wide,
        "ch04.wide_times": round(wide / total),
        "ch04.wide_first_share": 784 * 100 / wide,
        "ch04.big_pixels": 56 * 56,
        "ch04.big_first_weights": 56 * 56 * 16,
        "ch04.big_knobs": nnbook.count_knobs([56 * 56, 16, 16, 10]),
    })
    return out


@functools.cache
def values() -> dict[str, object]:
    """Every quotable value, by name. Cheap: records are read, nothing is trained."""
    out: dict[str, object] = {}
    out.update(_run("ch10", _record("ch10_run")))
    out.update(_run("ch11_decay", _record("ch11_weight_decay")))
    out.update(_ch10())
    out.update(_ch06())
    out.update(_ch07())
    out.update(_ch08())
    out.update(_tuning())
    out.update(_ch09())
    relu = _record("ch11_relu")
    for name, run in relu["runs"].items():
        out[f"ch11_relu.{name}_test_accuracy"] = run["test_accuracy"][-1]
        out[f"ch11_relu.{name}_eta"] = run["eta"]
    out["ch11_relu.epochs"] = relu["epochs"]
    # the same two walks under each OpenBLAS kernel: after which epoch ReLU led on all of them, and its final lead
    leads = [[r - s for s, r in zip(k["sigmoid"], k["relu"])] for k in relu["by_kernel"].values()]
    out["ch11_relu.kernels"] = len(leads)
    out["ch11_relu.ahead_from"] = 2 + max((e for lead in leads for e, x in enumerate(lead) if x <= 0), default=-1)
    out["ch11_relu.final_lead_least"] = 100 * min(lead[-1] for lead in leads)
    out["ch11_relu.final_lead_most"] = 100 * max(lead[-1] for lead in leads)
    out["ch11_relu.steps"] = relu["epochs"] * _record("untrained")["train_examples"] // relu["batch_size"]
    out.update(_ch11(_record("ch11_runs"), _record("ch11_seeds")))
    out.update(_linear(_record("ch05_linear"), out["ch10.test_accuracy"]))
    out.update(_untrained())
    out.update(_ch04())
    out["ch04.neuron_calls"] = out["ch04.neurons"] * out["mnist.test"]  # neuron by neuron, every test digit
    # The validation set the defaults were tuned on (figures/_tuning.py): split_validation's default holdout.
    import inspect

    from nnbook import mnist
    # Chapter 10: steps in an epoch, with the page's mini-batches of 10 and with the full run's, and in the run.
    out["ch10.steps_batch_10"] = out["mnist.train"] // 10
    out["ch10.steps_per_epoch"] = out["ch10.train_examples"] // out["ch10.batch_size"]
    out["ch10.steps"] = out["ch10.steps_per_epoch"] * out["ch10.epochs"]
    out["ch10.noise_images"] = _constant("ch10_noise", "MANY")
    # Chapter 5: the test set's threes (the always-3 network's cost), and the linear rule's weights with biases.
    threes = _record("untrained")["test_label_counts"][3]
    out["ch05.test_threes"] = threes
    out["ch05.test_not_threes"] = out["mnist.test"] - threes
    import nnbook

    out["ch05.linear_knobs"] = nnbook.count_knobs([784, 10])
    # Chapter 6's counts derived from the knob count: the knobs held still, the nudging trick's passes (two a
    # knob), and the directions a plane through knob space leaves out.
    out["ch06.other_knobs"] = out["ch04.knobs"] - 1
    out["ch06.nudge_passes"] = 2 * out["ch04.knobs"]
    out["ch06.directions_off_plane"] = out["ch04.knobs"] - 2
    out["summary.landscape_digits"] = _constant("summary_dials", "N_IMAGES")  # figure summary_dials' test digits
    out["tuning.validation"] = inspect.signature(mnist.split_validation).parameters["n"].default
    out["tuning.validation_trained_on"] = out["mnist.train"] - out["tuning.validation"]
    return out


def render(text: str, where: str = "a page") -> str:
    """`text` with every {{ name:spec }} replaced by the value it names, formatted; an unknown name is an error."""
    known = values()

    def one(match: re.Match) -> str:
        name, spec = match[1], match[2] or ""
        if name not in known:
            raise KeyError(f"{where} quotes {{{{ {name} }}}}, which figures/quotes.py does not define; "
                           f"add it to values() there, or fix the name")
        try:
            return fmt(known[name], spec)
        except ValueError as err:
            raise ValueError(f"{where}: {{{{ {name}:{spec} }}}}: {err}") from None

    return QUOTE.sub(one, text)
