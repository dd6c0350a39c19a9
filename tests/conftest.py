"""Shared fixtures: a private cache folder for every test session, and the real MNIST files.

The loader keeps downloads and decoded arrays in the per-user cache folder.
Tests must never touch the real one, so for the whole session XDG_CACHE_HOME
points at a temporary folder (tests that look at the cache itself set their
own, per test).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import mnist_data
from mnist_data import pytest_report_header, pytest_runtest_makereport, pytest_sessionstart  # noqa: F401


# The test modules whose results come out of numpy's BLAS (a matrix product, a training walk, code
# pasted from a page that trains, a figure regenerated from a forward pass): a forced OpenBLAS kernel
# rounds differently there, so `python3 .ci/dev.py check` re-runs them under each kernel. The rest
# (site builds, links, the browser, notebooks' structure, the data loader, error messages of the
# loader, the quotes) cannot change with the kernel and run once. A test elsewhere that does
# depend on the kernel says so with @pytest.mark.kernel (the command line's runs in test_cli.py, the
# figures' regeneration in test_figures.py).
KERNEL_MODULES = {
    "test_backprop", "test_cost", "test_descent", "test_further", "test_fused", "test_gradcheck",
    "test_landscape", "test_network", "test_neuron", "test_train", "test_dials", "test_panels", "test_page_code", "test_summary", "test_tuning",
    *(f"test_chapter_{n:02d}" for n in range(1, 12)),
}


# The slow tests, with about how many seconds each takes in the check (2 cores, loaded): a module's name
# stands for its tests together (they share what their fixtures make), "module::test" for each of that
# test's parametrizations on its own (they share nothing). In the order they should start: those that need
# no built site first (every figure redrawn, the real training runs, the command line), which run while
# `.ci/dev.py check` builds it, then those that read it (a browser walking every page, the notebooks,
# the pages' code pasted).
SLOW = {"test_figures": 45, "test_train::test_the_default_run_reaches_95_percent_for_each_of_three_seeds": 20,
        "test_train": 10, "test_cli": 15,
        "test_browser::test_every_page_on_a_phone_and_a_desktop_in_both_palettes": 35, "test_browser": 25,
        "test_quiz_browser": 75, "test_notebooks": 45, "test_page_code": 50, "test_panels_browser": 45,
        "test_dials_browser": 20, "test_api_reference": 5}


def _dealt(items: list, workers: int) -> list:
    """The tests in the order that lets pytest-xdist's workers (`--dist worksteal`) finish together.

    worksteal hands each of n workers one contiguous nth of the list, and a worker that runs out takes
    the end of another's. So the slow tests are shared out (longest first, each to the worker with the
    fewest seconds so far) so that each nth starts with about the same seconds of them, and the quick
    tests fill each nth up behind them. Sorted as they were, the first half held every slow test and the
    second worker sat idle for the last minute; dealt one by one, two tests that share a regeneration of
    every figure each redrew them.
    """
    units: dict[str, list] = {}
    weight: dict[str, tuple[float, int]] = {}
    quick = []
    rank = list(SLOW)
    for item in items:
        test = f"{item.path.stem}::{getattr(item, 'originalname', item.name)}"
        key = test if test in SLOW else item.path.stem
        if key not in SLOW:
            quick.append(item)
            continue
        unit = item.nodeid if key == test else key
        units.setdefault(unit, []).append(item)
        weight[unit] = (SLOW[key], rank.index(key))
    shares: list[list[str]] = [[] for _ in range(workers)]
    seconds = [0.0] * workers
    for unit in sorted(units, key=lambda u: -weight[u][0]):
        k = seconds.index(min(seconds))
        shares[k].append(unit)
        seconds[k] += weight[unit][0]
    size = -(-len(items) // workers)  # each worker's nth, rounded up
    out = []
    for share in shares:
        head = [i for unit in sorted(share, key=lambda u: weight[u][1]) for i in units[unit]]
        room = max(0, size - len(head))
        out += head + quick[:room]
        quick = quick[room:]
    return out + quick


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if item.path.stem in KERNEL_MODULES:
            item.add_marker(pytest.mark.kernel)


class _Dealer:
    @pytest.hookimpl(trylast=True)  # after `-m kernel` has chosen the tests to run
    def pytest_collection_modifyitems(self, items) -> None:
        items[:] = _dealt(items, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))


def pytest_configure(config) -> None:
    config.pluginmanager.register(_Dealer(), "nnbook-dealer")


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(scope="session")
def mnist_path() -> Path:
    """The folder with the real MNIST files; see mnist_data.py for where it is looked for and what happens without."""
    folder = os.environ.get("NNBOOK_DATA")
    if folder and mnist_data.complete(Path(folder)):
        return Path(folder)
    pytest.skip("the real MNIST files are missing (see the top)")


def pytest_terminal_summary(terminalreporter) -> None:
    """How long each chapter's notebook took to run (tests/test_notebooks.py), slowest first."""
    times = [
        (seconds, report.nodeid.split("[")[-1].rstrip("]"), "xfailed" if hasattr(report, "wasxfail") else report.outcome)
        for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("xfailed", [])
        + terminalreporter.stats.get("failed", [])
        if report.when == "call"
        for name, seconds in report.user_properties if name == "notebook_seconds"
    ]
    if times:
        terminalreporter.section("time per notebook (fresh kernel, every cell)")
        for seconds, page, outcome in sorted(times, reverse=True):
            terminalreporter.write_line(f"{seconds:6.1f} s  {page}  ({outcome})")
