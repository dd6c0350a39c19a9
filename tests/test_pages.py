"""Every page's Python is really tested, every image has alt text, every figure comes in both palettes.

The page-code test (test_page_code.py) runs the Python blocks of the built
pages. A fence that Markdown does not render as a Python block (```` ~~~ ````
inside a list, ```` ```py3 ````) would sit on a page and never run, and a
misspelt marker would never be read; the first tests here catch both, by
comparing a plain scan of each page's fences with what the built page shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

import page_code
from test_page_code import built
from test_site import built_site, html_pages, tags_of
import book

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

PAGES = sorted(DOCS.glob("*.md"))
_PYTHONISH = re.compile(r"^(?:\{?\s*\.?)(python\d*|py\d*|pycon|ipython\d*|python-?repl)\b", re.I)
_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")


def raw_fences(text: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced block, found by a plain line scan, nested ones included."""
    found, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m or (m["fence"][0] == "`" and "`" in m["info"]):
            i += 1
            continue
        fence, body, i = m["fence"], [], i + 1
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        while i < len(lines) and not close.match(lines[i]):
            body.append(lines[i])
            i += 1
        found.append((m["info"].strip(), "\n".join(body)))
        # A fence nested in a longer one (a page showing Markdown) is a block too: scan the body.
        found += raw_fences("\n".join(body))
        i += 1
    return found


def python_fences(text: str) -> list[str]:
    return [body for info, body in raw_fences(text) if _PYTHONISH.match(info)]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_python_fence_on_the_page_is_a_python_block_of_the_built_page(page):
    raw = python_fences(page.read_text(encoding="utf-8"))
    shown = page_code.blocks(built(page).read_text(encoding="utf-8"))
    # A chapter's questions (docs/_questions/NN.md) are placed in the page with their own blocks.
    asked = DOCS / "_questions" / f"{page.name[:2]}.md"
    asked = {" ".join(b.split()) for b in python_fences(asked.read_text(encoding="utf-8"))} if asked.is_file() else set()
    shown = [b for b in shown if " ".join(b.code.split()) not in asked]
    assert len(shown) == len(raw), (
        f"{page.name} has {len(raw)} Python fences but the built page shows {len(shown)} Python blocks: "
        "write each as ```python (title=... is fine), not ~~~, py3 or pycon"
    )
    for body, block in zip(raw, shown):
        first = next((line.strip() for line in body.split("\n") if line.strip()), "")
        if not first.startswith("--8<--"):  # an include shows the package's code instead
            assert first in block.code, f"{page.name}: the block starting {first!r} is not the one built"


def test_the_fence_scan_sees_what_the_page_test_would_miss():
    text = (
        "```python\nprint(1)\n```\n\n~~~python\nprint(2)\n~~~\n\n```py3\nprint(3)\n```\n\n"
        '??? success "Solution"\n    ```python title="s.py"\n    print(4)\n    ```\n'
    )
    html = markdown.markdown(text, extensions=["admonition", "pymdownx.details", "pymdownx.superfences",
                                               "pymdownx.highlight"],
                             extension_configs={"pymdownx.highlight": {"pygments_lang_class": True}})
    assert len(python_fences(text)) == 4
    assert [b.code for b in page_code.blocks(html)] == ["print(1)\n", "print(2)\n", "print(4)\n"]  # py3: never run


_MARKER = re.compile(r"<!--\s*(?:pytest|nnbook)[^>]*-->")
_KNOWN_MARKERS = re.compile(r"^<!--pytest-codeblocks:expected-output-->$|^<!--nnbook:output-varies rel=[0-9.]+-->$"
                            r"|^<!-- nnbook:install-from-repository -->$")  # docs/_hooks/repository.py fills it


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_test_markers_are_spelled_so_the_page_test_reads_them(page):
    bad = [m for m in _MARKER.findall(page.read_text(encoding="utf-8")) if not _KNOWN_MARKERS.match(m)]
    assert not bad, f"{page.name}: markers the page test would not read: {bad}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_expected_output_is_followed_by_a_text_block(page):
    text = page.read_text(encoding="utf-8")
    for m in re.finditer(r"<!--pytest-codeblocks:expected-output-->[ \t]*\n", text):
        follows = text[m.end() :].lstrip("\n")
        assert re.match(r"[ \t]*```+text\b", follows), f"{page.name}: expected-output must be followed by a ```text block"


