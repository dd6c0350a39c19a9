// What the dials (dials.js) and the draw and train panels (panels.js) share: making elements, and
// building a panel only when it comes near the screen. Loaded just before them, on the pages that
// have a panel (docs/_hooks/loading.py), and run again with them when instant navigation swaps a page in.
(function () {
  "use strict";

  // el("button", {type: "button", text: "Step"}, [children]): attributes set, "text" as textContent.
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  // Build each panel matching `selector` when it comes within 300 px of the screen: drawing a map or
  // loading a network's knobs takes a slow phone's main thread a while, which the page's first seconds
  // should not pay for a panel far below.
  function bootNear(selector, setup) {
    const roots = document.querySelectorAll(selector);
    if (!window.IntersectionObserver) return roots.forEach(setup);
    const seen = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          seen.unobserve(entry.target);
          setup(entry.target);
        }
      },
      { rootMargin: "300px 0px" },
    );
    roots.forEach((root) => seen.observe(root));
  }

  window.nnbookPanelKit = { el, bootNear };
  document.dispatchEvent(new Event("nnbook:panel-kit")); // for a panel script that ran first (dials.js, panels.js)
})();
