"""The site's address, the repository link, and "view" and "edit" links, from where the site is published.

GitHub Actions sets GITHUB_REPOSITORY ("owner/name") and GITHUB_REF_NAME (the
branch); the Pages workflow builds there, so the published book links to the
repository it was built from. Nothing is invented: with no GITHUB_REPOSITORY
(a local build, CI) there is simply no repository link. NNBOOK_REPO_URL, if
set, names another host's repository page instead. The site's own address
(site_url, which the sitemap, canonical links and the notebooks' figure links
use) is the GitHub Pages address of that repository,
https://<owner>.github.io/<name>/, or NNBOOK_SITE_URL if set; locally it stays
unset, and `mkdocs serve` uses its own.

`install_command()` is the one-line `pip install` of the package from that
repository at the commit being built (GITHUB_SHA, else the checkout's HEAD),
for any edition to print; on the pages, the marker INSTALL_MARKER becomes that
line, or nothing when the repository is not known.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")


def pages_address(repository: str) -> str:
    """GitHub Pages' address for "owner/name": a repository named owner.github.io is served at the root."""
    owner, name = repository.split("/")
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def repository_url() -> str | None:
    """The repository's web address, from NNBOOK_REPO_URL or GITHUB_REPOSITORY; None when neither is set."""
    url = os.environ.get("NNBOOK_REPO_URL", "").strip()
    repository = os.environ.get("GITHUB_REPOSITORY", "").strip()
    if not url and repository:
        if not _REPOSITORY.match(repository):
            raise ValueError(
                f"GITHUB_REPOSITORY={repository!r} is not of the form owner/name; "
                "unset it, or set NNBOOK_REPO_URL to the repository's web address"
            )
        url = f"https://github.com/{repository}"
    if url and not url.startswith("https://"):
        raise ValueError(f"NNBOOK_REPO_URL={url!r} must be an https:// address of the repository's web page")
    return url.rstrip("/") or None


_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


def built_commit() -> str | None:
    """The commit being built: GITHUB_SHA in GitHub Actions, else the checkout's HEAD; None if neither is known."""
    sha = os.environ.get("GITHUB_SHA", "").strip()
    if not sha:
        try:
            sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).resolve().parent, text=True,
                                 capture_output=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
    return sha.lower() if _COMMIT.match(sha.lower()) else None


def install_command(commit: str | None = None) -> str | None:
    """`pip install "nnbook @ git+<repository>.git@<commit>"`: the package alone, as this edition was built from it.

    The same source as the notebooks' first cell (docs/_hooks/notebooks.py).

    Args:
        commit: The commit to pin; default `built_commit()`. Without one, the line installs the default branch.

    Returns:
        The command, or None when the repository is not known (a local build): nothing is invented.
    """
    url = repository_url()
    if not url:
        return None
    commit = commit or built_commit()
    return f'pip install "nnbook @ git+{url.removesuffix(".git")}.git{"@" + commit if commit else ""}"'


INSTALL_MARKER = "<!-- nnbook:install-from-repository -->"


def install_markdown() -> str:
    """What INSTALL_MARKER becomes on a page: where the repository is and the one-line install from it, or nothing.

    (The header links the repository too, but a phone keeps that link inside its menu.)"""
    command = install_command()
    if not command:
        return ""
    url = repository_url().rstrip("/")
    return (f"The book's repository is at [{url}]({url}/); `git clone {url.removesuffix('.git')}.git` makes the "
            "folder to run those commands in.\n\n"
            "Or, without a clone, install the package alone from the book's repository, at the commit this "
            f"edition was built from (in an active virtual environment, as above):\n\n```sh\n{command}\n```\n")


def on_page_markdown(markdown, page, config, files):
    return markdown.replace(INSTALL_MARKER, install_markdown()) if INSTALL_MARKER in markdown else markdown


def on_config(config):
    repository = os.environ.get("GITHUB_REPOSITORY", "").strip()
    site = os.environ.get("NNBOOK_SITE_URL", "").strip()
    if site or (repository and _REPOSITORY.match(repository)):
        config.site_url = site or pages_address(repository)
    url = repository_url()
    if not url:
        return config
    branch = os.environ.get("GITHUB_REF_NAME", "").strip() or "main"
    config.repo_url = url.rstrip("/") + "/"
    config.repo_name = url.rstrip("/").split("/", 3)[-1]
    if url.startswith("https://github.com/"):
        config.edit_uri = f"edit/{branch}/docs/"
    return config
