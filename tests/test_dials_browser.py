"""The dials-and-landscape panel, used in headless Chromium as a reader would use it.

The site is built strictly into a temporary folder and served on 127.0.0.1.
On the landscape page the test turns the dials from the keyboard and by
setting a value, and checks that the cost shown is the data file's at that
point (exactly, at a grid point; bilinearly interpolated in between), that a
step downhill lowers it by the step the data predicts, that run, reset and the
learning rate work, that the map is repainted when the palette changes, and
that nothing is logged as an error. With scripts off, the static figure shows.
Screenshots of the panel in both palettes go to `<tmp>/screenshots/`.

Needs Debian's Chromium at /usr/bin/chromium, driven through Playwright's
Python API (never `playwright install`). Without it the test is skipped with
the reason shown, unless NNBOOK_REQUIRE_BROWSER=1: then it fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_support import browser, server  # noqa: F401  (fixtures shared by the browser tests)

ROOT = Path(__file__).resolve().parent.parent
from figures import ch06_dials  # noqa: E402

pytestmark = pytest.mark.browser

SUB = 4  # slider positions per grid cell, as in docs/javascripts/dials.js
PANEL = ".nnbook-dials"
COST = f"{PANEL} .nnbook-dials__cost-value"


def _open(browser, url: str, errors: list[str], **options):
    """A page with console errors, page errors, failed requests and requests leaving localhost recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block", **options)

    def route(r):
        if urlparse(r.request.url).hostname in {"127.0.0.1", "localhost"} or r.request.url.startswith("data:"):
            r.continue_()
        else:
            errors.append(f"request left the machine: {r.request.url}")
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.goto(url, wait_until="load")
    return context, page


def _ready(page) -> None:
    """Scroll the panel into view (it is built only when near the screen) and wait until it is."""
    page.locator(PANEL).scroll_into_view_if_needed()
    page.wait_for_selector(f"{PANEL}[data-ready=yes]", timeout=15_000)


def _shown(page) -> tuple[str, float]:
    """The cost the panel shows, as text and as the full number behind it."""
    out = page.locator(COST)
    return out.text_content(), float(out.get_attribute("data-value"))


