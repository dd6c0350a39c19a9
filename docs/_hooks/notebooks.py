"""Publish every chapter (1-11) as a Jupyter notebook with the site, and link it from the chapter.

At build (and `mkdocs serve`) time each chapter's Markdown becomes
`notebooks/<page>.ipynb` in the site, never in the repository:

- the prose and math become markdown cells (split at `##` headings); admonitions
  become block quotes with their title in bold; the HTML comments that mark
  tests are dropped;
- every python block becomes a code cell, in page order, with its `--8<--`
  includes expanded by pymdownx.snippets with the options in mkdocs.yml, so a
  cell holds exactly the code the built page shows; other blocks (printed
  output, shell commands) stay in the markdown, as the page shows them;
- figures keep the light-palette variant and travel inside the notebook, so a
  downloaded notebook shows them offline: each becomes an `<img>` whose `src`
  is the figure file's own bytes as a base64 `data:` URL (SVG as
  image/svg+xml), with the page's alt text; its caption becomes a paragraph.
  Not a cell attachment (`attachment:name`), though nbformat has them: JupyterLab
  (and so Notebook 7) refuses an image/svg+xml attachment, "Cannot render
  unknown image mime type" (seen in JupyterLab 4.6), and Colab renders no
  attachments (googlecolab/colabtools#3836). Not a markdown `![](data:...)`
  either: markdown-it, which VS Code uses, accepts only gif/png/jpeg/webp
  `data:` links. The `<img>` tag shows in JupyterLab and nbconvert's HTML
  (both tried) and passes markdown-it's html option untouched;
- links into the book point at the published site (absolute URLs from
  `site_url`), or, without `site_url`, relative to the notebook's place in the
  built site: they are links, not content;
- a first code cell installs nnbook only where it is not importable already
  (from `repo_url` at the commit being built, when the site has a `repo_url`;
  otherwise it stops with what to do) and says where the MNIST files will
  come from.

Each chapter page gets, under its title, "Download this chapter as a
notebook" and, when `repo_url` is a GitHub repository, "Open in Colab". Colab
opens notebooks only from a GitHub repository, so the Pages workflow pushes
the built notebooks to the branch NOTEBOOK_BRANCH; without `repo_url` (a
local build) there is no Colab link, rather than an invented address.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import os
import posixpath
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nbformat
from mkdocs.structure.files import File

CHAPTER = re.compile(r"^(?:0[1-9]|1[01])-[\w-]+\.md$")
FOLDER = "notebooks"
NOTEBOOK_BRANCH = "notebooks"  # .github/workflows/pages.yml pushes the built notebooks here
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[ \t]*([\w+-]*)(.*)$")
_ADMONITION = re.compile(r'^([ \t]*)(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+"(.*)")?[ \t]*$')
_LANGUAGE = {"py": "python", "python3": "python"}
_LINK = re.compile(r"(\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")
_NOTE = re.compile(r'^<p class="nnbook-[\w-]*__note">.*</p>$')
_DIV = re.compile(r"^</?div\b[^>]*>$")
_COMMENT = re.compile(r"^<!--.*-->$")
_DARK = re.compile(r"^!\[[^\]]*\]\([^)]*#only-dark\)$")
_INCLUDE = re.compile(r'^([ \t]*)(?:-|;){1,}8<-+[ \t]+"(nnbook/[^"]+)"', re.M)
_MARK = "#nnbook-included "
_IMAGE = re.compile(r'!\[([^\]]*)\]\(([^)\s]+)(?:\s+"([^"]*)")?\)')
_CAPTION = re.compile(r"^///(?:[ \t]+figure-caption)?[ \t]*$")  # pymdownx.blocks.caption's fences
MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
        ".gif": "image/gif", ".webp": "image/webp"}


def notebook_name(src_uri: str) -> str:
    """`01-function.md` -> `01-function.ipynb`."""
    return Path(src_uri).with_suffix(".ipynb").name


def page_address(src_uri: str, base: str) -> str:
    """The built page of a Markdown file (directory URLs), under `base`: `05-cost.md` -> `base + '05-cost/'`."""
    stem = Path(src_uri).with_suffix("").as_posix()
    if stem == "index":
        return base
    return base + (stem[: -len("/index")] + "/" if stem.endswith("/index") else stem + "/")


def expand_snippets(text: str, options: dict, root: Path) -> str:
    """The page with each `--8<--` include replaced by what it includes, as mkdocs does with `options`."""
    options = dict(options)
    bases = options.get("base_path", ["."])
    options["base_path"] = [str(root / b) for b in ([bases] if isinstance(bases, str) else bases)]
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))


def embed_figures(line: str, src_uri: str, read: Callable[[str], bytes]) -> str:
    """Each figure `![alt](figures/x.svg#only-light)` of a line as an `<img>` carrying the file's bytes.

    `read` gives a site file's bytes from its path under docs/ (a figure's address is relative to the
    page `src_uri`). A figure that is not a file of the site (an http address) is an error: the
    notebook would need the internet to show it.
    """

    def embed(match: re.Match) -> str:
        alt, target, title = match.groups()
        path = target.partition("#")[0]
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", path, re.I):
            raise ValueError(f"figure {target!r}: a figure must be a file of the site, to travel inside the notebook")
        path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        mime = MIME.get(Path(path).suffix.lower())
        if mime is None:
            raise ValueError(f"figure {target!r}: no MIME type known for {Path(path).suffix!r} (known: {', '.join(MIME)})")
        data = base64.b64encode(read(path)).decode("ascii")
        extra = f' title="{html.escape(title)}"' if title else ""
        return f'<img src="data:{mime};base64,{data}" alt="{html.escape(alt)}"{extra} />'

    return _IMAGE.sub(embed, line)


def _rewrite_links(line: str, src_uri: str, base: str) -> str:
    """Point relative links at the site (`base`)."""

    def fix(match: re.Match) -> str:
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            return match.group(0)  # already absolute (https:, mailto:)
        path, _, anchor = target.partition("#")
        if not path:
            address = page_address(src_uri, base) + "#" + anchor  # an anchor on this chapter's page
        elif path.endswith(".md"):
            address = page_address(path, base) + ("#" + anchor if anchor else "")
        else:  # a file the site serves
            address = base + path + ("#" + anchor if anchor else "")
        return match.group(1) + address + match.group(3)

    return _LINK.sub(fix, line)


def to_cells(text: str, src_uri: str, base: str, read: Callable[[str], bytes]) -> list:
    """The notebook cells for a page's Markdown (snippets already expanded); `read` gives a figure's bytes."""
    cells: list = []
    prose: list[str] = []
    quotes: list[int] = []  # the body indentation of each open admonition
    blanks = 0
    page = page_address(src_uri, base)

    def flush() -> None:
        while prose and not prose[0].strip("> "):
            prose.pop(0)  # a cell does not start or end with empty lines (quoted or not)
        while prose and not prose[-1].strip("> "):
            prose.pop()
        if prose:
            cells.append(nbformat.v4.new_markdown_cell("\n".join(prose)))
        prose.clear()

    def say(line: str, indent: int = 0) -> None:
        nonlocal blanks
        prefix = "> " * len(quotes)
        prose.extend([prefix.rstrip()] * blanks)
        blanks = 0
        prose.append(prefix + line[indent:] if line.strip() else prefix.rstrip())

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            blanks += 1
            continue
        indent = len(line) - len(line.lstrip())
        while quotes and indent < quotes[-1]:
            quotes.pop()
            if blanks:
                blanks = 1  # end of a quote: one plain blank line
        body = quotes[-1] if quotes else 0
        stripped = line.strip()
        if _COMMENT.match(stripped) or _DIV.match(stripped) or _DARK.match(stripped):
            continue
        if _CAPTION.match(stripped):  # the caption becomes a paragraph of its own, under its figure
            if not blanks and i < len(lines) and lines[i].strip():
                blanks = 1
            continue
        if _NOTE.match(stripped):
            say(f"*On [the chapter's page]({page}) this picture is an interactive panel.*")
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            title = admonition.group(3) or admonition.group(2).capitalize()
            prose.extend([("> " * len(quotes)).rstrip()] * max(blanks, 1))  # a quote of its own, not a continuation
            blanks = 0
            quotes.append(indent + 4)
            say(f"**{title}**")
            blanks = 1  # the title is a paragraph of its own
            continue
        fence = _FENCE.match(line)
        if fence:
            lead, marks, language, info = fence.groups()
            block = []
            while i < len(lines) and not re.match(rf"^[ \t]*{marks[0]}{{{len(marks)},}}[ \t]*$", lines[i]):
                block.append(lines[i][len(lead):] if lines[i][: len(lead)].strip() == "" else lines[i].lstrip())
                i += 1
            i += 1  # the closing fence
            if _LANGUAGE.get(language, language) == "python":
                title = re.search(r'title="([^"]*)"', info)
                if title:
                    say(f"**`{title.group(1)}`**")
                flush()
                included = [b.strip()[len(_MARK):] for b in block if b.strip().startswith(_MARK)]
                code = "\n".join(b for b in block if not b.strip().startswith(_MARK)).strip("\n")
                cells.append(nbformat.v4.new_code_cell(code))
                if included:  # package code, as the page includes it; the tests need to know which cells
                    cells[-1].metadata["nnbook"] = {"included": included}
                blanks = 0
            else:
                for kept in [f"{marks}{language}", *block, marks]:
                    say(kept)
            continue
        if not quotes and stripped.startswith("## "):
            flush()
            blanks = 0
        say(_rewrite_links(embed_figures(line, src_uri, read), src_uri, base), min(indent, body))
    flush()
    return cells


def install_cell(title: str, page: str, repo_url: str | None, ref: str | None) -> str:
    """The first cell: install nnbook where it is missing, say where MNIST will come from, leave no names behind."""
    if repo_url:
        source = f"git+{repo_url.rstrip('/')}.git" + (f"@{ref}" if ref else "")
        missing = (
            f'    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "{source}"], check=True)\n'
            "    importlib.invalidate_caches()\n"
        )
        how = f"# This cell installs nnbook, the book's code, from {repo_url}" + (
            f" at the commit this notebook was built from ({ref[:12]}),\n" if ref else ",\n"
        )
        how += "# unless it is importable already.\n"
    else:
        missing = (
            '    raise ModuleNotFoundError(\n'
            '        "nnbook is not installed in this Python. In a clone of the book\'s repository, run "\n'
            '        "`pip install -e .` in this Python\'s environment, then restart the kernel and run this cell again."\n'
            "    )\n"
        )
        how = "# This cell checks that nnbook, the book's code, is importable. This notebook was built without\n"
        how += "# the repository's address: install nnbook with `pip install -e .` in a clone of the repository.\n"
    return (
        f"# {title}: the chapter of nnbook at {page}, as a notebook.\n"
        + how
        + "# The MNIST digits: nnbook.mnist.load reads them from the folder named by $NNBOOK_DATA when it is set,\n"
        "# else from the cache folder ~/.cache/nnbook/mnist, downloading them there (about 12 MB) if missing.\n"
        "import importlib.util\n"
        "import os\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if importlib.util.find_spec("nnbook") is None:\n'
        + missing
        + "import nnbook.mnist\n"
        "\n"
        'print("nnbook", nnbook.__version__, "from", os.path.dirname(nnbook.__file__))\n'
        'if os.environ.get("NNBOOK_DATA"):\n'
        '    print("MNIST will be read from $NNBOOK_DATA:", os.environ["NNBOOK_DATA"])\n'
        "else:\n"
        '    print("MNIST will be read from", nnbook.mnist.cache_dir(), "(downloaded there if missing)")\n'
        "del importlib, os, subprocess, sys, nnbook  # each later cell imports what it uses, as on the page"
    )


def build_notebook(text: str, src_uri: str, *, options: dict, root: Path, site_url: str | None,
                   repo_url: str | None, ref: str | None, read: Callable[[str], bytes]) -> nbformat.NotebookNode:
    """The notebook for one chapter page, from its Markdown source; `read(path)` gives a site file's bytes."""
    base = site_url.rstrip("/") + "/" if site_url else "../"
    title = re.search(r"^# (.+)$", text, re.M)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    first = install_cell(title.group(1) if title else src_uri, page_address(src_uri, base), repo_url, ref)
    marked = _INCLUDE.sub(lambda m: f"{m.group(1)}{_MARK}{m.group(2)}\n{m.group(0)}", text)  # survives expansion
    nb.cells = [nbformat.v4.new_code_cell(first), *to_cells(expand_snippets(marked, options, root), src_uri, base, read)]
    for n, cell in enumerate(nb.cells):
        cell["id"] = f"{Path(src_uri).stem}-{n}"  # stable ids: the same page gives the same bytes
    nbformat.validate(nb)
    return nb