_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)[^)]*\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_image_in_the_markdown_has_alt_text(page):
    text = page.read_text(encoding="utf-8")
    missing = [m["src"] for m in _MD_IMAGE.finditer(text) if len(m["alt"].strip()) < 10]
    missing += [tag for tag in _HTML_IMG.findall(text) if not re.search(r'\balt\s*=\s*"[^"]{10,}"', tag)]
    assert not missing, f"{page.name}: images without a real alt text (say what the figure shows): {missing}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_figure_is_shown_in_both_palettes(page):
    srcs = {m["src"] for m in _MD_IMAGE.finditer(page.read_text(encoding="utf-8"))}
    for src in srcs:
        path, _, variant = src.partition("#")
        if not path.startswith("figures/"):
            continue
        if path.endswith("-dark.svg"):
            assert variant == "only-dark", f"{page.name}: {src} should end with #only-dark"
            assert path.replace("-dark.svg", ".svg") + "#only-light" in srcs, f"{page.name}: {src} has no light twin"
        else:
            assert variant == "only-light", f"{page.name}: {src} should end with #only-light"
            assert path.replace(".svg", "-dark.svg") + "#only-dark" in srcs, f"{page.name}: {src} has no dark twin"


def test_every_image_in_the_built_site_has_alt_text():
    site = built_site()
    missing = []
    for page in html_pages(site):
        for tag, attrs in tags_of(page):
            if tag == "img" and not (attrs.get("alt") or "").strip():
                missing.append(f"{page.relative_to(site)}: {attrs.get('src')}")
    assert not missing, "images without alt text in the built site:\n" + "\n".join(missing)


def test_numbers_on_the_home_and_notation_pages():
    import os

    import nnbook
    from nnbook import mnist

    home = " ".join(book.source("index.md").split())
    notation = " ".join(book.source("notation.md").split())
    knobs = nnbook.count_knobs([784, 16, 16, 10])
    assert f"network's {knobs:,} adjustable numbers" in home
    assert f"{knobs:,} numbers for 784-16-16-10" in notation
    assert f"`({knobs},)` flat" in notation
    images, labels = mnist.load("train")
    assert f"the {images.shape[1]:,} real handwritten digits" in home
    assert f"all {images.shape[1]:,} digits is one epoch" in home  # the loop figure's alt text
    assert f"({images.shape[1]:,} for MNIST)" in notation
    assert f"{images.shape} {labels[:10]}" in home  # the printed output of the home page's example
    folder = os.environ.get("NNBOOK_DATA") or mnist.cache_dir()
    megabytes = sum(os.path.getsize(os.path.join(folder, f"{n}.gz")) for pair in mnist.NAMES.values() for n in pair) / 1e6
    assert f"about {megabytes:.0f} MB compressed" in home
    assert f"$L = {len(nnbook.init_knobs([784, 16, 16, 10]))}$" in notation


CHAPTERS = sorted(DOCS.glob("[0-9][0-9]-*.md"))


