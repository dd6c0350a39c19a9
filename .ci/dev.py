"""Set up a fresh clone and serve the book, or run every check. Needs only Python 3.11+.

    python3 .ci/dev.py serve   # set up, then show the book at http://127.0.0.1:8000
    python3 .ci/dev.py check   # set up, then run every check (what CI runs)
    python3 .ci/dev.py pdf     # set up, then build the site and the whole book as one PDF, site/nnbook.pdf

Setting up means: a virtual environment in .venv with nnbook and the pinned
tools for the site and the tests. It is redone only when pyproject.toml changes.

`check` runs the whole suite once with the BLAS kernel numpy picks for this
CPU, then everything but the browser and notebook tests again under each other OpenBLAS
kernel the CPU can run (Prescott on any x86-64, Haswell with avx2, SkylakeX
with avx512f): a training walk rounds differently under each, and the book
must hold under all of them. Extra arguments after `check` go to one pytest
run instead (for example `-x -k cost`), with no kernel sweep.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".nnbook-setup"


def setup() -> None:
    """Create .venv and install nnbook with its test and docs tools, unless already current."""
    if sys.version_info < (3, 11):
        sys.exit(f"nnbook needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Creating a virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing nnbook and its tools into .venv ...", flush=True)
    run([PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f"{ROOT}[test]"])
    STAMP.write_text(wanted)


def run(cmd: list, **kwargs) -> None:
    """Run a command in the repository; stop with its exit code if it fails."""
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, **kwargs)
    if code:
        sys.exit(code)


def install_axe() -> None:
    """axe-core, the browser test's accessibility engine, from the npm registry (if npm is here)."""
    version = re.search(r'AXE_VERSION = "([^"]+)"', (ROOT / "tests" / "browser_support.py").read_text())[1]
    package = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "package.json"
    if package.exists() and f'"version": "{version}"' in package.read_text():
        return
    if not shutil.which("npm"):
        print("npm is not installed: the browser test will say it cannot check accessibility.", flush=True)
        return
    print(f"Installing axe-core {version} from npm into .ci/node ...", flush=True)
    run(["npm", "install", "--silent", "--no-save", "--no-audit", "--no-fund", "--prefix", ROOT / ".ci" / "node",
         f"axe-core@{version}"])


def kernels(every: bool = False) -> list[str]:
    """The OpenBLAS kernels this CPU can run, forced one at a time by OPENBLAS_CORETYPE (x86-64 only).

    The check sweeps Prescott (any x86-64), Haswell (avx2) and SkylakeX (avx512f); `every` adds
    Sandybridge (avx), which .ci/kernel_spread.py also measures.
    """
    try:
        flags = set(Path("/proc/cpuinfo").read_text().split())
    except OSError:
        return []  # not Linux: numpy's own choice is all we test
    if "sse3" not in flags and "pni" not in flags:
        return []  # not x86-64
    wanted = [("Prescott", "pni"), ("Sandybridge", "avx"), ("Haswell", "avx2"), ("SkylakeX", "avx512f")]
    return [k for k, flag in wanted if (flag in flags or k == "Prescott") and (every or k != "Sandybridge")]


def check(env: dict, args: list[str]) -> None:
    """The whole suite once, then the numeric part under every kernel; report each, fail if any failed."""
    install_axe()
    pytest = [PYTHON, "-m", "pytest"]
    if args:
        run([*pytest, *args], env=env)
        return
    results = [("numpy's own choice, all tests", subprocess.call([str(c) for c in pytest], cwd=ROOT, env=env))]
    for kernel in kernels():
        print(f"\n== again under OpenBLAS kernel {kernel}, all but the browser and notebook tests ==", flush=True)
        # The book's PDF does not depend on the BLAS kernel: printed and checked once, in the first run.
        forced = dict(env, OPENBLAS_CORETYPE=kernel, NNBOOK_PDF="0")
        code = subprocess.call([str(c) for c in [*pytest, "-q", "-m", "not browser and not notebook"]], cwd=ROOT, env=forced)
        results.append((f"kernel {kernel}, all but the browser and notebook tests", code))
    print("\n".join(["", "== summary =="] + [f"{'passed' if c == 0 else 'FAILED'}: {w}" for w, c in results]))
    if any(code for _, code in results):
        sys.exit(1)


def pdf(env: dict) -> None:
    """Build the site into site/ with the book as one PDF, site/nnbook.pdf; fail, saying why, if it cannot be made."""
    run([PYTHON, "-m", "mkdocs", "build", "--strict", "-d", ROOT / "site"],
        env=dict(env, NNBOOK_REQUIRE_BROWSER="1", NNBOOK_PDF="1", NO_MKDOCS_2_WARNING="1"))
    book = ROOT / "site" / "nnbook.pdf"
    print(f"The book as PDF: {book} ({book.stat().st_size / 1e6:.1f} MB)", flush=True)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"serve", "check", "pdf"}:
        sys.exit(__doc__)
    setup()
    # One BLAS thread: this network's matrices are small, so a second thread
    # gains little when the machine is quiet and costs up to 20x when it is
    # busy; one thread also keeps float rounding, and so the figures' bytes
    # and the printed digits, the same on every run.
    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    if argv[0] == "serve":
        print("The book is at http://127.0.0.1:8000 (Ctrl-C stops it).", flush=True)
        run([PYTHON, "-m", "mkdocs", "serve", "--strict", *argv[1:]], env=env)
    elif argv[0] == "pdf":
        pdf(env)
    else:
        check(env, argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