def colab_address(repo_url: str | None, name: str) -> str | None:
    """Where Colab opens a published notebook, for a GitHub `repo_url`; None otherwise."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    owner_repo = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc.lower() not in {"github.com", "www.github.com"} or len(owner_repo) != 2:
        return None
    return f"https://colab.research.google.com/github/{'/'.join(owner_repo)}/blob/{NOTEBOOK_BRANCH}/{name}"


def links(src_uri: str, repo_url: str | None) -> str:
    """The line of links a chapter shows under its title."""
    name = notebook_name(src_uri)
    line = f'[Download this chapter as a notebook]({FOLDER}/{name}){{ download="{name}" }}'
    colab = colab_address(repo_url, name)
    if colab:
        line += f" · [Open in Colab]({colab})"
    return line


def _questions_hook():
    """docs/_hooks/questions.py as a module (mkdocs loads each hook on its own; this one needs its functions)."""
    import importlib.util
    import sys

    name = "nnbook_questions_hook"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("questions.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _commit(root: Path) -> str | None:
    """The commit being built: $GITHUB_SHA in GitHub Actions, else git's HEAD, else None."""
    if os.environ.get("GITHUB_SHA"):
        return os.environ["GITHUB_SHA"]
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except OSError:
        return None
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def _quotes():
    """figures/quotes.py, which renders the numbers a page quotes by name (the page hook docs/_hooks/quotes.py too)."""
    spec = importlib.util.spec_from_file_location("nnbook_quotes", Path(__file__).resolve().parents[2] / "figures" / "quotes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_files(files, config):
    root = Path(config["config_file_path"]).resolve().parent
    options = config["mdx_configs"].get("pymdownx.snippets", {})
    ref = _commit(root) if config.get("repo_url") else None

    def read(path: str) -> bytes:
        figure = files.get_file_from_path(path)
        if figure is None:
            raise FileNotFoundError(f"{path}: no such file in the site, for a figure of a notebook")
        return figure.content_bytes

    questions, quotes = _questions_hook(), _quotes()  # each loaded once a build, not once a chapter
    for file in list(files):
        if file.is_documentation_page() and CHAPTER.match(file.src_uri):
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            # The chapter's "Check yourself" questions, as Markdown with the answers folded: computed once a
            # build, for the page and its notebook alike (docs/_hooks/questions.py keeps them).
            text = questions.place(text, questions.chapter_questions(config, file.src_uri[:2]), questions.notebook_block)
            nb = build_notebook(
                quotes.render(text, file.src_uri), file.src_uri, options=options, root=root,
                site_url=config.get("site_url"), repo_url=config.get("repo_url"), ref=ref, read=read,
            )
            files.append(File.generated(config, f"{FOLDER}/{notebook_name(file.src_uri)}", content=nbformat.writes(nb) + "\n"))
    return files


def on_page_markdown(text, page, config, files):
    if not CHAPTER.match(page.file.src_uri):
        return text
    return re.sub(r"^(# .+\n)", lambda m: m.group(1) + "\n" + links(page.file.src_uri, config.get("repo_url")) + "\n",
                  text, count=1, flags=re.M)
