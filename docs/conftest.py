"""Make pytest-codeblocks test the pages the way mkdocs renders them.

pytest-codeblocks 0.18 (pinned in pyproject.toml, since this patches it)
collects only fences whose info string is exactly ``python`` and would run a
``--8<--`` include line as Python. Here every fence's info string is cut to
its language (``python title="x"`` -> ``python``, ``py`` -> ``python``), and
snippet includes are expanded with pymdownx's own preprocessor, configured
from mkdocs.yml, so the code a reader sees is the code that is tested.

A block that includes package code (``--8<-- "nnbook/network.py:forward"``)
runs in a copy of that module's namespace, as the code does in the package:
a renamed section or a broken definition fails the page's test, and a later
``<!--pytest-codeblocks:cont-->`` block can call what it defined.
Only Python blocks run; shell blocks shown to readers are tested elsewhere.

A block whose output comes out of a training walk prints other last digits on
another CPU (the seed fixes the start and the shuffle, not the rounding). Its
expected output is marked ``<!--nnbook:output-varies rel=R-->`` right before
the ``expected-output`` marker: the words must match exactly, and each number
within the relative tolerance R (measured across OpenBLAS kernels; the page's
test file says what was seen).
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import markdown
import matplotlib
import pytest_codeblocks.plugin
import yaml

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from mnist_data import pytest_report_header, pytest_runtest_makereport, pytest_sessionstart  # noqa: E402, F401
_LANGUAGE = {"py": "python", "python3": "python", "pycon": "pycon"}


def _snippet_options() -> dict:
    """The pymdownx.snippets options from mkdocs.yml (read with a loader that ignores its !tags)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            return dict(ext["pymdownx.snippets"])
    raise LookupError("mkdocs.yml has no pymdownx.snippets entry")


_INCLUDE = re.compile(r'^([ \t]*)(?:-|;){1,}8<-+[ \t]+"(nnbook/[\w/]+)\.py(?::[\w-]+)?"', re.M)
_MARK = "#nnbook-include-module "
_VARIES = re.compile(r"<!--\s*nnbook:output-varies\s+rel=([0-9.eE+-]+)\s*-->")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")


def within(expected: str, got: str, rel: float) -> None:
    """Raise unless `got` has `expected`'s words exactly and each of its numbers within `rel` of expected's."""
    words_expected, words_got = _NUMBER.split(expected), _NUMBER.split(got)
    numbers_expected = [float(n.replace(",", "")) for n in _NUMBER.findall(expected)]
    numbers_got = [float(n.replace(",", "")) for n in _NUMBER.findall(got)]
    far = [(e, g) for e, g in zip(numbers_expected, numbers_got) if abs(g - e) > rel * abs(e)]
    if words_expected != words_got or far:
        why = f"numbers further apart than {rel:.0%}: {far}" if far and words_expected == words_got else "other words"
        raise AssertionError(f"Expected output, numbers within {rel:.0%}:\n{expected}\nbut got ({why}):\n{got}")


pytest_codeblocks.plugin.nnbook_within = within  # reachable from the code a block runs


def mark_includes(text: str) -> str:
    """Put a comment naming the module before each package include line (it survives expansion)."""
    return _INCLUDE.sub(lambda m: f"{m.group(1)}{_MARK}{m.group(2).replace('/', '.')}\n{m.group(0)}", text)


def expand_snippets(text: str) -> str:
    """The page with every ``--8<--`` include replaced by the lines it includes."""
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": _snippet_options()})
    cwd = os.getcwd()
    os.chdir(ROOT)  # base_path in mkdocs.yml is relative to the repository
    try:
        return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))
    finally:
        os.chdir(cwd)


def normalise_fences(text: str) -> str:
    """Cut each opening fence's info string to its language, so ```python title="x" collects."""

    def fix(match: re.Match) -> str:
        lang = match.group(2)
        return f"{match.group(1)}{_LANGUAGE.get(lang, lang)}\n"

    return re.sub(r"^([ \t]*```+)[ \t]*([A-Za-z0-9_+-]+)[^\n]*\n", fix, text, flags=re.M)


def prepared_blocks(path):
    """The code blocks of a page as pytest-codeblocks sees them after our fixes."""
    text = normalise_fences(expand_snippets(mark_includes(Path(path).read_text(encoding="utf-8"))))
    blocks = [b for b in pytest_codeblocks.main.extract_from_buffer(io.StringIO(text)) if b.syntax == "python"]
    varies = {text[: m.start()].count("\n") + 1: float(m.group(1)) for m in _VARIES.finditer(text)}
    for line, rel in varies.items():
        block = max((b for b in blocks if b.lineno < line), key=lambda b: b.lineno)
        if block.expected_output is None:
            raise ValueError(f"{path}:{line}: nnbook:output-varies must come before an expected-output marker")
        expected, block.expected_output = block.expected_output, None
        block.nnbook_varies = (block.code, expected, rel)  # .ci/kernel_spread.py reruns the plain code
        block.code = (
            "import contextlib as _c, io as _io, pytest_codeblocks.plugin as _p\n"
            "_out = _io.StringIO()\n"
            f"with _c.redirect_stdout(_out):\n    exec({block.code!r})\n"
            f"print(_out.getvalue(), end='')\n_p.nnbook_within({expected!r}, _out.getvalue(), {rel!r})\n"
        )
    for block in blocks:
        modules = re.findall("^" + _MARK + r"([\w.]+)$", block.code, flags=re.M)
        if modules:
            prelude = "".join(f"globals().update(vars(__import__('importlib').import_module('{m}')))\n" for m in modules)
            block.code = "from __future__ import annotations\n" + prelude + block.code
    return blocks


pytest_codeblocks.plugin.extract_from_file = lambda path, *args, **kwargs: prepared_blocks(path)
