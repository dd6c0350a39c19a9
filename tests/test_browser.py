"""Open every page of the built book in headless Chromium and check what a reader would see.

The site is built strictly into a temporary folder and served on 127.0.0.1.
On every page: no request leaves the machine, no console error, every image
(the hidden dark variants too) loads, every equation is typeset by MathJax
with no raw TeX left in the text, and pages with code have copy buttons.
A screenshot of each page in the light and the dark palette is saved next to
the build, in `<tmp>/screenshots/`; the test prints where.

Needs Debian's Chromium at /usr/bin/chromium, driven through Playwright's
Python API (never `playwright install`). Without it the test is skipped with
the reason shown, unless NNBOOK_REQUIRE_BROWSER=1 (CI sets it): then it fails.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_support import browser, server  # noqa: F401  (fixtures shared by the browser tests)
from test_site import html_pages

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
MAX_SHOT_HEIGHT = 15_000  # pixels


# Runs in the page once it has loaded and MathJax has finished.
_INSPECT = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const article = document.querySelector("article.md-content__inner") || document.body;
  const images = [...document.querySelectorAll("img")].map(img => ({
    src: img.getAttribute("src"), ok: img.complete && img.naturalWidth > 0, alt: img.getAttribute("alt") || ""}));
  const math = [...article.querySelectorAll(".arithmatex")];
  const clone = article.cloneNode(true);
  clone.querySelectorAll("pre, code, script, style, mjx-container, .highlight").forEach(e => e.remove());
  const text = clone.textContent;
  return {
    images,
    mathBlocks: math.length,
    mathUntypeset: math.filter(e => !e.querySelector("mjx-container")).map(e => e.textContent.slice(0, 60)),
    mathErrors: article.querySelectorAll("mjx-merror, [data-mjx-error]").length,
    rawTex: ["$$", "\\\\(", "\\\\[", "\\\\begin{"].filter(s => text.includes(s)),
    codeBlocks: article.querySelectorAll("div.highlight pre > code, pre > code").length,
    copyButtons: article.querySelectorAll(".md-code__button").length,
  };
}
"""


def test_every_page_in_a_real_browser(server, browser):
    site, base = server
    shots = site.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    pages = html_pages(site)
    assert len(pages) >= 15, f"expected the whole book (15 pages), found {len(pages)}"
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    problems: list[str] = []
    start = time.perf_counter()
    for path in pages:
        rel = path.relative_to(site).parent.as_posix()
        url = base + ("" if rel == "." else rel + "/")
        name = "home" if rel == "." else rel
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on("requestfailed", lambda r, errors=errors: errors.append(f"request failed: {r.url}"))
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            problems.append(f"{name}: HTTP {response.status if response else 'no response'}")
            page.close()
            continue
        info = page.evaluate(_INSPECT)
        broken = [i["src"] for i in info["images"] if not i["ok"]]
        if broken:
            problems.append(f"{name}: images that did not load: {broken}")
        if info["mathUntypeset"] or info["mathErrors"]:
            problems.append(f"{name}: math not typeset: {info['mathUntypeset']} ({info['mathErrors']} MathJax errors)")
        if info["rawTex"]:
            problems.append(f"{name}: raw TeX left in the visible text: {info['rawTex']}")
        if info["codeBlocks"] and not info["copyButtons"]:
            problems.append(f"{name}: {info['codeBlocks']} code blocks but no copy button (.md-code__button)")
        # The whole page, except very long ones (the API reference), where the first screen is enough
        # and a full capture would take most of the test's time.
        full = page.evaluate("document.documentElement.scrollHeight") <= MAX_SHOT_HEIGHT
        for scheme, suffix in (("default", "light"), ("slate", "dark")):
            # What the palette toggle does: set the scheme on <body>; #only-light/#only-dark images follow it.
            page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            page.screenshot(path=str(shots / f"{name}-{suffix}.png"), full_page=full)
        if errors:
            problems.append(f"{name}: console errors: {errors}")
        page.close()
    context.close()
    seconds = time.perf_counter() - start
    print(f"\n{len(pages)} pages checked in {seconds:.1f} s; screenshots (light and dark) in {shots}")
    assert not outside, f"requests that tried to leave localhost: {sorted(set(outside))}"
    assert not problems, "\n".join(problems)


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
