"""Every lesson, in both languages, in the built JupyterLite site (make site), served on
127.0.0.1 with every request elsewhere aborted: Run All goes through every cell, the outputs
equal the committed ones (nbval's comparison, site_compare.py), every widget is drawn and reacts
to its sliders or step button, Bengali text (prose, widgets and the words in figures) is drawn
with a Bengali font, and the console shows no version warning.  The times from page load to a
ready kernel and to the end of Run All go to tests/browser/artifacts/site-timings.json.

Skipped (outside CI) without Chromium or playwright; fails when build/site is missing or was
built from other sources than the checkout (run `make site`)."""
import os
import re
import time

import pytest

import labdriver
import site_compare
import test_browser_chain as chain_checks
import test_browser_widgets as widget_checks
import site_server  # noqa: F401  (puts the repository on sys.path: tools.site below)
from tools.site import contents

pytestmark = [pytest.mark.browser, pytest.mark.site]

REASON = labdriver.missing_reason()
if REASON and not os.environ.get("CI"):
    pytest.skip(f"site tests skipped: {REASON}", allow_module_level=True)

LESSONS = labdriver.find_notebooks()
BENGALI = [nb for nb in LESSONS if nb.lang == "bn"]
RULES = site_compare.sanitizers()


class _OneSession:
    """The widget checks of test_browser_widgets.py ask a `lab` for a notebook's session."""
    def __init__(self, session):
        self.s = session

    def session(self, info):
        return self.s


def ids(nb):
    return nb.key


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_run_all_offline(site_lab, lesson):
    s = site_lab.session(lesson)
    cells = s.cells_json()
    counts = [c["execution_count"] for c in cells if c["type"] == "code"]
    assert counts and all(isinstance(n, int) for n in counts), counts
    assert not s.outside, f"requests not to 127.0.0.1 (aborted): {s.outside[:10]}"
    assert not s.console_errors, f"JavaScript errors on the page: {s.console_errors}"


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_outputs_equal_committed(site_lab, lesson):
    s = site_lab.session(lesson)
    diffs = site_compare.differences(lesson.cells, s.cells_json(), RULES)
    assert not diffs, "\n\n".join(f"cell {cid!r}:\n  committed: {exp!r}\n  site:      {got!r}"
                                  for cid, exp, got in diffs)


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_widgets_render_and_react(site_lab, lesson):
    s = site_lab.session(lesson)
    outs = s.widget_outputs()
    bad = [o for o in outs if not o["rendered"] or labdriver.UNRENDERED_WIDGET.search(o["text"])]
    assert not bad, f"widget outputs not drawn: {bad}"
    if lesson.uses_widgets:
        assert outs, f"{lesson.rel} uses widgets, but no widget view appeared"
    one = _OneSession(s)
    for kind in lesson.widget_kinds:
        if kind == "GraphView":
            widget_checks.test_graph_view_steps(one, lesson)
        elif kind == "ChainRuleExplorer":
            chain_checks.test_chain_explorer_steps_plays_and_typesets(one, lesson)
        else:
            widget_checks.check_sliders(one, lesson, kind)


