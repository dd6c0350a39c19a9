"""What chapters 7 and 8 share: a gradient-descent walk on the plane of figure ch06_plane, and its drawing."""

import numpy as np

from .ch06_plane import in_plane_gradient

# The cost contours the walks are drawn on: close together near the valley floor.
LEVELS = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5]


def walk(p: dict, eta: float, steps: int, batch: int | None = None, seed: int = 0) -> dict:
    """Gradient descent in the plane from (0, 0): the points visited and the cost at each.

    With `batch`, each step sees only that many digits, cut from a seeded shuffle
    (reshuffled after each pass). The cost recorded at every point is always the
    cost on all the digits, so a full-batch and a mini-batch walk compare fairly.
    """
    rng = np.random.default_rng(seed)
    X, Y = p["X"], p["Y"]
    n = X.shape[1]
    order = rng.permutation(n)
    s, t, k = 0.0, 0.0, 0
    path, costs = [[s, t]], []
    for _ in range(steps):
        c, gs, gt = in_plane_gradient(p, s, t)
        costs.append(c)
        if batch is not None:
            if k + batch > n:
                order, k = rng.permutation(n), 0
            idx = order[k : k + batch]
            k += batch
            _, gs, gt = in_plane_gradient(p | {"X": X[:, idx], "Y": Y[:, idx]}, s, t)
        s, t = s - eta * gs, t - eta * gt
        path.append([s, t])
    costs.append(in_plane_gradient(p, s, t)[0])
    return {"eta": eta, "batch": batch or n, "path": path, "costs": costs}


def draw_walk(ax, plane, w: dict, colour: str, ms: float, lw: float) -> None:
    """One walk on the plane's contour map: the path in white with coloured dots, the start a big dot."""
    ax.contourf(plane["s"], plane["t"], plane["costs"], levels=LEVELS, cmap="viridis", extend="max")
    path = np.array(w["path"])
    ax.plot(path[:, 0], path[:, 1], "-o", color="white", mfc=colour, mec="white", ms=ms, lw=lw)
    ax.plot([0], [0], "o", color=colour, mec="white", ms=8)
    ax.set_xlim(plane["s"][0], plane["s"][-1])
    ax.set_ylim(plane["t"][0], plane["t"][-1])
    ax.set_xlabel("$s$")
