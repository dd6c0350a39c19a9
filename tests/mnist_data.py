"""Where the test session finds the real MNIST files, and one clear message when it finds none.

tests/conftest.py takes its hooks from here. At the
start of a session the four files are looked for where a reader keeps them:
the folder in $NNBOOK_DATA, else the per-user cache (~/.cache/nnbook/mnist,
where nnbook downloads them). Found: $NNBOOK_DATA points there for the whole
session, so no test ever downloads. Not found: the session says so once,
before anything runs, with what to do; then, outside CI, every test that
needed the files is reported as skipped for that reason instead of failing
with a download error. With NNBOOK_REQUIRE_DATA=1 (CI) a missing data set
stops the session at once, as a failure.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

from nnbook.mnist import NAMES, cache_dir, load

_FILES = [name for pair in NAMES.values() for name in pair]
# A folder that is never made: a test that loads MNIST while the data is
# missing fails at once, naming it, and is then reported as a skip.
_NOWHERE = str(Path(tempfile.gettempdir()) / "nnbook-tests-found-no-mnist")
_missing: str | None = None


@functools.cache
def digits(split: str) -> tuple[np.ndarray, np.ndarray]:
    """The real MNIST `split` ("train" or "test") as `nnbook.mnist.load` gives it, loaded once per session from
    the folder the session found: the tests' one way to the data. Read-only, since every test shares it."""
    images, labels = load(split, path=os.environ["NNBOOK_DATA"])
    images.flags.writeable = labels.flags.writeable = False
    return images, labels


def complete(folder: Path) -> bool:
    return all((folder / f"{n}.gz").is_file() or (folder / n).is_file() for n in _FILES)


def message(looked: list[str]) -> str:
    files = ", ".join(f"{n}.gz" for n in _FILES)
    return (
        "The tests need the real MNIST files and found none.\n"
        f"  Looked in: {'; '.join(looked)}.\n"
        f"  Fix: put the four files ({files}) in a folder and set NNBOOK_DATA to it,\n"
        "  or, with internet, run  python -c \"from nnbook import mnist; mnist.load('train'); mnist.load('test')\"\n"
        f"  once to download them to {cache_dir()}.\n"
        "  Tests that need them are skipped for this reason"
        " (with NNBOOK_REQUIRE_DATA=1, as in CI, this is an error)."
    )


def pytest_sessionstart(session) -> None:
    global _missing
    given = os.environ.get("NNBOOK_DATA")
    looked = []
    for folder in ([Path(given)] if given else []) + [cache_dir()]:  # the reader's cache: the session's private one is set later
        looked.append(str(folder))
        if complete(folder):
            os.environ["NNBOOK_DATA"] = str(folder)
            return
        if given:
            break  # a folder given by the reader is the only place to look
    _missing = message(looked)
    if os.environ.get("NNBOOK_REQUIRE_DATA") == "1":
        pytest.exit(_missing, returncode=1)
    os.environ["NNBOOK_DATA"] = _NOWHERE


def pytest_report_header(config) -> str | None:
    return _missing


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if _missing and report.failed and _NOWHERE in str(report.longrepr):
        report.outcome = "skipped"
        report.longrepr = (str(item.path), None, "Skipped: the real MNIST files are missing (see the top)")
