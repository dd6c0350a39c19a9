"""The whole book as one PDF, made from the built site: plain functions the `pdf` hook and `.ci/dev.py pdf` call.

    python docs/_hooks/book_pdf.py SITE_DIR OUT.pdf   # from a built site (what `mkdocs build` does itself)

How: read the built pages in the order of the nav (the home page's introduction,
chapters 1 to 11, the summary, the notation), take each page's article, and put
them into one HTML file beside the site's own stylesheets, with a cover, a table
of contents and a print stylesheet (`book_pdf.css`). Debian's Chromium prints it
to PDF through Playwright: tagged, with an outline built from the headings, every
font embedded, the math (typeset as SVG when the site was built) and the
figures (SVG, their light variant) kept as vectors. The table of contents needs
page numbers, which only the printed book knows, so it is printed twice: the
first print's named destinations (one per heading the contents link to), read
with pypdf, give the numbers the second print shows.

Why not mkdocs-print-site-plugin 2.9 (tried on this book): it writes its print page in on_post_build,
after our offline_math hook has typeset the other pages, so the page it gathers keeps the raw TeX (819
unrendered `arithmatex` spans, no SVG); and it wants to be the last plugin, which it never is here since
MkDocs registers hooks after the plugins, so `--strict` fails on its warning. Reading the pages the site
built gives the PDF exactly what the site shows and adds no page to the site, its nav, search or sitemap.

What changes from the site: each chapter starts a page with its title running at
the top and the page number at the bottom (CSS named pages and page-margin
boxes); folded exercises are printed open with their solutions; each
interactive panel keeps its still picture, with one line pointing to the panel
online; links between pages become links inside the PDF, links to the rest of
the site (the API reference, notebooks) go to the published site when its
address is known, and are plain text otherwise; ids get the page's name in front
(`05-cost--exercises`) so that ids repeated across pages stay apart.
"""

from __future__ import annotations

import html
import os
import posixpath
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
CSS = HERE / "book_pdf.css"
CHROMIUM = Path(os.environ.get("NNBOOK_CHROMIUM", "/usr/bin/chromium"))
# Flags Chromium needs here (tests/browser_support.py has the same list): without the networking ones it
# tries to reach outside at start-up.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
MAX_BYTES = 15 * 1024 * 1024  # the budget: "at most about 15 MB"
NAME = "nnbook.pdf"


@dataclass
class Edition:
    """What the cover says about this edition."""

    title: str
    subtitle: str
    version: str
    date: str
    licence: str
    site_url: str = ""  # the published site's address, when known
    repo_url: str = ""
    commit: str = ""


@dataclass
class Chapter:
    slug: str  # the page's folder in the site: "05-cost", "index" for the home page
    url: str  # the page's URL relative to the site's root: "05-cost/", "" for the home page
    title: str = ""
    running: str = ""  # the title at the top of its pages
    body: str = ""
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text) of h1 and h2


