"""Every code name the prose puts in backticks next to a block of package code exists in that block or the package.

A page shows package code by including a named section of nnbook/ (`--8<--
"nnbook/cost.py:cost"`), so the code on the page follows the package. The
sentences around it do not: when a helper is renamed, "`_pair` only checks the
shapes" goes on naming a function the reader cannot find (issue 23). Here, for
each included block of every page, the prose between it and the code blocks on
either side is read; every name in backticks there must appear in the block
itself, or be public in the package (exported by `nnbook` or defined in one of
its public modules), numpy (`np.`) or Python, or be defined by a reader-facing
block of the same page (`def backprop_batch(...)`).
"""

from __future__ import annotations

import builtins
import importlib
import inspect
import keyword
import pkgutil
import re

import numpy as np
import pytest

import book
import nnbook

INCLUDE = re.compile(r'^\s*--8<--\s+"(nnbook/[^":]+)(?::([\w-]+))?"\s*$')
FENCE = re.compile(r"^\s*(```|~~~)")
IDENT = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
PAGES = sorted(p.name for p in book.DOCS.glob("*.md"))


def section(path: str, name: str | None) -> str:
    """The text a snippet include brings in: a named section of a package file, or the whole file."""
    text = (book.ROOT / path).read_text(encoding="utf-8")
    if name is None:
        return text
    m = re.search(rf"\[start:{re.escape(name)}\]\n(.*?)\n[^\n]*\[end:{re.escape(name)}\]", text, re.S)
    assert m, f"{path} has no section {name!r}"
    return m[1]


def blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line numbers of every fenced block."""
    out, start = [], None
    for i, line in enumerate(lines):
        if FENCE.match(line):
            if start is None:
                start = i
            else:
                out.append((start, i))
                start = None
    return out


def included(page: str) -> list[tuple[str, str, str]]:
    """For each block of package code on `page`: where it comes from, its code, and the prose on either side."""
    lines = book.source(page).splitlines()
    fenced = blocks(lines)
    page_code = "\n".join("\n".join(lines[a + 1:b]) for a, b in fenced)
    out = []
    for n, (first, last) in enumerate(fenced):
        sources = [INCLUDE.match(line) for line in lines[first + 1:last]]
        sources = [m for m in sources if m]
        if not sources:
            continue
        code = "\n".join(section(m[1], m[2]) for m in sources)
        before = fenced[n - 1][1] + 1 if n else 0
        after = fenced[n + 1][0] if n + 1 < len(fenced) else len(lines)
        prose = "\n".join(lines[before:first] + lines[last + 1:after])
        prose = re.sub(r"<!--.*?-->", "", prose, flags=re.S)
        defined = " ".join(a or b for a, b in re.findall(r"^\s*(?:def|class)\s+(\w+)|^\s*(\w+)\s*=[^=]", page_code, re.M))
        out.append((f"{page}:{first + 1} ({', '.join(m[1] + ':' + (m[2] or '') for m in sources)})",
                    code + "\n" + defined, prose))
    return out


def public_names() -> set[str]:
    """Names a reader can find in the package: its exports and what its public modules define."""
    names = set(nnbook.__all__)
    for info in pkgutil.iter_modules(nnbook.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"nnbook.{info.name}")
        names.add(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_"):
                continue
            if getattr(obj, "__module__", module.__name__) == module.__name__ or not callable(obj):
                names.add(name)
            if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                names.update(inspect.signature(obj).parameters)
    return names


def resolves(dotted: str, code: str, public: set[str]) -> bool:
    head, *rest = dotted.split(".")
    if head in ("np", "numpy"):
        obj = np
        for part in rest:
            if not hasattr(obj, part):
                return False
            obj = getattr(obj, part)
        return True
    if head == "nnbook":
        return not rest or rest[-1] in public
    if re.search(rf"(?<![\w.]){re.escape(head)}\b", code):
        return True  # the block itself uses the name (its attributes are the block's business)
    return head in public or hasattr(builtins, head) or keyword.iskeyword(head)


def names_in(prose: str) -> list[str]:
    out = []
    for snippet in re.findall(r"`([^`\n]+)`", prose):
        if "/" in snippet and " " not in snippet:
            continue  # a path, such as nnbook/cost.py
        text = re.sub(r"(['\"]).*?\1", "", snippet)  # strings are not names
        out += [n for n in IDENT.findall(text) if not re.fullmatch(r"e\d*", n)]
    return out


CASES = [case for page in PAGES for case in included(page)]


def test_pages_include_package_code():
    # the test below must have something to check: the chapters show the package's own code
    assert len(CASES) >= 10


@pytest.mark.parametrize("where, code, prose", CASES, ids=[c[0] for c in CASES])
def test_backticked_names_next_to_included_code_exist(where, code, prose):
    public = public_names()
    missing = sorted({n for n in names_in(prose) if not resolves(n, code, public)})
    assert not missing, (f"{where}: the prose around this block names {missing} in backticks, but neither the block "
                         f"nor the package's public names have them; rename them as the code now does")


def test_a_stale_name_is_caught():
    # The check itself: a helper the code no longer calls is found, one it calls is not.
    public = public_names()
    code = section("nnbook/cost.py", "cost")
    assert not resolves("_pair", code, public) and not resolves("as_columns", code, public)
    assert resolves("np.sum", code, public) and resolves("example_costs", code, public)
    assert not resolves("np.no_such_function", code, public)
