"""Fixtures of the real-browser suite (see labdriver.py for the machinery).

One JupyterLab server and one headless Chromium serve the whole session.  Each notebook the
selected tests use is opened and run (Run > Run All Cells) once, in its own page, two at a time
(their kernels run in parallel), before the first test; every test of that notebook then looks
at the same page.  A notebook that failed to open or run fails every
test that asks for it, with the same message, without trying again.

A line on the terminal says when each notebook has run (or failed), also under xdist, where all
these tests run in one worker (work_unit() in the root conftest.py).  After the last test that
uses them, the pages, the browser and the server (with its kernels) are closed, not left idling
until the whole run ends.

Environment:
  AGBN_UPDATE_SCREENSHOTS=1   also write the curated pictures in docs/screenshots/ (committed;
                              tests/browser/artifacts/ always gets every key cell)
  AGBN_BROWSER_NOTEBOOKS=DIR  test DIR/<lang>/*.ipynb instead of notebooks/ (to try the suite)
  CI=true                     a missing browser or playwright fails instead of skipping
"""
import json
import os
import shutil
import time

import pytest

import labdriver

_TIMINGS = {}


PARALLEL = 2           # notebooks loading and running at once (2 cores here)
_WANTED = []           # the notebooks the selected tests use, in order


_LAST_USER = []        # nodeid of the last selected test that uses the `lab` fixture


def pytest_collection_finish(session):
    seen = set()
    for item in session.items:                # after -k / -m deselection
        nb = getattr(getattr(item, "callspec", None), "params", {}).get("nb")
        if isinstance(nb, labdriver.NotebookInfo) and nb.key not in seen:
            seen.add(nb.key)
            _WANTED.append(nb)
    users = [item.nodeid for item in session.items if "lab" in getattr(item, "fixturenames", ())]
    _LAST_USER[:] = users[-1:]


class Lab:
    def __init__(self, server, browser, announce=lambda line: None):
        self.server = server
        self.browser = browser
        self.playwright = None
        self.sessions = {}
        self.announce = announce
        self.closed = False
        self.t0 = time.monotonic()

    def _finish(self, s, exc=None):
        info = s.info
        if exc is not None:
            shot = labdriver.ARTIFACTS / "failures" / f"{info.lang}-{info.lesson}.png"
            try:
                shot.parent.mkdir(parents=True, exist_ok=True)
                s.page.screenshot(path=str(shot))
            except Exception:                 # noqa: BLE001
                pass
        total = round(time.monotonic() - s.t0, 2)
        _TIMINGS[info.key] = dict(s.timings, total=total)
        self.sessions[info.key] = exc if exc is not None else s
        if exc is None:
            steps = ", ".join(f"{k} {v:.1f}" for k, v in s.timings.items())
            self.announce(f"browser: {info.rel} ran in JupyterLab in {total:.0f} s ({steps})")
        else:
            self.announce(f"browser: {info.rel} FAILED after {total:.0f} s: "
                          f"{str(exc).splitlines()[0][:200]}")

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


    def close(self):
        """Close the pages, the browser and the server (its kernels too); write the timings."""
        if self.closed:
            return
        self.closed = True
        try:
            for s in self.sessions.values():
                if isinstance(s, labdriver.NotebookSession):
                    s.close()
            if self.browser is not None:
                self.browser.close()
            if self.playwright is not None:
                self.playwright.stop()
        finally:
            self.server.stop()
            _TIMINGS["session"] = round(time.monotonic() - self.t0, 2)
            labdriver.ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (labdriver.ARTIFACTS / "timings.json").write_text(json.dumps(_TIMINGS, indent=1))
            self.announce(f"browser: JupyterLab closed after {_TIMINGS['session']:.0f} s "
                          "(timings: tests/browser/artifacts/timings.json)")


_OPEN = []            # the Lab of this session, while it is open


@pytest.fixture(scope="session")
def lab(announce):
    reason = labdriver.missing_reason()
    if reason:
        pytest.fail(f"the browser suite cannot run: {reason}", pytrace=False)
    from playwright.sync_api import sync_playwright

    t0 = time.monotonic()
    shutil.rmtree(labdriver.ARTIFACTS, ignore_errors=True)      # no pictures of an older run
    lab = Lab(labdriver.LabServer(labdriver.find_notebooks()), None, announce)
    lab.t0 = t0
    _OPEN.append(lab)
    try:
        announce(f"browser: starting JupyterLab and Chromium, then running {len(_WANTED)} "
                 f"notebook(s), {PARALLEL} at a time")
        lab.server.start()
        _TIMINGS["server start"] = round(time.monotonic() - t0, 2)
        lab.playwright = sync_playwright().start()
        lab.browser = lab.playwright.chromium.launch(
            executable_path=labdriver.CHROMIUM, headless=True, args=labdriver.CHROMIUM_ARGS)
        lab.prefetch(_WANTED)
        yield lab
    finally:
        lab.close()
        _OPEN.remove(lab)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test that uses the lab, close it (the run may go on for a while)."""
    if _OPEN and _LAST_USER and item.nodeid == _LAST_USER[0]:
        _OPEN[0].close()


def pytest_terminal_summary(terminalreporter):
    if not _TIMINGS:              # (under xdist the browser ran in a worker: see its lines)
        return
    terminalreporter.write_sep("-", "browser suite timings (s)")
    for key, value in _TIMINGS.items():
        terminalreporter.write_line(f"{key}: {value}")


# --------------------------------------------------------------------------- the JupyterLite site
_SITE_WANTED = []      # the lessons the selected site tests use (parameter `lesson`)


@pytest.fixture(scope="session")
def site_lab(announce, request):
    """The built site (make site) served on 127.0.0.1 with every lesson run in it, two at a
    time, before the first test (tests/browser/site_lab.py)."""
    import site_lab as sl
    from site_server import SITE as SITE_DIR, site_problem

    reason = labdriver.missing_reason()
    if reason:
        pytest.fail(f"the site tests cannot run: {reason}", pytrace=False)
    problem = site_problem()
    if problem and os.environ.get("CI") and (SITE_DIR / "agbn-site.json").exists():
        pytest.fail(f"the site tests cannot run: {problem}", pytrace=False)
    if problem:          # no site built (`make site`): said in the skip reason, not hidden
        pytest.skip(f"site tests skipped: {problem}")
    wanted = {}
    for item in request.session.items:
        info = getattr(getattr(item, "callspec", None), "params", {}).get("lesson")
        if isinstance(info, labdriver.NotebookInfo):
            wanted.setdefault(info.key, info)
    wanted = list(wanted.values())
    lab = sl.SiteLab(announce).start()
    try:
        announce(f"site: serving build/site, running {len(wanted)} lesson(s) in JupyterLite, "
                 f"{sl.PARALLEL} at a time")
        lab.prefetch(wanted)
        yield lab
    finally:
        lab.close()
        announce("site: closed (timings: tests/browser/artifacts/site-timings.json)")
