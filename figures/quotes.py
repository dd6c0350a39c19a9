"""The numbers the prose quotes, by name, so a page cannot disagree with the record it quotes.

A page's Markdown writes `{{ ch10.test_accuracy:.2% }}` where it quotes a number: a
name from `values()` and, after a colon, an optional Python format spec. The
build renders it (docs/_hooks/quotes.py calls `render`), and so does the
notebook of the chapter and the tests' page loader (tests/book.py). Regenerate
a record and every page that quotes it changes with it; the tests then check
the record against what the package computes, in the bands measured across
BLAS kernels, instead of a number retyped into the page and the test.

Code blocks and their printed outputs are not quoted this way: they are tested
by pasting them into Python, as a reader would.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# {{ name }} or {{ name:spec }}; a name is dotted words, so LaTeX's {{,}} and the like never match.
QUOTE = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*(?::\s*([^{}]*?))?\s*\}\}")


def _record(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


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
    }


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


@functools.cache
def values() -> dict[str, object]:
    """Every quotable value, by name. Cheap: records are read, nothing is trained."""
    out: dict[str, object] = {}
    out.update(_run("ch10", _record("ch10_run")))
    out.update(_run("ch11_decay", _record("ch11_weight_decay")))
    out.update(_ch09())
    relu = _record("ch11_relu")
    for name, run in relu["runs"].items():
        out[f"ch11_relu.{name}_test_accuracy"] = run["test_accuracy"][-1]
        out[f"ch11_relu.{name}_eta"] = run["eta"]
    out["ch11_relu.epochs"] = relu["epochs"]
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
            return format(known[name], spec)
        except ValueError as err:
            raise ValueError(f"{where}: {{{{ {name}:{spec} }}}}: {err}") from None

    return QUOTE.sub(one, text)
