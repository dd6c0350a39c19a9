"""Every chapter is published as a notebook that runs: docs/_hooks/notebooks.py, and the notebooks it builds.

The fast tests check the conversion on the built site and on small pages. The
tests marked `notebook` run each chapter's notebook top to bottom in a fresh
Jupyter kernel (nbclient, ipykernel) on the real MNIST files, as a reader
would after "Download this chapter as a notebook"; the check command runs
them once, not under every BLAS kernel. Time per notebook is reported at the
end of the session.
"""

from __future__ import annotations

import html
import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from test_site import ROOT, built_site

CHAPTERS = sorted(p.name for p in (ROOT / "docs").glob("*.md") if re.match(r"^(0[1-9]|1[01])-", p.name))
SNIPPETS = {"base_path": ["."], "check_paths": True, "dedent_subsections": True}


def _hook():
    spec = importlib.util.spec_from_file_location("nnbook_notebooks_hook", ROOT / "docs" / "_hooks" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _hook()


def notebook(site: Path, page: str) -> nbformat.NotebookNode:
    return nbformat.read(site / "notebooks" / Path(page).with_suffix(".ipynb").name, as_version=4)


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
def test_no_page_machinery_is_left_in_a_notebook_and_figures_point_at_the_site(page):
    site = built_site()
    nb = notebook(site, page)
    text = "\n".join(c.source for c in nb.cells)
    for leftover in ("--8<--", "<!--", "#only-dark", "#only-light", "!!!", "???", "#nnbook-included", "<div", "](figures/"):
        assert leftover not in text, f"{page}: {leftover!r} left in the notebook"
    # The test build has no site_url (it is set where the site is published, from GITHUB_REPOSITORY), so
    # figures and links are relative to the notebook's place in the site, notebooks/; published, they are
    # absolute (test_published_notebooks_point_at_the_published_site).
    base = "../"
    figures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
    assert figures, f"{page} has figures; its notebook shows none"
    for address in figures:
        assert address.startswith(base + "figures/"), address
        assert (site / address[len(base):]).is_file(), f"{address} is not in the built site"
    for address in re.findall(r"\]\((\.\./[^)\s#]*)", text):
        target = site / address[len(base):]
        assert target.is_file() or (target / "index.html").is_file(), f"{page}: {address} is not in the built site"


def test_published_notebooks_point_at_the_published_site():
    """Where the site is published, figures come from it by absolute address: a downloaded notebook shows them."""
    text = "![a figure](figures/a.svg#only-light)\n![a figure](figures/a-dark.svg#only-dark)\n\nSee [chapter 5](05-cost.md).\n"
    nb = hook.build_notebook(text, "09-page.md", options=SNIPPETS, root=ROOT, site_url="https://alice.github.io/book/",
                             repo_url=None, ref=None)
    source = "\n".join(c.source for c in nb.cells)
    assert "](https://alice.github.io/book/figures/a.svg)" in source and "a-dark.svg" not in source
    assert "](https://alice.github.io/book/05-cost/)" in source


def test_admonitions_become_quotes_with_their_title_and_includes_are_expanded_and_marked():
    page = (
        "# 9. A page\n\nText with [a link](05-cost.md#the-cost) and [here](#below).\n\n"
        "```python title=\"nnbook/network.py\"\n--8<-- \"nnbook/network.py:forward\"\n```\n\n"
        "![light](figures/a.svg#only-light)\n![dark](figures/a-dark.svg#only-dark)\n\n"
        "!!! question \"Exercise 9.1: a question\"\n    Why?\n\n"
        "??? success \"Solution\"\n    Because:\n\n    ```python\n    print(1)\n    ```\n\n"
        "    <!--pytest-codeblocks:expected-output-->\n    ```text\n    1\n    ```\n\n## Next\n"
    )
    nb = hook.build_notebook(page, "09-page.md", options=SNIPPETS, root=ROOT, site_url=None, repo_url=None, ref=None)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds == ["code", "markdown", "code", "markdown", "code", "markdown", "markdown"], kinds
    assert nb.cells[2].source.startswith("def forward(knobs")
    assert nb.cells[2].metadata["nnbook"] == {"included": ["nnbook/network.py:forward"]}
    assert "nnbook" not in nb.cells[4].metadata
    assert nb.cells[1].source.endswith("**`nnbook/network.py`**")
    # without site_url, links and figures are relative to the notebook's place in the site
    assert "[a link](../05-cost/#the-cost)" in nb.cells[1].source
    assert "[here](../09-page/#below)" in nb.cells[1].source
    assert nb.cells[3].source.startswith("![light](../figures/a.svg)\n\n> **Exercise 9.1: a question**\n>\n> Why?\n\n")
    assert "dark" not in nb.cells[3].source
    assert nb.cells[3].source.endswith("> **Solution**\n>\n> Because:")
    assert nb.cells[4].source == "print(1)"
    assert nb.cells[5].source == "> ```text\n> 1\n> ```"
    assert nb.cells[6].source == "## Next"


def test_with_site_url_the_links_are_absolute():
    nb = hook.build_notebook("# T\n\nSee [api](api.md#x) and ![f](figures/f.svg#only-light).\n", "03-t.md",
                             options=SNIPPETS, root=ROOT, site_url="https://example.org/book", repo_url=None, ref=None)
    assert nb.cells[1].source == "# T\n\nSee [api](https://example.org/book/api/#x) and ![f](https://example.org/book/figures/f.svg)."


def test_a_broken_include_fails_the_build_of_the_notebook():
    with pytest.raises(Exception, match="no-such-file"):
        hook.build_notebook('```python\n--8<-- "nnbook/no-such-file.py:x"\n```\n', "01-x.md",
                            options=SNIPPETS, root=ROOT, site_url=None, repo_url=None, ref=None)


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
