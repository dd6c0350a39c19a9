"""Every page's code runs the reader's way: copied from the built page, pasted in order into a fresh Python.

One test per page. The blocks are taken from the strictly built site (so
package code appears exactly as included there), run in one new interpreter
per page with nnbook installed and nothing else set up, in page order, and
each block's printed output is compared with the text block the page shows
under it (exactly, or within the measured band of a training walk's output).
See page_code.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import page_code
from test_site import built_site

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md"))


def built(page: Path) -> Path:
    """Where mkdocs writes a page: docs/10-whole.md -> site/10-whole/index.html."""
    site = built_site()
    return site / "index.html" if page.stem == "index" else site / page.stem / "index.html"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_the_pages_code_runs_as_pasted_and_prints_what_the_page_shows(page):
    blocks = page_code.blocks(built(page).read_text(encoding="utf-8"))
    if not blocks:
        assert "```python" not in page.read_text(encoding="utf-8"), f"{page.name}: Python fences, none on the built page"
        return
    results = page_code.run(blocks)
    for n, (block, result) in enumerate(zip(blocks, results), 1):
        where = f"{page.name}, block {n} of {len(blocks)} (starting {block.first_line()!r})"
        assert result["error"] is None, f"{where} failed when pasted after the blocks before it:\n{result['error']}"
        why = page_code.mismatch(block, result["printed"])
        assert why is None, (
            f"{where}: {why}.\nThe page shows:\n{block.expected}\nPasted, it printed:\n{result['printed']}"
        )
    assert len(results) == len(blocks)


def test_blocks_are_found_in_order_with_their_outputs_and_bands():
    html = (
        '<p>x</p><div class="language-python highlight"><pre><span></span><code>'
        '<a id="l1"></a><span class="n">print</span>(<span class="s2">&quot;a &lt; b&quot;</span>)\n</code></pre></div>'
        "<!--pytest-codeblocks:expected-output-->"
        '<div class="language-text highlight"><pre><span></span><code>a &lt; b\n</code></pre></div>'
        '<div class="language-python highlight"><pre><span></span><code>x = 91.15\nprint(f"{x}%")\n</code></pre></div>'
        "<!--nnbook:output-varies rel=0.03--><!--pytest-codeblocks:expected-output-->"
        '<div class="language-text highlight"><pre><span></span><code>89.08%\n</code></pre></div>'
        '<div class="language-bash highlight"><pre><span></span><code>ls\n</code></pre></div>'
    )
    found = page_code.blocks(html)
    assert [(b.code, b.expected, b.rel) for b in found] == [
        ('print("a < b")\n', "a < b\n", None),
        ('x = 91.15\nprint(f"{x}%")\n', "89.08%\n", 0.03),
    ]
    results = page_code.run(found)
    assert [r["printed"] for r in results] == ["a < b\n", "91.15%\n"]
    assert page_code.mismatch(found[0], results[0]["printed"]) is None
    assert page_code.mismatch(found[1], results[1]["printed"]) is None  # 91.15 is within 3% of 89.08
    assert page_code.mismatch(page_code.Block("", "89.08%\n", 0.02), "91.15%\n") == "91.15 is more than 2.0% away from 89.08"
    assert page_code.mismatch(page_code.Block("", "89.08% right\n", 0.03), "89.08% wrong\n") == "the words differ"


def test_a_block_that_needs_a_name_the_page_never_showed_fails_as_it_would_for_the_reader():
    results = page_code.run([page_code.Block("import numpy as np\n"), page_code.Block("def f(k: Knobs): pass\n"),
                             page_code.Block("print('never reached')\n")])
    assert results[0]["error"] is None and "NameError: name 'Knobs' is not defined" in results[1]["error"]
    assert len(results) == 2  # a reader stops at the first error; so does the paste


def test_blocks_are_pasted_line_by_line_as_the_python_prompt_reads_them():
    # A loop followed at once by an unindented line runs from a file, but the prompt wants a blank line first.
    loop = "for i in range(2):\n    pass\nprint(i)\n"
    exec(compile(loop, "<file>", "exec"), {})
    assert "SyntaxError" in page_code.run([page_code.Block(loop)])[0]["error"]
    assert page_code.run([page_code.Block(loop.replace("\nprint", "\n\nprint"))])[0]["printed"] == "1\n"
    # A blank line inside a class ends it at the prompt: the next method is an unexpected indent.
    spaced = "class A:\n    x = 1\n\n    def f(self):\n        return 2\n"
    assert "IndentationError" in page_code.run([page_code.Block(spaced)])[0]["error"]
    # A bare expression shows its value, as at the prompt; None shows nothing.
    assert [r["printed"] for r in page_code.run([page_code.Block("1 + 1\nprint('x')\nNone\n")])] == ["2\nx\n"]