@pytest.mark.parametrize("lesson", BENGALI, ids=ids)
def test_bengali_drawn_with_bengali_font(site_lab, lesson):
    s = site_lab.session(lesson)
    found = s.bengali_fonts()
    where = {m["where"] for m in found}
    assert "markdown" in where, "no Bengali text in the markdown cells"
    if s.widget_outputs():
        assert "widget" in where, "the widgets of a Bengali lesson show no Bengali text"
    bad = [m for m in found
           if not any(labdriver.BENGALI_FONT.search(f) and n > 0 for f, n in m["fonts"])]
    assert not bad, "Bengali text drawn without a Bengali font: " + "; ".join(
        f"cell {m['cell']} {m['where']} {m['text']!r}: {m['fonts']}" for m in bad[:10])
    # JacobianExplorer's square picture: SVG whose Bengali titles are text (drawn, and so
    # shaped, by the browser with the fonts checked above), not a picture of matplotlib's
    squares = s.page.evaluate(r"""() => [...document.querySelectorAll('.agbn-square-plot')]
        .filter(p => p.getClientRects().length)
        .map(p => ({svg: !!p.querySelector('svg'), images: p.querySelectorAll('img').length,
                    bengali: [...p.querySelectorAll('svg text')]
                               .filter(t => /[\u0980-\u09FF]/.test(t.textContent)).length}))""")
    assert all(q["svg"] and q["bengali"] and not q["images"] for q in squares), squares
    figures = [svg for c in s.cells_json() for o in c["outputs"]
               for svg in [o.get("data", {}).get("image/svg+xml")] if svg]
    if lesson.uses_matplotlib:
        assert figures, f"{lesson.rel} draws figures, but none came as SVG"
    problems = s.figure_text_fonts(["".join(f) if isinstance(f, list) else f for f in figures])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_no_version_warnings(site_lab, lesson):
    s = site_lab.session(lesson)
    assert not s.version_warnings(), s.version_warnings()


def _linked(lesson):
    return contents.linked_files({"cells": lesson.cells}, lesson.lang)


LINKING = [nb for nb in LESSONS if _linked(nb)]


@pytest.mark.parametrize("lesson", LINKING or [pytest.param(None, marks=pytest.mark.skip(
    reason="no lesson links to a file outside notebooks/"))], ids=ids)
def test_linked_pages_open_in_the_site(site_lab, lesson):
    """The lessons' links to the chain-rule pages (../../docs/explorer/...) work in the site:
    their address serves the committed page, and a click opens it in a tab of the site where
    its script runs (the step button changes its picture).  Runs last for its lesson: the tab
    it opens is closed again."""
    s = site_lab.session(lesson)
    page = s.page
    for repo, site in _linked(lesson):
        link = page.locator(f'.jp-MarkdownOutput a[href$="{site.rsplit("/", 1)[-1]}"]').first
        href = link.evaluate("a => a.href")
        assert href == f"{s.server.base}/files/{site}", href
        got = page.evaluate("async u => { const r = await fetch(u); "
                            "return [r.status, await r.text()]; }", href)
        assert got[0] == 200 and got[1] == (labdriver.ROOT / repo).read_text(encoding="utf-8"), \
            f"{href}: HTTP {got[0]}, not the committed {repo}"
        name = site.rsplit("/", 1)[-1]
        link.scroll_into_view_if_needed()
        link.click()
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=name)
        tab.wait_for(timeout=30_000)
        try:
            if repo.startswith("docs/explorer/"):
                frame = page.frame_locator(".jp-HTMLViewer:not(.lm-mod-hidden) iframe").first
                svg = frame.locator(".agbn-chain-svg")
                svg.wait_for(timeout=30_000)
                before = svg.inner_html()
                frame.locator("#agbn-chain-next").click()
                deadline = time.monotonic() + 15
                while svg.inner_html() == before and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert svg.inner_html() != before, f"{name}: its step button changed nothing"
        finally:
            tab.locator(".lm-TabBar-tabCloseIcon").click()
            tab.wait_for(state="detached", timeout=10_000)
        assert not s.outside, s.outside


def test_requests_elsewhere_are_aborted(site_lab):
    """The guard the tests above rely on: a page of the site that asks for anything not on the
    site's server (another host, another port of 127.0.0.1) gets no answer, and the request
    is recorded in `outside`; the site's own files still come."""
    from site_page import LiteSession
    s = LiteSession(site_lab.browser, site_lab.server, LESSONS[0])
    try:
        s.page.goto(f"{s.server.base}/index.html")
        other = f"http://127.0.0.1:{site_server.free_port()}/x"
        got = s.page.evaluate("""async urls => Promise.all(urls.map(u => fetch(u)
            .then(r => 'answered ' + r.status, e => 'failed')))""",
                              ["http://example.org/x", other, f"{s.server.base}/index.html"])
        assert got == ["failed", "failed", "answered 200"], got
        assert "http://example.org/x" in s.outside and other in s.outside, s.outside
    finally:
        s.close()
