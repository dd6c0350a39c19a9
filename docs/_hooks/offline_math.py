"""Typeset every equation at build time: pages carry finished math and load no math script.

Pages used to load MathJax (1.3 MB of script) and typeset in the reader's
browser; on a phone that was nearly all of a math page's blocking time. Now the
build runs the same MathJax 3.2.2, from the `django-static-mathjax` package (a
plain copy of MathJax's files on PyPI), inside V8 from the `mini-racer` wheel,
with MathJax's liteDOM adaptor standing in for a browser. Someone who builds
the site needs only pip packages; a reader needs no script and no CDN.

Each `<span class="arithmatex">\\(...\\)</span>` and `<div class="arithmatex">\\[...\\]</div>`
that pymdownx.arithmatex wrote is replaced, in the finished page, by MathJax's
SVG output with its assistive MathML beside it, which screen readers read.
The SVG is flattened (flat_svg.py): the glyph outlines of an equation become
one path, so an equation is a handful of elements rather than one per node and
glyph (HTML+CSS output made chapter 9 a page of 8,600 elements, slow to lay
out on a phone), and no page fetches a math font. It draws in the text's
colour, so the palettes need nothing. The few CSS rules the output needs go
into a <style> in the page's head.

An equation MathJax cannot read (a typo, an unknown command) stops the build
with the page and the TeX: the `noerrors` and `noundefined` packages, which
would draw it in red instead, are left out.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

# flat_svg.py sits beside this hook; MkDocs loads hooks by path, not as a package.
_spec = importlib.util.spec_from_file_location("nnbook_flat_svg", Path(__file__).with_name("flat_svg.py"))
flat_svg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(flat_svg)

# Loaded in this order: the startup component (with the loader) first, then the parts it would fetch.
_PARTS = [
    "startup.js",
    "core.js",
    "adaptors/liteDOM.js",
    "input/tex-full.js",
    "output/svg.js",
    "output/svg/fonts/tex.js",
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
  // Each glyph drawn as a path where it stands (no shared <defs>): flat_svg.py merges them.
  svg: {fontCache: "none"},
  startup: {typeset: false},
};
"""

_RENDER = """
(tex, display) => {
  MathJax.texReset();
  const node = MathJax.tex2svg(tex, {display});
  return MathJax.startup.adaptor.outerHTML(node);
}
"""

# What pymdownx.arithmatex (generic mode) writes: \( \) inline, \[ \] or a bare environment displayed.
_MATH = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>([.,;:!?)]*)', re.S)
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
        self.stylesheet = self._stylesheet()  # the same for every page

    def typeset(self, tex: str, display: bool) -> str:
        """The equation as HTML: MathJax's container, its SVG flattened, its MathML for screen readers."""
        before, svg, after = split(self.render(tex, display))
        return before + flat_svg.flatten(svg) + after

    def _stylesheet(self) -> str:
        """MathJax's CSS for the containers, the SVG and the MathML: the rules this output can use."""
        css = self.ctx.eval("MathJax.startup.adaptor.textContent(MathJax.svgStylesheet())")
        rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        kept = [f"{sel.strip()} {{{body.strip()}}}" for sel, body in rules
                if sel.strip().startswith(("mjx-container", "mjx-assistive-mml")) and "data-c" not in sel and " a" not in sel]
        if len(kept) < 4:
            raise PluginError("MathJax's SVG stylesheet has changed: its container rules were not found")
        return "\n".join(kept)


def split(rendered: str) -> tuple[str, str, str]:
    """MathJax's output for one equation cut into (container opening, its `<svg>`, its MathML and the rest)."""
    start, end = rendered.index("<svg"), rendered.index("<mjx-assistive-mml")
    return rendered[:start], rendered[start:end], rendered[end:]


def _tex_of(tag: str, body: str) -> tuple[str, bool]:
    tex = html.unescape(body).strip()
    opening, closing = _DELIMITERS[tag]
    if tex.startswith(opening) and tex.endswith(closing):
        tex = tex[len(opening):-len(closing)]
    return tex, tag == "div"


class _Cache:
    """Typeset equations kept on disk between builds, keyed by their TeX and by everything that draws them.

    `mkdocs serve` rebuilds the whole site after each edit, and the test run builds it twice: with
    the cache, only new or changed equations go through MathJax (a rebuild after a prose edit
    starts no V8 at all). The key covers this file, flat_svg.py and MathJax's own files, so a
    change to any of them draws every equation again. Entries are written to a temporary file and
    renamed, so a build that is stopped leaves none half-written.
    """

    def __init__(self) -> None:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nnbook" / "math"
        base = Path(os.environ.get("NNBOOK_MATH_CACHE") or base)  # the check shares one among its builds
        digest = hashlib.sha256(Path(__file__).read_bytes() + (Path(__file__).with_name("flat_svg.py")).read_bytes())
        for part in _PARTS:
            digest.update((_mathjax_root() / part).read_bytes())
        self.folder = base / digest.hexdigest()[:16]

    def _path(self, key: str) -> Path:
        return self.folder / hashlib.sha256(key.encode()).hexdigest()

    def get(self, key: str) -> str | None:
        try:
            return self._path(key).read_text(encoding="utf-8")
        except OSError:
            return None

    def put(self, key: str, value: str) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self._path(key)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(value, encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a read-only home: the build still works, it only typesets every equation


_cache: _Cache | None = None


def _mathjax() -> _MathJax:
    """The build's MathJax, started on the first equation the cache does not hold."""
    global _engine
    if _engine is None:
        _engine = _MathJax()
    return _engine


def _typeset(tex: str, display: bool) -> str:
    key = f"{int(display)}{tex}"
    hit = _cache.get(key)
    if hit is None:
        hit = _mathjax().typeset(tex, display)
        _cache.put(key, hit)
    return hit


def _stylesheet() -> str:
    css = _cache.get("stylesheet")
    if css is None:
        css = _mathjax().stylesheet
        _cache.put("stylesheet", css)
    return css


def on_config(config):
    global _engine, _cache
    _cache = _Cache()
    _engine = None  # a fresh MathJax (and stylesheet) for every build, `mkdocs serve` rebuilds included
    return config


def on_post_page(output, page, config):
    global _engine
    if 'class="arithmatex"' not in output:
        return output

    def replace(match: re.Match) -> str:
        tag, body = match.group(1), match.group(2)
        tex, display = _tex_of(tag, body)
        try:
            rendered = _typeset(tex, display)
        except Exception as error:  # MathJax's TexError arrives as a JavaScript exception
            message = re.sub(r"^<anonymous>:\d+: (Error: )?", "", str(error).strip().splitlines()[0])
            raise PluginError(
                f"{page.file.src_uri}: MathJax could not typeset `{tex}`: {message}. "
                "Fix the TeX on that page."
            ) from error
        math, after = f'<{tag} class="arithmatex">{rendered}</{tag}>', match.group(3)
        if tag == "div" or not after:
            return math + after
        # Punctuation right after inline math stays on its line: a line must not start with ". The".
        return f'<span class="nnbook-nowrap">{math}{after}</span>'

    output = _MATH.sub(replace, output)
    return output.replace("</head>", f"<style>{_stylesheet()}</style>\n</head>", 1)
