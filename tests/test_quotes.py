"""Numbers the prose quotes by name (figures/quotes.py): every quote resolves, and renders its record's value."""

from __future__ import annotations

import json
import re

import pytest

import book
from figures import quotes


def test_every_quote_on_every_page_names_a_known_value():
    for page in sorted(book.DOCS.glob("*.md")):
        rendered = book.source(page.name)
        assert not quotes.QUOTE.search(rendered), f"{page.name}: a quote was left unrendered"


def test_a_quote_renders_the_records_value_with_its_format(monkeypatch):
    monkeypatch.setattr(quotes, "values", lambda: {"ch10.test_accuracy": 0.9123, "ch10.test_correct": 9123})
    assert quotes.render("reads {{ ch10.test_accuracy:.2% }} ({{ch10.test_correct:,}})") == "reads 91.23% (9,123)"


def test_a_regenerated_record_changes_the_page_that_quotes_it(monkeypatch, tmp_path):
    record = json.loads((quotes.DATA / "ch10_run.json").read_text())
    record["final_test_accuracy"] = 0.9612
    (tmp_path / "ch10_run.json").write_text(json.dumps(record))
    for other in quotes.DATA.iterdir():  # every other record as it is
        if other.name != "ch10_run.json":
            (tmp_path / other.name).write_bytes(other.read_bytes())
    monkeypatch.setattr(quotes, "DATA", tmp_path)
    quotes.values.cache_clear()
    try:
        page = quotes.render((book.DOCS / "10-whole.md").read_text(encoding="utf-8"))
    finally:
        quotes.values.cache_clear()
    assert "96.12%" in page and "95.40%" not in " ".join(page.split("```")[::2])  # prose only: outputs are pasted


def test_an_unknown_name_fails_the_build_and_says_where_to_add_it():
    with pytest.raises(KeyError, match="figures/quotes.py"):
        quotes.render("{{ ch10.no_such_number }}", where="10-whole.md")


def test_latex_braces_are_never_taken_for_a_quote():
    assert quotes.render(r"$13{{,}}002$ and {{,}}") == r"$13{{,}}002$ and {{,}}"


def test_the_books_own_specs_write_words_and_latex_thousands(monkeypatch):
    monkeypatch.setattr(quotes, "values", lambda: {"a.n": 2, "a.big": 79510})
    assert quotes.render("{{ a.n:words }} slots; {{ a.n:Words }}.") == "two slots; Two."
    assert quotes.render("$= {{ a.big:,tex }}$ and {{ a.big:, }}") == "$= 79{,}510$ and 79,510"
    with pytest.raises(ValueError, match="whole numbers"):
        quotes.render("{{ a.big:words }}")


# Every page quotes every count it states (a new page too: the list is the docs folder).
QUOTING_EVERY_COUNT = sorted(page.name for page in book.DOCS.glob("*.md"))


# Counts a page may type because its own code block sets them (a reader edits the code, not a record), each
# with how often at most the prose may type it; the test checks the page's code still writes that number.
SET_BY_THE_PAGES_OWN_CODE = {
    "06-landscape.md": {"1,000": 3},  # its first code block takes `images[:, :1000]`; the prose reads from it
    "08-backprop.md": {"1,000": 2},  # exercise 8.2's solution takes `images[:, :1000]`, and its prose says so
    "11-where-next.md": {"1,000": 1, "20,000": 1},  # an exercise's solution takes 1000 digits; the taste, 20_000
}


@pytest.mark.parametrize("name", QUOTING_EVERY_COUNT)
def test_no_count_is_typed_into_the_prose(name):
    # A number with a thousands separator in the prose is a count from nnbook, MNIST or a record: it is quoted
    # by name, so that it cannot disagree with what it counts; a typed one is a copy that can go stale.
    raw = (book.DOCS / name).read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```.*?```", raw, flags=re.S))
    prose = re.sub(r"```.*?```", "", raw, flags=re.S)  # code blocks and their outputs are tested by pasting
    typed = re.findall(r"\b\d{1,3}(?:,\d{3}|\{,\}\d{3})+\b", prose)
    for count, times in SET_BY_THE_PAGES_OWN_CODE.get(name, {}).items():
        assert re.search(rf"\b{count.replace(',', '_?')}\b", code), f"{name}'s code no longer sets {count}"
        assert typed.count(count) <= times, f"{name} types {count} {typed.count(count)} times, at most {times}"
        typed = [t for t in typed if t != count]
    assert not typed, f"{name} types {typed} into its prose: quote them by name (figures/quotes.py)"
