"""Set up a fresh clone and serve the book, or run every check. Needs only Python 3.11+.

    python3 .ci/dev.py serve   # set up, then show the book at http://127.0.0.1:8000
    python3 .ci/dev.py check   # set up, then run every check (what CI runs)
    python3 .ci/dev.py pdf     # set up, then build the site and the whole book as one PDF, site/nnbook.pdf

`serve` passes its other arguments to `mkdocs serve`: `serve -a 127.0.0.1:8001`
serves on another port. It becomes the server process, so Ctrl-C or `kill` on
its PID stops the server.

Setting up means: a virtual environment in .venv with nnbook and the pinned
tools for the site and the tests. It is redone only when pyproject.toml changes.

`check` runs the whole suite once with the BLAS kernel numpy picks for this
CPU, then the tests marked `kernel` (those whose results come out of numpy's
BLAS: tests/conftest.py) again under each other OpenBLAS kernel the CPU can
run (Prescott on any x86-64, Haswell with avx2, SkylakeX with avx512f; not
the one numpy picked, under which the first run was): a training walk rounds
differently under each, and the book must hold under all of them. `check
--quick 05` runs one page's tests (its test file, its code pasted, its
quotes) for the edit loop. Other extra arguments after `check` go
to one pytest run instead (for example `-x -k cost`), with no kernel sweep.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
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


# Asks the OpenBLAS that numpy loaded which kernel it chose for this CPU (OPENBLAS_CORETYPE, if set, included).
_OWN_KERNEL = """
import ctypes, glob, os, numpy
here = os.path.dirname(numpy.__file__)
for path in sorted(glob.glob(os.path.join(here, os.pardir, "numpy.libs", "*openblas*.so*"))):
    for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_", "openblas_get_corename"):
        get = getattr(ctypes.CDLL(path), name, None)
        if get is not None:
            get.restype = ctypes.c_char_p
            print(get().decode())
            raise SystemExit
