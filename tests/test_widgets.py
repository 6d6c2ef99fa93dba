"""autograd_bn.widgets without a browser: set the widgets' values from Python and check what
they display (the HTML/SVG they hold) against autograd_bn.autograd.functional.

No timing asserts here: redraw times are measured by benchmarks/bench_widgets.py.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import autograd_bn as torch  # noqa: E402
from autograd_bn.autograd import functional as AF  # noqa: E402
from autograd_bn.i18n import _  # noqa: E402
from autograd_bn.widgets import GraphView, JacobianExplorer, VJPExplorer  # noqa: E402
from autograd_bn.widgets import examples  # noqa: E402
from autograd_bn.widgets import _common as C  # noqa: E402

BENGALI = re.compile("[\u0980-\u09FF]")
SVG = "{http://www.w3.org/2000/svg}"



# --------------------------------------------------------------------------- reading the HTML
def matrix_of(html):
    """The matrix a widget shows: from data-value, and the text of each entry."""
    cells = re.findall(r'data-row="(\d+)" data-col="(\d+)" data-value="([^"]+)"[^>]*>([^<]*)<',
                       html)
    assert cells, "no matrix in " + html[:200]
    m = max(int(c[0]) for c in cells) + 1
    n = max(int(c[1]) for c in cells) + 1
    values, texts = np.zeros((m, n)), [[None] * n for _r in range(m)]
    for i, j, v, text in cells:
        values[int(i), int(j)] = float(v)
        texts[int(i)][int(j)] = text
    return values, texts


def vector_of(html, css):
    block = re.search(rf'<div class="{css}">(.*?)</div>', html)
    assert block, f"no {css} in {html[:200]}"
    return np.array([float(v) for v in re.findall(r'data-value="([^"]+)"', block.group(1))])


def agree_flag(html):
    m = re.search(r'data-agree="(true|false)"', html)
    assert m, html
    return m.group(1) == "true"


def classes(widget):
    """Every CSS class on a widget tree."""
    out = set(widget._dom_classes)
    for child in getattr(widget, "children", ()):
        out |= classes(child)
    return out


def functional_jacobian(f, x):
    xt = torch.tensor(np.asarray(x, dtype=float), dtype=torch.float64)
    jac = AF.jacobian(f, xt)
    y = f(xt)
    return jac.numpy().reshape(y.numel(), xt.numel())


# --------------------------------------------------------------------------- import is lazy
def test_import_autograd_bn_does_not_load_widget_libraries():
    code = ("import sys, autograd_bn\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'matplotlib')]\n"
            "assert not bad, bad\n"
            "w = autograd_bn.widgets\n"
            "assert w.JacobianExplorer and 'ipywidgets' in sys.modules\n"
            "assert 'matplotlib' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- JacobianExplorer
@pytest.mark.parametrize("key", list(examples()))
def test_jacobian_matches_functional(key):
    f, x0 = examples()[key]
    ex = JacobianExplorer(example=key)
    shown, _texts = matrix_of(ex.jac_html.value)
    np.testing.assert_allclose(shown, functional_jacobian(f, x0), rtol=1e-12, atol=1e-12)
    fd, _t = matrix_of(ex.fd_html.value)
    np.testing.assert_allclose(fd, shown, rtol=1e-5, atol=1e-6)
    assert agree_flag(ex.diff_html.value)
    y = f(torch.tensor(x0, dtype=torch.float64)).detach().numpy().reshape(-1)
    np.testing.assert_allclose(vector_of(ex.xy_html.value, "agbn-y"), y, rtol=1e-12)
    assert ex.message.value == ""


def test_entries_show_their_numbers():
    ex = JacobianExplorer(example="square")
    values, texts = matrix_of(ex.jac_html.value)
    assert values[0, 0] == 18.0 and texts[0][0] == "18" and texts[0][1] == "0"
    np.testing.assert_array_equal(values, 18 * np.eye(4))


def test_moving_sliders_updates_the_jacobian():
    ex = JacobianExplorer(example="polar")
    ex.sliders[0].value = 2.0                 # as a user dragging the slider would
    ex.sliders[1].value = 0.5
    values, _t = matrix_of(ex.jac_html.value)
    r, t = 2.0, 0.5
    np.testing.assert_allclose(values, [[np.cos(t), -r * np.sin(t)], [np.sin(t), r * np.cos(t)]],
                               rtol=1e-12)
    ex.set_x([1.5, -1.0])
    np.testing.assert_allclose(matrix_of(ex.jac_html.value)[0],
                               functional_jacobian(examples()["polar"][0], [1.5, -1.0]))
    assert [s.value for s in ex.sliders] == [1.5, -1.0]


def test_dropdown_switches_function_and_sliders():
    ex = JacobianExplorer(example="square")
    assert len(ex.sliders) == 4
    ex.select("softmax")
    assert len(ex.sliders) == 3 and len(ex.slider_box.children) == 3
    s = np.exp([1.0, 2.0, 0.5]) / np.exp([1.0, 2.0, 0.5]).sum()
    np.testing.assert_allclose(matrix_of(ex.jac_html.value)[0], np.diag(s) - np.outer(s, s),
                               rtol=1e-10, atol=1e-14)
    assert ex.picture.layout.display == "none"         # R^3 -> R^3: no square picture


def test_user_function_is_first_and_selected():
    ex = JacobianExplorer(lambda t: t ** 3, torch.tensor([1.0, -2.0]))
    assert ex.dropdown.value == "user" and ex.dropdown.options[0][1] == "user"
    np.testing.assert_allclose(matrix_of(ex.jac_html.value)[0], np.diag([3.0, 12.0]), rtol=1e-5)
    assert agree_flag(ex.diff_html.value)


def test_example_at_a_given_point():
    ex = JacobianExplorer(x=torch.tensor([0.1, 0.2, 0.3]), example="doubling")
    values, _t = matrix_of(ex.jac_html.value)
    k = 1
    while 2 ** k * np.linalg.norm([0.1, 0.2, 0.3]) < 1000:
        k += 1
    np.testing.assert_allclose(values, 2.0 ** k * np.eye(3), rtol=1e-6)


def test_doubling_at_zero_terminates():
    ex = JacobianExplorer(example="doubling")
    ex.set_x([0.0, 0.0, 0.0])
    assert ex.result.error is None


def test_fd_disagreement_is_reported():
    # a jump at 2: autograd sees only the branch that ran (derivative 1), finite differences
    # straddle the jump
    ex = JacobianExplorer(lambda t: torch.where(t > 2, t + 1, t), [2.5])
    assert agree_flag(ex.diff_html.value)
    ex.set_x([2.0])
    assert matrix_of(ex.jac_html.value)[0][0, 0] == 1.0
    assert matrix_of(ex.fd_html.value)[0][0, 0] > 1e4
    assert not agree_flag(ex.diff_html.value)
    assert "NOT" in ex.diff_html.value


def test_square_picture_for_r2_maps():
    ex = JacobianExplorer(example="polar", square=0.2)
    assert ex.picture.layout.display is None
    # SVG drawn at the size shown; the square is a square on screen (equal scales)
    assert ex.image.value.startswith("<svg") and 'width="' in ex.image.value
    drawn = re.search(r'class="agbn-square-input" points="([^"]+)"', ex.image.value).group(1)
    xy = np.array([p.split(",") for p in drawn.split()], dtype=float)
    assert len(xy) == 49
    assert np.ptp(xy[:, 0]) == pytest.approx(np.ptp(xy[:, 1]), abs=0.2) and np.ptp(xy[:, 0]) > 40
    pts, image, linear = ex.square["square"], ex.square["image"], ex.square["linear"]
    f = examples()["polar"][0]
    for p, q in zip(pts[::7], image[::7]):
        np.testing.assert_allclose(q, f(torch.tensor(p)).numpy(), rtol=1e-12)
    x, y, jac = ex.result.x, ex.result.y, ex.result.jacobian
    np.testing.assert_allclose(linear, y + (pts - x) @ jac.T, rtol=1e-12)
    assert np.max(np.abs(pts - x)) == pytest.approx(0.2)
    ex.select("rotation")                    # linear map: image and linearisation coincide
    np.testing.assert_allclose(ex.square["image"], ex.square["linear"], atol=1e-12)


# --------------------------------------------------------------------------- bad input
def _sqrt(t):
    return t.sqrt()


@pytest.mark.parametrize("f, x, fragment", [
    (lambda t: [1, 2], [1.0], "returned list"),
    (lambda t: (t, t), [1.0], "returned tuple"),
    (lambda t: t.detach() * 2, [1.0], "does not require grad"),
    (lambda t: t[t > 5], [1.0], "no elements"),
    (_sqrt, [-1.0], "NaN"),
    (lambda t: 1 / 0, [1.0], "ZeroDivisionError"),
    (lambda t: t + torch.ones(3), [1.0, 2.0], "RuntimeError"),
])
def test_bad_functions_show_a_message(f, x, fragment):
    ex = JacobianExplorer(f, x)
    assert 'class="agbn-error"' in ex.message.value
    assert fragment in ex.message.value
    assert ex.jac_html.value == ""
    vx = VJPExplorer(f, x)
    assert fragment in vx.message.value and vx.agree_html.value == ""


def test_widget_keeps_working_after_an_error():
    ex = JacobianExplorer(_sqrt, [-1.0])
    assert "NaN" in ex.message.value
    ex.set_x([4.0])
    assert ex.message.value == ""
    assert matrix_of(ex.jac_html.value)[0][0, 0] == pytest.approx(0.25)
    ex.select("softmax")
    assert ex.message.value == "" and ex.jac_html.value


def test_nan_in_jacobian_is_a_note_not_an_error():
    ex = JacobianExplorer(lambda t: t.abs().sqrt(), [0.0, 1.0])
    assert 'class="agbn-note"' in ex.message.value
    values, texts = matrix_of(ex.jac_html.value)
    assert np.isnan(values[0, 0]) and texts[0][0] == "NaN"


def test_vjp_wrong_v_length():
    vx = VJPExplorer(lambda t: t * 2, [1.0, 2.0], v=[1.0, 2.0, 3.0])
    assert "v has 3" in vx.message.value


# --------------------------------------------------------------------------- VJPExplorer
def test_vjp_lesson_defaults():
    vx = VJPExplorer()
    np.testing.assert_allclose(vx.v, [0.1, 1.0, 0.0001])
    x = vx._x
    _y, expected = AF.vjp(examples()["doubling"][0], torch.tensor(x, dtype=torch.float64),
                          torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float64))
    np.testing.assert_allclose(vector_of(vx.explicit_html.value, "agbn-explicit"),
                               expected.numpy(), rtol=1e-12)
    np.testing.assert_allclose(vector_of(vx.backward_html.value, "agbn-backward"),
                               expected.numpy(), rtol=1e-12)
    np.testing.assert_allclose(expected.numpy(), 1024 * np.array([0.1, 1.0, 0.0001]))
    assert agree_flag(vx.agree_html.value)


def test_vjp_follows_the_sliders():
    f = examples()["softmax"][0]
    vx = VJPExplorer(f, [1.0, 2.0, 0.5], v=[1.0, 1.0, 1.0])
    assert np.max(np.abs(vector_of(vx.backward_html.value, "agbn-backward"))) < 1e-12
    vx.sliders[1].value = 2.0
    _y, expected = AF.vjp(f, torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64),
                          torch.tensor([1.0, 2.0, 1.0], dtype=torch.float64))
    np.testing.assert_allclose(vector_of(vx.backward_html.value, "agbn-backward"),
                               expected.numpy(), rtol=1e-10)
    np.testing.assert_allclose(vector_of(vx.explicit_html.value, "agbn-explicit"),
                               expected.numpy(), rtol=1e-10, atol=1e-15)
    assert agree_flag(vx.agree_html.value)


def test_vjp_never_touches_the_callers_grads():
    w = torch.tensor([2.0, 3.0], requires_grad=True)
    x = torch.tensor([1.0, 1.0], requires_grad=True)
    vx = VJPExplorer(lambda t: t * w, x, v=[1.0, 1.0])
    vx.set_v([0.5, -1.0])
    assert x.grad is None and w.grad is None
    np.testing.assert_allclose(vx.result.backward, [1.0, -3.0])


# --------------------------------------------------------------------------- GraphView
def lesson_graph():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    w = y * y
    z = w * 3
    out = z.mean()
    return x, y, w, z, out


def svg_parts(view):
    root = ET.fromstring(view.svg)
    nodes = {g.get("data-node"): g for g in root.iter(SVG + "g")
             if "agbn-graph-node" in g.get("class", "")}
    edges = [g for g in root.iter(SVG + "g") if "agbn-graph-edge" in g.get("class", "")]
    return nodes, edges


def test_graph_nodes_edges_and_shapes():
    x, y, w, z, out = lesson_graph()
    view = GraphView(out)
    nodes, edges = svg_parts(view)
    names = {nid: g.get("data-name") for nid, g in nodes.items() if nid != "output"}
    assert names == {nid: node.name() for nid, node in view.nodes.items()}
    titles = [next(g.iter(SVG + "text")).text for nid, g in nodes.items() if nid != "output"]
    assert sorted(titles) == sorted(["MeanBackward0", "MulBackward0", "MulBackward0",
                                     "AddBackward0", "AccumulateGrad"])
    assert "agbn-graph-leaf" in nodes["n4"].get("class")
    pairs = sorted((e.get("data-src"), e.get("data-dst"), e.get("data-slot")) for e in edges)
    assert pairs == [("n0", "n1", "0"), ("n1", "n2", "0"), ("n2", "n3", "0"), ("n2", "n3", "1"),
                     ("n3", "n4", "0"), ("output", "n0", "0")]
    texts = {nid: [t.text for t in g.iter(SVG + "text")] for nid, g in nodes.items()}
    assert texts["n0"] == ["MeanBackward0", "[]"]          # the shape of what it made: out
    assert texts["n1"] == ["MulBackward0", "[2, 2]"]       # z
    assert texts["n4"] == ["AccumulateGrad", "[2, 2]"]
    assert texts["output"][1] == "[]"
    # the nodes are what grad_fn / next_functions say
    assert view.nodes["n0"] is out.grad_fn
    assert view.nodes["n4"].variable is x


def test_graph_steps_give_the_gradients_autograd_gives():
    x, y, w, z, out = lesson_graph()
    view = GraphView(out)
    gz, gw, gy, gx = torch.autograd.grad(out, [z, w, y, x], retain_graph=True)
    expected = [np.ones(()), gz.numpy(), gw.numpy(), gy.numpy(), gx.numpy()]
    assert len(view.steps) == 5
    for k, (step, want) in enumerate(zip(view.steps, expected), 1):
        view.step(k)
        np.testing.assert_allclose(step.grad, want, rtol=1e-6)
        nodes, edges = svg_parts(view)
        assert "agbn-graph-current" in nodes[step.node_id].get("class")
        flowed = [e for e in edges if "agbn-graph-flowed" in e.get("class")]
        assert len(flowed) == {1: 2, 2: 3, 3: 5, 4: 6, 5: 6}[k]
    # the two edges into AddBackward0 each carry dout/dw * y = 0.75 * 3
    _nodes, edges = svg_parts(view)
    into_add = [e for e in edges if e.get("data-dst") == "n3"]
    for e in into_add:
        np.testing.assert_allclose([float(v) for v in e.get("data-grad").split()], [2.25] * 4)
    np.testing.assert_allclose(view.leaf_grads["n4"], 4.5)
    _o, vjp = AF.vjp(lambda t: ((t + 2) * (t + 2) * 3).mean(), torch.ones(2, 2))
    np.testing.assert_allclose(view.leaf_grads["n4"], vjp.numpy())
    leaf_text = [t.text for t in ET.fromstring(view.svg).iter(SVG + "text")
                 if t.get("class") == "agbn-graph-leaf-grad"]
    assert leaf_text == [".grad = all 4.5"]
    assert "4.5" in view.text.value


def test_graph_replay_leaves_tensors_alone():
    x, y, w, z, out = lesson_graph()
    view = GraphView(out)
    view.step(len(view.steps))
    assert x.grad is None
    out.backward()                           # the graph was not freed by the replay
    np.testing.assert_allclose(x.grad.numpy(), 4.5)
    freed = GraphView(out)                   # now it is: a message, but still the drawing
    assert "freed" in freed.message.value and freed.steps == []
    assert len(svg_parts(freed)[0]) == 6


def test_graph_order_is_the_engines():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, -1.0], requires_grad=True)
    s = a * b
    out = (s + a.exp()).sum() * s.sum()
    view = GraphView(out)
    seqs = [view.nodes[st.node_id]._seq for st in view.steps]
    assert seqs == sorted(seqs, reverse=True)
    ga, gb = torch.autograd.grad(out, [a, b], retain_graph=True)
    by_var = {id(view.nodes[n].variable): g for n, g in view.leaf_grads.items()}
    np.testing.assert_allclose(by_var[id(a)], ga.numpy(), rtol=1e-6)
    np.testing.assert_allclose(by_var[id(b)], gb.numpy(), rtol=1e-6)


def test_graph_non_scalar_needs_a_gradient():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    assert "not a scalar" in GraphView(y).message.value
    view = GraphView(y, gradient=torch.tensor([0.1, 1.0, 0.0001]))
    np.testing.assert_allclose(list(view.leaf_grads.values())[0], [0.2, 4.0, 0.0006], rtol=1e-6)


def test_graph_of_a_leaf_or_constant():
    assert "leaf" in GraphView(torch.ones(2, requires_grad=True)).message.value
    assert "does not require grad" in GraphView(torch.ones(2)).message.value


def test_graph_buttons_walk_the_steps():
    *_t, out = lesson_graph()
    view = GraphView(out)
    view.next_button.click()
    view.next_button.click()
    assert view.step_slider.value == 2
    view.prev_button.click()
    assert view.step_slider.value == 1
    view.reset_button.click()
    assert view.step_slider.value == 0
    view.step(99)
    assert view.step_slider.value == 5


# --------------------------------------------------------------------------- language, digits
def test_bengali_labels_and_digits():
    # Bengali labels; digits as the glossary's rule for Bengali wants them: ASCII by default
    # (like the prose, the code and its output), the Bengali digits on request
    torch.set_language("bn")
    ex = JacobianExplorer(example="square")
    assert not ex.bengali and ex.dropdown.description == _("Function")
    assert BENGALI.search(ex.dropdown.description)
    assert all(BENGALI.search(label) for label, _k in ex.dropdown.options)
    _values, texts = matrix_of(ex.jac_html.value)
    assert texts[0][0] == "18" and texts[0][1] == "0"
    assert BENGALI.search(ex.diff_html.value)
    assert not re.search("[০-৯]", ex.jac_html.value + ex.diff_html.value + ex.xy_html.value)
    ex = JacobianExplorer(example="square", native_digits=True)
    assert matrix_of(ex.jac_html.value)[1][0][0] == "১৮"
    *_t, out = lesson_graph()
    view = GraphView(out, native_digits=True)
    view.step(5)
    assert BENGALI.search(view.text.value) and "৪.৫" in view.text.value
    assert "৪.৫" in view.svg
    view = GraphView(out)
    view.step(5)
    assert "4.5" in view.text.value and "4.5" in view.svg and "৪" not in view.svg


def test_digits_checkbox():
    torch.set_language("bn")
    ex = JacobianExplorer(example="square", bengali_digits=False)    # the older name
    assert matrix_of(ex.jac_html.value)[1][0][0] == "18"
    checkbox = [c for c in ex.children if "agbn-digits-toggle" in c._dom_classes][0]
    checkbox.value = True
    assert matrix_of(ex.jac_html.value)[1][0][0] == "১৮"
    assert not re.search(r">[^<]*[0-9][^<]*</td>", ex.jac_html.value)
    assert ex._readouts[1][1].value == "১"


def test_bengali_error_message():
    torch.set_language("bn")
    ex = JacobianExplorer(lambda t: t.detach(), [1.0])
    assert BENGALI.search(ex.message.value)


def test_number_format():
    assert C.fmt(4.5) == "4.5" and C.fmt(4.5, True) == "4.5"      # English: no own digits
    assert C.fmt(-0.0) == "0" and C.fmt(float("inf")) == "∞"
    assert C.fmt(1.5e-7) == "1.5×10⁻⁷" and C.fmt(2.516e-9) == "2.516×10⁻⁹"
    assert C.fmt(-3.25e12) == "-3.25×10¹²" and C.fmt(1e-10) == "1×10⁻¹⁰"
    assert C.fmt_array(np.full((2, 2), 4.5)) == "all 4.5"
    torch.set_language("bn")
    assert C.fmt(4.5, True) == "৪.৫" and C.fmt(2.516e-9, True) == "২.৫১৬×১০⁻⁹"
    assert C.fmt(2.516e-9) == "2.516×10⁻⁹"


def test_figure_font_shapes_bengali():
    if sys.version_info < (3, 11):
        pytest.skip("matplotlib >= 3.11, which shapes Bengali, needs Python 3.11 (README)")
    import matplotlib
    from matplotlib.font_manager import FontProperties, findfont
    assert tuple(int(v) for v in matplotlib.__version__.split(".")[:2]) >= (3, 11)
    torch.set_language("bn")
    family = C.font_family()
    assert family == ["Noto Sans Bengali", "DejaVu Sans"]
    path = findfont(FontProperties(family=family), fallback_to_default=False)
    if "NotoSansBengali" not in path.replace(" ", ""):
        pytest.skip("Noto Sans Bengali is not installed (Debian: fonts-noto-core)")
    fig = C.mpl_figure((3, 1))
    with matplotlib.rc_context({"font.family": family}):
        a = fig.text(0, 0, "ক", fontsize=40)
        b = fig.text(0, 0.5, "ক্র", fontsize=40)
        fig.canvas.draw()
        wa = a.get_window_extent().width
        wb = b.get_window_extent().width
    assert wb < 1.4 * wa, (wa, wb)           # shaped conjunct: about as wide as one letter


# --------------------------------------------------------------------------- CSS classes
def test_documented_css_classes_are_present():
    import autograd_bn.widgets as W
    documented = set(re.findall(r"``(agbn-[a-z-]+)``", W.__doc__))
    *_t, out = lesson_graph()
    present = (classes(JacobianExplorer(example="polar")) | classes(VJPExplorer()) |
               classes(GraphView(out)))
    html_only = {c for c in documented if c not in present}
    html = (JacobianExplorer(lambda t: t.detach(), [1.0]).message.value +
            JacobianExplorer(example="polar").diff_html.value +
            JacobianExplorer(lambda t: t.abs().sqrt(), [0.0, 1.0]).message.value)
    view = GraphView(out)
    view.step(5)
    vx = VJPExplorer()
    big = JacobianExplorer(x=torch.ones(20), example="softmax")
    present |= classes(big)
    y = torch.ones(3, requires_grad=True)
    for _k in range(30):
        y = y * 2
    long_view = GraphView(y.sum())
    html += (view.svg + view.text.value + vx.xy_html.value + vx.jac_html.value +
             vx.explicit_html.value + vx.backward_html.value + vx.agree_html.value +
             JacobianExplorer(example="polar").xy_html.value + big.block_html.value +
             JacobianExplorer(example="polar").image.value +
             big.overview_html.value + long_view.svg)
    from autograd_bn.widgets import ChainRuleExplorer
    x = torch.ones(3, requires_grad=True)

    def chain():
        h = x
        for _k in range(10):
            h = torch.tanh(h * 1.5)
        return h.sum()
    explorer = ChainRuleExplorer(chain)
    present |= classes(explorer)
    html += explorer.svg + explorer.summary_html.value
    explorer.step(explorer.slider.max - 3)
    html += explorer.svg + explorer.formula.value
    explorer.select("n1")
    html += explorer.svg
    missing = {c for c in html_only if c not in html and c not in present}
    assert not missing, missing
    assert {"agbn-jacobian-matrix", "agbn-fd-matrix", "agbn-graph-svg", "agbn-step-next",
            "agbn-v-slider", "agbn-input-slider", "agbn-block-row", "agbn-overview-plot"} <= present


def test_vjp_sliders_keep_a_starting_v_outside_their_usual_range():
    from autograd_bn.widgets import VJPExplorer
    w = VJPExplorer(lambda x: x * 2, torch.tensor([1.0, 2.0]), v=[5.0, -0.5])
    assert [s.value for s in w.sliders] == [5.0, -0.5]
    assert w.sliders[0].max >= 5.0
