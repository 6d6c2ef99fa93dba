"""What a reader without a kernel sees, and the widget texts polished after a look in a real
browser: each widget's output carries a static SVG picture of what it shows (picture.py);
numbers with a power of ten use superscripts; GraphView's sentence for one edge; the two
matrix captions on one line; the version-counter error in one language.  Headless."""
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import autograd_bn as torch  # noqa: E402
from autograd_bn.autograd import functional as AF  # noqa: E402
from autograd_bn.i18n import _  # noqa: E402
from autograd_bn.widgets import GraphView, JacobianExplorer, VJPExplorer  # noqa: E402

SVG = "image/svg+xml"
VIEW = "application/vnd.jupyter.widget-view+json"
NS = {"s": "http://www.w3.org/2000/svg"}
BENGALI_LETTERS = re.compile("[\u0980-\u09e5\u09f0-\u09ff]")
BENGALI_DIGITS = re.compile("[\u09e6-\u09ef]")



def lesson_out():
    x = torch.ones(2, 2, requires_grad=True)
    return ((x + 2) * (x + 2) * 3).mean()


def vector_values(svg, css):
    root = ET.fromstring(svg)
    for el in root.iter("{http://www.w3.org/2000/svg}text"):
        if css in (el.get("class") or "").split():
            return [float(t.get("data-value")) for t in el.iter() if t.get("data-value")]
    return None


def matrices(svg):
    """The matrices of the picture, in order: arrays built from their cells' data-value."""
    root = ET.fromstring(svg)
    out = []
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        cells = [t for t in g if (t.get("class") or "") == "agbn-entry" and t.get("data-row")]
        if cells:
            rows = sorted({int(t.get("data-row")) for t in cells})
            cols = sorted({int(t.get("data-col")) for t in cells})
            m = np.full((len(rows), len(cols)), np.nan)
            for t in cells:
                m[rows.index(int(t.get("data-row"))), cols.index(int(t.get("data-col")))] = \
                    float(t.get("data-value"))
            out.append(m)
    return out


@pytest.mark.parametrize("make", [lambda: JacobianExplorer(example="square"),
                                  lambda: VJPExplorer(),
                                  lambda: GraphView(lesson_out())])
def test_output_carries_a_picture_beside_the_widget(make):
    data = make()._repr_mimebundle_()
    assert set(data) == {"text/plain", VIEW, SVG}
    root = ET.fromstring(data[SVG])                          # well-formed SVG
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and "agbn-static" in root.get("class")
    assert int(root.get("width")) > 200 and int(root.get("height")) > 100
    assert _("A picture of the widget as it started. Run the notebook to use the widget.") in \
        data[SVG]
    assert make()._repr_mimebundle_()[SVG] == data[SVG]       # the same bytes every time
    assert not re.search(r"\b[0-9a-f]{32}\b", data[SVG])     # no widget model id inside


def test_jacobian_picture_shows_the_numbers():
    ex = JacobianExplorer(example="square")
    svg = ex.static_svg()
    jac, fd = matrices(svg)
    np.testing.assert_array_equal(jac, 18 * np.eye(4))        # z = 3(x + 2)^2 at x = 1: 6 * 3
    np.testing.assert_allclose(fd, 18 * np.eye(4), atol=1e-6)
    assert vector_values(svg, "agbn-x") == [1.0] * 4 and vector_values(svg, "agbn-y") == [27.0] * 4
    assert _("Jacobian J by autograd") in svg and _("The same by finite differences") in svg
    assert "✓" in svg and "×10⁻" in svg


def test_jacobian_picture_of_a_map_of_the_plane_has_the_square():
    ex = JacobianExplorer(example="polar")
    svg = ex.static_svg()
    for css in ("agbn-square-input", "agbn-square-image", "agbn-square-linear"):
        assert f'class="{css}"' in svg
    assert svg.count("<svg") == 1                              # drawn into the same picture
    jac = AF.jacobian(lambda p: torch.stack([p[0] * torch.cos(p[1]), p[0] * torch.sin(p[1])]),
                      torch.tensor(ex.x.tolist(), dtype=torch.float64)).numpy()
    np.testing.assert_allclose(matrices(svg)[0], jac, rtol=1e-12)


def test_vjp_picture_shows_the_numbers():
    v = VJPExplorer()
    svg = v.static_svg()
    x = torch.tensor(vector_values(svg, "agbn-x"), dtype=torch.float32)
    jac = AF.jacobian(lambda t: v.f(t), x).numpy()
    np.testing.assert_allclose(matrices(svg)[0], jac)
    expected = np.array([0.1, 1.0, 0.0001]) @ jac
    np.testing.assert_allclose(vector_values(svg, "agbn-explicit"), expected, rtol=1e-6)
    np.testing.assert_allclose(vector_values(svg, "agbn-backward"), expected, rtol=1e-6)
    assert vector_values(svg, "agbn-v") == [0.1, 1.0, 0.0001]


