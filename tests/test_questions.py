"""The chapters' "Check yourself" questions: docs/_questions/NN.md, read by docs/_hooks/questions.py.

Every computed answer is checked here against a computation of its own (by the arithmetic the
chapter teaches, not by the expression in the question file), and the hook's rules are checked to
refuse a question a reader could not answer.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _hook():
    spec = importlib.util.spec_from_file_location("nnbook_questions_hook", DOCS / "_hooks" / "questions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


Q = _hook()
CHAPTERS = sorted(p.name for p in DOCS.glob("[01][0-9]-*.md"))


@pytest.fixture(scope="module")
def questions() -> dict[str, Q.Question]:
    names = Q.namespace(ROOT)
    return {q.id: q for chapter in CHAPTERS for q in Q.load(DOCS, chapter[:2], names)}


def test_every_chapter_asks_three_to_six_questions_of_each_kind_overall(questions):
    for chapter in CHAPTERS:
        n = sum(q.chapter == chapter[:2] for q in questions.values())
        assert 3 <= n <= 6, f"{chapter} has {n} questions"
        # each chapter asks all three kinds: choose one, type a number, say what a block prints
        mine = [q for q in questions.values() if q.chapter == chapter[:2]]
        assert any(q.kind == "number" for q in mine), chapter
        assert any(q.kind == "choice" and "```python" not in q.prompt for q in mine), chapter
        assert any("```python" in q.prompt for q in mine), chapter


def test_each_question_goes_after_a_heading_of_its_chapter(questions):
    for chapter in CHAPTERS:
        text = (DOCS / chapter).read_text(encoding="utf-8")
        placed = Q.place(text, [q for q in questions.values() if q.chapter == chapter[:2]], lambda q: f"@@{q.id}@@")
        for q in questions.values():
            if q.chapter == chapter[:2]:
                assert placed.count(f"@@{q.id}@@") == 1


# The answers, worked out as the chapters teach them (never by the question file's own expression).
EXPECTED = {
    "01-pixels-32": 32 * 32,
    "02-neurons": 784 + 16 + 16 + 10,
    "03-by-hand": 1 / (1 + 2.718281828459045 ** 0.5),
    "03-switch": 2.0,
    "04-count": 784 * 30 + 30 + 30 * 10 + 10,
    "05-three-slots": 0.2**2 + 0.1**2 + 0.1**2,
    "05-always-three": 2.0,
    "06-nudges": 2 * (784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10),
    "07-one-knob": 1.0,
    "08-output-wish": 2 * 0.94,
    "08-epoch": 60_000 / 10,
    "09-multiply": 1.5,
    "09-quarter": 0.25,
    "10-steps": 30 * 60_000 / 100,
    "10-mistakes": 10_000 - 9_540,
    "11-wider": 784 * 50 + 50 + 50 * 10 + 10,
    "11-decay": 1 - 2.0 * 1e-4,
}
PRINTED = {  # what the "what will this print?" blocks print, worked out by hand
    "01-argmax": "5",
    "02-forward-all": "4 (16, 1)",
    "03-sigmoid": "0.50 1.00",
    "04-batch": "(16, 5)",
    "08-wishes-back": "[0.0, -0.4]",
    "11-softmax": "1.0 2",
    "05-code-cost": "[0.0, 1.0, 0.0] 0.14",
    "06-flatten": "(13,)",
    "07-code-step": "0.6 0.7",
    "09-vanish": "[-0.8, -0.2, -0.05]",
    "10-batches": "1875 60000",
}
SHAPES = {"04-shape": "(16, 784)", "09-slope-shape": "(10, 16)"}


def test_every_number_answer_is_asserted_and_right(questions):
    numbers = {q.id for q in questions.values() if q.kind == "number"}
    assert numbers == set(EXPECTED), "a number question without a checked answer here, or a stale entry"
    for qid, expected in EXPECTED.items():
        q = questions[qid]
        assert q.right.value == pytest.approx(expected, abs=max(q.tolerance, 1e-12)), qid
        for o in q.choices:
            if o.verdict == "wrong":
                assert abs(o.value - expected) > q.tolerance, (qid, o.label)


def test_every_printed_answer_is_what_the_block_prints(questions):
    for qid, text in PRINTED.items():
        assert questions[qid].right.label == f"`{text}`", qid
    for qid, text in SHAPES.items():
        assert questions[qid].right.label == f"`{text}`", qid
    # and every question with a block is one of those
    assert {q.id for q in questions.values() if "```python" in q.prompt} == set(PRINTED)


def test_every_option_explains_itself_and_links_to_an_anchor_of_its_page(questions):
    for q in questions.values():
        assert len([o for o in q.options if o.verdict == "right"]) == 1
        for o in q.options:
            assert re.search(r"\]\(#[\w-]+\)", o.why), (q.id, o.label)


def _one(text: str) -> str:
    return "=== 04-x after=\"Counting the knobs\"\n" + text


@pytest.mark.parametrize("text, complaint", [
    ("Q?\n\n--- right A\nyes [a](#a)\n\n--- right B\nno [a](#a)\n", "exactly one right"),
    ("Q?\n\n--- right A\nyes [a](#a)\n\n--- wrong B\nno link here\n", "does not link back"),
    ("Q?\n\n--- right A\nyes [a](#a)\n\n--- wrong B\n\n", "no explanation"),
    ("Q?\n\n--- right A\nyes [a](#a)\n\n--- wrong A\nno [a](#a)\n", "read the same"),
])
def test_a_question_a_reader_could_not_answer_fails_the_build_with_the_reason(text, complaint):
    with pytest.raises(Q.QuestionError, match=complaint):
        for q in Q.parse(_one(text), "test.md"):
            Q.compute(q, {})


def test_a_number_question_needs_an_otherwise_and_distinct_wrong_numbers():
    with pytest.raises(Q.QuestionError, match="otherwise"):
        Q.parse("=== 04-x after=\"A\" kind=number\nQ?\n\n--- right 2\nyes [a](#a)\n", "t.md")
    text = "=== 04-x after=\"A\" kind=number tolerance=0.5\nQ?\n\n--- right 2\nyes [a](#a)\n\n--- wrong 2.2\nno [a](#a)\n\n--- otherwise\nno [a](#a)\n"
    with pytest.raises(Q.QuestionError, match="within the tolerance"):
        Q.compute(Q.parse(text, "t.md")[0], {})


def test_a_heading_that_is_gone_fails_the_build_naming_the_headings_there():
    q = Q.parse("=== 04-x after=\"No such heading\"\nQ?\n\n--- right A\ny [a](#a)\n\n--- wrong B\nn [a](#a)\n", "t.md")[0]
    with pytest.raises(Q.QuestionError, match="names no heading.*Real one"):
        Q.place("# T\n\n## Real one\n\ntext\n", [q], Q.html_block)


def test_a_question_lands_at_the_end_of_its_section_not_inside_code():
    q = Q.parse("=== 04-x after=\"One\"\nQ?\n\n--- right A\ny [a](#a)\n\n--- wrong B\nn [a](#a)\n", "t.md")[0]
    text = "# T\n\n## One\n\npara\n\n```python\n# not a heading\n```\n\nmore\n\n## Two\n\nlast\n"
    placed = Q.place(text, [q], lambda q: "@@Q@@")
    assert placed.index("more") < placed.index("@@Q@@") < placed.index("## Two")


def test_without_javascript_each_question_shows_its_choices_and_its_answers_folded(questions):
    from test_site import built_site

    site = built_site()
    seen = set()
    for chapter in CHAPTERS:
        page = (site / Path(chapter).stem / "index.html").read_text(encoding="utf-8")
        for block in re.findall(r'<div class="nnbook-question"(.*?)</details>', page, flags=re.S):
            qid = re.search(r'data-question="([\w-]+)"', block)[1]
            seen.add(qid)
            q = questions[qid]
            answer = block[block.index("<details"):]
            assert len(re.findall(r"\sdata-right\b", answer)) == 1, qid
            assert len(re.findall(r'class="nnbook-question__why"', answer)) == len(q.options), qid
            if q.kind == "choice":
                assert len(re.findall(r"<li data-choice=", block)) == len(q.choices), qid
            else:
                assert re.search(r'data-answer="([^"]+)"', block)[1] and "nnbook-question__tolerance" in block, qid
    assert seen == set(questions)
    summary = (site / "summary" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<td data-progress=", summary)) == len(CHAPTERS)


def test_the_printed_answers_are_not_searched_a_second_time():
    """The answers after a chapter (printed only) are left out of the search index: each answer is found
    once, under its question."""
    import json

    from test_site import built_site

    index = json.loads((built_site() / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Answers to this chapter" not in text
    assert "Check yourself" in text  # the questions themselves are searched
