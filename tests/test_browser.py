"""Open every page of the built book in headless Chromium, as a phone and as a desktop, in both palettes.

The site is built strictly into a temporary folder and served on 127.0.0.1.
Every page is opened at 390 px (a phone) and at 1280 px wide, first in the
light palette, then switched to the dark one with the palette toggle. In each:
no request leaves the machine, no console error, the visible palette's figures
load (and, at first load, the hidden palette's variants are not even fetched),
every equation is typeset (at build time) with no raw TeX left in the text, every
display equation is drawn wider than 20 px, the page is no wider than the
screen, pages with code have copy buttons, and axe-core (WCAG 2.1 A and AA;
in the dark palette its colour rules) finds no serious or critical violation.
Screenshots of the first screen go to `<tmp>/screenshots/` (whole pages at
1280 px with NNBOOK_FULL_SHOTS=1).

Needs Debian's Chromium at /usr/bin/chromium, driven through Playwright's
Python API (never `playwright install`), and axe-core from npm in .ci/node
(.ci/run installs it). Without them the test is skipped with the reason shown,
unless NNBOOK_REQUIRE_BROWSER=1 (CI sets it): then it fails.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_support import ROOT, axe, browser, serve, server  # noqa: F401  (fixtures shared by the browser tests)
from test_site import build, html_pages

from figures._style import MIN_LABEL_PX, smallest_text  # noqa: E402

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
MAX_SHOT_HEIGHT = 15_000  # pixels
FULL_SHOTS = os.environ.get("NNBOOK_FULL_SHOTS") == "1"
WIDTHS = (390, 1280)  # a phone held upright, and a desktop
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # 2.2 AA adds target-size: taps on a phone
# Printed output this many characters a line long or less must not wrap on the phone (nnbook.css sets its size).
OUTPUT_FITS = 43


# Runs in the page once it has loaded (its math was typeset at build time): waits for the
# dials panel, loads the visible figures now rather than when scrolled to, and reports what it sees.
_INSPECT = """
async (again) => {
  const article = document.querySelector("article.md-content__inner") || document.body;
  const math = [...article.querySelectorAll(".arithmatex")];
  const until = async (ok, ms) => { const end = Date.now() + ms; while (!ok() && Date.now() < end) await new Promise(r => setTimeout(r, 50)); };
  const dials = document.querySelector(".nnbook-dials");
  if (dials) {  // built when it comes near the screen, as a reader scrolls to it
    dials.scrollIntoView();
    await until(() => document.querySelector(".nnbook-dials[data-ready=yes], .nnbook-dials[data-ready=failed]"), 15000);
    window.scrollTo(0, 0);
  }
  for (const panel of document.querySelectorAll("[data-panel]")) {  // the draw and train panels, likewise
    panel.scrollIntoView();
    await until(() => panel.dataset.ready === "yes" || panel.dataset.ready === "failed", 15000);
  }
  window.scrollTo(0, 0);
  // A code block gets its copy button when it scrolls into view (content.lazy): go past each one, as a reader
  // does (once: the palette's second look counts the buttons the first one's scrolling made).
  for (const code of again ? [] : article.querySelectorAll("pre > code")) {
    code.scrollIntoView({block: "center"});
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 20)));
  }
  window.scrollTo(0, 0);
  const figures = [...article.querySelectorAll("img[src*='figures/']")];
  const lazy = figures.filter(img => img.getAttribute("loading") !== "lazy" && !img.dataset.testEager).length;
  const shown = [...article.querySelectorAll("img")].filter(img => getComputedStyle(img).display !== "none" && !img.closest("[hidden]"));
  shown.forEach(img => { if (img.loading === "lazy") { img.dataset.testEager = "1"; img.loading = "eager"; } });
  // decode() settles when the file has loaded and been decoded; once in a CI run one never settled and the
  // test waited 15 minutes. Each gets 20 s (a figure takes milliseconds here): one that is late is named below.
  const late = [];
  await Promise.all(shown.map(img => new Promise(done => {
    const timer = setTimeout(() => { late.push(img.getAttribute("src")); done(); }, 20000);
    img.decode().catch(() => null).then(() => { clearTimeout(timer); done(); });
  })));
  const display = [...article.querySelectorAll("div.arithmatex")].map(e => {
    // What shows: the math, clipped by its container (the phone bug drew the container 1 px wide).
    const box = e.querySelector("mjx-container");
    const drawn = box && box.querySelector("mjx-math, svg");
    const style = box && getComputedStyle(box);
    const inner = box ? box.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) : 0;
    const width = drawn ? Math.min(drawn.getBoundingClientRect().width, inner) : 0;
    return {tex: e.textContent.slice(0, 50), width};
  });
  // The prose's text, less code and typeset math (read in place: a clone's images would be fetched).
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest("pre, code, script, style, mjx-container, .highlight")) text += node.data;
  }
  // Blocks far from the screen are not laid out (content-visibility: auto), so they would not widen the
  // page: measure its width with every block rendered.
  const all = document.createElement("style");
  all.textContent = ".md-content__inner > * { content-visibility: visible !important; }";
  document.head.append(all);
  const pageWidth = document.documentElement.scrollWidth;
  // What a phone reader could not read, measured with every block rendered and every solution open:
  // each figure as drawn (the file the <picture> chose, at its width on screen: its text size is
  // worked out from that file), tables and display equations wider than their box, inline formulas
  // that page.js made a block of their own though they fit their line, and panel controls too
  // small for a finger (a checkbox counts with its label, which takes the same tap).
  const closed = [...article.querySelectorAll("details:not([open])")];
  closed.forEach(d => d.setAttribute("open", ""));
  const figureSizes = [...article.querySelectorAll("img[src*='figures/']")]
    .filter(img => img.getBoundingClientRect().width > 0)
    .map(img => ({file: (img.currentSrc || img.src).split("#")[0].split("/").pop(), width: img.getBoundingClientRect().width}));
  // The magnifier that says a figure opens larger (a link's ::after) must not cover any of the figure.
  const coveredFigures = [...article.querySelectorAll("a.glightbox img[src*='figures/']")]
    .filter(img => img.getBoundingClientRect().width > 0)
    .filter(img => {
      const link = img.closest("a.glightbox"), icon = getComputedStyle(link, "::after");
      if (icon.content === "none" || icon.display === "none") return false;
      const top = link.getBoundingClientRect().bottom - parseFloat(icon.bottom) - parseFloat(icon.height);
      return top < img.getBoundingClientRect().bottom - 0.5;
    })
    .map(img => (img.currentSrc || img.src).split("#")[0].split("/").pop());
  // Printed output wraps rather than hide its end, but a line of up to OUTPUT_FITS characters must fit
  // the phone's screen whole: a grid of numbers split over two lines is no longer a grid.
  const wrappedOutputs = [...article.querySelectorAll(".language-text pre > code")]
    .filter(code => code.getClientRects().length > 0)
    .filter(code => {
      const lines = code.textContent.replace(/\\n$/, "").split("\\n"), style = getComputedStyle(code);
      const rows = (code.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom))
        / parseFloat(style.lineHeight);
      return Math.max(...lines.map(l => l.length)) <= OUTPUT_FITS && Math.round(rows) > lines.length;
    })
    .map(code => code.textContent.slice(0, 40));
  closed.forEach(d => d.removeAttribute("open"));
  const cut = box => box.getClientRects().length > 0 && box.scrollWidth > box.clientWidth + 1;
  // (a table is a scroll box of its own too: a formula wider than its card on a phone is cut inside it)
  const cutTables = [...article.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__scrollwrap table")].filter(cut)
    .map(box => (box.querySelector("th, td") || box).textContent.trim().slice(0, 40));
  const cutEquations = [...article.querySelectorAll("div.arithmatex")].filter(cut).map(e => e.textContent.slice(0, 60));
  // A question's code must show whole: its answer can hang on any part of it.
  const cutQuestionCode = [...article.querySelectorAll("[data-question] pre > code")].filter(cut)
    .map(code => `${code.closest("[data-question]").dataset.question}: ${code.textContent.slice(0, 30)}`);
  const blockOf = node => { let el = node.parentElement; while (el && getComputedStyle(el).display.startsWith("inline")) el = el.parentElement; return el; };
  const needlessBlocks = [...article.querySelectorAll("span.arithmatex.nnbook-wide")].filter(math => {
    const drawn = math.querySelector("svg");
    const line = blockOf(math);
    return drawn && line && drawn.getBoundingClientRect().width <= line.clientWidth;
  }).map(math => math.textContent.slice(0, 40));
  const controls = [...document.querySelectorAll(":is([data-panel], .nnbook-dials) :is(button, select, input)")]
    .map(c => (c.type === "checkbox" && c.closest("label")) || c)
    .filter(c => c.getClientRects().length > 0 && getComputedStyle(c).visibility !== "hidden")
    .filter(c => c.getBoundingClientRect().height < 44)
    .map(c => `${c.tagName.toLowerCase()} "${(c.textContent || c.id || c.type).trim().slice(0, 30)}" ${c.getBoundingClientRect().height.toFixed(0)} px`);
  all.remove();
  return {
    scheme: document.body.getAttribute("data-md-color-scheme"),
    images: shown.map(img => ({src: img.getAttribute("src"), ok: img.complete && img.naturalWidth > 0})),
    late,
    lazy,
    mathUntypeset: math.filter(e => !e.querySelector("mjx-container")).map(e => e.textContent.slice(0, 60)),
    mathErrors: article.querySelectorAll("mjx-merror, [data-mjx-error]").length,
    thinEquations: display.filter(d => d.width <= 20).map(d => `${d.tex} (${d.width.toFixed(1)} px)`),
    mathTabStops: article.querySelectorAll("mjx-container[tabindex='0']").length,
    rawTex: ["$$", "\\\\(", "\\\\[", "\\\\begin{"].filter(s => text.includes(s)),
    codeBlocks: article.querySelectorAll("div.highlight pre > code, pre > code").length,
    scrollablesPending: window.nnbookScrollablesPending ? window.nnbookScrollablesPending() : -1,
    copyButtons: article.querySelectorAll(".md-code__button").length,
    pageWidth,
    screenWidth: document.documentElement.clientWidth,
    dials: [...document.querySelectorAll(".nnbook-dials")].map(d => d.dataset.ready),
    figureSizes, coveredFigures, wrappedOutputs, cutQuestionCode, cutTables, cutEquations, needlessBlocks, smallControls: controls,
  };
}
"""
_INSPECT = _INSPECT.replace("OUTPUT_FITS", str(OUTPUT_FITS))

# The stylesheet renders a chapter's blocks only near the screen (content-visibility: auto); axe must
# see them all rendered, or it could not judge, say, the contrast of text it cannot hit-test.
_AXE = """
async (only) => {
  const all = document.createElement("style");
  all.textContent = ".md-content__inner > * { content-visibility: visible !important; }";
  document.head.append(all);
  // A block rendered now for the first time since the palette changed fades to the new colours (the
  // theme's colour transitions, 125 ms): end those fades, as they have by the time a reader scrolls there.
  document.body.getBoundingClientRect();
  document.getAnimations().filter(a => a instanceof CSSTransition).forEach(a => a.finish());
  try {
    return (await axe.run(document, {runOnly: only, resultTypes: ["violations"]})).violations
  .filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
  } finally {
    all.remove();
  }
}
"""
# The palette changes colours and nothing else (the same elements, names, roles and order): in the dark one,
# axe runs the rules that judge colour. Every rule of WCAG 2.2 AA (and of 2.0 and 2.1 A and AA) ran on the light one.
COLOUR_RULES = {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}


# How long a script of the page check may take before the test gives up on it and names the page: the
# slowest (a chapter at 390 px, its panels built and its figures decoded) takes under 20 s here.
SCRIPT_SECONDS = 180


def _settled(page, script: str, arg, what: str):
    """What an async page script returns, as page.evaluate would, but waited for no more than SCRIPT_SECONDS.

    page.evaluate waits as long as its promise does: once in CI one never settled, and the test sat for the
    15 minutes of pytest-timeout. Here the script is started, its result kept on window, and waited for
    with a deadline; a script that does not finish fails the test with the page and step named."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(
        f"""(arg) => {{
      window.nnbookSettled = null;
      ({script})(arg).then(value => {{ window.nnbookSettled = {{value}}; }},
                         error => {{ window.nnbookSettled = {{error: String(error && error.stack || error)}}; }});
    }}""",
        arg,
    )
    try:
        page.wait_for_function("window.nnbookSettled !== null", polling=250, timeout=SCRIPT_SECONDS * 1000)
    except PlaywrightTimeout:
        raise AssertionError(f"{what}: the page script had not finished after {SCRIPT_SECONDS} s") from None
    result = page.evaluate("window.nnbookSettled")
    if "error" in result:
        raise AssertionError(f"{what}: the page script failed: {result['error']}")
    return result.get("value")


