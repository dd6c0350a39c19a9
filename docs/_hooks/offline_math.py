"""Serve MathJax from the installed `django-static-mathjax` package: math with no CDN.

The package is a plain copy of MathJax 3.2.2's files on PyPI, so a reader who
has only Python gets math that renders offline. Nothing third-party is
committed: the files the pages load are added to the site at build (and
`mkdocs serve`) time from where pip put it, keeping MathJax's own layout under
assets/mathjax/ so it finds its parts relative to its script.

What is served: `tex-chtml-full.js` (TeX input with every extension preloaded,
so nothing is fetched by URL later; HTML+CSS output: 1.3 MB, 0.3 MB gzipped,
against the SVG output's 2.3 MB and 0.7 MB), and the output's web fonts
(fetched by the browser only as the glyphs on a page need them).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.structure.files import File

SCRIPT = "tex-chtml-full.js"
_PARTS = [SCRIPT]
_FONTS = "output/chtml/fonts/woff-v2"


def _mathjax_root() -> Path:
    spec = importlib.util.find_spec("mathjax")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        candidate = Path(root) / "static" / "mathjax" / "es5"
        if (candidate / SCRIPT).is_file():
            return candidate
    raise FileNotFoundError(
        f"MathJax's {SCRIPT} was not found: install the site's tools with "
        "`pip install -e '.[docs]'` (it comes from the django-static-mathjax package)."
    )


def on_files(files, config):
    root = _mathjax_root()
    parts = [root / p for p in _PARTS] + sorted((root / _FONTS).glob("*.woff"))
    for path in parts:
        dest = "assets/mathjax/" + path.relative_to(root).as_posix()
        files.append(File.generated(config, dest, abs_src_path=str(path)))
    return files
