"""What a newcomer reads first: the README's first screen, the home page's "Run the code", the install line."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def section(text: str, heading: str) -> str:
    """From `heading` to the next heading of the same level, with the line wrapping undone."""
    level = heading.split(" ")[0]
    start = text.index(heading + "\n")
    end = text.find(f"\n{level} ", start + len(heading))
    return " ".join(text[start : end if end > 0 else None].split())


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_opens_with_what_to_expect_and_leaves_the_detail_for_later():
    text = readme()
    first = text[: text.index("\n## ", text.index("## Before you start") + 1)]
    assert re.search(r"^## (.+)$", text, re.M)[1] == "Before you start"  # the first section
    assert len(first.splitlines()) <= 45  # a screen
    flat = " ".join(first.split())
    for command in ("python3 .ci/dev.py serve", "python3 .ci/dev.py check"):
        assert command in flat
    assert "minute" in flat and "2 cores" in flat  # how long
    assert "NNBOOK_DATA" in flat and "~/.cache/nnbook/mnist" in flat and "PyPI" in flat and "npm" in flat
    assert "draw and train panels" in flat and "skipped" in flat  # what is missing without the digits
    assert "python3 -m venv .venv" in flat and "pip install -e ." in flat
    assert "OpenBLAS" not in flat and "Chromium" not in flat  # the detail comes below
    assert "OpenBLAS" in text and "Chromium" in text
    # The commands it shows exist as shown.
    for path in re.findall(r"check (tests/\S+\.py)", flat):
        assert (ROOT / path).is_file(), path
    assert "serve -a 127.0.0.1:8001" in flat  # tests/test_dev.py checks that serve says the same


def test_the_readme_quotes_the_size_of_the_mnist_download(mnist_path):
    names = [f"{n}.gz" for n in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                                 "t10k-labels-idx1-ubyte")]
    megabytes = sum(os.path.getsize(mnist_path / n) for n in names) / 1e6
    assert f"about {megabytes:.0f} MB" in " ".join(readme().split())


def test_the_readme_says_what_the_themes_notice_means_and_how_our_commands_quiet_it():
    flat = section(readme(), "### The site's theme")
    assert "May 5, 2027" in flat and "Zensical" in flat and "NO_MKDOCS_2_WARNING=1" in flat
    dev = (ROOT / ".ci" / "dev.py").read_text(encoding="utf-8")
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert 'NO_MKDOCS_2_WARNING="1"' in dev and 'NO_MKDOCS_2_WARNING: "1"' in workflow
    # The date is the theme's own: the notice it would print names it.
    spec = importlib.util.find_spec("material.templates")
    assert "May 5, 2027" in Path(spec.origin).read_text(encoding="utf-8")


def test_the_home_page_installs_into_a_virtual_environment_and_needs_no_dev_py_for_the_digits():
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    run = section(home, "## Run the code")
    steps = ["python3 -m venv .venv", "source .venv/bin/activate", "pip install -e .", "mnist.load(\"train\")",
             "python3 .ci/dev.py serve"]
    where = [run.index(step) for step in steps]
    assert where == sorted(where), "venv, activate, install, load the digits, and only then the dev.py commands"
    assert "externally-managed-environment" in run and "python -m nnbook" in run  # why a venv; which python
    assert "<!-- nnbook:install-from-repository -->" in run


def _repository_hook():
    spec = importlib.util.spec_from_file_location("repository_hook", ROOT / "docs" / "_hooks" / "repository.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_one_line_install_from_the_repository_when_its_address_is_known(monkeypatch):
    hook = _repository_hook()
    for name in ("GITHUB_REPOSITORY", "GITHUB_SHA", "NNBOOK_REPO_URL"):
        monkeypatch.delenv(name, raising=False)
    assert hook.install_command() is None and hook.install_markdown() == ""  # a local build invents nothing
    page = f"before\n\n{hook.INSTALL_MARKER}\n\nafter\n"
    assert hook.on_page_markdown(page, None, None, None) == "before\n\n\n\nafter\n"

    sha = "0123456789abcdef0123456789abcdef01234567"
    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/nnbook")
    monkeypatch.setenv("GITHUB_SHA", sha)
    line = f'pip install "nnbook @ git+https://github.com/someone/nnbook.git@{sha}"'
    assert hook.install_command() == line
    assert f"```sh\n{line}\n```" in hook.on_page_markdown(page, None, None, None)
    # where the repository is, in the text: a phone keeps the header's link inside its menu
    assert "[https://github.com/someone/nnbook](https://github.com/someone/nnbook/)" in hook.install_markdown()
    assert "`git clone https://github.com/someone/nnbook.git`" in hook.install_markdown()
    assert hook.install_command("abc1234").endswith('@abc1234"')
    monkeypatch.setenv("NNBOOK_REPO_URL", "https://codeberg.org/someone/nnbook/")
    assert hook.install_command() == f'pip install "nnbook @ git+https://codeberg.org/someone/nnbook.git@{sha}"'
    monkeypatch.delenv("NNBOOK_REPO_URL")
    monkeypatch.setenv("GITHUB_REPOSITORY", "not a repository")
    with pytest.raises(ValueError, match="owner/name"):
        hook.install_command()


def test_the_install_line_pins_the_checkouts_commit_outside_github_actions(monkeypatch):
    hook = _repository_hook()
    monkeypatch.delenv("GITHUB_SHA", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/nnbook")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert hook.built_commit() == (head or None)
    assert hook.install_command().endswith(f'.git@{head}"' if head else '.git"')