def small_figure_text(site: Path, sizes: list[dict]) -> list[str]:
    """The figures whose smallest text shows under MIN_LABEL_PX at the width they are drawn on screen."""
    small = []
    for figure in sizes:
        width, font = smallest_text(site / "figures" / figure["file"])
        px = font * figure["width"] / width
        if px < MIN_LABEL_PX - 0.05:  # the last digits of a layout's rounding
            small.append(f"{figure['file']} {px:.1f} px")
    return small


def _check(name: str, info: dict, problems: list[str], site: Path | None = None, phone: bool = False) -> None:
    if phone:
        for key, what in (("wrappedOutputs", f"printed output of at most {OUTPUT_FITS} characters a line, wrapped"),
                          ("cutQuestionCode", "questions' code cut at its box's edge"),
                          ("cutTables", "tables cut at the screen's edge"), ("cutEquations", "display equations cut at the screen's edge"),
                          ("smallControls", "panel controls under 44 px tall")):
            if info[key]:
                problems.append(f"{name}: {what}: {info[key]}")
        small = small_figure_text(site, info["figureSizes"])
        if small:
            problems.append(f"{name}: figure text under {MIN_LABEL_PX} px: {small}")
    if info["coveredFigures"]:
        problems.append(f"{name}: the zoom magnifier covers part of these figures: {info['coveredFigures']}")
    if info["needlessBlocks"]:
        problems.append(f"{name}: inline formulas put on a line of their own though they fit it: {info['needlessBlocks']}")
    if info["late"]:  # not a reader's problem if they loaded (checked next); shown if the test fails
        print(f"{name}: decode() had not settled after 20 s for {info['late']}")
    broken = [i["src"] for i in info["images"] if not i["ok"]]
    if broken:
        problems.append(f"{name}: images that did not load: {broken}")
    if info["lazy"]:
        problems.append(f"{name}: {info['lazy']} figures without loading=lazy")
    if info["mathUntypeset"] or info["mathErrors"]:
        problems.append(f"{name}: math not typeset: {info['mathUntypeset']} ({info['mathErrors']} MathJax errors)")
    if info["thinEquations"]:
        problems.append(f"{name}: display equations drawn 20 px wide or less: {info['thinEquations']}")
    if info["mathTabStops"]:
        problems.append(f"{name}: {info['mathTabStops']} equations are Tab stops")
    if info["rawTex"]:
        problems.append(f"{name}: raw TeX left in the visible text: {info['rawTex']}")
    if info["scrollablesPending"] != 0:
        problems.append(f"{name}: after a Tab, page.js has {info['scrollablesPending']} boxes left to check for sideways scrolling")
    if info["codeBlocks"] and not info["copyButtons"]:
        problems.append(f"{name}: {info['codeBlocks']} code blocks but no copy button (.md-code__button)")
    if info["pageWidth"] > info["screenWidth"]:
        problems.append(f"{name}: the page is {info['pageWidth']} px wide on a {info['screenWidth']} px screen")
    if any(state != "yes" for state in info["dials"]):
        problems.append(f"{name}: the dials panel did not start: {info['dials']}")


