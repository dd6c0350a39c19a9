// A table or display equation wider than the screen scrolls sideways inside its box. A keyboard
// user can scroll such a box only if it can take focus, so those boxes (and only those) become
// Tab stops. Run for every page (document$), on resize, and by mathjax-config.js after typesetting,
// since math changes the boxes' widths.
(function () {
  "use strict";

  const BOXES = ".md-typeset .md-typeset__scrollwrap, .md-typeset div.arithmatex";

  function mark() {
    for (const box of document.querySelectorAll(BOXES)) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    }
  }

  window.nnbookMarkScrollable = mark;
  if (typeof document$ !== "undefined") document$.subscribe(mark);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; mark(); });
  });
})();
