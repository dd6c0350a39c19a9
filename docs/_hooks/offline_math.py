"""Serve MathJax from the installed `django-static-mathjax` package: math with no CDN.

The package is a plain copy of MathJax 3.2.2's files on PyPI, so a reader who
has only Python gets math that renders offline. Nothing third-party is
committed: the one file the pages load is added to the site at build (and
`mkdocs serve`) time from where pip put it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.structure.files import File

# tex-svg-full needs no font files and loads every TeX extension up front, so
# nothing is fetched by URL later (the small components would autoload).
_SCRIPT = "tex-svg-full.js"
_DEST = "assets/mathjax/" + _SCRIPT


def _mathjax_script() -> Path:
    spec = importlib.util.find_spec("mathjax")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        candidate = Path(root) / "static" / "mathjax" / "es5" / _SCRIPT
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"MathJax's {_SCRIPT} was not found: install the site's tools with "
        "`pip install -e '.[docs]'` (it comes from the django-static-mathjax package)."
    )


def on_files(files, config):
    files.append(File.generated(config, _DEST, abs_src_path=str(_mathjax_script())))
    return files
