"""Time one 60,000-example epoch of the book's 784-16-16-10 network, four ways.

    .venv/bin/python benchmarks/epoch.py                  # prints a Markdown table
    .venv/bin/python benchmarks/epoch.py --update-readme  # also writes it into benchmarks/README.md

(a) nnbook.sgd on the fused kernel (learn=nnbook.fused.learn), as nnbook.train runs it;
(r) nnbook.sgd as it comes, on the readable core: backprop's sweep, then the step;
(b) the per-example loop written the textbook way (chapter 9): for each example
    a forward pass and a backward pass with nnbook's sigmoid and sigmoid_prime,
    gradients summed over the mini-batch, then the step;
(c) the floor: only the 8 matrix multiplies of forward + backward per mini-batch,
    on preallocated arrays, with the same shapes and the same data.

All four run on the same real MNIST training set, in the same dtype, best of
--repeats runs each (the machine may be shared: the minimum is the least
disturbed run).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from pathlib import Path

import numpy as np

import inspect

import nnbook
from nnbook import backprop, init_knobs, one_hot, sgd, sigmoid, sigmoid_prime, step
from nnbook.mnist import load

try:
    from nnbook.fused import learn as fused_learn
except ImportError:  # before issue 26, nnbook.sgd ran the fused kernel itself
    fused_learn = None
try:
    from nnbook.descent import descend, walk  # sgd's epoch loop, on data sgd has checked and laid out by rows
except ImportError:  # before issue 26: each epoch is timed through sgd, its check at the door included
    walk = None

SIZES = [784, 16, 16, 10]
ETA = 3.0
README = Path(__file__).with_name("README.md")
START, END = "<!-- results:start -->", "<!-- results:end -->"


def matmul_flops_per_example(sizes: list[int]) -> int:
    """FLOPs of the matrix multiplies for one example, forward and backward, 2 per multiply-add.

    Forward: z = W a for each layer. Backward: nabla_W = delta a^T for each layer,
    and delta = W^T delta for every layer but the first (the input needs no delta).
    """
    pairs = list(zip(sizes[:-1], sizes[1:]))
    forward = sum(2 * n_in * n_out for n_in, n_out in pairs)
    nabla_W = forward
    delta_back = sum(2 * n_in * n_out for n_in, n_out in pairs[1:])
    return forward + nabla_W + delta_back


def per_example_epoch(knobs, X, Y, batch_size, rng):
    """One epoch the textbook way: one example at a time, gradients summed over each mini-batch."""
    n = X.shape[1]
    order = rng.permutation(n)
    for k in range(0, n, batch_size):
        batch = order[k : k + batch_size]
        sum_W = [np.zeros_like(W) for W, _ in knobs]
        sum_b = [np.zeros_like(b) for _, b in knobs]
        for j in batch:
            x, y = X[:, [j]], Y[:, [j]]  # (784, 1), (10, 1)
            a, activations, zs = x, [x], []
            for W, b in knobs:
                z = W @ a + b
                a = sigmoid(z)
                zs.append(z)
                activations.append(a)
            delta = 2 * (a - y) * sigmoid_prime(zs[-1])
            for l in range(len(knobs) - 1, -1, -1):
                sum_W[l] += delta @ activations[l].T
                sum_b[l] += delta
                if l > 0:
                    delta = (knobs[l][0].T @ delta) * sigmoid_prime(zs[l - 1])
        for (W, b), gW, gb in zip(knobs, sum_W, sum_b):
            W -= (ETA / len(batch)) * gW
            b -= (ETA / len(batch)) * gb


def floor_epoch(knobs, XT, batch_size):
    """Only the 8 matrix multiplies per mini-batch, into preallocated arrays (no shuffling, no sigmoid)."""
    (W1, _), (W2, _), (W3, _) = knobs
    n = XT.shape[0]
    buffers = {}
    for k in range(0, n, batch_size):
        Xb = XT[k : k + batch_size].T  # (784, m), a view of consecutive examples
        m = Xb.shape[1]
        if m not in buffers:
            activations = [np.empty((o, m), XT.dtype) for o in (16, 16, 10, 16, 16)]  # a1, a2, a3, d2, d1
            buffers[m] = activations + [np.empty_like(W) for W in (W3, W2, W1)]
        a1, a2, a3, d2, d1, g3, g2, g1 = buffers[m]
        np.matmul(W1, Xb, out=a1)  # forward: 3 multiplies
        np.matmul(W2, a1, out=a2)
        np.matmul(W3, a2, out=a3)
        np.matmul(a3, a2.T, out=g3)  # backward: 5 multiplies (a3 stands in for delta3)
        np.matmul(W3.T, a3, out=d2)
        np.matmul(d2, a1.T, out=g2)
        np.matmul(W2.T, d2, out=d1)
        np.matmul(d1, Xb.T, out=g1)


def rows(X, Y, XT=None, YT=None):
    """The data one example a row, as sgd lays it out (given already, or made now)."""
    return (np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)) if XT is None else (XT, YT)


def fused_epoch(knobs, X, Y, batch_size, XT=None, YT=None):
    """(a) one epoch of nnbook.sgd on the fused kernel: its epoch loop, without the door it passes once a run."""
    if walk is not None:
        return walk(knobs, *rows(X, Y, XT, YT), 1, batch_size, ETA, 0, fused_learn)
    if fused_learn is None:
        return sgd(knobs, X, Y, epochs=1, batch_size=batch_size, eta=ETA, rng=0)
    return sgd(knobs, X, Y, epochs=1, batch_size=batch_size, eta=ETA, rng=0, learn=fused_learn)


def readable_epoch(knobs, X, Y, batch_size, XT=None, YT=None):
    """(r) one epoch on the readable core: nnbook.sgd's loop as it comes, or (before issue 26) backprop and step by hand."""
    if walk is not None:
        return walk(knobs, *rows(X, Y, XT, YT), 1, batch_size, ETA, 0, descend)
    if "learn" in inspect.signature(sgd).parameters:
        return sgd(knobs, X, Y, epochs=1, batch_size=batch_size, eta=ETA, rng=0)
    rng, (XT, YT) = np.random.default_rng(0), rows(X, Y)
    order = rng.permutation(X.shape[1])
    for k in range(0, X.shape[1], batch_size):
        idx = order[k : k + batch_size]
        step(knobs, backprop(knobs, XT[idx].T, YT[idx].T), ETA)


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}  # cpu: this process's own time, less disturbed
clock = CLOCKS["wall"]