def _capture_artefact(request, width: int) -> bool:
    """A phone variant of a figure requested, then dropped, by a full-page screenshot on the desktop.

    Playwright's full-page capture in Chromium passes through a 1 x 1 px viewport (checked: the
    page's `(max-width: 44.98em)` query matches for a moment), so each <picture> starts to fetch
    its phone variant and drops it when the width comes back. No reader's browser does this; on
    the phone, where the variants are the figures shown, a failed one is still an error.
    """
    return width > 720 and "-phone" in request.url.rsplit("/", 1)[-1]


# The pages are shared out in SHARES interleaved groups per width, so the check's workers (pytest-xdist)
# each take some: one test of every page at both widths held one worker for five minutes.
SHARES = 3


@pytest.mark.parametrize("share", range(SHARES))
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_on_a_phone_and_a_desktop_in_both_palettes(server, browser, axe, width, share):
    site, base = server
    shots = site.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    every = html_pages(site)
    assert len(every) >= 15, f"expected the whole book (15 pages), found {len(every)}"
    pages = every[share::SHARES]
    outside: list[str] = []
    problems: list[str] = []

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    start = time.perf_counter()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="light", service_workers="block")
    context.route("**/*", route)
    for path in pages:
        rel = path.relative_to(site).parent.as_posix()
        url = base + ("" if rel == "." else rel + "/")
        page_name = "home" if rel == "." else rel
        page = context.new_page()
        errors: list[str] = []
        fetched: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on("requestfailed", lambda r, errors=errors, width=width: None if _capture_artefact(r, width) else errors.append(f"request failed: {r.url}"))
        page.on("request", lambda r, fetched=fetched: fetched.append(r.url))
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            problems.append(f"{page_name}: HTTP {response.status if response else 'no response'}")
            page.close()
            continue
        # page.js makes the boxes that scroll sideways Tab stops as they near the screen, and all
        # of them at a keyboard reader's first Tab: press it, as such a reader does (focus goes to
        # the skip link), and let go of the focus again.
        page.keyboard.press("Tab")
        page.evaluate("document.activeElement && document.activeElement.blur()")
        toggle = page.locator("form[data-md-component=palette] label:visible").first
        for palette in ("light", "dark"):
            name = f"{page_name} at {width} px, {palette}"
            if palette == "dark":
                # The full-page screenshot resized the window, and a resize sends every box back to
                # be measured again (near the screen, or at the next Tab): that next Tab's keydown,
                # without moving the focus (a real second Tab walks on into the search field).
                page.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Tab', bubbles: true}))")
            info = _settled(page, _INSPECT, palette == "dark", f"{name}, measuring")
            wanted = "default" if palette == "light" else "slate"
            if info["scheme"] != wanted:
                problems.append(f"{name}: the palette is {info['scheme']!r}, not {wanted!r}")
            if palette == "light":
                hidden = [u for u in fetched if u.split("?")[0].endswith("-dark.svg")]
                if hidden:
                    problems.append(f"{name}: the dark palette's figures were fetched: {hidden}")
            _check(name, info, problems, site, phone=width < 600)
            if palette == "light":
                page.add_script_tag(path=str(axe))  # kept by the page when the palette changes
            violations = _settled(page, _AXE, WCAG if palette == "light" else COLOUR_RULES, f"{name}, axe-core")
            if violations:
                problems.append(f"{name}: axe-core, serious or critical: {violations}")
            # The first screen, for a person to look at (nothing is asserted on it); with NNBOOK_FULL_SHOTS=1,
            # whole pages at 1280 px up to MAX_SHOT_HEIGHT (the whole book's captures then take a third of
            # the test's time, and on a phone a chapter is five times as tall).
            full = (FULL_SHOTS and width > 600
                    and page.evaluate("document.documentElement.scrollHeight") <= MAX_SHOT_HEIGHT)
            # Every block rendered, fades ended: a full-page capture does not wait for the blocks that
            # content-visibility leaves for when they near the screen, and would show them blank.
            page.screenshot(path=str(shots / f"{page_name.replace('/', '_')}-{width}-{palette}.png"), full_page=full,
                            style=".md-content__inner > * { content-visibility: visible !important; }",
                            animations="disabled")
            toggle.click()  # to dark, then back to light (the choice is stored for the next page)
            # The toggle's tooltip fades in under the pointer; half-faded, axe would read its text as
            # low-contrast. A reader moves on: so does the pointer, and the check waits for it to go.
            page.mouse.move(0, 0)
            page.wait_for_function("!document.querySelector('.md-tooltip--active')")
            toggle = page.locator("form[data-md-component=palette] label:visible").first
        if errors:
            problems.append(f"{page_name} at {width} px: console errors: {errors}")
        page.close()
    context.close()
    seconds = time.perf_counter() - start
    print(f"\n{len(pages)} of {len(every)} pages checked at {width} px in both palettes in {seconds:.1f} s; screenshots in {shots}")
    assert not outside, f"requests that tried to leave localhost: {sorted(set(outside))}"
    assert not problems, "\n".join(problems)