"""


def own_kernel(env: dict) -> str | None:
    """The OpenBLAS kernel numpy picks here by itself (its wheel's OpenBLAS says), or None if it cannot tell.

    The whole suite has run under it already, so forcing that same kernel again would repeat the run
    bit for bit (this AMD EPYC gets Haswell's, for one).
    """
    try:
        done = subprocess.run([str(PYTHON), "-c", _OWN_KERNEL], env=env, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    name = done.stdout.strip()
    return name if done.returncode == 0 and name else None


def quick_tests(chapter: str) -> list[str]:
    """The tests of one page for the edit loop: its own test file, its code pasted, its quotes."""
    pages = sorted((ROOT / "docs").glob(f"{chapter}*.md")) if chapter else []
    if len(pages) != 1:
        names = ", ".join(p.stem for p in sorted((ROOT / "docs").glob("*.md")))
        sys.exit(f"check --quick needs one page, by its number or name (for example 05 or summary): {names}")
    stem = pages[0].stem
    own = [f"tests/test_chapter_{stem[:2]}.py"] if stem[:2].isdigit() else []
    own += [f"tests/test_{stem}.py"] if (ROOT / "tests" / f"test_{stem}.py").exists() else []
    return [*own, "tests/test_quotes.py", "tests/test_page_code.py", "-k", f"not test_the_pages_code or {stem}"]


@contextlib.contextmanager
def building_the_site(env: dict):
    """Start the tests' shared site build (tests/test_site.py) beside the tests, not in a worker.

    The first test that needs the site would build it while the other workers wait on its lock;
    begun here, the build runs while the workers start on the tests that need no site (the slow
    ones go first: tests/conftest.py), and a test that needs it waits only for what is left.
    """
    code = "import test_site; test_site.fcntl and test_site._build_once()"  # no shared build without a lock
    builder = subprocess.Popen([str(PYTHON), "-c", code], cwd=ROOT, env=dict(env, PYTHONPATH=str(ROOT / "tests")))
    try:
        yield
    finally:
        builder.wait()  # its result (a failure too) is in the shared folder, where the tests read and report it


def check(env: dict, args: list[str]) -> None:
    """The whole suite once, then the BLAS-dependent part under every other kernel; report each, fail if any failed.

    The site is built once for all of it (the pages do not depend on the BLAS kernel) and the
    tests run on every core (pytest-xdist).
    """
    install_axe()
    with tempfile.TemporaryDirectory(prefix="nnbook-check-") as shared:
        env = dict(env, NNBOOK_SITE_DIR=str(Path(shared) / "site"), NNBOOK_MATH_CACHE=str(Path(shared) / "math"))
        workers = ["-n", str(min(os.cpu_count() or 1, 4)), "--dist", "worksteal"]
        pytest = [PYTHON, "-m", "pytest"]
        if args[:1] == ["--quick"]:
            env.setdefault("NNBOOK_PDF", "0")  # one page's tests read no PDF; printing it made chapter 5's 65 s, not 19
            with building_the_site(env):
                run([*pytest, *workers, *quick_tests(args[1] if len(args) > 1 else ""), *args[2:]], env=env)
            return
        if args:
            run([*pytest, *args], env=env)
            return
        own = own_kernel(env)
        start = time.monotonic()
        with building_the_site(env):
            code = subprocess.call([str(c) for c in [*pytest, *workers, "--durations=10"]], cwd=ROOT, env=env)
        results = [(f"numpy's own choice ({own or 'kernel unknown'}), all tests ({time.monotonic() - start:.0f} s)", code)]
        for kernel in kernels():
            if own and kernel.lower() == own.lower():
                print(f"\n== kernel {kernel}: numpy's own choice on this CPU, so the run above was under it ==", flush=True)
                continue
            print(f"\n== again under OpenBLAS kernel {kernel}: the tests marked kernel ==", flush=True)
            start = time.monotonic()
            forced = dict(env, OPENBLAS_CORETYPE=kernel, NNBOOK_PDF="0")  # the PDF: printed and checked once
            code = subprocess.call([str(c) for c in [*pytest, *workers, "-q", "-m", "kernel"]], cwd=ROOT, env=forced)
            results.append((f"kernel {kernel}, the tests marked kernel ({time.monotonic() - start:.0f} s)", code))
    print("\n".join(["", "== summary =="] + [f"{'passed' if c == 0 else 'FAILED'}: {w}" for w, c in results]))
    if any(code for _, code in results):
        sys.exit(1)


DEFAULT_ADDR = "127.0.0.1:8000"  # mkdocs serve's own default (mkdocs.yml sets no dev_addr)


def dev_addr(args: list[str]) -> str:
    """The address `mkdocs serve` will listen on, from its -a/--dev-addr argument if given."""
    for i, arg in enumerate(args):
        if arg in ("-a", "--dev-addr") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--dev-addr="):
            return arg.split("=", 1)[1]
        if arg.startswith("-a") and len(arg) > 2 and not arg.startswith("--"):
            return arg[2:]
    return DEFAULT_ADDR


def cannot_listen(addr: str) -> str | None:
    """Why `mkdocs serve` could not listen on addr ("host:port"), or None if it can.

    Binds the way mkdocs' server does (SO_REUSEADDR, so a port left in TIME_WAIT by
    a server that just stopped counts as free), then lets go at once.
    """
    host, _, port = addr.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit():
        return None  # not an address we can read: mkdocs says what is wrong with it
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, int(port)))
    except socket.gaierror:
        return None  # a host name that does not resolve: mkdocs says so
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            return (f"port {port} is taken: is the book, or something else, still served there? Stop it, or "
                    f"choose another port: python3 .ci/dev.py serve -a {host}:{int(port) + 1}")
        return f"{e.strerror or e}; choose another address, such as: python3 .ci/dev.py serve -a 127.0.0.1:8001"
    return None


def refuse_a_taken_port(args: list[str]) -> None:
    """Stop with one line, before any building, if `mkdocs serve` could not listen where it is asked to."""
    if "-h" in args or "--help" in args:
        return
    addr = dev_addr(args)
    why = cannot_listen(addr)
    if why:
        print(f"Cannot serve the book at {addr}: {why}", file=sys.stderr)
        sys.exit(1)


def serve(env: dict, args: list[str]) -> None:
    """Become `mkdocs serve`, so that Ctrl-C, or `kill` on this process's PID, stops the server itself."""
    refuse_a_taken_port(args)  # again: setup may have taken a minute
    host, _, port = dev_addr(args).rpartition(":")
    print(f"The book will be at http://{'127.0.0.1' if host == 'localhost' else host}:{port}/ once it is built "
          "(building takes about 20 seconds; Ctrl-C stops it).", flush=True)
    # --dirty rebuilds only the pages edited since the last build (seconds instead of a whole rebuild): for
    # writing. mkdocs warns on every dirty build, so it runs without --strict; the check's build is strict.
    strict = [] if "--dirty" in args else ["--strict"]
    cmd = [str(PYTHON), "-m", "mkdocs", "serve", *strict, *args]
    if os.name == "nt":  # no exec on Windows: wait for the child instead
        run(cmd, env=env)
        return
    os.chdir(ROOT)
    os.execve(cmd[0], cmd, env)


USAGE = """usage: python3 .ci/dev.py serve [MKDOCS-SERVE-OPTIONS]   set up, then show the book (default http://127.0.0.1:8000)
       python3 .ci/dev.py check [PYTEST-OPTIONS]         set up, then run every check (what CI runs)
       python3 .ci/dev.py pdf                            set up, then build the site and the book as one PDF
       python3 .ci/dev.py --help                         explain them"""


def pdf(env: dict) -> None:
    """Build the site into site/ with the book as one PDF, site/nnbook.pdf; fail, saying why, if it cannot be made."""
    run([PYTHON, "-m", "mkdocs", "build", "--strict", "-d", ROOT / "site"],
        env=dict(env, NNBOOK_REQUIRE_BROWSER="1", NNBOOK_PDF="1", NO_MKDOCS_2_WARNING="1"))
    book = ROOT / "site" / "nnbook.pdf"
    print(f"The book as PDF: {book} ({book.stat().st_size / 1e6:.1f} MB)", flush=True)


def main(argv: list[str]) -> None:
    if argv and argv[0] in ("-h", "--help", "help"):
        print(__doc__.strip())
        return
    if not argv or argv[0] not in {"serve", "check", "pdf"}:
        problem = f"unknown command {argv[0]!r}" if argv else "no command given"
        print(f"{USAGE}\ndev.py: error: {problem}; choose serve, check or pdf.", file=sys.stderr)
        sys.exit(2)
    if argv[0] == "serve":
        refuse_a_taken_port(argv[1:])
    setup()
    # One BLAS thread: this network's matrices are small, so a second thread
    # gains little when the machine is quiet and costs up to 20x when it is
    # busy; one thread also keeps float rounding, and so the figures' bytes
    # and the printed digits, the same on every run.
    # NO_MKDOCS_2_WARNING: mkdocs-material 9.8's own switch for the end-of-life notice
    # it prints on every build (see the README, "The site's theme").
    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg", NO_MKDOCS_2_WARNING="1")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    if argv[0] == "serve":
        serve(env, argv[1:])
    elif argv[0] == "pdf":
        pdf(env)
    else:
        check(env, argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
