"""How near the matrix-multiply floor can a numpy epoch get at all? (issue 26's 2x goal)

    .venv/bin/python benchmarks/bound.py --clock cpu    # about a minute

Times one 60,000-example epoch at batch 32, float32, interleaved round by round
like epoch.py, four ways:

(a) nnbook.sgd's loop on the fused kernel, as shipped (epoch.py's (a));
(d) the fastest numpy epoch we could write for the same network, the same
    shuffled mini-batches and the same step: every array preallocated, the
    biases folded into the weights as one more column (and the inputs given a
    column of ones), and the weights held negated so the sigmoid of the layer's
    output -z is 1 / (1 + exp(-z)) in three in-place calls. It still reports each
    mini-batch's cost and whether its gradient is zero, as sgd needs. Before
    timing, four mini-batches are checked against nnbook.fused to 1e-5.
(e) the same as (d) on consecutive slices, not shuffled, which is what the
    floor reads: it shows what the gather of a shuffled mini-batch costs;
(c) the floor: epoch.py's 8 matrix multiplies on preallocated arrays.

(d) is not the book's kernel: it gives different last bits (another summation
order for the biases), and its negated, folded weights would have to be copied
back to the (W, b) pairs the reader holds. It only measures what is possible.
"""

from __future__ import annotations

import argparse
import math
import sys

import numpy as np

import epoch
from epoch import ETA, SIZES, fused_epoch, floor_epoch, machine, rows
from nnbook import init_knobs, one_hot
from nnbook.descent import walk
from nnbook.fused import learn
from nnbook.mnist import load


def bound_epoch(knobs, XT1, YT, m, shuffle=True, eta=ETA, rng=0):
    """(d) or (e): one epoch of SGD on folded, negated weights V = -[W | b]; returns them and the summed cost."""
    V = [-np.hstack([W, b]) for W, b in knobs]  # (n_out, n_in + 1)
    n, dt = XT1.shape[0], XT1.dtype
    order = np.random.default_rng(rng).permutation(n)
    A = [np.ones((m, k + 1), dt) for k in SIZES[1:-1]] + [np.empty((m, SIZES[-1]), dt)]  # a, then a column of 1s
    Z = [A[0][:, :-1], A[1][:, :-1], A[2]]  # where each layer's activations are written
    E, S = np.empty((m, SIZES[-1]), dt), [np.empty((m, k), dt) for k in SIZES[1:]]
    D = [np.empty((m, k), dt) for k in SIZES[1:]]
    G = [np.empty_like(v) for v in V]
    one, scale = np.array(1, dt), np.array(2 * eta / m, dt)
    total, flat = 0.0, 0
    for k in range(0, n - m + 1, m):  # whole mini-batches only (60,000 = 1,875 x 32)
        X1, Yb = (XT1.take(order[k : k + m], axis=0), YT.take(order[k : k + m], axis=0)) if shuffle else (
            XT1[k : k + m], YT[k : k + m])
        for v, a, z in zip(V, (X1, A[0], A[1]), Z):
            np.matmul(a, v.T, out=z)  # -z, the weights being negated
            np.exp(z, out=z)
            z += one
            np.reciprocal(z, out=z)  # sigma(z) = 1 / (1 + e^-z)
        np.subtract(Z[2], Yb, out=E)
        cost = float(np.vdot(E, E)) / m
        total += cost
        np.subtract(one, Z[2], out=S[2])
        np.multiply(E, S[2], out=D[2])
        D[2] *= Z[2]
        D[2] *= scale  # eta times the output layer's delta
        flat = flat + 1 if np.count_nonzero(D[2]) == 0 and cost > 0 else 0  # sgd's two checks, for a fair count
        if not math.isfinite(cost) or flat == 10:
            raise ValueError("this walk diverged")
        for l in (2, 1):  # V = -W: the delta passed back changes sign at each layer, and so does the update
            np.matmul(D[l], V[l][:, :-1], out=D[l - 1])
            np.matmul(D[l].T, A[l - 1], out=G[l])
            if l == 2:
                V[l] += G[l]
            else:
                V[l] -= G[l]
            np.subtract(one, Z[l - 1], out=S[l - 1])
            D[l - 1] *= S[l - 1]
            D[l - 1] *= Z[l - 1]
        np.matmul(D[0].T, X1, out=G[0])
        V[0] += G[0]
    return V, total


def check(XT, YT, XT1, m):
    """One epoch of (d) on 4 mini-batches moves the knobs as nnbook's loop on the fused kernel does, to 1e-5."""
    knobs = init_knobs(SIZES, 1, XT.dtype)
    V, _ = bound_epoch(knobs, XT1[: 4 * m], YT[: 4 * m], m, rng=0)
    walk(knobs, XT[: 4 * m], YT[: 4 * m], 1, m, ETA, 0, learn)
    diff = max(float(np.max(np.abs(-v - np.hstack([W, b])))) for v, (W, b) in zip(V, knobs))
    assert diff < 1e-5, f"(d) and nnbook.fused disagree by {diff}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=10, help="rounds; the best of each is kept (default 10)")
    parser.add_argument("--clock", choices=list(epoch.CLOCKS), default="wall")
    args = parser.parse_args(argv)
    epoch.clock, m, dt = epoch.CLOCKS[args.clock], 32, np.float32
    images, labels = load("train", dtype=dt)
    X, Y = images, one_hot(labels).astype(dt)
    XT, YT = rows(X, Y)
    XT1 = np.hstack([XT, np.ones((XT.shape[0], 1), dt)])  # made once a run, as sgd lays out its rows
    check(XT, YT, XT1, m)
    runs = {
        "(a) nnbook.sgd on the fused kernel": lambda: fused_epoch(init_knobs(SIZES, 0, dt), X, Y, m, XT, YT),
        "(d) the fastest numpy epoch we wrote, shuffled": lambda: bound_epoch(init_knobs(SIZES, 0, dt), XT1, YT, m),
        "(e) the same, not shuffled": lambda: bound_epoch(init_knobs(SIZES, 0, dt), XT1, YT, m, shuffle=False),
        "(c) matrix-multiply floor": lambda: floor_epoch(init_knobs(SIZES, 0, dt), XT, m),
    }
    times = {name: float("inf") for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():
            times[name] = min(times[name], epoch.best_of(1, run))
    floor = times["(c) matrix-multiply floor"]
    print("| one epoch, batch 32, float32 | time | / floor |\n| --- | --- | --- |")
    for name, t in times.items():
        print(f"| {name} | {t:.3f} s | {t / floor:.2f}x |")
    print(f"\n- best of {args.repeats}, {args.clock} clock, load average {epoch._load()} at the end.\n"
          f"- Machine: {machine()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
