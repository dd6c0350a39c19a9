"""The PDF edition in the build: `mkdocs build` writes the whole book as `nnbook.pdf` beside the site.

The work is done by plain functions in book_pdf.py; this hook only calls them:

- on_config: the edition (the version in pyproject.toml, the date of the commit built, the title and
  authors in CITATION.cff) goes into
  `config.extra.edition` for the footer (overrides/partials/copyright.html) and the home page's
  "how to cite" line (the `<!-- cite-this-edition -->` marker in docs/index.md);
- on_page_content: the home page, the chapters, the summary and the notation get a
  "Download the book as PDF" link under their title, when this build makes the PDF;
- on_post_build: the PDF is printed from the pages just built.

`mkdocs serve` never makes it (each save would print the whole book again). A build
where Chromium, Playwright or pypdf is missing skips it with one line saying what is
missing and leaves the links out, unless NNBOOK_REQUIRE_BROWSER=1 (CI and the Pages
workflow): then the build fails, so that a published site never lacks its PDF.
NNBOOK_PDF=0 skips it on purpose (a quicker local build).
"""

from __future__ import annotations

import datetime
import importlib.util
import logging
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

_spec = importlib.util.spec_from_file_location("book_pdf", Path(__file__).with_name("book_pdf.py"))
book_pdf = importlib.util.module_from_spec(_spec)
sys.modules["book_pdf"] = book_pdf  # dataclasses look their module up there
_spec.loader.exec_module(book_pdf)

log = logging.getLogger("mkdocs.hooks.pdf")
# The pages that link to the PDF, and that it prints (with the home page); the API reference stays online.
LINKED = re.compile(r"^(index|\d\d-[a-z0-9-]+|summary|notation)\.md$")
CITE = "<!-- cite-this-edition -->"

_state: dict = {"command": None, "make": False, "urls": []}


def edition(root: Path) -> tuple[str, str, str]:
    """(version, date, commit) of the book being built: pyproject's version, the built commit's date and hash."""
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    date, commit = "", os.environ.get("GITHUB_SHA", "")
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%cs %H"], cwd=root, capture_output=True, text=True,
                                timeout=10)
        if result.returncode == 0 and result.stdout.strip():
            date, head = result.stdout.split()
            commit = commit or head
    except OSError:
        pass
    return version, date or datetime.datetime.now(datetime.UTC).date().isoformat(), commit


def citation(config) -> str:
    """The home page's "how to cite" line for this edition."""
    e = config.extra["edition"]
    where = config.get("site_url") or config.get("repo_url")
    at = f", {where}" if where else ""
    return (f"{e['authors']}, *{e['title']}*, edition {e['version']} ({e['date']}){at}. "
            "The repository's `CITATION.cff` says the same for reference managers, "
            "and `CHANGELOG.md` lists the editions.")


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    root = Path(config["config_file_path"]).resolve().parent
    version, date, commit = edition(root)
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    authors = ", ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
                        for a in cff["authors"])
    config.extra["edition"] = {"title": cff["title"], "authors": authors, "version": version, "date": date,
                               "commit": commit}
    why = None
    if _state["command"] == "serve":
        why = "mkdocs serve does not make it (python3 .ci/dev.py pdf does)"
    elif os.environ.get("NNBOOK_PDF") == "0":
        why = "NNBOOK_PDF=0"
    else:
        why = book_pdf.missing_tools()
        if why and os.environ.get("NNBOOK_REQUIRE_BROWSER") == "1":
            raise PluginError(f"NNBOOK_REQUIRE_BROWSER=1 but the PDF of the book cannot be made: {why}")
    _state["make"] = why is None
    if why:
        log.info("nnbook: the PDF of the book is skipped: %s.", why)
    return config


def on_nav(nav, config, files):
    _state["urls"] = [p.url for p in nav.pages if LINKED.match(p.file.src_uri)]
    return nav


def on_page_markdown(text, page, config, files):
    if CITE in text:
        text = text.replace(CITE, citation(config))
    return text


def on_page_content(html, page, config, files):
    if not _state["make"] or not LINKED.match(page.file.src_uri):
        return html
    href = get_relative_url(book_pdf.NAME, page.url)
    link = (f'<p class="nnbook-pdf-link"><a href="{href}" download="{book_pdf.NAME}">Download the book as PDF</a>'
            f" (edition {config.extra['edition']['version']})</p>")
    new, n = re.subn(r"(</h1>)", r"\1" + link.replace("\\", "\\\\"), html, count=1)
    if n != 1:
        raise PluginError(f"docs/_hooks/pdf.py: no <h1> on {page.file.src_uri} to put the PDF link under")
    return new


def _strict_warnings(config) -> int:
    """How many warnings a strict build has counted so far (it aborts after on_post_build if any)."""
    if not config.get("strict"):
        return 0
    from mkdocs.utils import CountHandler

    counters = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    return sum(n for h in counters for _, n in h.get_counts())


def on_post_build(config):
    if not _state["make"]:
        return
    if _strict_warnings(config):  # the strict build is about to abort: printing the book would be time lost
        log.info("nnbook: the PDF of the book is skipped: the strict build has warnings and will abort.")
        return
    e = config.extra["edition"]
    site = Path(config["site_dir"])
    out = book_pdf.make_pdf(site, site / book_pdf.NAME, _state["urls"], book_pdf.Edition(
        title=e["title"], subtitle=config["site_description"], version=e["version"], date=e["date"],
        licence=config["copyright"], site_url=config.get("site_url") or "", repo_url=config.get("repo_url") or "",
        commit=e["commit"] if config.get("repo_url") else ""))
    log.info("nnbook: wrote the book as PDF, %s (%.1f MB)", out, out.stat().st_size / 1e6)
