"""The "Check yourself" questions answer back in the browser (docs/javascripts/quiz.js), and remember.

On every chapter, at phone width: every choice of every multiple-choice question is checked, and
exactly one makes the question `data-state="right"`, every other `"wrong"` with its own explanation
shown in the polite live region; every number question is answered wrong, then right. A reload
and a visit to another page bring the answers back from local storage; the summary page counts
them per chapter and its button clears them. The keyboard alone can answer (arrow keys, Enter).
axe finds nothing serious with the verdicts shown, in both palettes, and screenshots of a question
answered wrong and right at 390 px in both palettes go to `<tmp>/quiz-screenshots/`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from browser_support import axe, browser, server  # noqa: F401  (fixtures shared by the browser tests)
from test_browser import published  # noqa: F401  (the site built with its address: instant navigation on)
from test_site import html_pages

pytestmark = pytest.mark.browser
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOTS = Path(tempfile.gettempdir()) / "quiz-screenshots"


def chapters(site: Path) -> list[str]:
    return [p.parent.name for p in html_pages(site) if p.parent.name[:2].isdigit()]


def _open(browser, url: str, scheme: str = "light"):
    context = browser.new_context(viewport={"width": 390, "height": 900}, color_scheme=scheme, service_workers="block")
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("document.querySelectorAll('[data-question]').length === document.querySelectorAll('[data-question][data-ready]').length")
    return context, page


def _state(question) -> str | None:
    return question.get_attribute("data-state")


def _answer_every_choice(question) -> list[str]:
    """Check each choice in turn; return the states, and leave the right one checked."""
    states, right = [], None
    radios = question.locator("input[type=radio]")
    for i in range(radios.count()):
        radios.nth(i).check()
        question.locator(".nnbook-question__actions button").click()
        state = _state(question)
        states.append(state)
        feedback = question.locator(".nnbook-question__feedback")
        assert feedback.get_attribute("aria-live") == "polite"
        why = feedback.locator(".nnbook-question__why")
        assert why.count() == 1 and why.is_visible() and len(why.inner_text().strip()) > 20, (i, feedback.inner_text())
        assert feedback.inner_text().startswith("Right." if state == "right" else "Not right.")
        if state == "right":
            right = i
    radios.nth(right).check()
    question.locator(".nnbook-question__actions button").click()
    return states


def _answer_number(question) -> tuple[str, str]:
    field = question.locator("input.nnbook-question__number")
    field.fill("-98765.4321")
    field.press("Enter")
    wrong = _state(question)
    assert question.locator(".nnbook-question__feedback .nnbook-question__why").is_visible()
    field.fill(question.get_attribute("data-answer"))
    field.press("Enter")
    return wrong, _state(question)


def test_every_question_answers_right_and_wrong_and_progress_survives(server, browser):
    site, base = server
    names = chapters(site)
    assert len(names) == 11
    context, page = _open(browser, base + names[0] + "/")
    counts = {}
    for name in names:
        page.goto(base + name + "/")
        page.wait_for_function("document.querySelectorAll('[data-question]').length === document.querySelectorAll('[data-question][data-ready]').length")
        questions = page.locator("[data-question]")
        counts[name] = questions.count()
        assert 3 <= counts[name] <= 6, (name, counts[name])
        for k in range(counts[name]):
            q = questions.nth(k)
            q.scroll_into_view_if_needed()
            if q.get_attribute("data-kind") == "choice":
                states = _answer_every_choice(q)
                assert states.count("right") == 1 and states.count("wrong") == len(states) - 1, (name, k, states)
            else:
                assert _answer_number(q) == ("wrong", "right"), (name, k)
            assert _state(q) == "right"
        # A reload brings every answer back, checked and explained.
        page.reload()
        page.wait_for_function("document.querySelectorAll('[data-question]').length === document.querySelectorAll('[data-question][data-ready]').length")
        assert [questions.nth(k).get_attribute("data-state") for k in range(counts[name])] == ["right"] * counts[name]
    # The summary page, reached by its link, counts them. (This site has no site_url, so the theme's
    # instant navigation is off here; quiz.js starts on document$ as page.js does.)
    page.goto(base + names[0] + "/")
    page.evaluate("document.querySelector(\"a.md-nav__link[href$='summary/']\").click()")
    page.wait_for_url("**/summary/")
    cells = page.locator("[data-progress]")
    page.wait_for_function("(cells => cells.length > 0 && cells.every(c => / of /.test(c.textContent)))"
                           "([...document.querySelectorAll('[data-progress]')])")
    texts = [cells.nth(i).inner_text() for i in range(cells.count())]
    assert texts == [f"{counts[n]} of {counts[n]}" for n in names]
    page.get_by_role("button", name="Clear my answers").click()
    assert [cells.nth(i).inner_text() for i in range(cells.count())] == [f"0 of {counts[n]}" for n in names]
    assert "cleared" in page.locator(".nnbook-progress__status").inner_text()
    assert page.evaluate("localStorage.getItem('nnbook-questions')") is None
    context.close()


def test_the_keyboard_alone_answers_a_question(server, browser):
    site, base = server
    context, page = _open(browser, base + chapters(site)[3] + "/")
    q = page.locator("[data-question][data-kind=choice]").first
    q.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert q.locator("input[type=radio]").nth(1).is_checked()
    assert _state(q) in ("right", "wrong")
    saved = json.loads(page.evaluate("localStorage.getItem('nnbook-questions')"))
    assert saved[q.get_attribute("data-question")]["answer"] == "1"
    context.close()


def test_a_wrapped_line_of_question_code_hangs_under_its_text(server, browser):
    """On a phone a long line of a question's code wraps; its continuation must start to the right of where
    the line's text starts, or it would read as a new line of Python with the wrong indentation."""
    site, base = server
    context, page = _open(browser, base + "02-layers/")
    found = page.evaluate("""() => [...document.querySelectorAll("[data-question] pre > code")].map(code => {
        const lines = [...code.querySelectorAll(":scope > .nnbook-line")];
        const text = code.textContent.replace(/\\n$/, "");
        return {lines: lines.length, wanted: text.split("\\n").length, wrapped: lines.map(line => {
          // the line's text without its closing line feed, as boxes on the screen
          const last = line.lastChild;
          if (!last || line.textContent.trim() === "") return null;
          const range = document.createRange();
          range.setStart(line, 0);
          range.setEnd(last, last.nodeType === Node.TEXT_NODE ? last.data.replace(/\\n$/, "").length : last.childNodes.length);
          const rects = [...range.getClientRects()].filter(r => r.width > 0);
          const next = rects.find(r => r.top > rects[0].top + rects[0].height / 2);  // the first box on a later row
          return next ? {text: line.textContent.trim().slice(0, 30), first: rects[0].left, next: next.left} : null;
        }).filter(Boolean)};
      })""")
    context.close()
    assert found and all(f["lines"] == f["wanted"] for f in found), found  # every line in a span of its own
    wrapped = [w for f in found for w in f["wrapped"]]
    assert wrapped, "chapter 2's question code has a line long enough to wrap on a phone"
    assert all(w["next"] > w["first"] + 10 for w in wrapped), wrapped


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_verdicts_pass_axe_and_are_drawn_in_both_palettes(server, browser, axe, scheme):
    site, base = server
    SHOTS.mkdir(exist_ok=True)
    context, page = _open(browser, base + chapters(site)[3] + "/", scheme)
    # Code blocks are set up (copy button, Tab stop) when they scroll into view (content.lazy): go past each.
    for code in page.locator("article pre > code").all():
        code.scroll_into_view_if_needed()
    # Every block rendered now, and page.js's boxes checked (what a first Tab does), so that nothing above
    # a question changes its height while it is clicked: under a loaded check, a block rendered late moved
    # a radio button between Playwright's last look and its click ("did not change its state").
    page.evaluate("document.querySelectorAll('.md-content__inner > *').forEach(b => b.style.contentVisibility = 'visible')")
    page.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Tab', bubbles: true}))")
    page.wait_for_function("!window.nnbookScrollablesPending || window.nnbookScrollablesPending() === 0")
    questions = page.locator("[data-question]")
    choice = page.locator("[data-question][data-kind=choice]").first
    number = page.locator("[data-question][data-kind=number]").first
    wrong = choice.locator(".nnbook-question__why:not([data-right])").first.get_attribute("data-why")
    choice.locator(f"input[value='{wrong}']").check()
    choice.locator(".nnbook-question__actions button").click()
    assert _state(choice) == "wrong"
    choice.screenshot(path=str(SHOTS / f"wrong-390-{scheme}.png"))
    number.locator("input.nnbook-question__number").fill(number.get_attribute("data-answer"))
    number.locator("input.nnbook-question__number").press("Enter")
    assert _state(number) == "right"
    number.screenshot(path=str(SHOTS / f"right-390-{scheme}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The theme's colour fades ended, as test_browser.py does before axe.
    page.evaluate("document.getAnimations().filter(a => a instanceof CSSTransition).forEach(a => a.finish())")
    page.add_script_tag(path=str(axe))
    # The questions themselves, answered (test_browser.py checks the rest of every page, unanswered).
    result = page.evaluate("""async (tags) => await axe.run(
        {include: [...document.querySelectorAll('[data-question]')].map(q => ['#' + q.id])}, {runOnly: tags})""", WCAG)
    bad = [(v["id"], v["impact"], [(n["target"], n.get("failureSummary", "")[:200]) for n in v["nodes"]][:4]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    assert questions.count() >= 3
    context.close()


def test_answers_survive_instant_navigation_and_reach_the_summary(published, browser):
    """Pages swapped in by the theme's instant navigation get their questions set up and remembered."""
    _, base = published
    context = browser.new_context(viewport={"width": 390, "height": 900}, service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # The theme changes the address before it swaps the new page in: wait for the chapter's own
    # questions (their ids start with its number), all set up, or the checks would read the last page.
    ready = """chapter => {
      const questions = [...document.querySelectorAll('[data-question]')];
      return questions.length > 0 && questions.every(q => q.dataset.question.startsWith(chapter) && q.dataset.ready);
    }"""
    page.goto(base + "04-knobs/", wait_until="load")
    page.wait_for_function(ready, arg="04")
    page.evaluate("window.__sameDocument = true")  # gone if a link reloads the page
    first = page.locator("[data-question]").first
    first.locator("input.nnbook-question__number").fill(first.get_attribute("data-answer"))
    first.locator(".nnbook-question__actions button").click()
    assert _state(first) == "right"
    page.evaluate("document.querySelector('a.md-footer__link--next').click()")
    page.wait_for_url("**/05-cost/")
    page.wait_for_function(ready, arg="05")
    q = page.locator("[data-question][data-kind=choice]").first
    right = q.locator(".nnbook-question__why[data-right]").get_attribute("data-why")
    q.locator(f"input[value='{right}']").check()
    q.locator(".nnbook-question__actions button").click()
    assert _state(q) == "right"
    page.evaluate("document.querySelector('a.md-footer__link--prev').click()")
    page.wait_for_url("**/04-knobs/")
    page.wait_for_function(ready, arg="04")
    assert _state(page.locator("[data-question]").first) == "right"
    page.evaluate("document.querySelector(\"a.md-nav__link[href$='summary/']\").click()")
    page.wait_for_url("**/summary/")
    # The address changes before the new page's content is swapped in: wait for its table (every() of no cells is true).
    page.wait_for_function("(cells => cells.length > 0 && cells.every(c => / of /.test(c.textContent)))"
                           "([...document.querySelectorAll('[data-progress]')])")
    cells = page.locator("[data-progress]")
    got = [cells.nth(i).inner_text().split(" of ")[0] for i in range(cells.count())]
    assert got == ["0", "0", "0", "1", "1", "0", "0", "0", "0", "0", "0"]
    assert page.evaluate("window.__sameDocument === true"), "a link reloaded the page: no instant navigation tested"
    context.close()
    assert not errors, errors
