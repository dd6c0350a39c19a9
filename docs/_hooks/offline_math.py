"""Typeset every equation at build time: pages carry finished math and load no math script.

Pages used to load MathJax (1.3 MB of script) and typeset in the reader's
browser; on a phone that was nearly all of a math page's blocking time. Now the
build runs the same MathJax 3.2.2, from the `django-static-mathjax` package (a
plain copy of MathJax's files on PyPI), inside V8 from the `mini-racer` wheel,
with MathJax's liteDOM adaptor standing in for a browser. Someone who builds
the site needs only pip packages; a reader needs no script and no CDN.

Each `<span class="arithmatex">\\(...\\)</span>` and `<div class="arithmatex">\\[...\\]</div>`
that pymdownx.arithmatex wrote is replaced, in the finished page, by MathJax's
HTML+CSS output (CHTML) with its assistive MathML beside it, which screen
readers read. MathJax's CSS rules for the glyphs that page uses (a few KB)
go into a <style> in its head: no extra request before the page can paint.
The web fonts they name are MathJax's own, served from the site under
assets/mathjax/ and fetched only as a page needs them.

An equation MathJax cannot read (a typo, an unknown command) stops the build
with the page and the TeX: the `noerrors` and `noundefined` packages, which
would draw it in red instead, are left out.
"""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

_FONTS = "output/chtml/fonts/woff-v2"
_SERVED = "assets/mathjax/" + _FONTS
_FONT_URL = "NNBOOK-MATH-FONTS"  # replaced, page by page, with the fonts' address relative to it
# Loaded in this order: the startup component (with the loader) first, then the parts it would fetch.
_PARTS = [
    "startup.js",
    "core.js",
    "adaptors/liteDOM.js",
    "input/tex-full.js",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "a11y/assistive-mml.js",
]

_CONFIG = """
globalThis.MathJax = {
  loader: {load: []},
  tex: {
    packages: {"[-]": ["noerrors", "noundefined"]},
    // An error is thrown to Python, not drawn in red on the page.
    formatError(jax, error) { throw new Error(error.message); },
  },
  chtml: {fontURL: "%s"},
  startup: {typeset: false},
};
""" % _FONT_URL

_RENDER = """
(tex, display) => {
  MathJax.texReset();
  const node = MathJax.tex2chtml(tex, {display});
  return MathJax.startup.adaptor.outerHTML(node);
}
"""

# What pymdownx.arithmatex (generic mode) writes: \( \) inline, \[ \] or a bare environment displayed.
_MATH = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
_DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}

_engine = None


def _mathjax_root() -> Path:
    spec = importlib.util.find_spec("mathjax")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        candidate = Path(root) / "static" / "mathjax" / "es5"
        if all((candidate / part).is_file() for part in _PARTS):
            return candidate
    raise PluginError(
        "MathJax's files were not found: install the site's tools with "
        "`pip install -e '.[docs]'` (they come from the django-static-mathjax package)."
    )


class _MathJax:
    """One V8 context running MathJax, shared by every page of a build (MathJax loads in 0.1 s)."""

    def __init__(self) -> None:
        try:
            from py_mini_racer import MiniRacer
        except ImportError as error:
            raise PluginError(
                "The build typesets math with the mini-racer package (V8 for Python), which is "
                "not installed: run `pip install -e '.[docs]'`."
            ) from error
        root = _mathjax_root()
        self.ctx = MiniRacer()
        self.ctx.eval(_CONFIG)
        for part in _PARTS:
            self.ctx.eval((root / part).read_text(encoding="utf-8"))
        self.ctx.eval("MathJax.startup.getComponents(); MathJax.startup.makeMethods();")
        self.render = self.ctx.eval(_RENDER)

    def new_page(self) -> None:
        """Forget the glyphs used so far, so that stylesheet() has only the next page's."""
        self.ctx.eval("MathJax.startup.output.clearCache()")

    def typeset(self, tex: str, display: bool) -> str:
        return self.render(tex, display)

    def stylesheet(self) -> str:
        css = self.ctx.eval("MathJax.startup.adaptor.textContent(MathJax.chtmlStylesheet())")
        # Text waits for no math font: a paragraph with an equation paints at once (Lighthouse's
        # largest paint on the home page waited 2.4 s for them), and its glyphs sharpen when they arrive.
        css, fonts = re.subn(r"(@font-face[^{]*\{)", r"\1\n  font-display: swap;", css)
        if not fonts:
            raise PluginError("MathJax's stylesheet has no @font-face rules: has its output changed?")
        return css


def _tex_of(tag: str, body: str) -> tuple[str, bool]:
    tex = html.unescape(body).strip()
    opening, closing = _DELIMITERS[tag]
    if tex.startswith(opening) and tex.endswith(closing):
        tex = tex[len(opening):-len(closing)]
    return tex, tag == "div"


def on_config(config):
    global _engine
    _engine = None  # a fresh MathJax (and stylesheet) for every build, `mkdocs serve` rebuilds included
    return config


def on_files(files, config):
    root = _mathjax_root()
    for path in sorted((root / _FONTS).glob("*.woff")):
        dest = "assets/mathjax/" + path.relative_to(root).as_posix()
        files.append(File.generated(config, dest, abs_src_path=str(path)))
    return files


def on_post_page(output, page, config):
    global _engine
    if 'class="arithmatex"' not in output:
        return output
    if _engine is None:
        _engine = _MathJax()

    def replace(match: re.Match) -> str:
        tag, body = match.group(1), match.group(2)
        tex, display = _tex_of(tag, body)
        try:
            rendered = _engine.typeset(tex, display)
        except Exception as error:  # MathJax's TexError arrives as a JavaScript exception
            message = re.sub(r"^<anonymous>:\d+: (Error: )?", "", str(error).strip().splitlines()[0])
            raise PluginError(
                f"{page.file.src_uri}: MathJax could not typeset `{tex}`: {message}. "
                "Fix the TeX on that page."
            ) from error
        return f'<{tag} class="arithmatex">{rendered}</{tag}>'

    _engine.new_page()
    output = _MATH.sub(replace, output)
    fonts = _SERVED if page.url in ("", ".") else get_relative_url(_SERVED, page.url)
    css = _engine.stylesheet().replace(_FONT_URL, fonts)
    return output.replace("</head>", f"<style>{css}</style>\n</head>", 1)
