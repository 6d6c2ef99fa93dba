"""Fixtures of the real-browser suite (see labdriver.py for the machinery).

One JupyterLab server and one headless Chromium serve the whole session.  Each notebook the
selected tests use is opened and run (Run > Run All Cells) once, in its own page, two at a time
(their kernels run in parallel), before the first test; every test of that notebook then looks
at the same page.  A notebook that failed to open or run fails every
test that asks for it, with the same message, without trying again.

Environment:
  AGBN_UPDATE_SCREENSHOTS=1   also write the curated pictures in docs/screenshots/ (committed;
                              tests/browser/artifacts/ always gets every key cell)
  AGBN_BROWSER_NOTEBOOKS=DIR  test DIR/<lang>/*.ipynb instead of notebooks/ (to try the suite)
  CI=true                     a missing browser or playwright fails instead of skipping
"""
import json
import shutil
import time

import pytest

import labdriver

_TIMINGS = {}


PARALLEL = 2           # notebooks loading and running at once (2 cores here)
_WANTED = []           # the notebooks the selected tests use, in order


def pytest_collection_finish(session):
    seen = set()
    for item in session.items:                # after -k / -m deselection
        nb = getattr(getattr(item, "callspec", None), "params", {}).get("nb")
        if isinstance(nb, labdriver.NotebookInfo) and nb.key not in seen:
            seen.add(nb.key)
            _WANTED.append(nb)


class Lab:
    def __init__(self, server, browser):
        self.server = server
        self.browser = browser
        self.sessions = {}

    def _finish(self, s, exc=None):
        info = s.info
        if exc is not None:
            shot = labdriver.ARTIFACTS / "failures" / f"{info.lang}-{info.lesson}.png"
            try:
                shot.parent.mkdir(parents=True, exist_ok=True)
                s.page.screenshot(path=str(shot))
            except Exception:                 # noqa: BLE001
                pass
        _TIMINGS[info.key] = dict(s.timings, total=round(time.monotonic() - s.t0, 2))
        self.sessions[info.key] = exc if exc is not None else s

    def prefetch(self, infos, parallel=PARALLEL):
        """Open and run the notebooks, `parallel` at a time, each as soon as a slot is free."""
        queue = [i for i in infos if i.key not in self.sessions]
        active = []
        while queue or active:
            while queue and len(active) < parallel:
                s = labdriver.NotebookSession(self.browser, self.server, queue.pop(0))
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
            time.sleep(0.1)

    def session(self, info):
        """The notebook opened and run in its own page (cached; failures too)."""
        if info.key not in self.sessions:
            self.prefetch([info])
        result = self.sessions[info.key]
        if isinstance(result, Exception):
            raise labdriver.NotebookError(f"{info.rel} could not be run in the browser:\n{result}")
        return result


@pytest.fixture(scope="session")
def lab():
    reason = labdriver.missing_reason()
    if reason:
        pytest.fail(f"the browser suite cannot run: {reason}", pytrace=False)
    from playwright.sync_api import sync_playwright

    t0 = time.monotonic()
    shutil.rmtree(labdriver.ARTIFACTS, ignore_errors=True)      # no pictures of an older run
    server = labdriver.LabServer(labdriver.find_notebooks())
    pw = browser = None
    lab = None
    try:
        server.start()
        _TIMINGS["server start"] = round(time.monotonic() - t0, 2)
        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=labdriver.CHROMIUM, headless=True,
                                     args=labdriver.CHROMIUM_ARGS)
        lab = Lab(server, browser)
        lab.prefetch(_WANTED)
        yield lab
    finally:
        for s in (lab.sessions.values() if lab else ()):
            if isinstance(s, labdriver.NotebookSession):
                s.close()
        if browser is not None:
            browser.close()
        if pw is not None:
            pw.stop()
        server.stop()
        _TIMINGS["session"] = round(time.monotonic() - t0, 2)


def pytest_terminal_summary(terminalreporter):
    if not _TIMINGS:
        return
    labdriver.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (labdriver.ARTIFACTS / "timings.json").write_text(json.dumps(_TIMINGS, indent=1))
    terminalreporter.write_sep("-", "browser suite timings (s)")
    for key, value in _TIMINGS.items():
        terminalreporter.write_line(f"{key}: {value}")
