"""The committed figures are exactly what the scripts in figures/ draw today.

Every figure is regenerated into a temporary folder (from the saved, seeded
records in figures/data; nothing is retrained) and compared byte for byte
with docs/figures. A stale, missing or orphaned figure fails.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "figures"
from figures.__main__ import scripts  # noqa: E402

SCRIPTS = scripts([])


@functools.cache
def regenerated() -> Path:
    """Run `python -m figures --out <tmp>` once, as a reader or CI would, and return the folder."""
    out = Path(tempfile.mkdtemp(prefix="nnbook-figures-"))
    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
    result = subprocess.run(
        [sys.executable, "-m", "figures", "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"python -m figures failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_every_figure_comes_in_a_light_and_a_dark_variant():
    made = {p.name for p in regenerated().glob("*.svg")}
    assert made, "the scripts drew nothing"
    for name in made:
        twin = name.replace("-dark.svg", ".svg") if name.endswith("-dark.svg") else name.replace(".svg", "-dark.svg")
        assert twin in made, f"{name} has no {twin}"


def test_committed_figures_match_what_the_scripts_draw():
    out = regenerated()
    made = {p.name for p in out.iterdir() if p.is_file()}
    committed = {p.name for p in COMMITTED.iterdir() if p.is_file()}
    missing = sorted(made - committed)
    orphans = sorted(committed - made)
    stale = sorted(n for n in made & committed if (out / n).read_bytes() != (COMMITTED / n).read_bytes())
    assert not missing, f"drawn but not committed (run `python -m figures` and commit docs/figures): {missing}"
    assert not orphans, f"committed but drawn by no script in figures/: {orphans}"
    assert not stale, f"committed figures differ from what the scripts draw now (rerun `python -m figures`): {stale}"


def test_every_committed_figure_is_shown_on_a_page():
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    used = set(re.findall(r"figures/([\w.-]+\.svg)", pages))
    unused = sorted(p.name for p in COMMITTED.glob("*.svg") if p.name not in used)
    assert not unused, f"figures no page shows: {unused}"


def test_figures_are_byte_reproducible(tmp_path):
    """Drawing the same figure twice gives identical bytes (no dates, no random ids)."""
    assert SCRIPTS, "figures/ should hold the figure scripts"
    name = SCRIPTS[0]
    env = dict(os.environ, PYTHONHASHSEED="1", MPLBACKEND="Agg")  # another hash seed: must not matter
    for run in ("a", "b"):
        subprocess.run(
            [sys.executable, "-m", "figures", name, "--out", str(tmp_path / run)], cwd=ROOT, env=env, check=True,
            capture_output=True, timeout=300,
        )
    a = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    b = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert a == b and a
