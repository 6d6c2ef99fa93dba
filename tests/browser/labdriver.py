"""Drive a real JupyterLab in headless Chromium (Playwright), for tests/browser.

Two pieces:

* ``LabServer``: a JupyterLab on 127.0.0.1 with a free port, a random token and every
  Jupyter / IPython / matplotlib directory in a temporary folder (user settings turn the news
  pop-up, autosave and cell windowing off).  It serves a *copy* of the notebooks with their
  outputs removed, so the repository's files are never touched and every prompt starts as
  ``[ ]``.  ``stop()`` asks the server to shut down (``POST /api/shutdown``), then terminates
  and finally kills its process group: no server or kernel outlives the suite.
* ``NotebookSession``: one notebook opened in one browser page (``?reset``), run with the menu
  entry Run > Run All Cells, and the questions the tests ask about the page afterwards.

The server is in lab_server.py, the page in lab_page.py and the notebooks it serves (found,
described, copied without outputs) in lab_notebooks.py; this module gathers them with the
suite's settings.  Nothing here is a test; the tests are the ``test_*.py`` files beside it.
"""
import os
import re
from pathlib import Path

from lab_notebooks import (LANGUAGES, NOTEBOOKS, ROOT, WIDGET_KINDS,  # noqa: F401
                           NotebookInfo, _source, find_notebooks, notebook_root, stripped_copy)
from lab_page import (_STATE_JS, _WIDGETS_DRAWN_JS, SLIDER_PARTS,  # noqa: F401
                      TRACEBACK, VIEWPORT, WIDGET_MIME, NotebookError, NotebookSession, summary)
from lab_server import USER_SETTINGS, LabServer, _free_port  # noqa: F401

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"

CHROMIUM = os.environ.get("AGBN_CHROMIUM", "/usr/bin/chromium")
# What Debian needs for this suite, as .ci/run and the README say it (tests/browser/
# test_install_instructions.py keeps the three alike).  Only Noto for Bengali: with Lohit or
# fonts-beng-extra as well, the browser and matplotlib pick different Bengali fonts.
APT_INSTALL = "apt-get install -y --no-install-recommends chromium fonts-noto-core fontconfig"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]

BENGALI = re.compile("[\u0980-\u09FF]")
BENGALI_FONT = re.compile(r"bengali|bangla|lohit|mukti|siliguri|kalpurush|solaiman", re.I)
UNRENDERED_WIDGET = re.compile(r"^\s*\w+\(children=\(|Error displaying widget|^\s*Loading widget",
                               re.M)
# matplotlib's warning when a figure's text needs a glyph its font lacks (boxes in the image)
MISSING_GLYPH = re.compile(r"Glyph \d+ .*missing from font.*")


def update_screenshots():
    """AGBN_UPDATE_SCREENSHOTS=1: also write the curated pictures of docs/screenshots/."""
    return os.environ.get("AGBN_UPDATE_SCREENSHOTS", "") not in ("", "0")


def missing_reason():
    """Why the browser suite cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return ("the Python package playwright is not installed "
                "(pip install -e '.[test]'; never `playwright install`)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (Debian, as root: {APT_INSTALL})"
    try:
        import jupyterlab  # noqa: F401
        import ipywidgets  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[notebooks]')"
    return None
