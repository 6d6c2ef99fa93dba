"""The chain-rule explorer's static page in headless Chromium, opened from file:// with every
other request blocked: play and step change the picture, clicking a box shows its formulas
drawn as mathematics (MathML: a fraction is taller than a line of text), and the Bengali page
is drawn with a Bengali font."""
import os

import pytest

import labdriver

pytestmark = pytest.mark.browser

REASON = labdriver.missing_reason()
if REASON and not os.environ.get("CI"):
    pytest.skip(f"browser suite skipped: {REASON}", allow_module_level=True)

import autograd_bn as torch  # noqa: E402
from autograd_bn.widgets import ChainRuleExplorer  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=labdriver.CHROMIUM, headless=True,
                              args=labdriver.CHROMIUM_ARGS)
        yield b
        b.close()


def lesson_page(tmp_path, lang):
    torch.set_language(lang)
    try:
        x = torch.ones(2, 2, requires_grad=True)
        y = x + 2
        z = y * y * 3
        out = z.mean()
        path = tmp_path / f"chain-{lang}.html"
        ChainRuleExplorer(out, names={"x": x, "y": y, "z": z, "out": out}).export_html(path)
    finally:
        torch.set_language("en")
    return path


def open_offline(browser, path):
    context = browser.new_context(viewport={"width": 1100, "height": 1300})
    outside = []

    def route(r):
        if r.request.url.startswith("file://"):
            return r.continue_()
        outside.append(r.request.url)
        return r.abort()
    context.route("**/*", route)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return context, page, outside, errors


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_static_page_steps_and_shows_math(browser, tmp_path, lang):
    context, page, outside, errors = open_offline(browser, lesson_page(tmp_path, lang))
    try:
        svg = page.inner_html(".agbn-chain-svg")
        page.click("#agbn-chain-next")
        assert page.inner_html(".agbn-chain-svg") != svg, "▶ changed nothing"
        page.click("#agbn-chain-play")
        page.wait_for_function("document.getElementById('agbn-chain-slider').value == "
                               "document.getElementById('agbn-chain-slider').max",
                               timeout=20000)
        assert page.locator("g.agbn-chain-flowed").count() == 6
        page.click('g.agbn-chain-node[data-node="n2"]')
        panel = page.locator("#agbn-chain-panel")
        assert "2.25" in panel.inner_text() or "২.২৫" in panel.inner_text()
        frac = panel.locator("mfrac").first
        top = frac.locator(":scope > *").nth(0).bounding_box()
        bottom = frac.locator(":scope > *").nth(1).bounding_box()
        assert top["y"] + top["height"] <= bottom["y"] + 1, "the fraction is not typeset"
        if lang == "bn":
            client = context.new_cdp_session(page)
            client.send("DOM.enable")
            client.send("CSS.enable")
            root = client.send("DOM.getDocument")["root"]["nodeId"]
            node = client.send("DOM.querySelector", {"nodeId": root,
                                                     "selector": "#agbn-chain-caption"})
            fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            names = [f["familyName"] for f in fonts["fonts"]]
            assert any(labdriver.BENGALI_FONT.search(n) for n in names), names
        assert not outside and not errors, (outside, errors)
    finally:
        context.close()