def best_of(repeats, run):
    times = []
    for _ in range(repeats):
        start = clock()
        run()
        times.append(clock() - start)
    return min(times)


def check_agreement(X, Y, dtype):
    """The per-example loop and nnbook's fused step must move the knobs the same way (one mini-batch)."""
    a, b = init_knobs(SIZES, rng=1, dtype=dtype), init_knobs(SIZES, rng=1, dtype=dtype)
    per_example_epoch(a, X[:, :10], Y[:, :10], 10, np.random.default_rng(0))
    c = init_knobs(SIZES, rng=1, dtype=dtype)
    fused_epoch(b, X[:, :10], Y[:, :10], 10)
    readable_epoch(c, X[:, :10], Y[:, :10], 10)
    for other in (b, c):
        diff = max(float(np.max(np.abs(p - q))) for pa, pb in zip(a, other) for p, q in zip(pa, pb))
        assert diff < (1e-5 if dtype == np.float32 else 1e-12), f"the implementations disagree by {diff}"


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        names = re.findall(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = names[0].strip() if names else cpu
    except OSError:
        pass
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, numpy {np.__version__}, "
        f"{blas.get('name', '?')} {blas.get('version', '')} (OPENBLAS_NUM_THREADS={threads}); "
        f"nnbook {nnbook.__version__}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per measurement; the best is kept (default 5)")
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--batches", type=int, nargs="+", default=[10, 32, 128], help="mini-batch sizes (default 10 32 128: the classic, the book's and a large one)")
    parser.add_argument("--update-readme", action="store_true", help="write the table into benchmarks/README.md")
    parser.add_argument("--clock", choices=list(CLOCKS), default="wall",
                        help="wall: elapsed time (the default); cpu: the process's CPU time, which other people's work "
                             "on a shared machine disturbs less (with one BLAS thread the two agree on a quiet machine)")
    args = parser.parse_args(argv)
    global clock
    clock = CLOCKS[args.clock]
    dtype = np.dtype(args.dtype).type

    images, labels = load("train", dtype=dtype)
    X, Y = images, one_hot(labels).astype(dtype)
    XT, YT = rows(X, Y)  # (60000, 784): one example a row, as sgd lays the data out; the floor's too
    n = X.shape[1]
    check_agreement(X, Y, dtype)
    flops = matmul_flops_per_example(SIZES) * n
    load_before = _load()

    times = {}
    for m in args.batches:
        print(f"batch {m}: ", end="", file=sys.stderr, flush=True)
        runs = {
            "nnbook": lambda: fused_epoch(init_knobs(SIZES, 0, dtype), X, Y, m, XT, YT),
            "readable": lambda: readable_epoch(init_knobs(SIZES, 0, dtype), X, Y, m, XT, YT),
            "loop": lambda: per_example_epoch(init_knobs(SIZES, 0, dtype), X, Y, m, np.random.default_rng(0)),
            "floor": lambda: floor_epoch(init_knobs(SIZES, 0, dtype), XT, m),
        }
        for _ in range(args.repeats):  # each round runs all four, so a slow spell of the machine hits them alike
            for name, run in runs.items():
                times[name, m] = min(times.get((name, m), float("inf")), best_of(1, run))
        print("  ".join(f"{name} {times[name, m]:.3f} s" for name in runs), file=sys.stderr, flush=True)

    table = results_table(times, args.batches, flops, n, args.repeats, args.dtype, args.clock)
    if walk is not None:  # what (a) and (r) leave out: sgd's door, passed once a run whatever its epochs
        from nnbook.checks import check_training

        def door():
            check_training(init_knobs(SIZES, 0, dtype), X, Y, 1, args.batches[0], ETA, 0.0)
            rows(X, Y)
        table += (f"\n- (a) and (r) time sgd's epoch loop (`nnbook.descent.walk`). Once a run, whatever its epochs, "
                  f"sgd first checks the data and lays it out one example a row: {best_of(args.repeats, door):.3f} s.")
    busy = "above 2 = others were running"
    table += f"\n- Load average (1 min): {load_before} at the start, {_load()} at the end ({busy})."
    print(table)
    if args.update_readme:
        text = README.read_text(encoding="utf-8")
        if START not in text or END not in text:
            raise SystemExit(f"{README} has no {START} ... {END} markers to write between")
        head, rest = text.split(START, 1)
        README.write_text(head + START + "\n" + table + "\n" + END + rest.split(END, 1)[1], encoding="utf-8")
        print(f"wrote the table into {README}", file=sys.stderr)
    return 0


def results_table(times, batches, flops, n, repeats, dtype, clock_name="wall") -> str:
    def cell(name, m):
        t = times[name, m]
        return f"{t:.3f} s ({flops / t / 1e9:.1f} GFLOP/s)"

    rows = [
        f"| implementation, one epoch of {n:,} examples | " + " | ".join(f"batch {m}" for m in batches) + " |",
        "| --- |" + " --- |" * len(batches),
        "| (a) `nnbook.sgd` on the fused kernel | " + " | ".join(cell("nnbook", m) for m in batches) + " |",
        "| (r) `nnbook.sgd` on the readable core | " + " | ".join(cell("readable", m) for m in batches) + " |",
        "| (b) per-example loop (chapter 9) | " + " | ".join(cell("loop", m) for m in batches) + " |",
        "| (c) matrix-multiply floor | " + " | ".join(cell("floor", m) for m in batches) + " |",
        "| (b) / (a): nnbook's speed-up | "
        + " | ".join(f"{times['loop', m] / times['nnbook', m]:.1f}x" for m in batches) + " |",
        "| (a) / (c): nnbook's distance from the floor | "
        + " | ".join(f"{times['nnbook', m] / times['floor', m]:.1f}x" for m in batches) + " |",
        "| (r) / (a): the readable core's distance from the fused kernel | "
        + " | ".join(f"{times['readable', m] / times['nnbook', m]:.2f}x" for m in batches) + " |",
    ]
    notes = [
        "",
        f"- {dtype}, best of {repeats}, {'CPU' if clock_name == 'cpu' else 'wall-clock'} time; GFLOP/s counts only the matrix multiplies: "
        f"{flops // n:,} FLOPs per example ({flops / 1e9:.2f} GFLOP per epoch).",
    ]
    if 10 in batches and 128 in batches:
        speedup = times["loop", 10] / times["nnbook", 10]
        distance = times["nnbook", 128] / times["floor", 128]
        notes.append(
            f"- Targets: nnbook >= 9x faster than the per-example loop at batch 10 "
            f"({speedup:.1f}x: {'met' if speedup >= 9 else 'NOT met'}); within 3x of the floor at batch 128 "
            f"({distance:.1f}x: {'met' if distance <= 3 else 'NOT met'})."
        )
    if 32 in batches:
        fused, readable = times["nnbook", 32] / times["floor", 32], times["readable", 32] / times["nnbook", 32]
        notes.append(
            f"- Goals of issue 26 at batch 32: (a) within 2x of the floor ({fused:.2f}x: "
            f"{'met' if fused <= 2 else 'NOT met'}); (r) within 1.5x of (a) ({readable:.2f}x: "
            f"{'met' if readable <= 1.5 else 'NOT met'})."
        )
    notes.append(f"- Machine: {machine()}.")
    return "\n".join(rows + notes)


if __name__ == "__main__":
    sys.exit(main())
