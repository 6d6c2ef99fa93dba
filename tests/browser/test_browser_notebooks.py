"""Every notebook, in both languages, opened in JupyterLab in headless Chromium and run with
Run > Run All Cells: no cell raises, every widget is drawn, figures are images, Bengali text is
drawn with a Bengali font, and the key cells are photographed (tests/browser/artifacts/)."""
import os

import pytest

import labdriver

pytestmark = pytest.mark.browser

REASON = labdriver.missing_reason()
if REASON and not os.environ.get("CI"):
    pytest.skip(f"browser suite skipped: {REASON}", allow_module_level=True)

NOTEBOOKS = labdriver.find_notebooks()
BENGALI = [nb for nb in NOTEBOOKS if nb.lang == "bn"]


def ids(nb):
    return nb.key


def test_notebooks_exist():
    assert NOTEBOOKS, f"no notebooks in {labdriver.notebook_root()}/<lang>/"
    for lang in labdriver.LANGUAGES:
        lessons = {nb.lesson for nb in NOTEBOOKS if nb.lang == lang}
        assert lessons == {nb.lesson for nb in NOTEBOOKS}, f"{lang} lacks some lessons"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_run_all_cells(lab, nb):
    """Run All goes through every code cell; a traceback fails at once (see labdriver)."""
    s = lab.session(nb)
    prompts = [c["prompt"] for c in s.state()["cells"] if c["code"]]
    assert all(p.strip("[]: ").isdigit() for p in prompts), prompts
    assert not s.console_errors, f"JavaScript errors on the page: {s.console_errors}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_every_widget_rendered(lab, nb):
    s = lab.session(nb)
    outs = s.widget_outputs()
    bad = [o for o in outs if not o["rendered"] or labdriver.UNRENDERED_WIDGET.search(o["text"])]
    assert not bad, f"widget outputs not drawn by the widget manager: {bad}"
    if nb.uses_widgets:
        assert outs, f"{nb.rel} uses widgets, but no widget view appeared on the page"
    for kind in nb.widget_kinds:
        prefix = labdriver.WIDGET_KINDS[kind]
        assert s.cells_with(f".{prefix}"), (
            f"{nb.rel} creates a {kind}, but no element with the CSS class {prefix} is on the page")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_figures_are_images(lab, nb):
    s = lab.session(nb)
    images = s.images()
    broken = [i for i in images if not (i["complete"] and i["width"] > 0 and i["height"] > 0)]
    assert not broken, f"images that did not load: {broken}"
    if nb.uses_matplotlib:
        assert images, f"{nb.rel} draws with matplotlib, but no figure image is on the page"
        assert all(i["src"].startswith(("data:image/png", "blob:")) for i in images), images
    missing = [f"cell {nb.cell_id(i)!r}: {line}"
               for i, c in enumerate(s.state()["cells"]) for o in c["outputs"]
               for line in labdriver.MISSING_GLYPH.findall(o["text"])]
    assert not missing, ("a figure lacks glyphs (its text is drawn as boxes; the font family "
                         "must start with 'Noto Sans Bengali'):\n" + "\n".join(missing))


@pytest.mark.parametrize("nb", BENGALI, ids=ids)
def test_bengali_text_drawn_with_bengali_font(lab, nb):
    """Chromium's own account (CSS.getPlatformFontsForNode) of the fonts that drew every element
    holding Bengali text: a Bengali font must be among them, or the reader sees boxes."""
    s = lab.session(nb)
    found = s.bengali_fonts()
    where = {m["where"] for m in found}
    assert "markdown" in where, "no Bengali text in the markdown cells"
    if s.widget_outputs():
        assert "widget" in where, "the widgets of a Bengali notebook show no Bengali text"
    bad = [m for m in found
           if not any(labdriver.BENGALI_FONT.search(f) and n > 0 for f, n in m["fonts"])]
    assert not bad, ("Bengali text drawn without a Bengali font (install fonts-noto-core): "
                     + "; ".join(f"cell {m['cell']} {m['where']} {m['text']!r}: {m['fonts']}"
                                 for m in bad[:10]))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_screenshots(lab, nb):
    """Key cells one by one (the notebook scrolls inside its panel, so a full-page picture would
    show only what is in view): the first cell and every cell with output."""
    s = lab.session(nb)
    cells = s.state()["cells"]
    key = [0] + [i for i, c in enumerate(cells) if c["outputs"] and i]
    folder = labdriver.ARTIFACTS / nb.lang / nb.lesson
    for i in key:
        path = s.screenshot_cells([i], folder / f"{i:02d}-{nb.cell_id(i)}.png")
        assert path.stat().st_size > 1000
    if labdriver.update_screenshots() and nb.lesson.startswith("01_"):
        ids_ = [nb.cell_id(i) for i in range(len(nb.cells))]
        # from out.backward() to the explanation of the 4.5 (Bengali or English prose, code,
        # output and formulas in one picture), or else the title cell
        if "backward-text" in ids_ and "math-text" in ids_:
            span = list(range(ids_.index("backward-text"), ids_.index("math-text") + 1))
        else:
            span = [0]
        s.screenshot_cells(span, labdriver.SCREENSHOTS / f"{nb.lesson}-{nb.lang}.png")