def test_turning_the_dials_and_stepping_downhill(server, browser):
    site, base = server
    data = json.loads((site / "data" / "dials.json").read_text())
    cost = data["cost"]
    x0 = round((data["start"][0] - data["s"]["min"]) / data["s"]["step"])
    y0 = round((data["start"][1] - data["t"]["min"]) / data["t"]["step"])
    errors: list[str] = []
    context, page = _open(browser, base + "06-landscape/", errors)
    _ready(page)
    assert page.locator(f"{PANEL} .nnbook-dials__static").is_hidden()

    # At the start, the cost is the data file's at the start's grid point.
    assert _shown(page) == (f"{cost[y0][x0]:.4f}", cost[y0][x0])

    # Keyboard: one grid cell up along t, then one along s; the cost is exactly the file's there.
    s_dial, t_dial = page.locator(f"{PANEL} input[type=range]").nth(0), page.locator(f"{PANEL} input[type=range]").nth(1)
    t_dial.focus()
    for _ in range(SUB):
        page.keyboard.press("ArrowUp")
    assert _shown(page) == (f"{cost[y0 + 1][x0]:.4f}", cost[y0 + 1][x0])
    s_dial.focus()
    for _ in range(SUB):
        page.keyboard.press("ArrowRight")
    assert _shown(page) == (f"{cost[y0 + 1][x0 + 1]:.4f}", cost[y0 + 1][x0 + 1])
    # Half a cell further along s: between grid points, the bilinear value.
    for _ in range(SUB // 2):
        page.keyboard.press("ArrowRight")
    s, t = (data["s"]["min"] + (x0 + 1.5) * data["s"]["step"], data["t"]["min"] + (y0 + 1) * data["t"]["step"])
    between = ch06_dials.at(data, s, t)[0]
    text, value = _shown(page)
    assert value == pytest.approx(between, rel=1e-12) and text == f"{between:.4f}"
    # Setting a dial's value directly (as a drag does) lands on the grid point it names.
    s_dial.fill(str(47 * SUB))
    assert _shown(page) == (f"{cost[y0 + 1][47]:.4f}", cost[y0 + 1][47])

    # Reset, then one step downhill: the cost goes down, to where the data says one step lands.
    page.get_by_role("button", name="Reset").click()
    start = _shown(page)[1]
    assert start == cost[y0][x0]
    page.get_by_role("button", name="Step downhill").click()
    after = _shown(page)[1]
    one_step = ch06_dials.walk(data, data["eta"], 1)[-1]
    assert after < start
    assert after == pytest.approx(ch06_dials.at(data, *one_step)[0], rel=1e-9)
    assert "went down" in page.locator(f"{PANEL} .nnbook-dials__status").text_content()
    # The step button from the keyboard too.
    page.get_by_role("button", name="Step downhill").focus()
    page.keyboard.press("Enter")
    two_steps = _shown(page)[1]
    assert two_steps == pytest.approx(ch06_dials.at(data, *ch06_dials.walk(data, data["eta"], 2)[-1])[0], rel=1e-9)

    # Run keeps stepping until paused; the cost keeps falling.
    run = page.locator(f"{PANEL} button.nnbook-dials__run")  # its name changes from Run to Pause
    assert run.text_content() == "Run"
    run.click()
    assert run.get_attribute("aria-pressed") == "true" and run.text_content() == "Pause"
    page.wait_for_function(  # eight steps taken (the walk zigzags down: from the 5th on it is below the start)
        f"parseInt(document.querySelector('{PANEL} .nnbook-dials__status').textContent.split(':')[0].trim().split(/\\s+/).pop()) >= 8")
    run.click()
    assert run.get_attribute("aria-pressed") == "false" and run.text_content() == "Run"
    ran = _shown(page)[1]
    taken = int(page.locator(f"{PANEL} .nnbook-dials__status").text_content().split(":")[0].split()[-1])
    assert taken > 2, "run took no steps"
    assert ran == pytest.approx(ch06_dials.at(data, *ch06_dials.walk(data, data["eta"], taken)[-1])[0], rel=1e-9)
    assert ran < start

    # Screenshots of the panel in both palettes; the map is repainted when the palette changes.
    shots = site.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    panel = page.locator(f"{PANEL} .nnbook-dials__panel")
    page.add_style_tag(content=".md-header, .md-top { visibility: hidden !important; }")  # nothing over the panel
    panel.scroll_into_view_if_needed()
    pixels = {}
    page.evaluate(f"window.__map = document.querySelector('{PANEL} canvas').toDataURL()")  # as painted now (light)
    for scheme, suffix in (("default", "light"), ("slate", "dark")):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        if scheme == "slate":  # wait for the repaint, not for a fixed time; no repaint times out and fails
            page.wait_for_function(f"document.querySelector('{PANEL} canvas').toDataURL() !== window.__map")
        pixels[scheme] = page.evaluate(f"document.querySelector('{PANEL} canvas').toDataURL()")
        panel.screenshot(path=str(shots / f"dials-{suffix}.png"))
    assert pixels["default"] != pixels["slate"], "the map was not repainted for the dark palette"
    print(f"\nscreenshots of the dials panel in {shots}")

    # The largest learning rate: steps soon try to leave the map, and the panel says so instead of jumping off.
    page.get_by_role("button", name="Reset").click()
    page.locator(f"{PANEL} input[type=range]").nth(2).focus()
    page.keyboard.press("End")
    assert page.locator(f"{PANEL} output[for$='-eta']").text_content() == str(max(data["etas"]))
    for _ in range(20):
        page.get_by_role("button", name="Step downhill").click()
        if "leave the map" in page.locator(f"{PANEL} .nnbook-dials__status").text_content():
            break
    else:
        pytest.fail("with the largest learning rate the walk never tried to leave the map")

    context.close()
    assert not errors, errors


def test_the_panel_speaks_to_a_screen_reader(server, browser):
    """A dial turned from the keyboard says the cost; Run speaks at most every 2 s; the map's label follows."""
    _, base = server
    errors: list[str] = []
    context, page = _open(browser, base + "06-landscape/", errors)
    _ready(page)
    said = page.locator(f"{PANEL} [role=status][aria-live=polite]")
    assert said.count() == 1, "one live region speaks for the panel"
    # The values beside the dials are <output>s, live regions by default: they must stay quiet.
    assert page.locator(f"{PANEL} output:not([aria-live=off])").count() == 0
    canvas = page.locator(f"{PANEL} canvas")

    s_dial = page.locator(f"{PANEL} input[type=range]").nth(0)
    s_dial.focus()
    page.keyboard.press("ArrowRight")
    shown = _shown(page)[0]
    s_value = page.locator(f"{PANEL} output.nnbook-dials__value").nth(0).text_content()
    assert said.text_content() == f"You turned dial s to {s_value}: the cost is {shown}."
    assert f"s = {s_value}" in canvas.get_attribute("aria-label") and shown in canvas.get_attribute("aria-label")

    # Run: the visible status changes every step, the live region at most every SAY_EVERY ms.
    page.evaluate(
        """() => { window.__said = []; const region = document.querySelector('.nnbook-dials [role=status]');
        new MutationObserver(() => window.__said.push([performance.now(), region.textContent]))
          .observe(region, {childList: true, characterData: true, subtree: true}); }"""
    )
    run = page.locator(f"{PANEL} button.nnbook-dials__run")
    run.click()
    page.wait_for_timeout(4500)
    run.click()
    status = page.locator(f"{PANEL} .nnbook-dials__status").text_content()
    steps = int(status.split(":")[0].split()[-1])
    times = [t for t, _ in page.evaluate("window.__said")]
    gaps = [b - a for a, b in zip(times, times[1:-1])]  # the last one, at Pause, is said at once
    assert steps >= 10, f"the run took only {steps} steps"
    assert len(times) <= 5, f"{len(times)} announcements for {steps} steps in 4.5 s"
    assert all(gap >= 1900 for gap in gaps), gaps
    assert said.text_content() == status, "Pause says where the run stopped"
    assert f"after {steps} steps" in canvas.get_attribute("aria-label")
    context.close()
    assert not errors, errors


def test_the_panel_on_the_descent_page_and_nothing_elsewhere(server, browser):
    _, base = server
    errors: list[str] = []
    context, page = _open(browser, base + "07-descent/", errors)
    _ready(page)
    assert page.locator(f"{PANEL} canvas").count() == 1
    page.goto(base + "05-cost/", wait_until="load")
    assert page.locator(f"{PANEL}, .nnbook-dials__panel").count() == 0
    context.close()
    assert not errors, errors


def test_without_scripts_the_static_figure_and_its_note_show(server, browser):
    _, base = server
    errors: list[str] = []
    context, page = _open(browser, base + "06-landscape/", errors, java_script_enabled=False)
    static = page.locator(f"{PANEL} .nnbook-dials__static")
    assert static.is_visible()
    shown = page.evaluate(
        f"[...document.querySelectorAll('{PANEL} img')].filter(i => i.offsetWidth > 0 && i.complete && i.naturalWidth > 0)"
        ".map(i => i.getAttribute('src'))"
    )
    assert len(shown) == 1 and "ch06_dials" in shown[0], shown
    assert "JavaScript" in static.text_content()
    context.close()
    assert not errors, errors