def test_a_page_script_that_never_finishes_fails_the_check_by_name(browser, monkeypatch):
    """The page check's deadline: a promise that never settles, or a script that throws, ends the test with
    the step named, not a 15-minute wait."""
    monkeypatch.setattr(sys.modules[__name__], "SCRIPT_SECONDS", 1)
    page = browser.new_page()
    page.set_content("<p>a page</p>")
    assert _settled(page, "async (n) => n + 1", 41, "adding") == 42
    with pytest.raises(AssertionError, match="waiting: the page script had not finished after 1 s"):
        _settled(page, "async () => new Promise(() => {})", None, "waiting")
    with pytest.raises(AssertionError, match="throwing: the page script failed: Error: no"):
        _settled(page, "async () => { throw new Error('no'); }", None, "throwing")
    page.close()


def test_search_and_the_palette_toggle_work_offline(server, browser):
    _, base = server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    outside: list[str] = []
    context.route(
        "**/*",
        lambda r: r.continue_() if urlparse(r.request.url).hostname in LOCAL_HOSTS else (outside.append(r.request.url), r.abort()),
    )
    page = context.new_page()
    page.goto(base + "01-function/", wait_until="load")
    # The toggle: clicking it switches <body> to the dark scheme and back, and swaps the figures.
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    first = scheme()
    page.locator("form[data-md-component=palette] label:visible").first.click()
    second = scheme()
    assert {first, second} == {"default", "slate"}, (first, second)
    visible = page.evaluate(
        "[...document.querySelectorAll('article img')].filter(i => i.offsetWidth > 0).map(i => i.getAttribute('src'))"
    )
    wanted = "-dark.svg#only-dark" if second == "slate" else ".svg#only-light"
    assert visible and all(src.endswith(wanted) for src in visible), visible
    # Search runs in a web worker from the site's own index.
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.keyboard.type("sigmoid", delay=30)  # material listens to key events; fill() would not trigger a search
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert page.locator(".md-search-result__item").count() > 0
    context.close()
    assert not outside, outside