def test_graph_picture_shows_the_graph_and_the_first_step():
    view = GraphView(lesson_out())
    svg = view.static_svg()
    for name in ("MeanBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad"):
        assert name in svg
    text = " ".join(ET.fromstring(svg).itertext())
    assert "Step: 0/6" in text and "with the gradient 1" in text


def test_bengali_picture_in_bengali_with_ascii_digits():
    torch.set_language("bn")
    for widget in (JacobianExplorer(example="square"), VJPExplorer(), GraphView(lesson_out())):
        svg = widget.static_svg()
        text = "".join(ET.fromstring(svg).itertext())
        assert BENGALI_LETTERS.search(text) and not BENGALI_DIGITS.search(text), text[:200]
        assert 'lang="bn"' in svg and "Noto Sans Bengali" in svg
    svg = JacobianExplorer(example="square", native_digits=True).static_svg()
    assert "১৮" in svg


def test_picture_of_a_failing_function_shows_the_message():
    ex = JacobianExplorer(lambda t: t.detach(), [1.0])
    assert ex.result.error and 'class="agbn-error"' in ex.static_svg()
    assert ex.result.error.splitlines()[0][:40] in ex.static_svg()


def test_a_failing_picture_leaves_the_widget(monkeypatch):
    ex = JacobianExplorer(example="square")
    monkeypatch.setattr(JacobianExplorer, "static_svg", lambda self: 1 / 0)
    data = ex._repr_mimebundle_()
    assert VIEW in data and SVG not in data


# --------------------------------------------------------------------------- widget texts
def test_superscript_exponents_in_widget_text():
    ex = JacobianExplorer(example="square")
    assert re.search(r"×10[⁻¹²³⁴⁵⁶⁷⁸⁹⁰]+", ex.diff_html.value)
    assert "^" not in ex.diff_html.value + ex.static_svg()


def test_graph_view_says_one_edge_without_a_plural():
    x = torch.ones(3, requires_grad=True)
    view = GraphView((x * 2).sum())                     # SumBackward0 has one edge
    text = view.explain(1)
    assert text.endswith(_("{name} receives the gradient {grad} and sends one gradient along "
                           "its only edge.").format(name="SumBackward0", grad="1"))
    assert "1 edges" not in text
    y = torch.ones(3, requires_grad=True)
    view = GraphView((x * y).sum())
    assert "each of its 2 edges" in view.explain(2)
    torch.set_language("bn")
    one = GraphView((x * 2).sum()).explain(1)
    assert "একমাত্র সংযোগ" in one and "1টি" not in one


def test_graph_view_sentence_for_a_node_without_edges():
    x = torch.ones(3, requires_grad=True)
    view = GraphView((x * 2).sum())
    view.steps[0].sent = []
    assert view.explain(1).endswith("it has no edge to send a gradient along.")


def test_matrix_captions_stay_on_one_line():
    # two tables side by side start at the same height when their captions do not wrap (and
    # have the same fixed height); the caption sits in a box that a long caption widens
    for lang in ("en", "bn"):
        torch.set_language(lang)
        ex = JacobianExplorer(example="square")
        for html, caption in ((ex.jac_html.value, _("Jacobian J by autograd")),
                              (ex.fd_html.value, _("The same by finite differences"))):
            m = re.match(r'<div class="agbn-matrix-box" style="display:inline-block[^"]*">'
                         r'<div class="agbn-matrix-caption" style="([^"]*)">([^<]*)</div>'
                         r'<table class="agbn-matrix', html)
            assert m, html[:200]
            assert "white-space:nowrap" in m.group(1) and "height:1.5em" in m.group(1)
            assert m.group(2) == caption and "<caption" not in html


def test_version_counter_error_is_in_one_language():
    for lang, origin in (("en", ", which is output 0 of Exp,"),
                         ("bn", " (Exp-এর 0 নম্বর আউটপুট)")):
        torch.set_language(lang)
        x = torch.ones(2, requires_grad=True)
        e = x.exp()
        e.add_(1)
        with pytest.raises(RuntimeError) as info:
            e.sum().backward()
        text = str(info.value)
        assert f"[torch.FloatTensor [2]]{origin}" in text, text
        if lang == "bn":
            assert "which is" not in text and "output" not in text
