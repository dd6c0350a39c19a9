"""`.ci/dev.py`, the README's two commands, as a newcomer meets them: help, a typo, a port still taken, stopping.

None of these builds the site: `serve` is stopped as soon as it has become `mkdocs serve`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / ".ci" / "dev.py"


def dev(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(DEV), *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_help_explains_both_commands_and_succeeds():
    r = dev("--help")
    assert r.returncode == 0 and "serve" in r.stdout and "check" in r.stdout and "-a" in r.stdout


@pytest.mark.parametrize("args", [["serv"], []])
def test_an_unknown_or_missing_command_is_a_usage_error(args):
    r = dev(*args)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("usage:") and "serve" in r.stderr and "check" in r.stderr
    if args:
        assert "'serv'" in r.stderr


@pytest.fixture
def listening():
    """A port on 127.0.0.1 that something is listening on, as an old server would be."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_serve_on_a_taken_port_says_so_in_one_line_and_how_to_choose_another_before_building(listening):
    start = time.monotonic()
    r = dev("serve", "-a", f"127.0.0.1:{listening}")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert str(listening) in r.stderr and "-a 127.0.0.1:" in r.stderr  # the port, and how to pick another
    assert "Building" not in r.stdout + r.stderr and time.monotonic() - start < 30
    r = dev("serve", f"--dev-addr=127.0.0.1:{listening}")
    assert r.returncode == 1 and str(listening) in r.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads a process's command line from /proc")
def test_serve_becomes_the_server_so_killing_its_pid_stops_it_and_the_theme_banner_is_quiet():
    # dev.py's own main, with setup skipped (this Python already has the tools) and this Python as the venv's.
    script = (f"import sys; sys.path.insert(0, {str(DEV.parent)!r}); import dev; dev.setup = lambda: None; "
              f"dev.PYTHON = sys.executable; dev.main(['serve', '-a', '127.0.0.1:{free_port()}'])")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
    p = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    lines, built = [], threading.Event()

    def read() -> None:  # a thread, so that no read can block the test: each wait below has a deadline
        for line in p.stdout:
            lines.append(line)
            if "Building documentation" in line:  # by then the theme is imported: its banner would be out
                built.set()

    reader = threading.Thread(target=read, daemon=True)
    try:
        cmdline = b""
        deadline = time.monotonic() + 60
        while b"mkdocs" not in cmdline and p.poll() is None and time.monotonic() < deadline:
            cmdline = Path(f"/proc/{p.pid}/cmdline").read_bytes()
            time.sleep(0.05)
        assert cmdline.split(b"\0")[1:4] == [b"-m", b"mkdocs", b"serve"]  # the same PID is now the server
        reader.start()
        built.wait(timeout=max(0.0, deadline - time.monotonic()))
        p.terminate()
        assert p.wait(timeout=30) != 0
    finally:
        p.kill()
    reader.join(timeout=10)  # the rest of what it printed, unless something it started still holds the pipe
    out = "".join(lines)
    assert "Building documentation" in out and "end of life" not in out and "Zensical" not in out