def missing_tools() -> str | None:
    """Why the PDF cannot be made here, or None when Chromium, Playwright and pypdf are all present."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium, or set NNBOOK_CHROMIUM to a Chromium or Chrome)"
    for module, package in (("playwright", "playwright"), ("pypdf", "pypdf")):
        try:
            __import__(module)
        except ImportError:
            return f"the {package} package is not installed (pip install -e '.[pdf]')"
    return None


def _parser(text: str):
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(text)


def _fragment(text: str):
    """A node made from an HTML snippet."""
    return _parser(f"<div>{text}</div>").css_first("div")


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def _slug(url: str) -> str:
    return url.strip("/").replace("/", "-") or "index"


# The PDF's text column, A4 less book_pdf.css's 18 mm margins, in CSS px.
COLUMN_PX = (210 - 2 * 18) / 25.4 * 96


def _print_variant(picture) -> None:
    """A figure drawn much wider than the page's column prints as its phone drawing, when it has one.

    Scaled down to the column, a wide drawing's labels print at 4-6 pt (chapter 9's sweep, chapter 10's
    messy 3); its phone drawing is narrower and larger-lettered, and fits the column as drawn. The
    browser's own choice (a media query on the page's width) would pick the wide one on A4."""
    source, img = picture.css_first("source"), picture.css_first("img")
    if source is None or img is None:
        return
    wide, narrow = float(img.attributes.get("width") or 0), float(source.attributes.get("width") or 0)
    if wide > 1.15 * COLUMN_PX and 0 < narrow <= COLUMN_PX:
        mark = (img.attributes.get("src") or "").partition("#")[2]
        img.attrs["src"] = (source.attributes.get("srcset") or "") + (f"#{mark}" if mark else "")
        img.attrs["width"], img.attrs["height"] = source.attributes["width"], source.attributes.get("height") or ""
    source.decompose()


def read_chapter(site: Path, url: str, pages: dict[str, str], edition: Edition) -> Chapter:
    """One built page's article, made fit for print; `pages` maps each printed page's URL to its slug."""
    chapter = Chapter(slug=_slug(url), url=url)
    tree = _parser(page_file(site, url).read_text(encoding="utf-8"))
    article = tree.css_first("article.md-content__inner")
    if article is None:
        raise ValueError(f"book_pdf: no <article> on {page_file(site, url)}; has the theme changed?")
    for selector in ("a.headerlink", "script", ".md-source-file", ".nnbook-pdf-link", "a[download]",
                     'img[src*="#only-dark"]', ".md-content__button"):
        for node in article.css(selector):
            if node.tag == "a" and node.attributes.get("download") is not None:
                node = node.parent if node.parent is not None and node.parent.tag == "p" else node
            node.decompose()
    for node in article.css("a.glightbox"):  # the zoom viewer's wrapper round each figure
        if node.css_first("img") is None:
            node.decompose()
        else:
            node.unwrap()
    for node in article.css("details"):
        node.attrs["open"] = ""
    for picture in article.css("picture"):
        _print_variant(picture)
    for node in article.css("img"):
        node.attrs["loading"] = "eager"
    online = urljoin(edition.site_url, url) if edition.site_url else ""
    for note in article.css(".nnbook-panel__note, .nnbook-dials__note"):
        where = (f'online: <a href="{html.escape(online)}">{html.escape(online)}</a>' if online
                 else "on this chapter's page of the online book")
        note.replace_with(_fragment(f'<p class="nnbook-print-note">Interactive {where}. '
                                    "Printed here: a still picture in its place.</p>").css_first("p"))
    for node in article.css("div.highlight"):  # short code blocks kept on one page (book_pdf.css)
        if node.text().count("\n") <= 12:
            node.attrs["class"] = (node.attributes.get("class") or "") + " nnbook-short"
    # Ids: prefixed by the page's slug; links: resolved against the page, then pointed inside the book.
    for node in article.css("[id]"):
        node.attrs["id"] = f"{chapter.slug}--{node.attributes['id']}"
    for node in article.css("[href]"):
        new = _link(node.attributes["href"] or "", url, chapter.slug, pages, edition.site_url)
        if new is None:
            del node.attrs["href"]  # stays as text
        else:
            node.attrs["href"] = new
    for node in article.css("[src]"):
        src = node.attributes["src"] or ""
        if not urlsplit(src).scheme and not src.startswith("data:"):
            node.attrs["src"] = posixpath.normpath(posixpath.join(url, src)).split("#")[0]
    for node in article.css("h1, h2"):
        text = node.text(deep=True, separator="").strip()
        if node.tag == "h1" and not chapter.title:
            chapter.title = text
        chapter.headings.append((int(node.tag[1]), node.attributes.get("id") or "", text))
    chapter.body = article.html.removeprefix(article.html[: article.html.index(">") + 1]).removesuffix("</article>")
    return chapter


def _link(href: str, url: str, slug: str, pages: dict[str, str], site_url: str) -> str | None:
    """Where a link on page `url` points in the book: an anchor inside it, the online site, or None (plain text)."""
    if href.startswith("#"):
        return f"#{slug}--{href[1:]}" if len(href) > 1 else f"#{slug}"
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return href
    target = posixpath.normpath(posixpath.join(url or ".", parts.path)) if parts.path else url.rstrip("/")
    target = "" if target == "." else target
    key = target.rstrip("/") + "/" if target and not posixpath.splitext(target)[1] else target
    if key in pages or (key == "" and "" in pages):
        return f"#{pages[key]}--{parts.fragment}" if parts.fragment else f"#{pages[key]}"
    if site_url:
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return urljoin(site_url, target + ("/" if key.endswith("/") else "") + fragment)
    return None


def body_attributes(site: Path) -> str:
    """The home page's <body> attributes (the theme's rules need its dir="ltr"), in the light palette."""
    body = _parser(page_file(site, "").read_text(encoding="utf-8")).css_first("body")
    attrs = dict(body.attributes, **{"data-md-color-scheme": "default"})
    return " ".join(f'{k}="{html.escape(v or "")}"' for k, v in attrs.items())


def stylesheets(site: Path) -> str:
    """The site's stylesheets and the math's inline style, as the pages load them."""
    tree = _parser(page_file(site, "").read_text(encoding="utf-8"))
    links = [n.attributes["href"] for n in tree.css('head link[rel="stylesheet"]')
             if "glightbox" not in (n.attributes["href"] or "") and "mkdocstrings" not in (n.attributes["href"] or "")]
    styles = [n.html for n in tree.css("head style") if n.attributes.get("id") != "glightbox-style"]
    return "\n".join([*(f'<link rel="stylesheet" href="{h}">' for h in links), *styles])


def cover(edition: Edition) -> str:
    lines = [f'<h1 class="cover__title">{html.escape(edition.title)}</h1>',
             f'<p class="cover__subtitle">{html.escape(edition.subtitle)}</p>',
             f'<p class="cover__edition">Edition {html.escape(edition.version)}, {html.escape(edition.date)}</p>']
    if edition.site_url:
        lines.append(f'<p>Read online, with its interactive panels: <a href="{html.escape(edition.site_url)}">'
                     f"{html.escape(edition.site_url)}</a></p>")
    if edition.repo_url:
        at = f" at commit {edition.commit[:12]}" if edition.commit else ""
        repo = html.escape(edition.repo_url)
        lines.append(f'<p>Source{at}: <a href="{repo}">{repo}</a></p>')
    lines.append(f'<p class="cover__licence">{html.escape(edition.licence)}</p>')
    return '<section class="cover" id="cover">' + "\n".join(lines) + "</section>"


def contents(chapters: list[Chapter], numbers: dict[str, int]) -> str:
    """The table of contents: every page's title and its h2 sections, each with its page number (000 unknown)."""
    rows = []
    for ch in chapters:
        for level, ident, text in ch.headings:
            number = numbers.get(ident) or "000"  # the slot has a fixed width: the real number takes no more room
            rows.append(f'<li class="toc__l{level}"><a href="#{ident}"><span class="toc__t">{html.escape(text)}</span>'
                        f'<span class="toc__n">{number}</span></a></li>')
    return ('<section class="toc" id="contents"><h1 id="contents-title">Contents</h1><ol>'
            + "".join(rows) + "</ol></section>")


