"""What the browser tests share: Debian's Chromium driven by Playwright, and the built site served locally.

Chromium must be Debian's (/usr/bin/chromium): Playwright's own browser
download is never used. Without it a browser test is skipped with the reason
shown, unless NNBOOK_REQUIRE_BROWSER=1 (CI sets it): then it fails.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
# axe-core, the accessibility engine, from the npm registry; the check command installs it here.
AXE_VERSION = "4.14.1"
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
# Without the networking flags Chromium tries to reach outside at start-up.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def unavailable(reason: str) -> None:
    """Skip with the reason, or fail where the browser test must run."""
    if os.environ.get("NNBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NNBOOK_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output readable
        pass


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[tuple[Path, str]]:
    """Serve a built site on 127.0.0.1 (on `port`, else a free one) from a thread; yields `(site, base_url)`."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield site, f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def chromium():
    """Headless Debian Chromium through Playwright, or a skip (a failure in CI) saying what is missing."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="module")
def server():
    """The strictly built site, served on a free port of 127.0.0.1 (a fixture for the browser tests)."""
    from test_site import built_site

    with serve(built_site()) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright (a fixture for the browser tests)."""
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def axe() -> Path:
    """axe-core's script, to inject into pages (a fixture for the browser tests)."""
    if not AXE.is_file():
        unavailable(f"axe-core is missing at {AXE} (npm install --prefix .ci/node axe-core@{AXE_VERSION}; python3 .ci/dev.py check does when npm is installed)")
    return AXE
