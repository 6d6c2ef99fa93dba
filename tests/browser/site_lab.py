"""``SiteLab``: the built site served on 127.0.0.1, one headless Chromium, and the lessons opened
and run in it, two at a time (their Pyodide kernels work in parallel); see site_page.py."""
import json
import os
import time

import labdriver
from site_page import LiteSession
from site_server import SiteServer

PARALLEL = 2
# Chromium resolves no host name at all: only the literal address 127.0.0.1 can be reached
OFFLINE_RESOLVER = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


class SiteLab:
    def __init__(self, announce=lambda line: None):
        self.server = SiteServer()
        self.announce = announce
        self.playwright = self.browser = None
        self.sessions = {}
        self.timings = {}

    def start(self):
        from playwright.sync_api import sync_playwright
        self.server.start()
        # the service worker's requests reach context.route too (read when the driver starts)
        os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=labdriver.CHROMIUM, headless=True,
            args=labdriver.CHROMIUM_ARGS + [OFFLINE_RESOLVER])
        return self

    def _finish(self, s, exc=None):
        info = s.info
        total = round(time.monotonic() - s.t0, 2)
        self.timings[info.key] = dict(s.timings, finished=total)
        if exc is not None:
            try:
                shot = labdriver.ARTIFACTS / "site-failures" / f"{info.lang}-{info.lesson}.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                s.page.screenshot(path=str(shot))
            except Exception:                 # noqa: BLE001
                pass
            self.announce(f"site: {info.rel} FAILED after {total:.0f} s: "
                          f"{str(exc).splitlines()[0][:200]}")
        else:
            self.announce(f"site: {info.rel} ran in JupyterLite in {total:.0f} s "
                          f"(kernel ready after {s.timings.get('kernel_ready', 0):.0f} s)")
        self.sessions[info.key] = exc if exc is not None else s

    def prefetch(self, infos, parallel=PARALLEL):
        queue = [i for i in infos if i.key not in self.sessions]
        active = []
        while queue or active:
            while queue and len(active) < parallel:
                s = LiteSession(self.browser, self.server, queue.pop(0))
                try:
                    s.begin()
                    active.append(s)
                except Exception as exc:      # noqa: BLE001
                    self._finish(s, exc)
            for s in list(active):
                try:
                    done = s.step()
                except Exception as exc:      # noqa: BLE001  (re-raised by every user)
                    active.remove(s)
                    self._finish(s, exc)
                    continue
                if done:
                    active.remove(s)
                    self._finish(s)
            time.sleep(0.2)

    def session(self, info):
        if info.key not in self.sessions:
            self.prefetch([info])
        result = self.sessions[info.key]
        if isinstance(result, Exception):
            raise labdriver.NotebookError(f"{info.rel} could not be run in the site:\n{result}")
        return result

    def close(self):
        try:
            for s in self.sessions.values():
                if isinstance(s, LiteSession):
                    s.close()
            if self.browser is not None:
                self.browser.close()
            if self.playwright is not None:
                self.playwright.stop()
        finally:
            self.server.stop()
            labdriver.ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (labdriver.ARTIFACTS / "site-timings.json").write_text(
                json.dumps(self.timings, indent=1))
