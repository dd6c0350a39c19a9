"""The whole book as one PDF (nnbook.pdf, which the strict site build makes beside the site).

Read with poppler-utils (pdftotext, pdffonts, pdfinfo) and pypdf: every page of
the book present in the nav's order, under a running title and a page number;
a table of contents whose numbers are the pages the headings are on; an
outline; no raw TeX; every font embedded; the size and page count in range.
Also: the edition agrees between pyproject.toml, CITATION.cff, CHANGELOG.md,
the footer and the cover; a build with no Chromium skips the PDF with one line,
or fails where the PDF is required.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import shutil
import subprocess
import sys
import tomllib
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from browser_support import unavailable

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "docs" / "_hooks"


def _load(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


book_pdf = _load("book_pdf")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the edition, everywhere it is named (no browser needed) ---

def test_edition_is_the_same_in_pyproject_citation_and_changelog():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert str(cff["version"]) == VERSION
    assert str(cff["preferred-citation"]["edition"]) == VERSION
    assert cff["preferred-citation"]["title"] == cff["title"]
    editions = re.findall(r"^## (\S+)", (ROOT / "CHANGELOG.md").read_text(), flags=re.M)
    assert editions and editions[0] == VERSION, f"CHANGELOG.md's newest is {editions[:1]}, pyproject says {VERSION}"
    assert str(cff["date-released"]) in (ROOT / "CHANGELOG.md").read_text()


def test_without_chromium_the_build_skips_the_pdf_in_one_line_or_fails_where_required(monkeypatch, caplog):
    pdf_hook = _load("pdf")
    monkeypatch.setattr(pdf_hook.book_pdf, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setitem(pdf_hook._state, "command", "build")
    monkeypatch.delenv("NNBOOK_PDF", raising=False)
    config = type("Config", (dict,), {})(config_file_path=str(ROOT / "mkdocs.yml"))
    config.extra = {}

    monkeypatch.delenv("NNBOOK_REQUIRE_BROWSER", raising=False)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.pdf"):
        pdf_hook.on_config(config)
    skipped = [r.getMessage() for r in caplog.records if "PDF" in r.getMessage()]
    assert len(skipped) == 1 and "/nonexistent/chromium is missing" in skipped[0], skipped
    assert pdf_hook._state["make"] is False
    assert config.extra["edition"]["version"] == VERSION
    page = type("Page", (), {"file": type("File", (), {"src_uri": "05-cost.md"})(), "url": "05-cost/"})()
    assert pdf_hook.on_page_content("<h1>5. Cost</h1>", page, config, None) == "<h1>5. Cost</h1>"  # no link

    monkeypatch.setenv("NNBOOK_REQUIRE_BROWSER", "1")
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="cannot be made"):
        pdf_hook.on_config(config)


def test_publishing_never_ships_a_lesser_book(monkeypatch):
    """The Pages workflow requires the MNIST digits and the PDF, caches MNIST, and the digits hook enforces it."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    build = next(s for s in steps if "mkdocs build --strict" in s.get("run", ""))
    assert build["env"]["NNBOOK_REQUIRE_DATA"] == "1" and build["env"]["NNBOOK_REQUIRE_BROWSER"] == "1"
    assert f"site/{book_pdf.NAME}" in build["run"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/nnbook/mnist"
    assert steps.index(cache) < steps.index(build)

    digits = _load("digits")
    from mkdocs.exceptions import PluginError

    def no_mnist(split, n):
        raise FileNotFoundError("no MNIST here")

    monkeypatch.setattr(digits, "digits", no_mnist)
    monkeypatch.setattr(digits.File, "generated", lambda config, path, content: SimpleNamespace(src_uri=path))
    monkeypatch.delenv("NNBOOK_REQUIRE_DATA", raising=False)
    files = digits.on_files([], SimpleNamespace(site_dir="/nonexistent", use_directory_urls=True))
    assert [f.src_uri for f in files] == ["data/digits.json"]  # a local build without MNIST still works
    monkeypatch.setenv("NNBOOK_REQUIRE_DATA", "1")
    with pytest.raises(PluginError, match="no MNIST here"):
        digits.on_files([], SimpleNamespace(site_dir="/nonexistent", use_directory_urls=True))


def test_links_between_pages_stay_inside_the_book_and_the_rest_goes_online_or_becomes_text():
    pages = {"": "index", "05-cost/": "05-cost", "09-chain-rule/": "09-chain-rule"}
    site = "https://someone.github.io/nnbook/"

    def link(href, on="09-chain-rule/", site_url=site):
        return book_pdf._link(href, on, book_pdf._slug(on), pages, site_url)

    assert link("../05-cost/#exercises") == "#05-cost--exercises"
    assert link("../05-cost/") == "#05-cost"
    assert link("#the-general-equations") == "#09-chain-rule--the-general-equations"
    assert link("..") == link("../") == "#index"
    assert link("05-cost/", on="") == "#05-cost"
    assert link("../api/#nnbook.mnist.load") == "https://someone.github.io/nnbook/api/#nnbook.mnist.load"
    assert link("../api/#nnbook.mnist.load", site_url="") is None  # not printed, address unknown: plain text
    assert link("https://numpy.org/") == "https://numpy.org/"


# --- the PDF itself (needs Chromium to be made, poppler-utils to be read) ---

@pytest.fixture(scope="module")
def book():
    why = book_pdf.missing_tools()
    if why:
        unavailable(f"the PDF cannot be made: {why}")
    for tool in ("pdftotext", "pdffonts", "pdfinfo"):
        if not shutil.which(tool):
            unavailable(f"{tool} is missing (apt-get install poppler-utils)")
    from test_site import built_site

    site = built_site()
    pdf = site / book_pdf.NAME
    assert pdf.is_file(), f"the strict build made no {book_pdf.NAME} although Chromium, Playwright and pypdf are here"
    from pypdf import PdfReader

    return site, pdf, PdfReader(pdf)


def _text(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False, raw: bool = False) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    mode = ["-layout"] if layout else ["-raw"] if raw else []
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, *mode, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _margin(pdf: Path, number: int, top: bool) -> str:
    """The text in the top or the bottom margin of a page (A4, 842 points high; the margins are 20 mm, 57 points)."""
    y = 0 if top else 842 - 50
    return _squash(subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(number), "-l", str(number), "-x", "0",
                                   "-y", str(y), "-W", "595", "-H", "50", str(pdf), "-"],
                                  capture_output=True, text=True, check=True).stdout)


