"""The site builds with `mkdocs build --strict` and references nothing outside itself.

`built_site()` builds the site once per test run; the page, API-reference and
browser tests import it from here.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

import book

try:
    import fcntl
except ImportError:  # Windows: each test process builds its own site
    fcntl = None

ROOT = Path(__file__).resolve().parent.parent


def build(dest: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """Run the strict build the README, CI and the Pages workflow run, into `dest`. Never with -q."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0", **extra_env)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,  # the first build of a check also prints the book as PDF
    )


@functools.cache
def _build_once() -> tuple[Path, subprocess.CompletedProcess]:
    """The strict build, once per test run: into NNBOOK_SITE_DIR when set (shared by the check's pytest
    processes and their workers, under a lock: the built pages do not depend on the BLAS kernel), else
    into a fresh temporary folder."""
    shared = os.environ.get("NNBOOK_SITE_DIR")
    if not shared or fcntl is None:
        dest = Path(tempfile.mkdtemp(prefix="nnbook-site-")) / "site"
        return dest, build(dest)
    folder = Path(shared)
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / "build.json"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker builds; the others wait and read its result
        if not record.exists():
            result = build(folder / "site")
            tmp = record.with_suffix(".tmp")
            tmp.write_text(json.dumps({"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}))
            tmp.replace(record)
    done = json.loads(record.read_text())
    return folder / "site", subprocess.CompletedProcess(["mkdocs", "build"], done["returncode"], done["stdout"], done["stderr"])


def built_site() -> Path:
    """A strict build of the site, made once per test run (a failure too)."""
    dest, result = _build_once()
    if result.returncode:
        raise AssertionError(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return dest


def html_pages(site: Path) -> list[Path]:
    """Every page of the book in a built site (not the 404 page, not assets)."""
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.relative_to(site).parts)


class Tags(HTMLParser):
    """Collects (tag, attributes) for every start tag of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, protocol-relative //


def test_strict_build_passes_without_warnings():
    site, result = _build_once()  # the build every other test of the site reads
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    assert "ERROR" not in output, output
    assert (site / "index.html").is_file()


def test_every_nav_page_is_built():
    site = built_site()
    for md in sorted((ROOT / "docs").glob("*.md")):
        page = site / ("index.html" if md.stem == "index" else f"{md.stem}/index.html")
        assert page.is_file(), f"{md.name} was not built into {page.relative_to(site)}"


def test_built_html_loads_nothing_from_outside_the_site():
    site = built_site()
    problems = []
    for page in [*html_pages(site), site / "404.html"]:
        for tag, attrs in tags_of(page):
            refs = []
            if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"}:
                refs += [attrs.get("src")]
            if tag == "img" or tag == "source":
                refs += [attrs.get("srcset")]
            if tag == "link" and attrs.get("rel") not in {"canonical"}:
                refs += [attrs.get("href")]  # stylesheets, fonts, icons, preloads, manifests
            if tag == "object":
                refs += [attrs.get("data")]
            problems += [f"{page.relative_to(site)}: <{tag}> {ref}" for ref in refs if ref and _EXTERNAL.match(ref)]
    for css in site.rglob("*.css"):
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _EXTERNAL.match(ref):
                problems.append(f"{css.relative_to(site)}: url({ref})")
        for ref in re.findall(r"@import\s+(?:url\()?['\"]?([^'\";)]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _EXTERNAL.match(ref):
                problems.append(f"{css.relative_to(site)}: @import {ref}")
    assert not problems, "the built site loads things from outside itself:\n" + "\n".join(problems)


def test_the_external_check_catches_an_external_script(tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<script src="https://cdn.example.org/x.js"></script><img src="//x.org/a.png" alt="a">')
    found = [a.get("src") for t, a in tags_of(page) if a.get("src") and _EXTERNAL.match(a["src"])]
    assert found == ["https://cdn.example.org/x.js", "//x.org/a.png"]
    assert not _EXTERNAL.match("assets/javascripts/bundle.js")
    assert not _EXTERNAL.match("../figures/ch01_digit.svg")


def test_math_is_typeset_at_build_time_and_no_page_loads_a_math_script():
    """docs/_hooks/offline_math.py runs MathJax during the build: pages carry the finished math as a
    flattened SVG (a few elements an equation, no math font) with MathML for screen readers, and in
    their head the few CSS rules it needs."""
    site = built_site()
    typeset = kept = 0
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+(mathjax|tex-[a-z-]+\.js)", html, re.I), f"{page}: a math script is loaded"
        blocks = re.findall(r'<(span|div) class="arithmatex">(.*?)</\1>', html, re.S)
        for tag, body in blocks:
            assert body.startswith('<mjx-container class="MathJax" jax="SVG"'), f"{page}: untypeset math {body[:60]!r}"
            assert "<mjx-assistive-mml" in body and "<math " in body, f"{page}: math without MathML for screen readers"
            assert ('display="true"' in body[:80]) == (tag == "div"), f"{page}: {body[:80]!r}"
            drawn = body[body.index("<svg"):body.index("<mjx-assistive-mml")]
            # Flattened: the outlines in a path per colour, bars as rects, and a few kept pieces
            # (stretched braces) each in a <g> with their transform; MathJax's node groups are gone.
            parts = [child.tag.split("}")[-1] for child in ET.fromstring(drawn)]
            assert set(parts) <= {"path", "rect", "g"} and parts.count("path") <= 3, f"{page}: not flattened: {parts}"
            kept += parts.count("g")
            assert re.search(r'<svg style="vertical-align: -?[\d.]+em;" width="[\d.]+em" height="[\d.]+em"', drawn), drawn[:200]
        typeset += len(blocks)
        styles = [css for css in re.findall(r"<style>(.*?)</style>", html, re.S) if "mjx-container" in css]
        if not blocks:
            assert not styles, f"{page}: has MathJax's CSS but no math"
            continue
        assert len(styles) == 1, f"{page}: expected MathJax's CSS once in the page, found {len(styles)}"
        assert "@font-face" not in styles[0] and "mjx-assistive-mml" in styles[0], page
    assert typeset > 500, f"expected the book's equations, found {typeset}"
    assert kept < 30, f"{kept} pieces of equations were kept unflattened (8 when this was written)"
    assert not (site / "assets" / "mathjax").exists(), "math fonts are still copied into the site"


def test_an_equation_mathjax_cannot_read_stops_the_build_naming_the_page_and_the_tex():
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    hook = book.hook("offline_math")
    hook.on_config({})
    page = SimpleNamespace(url="ch/", file=SimpleNamespace(src_uri="ch.md"))
    good = hook.on_post_page('<head></head><p><span class="arithmatex">\\(a &lt; b\\)</span></p>', page, {})
    assert "<mjx-assistive-mml" in good and "<mo>&lt;</mo>" in good
    assert '<style>' in good and 'jax="SVG"' in good and good.count("<path") == 1
    for tex, says in [("\\frac{1}{", "Missing close brace"), ("\\sigmaa(z)", "Undefined control sequence")]:
        with pytest.raises(PluginError) as failed:
            hook.on_post_page(f'<head></head><div class="arithmatex">\\[{tex}\\]</div>', page, {})
        assert "ch.md" in str(failed.value) and tex in str(failed.value) and says in str(failed.value)


def test_every_figure_is_lazy_sized_zoomable_and_captioned():
    """Figures: fetched only when near the screen (so a hidden palette's variant never is), their space
    reserved (width and height from the SVG), a zoom link, and a numbered caption under each pair."""
    site = built_site()
    seen = 0
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        for fig in re.findall(r"<figure\b.*?</figure>", html, re.S):
            imgs = re.findall(r"<img\b[^>]*>", fig)
            if not any("figures/" in i for i in imgs):
                continue
            seen += 1
            where = f"{page.relative_to(site)}: {imgs[0][:120]}"
            assert len(imgs) == 2, f"{where}: a figure holds its light and dark variant, found {len(imgs)} images"
            assert re.search(r'<figcaption>\s*<p><span class="caption-prefix">Figure \d+\.</span> \S', fig), where
            assert fig.count('class="glightbox"') == 2, f"{where}: each variant is wrapped in a zoom link"
            for img in imgs:
                assert 'loading="lazy"' in img and 'decoding="async"' in img, where
                w, h = re.search(r'width="(\d+)"', img), re.search(r'height="(\d+)"', img)
                assert w and h and int(w.group(1)) > 50 and int(h.group(1)) > 50, where
        # A panel's static picture (what a reader without JavaScript sees in its place) stands alone:
        # the panel is not a numbered figure, and the same picture is often a captioned figure above it.
        rest = re.sub(r'<div class="nnbook-panel__static">.*?</div>', "", html, flags=re.S)
        loose = [i for i in re.findall(r"<img\b[^>]*>", re.sub(r"<figure\b.*?</figure>", "", rest, flags=re.S))
                 if "figures/" in i and "ch06_dials" not in i]  # nor does the dials panel's
        assert not loose, f"{page.relative_to(site)}: figures without a caption: {loose}"
    assert seen >= 30, f"expected the book's figures in <figure> elements, found {seen}"


def test_pages_workflow_builds_strictly_and_deploys():
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "mkdocs build --strict" in workflow
    assert not re.search(r"mkdocs build[^\n]*\s(-q|--quiet)\b", workflow), "never combine -q with --strict"
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in workflow
    assert 'pip install -e ".[docs' in workflow


def test_the_strict_build_fails_on_broken_links_anchors_and_pages_outside_the_nav(tmp_path):
    """The validation settings really are errors: break a copy of the book three ways and build it."""
    import shutil

    for folder in ("docs", "nnbook", "overrides", "figures"):  # figures/data: records the questions quote
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml", "CITATION.cff"):  # the last two: the edition (docs/_hooks/pdf.py)
        shutil.copy(ROOT / name, tmp_path / name)
    for page in (tmp_path / "docs").glob("*.md"):  # the real config and hooks, over pages that build in a second
        page.write_text(f"# {page.stem}\n\nA page of the book.\n", encoding="utf-8")
    shutil.rmtree(tmp_path / "docs" / "_questions")  # placed after headings the stubs do not have
    page = tmp_path / "docs" / "01-function.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n[a missing anchor](02-layers.md#no-such-heading) and [a missing page](no-such-page.md)\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "stray.md").write_text("# A page nobody put in the nav\n", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NNBOOK_PDF="0")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "no-such-heading" in output, output
    assert "no-such-page.md" in output, output
    assert "stray.md" in output, output


class _Config:
    repo_url = repo_name = edit_uri = None


def test_the_repository_link_comes_from_where_the_site_is_built(monkeypatch):
    hook = book.hook("repository")
    for name in ("GITHUB_REPOSITORY", "GITHUB_REF_NAME", "NNBOOK_REPO_URL"):
        monkeypatch.delenv(name, raising=False)
    local = hook.on_config(_Config())
    assert local.repo_url is None and local.edit_uri is None, "no repository known: no link is invented"

    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/nnbook")
    monkeypatch.setenv("GITHUB_REF_NAME", "trunk")
    published = hook.on_config(_Config())
    assert published.repo_url == "https://github.com/someone/nnbook/"
    assert published.repo_name == "someone/nnbook"
    assert published.edit_uri == "edit/trunk/docs/"

    monkeypatch.setenv("GITHUB_REPOSITORY", "not a repository")
    with pytest.raises(ValueError, match="owner/name"):
        hook.on_config(_Config())


def test_punctuation_after_inline_math_stays_on_its_line():
    """A line must not start with the full stop or comma that follows a formula: the math hook wraps the two
    in one unbreakable span (docs/_hooks/offline_math.py; the phone showed '. The first term' in chapter 5)."""
    loose = []
    for page in sorted(built_site().glob("**/index.html")):
        html_text = page.read_text(encoding="utf-8")
        for m in re.finditer(r'</mjx-container></span>([.,;:!?)])', html_text):
            before = html_text[: m.start()].rsplit('<span class="arithmatex">', 1)[0]
            if not before.endswith('<span class="nnbook-nowrap">'):
                loose.append(f"{page.parent.name}: {html_text[m.end() - 1 : m.end() + 20]!r}")
    assert not loose, loose[:10]
    assert ".md-typeset .nnbook-nowrap { white-space: nowrap; }" in (ROOT / "docs/stylesheets/nnbook.css").read_text()


def test_every_exercise_has_its_own_anchor_and_links_to_exercises_land_on_them():
    """docs/_hooks/exercises.py gives each exercise box the id exercise-N-M; a link named after an exercise
    goes to that box (not to the Exercises heading), and the strict build checks that the box exists."""
    titles = re.compile(r'<div class="admonition question"(?: id="([^"]*)")?>\s*<p class="admonition-title">Exercise (\d+)\.(\d+)\b')
    links = re.compile(r'<a href="([^"]*)"[^>]*>\s*[Ee]xercise (\d+)\.(\d+)\s*</a>')
    boxes, wrong = 0, []
    for page in sorted(built_site().glob("**/index.html")):
        html_text = page.read_text(encoding="utf-8")
        for m in titles.finditer(html_text):
            boxes += 1
            if m[1] != f"exercise-{m[2]}-{m[3]}":
                wrong.append(f"{page.parent.name}: exercise {m[2]}.{m[3]} has the id {m[1]!r}")
        for m in links.finditer(html_text):
            if not m[1].endswith(f"#exercise-{m[2]}-{m[3]}"):
                wrong.append(f"{page.parent.name}: the link 'exercise {m[2]}.{m[3]}' goes to {m[1]!r}")
    assert boxes >= 30, f"found {boxes} exercises in the built book"
    assert not wrong, wrong
