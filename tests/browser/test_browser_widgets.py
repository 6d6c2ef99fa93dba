"""The project's widgets, used the way a reader uses them, in both languages.

The tests are generic: a notebook that creates a JacobianExplorer, VJPExplorer or GraphView
(found by name in its code) must show it on the page, found by the CSS class of its outermost
element (``agbn-jacobian-explorer``, ``agbn-vjp-explorer``, ``agbn-graph-view``), and it must
react, without showing an error (``.agbn-error``):

* Jacobian and VJP explorers: moving any of their visible sliders (a key press on the slider handle)
  changes what they show (text, matrix, image or SVG, the slider's own readout aside);
* GraphView: clicking its step button (the "next" one) changes the SVG.

A notebook that creates a widget that never appears fails; when no notebook creates a kind of
widget yet, its test is skipped and says so.
"""
import os
import re

import pytest

import labdriver

pytestmark = pytest.mark.browser

REASON = labdriver.missing_reason()
if REASON and not os.environ.get("CI"):
    pytest.skip(f"browser suite skipped: {REASON}", allow_module_level=True)

NOTEBOOKS = labdriver.find_notebooks()
NEXT_WORDS = re.compile(r"next|forward|পরের|পরবর্তী|এগিয়ে|এগোও|▶|→", re.I)
STEP_WORDS = re.compile(r"step|ধাপ", re.I)
CURATED_NAMES = {"JacobianExplorer": "jacobian_explorer", "VJPExplorer": "vjp_explorer",
                 "GraphView": "graph_view"}


def using(kind):
    found = [pytest.param(nb, id=nb.key) for nb in NOTEBOOKS if kind in nb.widget_kinds]
    return found or [pytest.param(None, id="none", marks=pytest.mark.skip(
        reason=f"no notebook creates a {kind} yet"))]


def rendered(lab, nb, kind):
    s = lab.session(nb)
    prefix = labdriver.WIDGET_KINDS[kind]
    outs = s.mark_widgets(prefix)
    assert outs, (f"{nb.rel} creates a {kind}, but no widget output holds an element with "
                  f"the CSS class {prefix!r}")
    return s, outs


def save_pictures(s, nb, kind, outs):
    """The widget's cell: every one in artifacts/, the first one also in docs/screenshots/."""
    name = CURATED_NAMES[kind]
    for k, out in enumerate(outs):
        s.screenshot_cells([out["cell"]],
                           labdriver.ARTIFACTS / nb.lang / nb.lesson / f"{name}-{k}.png")
    if labdriver.update_screenshots():
        s.screenshot_cells([outs[0]["cell"]], labdriver.SCREENSHOTS / f"{name}-{nb.lang}.png")


