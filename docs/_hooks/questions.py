"""Questions in the chapters that answer back: docs/_questions/NN.md, placed, computed and drawn at build time.

Each chapter NN has its questions in `docs/_questions/NN.md` (so a chapter's prose and
its questions are edited apart). A question is a block:

    === 04-count after="Counting the knobs" kind=number tolerance=0
    How many knobs does a 784-30-10 network have?

    --- right {{ nnbook.count_knobs([784, 30, 10]) }}
    Why it is right, with a link to what settles it: [Counting the knobs](#counting-the-knobs).

    --- wrong {{ 784 * 30 + 30 * 10 }}
    The misconception behind this answer, and what is true instead ([...](#...)).

    --- otherwise
    (number questions only) what to say to any other wrong number.

- `kind=choice` (the default): every `--- right` / `--- wrong` line is a choice, in order, and its text
  (after the word) is what the reader picks; exactly one is right.
- `kind=number`: the reader types a number; it is right within `tolerance` (absolute) of the
  `--- right` value; a `--- wrong` value names a known mistake and gets its own explanation.
- `after="Heading"`: the question goes at the end of that heading's text, before the next heading
  (several after one heading keep their order). Chapters are not edited: a renamed heading fails the build.
- `{{ expression }}` or `{{ expression :format }}` is computed when the site is built, with `nnbook`,
  `np` (numpy), `record(name)` (a JSON record in figures/data) and, when the question shows a
  python block, `printed` (what that block prints, run in a fresh namespace). Numbers are never typed.
- Every explanation links back (`](#anchor)`) to the section that settles it; the strict build
  checks the anchor.

On the page each question is one element with `data-question="<id>"` holding the question, its
choices and, folded in `<details>`, every answer with its explanation: that is all a reader without
JavaScript sees. docs/javascripts/quiz.js turns the choices into a radio group (or adds a number
field), checks the answer in the browser, sets `data-state="right"` or `"wrong"` on the element,
announces the verdict politely and keeps progress in the browser's local storage. The summary page
gets a table of each chapter's right answers where it has the line `<!-- questions: progress -->`.
The notebooks carry the same questions as Markdown, answers folded (`questions_markdown`).
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import get_relative_url

FOLDER = "_questions"
CHAPTER = re.compile(r"^((?:0[1-9]|1[01]))-[\w-]+\.md$")
PROGRESS_MARK = "<!-- questions: progress -->"
_HEAD = re.compile(r"^===[ \t]+(.*)$")
_OPTION = re.compile(r"^---[ \t]+(right|wrong|otherwise)\b[ \t]*(.*)$")
_EXPR = re.compile(r"\{\{(.*?)\}\}", re.S)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$")
_ID = re.compile(r"^(0[1-9]|1[01])-[a-z0-9-]+$")
_LINK_BACK = re.compile(r"\]\(#[\w-]+\)")
_PYTHON = re.compile(r"^```python[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)


class QuestionError(ValueError):
    """A question file that cannot be read: the message names the file, the question and the fix."""


@dataclass
class Option:
    verdict: str  # "right", "wrong" or "otherwise"
    label: str  # the choice as the reader sees it (Markdown), or the number as shown
    why: str  # the explanation (Markdown)
    value: float | None = None  # number questions: the number this option stands for


@dataclass
class Question:
    id: str
    kind: str
    after: str
    prompt: str
    options: list[Option] = field(default_factory=list)
    tolerance: float = 0.0
    source: str = ""

    @property
    def chapter(self) -> str:
        return self.id[:2]

    @property
    def right(self) -> Option:
        return next(o for o in self.options if o.verdict == "right")

    @property
    def choices(self) -> list[Option]:
        return [o for o in self.options if o.verdict != "otherwise"]


def namespace(root: Path) -> dict:
    """What `{{ ... }}` sees: nnbook, numpy and the committed records."""
    import numpy as np

    import nnbook
    import nnbook.further
    import nnbook.train

    def record(name: str):
        return json.loads((root / "figures" / "data" / name).read_text(encoding="utf-8"))

    return {"nnbook": nnbook, "np": np, "record": record}


def run_block(code: str) -> str:
    """What a python block prints, run in a fresh namespace (as pasted into a fresh Python)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<question block>", "exec"), {"__name__": "__main__"})
    return out.getvalue().strip("\n")


def _compute(text: str, names: dict, where: str) -> tuple[str, object]:
    """`text` with each `{{ expr :fmt }}` replaced by its value; also the last raw value (None if none)."""
    last: list[object] = [None]

    def one(match: re.Match) -> str:
        inner = match.group(1).strip()
        expr, fmt = inner, ""
        colon = re.search(r"\s:([^:]*)$", inner)
        if colon:
            expr, fmt = inner[: colon.start()].strip(), colon.group(1).strip()
        try:
            value = eval(expr, dict(names))  # noqa: S307 - the book's own question files
        except Exception as error:
            raise QuestionError(f"{where}: computing {{{{ {inner} }}}} failed ({type(error).__name__}: {error}); "
                                "fix the expression in the question file") from error
        last[0] = value
        return format(value, fmt)

    return _EXPR.sub(one, text), last[0]


