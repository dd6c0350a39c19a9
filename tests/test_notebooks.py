"""Every chapter is published as a notebook that runs: docs/_hooks/notebooks.py, and the notebooks it builds.

The fast tests check the conversion on the built site and on small pages. The
tests marked `notebook` run each chapter's notebook top to bottom in a fresh
Jupyter kernel (nbclient, ipykernel) on the real MNIST files, as a reader
would after "Download this chapter as a notebook"; the check command runs
them once, not under every BLAS kernel. Time per notebook is reported at the
end of the session.
"""

from __future__ import annotations

import base64
import html
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

import book
from test_site import ROOT, built_site, tags_of

CHAPTERS = sorted(p.name for p in (ROOT / "docs").glob("*.md") if re.match(r"^(0[1-9]|1[01])-", p.name))
SNIPPETS = {"base_path": ["."], "check_paths": True, "dedent_subsections": True}
SVG = "image/svg+xml"


def read_docs(path: str) -> bytes:
    """A site file's bytes, as the build hands them to the hook: the file under docs/."""
    return (ROOT / "docs" / path).read_bytes()


hook = book.hook("notebooks")


def notebook(site: Path, page: str) -> nbformat.NotebookNode:
    return nbformat.read(site / "notebooks" / Path(page).with_suffix(".ipynb").name, as_version=4)


def images_of(cell) -> list[tuple[str, str, bytes]]:
    """(alt, MIME type, bytes) of every image a markdown cell shows, in order; fails on any image not inside it.

    An image inside the notebook is a `data:` URL or a cell attachment (`attachment:name`, which must be there).
    """
    found = [(m.start(), html.unescape(m.group(1)), m.group(2))
             for m in re.finditer(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)", cell.source)]
    for m in re.finditer(r"<img\b[^>]*>", cell.source, flags=re.I):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(0)))
        found.append((m.start(), html.unescape(attrs.get("alt", "")), html.unescape(attrs.get("src", ""))))
    images = []
    for _, alt, src in sorted(found):
        data = re.match(r"^data:([\w.+-]+/[\w.+-]+);base64,([A-Za-z0-9+/=]*)$", src)
        if data:
            images.append((alt, data.group(1), base64.b64decode(data.group(2), validate=True)))
        elif src.startswith("attachment:"):
            bundle = cell.get("attachments", {}).get(src[len("attachment:"):])
            assert bundle and len(bundle) == 1, f"{src}: no attachment of that name (or not one MIME type) in its cell"
            (mime, encoded), = bundle.items()
            images.append((alt, mime, base64.b64decode("".join(encoded), validate=True)))
        else:
            raise AssertionError(f"an image outside the notebook ({src[:80]!r}): it does not show offline")
    return images


