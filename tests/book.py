"""The one page loader for tests that read what a page says.

A page's Markdown quotes numbers by name (`{{ ch10.test_accuracy:.2% }}`,
figures/quotes.py); `source` renders them as the build does. `text` also
collapses whitespace, so a test that checks a phrase is indifferent to where a
paragraph breaks: check a phrase with `says` only where the phrase is itself the
claim, and check numbers and claims against what the package computes.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from figures import quotes

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


class Page(str):
    """A page's Markdown in which `phrase in page` ignores how whitespace runs: where a line breaks, or how
    many spaces stand between two words, is never what a test checks. Regular expressions see the text as is."""

    @functools.cached_property
    def _flat(self) -> str:
        return " ".join(self.split())

    def __contains__(self, phrase: str) -> bool:
        return " ".join(phrase.split()) in self._flat


@functools.cache
def source(name: str) -> Page:
    """The Markdown of docs/`name` (for example "10-whole.md"), with its quoted numbers rendered."""
    return Page(quotes.render((DOCS / name).read_text(encoding="utf-8"), where=name))


@functools.cache
def text(name: str) -> str:
    """`source(name)` with every run of whitespace made one space."""
    return " ".join(source(name).split())


def says(name: str, phrase: str) -> bool:
    """Whether docs/`name` says `phrase`, whitespace-insensitively."""
    return " ".join(phrase.split()) in text(name)


@functools.cache
def hook(name: str):
    """The build hook docs/_hooks/`name`.py as a module, loaded from its file (the one way tests import a hook)."""
    spec = importlib.util.spec_from_file_location(f"nnbook_hook_{name}", DOCS / "_hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
