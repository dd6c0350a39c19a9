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


@functools.cache
def values() -> dict[str, object]:
    """Every quotable value, by name. Cheap: records are read, nothing is trained."""
    out: dict[str, object] = {}
    out.update(_run("ch10", _record("ch10_run")))
    out.update(_run("ch11_decay", _record("ch11_weight_decay")))
    out.update(_linear(_record("ch05_linear"), out["ch10.test_accuracy"]))
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
