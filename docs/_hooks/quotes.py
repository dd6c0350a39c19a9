"""Numbers the prose quotes by name ({{ ch10.test_accuracy:.2% }}), rendered from the records: figures/quotes.py.

First of the hooks, so the pages, their notebooks and the search index see the numbers.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "figures" / "quotes.py"


def _load():
    if "figures.quotes" in sys.modules:
        return sys.modules["figures.quotes"]
    spec = importlib.util.spec_from_file_location("nnbook_quotes", _PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


quotes = _load()


def on_page_markdown(text, page, config, files):
    return quotes.render(text, where=page.file.src_uri)
