// MathJax reads this before it loads (tex-svg-full.js comes after it in mkdocs.yml).
// pymdownx.arithmatex (generic mode) wraps math in \( \) and \[ \] inside .arithmatex.
window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
  svg: { fontCache: "global" },
  startup: { typeset: true },  // the first page is typeset as soon as MathJax has loaded
};

// mkdocs-material swaps page content without a reload when instant navigation
// is on; document$ emits once for the first page (which MathJax's startup
// typesets by itself) and again for every page swapped in: typeset those.
if (typeof document$ !== "undefined") {
  let first = true;
  document$.subscribe(() => {
    if (first) { first = false; return; }
    const mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise || !mj.typesetPromise) return;
    mj.startup.promise = mj.startup.promise.then(() => {
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise();
    });
  });
}
