"""Figures load lazily and at their own size: `loading`, `decoding`, `width` and `height` on every figure.

Every figure of the book is a pair of SVGs, one per palette (`#only-light`,
`#only-dark`); the theme hides the other palette's with `display: none`. A lazy
image that is hidden is never fetched, so a reader downloads only the variant
their palette shows, and only when it scrolls near. The width and height
(read from the SVG, in CSS pixels) let the browser reserve the figure's space
before it arrives, so the text does not jump when it does; the stylesheet
still scales a figure down to the column with `max-width: 100%; height: auto`.

A figure too dense for a phone's column also comes drawn for it (figures/_style.py:
`<name>-phone.svg`, `<name>-phone-dark.svg`): its image is then wrapped in a
`<picture>` whose `<source>` serves that variant below `PHONE` (the theme's
phone and tablet-portrait breakpoint). The `<img>` keeps its `src` and its
`#only-light`/`#only-dark` mark, so the palette still hides the other pair.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_IMG = re.compile(r'<img\b([^>]*?)\s*/?>', re.I)
_SRC = re.compile(r'\bsrc="([^"#]*figures/[^"#]+\.svg)(?:#[^"]*)?"')
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)(pt|px)?"[^>]*?\bheight="([\d.]+)(pt|px)?"', re.S)
_PX_PER = {"pt": 4 / 3, "px": 1.0, None: 1.0}


@functools.cache
def svg_size(path: Path) -> tuple[int, int]:
    """The width and height an SVG asks for, in CSS pixels (matplotlib writes points)."""
    head = path.read_text(encoding="utf-8")[:2000]
    match = _SIZE.search(head)
    if not match:
        raise ValueError(f"{path}: no width and height on its <svg> element; draw it with figures/ (matplotlib sets both)")
    w, wu, h, hu = match.groups()
    return round(float(w) * _PX_PER[wu]), round(float(h) * _PX_PER[hu])


PHONE = "(max-width: 44.98em)"


def phone_variant(name: str) -> str:
    """The file name of a figure's phone variant: `a.svg` -> `a-phone.svg`, `a-dark.svg` -> `a-phone-dark.svg`."""
    stem = name.removesuffix(".svg")
    dark = stem.endswith("-dark")
    return f"{stem.removesuffix('-dark')}-phone{'-dark' if dark else ''}.svg"


def _with_attributes(match: re.Match, docs: Path) -> str:
    attrs = match.group(1)
    src = _SRC.search(attrs)
    if not src or "loading=" in attrs:
        return match.group(0)
    name = Path(src.group(1)).name
    width, height = svg_size(docs / "figures" / name)
    img = f'<img{attrs} loading="lazy" decoding="async" width="{width}" height="{height}" />'
    phone = phone_variant(name)
    if not (docs / "figures" / phone).is_file():
        return img
    pw, ph = svg_size(docs / "figures" / phone)
    url = src.group(1)[: -len(name)] + phone
    return f'<picture><source media="{PHONE}" srcset="{url}" width="{pw}" height="{ph}" />{img}</picture>'


def on_page_content(html, page, config, files):
    docs = Path(config["docs_dir"])
    return _IMG.sub(lambda m: _with_attributes(m, docs), html)
