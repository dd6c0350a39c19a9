"""What a page loads, and when: nothing blocks the first paint that the first paint does not need.

Measured with Lighthouse (mobile) on the built site, the scripts and stylesheets
in the way of the first paint cost a chapter most of a second. So, on every page:

- the theme's bundle and mkdocs-glightbox's script are `defer`red (they run
  after the page is parsed, in the order they appear), and glightbox's start-up
  script, which needs both, becomes a module script: modules run after the
  deferred scripts before them;
- glightbox's stylesheet, which styles only the zoomed view, moves to the end of
  the body, where it no longer holds back the first paint;
- mkdocstrings' stylesheet stays on the page that shows the API reference only;
- on that page, mkdocstrings' type names that link nowhere (`<span title="numpy.ndarray">ndarray</span>`,
  263 of them) lose their `title`: the theme sets up a tooltip for every element with a title at
  start-up, and on the API page that cost a third of a 1.3-2.0 s blocking time (0.7-1.4 s without;
  Lighthouse mobile, ten runs with and eight without); the full name on hover was all they gave;
- the panels' scripts go on the pages that have a panel, inside the page's
  content (`md-container`): with instant navigation the theme runs the scripts it
  finds there on every page it swaps in, so a reader who arrives from a page with
  no panel still gets them. The scripts start their panels when they run.

Each edit checks that what it edits is there exactly once, so a theme or plugin
update that moves things breaks the build instead of silently undoing this.
"""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

# Script files a page with such a panel needs, in the order they must run.
PANEL_SCRIPTS = {
    'class="nnbook-dials"': ["javascripts/panel-kit.js", "javascripts/dials.js"],
    "data-panel=": ["javascripts/panel-kit.js", "javascripts/nnbook-net.js", "javascripts/panels.js"],
}


def _once(pattern: str, repl, html: str, what: str, page) -> str:
    new, n = re.subn(pattern, repl, html, flags=re.S)
    if n != 1:
        raise ValueError(f"docs/_hooks/loading.py: expected one {what} on {page.file.src_uri}, found {n}")
    return new


_SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'


def name_the_search_dialog(html: str) -> str:
    """The theme's search is a dialog with no name (axe-core's aria-dialog-name, Lighthouse): give it one.

    Done here rather than by copying the theme's search.html into overrides/, so theme upgrades flow through;
    a theme whose search markup changed stops the build instead of shipping an unnamed dialog.
    """
    if html.count(_SEARCH) != 1:
        raise ValueError("docs/_hooks/loading.py: the theme's search dialog markup changed; name the dialog anew")
    return html.replace(_SEARCH, _SEARCH[:-1] + ' aria-label="Search the book">', 1)


def on_post_template(output: str, template_name: str, config) -> str:
    return name_the_search_dialog(output) if _SEARCH in output else output  # 404.html


def on_post_page(output: str, page, config) -> str:
    output = name_the_search_dialog(output)
    out = _once(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>',
                r'<script src="\1" defer></script>', output, "theme bundle", page)
    if 'id="init-glightbox"' in out:
        out = _once(r'<script src="([^"]*assets/javascripts/glightbox\.min\.js)"></script>',
                    r'<script src="\1" defer></script>', out, "glightbox script", page)
        out = _once(r'<script id="init-glightbox">', '<script id="init-glightbox" type="module">', out,
                    "glightbox start-up script", page)
        link = re.search(r'<link href="[^"]*assets/stylesheets/glightbox\.min\.css" rel="stylesheet">', out)
        if link is None:
            raise ValueError(f"docs/_hooks/loading.py: no glightbox stylesheet on {page.file.src_uri}")
        out = out.replace(link.group(0), "", 1)
        out = _once(r"</body>", link.group(0) + "\n</body>", out, "</body>", page)
    if 'class="doc doc-' not in out:
        out = _once(r'<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">\s*', "", out,
                    "mkdocstrings stylesheet", page)
    else:
        out = re.sub(r'<span title="[\w.]+">', "<span>", out)  # unlinked type names: see the top of this file
    scripts = list(dict.fromkeys(src for marker, srcs in PANEL_SCRIPTS.items() if marker in page.content for src in srcs))
    if scripts:
        tags = "".join(f'<script src="{get_relative_url(src, page.url)}" defer></script>' for src in scripts)
        out = _once(r"</article>", tags + "</article>", out, "</article>", page)
    return out
