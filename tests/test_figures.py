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

import pytest


ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "figures"
import book
from figures.__main__ import scripts  # noqa: E402
from figures._style import MIN_LABEL_PX, PHONE_COLUMN, smallest_text  # noqa: E402

# The hook that serves the phone variants (docs/_hooks/figures.py; its name is taken by the figures package).
phone_variant = book.hook("figures").phone_variant

SCRIPTS = scripts([])


@functools.cache
def regenerated() -> Path:
    """Run `python -m figures --out <tmp>`, as a reader or CI would, and return the folder.

    The scripts are shared out between one process per core (each draws its own figures): one
    process drew them all in a minute while the check's other cores had finished their work.
    """
    out = Path(tempfile.mkdtemp(prefix="nnbook-figures-"))
    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
    shares = min(os.cpu_count() or 1, 4)
    runs = [subprocess.Popen([sys.executable, "-m", "figures", "--exact", *SCRIPTS[k::shares], "--out", str(out)], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for k in range(shares)]
    try:
        for run in runs:
            output = run.communicate(timeout=600)[0]
            assert run.returncode == 0, f"python -m figures failed:\n{output}"
    finally:  # a failure or a timeout in one leaves no other drawing on, taking a core from the tests after it
        for run in runs:
            run.kill()
            run.wait()
    return out


# Regenerated under every OpenBLAS kernel by the check: a figure drawn from a forward pass must come out
# byte for byte the same on any machine. The other tests read files and cannot depend on the kernel.
@pytest.mark.kernel
def test_every_figure_comes_in_a_light_and_a_dark_variant():
    made = {p.name for p in regenerated().glob("*.svg")}
    assert made, "the scripts drew nothing"
    for name in made:
        twin = name.replace("-dark.svg", ".svg") if name.endswith("-dark.svg") else name.replace(".svg", "-dark.svg")
        assert twin in made, f"{name} has no {twin}"


@pytest.mark.kernel
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
    """A page names a figure's light and dark variant; its phone variants are shown in their place below 45em."""
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    used = set(re.findall(r"figures/([\w.-]+\.svg)", pages))
    used |= {phone_variant(name) for name in used}
    unused = sorted(p.name for p in COMMITTED.glob("*.svg") if p.name not in used)
    assert not unused, f"figures no page shows: {unused}"


def test_figure_text_is_at_least_9_px_on_a_phone():
    """Shown on a 390 px phone (a 358 px column, never wider than drawn), no figure's text is under 9 px.

    A figure `w` points wide is shown `min(358, w * 4/3)` px wide, so its text of `s` points is
    `s * min(358, w * 4/3) / w` px there. The phone gets the `-phone` variant where there is one.
    The browser test measures the same on the built pages, at the widths the figures are shown.
    """
    small = []
    for light in sorted(COMMITTED.glob("*.svg")):
        if light.name.endswith("-dark.svg") or "-phone" in light.name:
            continue
        for path in (light, light.with_name(light.stem + "-dark.svg")):
            phone = path.with_name(phone_variant(path.name))
            shown = phone if phone.is_file() else path
            width, size = smallest_text(shown)
            px = size * min(PHONE_COLUMN, width * 4 / 3) / width
            if px < MIN_LABEL_PX:
                small.append(f"{shown.name}: {px:.1f} px")
    assert not small, f"figure text under {MIN_LABEL_PX} px on a phone (see figures/_style.py): {small}"


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
