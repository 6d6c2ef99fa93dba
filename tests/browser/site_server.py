"""The built JupyterLite site (``make site`` -> build/site/) for the site tests: found, checked
to be up to date with the checkout, and served by a static file server on 127.0.0.1.

Up to date: the build writes build/site/agbn-site.json with a digest of what went into it
(``tools.site.build.source_digest``: the package, its catalogs, the notebooks, the build code);
a site built from other sources fails the tests ("run make site") instead of testing old code.
"""
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "build" / "site"
STAMP = "agbn-site.json"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tools.site.stamp import source_digest  # noqa: E402


def site_problem(site=SITE):
    """None when the site is there and built from this checkout; else what is wrong."""
    stamp = site / STAMP
    if not stamp.exists():
        return f"no built site in {site} (run `make site` first)"
    recorded = json.loads(stamp.read_text()).get("sources")
    if recorded != source_digest():
        return f"{site} was built from other sources than this checkout: run `make site` again"
    return None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SiteServer:
    """``python -m http.server`` on 127.0.0.1 serving the site folder."""

    def __init__(self, site=SITE):
        self.site = site
        self.port = free_port()
        self.proc = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def local(self, url):
        return url.startswith(self.base + "/")

    def start(self, timeout=30):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(self.port),
             "--directory", str(self.site)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/index.html", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the static server on port {self.port} did not answer")

    def stop(self):
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
