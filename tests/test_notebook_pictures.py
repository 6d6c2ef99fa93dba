"""A reader without a kernel (GitHub, nbviewer, an HTML export) sees every widget as a picture
of what it showed: the committed notebooks, converted to HTML by nbconvert with no kernel,
have one static SVG in each widget cell, and that SVG is what the widget draws at that point
of the lesson (the lesson's code is run here, cell by cell, to build the same widget)."""
import ast
import base64
import glob
import html
import os
import re

import pytest

nbformat = pytest.importorskip("nbformat")
nbconvert = pytest.importorskip("nbconvert")
pytest.importorskip("ipywidgets")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*", "[0-9]*.ipynb")))
VIEW = "application/vnd.jupyter.widget-view+json"
SVG = "image/svg+xml"


def rel(path):
    return os.path.relpath(path, ROOT)


def widget_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"
            and any(VIEW in o.get("data", {}) for o in c.outputs)]


def stored_svg(cell):
    for o in cell.outputs:
        if VIEW in o.get("data", {}):
            return o["data"].get(SVG)
    return None


WITH_WIDGETS = [p for p in NOTEBOOKS if widget_cells(nbformat.read(p, as_version=4))]



def test_the_lessons_with_widgets():
    assert sorted(rel(p) for p in WITH_WIDGETS) == sorted(
        os.path.join("notebooks", lang, f"{name}.ipynb") for lang in ("bn", "en")
        for name in ("01_autograd", "02_first_network", "03_jacobians"))


@pytest.mark.parametrize("path", WITH_WIDGETS, ids=rel)
def test_html_export_shows_a_picture_in_every_widget_cell(path):
    nb = nbformat.read(path, as_version=4)
    cells = widget_cells(nb)
    body, _resources = nbconvert.HTMLExporter().from_notebook_node(nb)
    for cell in cells:
        # the lab template gives every cell an element with id="cell-id=<id>"
        start = body.index(f'id="cell-id={cell.id}"')
        nxt = body.find('id="cell-id=', start + 1)
        chunk = body[start:nxt if nxt != -1 else len(body)]
        # nbconvert shows an SVG output as an image (base64 data URL)
        found = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', chunk)
        assert len(found) == 1, f"{rel(path)} cell {cell.id}: no picture"
        svg = base64.b64decode(found[0]).decode("utf-8")
        assert svg == stored_svg(cell) and 'class="agbn-static' in svg
    assert "Error displaying widget" not in body


def run_lesson(nb):
    """Run the code cells of a notebook here, in order; yield (cell, value of its last
    expression) for each widget cell."""
    ns = {"__name__": "__lesson__"}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        head = ast.Module(body=tree.body[:-1] if last else tree.body, type_ignores=[])
        try:
            exec(compile(head, cell.id, "exec"), ns)
            value = eval(compile(ast.Expression(last.value), cell.id, "eval"), ns) \
                if last else None
        except Exception:
            if "raises-exception" not in cell.metadata.get("tags", []):
                raise
            continue
        if any(VIEW in o.get("data", {}) for o in cell.outputs):
            yield cell, value


@pytest.mark.parametrize("path", WITH_WIDGETS, ids=rel)
def test_picture_is_what_the_widget_shows_there(path, monkeypatch, tmp_path):
    monkeypatch.chdir(os.path.dirname(path))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path))
    import matplotlib
    matplotlib.use("Agg")

    class Handle:                     # display(..., display_id=True) outside a kernel
        def update(self, obj):
            pass
    monkeypatch.setattr("IPython.display.display",
                        lambda *objs, display_id=None, **kw: Handle() if display_id else None)
    nb = nbformat.read(path, as_version=4)
    seen = 0
    for cell, widget in run_lesson(nb):
        svg = stored_svg(cell)
        assert svg is not None, f"{rel(path)} cell {cell.id}: no picture stored"
        assert widget.static_svg() == svg, f"{rel(path)} cell {cell.id}: stale picture"
        # the numbers of the picture are those of the widget's state (data-value, full
        # precision), and the text names the notebook's language
        if "agbn-graph-view" not in svg and "agbn-chain-explorer" not in svg:   # graphs: text
            values = re.findall(r'data-value="([^"]+)"', html.unescape(svg))
            assert values and all(float(v) == float(v) for v in values), cell.id
        assert f'lang="{nb.metadata["autograd_bn"]["language"]}"' in svg
        seen += 1
    assert seen == len(widget_cells(nb))
