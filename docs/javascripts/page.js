// Small helpers every page uses: sideways-scrolling boxes a keyboard can reach, and printing.
(function () {
  "use strict";

  // A table or display equation wider than the screen scrolls sideways inside its box. A keyboard
  // user can scroll such a box only if it can take focus, so those boxes (and only those) become
  // Tab stops. Inline math wider than its line (rare, on a phone) cannot wrap: it gets a line of its
  // own that scrolls, like a display equation, instead of widening the page. On a phone, a table
  // wider than the column is shown as one card per row instead (nnbook-stack, in the stylesheet).
  //
  // Measuring a box lays out the part of the page around it, which the stylesheet otherwise leaves
  // for when it nears the screen (content-visibility): measuring every box at load laid out the whole
  // chapter, 250 ms and more of a phone's main thread, and measuring them later when idle still made
  // 100 ms tasks. So a block's boxes are checked when the browser renders the block anyway (near the
  // screen), and all that are left at once when the reader first presses Tab (keydown comes before the
  // focus moves): every wide box is a Tab stop before a keyboard reaches it. Each page is checked when
  // shown (document$), and again when the window changes width.
  //
  // Those checks wait for the browser's next frame and run in a task of their own, a few milliseconds
  // at a time: the frame has just laid the page out, so reading widths then costs nothing, where at
  // document$ (inside the theme's own long start-up task) or in the moment a block is rendered it made
  // the browser lay out the page early, in a task already too long (Lighthouse's blocking time).
  const CANDIDATES = ".md-typeset .md-typeset__scrollwrap, .md-typeset div.arithmatex, .md-typeset span.arithmatex";
  const BLOCK = ".md-content__inner > *";
  let queue = [];
  const phone = window.matchMedia("(max-width: 44.98em)");
  const BUDGET = 8; // ms of main thread a scheduled check takes before it leaves the rest for the next frame

  // Measure a batch first and change the page after: a change between two measurements makes the
  // browser lay the page out again for the next one.
  function check(boxes) {
    // A block the stylesheet has not rendered (content-visibility) has no width of its own content:
    // render the blocks of the batch that are not rendered while it is measured. (Forcing the rendered
    // ones too would send them back to be laid out twice, for nothing.)
    const blocks = new Set(boxes.filter((box) => !rendered(box)).map((box) => box.closest(BLOCK)).filter(Boolean));
    blocks.forEach((block) => { block.style.contentVisibility = "visible"; });
    const inline = boxes.filter((box) => box.matches("span.arithmatex"));
    inline.forEach((math) => math.classList.remove("nnbook-wide"));
    const display = new Map(); // formulas share their paragraphs: ask each element's style once
    const wide = inline.filter((math) => {
      const width = math.getBoundingClientRect().width;
      if (width <= math.parentElement.clientWidth) return false; // fits even its own parent's box
      const line = blockAround(math, display);
      return line && width > line.clientWidth + 1;
    });
    wide.forEach((math) => math.classList.add("nnbook-wide"));
    const tables = boxes.filter((box) => box.matches(".md-typeset__scrollwrap"));
    tables.forEach((box) => box.classList.remove("nnbook-stack"));
    const scrolls = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
    // On a phone, a table too wide for the column becomes one card per row (the stylesheet), each
    // cell headed by its column's name: no column of results hidden off the screen's edge.
    const stacked = phone.matches ? tables.filter((box) => scrolls[boxes.indexOf(box)] && labelCells(box)) : [];
    stacked.forEach((box) => box.classList.add("nnbook-stack"));
    stacked.forEach((box) => { scrolls[boxes.indexOf(box)] = box.scrollWidth > box.clientWidth + 1; });
    boxes.forEach((box, i) => {
      if (scrolls[i]) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
    blocks.forEach((block) => {
      block.style.removeProperty("content-visibility");
      if (!block.style.length) block.removeAttribute("style");
    });
  }

  // Give each body cell of a plain table (a header row, no spanning cells) its column's name;
  // false for a table that cannot be read as cards.
  function labelCells(box) {
    const table = box.querySelector("table:not([class])");
    const heads = table ? [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim()) : [];
    const rows = heads.length ? [...table.querySelectorAll("tbody tr")] : [];
    if (!rows.length || rows.some((tr) => tr.cells.length !== heads.length)) return false;
    rows.forEach((tr) => [...tr.cells].forEach((td, i) => td.setAttribute("data-label", heads[i])));
    return true;
  }

  // The line box a formula sits in is its nearest block ancestor: an inline parent such as <strong>
  // has no clientWidth (0), and comparing with it made every formula in bold text a block of its own.
  function blockAround(node, display) {
    const inline = (el) => {
      if (!display.has(el)) display.set(el, getComputedStyle(el).display.startsWith("inline"));
      return display.get(el);
    };
    let el = node.parentElement;
    while (el && inline(el)) el = el.parentElement;
    return el;
  }

  // Check the boxes still waiting for which `now` is true, and keep the others waiting.
  function checkWhere(now) {
    const ready = queue.filter(now);
    if (!ready.length) return;
    queue = queue.filter((box) => !now(box));
    check(ready);
  }

  // Whether a box is rendered now: a block that skips its contents still counts as visible itself, so
  // for a box that is a whole block, ask its first child.
  function rendered(box) {
    const probe = box.matches(BLOCK) ? box.firstElementChild : box;
    return !probe || !probe.checkVisibility || probe.checkVisibility({ contentVisibilityAuto: true });
  }

  // Run `task` after the browser's next frame (a hidden tab draws none: then after a moment), in a
  // task of its own. quiz.js sets its questions up the same way (page.js runs first: both are deferred).
  function afterFrame(task) {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      setTimeout(task, 0);
    };
    requestAnimationFrame(go);
    setTimeout(go, 250);
  }
  window.nnbookAfterFrame = afterFrame;

  // After the next frame, check the waiting boxes that are rendered, BUDGET ms' worth at a time; what
  // is left waits for the frame after (the checks' own changes are laid out by then).
  let scheduled = false;
  function later() {
    if (scheduled) return;
    scheduled = true;
    afterFrame(run);
  }
  function run() {
    scheduled = false;
    const start = performance.now();
    const ready = queue.filter((box) => box.isConnected && rendered(box));
    let taken = 0;
    while (taken < ready.length && performance.now() - start < BUDGET) {
      const batch = new Set(ready.slice(taken, taken + 16));
      taken += batch.size;
      checkWhere((box) => batch.has(box));
    }
    if (taken < ready.length) later();
  }

  function markScrollable() {
    queue = [...document.querySelectorAll(CANDIDATES)];
    later();
  }
  // How many boxes are still to be checked (the browser test presses Tab, then expects none).
  window.nnbookScrollablesPending = () => queue.length;

  document.addEventListener("contentvisibilityautostatechange", (event) => {
    if (!event.skipped && queue.length) later();
  }, true);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Tab" && queue.length) checkWhere(() => true);
  }, true);

  // The theme's "Back to top" button hides while a panel is on screen (the stylesheet): it sat over
  // the drawing canvas, the dials' map and the train panel's buttons, and a tap there jumped away.
  const onScreen = new Set();
  const watcher = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
    entries.forEach((e) => (e.isIntersecting ? onScreen.add(e.target) : onScreen.delete(e.target)));
    document.documentElement.classList.toggle("nnbook-panel-on-screen", onScreen.size > 0);
  }) : null;
  function watchPanels() {
    if (!watcher) return;
    watcher.disconnect();
    onScreen.clear();
    document.documentElement.classList.remove("nnbook-panel-on-screen");
    document.querySelectorAll("[data-panel], .nnbook-dials").forEach((panel) => watcher.observe(panel));
  }
  const shown = () => { markScrollable(); watchPanels(); };

  if (typeof document$ !== "undefined") document$.subscribe(shown);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", shown);
  else shown();
  let width = window.innerWidth;
  window.addEventListener("resize", () => {
    if (window.innerWidth === width) return; // a phone's address bar sliding away changes only the height
    width = window.innerWidth;
    markScrollable();
  });

  // Printing: paper is white, so a chapter prints in the light palette (its figures' light
  // variants, loaded now if they were still waiting to scroll into view), with every folded
  // solution open. The stylesheet's print rules do the rest; afterprint puts things back.
  let restore = null;
  window.addEventListener("beforeprint", () => {
    const body = document.body;
    const scheme = body.getAttribute("data-md-color-scheme");
    const closed = [...document.querySelectorAll(".md-typeset details:not([open])")];
    closed.forEach((d) => d.setAttribute("open", ""));
    body.setAttribute("data-md-color-scheme", "default");
    document.querySelectorAll('img[loading="lazy"]').forEach((img) => { img.loading = "eager"; });
    restore = () => {
      closed.forEach((d) => d.removeAttribute("open"));
      if (scheme) body.setAttribute("data-md-color-scheme", scheme);
    };
  });
  window.addEventListener("afterprint", () => {
    if (restore) restore();
    restore = null;
  });
})();
