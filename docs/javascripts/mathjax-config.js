// MathJax reads this before it loads (tex-svg-full.js comes after it in mkdocs.yml).
// pymdownx.arithmatex (generic mode) wraps math in \( \) and \[ \] inside .arithmatex.
window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
  svg: { fontCache: "global" },
  startup: { typeset: true },
};
