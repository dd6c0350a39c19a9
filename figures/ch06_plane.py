"""Chapter 6: the cost over a flat plane through knob space, as a contour map and as a 3-D surface.

The plane passes through a partly trained network (two epochs on the first
1,000 training digits) and is spanned by two directions: `e1` points from
there to the same network trained much further, `e2` is the downhill
direction there, with its `e1` part removed. The record
(figures/data/ch06_plane.npz) keeps the grid of costs and the two networks
the plane is built on, `theta` and `far`: both come out of training walks,
which a CPU with other rounding (another OpenBLAS kernel) walks differently,
so everything downstream rebuilds the plane from the record with `setup()`,
the same on every machine. `walk_to_plane()` redoes the walks (`--rerun`).
Chapters 7 and 8 walk on the same plane.
"""

import numpy as np
import matplotlib.pyplot as plt

import nnbook
from nnbook import fused, mnist

from ._style import DATA, ORANGE, RED, save

SIZES = [784, 16, 16, 10]
N_IMAGES = 1000
RECORD = DATA / "ch06_plane.npz"


def data() -> tuple[np.ndarray, np.ndarray]:
    """The first 1,000 training digits and their one-hot desired outputs."""
    X, labels = mnist.load("train")
    return np.ascontiguousarray(X[:, :N_IMAGES], dtype=np.float64), nnbook.one_hot(labels[:N_IMAGES])


# The map draws one unit of t this many times as long as one unit of s (the valley is 60 long and a
# few units wide: to scale it would be a thin strip); chapter 6's caption says so.
T_STRETCH = 4

PARTLY = {"epochs": 2, "batch_size": 10, "eta": 3.0}  # the training that makes the plane's centre; chapter 6 quotes it
FURTHER = {"epochs": 30, "batch_size": 10, "eta": 3.0}  # the training on from there that makes the star; likewise


def walk_to_plane(X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two trained networks the plane goes through, as flat vectors: partly and much further trained."""
    knobs = nnbook.init_knobs(SIZES, rng=0)
    nnbook.sgd(knobs, X, Y, **PARTLY, rng=0, learn=fused.learn)  # partly trained, on the fused kernel as recorded
    theta = nnbook.flatten(knobs)
    far = nnbook.unflatten(theta.copy(), SIZES)
    nnbook.sgd(far, X, Y, **FURTHER, rng=1, learn=fused.learn)  # trained much further
    return theta, nnbook.flatten(far)


def plane_through(theta: np.ndarray, far: np.ndarray, X: np.ndarray, Y: np.ndarray) -> dict:
    """The plane: its centre `theta`, its directions `e1`, `e2` (unit, at right angles), and the data."""
    reach = far - theta
    e1 = reach / np.linalg.norm(reach)
    down = -nnbook.gradient(nnbook.unflatten(theta, SIZES), X, Y)
    down -= (down @ e1) * e1
    e2 = down / np.linalg.norm(down)
    return {"X": X, "Y": Y, "theta": theta, "e1": e1, "e2": e2, "reach": float(np.linalg.norm(reach))}


def setup() -> dict:
    """The recorded plane, rebuilt from the two networks in the record (no training walk)."""
    r = np.load(RECORD)
    return plane_through(r["theta"], r["far"], *data())


def in_plane_gradient(p: dict, s: float, t: float) -> tuple[float, float, float]:
    """The cost at `(s, t)` and the two components of its gradient that lie in the plane."""
    knobs = nnbook.unflatten(p["theta"] + s * p["e1"] + t * p["e2"], SIZES)
    c = nnbook.cost(nnbook.forward(knobs, p["X"]), p["Y"])
    g = nnbook.gradient(knobs, p["X"], p["Y"])
    return c, float(g @ p["e1"]), float(g @ p["e2"])


def rerun() -> None:
    X, Y = data()
    theta, far = walk_to_plane(X, Y)
    p = plane_through(theta, far, X, Y)
    s = np.linspace(-10, 50, 61)
    t = np.linspace(-8, 8, 81)
    knobs = nnbook.unflatten(p["theta"], SIZES)
    costs = nnbook.plane(knobs, p["e1"], p["e2"], s, t, p["X"], p["Y"])
    c0, gs, gt = in_plane_gradient(p, 0.0, 0.0)
    DATA.mkdir(exist_ok=True)
    np.savez_compressed(RECORD, s=s, t=t, costs=costs, start=np.array([c0, gs, gt]), reach=p["reach"],
                        theta=theta, far=far)


def make() -> None:
    r = np.load(RECORD)
    s, t, costs = r["s"], r["t"], r["costs"]
    c0, gs, gt = r["start"]
    # Closer levels low down, where the valley floor is narrow.
    levels = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5]

    def draw(p):
        rows, cols = (2, 1) if p["phone"] else (1, 2)  # stacked on a phone: its labels 9 px or more there
        fig = plt.figure(figsize=(5.2, 9) if p["phone"] else (10, 4.4))
        ax = fig.add_subplot(rows, cols, 1)
        cs = ax.contourf(s, t, costs, levels=levels, cmap="viridis", extend="max")
        ax.contour(s, t, costs, levels=levels, colors=p["bg"], linewidths=0.4, alpha=0.6)
        # The downhill arrow: the direction of minus the in-plane gradient, drawn 1.5 units long
        # (its true length, the steepness, is far too small to see at this scale).
        k = 1.5 / np.hypot(gs, gt)
        ax.annotate("", xy=(-k * gs, -k * gt), xytext=(0, 0),
                    arrowprops={"arrowstyle": "-|>", "color": ORANGE, "lw": 2.5, "mutation_scale": 18})
        ax.plot([0], [0], "o", color=ORANGE, ms=8, mec=p["fg"])
        ax.plot([r["reach"]], [0], "*", color=RED, ms=13, mec=p["fg"])
        ax.annotate("you are here", (0, 0), xytext=(-9, -2.2), color="white", fontsize=10)
        ax.annotate("further\ntrained", (r["reach"], 0), xytext=(r["reach"] - 5, 1.6), color="white", fontsize=10)
        ax.set_xlabel("$s$, along $e_1$")
        ax.set_ylabel("$t$, along $e_2$")
        ax.set_title("contour map: each band is one height", fontsize=11)
        ax.set_aspect(T_STRETCH)  # one unit of t drawn T_STRETCH times as long as one of s
        fig.colorbar(cs, ax=ax, shrink=0.9, ticks=[0, 0.2, 0.4, 0.6, 1, 2, 3, 5]).set_label("cost $C$")
        ax3 = fig.add_subplot(rows, cols, 2, projection="3d")
        S, T = np.meshgrid(s, t)
        ax3.plot_surface(S, T, np.minimum(costs, 5), cmap="viridis", vmin=0, vmax=5, linewidth=0, antialiased=True,
                         rcount=61, ccount=61)
        ax3.plot([0], [0], [c0 + 0.15], "o", color=ORANGE, ms=7, mec=p["fg"], zorder=10)
        ax3.set_xlabel("$s$", labelpad=-2)
        ax3.set_ylabel("$t$", labelpad=-2)
        ax3.set_zlabel("cost", labelpad=-2)
        ax3.view_init(elev=35, azim=-140)
        ax3.set_title("the same slice as a surface", fontsize=11)
        for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):
            axis.set_pane_color((0, 0, 0, 0))
            axis.line.set_color(p["muted"])
        ax3.tick_params(pad=-2, labelsize=10 if p["phone"] else 8)
        fig.subplots_adjust(wspace=0.25, hspace=0.3)
        return fig

    save("ch06_plane", draw, phone=True)
