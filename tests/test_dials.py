"""The data behind the dials-and-landscape panel is the package's own numbers, and what the panel does with them.

docs/data/dials.json (written by figures/ch06_dials.py) must be exactly what
the saved record gives, small enough to ship, and its grid must agree with
nnbook recomputed here from scratch: the cost with `nnbook.plane`, the slope
with `nnbook.gradient` projected onto the plane's two directions. The panel's
walk, which interpolates that grid, must follow the real gradient-descent walk.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import nnbook

ROOT = Path(__file__).resolve().parent.parent
from figures import ch06_dials, ch06_plane  # noqa: E402

SITE_DATA = ROOT / "docs" / "data" / "dials.json"


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(SITE_DATA.read_text())


@pytest.fixture(scope="module")
def plane(mnist_path) -> dict:
    """The plane of chapter 6 rebuilt from nnbook: its centre, directions and the 1,000 digits."""
    return ch06_plane.setup()


def test_data_file_is_what_the_record_gives():
    written = SITE_DATA.read_text()
    assert written == ch06_dials.text(ch06_dials.payload(np.load(ch06_dials.RECORD))), (
        "docs/data/dials.json is stale: run `python -m figures ch06_dials`"
    )


def test_data_file_is_small_and_complete(data):
    assert SITE_DATA.stat().st_size < 300_000
    ny, nx = data["t"]["n"], data["s"]["n"]
    for key in ("cost", "grad_s", "grad_t"):
        grid = np.array(data[key])
        assert grid.shape == (ny, nx), key
        assert np.all(np.isfinite(grid)), key
    assert data["eta"] in data["etas"]
    assert data["levels"] == sorted(data["levels"])
    # The star (the further-trained network) is lower than the start, and both are on the map.
    s_max = data["s"]["min"] + (nx - 1) * data["s"]["step"]
    assert data["s"]["min"] <= data["start"][0] < data["star"][0] <= s_max
    c0 = ch06_dials.at(data, *data["start"])[0]
    assert ch06_dials.at(data, *data["star"])[0] < c0


def _grid_point(data: dict, i: int, j: int) -> tuple[float, float]:
    return data["s"]["min"] + j * data["s"]["step"], data["t"]["min"] + i * data["t"]["step"]


# Grid points (row i along t, column j along s): the start, the star's neighbourhood, walls and corners.
POINTS = [(40, 10), (40, 47), (0, 0), (80, 60), (55, 20), (20, 33), (41, 10)]


def test_costs_on_the_grid_agree_with_nnbook(data, plane):
    knobs = nnbook.unflatten(plane["theta"], sizes=[784, 16, 16, 10])
    for i, j in POINTS:
        s, t = _grid_point(data, i, j)
        [[c]] = nnbook.plane(knobs, plane["e1"], plane["e2"], [s], [t], plane["X"], plane["Y"])
        assert data["cost"][i][j] == pytest.approx(c, rel=1e-6), (i, j)


def test_slopes_on_the_grid_agree_with_nnbook(data, plane):
    for i, j in POINTS:
        s, t = _grid_point(data, i, j)
        knobs = nnbook.unflatten(plane["theta"] + s * plane["e1"] + t * plane["e2"], [784, 16, 16, 10])
        g = nnbook.gradient(knobs, plane["X"], plane["Y"])
        assert data["grad_s"][i][j] == pytest.approx(g @ plane["e1"], rel=1e-4, abs=1e-9), (i, j)
        assert data["grad_t"][i][j] == pytest.approx(g @ plane["e2"], rel=1e-4, abs=1e-9), (i, j)


def test_slopes_are_the_slopes_of_the_costs(data):
    """Central differences on the grid itself agree with the stored gradient where the ground is smooth."""
    cost, gs, gt = (np.array(data[k]) for k in ("cost", "grad_s", "grad_t"))
    ds, dt = data["s"]["step"], data["t"]["step"]
    fd_t = (cost[2:, 1:-1] - cost[:-2, 1:-1]) / (2 * dt)
    fd_s = (cost[1:-1, 2:] - cost[1:-1, :-2]) / (2 * ds)
    # A grid step of 0.2 along t is fine enough for a close match; 1 along s is coarse, so a looser one.
    assert np.median(np.abs(fd_t - gt[1:-1, 1:-1])) < 0.01 * np.median(np.abs(gt))
    assert np.corrcoef(fd_s.ravel(), gs[1:-1, 1:-1].ravel())[0, 1] > 0.999


def test_the_panel_shows_the_same_valley_as_figure_ch06_plane(data):
    figure = np.load(ch06_plane.RECORD)
    assert np.allclose(np.array(data["cost"]), figure["costs"], rtol=1e-6)
    assert data["star"][0] == pytest.approx(float(figure["reach"]), abs=1e-4)


def test_interpolation_is_exact_on_the_grid_and_in_between(data):
    for i, j in POINTS:
        s, t = _grid_point(data, i, j)
        assert ch06_dials.at(data, s, t) == (data["cost"][i][j], data["grad_s"][i][j], data["grad_t"][i][j])
    # Halfway between four grid points: their average.
    s, t = _grid_point(data, 40.5, 10.5)
    corners = [data["cost"][i][j] for i in (40, 41) for j in (10, 11)]
    assert ch06_dials.at(data, s, t)[0] == pytest.approx(sum(corners) / 4, rel=1e-12)


def test_the_panels_walk_follows_real_gradient_descent(data, plane):
    """The panel steps on the interpolated grid; the real walk uses nnbook.gradient at every step."""
    eta, steps = data["eta"], 60  # the walk of chapter 7's middle panel
    path = ch06_dials.walk(data, eta, steps)
    assert len(path) == steps + 1, "the walk left the map at the panel's starting learning rate"
    s, t = data["start"]
    real = [(s, t)]
    for _ in range(steps):
        _, gs, gt = ch06_plane.in_plane_gradient(plane, s, t)
        s, t = s - eta * gs, t - eta * gt
        real.append((s, t))
    real = np.array(real)
    # Within a tenth of a grid step in s (1) and in t (0.2), all the way.
    assert np.max(np.abs(path[:, 0] - real[:, 0])) < 0.1
    assert np.max(np.abs(path[:, 1] - real[:, 1])) < 0.02
    end_panel = ch06_dials.at(data, *path[-1])[0]
    end_real = ch06_plane.in_plane_gradient(plane, *real[-1])[0]
    assert end_panel == pytest.approx(end_real, abs=0.003)
    assert end_panel < ch06_dials.at(data, *data["start"])[0]  # the walk went downhill


def test_a_learning_rate_that_is_too_large_leaves_the_map(data):
    """Chapter 7's largest learning rate flings the walker off the map, which the panel reports."""
    assert len(ch06_dials.walk(data, max(data["etas"]), 60)) < 61


def test_the_static_stand_in_says_what_the_data_does(data):
    snippet = (ROOT / "docs" / "_snippets" / "dials.md").read_text()
    assert f"learning rate {data['eta']}" in snippet
    assert 'data-src="../data/dials.json"' in snippet  # pages are directory URLs: /06-landscape/
    for page in ("06-landscape.md", "07-descent.md"):
        assert '--8<-- "docs/_snippets/dials.md"' in (ROOT / "docs" / page).read_text(), page
