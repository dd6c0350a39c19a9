"""The validation sweep behind `nnbook.train`'s defaults and chapter 11's weight decay.

    python -m figures._tuning      # about five minutes on 2 cores; writes figures/data/tuning.json
    python -m figures._tuning 2 "eta 2.0, scale 1"   # only the configurations named; keeps the others

Every run is `nnbook.train` with the book's defaults except the settings
named. The "validation" runs train on 50,000 training digits and are scored
on the 10,000 that `nnbook.mnist.split_validation` holds out; that is what
the settings were chosen on. The "test" runs are the default run itself, on
all 60,000 training digits and the test set, for more seeds than the slow
test runs: they report how far the seed moves the result, and chose nothing.
The prose that quotes these numbers is checked against the file by
tests/test_tuning.py.
"""

from __future__ import annotations

import json
import multiprocessing
import sys

import numpy as np

from nnbook import mnist
from nnbook.train import train

from ._style import DATA

RECORD = DATA / "tuning.json"
EIGHT, THREE = list(range(8)), [0, 1, 2]
# name: (settings passed to nnbook.train, seeds, data)
CONFIGS = {
    **{f"eta {eta}": ({"eta": eta}, EIGHT, "validation") for eta in (1.5, 2.0, 2.5, 3.0)},
    **{f"eta 2.0, weight decay {wd:g}": ({"eta": 2.0, "weight_decay": wd}, THREE, "validation")
       for wd in (5e-5, 1e-4, 2e-4, 3e-4)},
    # The starting weights' spread: the default 0.5 against the usual 1/sqrt(fan-in) (scale 1).
    "eta 2.0, scale 1": ({"eta": 2.0, "scale": 1.0}, THREE, "validation"),
    "eta 2.0, test set": ({"eta": 2.0}, EIGHT, "test"),
}


def _data(split: str):
    images, labels = mnist.load("train")
    if split == "test":
        return images, labels, *mnist.load("test")
    return mnist.split_validation(images, labels)


def _run(job: tuple[str, int]) -> tuple[str, int, float]:
    name, seed = job
    settings, _, split = CONFIGS[name]
    record = train(seed=seed, data=_data(split), **settings)
    print(f"  {name}, seed {seed}: {100 * record['final_test_accuracy']:.2f}%", flush=True)
    return name, seed, record["final_test_accuracy"]


def rerun(processes: int = 2, names: list[str] | None = None) -> None:
    """Run every configuration, or only those `names` (the record keeps the others' results)."""
    unknown = set(names or ()) - set(CONFIGS)
    if unknown:
        raise SystemExit(f"no configuration named {sorted(unknown)} in figures/_tuning.py; known: {list(CONFIGS)}")
    kept = record() if names and RECORD.is_file() else {}
    jobs = [(name, seed) for name, (_, seeds, _) in CONFIGS.items() if not names or name in names for seed in seeds]
    with multiprocessing.Pool(processes) as pool:
        results = pool.map(_run, jobs, chunksize=1)
    configs = {name: {"settings": settings, "data": split, "accuracy": {}} for name, (settings, _, split)
               in CONFIGS.items()}
    for name in configs:
        if name in kept and name not in (names or ()):
            configs[name] = kept[name]
    for name, seed, accuracy in results:
        configs[name]["accuracy"][str(seed)] = accuracy
    for c in configs.values():
        c["mean"] = float(np.mean(list(c["accuracy"].values())))
    DATA.mkdir(parents=True, exist_ok=True)
    tmp = RECORD.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"numpy_version": np.__version__, "configs": configs}, indent=1) + "\n")
    tmp.replace(RECORD)


def record() -> dict:
    """The saved sweep: per configuration, its settings, data, accuracy per seed and mean."""
    return json.loads(RECORD.read_text())["configs"]


if __name__ == "__main__":
    rerun(int(sys.argv[1]) if len(sys.argv) > 1 else 2, sys.argv[2:] or None)
