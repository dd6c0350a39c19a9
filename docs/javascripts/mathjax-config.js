// Loads MathJax only on pages that have math, and typesets every page instant navigation swaps in.
// pymdownx.arithmatex (generic mode) wraps math in \( \) and \[ \] inside .arithmatex.
(function () {
  "use strict";

  // tex-chtml-full.js (1.3 MB, served from the site by docs/_hooks/offline_math.py) sits beside this
  // file's folder; resolve it from this script's own address so it works at any depth and base URL.
  const here = document.currentScript && document.currentScript.src;
  const SOURCE = new URL("../assets/mathjax/tex-chtml-full.js", here || document.baseURI).href;

  window.MathJax = {
    tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
    options: {
      ignoreHtmlClass: ".*|",
      processHtmlClass: "arithmatex",
      // Equations keep MathJax's menu and the hidden MathML screen readers read, but are not
      // Tab stops: 119 of chapter 9's 425 Tab stops were equations.
      menuOptions: { settings: { inTabOrder: false } },
    },
    chtml: { fontURL: new URL("../assets/mathjax/output/chtml/fonts/woff-v2", here || document.baseURI).href },
    startup: {
      typeset: true, // the page MathJax was loaded on is typeset as soon as it has loaded
      pageReady() {
        return MathJax.startup.defaultPageReady().then(markWideEquations);
      },
    },
  };

  // Typesetting changes the widths of equations and of tables with math: page.js then marks
  // the boxes that scroll sideways as focusable.
  function markWideEquations() {
    if (window.nnbookMarkScrollable) window.nnbookMarkScrollable();
  }

  function hasMath() {
    return document.querySelector(".arithmatex") !== null;
  }

  let loading = false;
  function load() {
    if (loading || !hasMath()) return;
    loading = true;
    const script = document.createElement("script");
    script.src = SOURCE;
    script.async = true;
    document.head.append(script);
  }

  // document$ (mkdocs-material) emits for the first page and for every page instant navigation
  // swaps in. MathJax is loaded the first time a page with math shows; later pages are typeset.
  function onPage() {
    const mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise || !mj.typesetPromise) return load();
    if (!hasMath()) return;
    mj.startup.promise = mj.startup.promise.then(() => {
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise().then(markWideEquations);
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(onPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
