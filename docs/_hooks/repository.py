"""The repository link, and "view" and "edit" links on every page, from where the site is published.

GitHub Actions sets GITHUB_REPOSITORY ("owner/name") and GITHUB_REF_NAME (the
branch); the Pages workflow builds there, so the published book links to the
repository it was built from. Nothing is invented: with no GITHUB_REPOSITORY
(a local build, CI) there is simply no repository link. NNBOOK_REPO_URL, if
set, names another host's repository page instead.
"""

from __future__ import annotations

import os
import re

_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")


def on_config(config):
    url = os.environ.get("NNBOOK_REPO_URL", "").strip()
    repository = os.environ.get("GITHUB_REPOSITORY", "").strip()
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