def test_a_chapter_prints_cleanly(server, browser):
    """Print media: no copy buttons or navigation, folded solutions open, one variant of each figure, the
    questions' answers after the chapter."""
    _, base = server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark", service_workers="block")
    page = context.new_page()
    page.goto(base + "06-landscape/", wait_until="load")
    page.locator(".nnbook-dials").scroll_into_view_if_needed()  # the panel is built when it comes near
    page.wait_for_selector(".nnbook-dials[data-ready=yes]", timeout=15_000)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what the browser sends before printing
    page.emulate_media(media="print")
    seen = page.evaluate(
        """() => {
        const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
        const figures = [...document.querySelectorAll("article figure")];
        return {
          scheme: document.body.getAttribute("data-md-color-scheme"),
          furniture: [...document.querySelectorAll(".md-code__button, .md-header, .md-sidebar, .md-footer, .md-top")]
            .filter(shown).map(e => e.className),
          closed: [...document.querySelectorAll("article details")].filter(d => !d.open).length,
          solutions: [...document.querySelectorAll("article details")].length,
          perFigure: figures.map(f => [...f.querySelectorAll("img")].filter(shown).map(i => i.getAttribute("src"))),
          questions: document.querySelectorAll("article [data-question]").length,
          answersUnderQuestions: [...document.querySelectorAll("article .nnbook-question__answer")].filter(shown).length,
          answersAfter: [...document.querySelectorAll("article .nnbook-answers")].filter(shown)
            .map(a => ({count: a.querySelectorAll(".nnbook-answers__one").length,
                        afterEveryQuestion: [...document.querySelectorAll("article [data-question]")]
                          .every(q => q.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)})),
        };
      }"""
    )
    assert seen["scheme"] == "default", "paper is white: print in the light palette"
    assert not seen["furniture"], seen["furniture"]
    assert seen["solutions"] and not seen["closed"], "every folded solution prints open"
    assert seen["perFigure"] and all(len(v) == 1 and v[0].endswith("#only-light") for v in seen["perFigure"]), seen["perFigure"]
    # The questions print where they are asked, their answers together after the chapter, as a textbook's do.
    assert seen["questions"] >= 3 and seen["answersUnderQuestions"] == 0, seen
    assert seen["answersAfter"] == [{"count": seen["questions"], "afterEveryQuestion": True}], seen
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate", "the reader's palette comes back"
    context.close()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The site built as the Pages workflow builds it, with its address (site_url) set, and served there.

    Instant navigation needs the sitemap, which lists pages only when site_url is set: the local
    build (`server`) has none, so there every link reloads the page.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dest = tmp_path_factory.mktemp("published") / "site"
    os.environ["NNBOOK_SITE_URL"] = f"http://127.0.0.1:{port}/"
    try:
        result = build(dest, NNBOOK_PDF="0")  # the PDF is printed and checked once, from the shared build
    finally:
        del os.environ["NNBOOK_SITE_URL"]
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(dest, port) as served:
        yield served


