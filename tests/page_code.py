"""The code on a built page, taken the way a reader takes it, and run the way a reader runs it.

A reader copies the Python blocks of a page as the site shows them (package
code included from nnbook/ already expanded, no test markers, no hidden
setup) and pastes them in order into a fresh `python` that has nnbook
installed. `blocks(html)` finds those blocks in a built page, in page order,
with what the page says each prints: the ```text block after an
`<!--pytest-codeblocks:expected-output-->` marker (an HTML comment, so it is
in the built page but invisible). `run(blocks)` pastes them into one fresh
interpreter subprocess, in order, and returns what each printed, or the
traceback that stopped it.

Pasted means line by line, as the interactive prompt of `python` reads them
(Python 3.11's, which the home page asks for): each line goes to the prompt's
own compiler (`codeop.compile_command`, what `code.InteractiveConsole` uses),
a statement runs as soon as it is complete, a blank line ends an indented
block, and a bare expression shows its value. So a loop followed at once by
an unindented line, or a class with blank lines between its methods, fails
here as it fails for a reader, though either runs from a file or a notebook.

Output that comes out of a training walk is marked
`<!--nnbook:output-varies rel=R-->` before its expected-output marker: its
words must match exactly and each number lie within R of the recorded output
(`within`), because another CPU rounds differently and the walk grows it.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Runs in the fresh interpreter: every block in one namespace, as pasted at one prompt, stdout caught per block.
_PASTE = r"""
import codeop, contextlib, io, json, sys, traceback
blocks, results, namespace = json.loads(sys.stdin.read()), [], {"__name__": "__main__"}


def paste(code):
    lines = []
    for line in code.splitlines() + [""]:  # Enter once more after the last line, as the home page tells the reader to
        lines.append(line)
        statement = codeop.compile_command("\n".join(lines), "<stdin>", "single")  # a SyntaxError as the prompt's
        if statement is not None:  # complete: the prompt runs it now
            lines = []
            exec(statement, namespace)


for code in blocks:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            paste(code)
    except BaseException:
        results.append({"printed": out.getvalue(), "error": traceback.format_exc(limit=-3)})
        break
    results.append({"printed": out.getvalue(), "error": None})
with open(sys.argv[1], "w") as f:
    json.dump(results, f)
"""

_BLOCK = re.compile(
    r'<!--(?P<marker>[^>]*?)-->|<div class="(?P<lang>language-\w+) highlight">'
    r'(?:<span class="filename">[^<]*</span>)?<pre>(?:<span></span>)?<code>(?P<code>.*?)</code>',
    re.S,
)
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")


@dataclass
class Block:
    code: str
    expected: str | None = None  # what the page says it prints
    rel: float | None = None  # set: numbers in the output may differ by this much (a training walk's output)

    def first_line(self) -> str:
        return next((line for line in self.code.splitlines() if line.strip()), "")


def text_of(code_html: str) -> str:
    """The text a reader copies from a highlighted block: no line anchors, no markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", code_html))


def blocks(page_html: str) -> list[Block]:
    """The Python blocks of a built page in order, each with the output the page says it prints."""
    found: list[Block] = []
    expect_output, rel = False, None
    for m in _BLOCK.finditer(page_html):
        if m["marker"] is not None:
            marker = m["marker"].strip()
            if marker == "pytest-codeblocks:expected-output":
                expect_output = True
            elif marker.startswith("nnbook:output-varies"):
                rel = float(re.fullmatch(r"nnbook:output-varies rel=([0-9.eE+-]+)", marker)[1])
            continue
        code = text_of(m["code"])
        if expect_output:
            if not found or m["lang"] != "language-text":
                raise ValueError(f"an expected-output marker must follow a Python block and precede a text block: {code!r}")
            found[-1].expected, found[-1].rel = code, rel
            expect_output, rel = False, None
        elif m["lang"] == "language-python":
            found.append(Block(code))
    return found


def run(page_blocks: list[Block], env: dict | None = None, timeout: float = 900) -> list[dict]:
    """Paste the blocks in order into one fresh Python; per block, what it printed and the error if it failed."""
    with tempfile.TemporaryDirectory(prefix="nnbook-paste-") as folder:
        result = Path(folder) / "results.json"
        env = dict(os.environ if env is None else env, MPLBACKEND="Agg")
        done = subprocess.run(
            [sys.executable, "-c", _PASTE, str(result)], input=json.dumps([b.code for b in page_blocks]),
            cwd=folder, env=env, capture_output=True, text=True, timeout=timeout,
        )
        if not result.exists():
            raise RuntimeError(f"the fresh interpreter died before reporting:\n{done.stderr[-3000:]}")
        return json.loads(result.read_text())


def within(expected: str, got: str, rel: float) -> str | None:
    """Why `got` differs from `expected` beyond the band: other words, or a number further than `rel` away."""
    if _NUMBER.split(expected) != _NUMBER.split(got):
        return "the words differ"
    for e, g in zip(_NUMBER.findall(expected), _NUMBER.findall(got)):
        e, g = float(e.replace(",", "")), float(g.replace(",", ""))
        if abs(g - e) > rel * abs(e):
            return f"{g:g} is more than {rel:.1%} away from {e:g}"
    return None


def mismatch(block: Block, printed: str) -> str | None:
    """Why the printed output is not what the page shows (None if it is)."""
    if block.expected is None:
        return None
    expected, got = block.expected.rstrip("\n"), printed.rstrip("\n")
    if block.rel is None:
        return None if expected == got else "it printed something else"
    return within(expected, got, block.rel)
