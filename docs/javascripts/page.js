// Small helpers every page uses: sideways-scrolling boxes a keyboard can reach, and printing.
(function () {
  "use strict";

  // A table or display equation wider than the screen scrolls sideways inside its box. A keyboard
  // user can scroll such a box only if it can take focus, so those boxes (and only those) become
  // Tab stops. Run for every page (document$) and on resize (math is typeset at build time).
  const BOXES = ".md-typeset .md-typeset__scrollwrap, .md-typeset div.arithmatex, .md-typeset span.arithmatex.nnbook-wide";

  function markScrollable() {
    // Inline math wider than its line (rare, on a phone) cannot wrap: it gets a line of its own
    // that scrolls, like a display equation, instead of widening the page.
    // Measure everything first and change the page after: a change between two measurements makes
    // the browser lay the page out again for the next one (on a chapter with 300 equations, 250 ms).
    const inline = [...document.querySelectorAll(".md-typeset span.arithmatex")];
    inline.forEach((math) => math.classList.remove("nnbook-wide"));
    const wide = inline.filter((math) => {
      const line = math.parentElement;
      return line && math.getBoundingClientRect().width > line.clientWidth + 1;
    });
    wide.forEach((math) => math.classList.add("nnbook-wide"));
    const boxes = [...document.querySelectorAll(BOXES)];
    const scrolls = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
    boxes.forEach((box, i) => {
      if (scrolls[i]) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  window.nnbookMarkScrollable = markScrollable;

  if (typeof document$ !== "undefined") document$.subscribe(markScrollable);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markScrollable);
  else markScrollable();
  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; markScrollable(); });
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
