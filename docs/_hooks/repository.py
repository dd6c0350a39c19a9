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
"""

from __future__ import annotations

import os
import re

_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")


def pages_address(repository: str) -> str:
    """GitHub Pages' address for "owner/name": a repository named owner.github.io is served at the root."""
    owner, name = repository.split("/")
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def on_config(config):
    url = os.environ.get("NNBOOK_REPO_URL", "").strip()
    repository = os.environ.get("GITHUB_REPOSITORY", "").strip()
    site = os.environ.get("NNBOOK_SITE_URL", "").strip()
    if site or (repository and _REPOSITORY.match(repository)):
        config.site_url = site or pages_address(repository)
    if not url and repository:
        if not _REPOSITORY.match(repository):
            raise ValueError(
                f"GITHUB_REPOSITORY={repository!r} is not of the form owner/name; "
                "unset it, or set NNBOOK_REPO_URL to the repository's web address"
            )
        url = f"https://github.com/{repository}"
    if not url:
        return config
    if not url.startswith("https://"):
        raise ValueError(f"NNBOOK_REPO_URL={url!r} must be an https:// address of the repository's web page")
    branch = os.environ.get("GITHUB_REF_NAME", "").strip() or "main"
    config.repo_url = url.rstrip("/") + "/"
    config.repo_name = url.rstrip("/").split("/", 3)[-1]
    if url.startswith("https://github.com/"):
        config.edit_uri = f"edit/{branch}/docs/"
    return config
