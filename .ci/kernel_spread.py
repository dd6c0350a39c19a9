"""Measure how far the book's training walks move between OpenBLAS kernels.

    .venv/bin/python .ci/kernel_spread.py            # every kernel this CPU runs, quick quantities
    .venv/bin/python .ci/kernel_spread.py --slow     # also the three 30-epoch runs of the README
    .venv/bin/python .ci/kernel_spread.py --slow --write   # and keep it in figures/data/kernels.json

Each quantity the tests compare in a band (rather than by its digits) is
recomputed here once per kernel, each in a fresh process with
OPENBLAS_CORETYPE set, and the spread is printed next to the committed
record's value. The bands in the tests are set a little wider than what this
prints; the spread seen when they were set is written beside each band.
With --write the results become a record, figures/data/kernels.json, from
which chapter 10 and the README quote the spread (and tests check they do).
Kernels: Prescott runs on any x86-64; Haswell needs avx2, SkylakeX avx512f.
This is a measuring tool for developers, not part of the test command.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / ".ci"))
from dev import kernels  # noqa: E402  (the kernels the check command sweeps, and Sandybridge)


def quantities(slow: bool) -> dict:
    """Everything downstream of a walk that the tests check in bands, recomputed here."""
    import numpy as np

    sys.path.insert(0, str(ROOT))
    import nnbook
    import nnbook.further
    from nnbook.train import train
    from figures import ch06_plane, ch07_paths, ch08_sgd_walks, ch11_accuracies
    from nnbook import mnist

    out = {}
    X, Y = ch06_plane.data()
    theta, far = ch06_plane.walk_to_plane(X, Y)
    p = ch06_plane.plane_through(theta, far, X, Y)
    recorded = ch06_plane.setup()
    out["plane.theta_distance"] = float(np.linalg.norm(theta - recorded["theta"]))
    c0, gs, gt = ch06_plane.in_plane_gradient(p, 0.0, 0.0)
    out |= {"plane.start_cost": c0, "plane.reach": p["reach"], "plane.gs": gs, "plane.gt": gt}
    right = ch07_paths.walk(p, 10.0, 3)
    out["ch07.walk3_cost"] = right["costs"][-1]
    mini = ch08_sgd_walks.walk(p, ch08_sgd_walks.ETA, 3, ch08_sgd_walks.BATCH)
    out["ch08.walk3_cost"] = mini["costs"][-1]

    run = train(epochs=1)
    out["ch10.epoch1_test_accuracy"] = run["epochs"][0]["test_accuracy"]
    out["ch10.epoch1_train_cost"] = run["epochs"][0]["train_cost"]

    images, labels = mnist.load("train")
    test_images, test_labels = mnist.load("test")
    Y = nnbook.one_hot(labels)
    # Chapter 10's exercise 2: where the 3s go after one epoch (the page prints only shares of them).
    knobs = nnbook.init_knobs([784, 16, 16, 10], rng=0, dtype=np.float32)
    nnbook.sgd(knobs, images, Y, epochs=1, batch_size=10, eta=3.0, rng=0)
    threes = test_images[:, test_labels == 3]
    out["ch10.threes_answers"] = np.bincount(np.argmax(nnbook.forward(knobs, threes), axis=0), minlength=10).tolist()
    data = (images, Y.astype(np.float32), test_images, test_labels)
    sizes, output, eta, mu, _ = ch11_accuracies.RUNS["+ momentum"]
    knobs = nnbook.init_knobs(sizes, rng=ch11_accuracies.KNOBS_SEED, dtype=np.float32)
    history = nnbook.further.sgd_momentum(knobs, *data[:2], epochs=1, batch_size=ch11_accuracies.BATCH_SIZE,
                                          eta=eta, mu=mu, output=output, rng=ch11_accuracies.SHUFFLE_SEED,
                                          evaluation=data[2:])
    out["ch11.momentum_epoch1_accuracy"] = history[0]["accuracy"]
    out |= page_outputs()
    if slow:
        for seed in (0, 1, 2):
            out[f"train.seed{seed}_final"] = train(seed=seed)["final_test_accuracy"]
    return out


def page_outputs() -> dict:
    """How far each page block marked nnbook:output-varies strays from its expected output, here.

    Each page is built once and its blocks pasted in order into a fresh Python, as the page test does.
    """
    import re

    sys.path.insert(0, str(ROOT / "tests"))
    import page_code
    from test_page_code import PAGES, built

    out = {}
    for page in PAGES:
        blocks = page_code.blocks(built(page).read_text(encoding="utf-8"))
        marked = [n for n, block in enumerate(blocks) if block.rel is not None]
        if not marked:
            continue
        results = page_code.run(blocks[: marked[-1] + 1])
        for k, n in enumerate(marked, 1):
            printed, expected = results[n]["printed"], blocks[n].expected
            worst = max(abs(float(g.replace(",", "")) / float(e.replace(",", "")) - 1)
                        for e, g in zip(page_code._NUMBER.findall(expected), page_code._NUMBER.findall(printed))
                        if float(e.replace(",", "")))
            key = f"{page.name} varies {k}"  # the k-th block marked nnbook:output-varies on the page
            out[f"{key} worst relative deviation (band {blocks[n].rel})"] = worst
            out[f"{key} printed"] = re.sub(r"\s+", " ", printed.strip())
    return out


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from figures._kernels import under  # each kernel in a fresh process, as the records' reruns do

    results = {}
    for kernel in kernels(every=True):
        try:
            results[kernel] = under(kernel, "kernel_spread", "quantities", "--slow" in argv, path=ROOT / ".ci")
        except RuntimeError as failed:
            print(failed, file=sys.stderr)
            continue
        print(f"{kernel}: {json.dumps(results[kernel])}", flush=True)
    if "--write" in argv:
        import numpy

        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "unknown")
        record = {"cpu": cpu, "numpy_version": numpy.__version__, "kernels": results}
        out = ROOT / "figures" / "data" / "kernels.json"
        tmp = out.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(record, indent=1) + "\n")
        tmp.replace(out)
    print()
    for key in next(iter(results.values())):
        values = [r.get(key) for r in results.values()]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            spread = max(values) - min(values)
            rel = spread / abs(min(values)) if min(values) else float("nan")
            print(f"{key:34s} min {min(values):.6g}  max {max(values):.6g}  spread {spread:.3g} ({rel:.2%})")
        else:
            print(f"{key:34s} {values}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