@pytest.mark.parametrize("page", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_every_nnbook_name_a_chapter_calls_links_to_the_api_reference(page):
    """CHAPTER.md: a chapter links to the API reference for each nnbook name it uses."""
    import nnbook

    text = page.read_text(encoding="utf-8")
    code = "\n".join(body for info, body in raw_fences(text) if _PYTHONISH.match(info))
    used = set(re.findall(r"\bnnbook\.(\w+)\(", code)) & set(nnbook.__all__)
    missing = sorted(
        name for name in used if f"api.md#{getattr(nnbook, name).__module__}.{name}" not in text
    )
    assert not missing, f"{page.name} calls these without linking to api.md#nnbook.<module>.<name>: {missing}"


LESSONS = [p for p in CHAPTERS if int(p.name[:2]) <= 10]  # chapter 11 is a list of pointers, not a lesson


@pytest.mark.parametrize("page", LESSONS, ids=[p.name for p in LESSONS])
def test_each_lesson_has_what_chapter_md_asks_for(page):
    text = page.read_text(encoding="utf-8")
    figures = set(re.findall(r"\(figures/([\w-]+)\.svg#only-light\)", text))
    assert len(figures) >= 2, f"{page.name}: at least two generated figures, found {sorted(figures)}"
    solutions = re.findall(r'^\?\?\?\+? success "', text, re.M)
    assert len(solutions) >= 2, f"{page.name}: at least two exercises with folded solutions (??? success)"
    assert re.search(r"^!!! (abstract|summary|tldr)\b", text, re.M), f"{page.name}: no summary box"
    assert "api.md#nnbook." in text, f"{page.name}: no link to the API reference"
    number = int(page.name[:2])
    following = sorted(DOCS.glob(f"{number + 1:02d}-*.md"))
    if following:
        assert f"]({following[0].name}" in text, f"{page.name}: no link to the next chapter, {following[0].name}"


def test_the_home_page_links_every_page_of_the_book():
    home = book.source("index.md")
    missing = [p.name for p in PAGES if p.name != "index.md" and f"]({p.name})" not in home]
    assert not missing, f"the home page's table of chapters does not link: {missing}"


def test_every_varying_output_band_is_wider_than_the_spread_measured_across_kernels():
    """A block marked nnbook:output-varies has a band a little wider than what the kernels printed.

    figures/data/kernels.json (from .ci/kernel_spread.py --write) keeps, per kernel, how far each such
    block's numbers strayed from the page; a band no wider than that would fail on the next CPU.
    """
    import json

    record = json.loads((ROOT / "figures" / "data" / "kernels.json").read_text())["kernels"]
    worst = {}
    for kernel in record.values():
        for key, value in kernel.items():
            if "worst relative deviation" in key:
                block = key.split(" worst")[0]
                worst[block] = max(worst.get(block, 0.0), value)
    bands = {}
    for page in sorted((ROOT / "docs").glob("*.md")):
        for n, rel in enumerate(re.findall(r"<!--nnbook:output-varies rel=([0-9.]+)-->", page.read_text()), 1):
            bands[f"{page.name} varies {n}"] = float(rel)
    assert bands and set(bands) == set(worst), "rerun .ci/kernel_spread.py --slow --write after marking a block"
    for block, rel in bands.items():
        assert worst[block] < rel, f"{block}: band {rel} but the kernels strayed {worst[block]:.3g}"


def test_exercises_are_numbered_chapter_dot_count_in_every_chapter():
    chapters = sorted(DOCS.glob("[0-9][0-9]-*.md"))
    assert len(chapters) == 11
    for page in chapters:
        n = int(page.name[:2])
        found = re.findall(r'^!!! question "Exercise ([0-9.]+)[ :]', page.read_text(encoding="utf-8"), re.M)
        assert found == [f"{n}.{k}" for k in range(1, len(found) + 1)] and found, f"{page.name}: {found}"


def test_home_leads_into_chapter_one_and_the_notation_page_sits_with_the_reference_pages():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") : text.index("\ntheme:")]
    order = re.findall(r"([\w-]+\.md)", nav)
    assert order[:2] == ["index.md", "01-function.md"]
    assert order.index("notation.md") > order.index("11-where-next.md")
    assert "[notation page](notation.md)" in book.source("01-function.md")


def test_the_navigation_groups_the_pages_as_the_book_is_organised():
    """The lessons 1-9, then chapters 10 and 11 together, then the reference pages (issue 23)."""
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["nav"]
    pages = lambda group: [path for entry in group for path in entry.values()]  # noqa: E731
    sections = {key: value for entry in nav for key, value in entry.items() if isinstance(value, list)}
    assert [entry for entry in nav if not isinstance(next(iter(entry.values())), list)] == [{"Home": "index.md"}]
    assert [key for entry in nav for key in entry][1:] == list(sections)
    groups = [pages(group) for group in sections.values()]
    assert groups[0] == [p.name for p in sorted(DOCS.glob("0[1-9]-*.md"))] and len(groups[0]) == 9
    assert groups[1] == ["10-whole.md", "11-where-next.md"]
    assert sorted(groups[2]) == ["api.md", "notation.md", "summary.md"] and len(groups) == 3


def test_the_home_page_credits_the_teachers_the_data_and_the_libraries():
    home = " ".join(book.source("index.md").split())
    acknowledgements = home[home.index("## Acknowledgements") :]
    for name in ("3Blue1Brown", "Michael Nielsen", "Yann LeCun", "Corinna Cortes", "Burges", "NumPy", "Matplotlib",
                 "MkDocs", "Material for MkDocs", "mkdocstrings", "pytest", "MathJax"):
        assert name in acknowledgements, name


def test_the_home_page_opens_with_the_summarys_dials_and_landscape():
    # Same figure, same alt text: its numbers are asserted where the summary page describes it.
    def figures(text):
        return re.findall(r"^!\[[^\]]+\]\(figures/summary_dials(?:-dark)?\.svg#only-(?:light|dark)\)$", text, re.M)

    home, summary = (book.source(n) for n in ("index.md", "summary.md"))  # quotes rendered: the same text
    assert len(figures(home)) == 2 and figures(home) == figures(summary)
    assert home.index("summary_dials.svg") < home.index("## What you will build")


def test_the_home_page_credits_nielsens_recipe_with_the_step_it_takes_here():
    import numpy as np

    import nnbook

    home = book.text("index.md")
    assert "learning rate 3 and mini-batches of 10" in home
    # Chapters 7 and 8 do start there: chapter 7 steps with eta = 3, chapter 8 draws mini-batches of 10.
    assert "eta=3.0" in book.source("07-descent.md") and "mini-batch of 10" in book.text("08-backprop.md")
    # His cost is half the book's, so his slope is half the book's: a step of his eta 3 is a step of the book's 1.5.
    rng = np.random.default_rng(0)
    knobs = nnbook.init_knobs([6, 4, 3], rng=0)
    X, Y = rng.random((6, 5)), nnbook.one_hot(rng.integers(0, 3, 5), n=3)
    slope = nnbook.backprop(knobs, X, Y)[0][0][0, 0]  # the book's dC/dw for one weight
    eps = 1e-6

    def his_cost(shift):
        W, b = knobs[0]
        moved = [(W + shift * (np.arange(W.size) == 0).reshape(W.shape), b)] + knobs[1:]
        return 0.5 * nnbook.cost(nnbook.forward(moved, X), Y)

    his_slope = (his_cost(eps) - his_cost(-eps)) / (2 * eps)
    assert 3 * his_slope == pytest.approx(1.5 * slope, rel=1e-6)
    assert "his learning rate 3 takes the steps of the book's 1.5" in home


def test_the_home_page_says_the_network_reads_most_unseen_digits():
    from figures import quotes

    assert quotes.values()["ch10.test_accuracy"] > 0.5
    assert book.says("index.md", "reads most digits it has never seen correctly")


def test_the_notation_table_defines_what_its_own_rows_use():
    # issue 23: the step row used a nabla_W C that no row defined; a' = sigma(W a + b) uses a for an incoming layer.
    notation = book.text("notation.md")
    rows = {m[0]: m[1] for m in re.findall(r"^\| ([^|]+) \| ([^|]+) \|", book.source("notation.md"), re.M)}
    step = rows["step"]
    for used in re.findall(r"\\partial C / \\partial [Wb]\^\{\(l\)\}", step):
        assert any(used in symbol for symbol in rows), used
    assert "\\nabla_W" not in notation and "\\nabla_b" not in notation
    assert "incoming layer" in rows["$a$"] and "a' = \\sigma(W a + b)" in rows["$a$"]


def test_the_summary_writes_a_neuron_as_chapter_three_does():
    summary, chapter3 = book.text("summary.md"), book.text("03-neuron.md")
    for formula in ("z = \\sum_k w_k a_k + b", "a' = \\sigma(z)"):
        assert formula in summary and formula in chapter3
    assert "w \\cdot x" not in summary