def parse(text: str, source: str) -> list[Question]:
    """The questions of one file, uncomputed (`{{ }}` still in their text)."""
    questions: list[Question] = []
    current: Question | None = None
    lines: list[str] = []

    def end_part() -> None:
        body = "\n".join(lines).strip("\n")
        lines.clear()
        if current is None:
            return
        if current.options:
            current.options[-1].why = body
        else:
            current.prompt = body

    in_fence = False
    for number, line in enumerate(text.split("\n"), 1):
        if _FENCE.match(line):
            in_fence = not in_fence
        head = None if in_fence else _HEAD.match(line)
        option = None if in_fence else _OPTION.match(line)
        if head:
            end_part()
            try:
                words = shlex.split(head.group(1))
            except ValueError as error:
                raise QuestionError(f"{source}:{number}: {error}; write `=== id key=value ...`") from error
            attrs = dict(w.split("=", 1) for w in words[1:] if "=" in w)
            bad = [w for w in words[1:] if "=" not in w] + sorted(set(attrs) - {"after", "kind", "tolerance"})
            if not words or bad:
                raise QuestionError(f"{source}:{number}: `=== id after=\"Heading\" [kind=choice|number] "
                                    f"[tolerance=T]` expected; did not understand {bad or 'an empty line'}")
            qid = words[0]
            if not _ID.match(qid):
                raise QuestionError(f"{source}:{number}: question id {qid!r} must be the chapter number, a dash "
                                    "and lower-case words (like 04-count-knobs)")
            if "after" not in attrs:
                raise QuestionError(f"{source}:{number}: question {qid} has no after=\"Heading\": say where it goes")
            kind = attrs.get("kind", "choice")
            if kind not in ("choice", "number"):
                raise QuestionError(f"{source}:{number}: question {qid}: kind must be choice or number, not {kind!r}")
            current = Question(qid, kind, attrs["after"], "", tolerance=float(attrs.get("tolerance", 0)),
                               source=f"{source}:{number}")
            questions.append(current)
        elif option and current is not None:
            end_part()
            current.options.append(Option(option.group(1), option.group(2).strip(), ""))
        elif current is not None:
            lines.append(line)
    end_part()
    for q in questions:
        check(q)
    return questions


def check(q: Question) -> None:
    """A question the reader can answer: one right answer, an explanation with a link back for every option."""
    where = f"{q.source} ({q.id})"
    if not q.prompt.strip():
        raise QuestionError(f"{where}: the question has no text before its first --- line")
    rights = [o for o in q.options if o.verdict == "right"]
    if len(rights) != 1:
        raise QuestionError(f"{where}: {len(rights)} `--- right` options; a question has exactly one right answer")
    if q.kind == "choice":
        if len(q.choices) < 2 or any(o.verdict == "otherwise" for o in q.options):
            raise QuestionError(f"{where}: a choice question needs two or more choices and no `--- otherwise`")
    elif not any(o.verdict == "otherwise" for o in q.options):
        raise QuestionError(f"{where}: a number question needs `--- otherwise`, for any wrong number not listed")
    for o in q.options:
        if not o.why.strip():
            raise QuestionError(f"{where}: the `--- {o.verdict} {o.label}` option has no explanation under it")
        if not _LINK_BACK.search(o.why):
            raise QuestionError(f"{where}: the explanation of `--- {o.verdict} {o.label}` does not link back "
                                "to the section that settles it; add [words](#anchor)")
        if o.verdict != "otherwise" and not o.label:
            raise QuestionError(f"{where}: a `--- {o.verdict}` line needs the answer after the word")


def compute(q: Question, names: dict) -> Question:
    """Fill in every `{{ }}`: the printed output of the question's block, the numbers of its options."""
    where = f"{q.source} ({q.id})"
    names = dict(names)
    block = _PYTHON.search(q.prompt)
    if block:
        try:
            names["printed"] = run_block(block.group(1))
        except Exception as error:
            raise QuestionError(f"{where}: the question's python block failed ({type(error).__name__}: {error})") from error
    q.prompt, _ = _compute(q.prompt, names, where)
    for o in q.options:
        o.label, value = _compute(o.label, names, where)
        o.why, _ = _compute(o.why, names, where)
        if q.kind == "number" and o.verdict != "otherwise":
            try:
                o.value = float(value if value is not None else o.label.replace(",", ""))
            except (TypeError, ValueError) as error:
                raise QuestionError(f"{where}: `--- {o.verdict} {o.label}` is not a number") from error
    labels = [o.label for o in q.choices]
    if len(set(labels)) != len(labels):
        raise QuestionError(f"{where}: two options read the same ({labels}); each choice must differ")
    if q.kind == "number":
        right = q.right.value
        for o in q.choices:
            if o.verdict == "wrong" and abs(o.value - right) <= q.tolerance:
                raise QuestionError(f"{where}: the wrong answer {o.label} lies within the tolerance of the right "
                                    f"one ({q.right.label} ± {q.tolerance:g}); the reader could not tell them apart")
    return q


