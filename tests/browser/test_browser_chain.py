"""ChainRuleExplorer in JupyterLab, in every notebook that creates one, in both languages: the
step button and the play button move the timeline (the picture changes; play runs to the end),
choosing a node shows its formulas typeset by JupyterLab's MathJax (no raw $$ left; a formula
with a fraction stands taller than one without), and the Bengali captions are drawn with a Bengali
font."""
import os
import re
import time

import pytest

import labdriver

pytestmark = pytest.mark.browser

REASON = labdriver.missing_reason()
if REASON and not os.environ.get("CI"):
    pytest.skip(f"browser suite skipped: {REASON}", allow_module_level=True)

NOTEBOOKS = [pytest.param(nb, id=nb.key) for nb in labdriver.find_notebooks()
             if "ChainRuleExplorer" in nb.widget_kinds]
# the node each lesson's prose tells the reader to choose
NODE = {"01_autograd": "MulBackward0", "02_first_network": "AddmmBackward0"}
DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def position(widget):
    text = widget.locator(".agbn-chain-controls .agbn-slider-readout").inner_text()
    k, n = text.translate(DIGITS).split("/")
    return int(k), int(n)


@pytest.mark.parametrize("nb", NOTEBOOKS or [pytest.param(None, marks=pytest.mark.skip(
    reason="no notebook creates a ChainRuleExplorer"))])
def test_chain_explorer_steps_plays_and_typesets(lab, nb):
    s = lab.session(nb)
    outs = s.mark_widgets("agbn-chain-explorer")
    assert outs, f"{nb.rel} creates a ChainRuleExplorer, but none is on the page"
    for k, out in enumerate(outs):
        w = s.widget_output(k)
        s.screenshot_cells([out["cell"]], labdriver.ARTIFACTS / nb.lang / nb.lesson /
                           f"chain_explorer-{k}.png")
        svg = lambda: w.locator(".agbn-chain-svg svg").first.evaluate("e => e.outerHTML")  # noqa: E731
        before = svg()
        w.locator(".agbn-chain-next").scroll_into_view_if_needed()
        w.locator(".agbn-chain-next").click()
        wait_for(lambda: svg() != before, 15, "the step button to change the picture")
        assert position(w)[0] == 1
        w.locator(".agbn-chain-play button").first.click()
        wait_for(lambda: position(w)[0] == position(w)[1], 90, "play to reach the end")
        assert w.locator("g.agbn-chain-flowed").count() > 0
        formula = w.locator(".agbn-chain-formula")
        before = formula.inner_html()
        w.locator(".agbn-chain-nodes button", has_text=NODE[nb.lesson]).first.click()
        heights = lambda: formula.locator("mjx-container").evaluate_all(  # noqa: E731
            "es => es.map(e => e.getBoundingClientRect().height)")

        def typeset():
            if formula.inner_html() == before or "$$" in formula.inner_text():
                return None
            h = heights()
            return h if len(h) >= 2 and min(h) > 0 else None
        # the node's formulas replace the current node's, and MathJax typesets them
        shown = wait_for(typeset, 30, "MathJax to typeset the chosen node's formulas")
        # a formula with a fraction (∂L/∂a) stands about twice as tall as one without
        assert max(shown) > 1.5 * min(shown), shown
        assert not s.widget_errors(k)
        if nb.lang == "bn":
            caption = w.locator(".agbn-chain-caption").inner_text()
            assert re.search("[\u0980-\u09FF]", caption), caption
            drawn = [m for m in s.bengali_fonts() if "agbn" in m.get("text", "") or
                     m["where"] == "widget"]
            bad = [m for m in drawn if not any(labdriver.BENGALI_FONT.search(f)
                                               for f, _n in m["fonts"])]
            assert drawn and not bad, bad[:3]
