"""The API reference documents every public name of nnbook, with its equations rendered.

The check is on the built page (site/api/index.html): mkdocstrings gives each
documented object an anchor whose id is its full path, such as
`nnbook.network.forward`, which is also what chapters link to.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import nnbook

from test_site import built_site, tags_of
import book

ROOT = Path(__file__).resolve().parent.parent


def public_modules() -> list[str]:
    return sorted(f"nnbook.{m.name}" for m in pkgutil.iter_modules(nnbook.__path__) if not m.name.startswith("_"))


def public_names() -> dict[str, str]:
    """Each public name -> the anchor id the reference must have for it."""
    names = {}
    for name in nnbook.__all__:
        obj = getattr(nnbook, name)
        names[f"nnbook.{name}"] = f"{obj.__module__}.{name}"
    # Public functions of every module too, re-exported or not (nnbook.mnist.load, nnbook.train.train, ...).
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module_name:
                names[f"{module_name}.{name}"] = f"{module_name}.{name}"
    return names


def api_ids() -> set[str]:
    return {a["id"] for _, a in tags_of(built_site() / "api" / "index.html") if a.get("id")}


def test_every_public_name_has_an_entry_in_the_built_reference():
    ids = api_ids()
    missing = sorted(name for name, anchor in public_names().items() if anchor not in ids)
    assert not missing, f"public names missing from the API reference (add them to docs/api.md): {missing}"


def test_every_public_module_is_in_the_reference():
    api = book.source("api.md")
    documented = set(re.findall(r"^::: ([\w.]+)\s*$", api, re.M))
    missing = [m for m in public_modules() if m not in documented]
    assert not missing, f"modules with no `::: module` section in docs/api.md: {missing}"
    ids = api_ids()
    empty = [m for m in documented if not any(i.startswith(m + ".") for i in ids)]
    assert not empty, f"sections of docs/api.md that render no documented name: {empty}"


# Written out by hand, not read from nnbook: the names the chapters use and link to, with their anchors.
CORE = {
    "nnbook.sigmoid": "nnbook.activations.sigmoid",
    "nnbook.forward": "nnbook.network.forward",
    "nnbook.cost": "nnbook.cost.cost",
    "nnbook.backprop_example": "nnbook.backprop.backprop_example",
    "nnbook.backprop": "nnbook.backprop.backprop",
    "nnbook.step": "nnbook.descent.step",
    "nnbook.sgd": "nnbook.descent.sgd",
    "nnbook.numerical_gradient": "nnbook.gradcheck.numerical_gradient",
    "nnbook.mnist.load": "nnbook.mnist.load",
    "nnbook.train.train": "nnbook.train.train",
    "nnbook.further.momentum_step": "nnbook.further.momentum_step",
}


def test_the_names_checked_include_the_whole_core():
    names = public_names()
    assert {name: names.get(name) for name in CORE} == CORE


def test_docstring_equations_are_rendered_as_math():
    html = (built_site() / "api" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="arithmatex"') >= 10, "docstring equations should be wrapped as math"
    # The sigmoid's slope, from sigmoid_prime's docstring, typeset at build time: its MathML is on the page.
    mathml = [m for m in re.findall(r'<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">.*?</math>',
                                   html, flags=re.S)]
    assert any(re.sub(r"<[^>]+>", "", m).startswith("σ′(z)=σ(z)") for m in mathml), "sigma_prime's equation"
    # Outside math and code, no dollar sign should be left: one there is an equation arithmatex did not
    # recognise (a $$ block needs lines of its own, with a blank line before and after).
    prose = re.sub(r'<(span|div) class="arithmatex">.*?</\1>', " ", html, flags=re.S)
    prose = re.sub(r"<(code|pre|script)\b.*?</\1>", " ", prose, flags=re.S)
    prose = " ".join(re.sub(r"<[^>]+>", " ", prose).split())
    stray = [prose[max(0, m.start() - 60) : m.end() + 40] for m in re.finditer(r"\$", prose)]
    assert not stray, "raw TeX left in the API reference (fix the docstring):\n" + "\n".join(stray)


def test_unlinked_type_names_carry_no_title_for_the_theme_to_set_a_tooltip_up_for():
    # docs/_hooks/loading.py: the theme set up a tooltip for each of 263 such titles at start-up (Lighthouse)
    html = (built_site() / "api" / "index.html").read_text(encoding="utf-8")
    assert 'class="doc doc-' in html and ">ndarray</span>" in html
    assert not re.findall(r'<span title="[^"]*">', html)
