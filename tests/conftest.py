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

from nnbook.mnist import NAMES


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


def _has_mnist(folder: Path) -> bool:
    return all((folder / f"{n}.gz").is_file() or (folder / n).is_file() for pair in NAMES.values() for n in pair)


@pytest.fixture(scope="session")
def mnist_path() -> Path:
    """The folder with the real MNIST files ($NNBOOK_DATA); skips without it, fails if NNBOOK_REQUIRE_DATA=1."""
    folder = os.environ.get("NNBOOK_DATA")
    if folder and _has_mnist(Path(folder)):
        return Path(folder)
    why = f"the real MNIST files are needed: set NNBOOK_DATA to a folder that has them (now {folder!r})"
    if os.environ.get("NNBOOK_REQUIRE_DATA") == "1":
        pytest.fail(why + "; NNBOOK_REQUIRE_DATA=1 makes this an error, not a skip")
    pytest.skip(why)