def code_blocks_of(page_html: str) -> list[str]:
    """The text of every highlighted code block of a built page, as a reader sees it."""
    blocks = re.findall(r'<div class="[^"]*highlight[^"]*">.*?<pre[^>]*>(.*?)</pre>', page_html, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", b)).strip("\n") for b in blocks]


def test_there_are_eleven_chapters():
    assert len(CHAPTERS) == 11, CHAPTERS


@pytest.mark.parametrize("page", CHAPTERS)
def test_each_chapter_links_its_notebook_and_the_notebook_is_built(page):
    site = built_site()
    stem = Path(page).stem
    built = (site / stem / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a download="[^"]+" href="([^"]+)">Download this chapter as a notebook</a>', built)
    assert link, f"{page} has no download link for its notebook"
    assert link.group(1) == f"../notebooks/{stem}.ipynb"
    assert (site / "notebooks" / f"{stem}.ipynb").is_file()
    # mkdocs.yml has no repo_url (locally): no Colab link, rather than an invented address
    assert "colab.research.google.com" not in built
    nbformat.validate(notebook(site, page))


@pytest.mark.parametrize("page", CHAPTERS)
def test_each_code_cell_is_a_python_block_of_the_built_page_in_page_order(page):
    site = built_site()
    nb = notebook(site, page)
    cells = [c.source for c in nb.cells[1:] if c.cell_type == "code"]
    source = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert len(cells) == len(re.findall(r"^[ \t]*```+[ \t]*(?:python|py)\b", source, flags=re.M))
    shown = iter(code_blocks_of((site / Path(page).stem / "index.html").read_text(encoding="utf-8")))
    for n, cell in enumerate(cells):
        assert any(block == cell for block in shown), f"{page}: code cell {n + 1} is not a block of the built page, in order:\n{cell}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_no_page_machinery_is_left_in_a_notebook_and_links_point_at_the_site(page):
    site = built_site()
    nb = notebook(site, page)
    text = "\n".join(c.source for c in nb.cells)
    for leftover in ("--8<--", "<!--", "#only-dark", "#only-light", "!!!", "???", "#nnbook-included", "<div", "](figures/",
                     "figure-caption", "\n///"):
        assert leftover not in text, f"{page}: {leftover!r} left in the notebook"
    # The test build has no site_url (it is set where the site is published, from GITHUB_REPOSITORY), so
    # links are relative to the notebook's place in the site, notebooks/; published, they are absolute
    # (test_with_site_url_the_links_are_absolute_and_the_figures_still_inside).
    base = "../"
    for address in re.findall(r"\]\((\.\./[^)\s#]*)", text):
        target = site / address[len(base):]
        assert target.is_file() or (target / "index.html").is_file(), f"{page}: {address} is not in the built site"


@pytest.mark.parametrize("page", CHAPTERS)
def test_every_figure_of_the_page_travels_inside_its_notebook(page):
    """Offline, a downloaded notebook shows each figure the page shows (light palette), byte for byte, with its alt text."""
    site = built_site()
    nb = notebook(site, page)
    shown = [image for c in nb.cells if c.cell_type == "markdown" for image in images_of(c)]
    figures = [(a["alt"], a["src"]) for tag, a in tags_of(site / Path(page).stem / "index.html")
               if tag == "img" and (a.get("src") or "").endswith("#only-light")]
    assert figures, f"{page} has figures; its notebook shows none"
    assert len(shown) == len(figures), f"{page}: the page shows {len(figures)} figures, the notebook {len(shown)}"
    for (alt, mime, data), (page_alt, src) in zip(shown, figures):
        built = (site / Path(page).stem / src.partition("#")[0]).resolve()
        assert built.suffix == ".svg" and mime == SVG, (src, mime)
        assert data == built.read_bytes(), f"{page}: the notebook's copy of {built.name} is not the built file"
        assert alt == page_alt, f"{page}: the alt text of {built.name} differs from the page's"


def test_images_of_catches_an_image_outside_the_notebook_and_a_missing_attachment():
    """The check above can fail: an address, a relative path and a dangling attachment are all caught."""
    for source in ("![a](https://example.org/a.svg)", "![a](../figures/a.svg)", '<img src="figures/a.svg" alt="a">',
                   '<img alt="a" src="http://example.org/a.svg">', "![a](attachment:a.svg)"):
        with pytest.raises(AssertionError):
            images_of(nbformat.v4.new_markdown_cell(source))
    cell = nbformat.v4.new_markdown_cell("![a](attachment:a.svg)")
    cell.attachments = {"a.svg": {SVG: base64.b64encode(b"<svg/>").decode()}}
    assert images_of(cell) == [("a", SVG, b"<svg/>")]


def test_a_figure_becomes_an_img_with_its_bytes_and_alt_text_and_its_caption_a_paragraph():
    text = ('Before.\n\n![A "quoted" <b> & curve](figures/ch03_sigmoid.svg#only-light)\n'
            "![dark](figures/ch03_sigmoid-dark.svg#only-dark)\n/// figure-caption\nThe sigmoid.\n///\n\nAfter.\n")
    nb = hook.build_notebook(text, "03-page.md", options=SNIPPETS, root=ROOT, site_url=None, repo_url=None, ref=None,
                             read=read_docs)
    cell = nb.cells[1]
    svg = (ROOT / "docs" / "figures" / "ch03_sigmoid.svg").read_bytes()
    assert images_of(cell) == [('A "quoted" <b> & curve', SVG, svg)]
    lines = cell.source.split("\n")
    assert lines[0] == "Before." and lines[2].startswith('<img src="data:image/svg+xml;base64,')
    assert lines[3:] == ["", "The sigmoid.", "", "After."]
    assert "dark" not in cell.source


def test_a_figure_that_is_not_a_file_of_the_site_fails_the_build():
    for text, message in (("![a](https://example.org/a.svg)", "must be a file of the site"),
                          ("![a](figures/a.tiff)", "no MIME type known"),
                          ("![a](figures/no-such-figure.svg#only-light)", "no-such-figure")):
        with pytest.raises((ValueError, FileNotFoundError), match=message):
            hook.build_notebook(text, "01-x.md", options=SNIPPETS, root=ROOT, site_url=None, repo_url=None, ref=None,
                                read=read_docs)


def test_admonitions_become_quotes_with_their_title_and_includes_are_expanded_and_marked():
    page = (
        "# 9. A page\n\nText with [a link](05-cost.md#the-cost) and [here](#below).\n\n"
        "```python title=\"nnbook/network.py\"\n--8<-- \"nnbook/network.py:forward\"\n```\n\n"
        "![light](figures/a.svg#only-light)\n![dark](figures/a-dark.svg#only-dark)\n\n"
        "!!! question \"Exercise 9.1: a question\"\n    Why?\n\n"
        "??? success \"Solution\"\n    Because:\n\n    ```python\n    print(1)\n    ```\n\n"
        "    <!--pytest-codeblocks:expected-output-->\n    ```text\n    1\n    ```\n\n## Next\n"
    )
    nb = hook.build_notebook(page, "09-page.md", options=SNIPPETS, root=ROOT, site_url=None, repo_url=None, ref=None,
                             read={"figures/a.svg": b"<svg/>"}.__getitem__)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds == ["code", "markdown", "code", "markdown", "code", "markdown", "markdown"], kinds
    assert nb.cells[2].source.startswith("def forward(knobs")
    assert nb.cells[2].metadata["nnbook"] == {"included": ["nnbook/network.py:forward"]}
    assert "nnbook" not in nb.cells[4].metadata
    assert nb.cells[1].source.endswith("**`nnbook/network.py`**")
    # without site_url, links are relative to the notebook's place in the site
    assert "[a link](../05-cost/#the-cost)" in nb.cells[1].source
    assert "[here](../09-page/#below)" in nb.cells[1].source
    assert nb.cells[3].source.startswith('<img src="data:image/svg+xml;base64,PHN2Zy8+" alt="light" />\n\n'
                                         "> **Exercise 9.1: a question**\n>\n> Why?\n\n")
    assert "dark" not in nb.cells[3].source
    assert nb.cells[3].source.endswith("> **Solution**\n>\n> Because:")
    assert nb.cells[4].source == "print(1)"
    assert nb.cells[5].source == "> ```text\n> 1\n> ```"
    assert nb.cells[6].source == "## Next"


def test_with_site_url_the_links_are_absolute_and_the_figures_still_inside():
    nb = hook.build_notebook("# T\n\nSee [api](api.md#x) and ![f](figures/f.svg#only-light).\n", "03-t.md",
                             options=SNIPPETS, root=ROOT, site_url="https://example.org/book", repo_url=None, ref=None,
                             read={"figures/f.svg": b"<svg/>"}.__getitem__)
    assert nb.cells[1].source == (
        '# T\n\nSee [api](https://example.org/book/api/#x) and <img src="data:image/svg+xml;base64,PHN2Zy8+" alt="f" />.'
    )


def test_a_broken_include_fails_the_build_of_the_notebook():
    with pytest.raises(Exception, match="no-such-file"):
        hook.build_notebook('```python\n--8<-- "nnbook/no-such-file.py:x"\n```\n', "01-x.md",
                            options=SNIPPETS, root=ROOT, site_url=None, repo_url=None, ref=None, read=read_docs)


def test_the_colab_link_comes_from_a_github_repo_url_only():
    assert hook.colab_address(None, "01-function.ipynb") is None
    assert hook.colab_address("https://gitlab.com/a/b", "01-function.ipynb") is None
    assert hook.colab_address("https://github.com/someone/nnbook/", "05-cost.ipynb") == (
        f"https://colab.research.google.com/github/someone/nnbook/blob/{hook.NOTEBOOK_BRANCH}/05-cost.ipynb"
    )
    assert "Open in Colab" not in hook.links("01-function.md", None)
    assert "Download this chapter as a notebook](notebooks/01-function.ipynb)" in hook.links("01-function.md", None)
    assert "[Open in Colab](https://colab.research.google.com/github/someone/nnbook/blob/" in hook.links(
        "01-function.md", "https://github.com/someone/nnbook"
    )


def test_the_pages_workflow_publishes_the_notebooks_where_the_colab_link_looks():
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert f"HEAD:refs/heads/{hook.NOTEBOOK_BRANCH}" in workflow
    assert "site/notebooks" in workflow


def test_the_first_cell_installs_from_the_repository_at_this_commit():
    cell = hook.install_cell("1. T", "https://example.org/01-t/", "https://github.com/someone/nnbook", "0123abcd" * 5)
    assert '"pip", "install", "--quiet", "git+https://github.com/someone/nnbook.git@' + "0123abcd" * 5 + '"' in cell
    assert 'if importlib.util.find_spec("nnbook") is None:' in cell
    assert "$NNBOOK_DATA" in cell and "~/.cache/nnbook/mnist" in cell
    compile(cell, "first cell", "exec")


def test_without_repo_url_the_first_cell_says_how_to_install_when_nnbook_is_missing(tmp_path):
    cell = hook.install_cell("1. T", "../01-t/", None, None)
    # -S: no site-packages, so nnbook is not importable, as in a fresh Python without it
    result = subprocess.run([sys.executable, "-S", "-c", cell], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode != 0
    assert "ModuleNotFoundError: nnbook is not installed in this Python" in result.stderr
    assert "`pip install -e .`" in result.stderr


@pytest.mark.notebook
@pytest.mark.parametrize("page", CHAPTERS)
def test_the_notebook_runs_top_to_bottom_in_a_fresh_kernel(page, tmp_path, record_property):
    from nbclient import NotebookClient

    import os

    nb = notebook(built_site(), page)
    client = NotebookClient(
        nb, timeout=900, kernel_name="python3", allow_errors=True,  # run every cell: a later one may fail too
        resources={"metadata": {"path": str(tmp_path)}},  # an empty folder: nothing on disk to lean on
    )
    start = time.perf_counter()
    client.execute()  # the kernel inherits this environment: NNBOOK_DATA, OPENBLAS_NUM_THREADS, the test cache
    record_property("notebook_seconds", time.perf_counter() - start)
    errors = [
        (n, cell, out) for n, cell in enumerate(nb.cells) if cell.cell_type == "code"
        for out in cell.outputs if out.output_type == "error"
    ]
    first = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.output_type == "stream")
    assert f"MNIST will be read from $NNBOOK_DATA: {os.environ['NNBOOK_DATA']}" in first, first
    assert not errors, "\n\n".join(
        f"{page}, cell {n}:\n{cell.source}\n{out.ename}: {out.evalue}\n" + re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(out.traceback))
        for n, cell, out in errors
    )
