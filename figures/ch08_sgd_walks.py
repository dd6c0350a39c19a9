"""Chapter 8: the same walk with the gradient of all 1,000 digits, and with a mini-batch of 10 digits per step.

Both walks stay on the plane of figure ch06_plane and use the same learning
rate and the same number of steps. The mini-batches are cut from a seeded
shuffle of the 1,000 digits. Record: figures/data/ch08_sgd_walks.json.
"""

import json

import numpy as np
import matplotlib.pyplot as plt

from ._style import BLUE, DATA, ORANGE, save
from .ch06_plane import RECORD as PLANE, in_plane_gradient, setup

RECORD = DATA / "ch08_sgd_walks.json"
ETA = 10.0
STEPS = 100
BATCH = 10
SEED = 0


def walk(p: dict, eta: float, steps: int, batch: int | None, seed: int = SEED) -> dict:
    """Gradient descent in the plane; with `batch`, each step sees only that many digits, shuffled per pass.

    The cost recorded at every point is always the cost on all the digits, so the two walks compare fairly.
    """
    rng = np.random.default_rng(seed)
    X, Y = p["X"], p["Y"]
    n = X.shape[1]
    order = rng.permutation(n)
    s, t, k = 0.0, 0.0, 0
    path, costs = [[s, t]], []
    for _ in range(steps):
        costs.append(in_plane_gradient(p, s, t)[0])
        if batch is None:
            _, gs, gt = in_plane_gradient(p, s, t)
        else:
            if k + batch > n:
                order, k = rng.permutation(n), 0
            idx = order[k : k + batch]
            k += batch
            _, gs, gt = in_plane_gradient(p | {"X": X[:, idx], "Y": Y[:, idx]}, s, t)
        s, t = s - eta * gs, t - eta * gt
        path.append([s, t])
    costs.append(in_plane_gradient(p, s, t)[0])
    return {"eta": eta, "batch": batch or n, "path": path, "costs": costs}


def rerun() -> None:
    p = setup()
    walks = {"full": walk(p, ETA, STEPS, None), "mini": walk(p, ETA, STEPS, BATCH)}
    RECORD.write_text(json.dumps(walks, indent=1) + "\n")


def make() -> None:
    plane = np.load(PLANE)
    walks = json.loads(RECORD.read_text())
    levels = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5]

    def draw(p):
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
        titles = {"full": "full batch: all {batch:,} digits per step", "mini": "mini-batch: {batch} digits per step"}
        for ax, (name, w), colour in zip(axes, walks.items(), (BLUE, ORANGE)):
            ax.contourf(plane["s"], plane["t"], plane["costs"], levels=levels, cmap="viridis", extend="max")
            path = np.array(w["path"])
            ax.plot(path[:, 0], path[:, 1], "-o", color="white", mfc=colour, mec="white", ms=3, lw=1)
            ax.plot([0], [0], "o", color=colour, mec="white", ms=8)
            ax.set_xlim(plane["s"][0], plane["s"][-1])
            ax.set_ylim(plane["t"][0], plane["t"][-1])
            seen = w["batch"] * (len(w["path"]) - 1)
            ax.set_title(titles[name].format(batch=w["batch"]) +
                         f"\n{seen:,} digits looked at; cost {w['costs'][0]:.3f} $\\to$ {w['costs'][-1]:.3f}",
                         fontsize=11)
            ax.set_xlabel("$s$")
        axes[0].set_ylabel("$t$")
        fig.tight_layout()
        return fig

    save("ch08_sgd_walks", draw)