def book_html(site: Path, urls: list[str], edition: Edition,
              numbers: dict[str, int] | None = None) -> tuple[str, list[Chapter]]:
    """The whole book as one HTML document whose links and images resolve from the site's root."""
    pages = {u: _slug(u) for u in urls}
    chapters = [read_chapter(site, u, pages, edition) for u in urls]
    page_rules = []
    body = [cover(edition), contents(chapters, numbers or {})]
    for i, ch in enumerate(chapters):
        ch.running = "Introduction" if ch.url == "" else ch.title
        page_rules.append(f"@page p{i} {{ @top-center {{ content: {_css_string(ch.running)}; }} }}\n"
                          f"section.chapter.p{i} {{ page: p{i}; }}")
        body.append(f'<section class="chapter p{i}" id="{ch.slug}">{ch.body}</section>')
    head = (f'<meta charset="utf-8"><title>{html.escape(edition.title)}, edition {html.escape(edition.version)}</title>'
            f"{stylesheets(site)}<style>{CSS.read_text(encoding='utf-8')}\n{chr(10).join(page_rules)}</style>")
    doc = (f'<!doctype html><html lang="en"><head>{head}</head>'
           f"<body {body_attributes(site)}>"
           f'<div class="md-typeset nnbook-book">{"".join(body)}</div></body></html>')
    return doc, chapters


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _print(browser, source: Path, out: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(source.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready")
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=True, outline=True, tagged=True)
    finally:
        page.close()


def heading_pages(pdf: Path) -> dict[str, int]:
    """The page number (1 = the cover) of every named destination Chromium wrote, by its id."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def make_pdf(site: Path, out: Path, urls: list[str], edition: Edition) -> Path:
    """Print the pages at `urls` (relative to the site's root, in order) as one PDF at `out`; return `out`."""
    why = missing_tools()
    if why:
        raise RuntimeError(f"cannot make the PDF: {why}")
    from playwright.sync_api import sync_playwright

    with tempfile.NamedTemporaryFile("w", suffix=".html", dir=site, prefix=".book-", delete=False,
                                     encoding="utf-8") as tmp:
        source = Path(tmp.name)
    first = out.with_name(f".{out.name}.first")
    draft = out.with_name(f".{out.name}.part")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
            try:
                doc, chapters = book_html(site, urls, edition)
                source.write_text(doc, encoding="utf-8")
                _print(browser, source, first)
                numbers = heading_pages(first)
                wanted = [ident for ch in chapters for _, ident, _ in ch.headings]
                lost = [i for i in wanted if i not in numbers]
                if lost:
                    raise RuntimeError(f"book_pdf: Chromium wrote no destination for {lost[:5]}: "
                                       "the contents cannot be numbered")
                doc, chapters = book_html(site, urls, edition, numbers)
                source.write_text(doc, encoding="utf-8")
                _print(browser, source, draft)
            finally:
                browser.close()
        again = heading_pages(draft)
        moved = {i: (numbers[i], again.get(i)) for i in wanted if again.get(i) != numbers[i]}
        if moved:  # the contents' numbers took the same room as the placeholders, so nothing should move
            raise RuntimeError(f"book_pdf: headings moved between the two prints: {dict(list(moved.items())[:5])}")
        size = draft.stat().st_size
        if size > MAX_BYTES:
            raise RuntimeError(f"book_pdf: the PDF is {size / 1e6:.1f} MB, over the {MAX_BYTES / 2**20:.0f} MB budget")
        os.replace(draft, out)
    finally:
        for path in (source, first, draft):
            path.unlink(missing_ok=True)
    return out


def nav_urls(site: Path) -> list[str]:
    """The printed pages in the order of the site's nav, read from the home page's navigation (no API reference)."""
    tree = _parser(page_file(site, "").read_text(encoding="utf-8"))
    urls: list[str] = []
    for node in tree.css("nav.md-nav--primary a.md-nav__link[href]"):
        href = node.attributes["href"] or ""
        target = posixpath.normpath(href).lstrip("./") if href not in ("", ".", "./") else ""
        target = "" if target in (".", "") else target.rstrip("/") + "/"
        if target not in urls and not target.startswith("api") and page_file(site, target).exists():
            urls.append(target)
    return urls


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    site_dir, target = Path(sys.argv[1]), Path(sys.argv[2])
    made = make_pdf(site_dir, target, nav_urls(site_dir),
                    Edition(title="How a neural network learns", subtitle="", version="local", date="", licence=""))
    print(f"{made}: {made.stat().st_size / 1e6:.1f} MB")
