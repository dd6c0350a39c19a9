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


# The modules that hold the longest tests go first, so that pytest-xdist's workers (the check runs with
# `--dist worksteal`) end on short tests and finish together, not one waiting on the other's last minute:
# first those that need no built site (every figure redrawn, the real training runs, the command line),
# which run while `.ci/dev.py check` builds it, then those that read it (a browser walking every page,
# the notebooks, the pages' code pasted).
FIRST = ["test_figures", "test_train", "test_cli", "test_browser", "test_quiz_browser", "test_notebooks",
         "test_page_code", "test_panels_browser", "test_dials_browser", "test_api_reference"]


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if item.path.stem in KERNEL_MODULES:
            item.add_marker(pytest.mark.kernel)
    rank = {name: i for i, name in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(FIRST)))  # stable: each module keeps its order
    # worksteal hands each worker one contiguous run of the list, and a worker that runs out takes the end of
    # another's: dealt out like cards, every worker's run starts with its share of the long tests and ends
    # with short ones (sorted as they were, the first worker got all the long tests and the last to finish
    # was the quiz's minute-long walk, started at 4 minutes).
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    items[:] = [item for k in range(workers) for item in items[k::workers]]


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