def check_sliders(lab, nb, kind):
    s, outs = rendered(lab, nb, kind)
    save_pictures(s, nb, kind, outs)
    problems = []
    for k, out in enumerate(outs):
        if not out["sliders"]:
            problems.append(f"{kind} #{k} (cell {out['cell']}) has no slider")
            continue
        for j in range(out["sliders"]):
            if not out["visible"][j]:
                continue
            before = s.widget_signature(k)
            s.move_slider(k, j, "ArrowRight")
            after = s.wait_change(k, before)
            if after is None:               # the slider may sit at its maximum
                s.move_slider(k, j, "ArrowLeft")
                after = s.wait_change(k, before)
            if after is None:
                problems.append(f"{kind} #{k} (cell {nb.cell_id(out['cell'])!r}): moving "
                                f"slider {j} did not change what the widget shows")
            errors = s.widget_errors(k)
            if errors:
                problems.append(f"{kind} #{k}: after moving slider {j} it shows an error: {errors}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("nb", using("JacobianExplorer"))
def test_jacobian_explorer_sliders(lab, nb):
    check_sliders(lab, nb, "JacobianExplorer")


@pytest.mark.parametrize("nb", using("VJPExplorer"))
def test_vjp_explorer_sliders(lab, nb):
    check_sliders(lab, nb, "VJPExplorer")


@pytest.mark.parametrize("nb", using("GraphView"))
def test_graph_view_steps(lab, nb):
    s, outs = rendered(lab, nb, "GraphView")
    save_pictures(s, nb, "GraphView", outs)
    problems = []
    for k, out in enumerate(outs):
        widget = s.widget_output(k)
        if not widget.locator("svg").count():
            problems.append(f"GraphView #{k} (cell {out['cell']}) shows no SVG")
            continue
        buttons = widget.locator("button")
        labels = [(buttons.nth(b).get_attribute("class") or "") + " " + buttons.nth(b).inner_text()
                  + " " + (buttons.nth(b).get_attribute("title") or "")
                  for b in range(buttons.count())]
        steps = ([b for b, text in enumerate(labels) if NEXT_WORDS.search(text)]
                 or [b for b, text in enumerate(labels) if STEP_WORDS.search(text)])
        if not labels:
            problems.append(f"GraphView #{k} (cell {out['cell']}) has no button")
            continue
        button = buttons.nth(steps[0] if steps else 0)
        svg_before = widget.locator("svg").first.evaluate("e => e.outerHTML")
        before = s.widget_signature(k)
        button.scroll_into_view_if_needed()
        button.click()
        after = s.wait_change(k, before)
        svg_after = widget.locator("svg").first.evaluate("e => e.outerHTML")
        if after is None or svg_after == svg_before:
            problems.append(f"GraphView #{k} (cell {nb.cell_id(out['cell'])!r}): clicking "
                            f"{labels[steps[0] if steps else 0].strip()!r} left the SVG unchanged")
        errors = s.widget_errors(k)
        if errors:
            problems.append(f"GraphView #{k}: after a step it shows an error: {errors}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("nb", using("JacobianExplorer"))
def test_jacobian_explorer_layout(lab, nb):
    """The two matrices side by side start at the same height (their captions do not wrap
    differently), the first caption does not run into the second matrix, and the square
    picture is drawn at the size it is shown (sharp text)."""
    s, outs = rendered(lab, nb, "JacobianExplorer")
    problems = []
    for k, out in enumerate(outs):
        got = s.widget_output(k).evaluate(r"""o => {
            const top = sel => { const td = o.querySelector(sel + ' td');
                                 return td ? td.getBoundingClientRect().top : null; };
            const svg = o.querySelector('.agbn-square-plot svg');
            const shown = svg && svg.getClientRects().length ? svg.getBoundingClientRect() : null;
            const box = sel => { const t = o.querySelector(sel);
                                 return t ? t.closest('.agbn-matrix-box').getBoundingClientRect()
                                          : null; };
            const cap = sel => { const t = o.querySelector(sel);
                                 const c = t && t.closest('.agbn-matrix-box')
                                             .querySelector('.agbn-matrix-caption');
                                 return c ? c.getBoundingClientRect() : null; };
            const left = cap('table.agbn-autograd'), right = box('table.agbn-fd');
            return {autograd: top('table.agbn-autograd'), fd: top('table.agbn-fd'),
                    overlap: left && right ? left.right - right.left : null,
                    drawn: svg ? Number(svg.getAttribute('width')) : null,
                    shown: shown ? shown.width : null};
        }""")
        if got["autograd"] is None or got["fd"] is None:
            problems.append(f"cell {nb.cell_id(out['cell'])!r}: the two matrices are not shown")
        elif abs(got["autograd"] - got["fd"]) > 0.5:
            problems.append(f"cell {nb.cell_id(out['cell'])!r}: the matrices start at different "
                            f"heights: {got}")
        if got["overlap"] is None or got["overlap"] > 0:
            problems.append(f"cell {nb.cell_id(out['cell'])!r}: the first caption runs into the "
                            f"second matrix: {got}")
        if got["shown"] is not None and abs(got["shown"] - got["drawn"]) > 0.5:
            problems.append(f"cell {nb.cell_id(out['cell'])!r}: the square picture is drawn "
                            f"{got['drawn']} px wide but shown {got['shown']} px wide")
    assert not problems, "\n".join(problems)
