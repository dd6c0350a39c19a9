"""Flatten one equation's SVG from MathJax into a few elements: one path per colour, and the bars.

MathJax's SVG output nests a `<g>` for every node of the formula and a `<path>` for every glyph:
chapter 9's 132 equations made 3,700 elements, and a phone spent most of its time loading that
chapter restyling and laying them out. Drawn, an equation is only outlines, so this module applies
every `transform` to the glyph outlines and writes them as one `<path>` (one per fill colour), plus
a `<rect>` per fraction or root bar. What it does not understand (text, lines, nested SVG) it keeps
as it was, inside a `<g>` that carries the combined transform: the picture is the same either way.

Each glyph is written as an absolute move followed by relative commands, with its position rounded
to a whole font unit (1/1000 em): the same glyph at the same size is then the same text wherever it
stands, which gzip stores once.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "Q": 4, "T": 2, "C": 6, "S": 4, "Z": 0}
_INHERITED = ("fill", "stroke", "stroke-width")
_GROUP_KEEPS = {"transform", "fill", "stroke", "stroke-width", "data-mml-node", "data-mjx-texclass", "data-c"}


class Opaque(Exception):
    """Something the flattener does not rewrite: the caller keeps the element as it was."""


def _matrix(transform: str | None) -> tuple:
    m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", transform or ""):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if name == "translate":
            step = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "scale":
            step = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif name == "matrix" and len(v) == 6:
            step = tuple(v)
        else:
            raise Opaque(f"transform {name}")
        m = _times(m, step)
    return m


def _times(p: tuple, q: tuple) -> tuple:
    a, b, c, d, e, f = p
    A, B, C, D, E, F = q
    return (a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D, a * E + c * F + e, b * E + d * F + f)


def _number(x: float) -> str:
    return str(int(round(x)))


def _path(d: str, m: tuple) -> str:
    """The outline `d` moved by the matrix m (scale and translation only): one move, then relative steps."""
    a, b, c, dd, e, f = m
    if b or c:
        raise Opaque("rotation")
    e, f = round(e), round(f)
    out, cur, start, here, last = [], (0.0, 0.0), (0.0, 0.0), None, None
    tokens = _TOKEN.findall(d)
    i = 0

    def point(x: float, y: float) -> tuple:
        return (round(a * x) + e, round(dd * y) + f)

    while i < len(tokens):
        cmd = tokens[i]
        if not cmd.isalpha():
            cmd = last  # implicit repetition of the last command
        else:
            i += 1
        if cmd not in _ARGS:  # relative commands and arcs: MathJax's fonts use neither
            raise Opaque(f"path command {cmd}")
        n = _ARGS[cmd]
        args = [float(t) for t in tokens[i:i + n]]
        i += n
        last = "L" if cmd == "M" else cmd
        if cmd == "Z":
            out.append("z")
            cur = start
            here = point(*start)
            continue
        if cmd == "H":
            cur = (args[0], cur[1])
        elif cmd == "V":
            cur = (cur[0], args[0])
        pts = [point(args[k], args[k + 1]) for k in range(0, n, 2)] if cmd not in "HV" else [point(*cur)]
        if cmd not in "HV":
            cur = (args[-2], args[-1])
        if cmd == "M":
            start = cur
            if here is None:
                out.append(f"M{_number(pts[0][0])} {_number(pts[0][1])}")
                here = pts[0]
                continue
        steps = [(x - here[0], y - here[1]) for x, y in pts]
        here = pts[-1]
        if cmd == "H":
            out.append("h" + _number(steps[0][0]))
        elif cmd == "V":
            out.append("v" + _number(steps[0][1]))
        else:
            out.append(cmd.lower() + " ".join(f"{_number(x)} {_number(y)}" for x, y in steps))
    return "".join(out).replace(" -", "-")


def _rect(el: ET.Element, m: tuple) -> str:
    a, b, c, d, e, f = m
    if b or c:
        raise Opaque("rect")
    x, y = float(el.get("x", 0)), float(el.get("y", 0))
    w, h = float(el.get("width", 0)), float(el.get("height", 0))
    x0, x1 = sorted((a * x + e, a * (x + w) + e))
    y0, y1 = sorted((d * y + f, d * (y + h) + f))
    return f'x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"'


def _em_sizes(root: ET.Element) -> None:
    """Size the equation in em, from its viewBox (1,000 units an em), as MathJax's HTML output was.

    MathJax sizes its SVG in ex, so that math takes the x-height of the text around it; the book's
    sans-serif text has a tall x-height, which made every equation 18% larger than before and pushed
    five more display equations past a phone's width."""
    if not root.get("width", "").endswith("ex") or not root.get("viewBox"):
        return
    _, y, w, h = (float(v) for v in root.get("viewBox").split())
    root.set("width", f"{w / 1000:.3f}em")
    root.set("height", f"{h / 1000:.3f}em")
    root.set("style", f"vertical-align: {-(y + h) / 1000:.3f}em;")


def flatten(svg: str) -> str:
    """MathJax's `<svg>` for one equation, redrawn with one path per colour, its bars and what it keeps."""
    root = ET.fromstring(svg)
    paths: dict[str, list[str]] = {}  # fill -> outlines
    rects: list[str] = []
    kept: list[str] = []

    def keep(el: ET.Element, m: tuple, paint: dict) -> None:
        attrs = " ".join(f'{k}="{v}"' for k, v in paint.items() if el.get(k) is None)
        inner = ET.tostring(el, encoding="unicode").replace(f' xmlns="{SVG}"', "")
        kept.append(f'<g transform="matrix({" ".join(f"{x:g}" for x in m)})" {attrs}>{inner}</g>')

    def walk(el: ET.Element, m: tuple, paint: dict) -> None:
        tag = el.tag.replace(f"{{{SVG}}}", "")
        try:
            here = _times(m, _matrix(el.get("transform")))
            colours = dict(paint, **{k: el.get(k) for k in _INHERITED if el.get(k)})
            if tag == "g" and set(el.attrib) <= _GROUP_KEEPS:
                for child in el:
                    walk(child, here, colours)
            elif tag == "path" and set(el.attrib) <= {"d", "data-c", "transform"}:
                paths.setdefault(colours["fill"], []).append(_path(el.get("d", ""), here))
            elif tag == "rect" and set(el.attrib) <= {"x", "y", "width", "height", "transform"}:
                rects.append(f'<rect fill="{colours["fill"]}" {_rect(el, here)}/>')
            else:
                raise Opaque(tag)
        except Opaque:
            keep(el, m, paint)

    for child in root:
        walk(child, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), {"fill": "currentColor", "stroke": "currentColor", "stroke-width": "0"})
    _em_sizes(root)
    attrs = " ".join(f'{k}="{v}"' for k, v in root.attrib.items())
    # MathJax strokes its glyphs 3 units wide (its CSS): the same weight here, for the outlines only.
    drawn = [f'<path fill="{fill}" stroke="{fill}" stroke-width="3" d="{"".join(d)}"/>' for fill, d in paths.items()]
    return f"<svg {attrs}>{''.join(drawn + rects + kept)}</svg>"
