"""The widgets in the front end of ipywidgets 7: JupyterLab 3.6 with ipywidgets 7.7.1 (Colab's
version) and its JupyterLab extension jupyterlab_widgets 1.1.1, in a separate virtual
environment (build/venv-lab3, made once by pip from the package index or its cache, reused while
its requirements are unchanged; the kernel imports autograd_bn from this checkout).

The lessons with widgets (1 and 3, both languages) are run there with Run All in headless
Chromium: every widget view is drawn (no "Error displaying widget", no text form), the
explorers' sliders change what they show, GraphView's step button changes its picture, and the
console shows no warning about shared-module versions that do not agree (jupyterlab_widgets
1.1.11, built against JupyterLab 4, makes JupyterLab 3 print those).

Runs when AGBN_LAB3=1 (making the environment takes a few minutes the first time).
"""
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from side_venv import side_venv

import labdriver

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / "build" / "venv-lab3"
REQUIREMENTS = ["jupyterlab==3.6.8", "ipywidgets==7.7.1", "jupyterlab_widgets==1.1.1",
                "jupyterlab_pygments==0.2.2", "ipykernel>=6,<7", "numpy", "matplotlib"]
LESSONS = [nb for nb in labdriver.find_notebooks()
           if {"JacobianExplorer", "VJPExplorer", "GraphView"} & set(nb.widget_kinds)]
VERSION_WARNING = ("Unsatisfied version", "No satisfying version")
NEXT_WORDS = re.compile(r"next|forward|পরের|পরবর্তী|এগিয়ে|এগোও|▶|→", re.I)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(os.environ.get("AGBN_LAB3") != "1",
                       reason="JupyterLab 3 + ipywidgets 7.7.1 front end: set AGBN_LAB3=1"),
]
REASON = labdriver.missing_reason()
if REASON and not os.environ.get("CI"):
    pytest.skip(f"browser suite skipped: {REASON}", allow_module_level=True)


def _python():
    return side_venv(VENV, REQUIREMENTS)


class Lab3:
    """A JupyterLab 3 server of the environment and one Chromium; each lesson run once."""

    def __init__(self, python):
        self.server = labdriver.LabServer(LESSONS, python=python)
        self.sessions, self.console = {}, {}

    def start(self):
        from playwright.sync_api import sync_playwright
        self.server.start()
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=labdriver.CHROMIUM, headless=True, args=labdriver.CHROMIUM_ARGS)
        return self

    def session(self, info):
        if info.key not in self.sessions:
            s = labdriver.NotebookSession(self.browser, self.server, info)
            messages = self.console[info.key] = []
            s.page.on("console", lambda m: messages.append((m.type, m.text)))
            try:
                s.open_and_run()
                self.sessions[info.key] = s
            except Exception as exc:        # noqa: BLE001  (re-raised for every test)
                self.sessions[info.key] = exc
        result = self.sessions[info.key]
        if isinstance(result, Exception):
            raise labdriver.NotebookError(f"{info.rel} in JupyterLab 3:\n{result}")
        return result

    def close(self):
        try:
            for s in self.sessions.values():
                if isinstance(s, labdriver.NotebookSession):
                    s.close()
            self.browser.close()
            self.playwright.stop()
        finally:
            self.server.stop()


@pytest.fixture(scope="module")
def lab3():
    python = _python()
    version = subprocess.run(
        [str(python), "-c", "import ipywidgets, jupyterlab; "
                            "print(ipywidgets.__version__, jupyterlab.__version__)"],
        capture_output=True, text=True, check=True).stdout.split()
    assert version == ["7.7.1", "3.6.8"], version
    lab = Lab3(python).start()
    try:
        yield lab
    finally:
        lab.close()


def _moves(s, k, out):
    """Problems found moving each visible slider of widget output k."""
    problems = []
    for j in range(out["sliders"]):
        if not out["visible"][j]:
            continue
        before = s.widget_signature(k)
        s.move_slider(k, j, "ArrowRight")
        if s.wait_change(k, before) is None:          # the slider may sit at its maximum
            s.move_slider(k, j, "ArrowLeft")
            if s.wait_change(k, before) is None:
                problems.append(f"widget {k} (cell {out['cell']}): slider {j} changed nothing")
        errors = s.widget_errors(k)
        if errors:
            problems.append(f"widget {k}: after slider {j} it shows an error: {errors}")
    return problems


def _steps(s, k, out):
    widget = s.widget_output(k)
    svg = widget.locator("svg").first
    if not svg.count():
        return [f"GraphView (cell {out['cell']}) shows no SVG"]
    before = svg.evaluate("e => e.outerHTML")
    buttons = widget.locator("button")
    labels = [buttons.nth(b).evaluate("e => e.className + ' ' + e.innerText + ' ' + e.title")
              for b in range(buttons.count())]
    if not labels:
        return [f"GraphView (cell {out['cell']}) has no button"]
    steps = [b for b, text in enumerate(labels) if NEXT_WORDS.search(text)]
    button = buttons.nth(steps[0] if steps else 0)
    button.scroll_into_view_if_needed()
    button.click()
    deadline = time.monotonic() + 15
    while svg.evaluate("e => e.outerHTML") == before and time.monotonic() < deadline:
        time.sleep(0.2)
    if svg.evaluate("e => e.outerHTML") == before:
        return [f"GraphView (cell {out['cell']}): its step button left the picture unchanged"]
    return []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda nb: nb.key)
def test_widgets_render_and_react_in_jupyterlab3(lab3, lesson):
    s = lab3.session(lesson)
    outs = s.widget_outputs()
    bad = [o for o in outs if not o["rendered"] or labdriver.UNRENDERED_WIDGET.search(o["text"])]
    assert outs and not bad, f"widget outputs not drawn: {bad or 'none at all'}"
    problems = []
    for kind in ("JacobianExplorer", "VJPExplorer", "GraphView"):
        if kind not in lesson.widget_kinds:
            continue
        marked = s.mark_widgets(labdriver.WIDGET_KINDS[kind])
        if not marked:
            problems.append(f"{kind}: not on the page")
        for k, out in enumerate(marked):
            if kind == "GraphView":
                problems += _steps(s, k, out)
            elif not out["sliders"]:
                problems.append(f"{kind} (cell {out['cell']}) has no slider")
            else:
                problems += _moves(s, k, out)
    assert not problems, "\n".join(problems)
    warnings = [text for _kind, text in lab3.console[lesson.key]
                if any(w in text for w in VERSION_WARNING)]
    assert not warnings, warnings[:5]
