"""docs/_hooks/flat_svg.py: an equation's SVG redrawn as one path per colour looks exactly as MathJax drew it."""

from __future__ import annotations

import re
from pathlib import Path

import markdown

import book
from browser_support import browser  # noqa: F401  (the fixture)
import pytest

ROOT = Path(__file__).resolve().parent.parent


flat_svg = book.hook("flat_svg")


def _svg(inner: str, **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="2ex" height="1ex" viewBox="0 -800 1000 1000"{extra}>{inner}</svg>'


def test_every_transform_is_applied_to_the_outline():
    flat = flat_svg.flatten(_svg(
        '<g fill="currentColor" stroke-width="0" transform="scale(1,-1)">'
        '<g transform="translate(100,50) scale(0.5)"><path d="M10 20L30 20Q40 30 50 20H60V0Z"></path></g></g>'))
    # (10, 20) -> scale 0.5, move (100, 50), flip y: (105, -60); then relative steps.
    assert re.search(r'<path fill="currentColor" stroke="currentColor" stroke-width="3" d="M105-60l10 0q5-5 10 0h5v10z"/>', flat), flat
    assert flat.count("<path") == 1 and "<g" not in flat


def test_glyphs_become_one_path_per_colour_and_bars_stay_rectangles():
    glyph = '<path data-c="78" d="M0 0L100 0L100 100Z"></path>'
    flat = flat_svg.flatten(_svg(
        f'<g transform="scale(1,-1)">{glyph}<g transform="translate(200,0)">{glyph}</g>'
        f'<g fill="red" stroke="red">{glyph}</g><rect width="300" height="60" x="0" y="220"></rect></g>'))
    assert flat.count("<path") == 2, flat
    assert 'fill="currentColor" stroke="currentColor" stroke-width="3" d="M0 0l100 0l0-100zM200 0l100 0l0-100z"' in flat
    assert '<path fill="red"' in flat
    assert '<rect fill="currentColor" x="0.0" y="-280.0" width="300.0" height="60.0"/>' in flat


def test_what_it_cannot_rewrite_is_kept_with_its_transform():
    flat = flat_svg.flatten(_svg(
        '<g transform="scale(1,-1)"><g transform="translate(10,0)">'
        '<text transform="scale(1,-1)" font-size="884px">é</text></g></g>'))
    assert '<g transform="matrix(1 0 0 -1 10 0)"' in flat and '<text transform="scale(1,-1)" font-size="884px">é</text>' in flat


def test_the_equation_is_sized_in_em_from_its_viewbox():
    flat = flat_svg.flatten(_svg("", style="vertical-align: -0.452ex;"))
    assert 'width="1.000em" height="1.000em"' in flat and 'style="vertical-align: -0.200em;"' in flat


def _book_tex() -> list[tuple[str, bool]]:
    """Every distinct equation of the book, found as pymdownx.arithmatex finds it."""
    hook = book.hook("offline_math")
    found = set()
    for page in sorted((ROOT / "docs").glob("*.md")):
        text = markdown.markdown(page.read_text(encoding="utf-8"), extensions=["pymdownx.arithmatex"],
                                 extension_configs={"pymdownx.arithmatex": {"generic": True}})
        found.update(hook._tex_of(tag, body) for tag, body, _ in hook._MATH.findall(text))
    return sorted(found)


# Draws each pair (MathJax's own SVG, and the flattened one) on canvases at 60 px an em and counts
# the pixels whose ink differs by more than a quarter, against the pixels with ink.
_COMPARE = """
async (pairs) => {
  const draw = async (svg) => {
    const img = new Image();
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(img.width); canvas.height = Math.ceil(img.height);
    const g = canvas.getContext("2d");
    g.drawImage(img, 0, 0);
    return g.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const out = [];
  for (const [a, b] of pairs) {
    const [x, y] = [await draw(a), await draw(b)];
    let ink = 0, off = 0;
    for (let i = 3; i < x.length; i += 4) { if (x[i] > 64) ink++; if (Math.abs(x[i] - y[i]) > 64) off++; }
    out.push([ink, off, x.length === y.length]);
  }
  return out;
}
"""


@pytest.mark.browser
def test_every_equation_of_the_book_looks_the_same_flattened(browser):
    hook = book.hook("offline_math")
    engine = hook._MathJax()
    pairs, names = [], []
    for tex, display in _book_tex():
        svg = hook.split(engine.render(tex, display))[1]
        # MathJax's own drawing, at the same size in em, with its CSS's 3-unit stroke on glyphs.
        reference = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)
        flat = flat_svg.flatten(svg)
        size = re.search(r'width="([\d.]+)em" height="([\d.]+)em"', flat)
        if size is None:
            continue
        w, h = (f"{float(v) * 60:.1f}px" for v in size.groups())
        reference = reference.replace("<svg ", f'<svg width="{w}" height="{h}" ', 1)
        reference = reference.replace("<path data-c", '<path stroke-width="3" data-c')
        flat = re.sub(r'width="[\d.]+em" height="[\d.]+em"', f'width="{w}" height="{h}"', flat, count=1)
        flat = flat.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        pairs.append((reference.replace("currentColor", "black"), flat.replace("currentColor", "black")))
        names.append(tex)
    assert len(pairs) > 300, f"expected the book's equations, found {len(pairs)}"
    page = browser.new_page()
    try:
        results = page.evaluate(_COMPARE, pairs)
    finally:
        page.close()
    bad = [f"{tex!r}: {off} of {ink} inked pixels differ" for tex, (ink, off, same) in zip(names, results)
           if not same or ink == 0 or off > 0.01 * ink]
    assert not bad, "\n".join(bad[:20])