def load(docs: Path, chapter: str, names: dict) -> list[Question]:
    """Chapter NN's questions (`docs/_questions/NN.md`), computed; none if the file is absent."""
    path = docs / FOLDER / f"{chapter}.md"
    if not path.exists():
        return []
    questions = parse(path.read_text(encoding="utf-8"), f"docs/{FOLDER}/{path.name}")
    for q in questions:
        if q.chapter != chapter:
            raise QuestionError(f"{q.source}: question {q.id} is in chapter {chapter}'s file; its id must start with {chapter}-")
        compute(q, names)
    return questions


def tolerance_text(q: Question) -> str:
    if q.tolerance == 0:
        return "Type a number: only the exact value counts."
    return f"Type a number: it counts as right within ±{q.tolerance:g} of the answer."


def _letter(i: int) -> str:
    return "ABCDEFGH"[i]


def answers_markdown(q: Question) -> list[str]:
    """The answer and every explanation, as Markdown paragraphs (the right one first for numbers)."""
    parts = []
    if q.kind == "choice":
        for i, o in enumerate(q.choices):
            verdict = "right" if o.verdict == "right" else "not right"
            parts.append((i, o.verdict, f"**{_letter(i)}, {verdict}.** {o.why}"))
    else:
        for i, o in enumerate(q.options):
            if o.verdict == "right":
                text = f"**The answer is {o.label}.** {o.why}"
            elif o.verdict == "wrong":
                text = f"**If you said {o.label}:** {o.why}"
            else:
                text = f"**Any other number:** {o.why}"
            parts.append((i, o.verdict, text))
    return parts


def html_block(q: Question, n: int | None = None) -> str:
    """The question (the chapter's `n`th) as Markdown-in-HTML (md_in_html) for the page."""
    qid = f"question-{q.id}"
    attrs = f'data-question="{q.id}" data-kind="{q.kind}"'
    if q.kind == "number":
        attrs += f' data-answer="{q.right.value:.15g}" data-tolerance="{q.tolerance:.15g}"'
    out = [f'<div class="nnbook-question" id="{qid}" {attrs} markdown="block">',
           f'<p class="nnbook-question__label">Check yourself{f" {n}" if n else ""}</p>', "",
           f'<div class="nnbook-question__prompt" id="{qid}-prompt" markdown="block">', "", q.prompt, "", "</div>", ""]
    if q.kind == "choice":
        out.append('<ol class="nnbook-question__choices" type="A" markdown="block">')
        out += [f'<li data-choice="{i}" markdown="span">{o.label}</li>' for i, o in enumerate(q.choices)]
        out += ["</ol>", ""]
    else:
        out += [f'<p class="nnbook-question__tolerance" id="{qid}-tolerance">{html.escape(tolerance_text(q))}</p>', ""]
    out += ['<details class="nnbook-question__answer" markdown="block">', "<summary>Answer</summary>", ""]
    for i, verdict, text in answers_markdown(q):
        value = f' data-value="{q.options[i].value:.15g}"' if q.kind == "number" and verdict == "wrong" else ""
        right = " data-right" if verdict == "right" else ""
        out += [f'<div class="nnbook-question__why" data-why="{i}"{right}{value} markdown="block">', "", text, "", "</div>", ""]
    out += ["</details>", "", "</div>"]
    return "\n".join(out)


def answers_block(questions: list[Question]) -> str:
    """The chapter's answers, numbered, for paper: printed after the chapter (the stylesheet shows this
    block only in print, and hides the answers folded under each question there), as a textbook does."""
    out = ['<div class="nnbook-answers" data-search-exclude markdown="block">', "",  # once in the search, not twice
           '<p class="nnbook-answers__title">Answers to this chapter\'s questions</p>', ""]
    for n, q in enumerate(questions, 1):
        out += [f'<div class="nnbook-answers__one" markdown="block">', "", f"**Question {n}**", ""]
        for _, _, text in answers_markdown(q):
            out += [text, ""]
        out += ["</div>", ""]
    out += ["</div>"]
    return "\n".join(out)


