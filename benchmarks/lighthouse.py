"""Lighthouse (mobile) on the built book, served with gzip the way a static host serves it.

    .venv/bin/python benchmarks/lighthouse.py                  # home and chapters 1, 6 and 9
    .venv/bin/python benchmarks/lighthouse.py --pages 05-cost/ --runs 3
    .venv/bin/python benchmarks/lighthouse.py --update-readme  # also rewrites the table in benchmarks/README.md

A benchmark, not a test: the scores depend on the machine's speed and load.
It builds the site strictly into a temporary folder, serves it on 127.0.0.1
from a small server that gzips text (`python -m http.server` does not, and
would understate what a reader gets), and runs Lighthouse 12 from the npm
registry (installed into benchmarks/.node on first use) with Debian's
Chromium (CHROME_PATH, default /usr/bin/chromium) and Lighthouse's default
mobile settings: a mid-range phone, 4x CPU slowdown, simulated slow 4G. Each
page is measured `--runs` times and the median performance score is kept.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "benchmarks" / ".node"
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE = NODE / "node_modules" / ".bin" / "lighthouse"
PAGES = ["", "01-function/", "06-landscape/", "09-chain-rule/"]
README = ROOT / "benchmarks" / "README.md"
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it and the type is text (as GitHub Pages does)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSIBLE or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def build() -> Path:
    dest = Path(tempfile.mkdtemp(prefix="nnbook-lighthouse-")) / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return dest


def install() -> None:
    if LIGHTHOUSE.exists():
        return
    print(f"Installing lighthouse {LIGHTHOUSE_VERSION} from npm into {NODE} ...", flush=True)
    NODE.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--silent", "--no-save", "--no-audit", "--no-fund", "--prefix", str(NODE),
                    f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)


def measure(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={FLAGS}",
         "--only-categories=performance,accessibility"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    if result.returncode or not out.is_file():
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(out.read_text())
    audits = report["audits"]
    failed_a11y = [a for a, v in audits.items() if v.get("score") == 0 and a in {r["id"] for r in report["categories"]["accessibility"]["auditRefs"]}]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "FCP": audits["first-contentful-paint"]["displayValue"],
        "LCP": audits["largest-contentful-paint"]["displayValue"],
        "TBT": audits["total-blocking-time"]["displayValue"],
        "CLS": audits["cumulative-layout-shift"]["displayValue"],
        "weight": audits["total-byte-weight"]["displayValue"],
        "failed": failed_a11y,
    }


def table(rows: list[tuple[str, dict]]) -> str:
    lines = ["| page | performance | accessibility | FCP | LCP | TBT | CLS | transferred |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for page, r in rows:
        lines.append(f"| {page or 'home'} | {r['performance']} | {r['accessibility']} | {r['FCP']} | {r['LCP']} | "
                     f"{r['TBT']} | {r['CLS']} | {r['weight']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="+", default=PAGES, help="pages to measure, relative to the site root")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median performance is kept")
    parser.add_argument("--update-readme", action="store_true", help="rewrite the Lighthouse table in benchmarks/README.md")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, not {args.runs}")
    install()
    site = build()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    rows = []
    try:
        for page in args.pages:
            runs = [measure(base + page, site.parent / f"report-{i}.json") for i in range(args.runs)]
            median = sorted(runs, key=lambda r: r["performance"])[len(runs) // 2]
            rows.append((page, median))
            print(f"{page or 'home'}: performance {[r['performance'] for r in runs]}, accessibility "
                  f"{median['accessibility']}{', failing: ' + ', '.join(median['failed']) if median['failed'] else ''}", flush=True)
    finally:
        httpd.shutdown()
    text = table(rows)
    print("\n" + text)
    if args.update_readme:
        readme = README.read_text(encoding="utf-8")
        block = f"<!-- lighthouse:start -->\n{text}\n<!-- lighthouse:end -->"
        readme, n = re.subn(r"<!-- lighthouse:start -->.*?<!-- lighthouse:end -->", block, readme, flags=re.S)
        if not n:
            sys.exit("benchmarks/README.md has no <!-- lighthouse:start --> ... <!-- lighthouse:end --> block to rewrite")
        README.write_text(readme, encoding="utf-8")


if __name__ == "__main__":
    main()