def test_instant_navigation_brings_the_panels_and_the_zoom(published, browser):
    """The panels' scripts are only on the pages with a panel: a reader arriving by a link still gets them."""
    _, base = published
    context = browser.new_context(viewport={"width": 390, "height": 900}, service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "05-cost/", wait_until="load")
    assert page.evaluate("document.querySelectorAll('script[src*=\"dials.js\"], script[src*=\"panels.js\"]').length") == 0
    # The theme's instant navigation takes over links when its bundle has run; the questions are set up on its
    # document$ after that (quiz.js), so once they are ready a click is the theme's. Clicked sooner, on a loaded
    # check, the link reloaded the page.
    page.wait_for_function("document.querySelectorAll('[data-question]').length > 0 && "
                           "document.querySelectorAll('[data-question]:not([data-ready])').length === 0")
    page.evaluate("window.__sameDocument = true")  # gone if a link reloads the page
    # Clicked as an element, not at a point: page.js lays the page out again for a while after it loads
    # (tables to cards, wide formulas), and on a loaded machine a click at the link's old place missed it.
    page.evaluate("document.querySelector('a.md-footer__link--next').click()")  # instant navigation: no reload
    page.wait_for_url("**/06-landscape/")
    page.wait_for_selector(".nnbook-dials", state="attached")  # the new page is swapped in
    page.locator(".nnbook-dials").scroll_into_view_if_needed()
    page.wait_for_selector(".nnbook-dials[data-ready=yes]", timeout=15_000)
    # The figure viewer is started again for the new page's figures.
    figure = page.locator("article a.glightbox:visible").first
    figure.scroll_into_view_if_needed()
    figure.click()
    page.wait_for_selector(".glightbox-container", timeout=5_000)
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached", timeout=5_000)
    page.evaluate("document.querySelector('a.md-footer__link--next').click()")
    page.wait_for_url("**/07-descent/")
    page.wait_for_selector("[data-panel=train]", state="attached")
    for panel in ("[data-panel=train]", ".nnbook-dials"):
        page.locator(panel).scroll_into_view_if_needed()
        page.wait_for_selector(f"{panel}[data-ready=yes]", timeout=15_000)
    assert page.evaluate("window.__sameDocument === true"), "a link reloaded the page: no instant navigation tested"
    context.close()
    assert not errors, errors
