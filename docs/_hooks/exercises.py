"""Each exercise its own anchor: `05-cost.md#exercise-5-4` lands on exercise 5.4, not on the Exercises heading.

An exercise is an admonition titled "Exercise N.M: ..." (`!!! question "Exercise 5.4: ..."`). Admonitions
take no attributes in Markdown, so this hook adds a step to the Markdown conversion that gives each such box
the id `exercise-N-M`. It runs before MkDocs collects a page's anchors, so `mkdocs build --strict` fails a
link to an exercise that does not exist, as it does a link to a missing heading.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

TITLE = re.compile(r"Exercise (\d+)\.(\d+)\b")


def anchor(number: str) -> str:
    """The id of exercise `number` ("5.4" -> "exercise-5-4")."""
    return "exercise-" + number.replace(".", "-")


class _ExerciseIds(Treeprocessor):
    def run(self, root):
        for box in root.iter("div"):
            if "admonition" not in (box.get("class") or "").split() or box.get("id"):
                continue
            title = box.find("p")
            if title is None or "admonition-title" not in (title.get("class") or "").split():
                continue
            found = TITLE.match("".join(title.itertext()))
            if found:
                box.set("id", anchor(f"{found[1]}.{found[2]}"))


class _Extension(Extension):
    def extendMarkdown(self, md):
        # MkDocs collects the ids a page has at priority 5 (mkdocs/structure/pages.py): run before it.
        md.treeprocessors.register(_ExerciseIds(md), "nnbook_exercise_ids", 6)


def on_config(config):
    config.markdown_extensions.append(_Extension())
    return config