def _outline(reader, items=None, level=1) -> list[tuple[int, str, int]]:
    """(level, title, page number from 1) of every outline entry, in order."""
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out.extend(_outline(reader, item, level + 1))
        else:
            out.append((level, _squash(item.title), reader.get_destination_page_number(item) + 1))
    return out


def _titles(site: Path) -> list[str]:
    """The h1 of every page the book prints, in the nav's order, as the built site shows it."""
    titles = []
    for url in book_pdf.nav_urls(site):
        page = book_pdf.page_file(site, url).read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1]
        titles.append(_squash(unescape(re.sub(r"<[^>]+>|¶", "", h1))))
    return titles


@pytest.mark.browser
def test_every_page_of_the_book_in_order_under_its_running_title_and_page_number(book):
    site, pdf, reader = book
    titles = _titles(site)
    assert len(titles) == 14 and titles[1].startswith("1.") and titles[11].startswith("11."), titles
    top = [(title, page) for level, title, page in _outline(reader) if level == 1]
    starts = []
    rest = iter(top[2:])  # after the cover and the contents
    for title in titles:
        starts.append(next((page for t, page in rest if t == title), None))
        assert starts[-1] is not None, f"{title!r} is not in the PDF's outline, or out of order: {top}"
    ends = [*(s - 1 for s in starts[1:]), len(reader.pages)]
    body = _squash(_text(pdf, starts[0]))
    at = 0
    for title, first, last in zip(titles, starts, ends, strict=True):
        at = body.find(title, at)
        assert at >= 0, f"{title!r} is missing from the PDF's text, or out of order"
        running = "Introduction" if first == starts[0] else title
        for number in sorted({first, (first + last) // 2, last}):
            head, foot = _margin(pdf, number, top=True), _margin(pdf, number, top=False)
            assert (head, foot) == (running, str(number)), (title, number, head, foot)


@pytest.mark.browser
def test_the_contents_give_the_page_each_chapter_and_section_starts_on(book):
    _, pdf, reader = book
    entries = [(title, page) for level, title, page in _outline(reader) if level <= 2]
    contents_pages = [n for n in range(2, 8) if _text(pdf, n, n).lstrip().startswith("Contents")]
    assert contents_pages, "no page of contents after the cover"
    text = _text(pdf, contents_pages[0], contents_pages[-1], layout=True)
    numbers = [int(n) for n in re.findall(r"^.*?(?:\. ?){3,}\s+(\d+)\s*$", text, flags=re.M)]
    chapters = [page for _, page in entries if page > contents_pages[-1]]
    assert numbers == chapters, f"the contents say {numbers[:12]}..., the headings are on {chapters[:12]}..."


@pytest.mark.browser
def test_no_raw_tex_and_every_panel_and_exercise_printed(book):
    site, pdf, _ = book
    text = _text(pdf)
    for tex in (r"\frac", r"\sum", r"\partial", r"\sigma", r"\mathrm", r"\begin{", "$$", r"\(", r"\)"):
        assert tex not in text, f"raw TeX {tex!r} in the PDF's text"
    pages = [book_pdf.page_file(site, u).read_text(encoding="utf-8") for u in book_pdf.nav_urls(site)]
    panels = sum(len(re.findall(r'class="nnbook-(?:panel|dials)__note"', p)) for p in pages)
    assert panels >= 6 and text.count("Interactive ") == panels
    folded = [body for p in pages for body in re.findall(r"<details[^>]*>(.*?)</details>", p, re.S)]
    assert len(folded) >= 20
    squashed, inside = _squash(text), 0
    for body in folded:
        summary = _squash(unescape(re.sub(r"<[^>]+>", "", re.search(r"<summary>(.*?)</summary>", body, re.S)[1])))
        assert summary in squashed, f"the folded block {summary!r} is not printed"
        # what only an open block shows: the start of a paragraph inside it with no math or code in it
        plain = [p for p in re.findall(r"<p>(.*?)</p>", body, re.S) if "arithmatex" not in p and "<code" not in p]
        if plain:
            start = _squash(unescape(re.sub(r"<[^>]+>", "", plain[0])))[:40]
            assert start in squashed, f"the inside of the folded block {summary!r} is not printed: {start!r}"
            inside += 1
    assert inside >= 15, inside


def test_each_chapters_answers_print_after_it_not_under_its_questions(book):
    """On paper a question shows its choices where it is asked; the answers follow the chapter, numbered."""
    site, pdf, _ = book
    # in the order the page's HTML gives (-raw): by position, a line's inline formulas would move its words about
    text = _squash(_text(pdf, raw=True))
    title = _squash("Answers to this chapter's questions")
    chapters = [u for u in book_pdf.nav_urls(site) if re.match(r"(0[1-9]|1[01])-", u)]
    assert len(chapters) == 11 and text.count(title) == 11, text.count(title)
    start = checked = 0
    for url in chapters:
        page = book_pdf.page_file(site, url).read_text(encoding="utf-8")
        asked = re.findall(r"<p class=\"nnbook-question__label\">Check yourself (\d+)</p>", page)
        assert asked == [str(n) for n in range(1, len(asked) + 1)] and len(asked) >= 3, (url, asked)
        last = text.lower().index(f"check yourself {len(asked)}", start)  # the label prints in capitals
        answers = text.index(title, start)
        assert last < answers, f"{url}: the answers print before the last question"
        end = text.find(title, answers + 1)
        following = text[answers:end if end > 0 else None]
        # every question's right answer is printed there, and not where the question is asked
        whys = re.findall(r'<div class="nnbook-question__why"[^>]*data-right[^>]*>\s*<p>(.*?)</p>', page, re.S)
        assert len(whys) == len(asked), url
        for why in whys:
            # its longest run of words with no formula or code in it (those print differently)
            runs = re.split(r'<span class="arithmatex">.*?</span>|<code>.*?</code>', why, flags=re.S)
            right = max((_squash(unescape(re.sub(r"<[^>]+>", "", r))) for r in runs), key=len)[:40]
            if len(right) >= 20:  # long enough to be found nowhere else (a few answers are mostly formulas)
                assert right in following, (url, right)  # (that it is not also under the question: test_browser)
                checked += 1
        start = answers + 1
    assert checked >= 40, checked  # of the book's 51 questions


@pytest.mark.browser
def test_fonts_embedded_tagged_outlined_linked_and_size_in_range(book):
    _, pdf, reader = book
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for row in fonts:
        # name type encoding emb sub uni id: the type may be two words ("CID TrueType")
        assert re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)[1] == "yes", f"not embedded: {row}"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M) and re.search(r"^Page size:.*\(A4\)", info, re.M), info
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    assert 100 <= pages <= 300, pages  # the README says "over 100 A4 pages, under 15 MB"
    assert 1_000_000 <= pdf.stat().st_size <= book_pdf.MAX_BYTES, pdf.stat().st_size
    assert len(_outline(reader)) >= 100
    internal = external = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            action = a.get("/A") or {}
            if "/URI" in action:
                external += 1
            elif "/Dest" in a or action.get("/S") == "/GoTo":
                internal += 1
    assert internal >= 100 and external >= 5, (internal, external)
    cover = _squash(_text(pdf, 1, 1))
    assert f"Edition {VERSION}" in cover and "CC BY 4.0" in cover


def test_a_figure_much_wider_than_the_column_prints_as_its_phone_drawing():
    """Scaled to the A4 column, a wide drawing's labels would print at 4-6 pt; its phone drawing fits as drawn."""
    def picture(wide: int, narrow: int) -> str:
        html_text = (f'<picture><source media="(max-width: 44.98em)" srcset="../figures/f-phone.svg" width="{narrow}" '
                     f'height="600"><img src="../figures/f.svg#only-light" width="{wide}" height="300"></picture>')
        node = book_pdf._fragment(html_text).css_first("picture")
        book_pdf._print_variant(node)
        return node.html

    swapped = picture(959, 508)  # chapter 9's sweep
    assert 'src="../figures/f-phone.svg#only-light"' in swapped and 'width="508"' in swapped and "<source" not in swapped
    kept = picture(693, 376)  # chapter 1's digit: within 15% of the column, kept as drawn for the page
    assert 'src="../figures/f.svg#only-light"' in kept and 'width="693"' in kept and "<source" not in kept
    assert 600 < book_pdf.COLUMN_PX < 700  # A4 less 18 mm margins, in CSS px