def notebook_block(q: Question) -> str:
    """The question as plain Markdown for a notebook: the question, its choices, the answers folded."""
    prompt = re.sub(r"^```python", "```", q.prompt, flags=re.M)  # shown, not a cell: stays in the markdown
    out = [f"**Check yourself.** {prompt}", ""]
    if q.kind == "choice":
        out += [f"- {_letter(i)}. {o.label}" for i, o in enumerate(q.choices)] + [""]
    else:
        out += [f"*{tolerance_text(q)}*", ""]
    out += ["<details><summary>Answer</summary>", ""]
    for _, _, text in answers_markdown(q):
        out += [text, ""]
    out += ["</details>"]
    return "\n".join(out)


def place(text: str, questions: list[Question], render) -> str:
    """The chapter's Markdown with each question, rendered by `render` (called in page order), at the end of its heading's text."""
    lines = text.split("\n")
    headings: dict[str, int] = {}
    in_fence = False
    starts = []
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _HEADING.match(line)
        if match:
            headings.setdefault(match.group(2).strip(), i)
            starts.append(i)
    placed = []
    for q in questions:
        if q.after not in headings:
            raise QuestionError(f"{q.source} ({q.id}): after={q.after!r} names no heading of the chapter "
                                f"(its headings: {', '.join(headings)}); name one that is there")
        here = headings[q.after]
        placed.append((next((s for s in starts if s > here), len(lines)), q))
    inserts: dict[int, list[str]] = {}
    for end, q in sorted(placed, key=lambda p: p[0]):  # rendered in the order the page shows them
        inserts.setdefault(end, []).append(render(q))
    out: list[str] = []
    for i, line in enumerate(lines + [""]):
        for block in inserts.get(i, []):
            out += ["", block, ""]
        if i < len(lines):
            out.append(line)
    return "\n".join(out)


def progress_block(chapters: list[tuple[str, str, str, list[Question]]]) -> str:
    """The summary page's table: each chapter's questions, and (filled in by quiz.js) how many are right."""
    rows = []
    for number, title, href, questions in chapters:
        ids = " ".join(q.id for q in questions)
        rows.append(f'<tr><td><a href="{href}">{html.escape(title)}</a></td><td>{len(questions)}</td>'
                    f'<td data-progress="{ids}">not yet</td></tr>')
    return "\n".join([
        '<div class="nnbook-progress" markdown="block">',
        "",
        "Each chapter asks questions as it goes (\"Check yourself\"). Your answers stay in this browser, "
        "nowhere else; with JavaScript on, this table counts the ones you have answered right.",
        "",
        '<table class="nnbook-progress__table">',
        "<thead><tr><th scope=\"col\">chapter</th><th scope=\"col\">questions</th>"
        "<th scope=\"col\">answered right</th></tr></thead>",
        "<tbody>", *rows, "</tbody>", "</table>",
        "",
        '<p><button type="button" class="md-button md-button--primary" data-progress-clear hidden>Clear my answers</button></p>',
        '<p class="nnbook-progress__status" role="status"></p>',
        "",
        "</div>",
        "",
        # On paper the table has nothing to count: the section says where the answers are instead.
        '<p class="nnbook-progress__print">On paper, each chapter\'s answers, with why, follow the chapter.</p>',
    ])


# ---- the build hooks: thin, they call the functions above -------------------------------------------------

_cache: dict[str, list[Question]] = {}
# The notebooks hook places the same questions in each chapter's notebook: under this name it finds the
# instance mkdocs loaded for this build, and so its computed questions, instead of computing them again.
if __name__ in sys.modules:  # loaded as a module (mkdocs and the tests register it first)
    sys.modules["nnbook_questions_hook"] = sys.modules[__name__]


def chapter_questions(config, chapter: str) -> list[Question]:
    if chapter not in _cache:
        docs = Path(config["docs_dir"])
        _cache[chapter] = load(docs, chapter, namespace(docs.parent))
    return _cache[chapter]


def on_config(config):
    _cache.clear()  # `mkdocs serve` rebuilds: read the question files again
    return config


def on_page_markdown(text, page, config, files):
    chapter = CHAPTER.match(page.file.src_uri)
    if chapter:
        questions = chapter_questions(config, chapter.group(1))
        if not questions:
            return text
        shown: list[Question] = []  # numbered in the order the page shows them, and answered in that order

        def numbered(q: Question) -> str:
            shown.append(q)
            return html_block(q, len(shown))
        page_text = place(text, questions, numbered)
        return page_text + "\n\n" + answers_block(shown) + "\n"
    if PROGRESS_MARK in text:
        rows = []
        for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
            match = CHAPTER.match(file.src_uri)
            if match:
                title = re.search(r"^# (.+)$", Path(file.abs_src_path).read_text(encoding="utf-8"), re.M)
                rows.append((match.group(1), title.group(1) if title else file.src_uri,
                             get_relative_url(file.url, page.url), chapter_questions(config, match.group(1))))
        return text.replace(PROGRESS_MARK, progress_block(rows))
    return text
