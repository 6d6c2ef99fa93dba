"""The widgets with large or odd input, headless: every input gives a working widget or a clear
message (in the widget's message box, or a TypeError / ValueError raised by the widget's own
code with a translated message), never a traceback from NumPy, and the widget keeps working.

Generated cases (hypothesis) cover sizes, dtypes, shapes (0-d, empty), odd values (inf, NaN,
huge, tiny, -0.0), things that are not numbers, broken functions and any step number;
fixed cases cover the sizes at the explorers' limits and a 5,000-node graph.  No timing
asserts: speed is measured by benchmarks/bench_widgets.py.
"""
import os
import re
import traceback

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import autograd_bn as torch  # noqa: E402
import autograd_bn.widgets as W  # noqa: E402
from autograd_bn.i18n import _  # noqa: E402
from autograd_bn.widgets import GraphView, JacobianExplorer, VJPExplorer  # noqa: E402
from autograd_bn.widgets import evaluation as EV  # noqa: E402

BENGALI = re.compile("[\u0980-\u09FF]")
WIDGET_DIR = os.path.dirname(os.path.abspath(W.__file__))
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])



# --------------------------------------------------------------------------- helpers
def attempt(fn, *args):
    """fn(*args), or the TypeError / ValueError it raised, which must come from the widgets'
    own code (a translated message, not NumPy's)."""
    try:
        return fn(*args), None
    except (TypeError, ValueError) as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1].filename
        assert os.path.abspath(where).startswith(WIDGET_DIR), "".join(
            traceback.format_exception(exc))
        assert str(exc)
        return None, exc


def shows_message_or_result(widget, result_html):
    box = widget.message.value
    assert ('class="agbn-error"' in box) or result_html, (box, result_html[:200])
    assert "Traceback" not in box


ODD = [0.0, -0.0, 1.0, -2.5, 3.0, np.inf, -np.inf, np.nan, 1e308, -1e308, 5e-324, 1e-300]
SHAPES = [(), (0,), (1,), (2,), (3,), (2, 2), (0, 3), (12,), (3, 4)]
DTYPES = ["float64", "float32", "int64", "int32", "uint8", "bool"]
NOT_NUMBERS = ["abc", [1.0, "a"], [[1.0, 2.0], [3.0]], [1j, 2.0], object(), {"a": 1}]


@st.composite
def arrays(draw, shapes=SHAPES):
    shape = draw(st.sampled_from(shapes))
    size = int(np.prod(shape))
    values = np.array(draw(st.lists(st.sampled_from(ODD), min_size=size, max_size=size)),
                      dtype=np.float64).reshape(shape)
    dtype = draw(st.sampled_from(DTYPES))
    if dtype != "float64" and dtype != "float32":
        values = np.nan_to_num(values, nan=0.0, posinf=7.0, neginf=-7.0).clip(-100, 100)
    with np.errstate(all="ignore"):
        values = values.astype(dtype)
    kind = draw(st.sampled_from(["tensor", "list", "numpy"]))
    if kind == "tensor":
        return torch.tensor(values)
    return values.tolist() if kind == "list" else values


def inputs():
    return st.one_of(arrays(), st.sampled_from(NOT_NUMBERS))


FUNCTIONS = [
    lambda t: t * 2,
    lambda t: t.sum(),
    lambda t: (t * t).sum() * 0,
    lambda t: (t - t.max().detach()).exp() / (t - t.max().detach()).exp().sum(),
    lambda t: t.sqrt(),
    lambda t: t * 1e308,
    lambda t: t.detach(),
    lambda t: t.reshape(-1)[:1] * 3,
    lambda t: torch.ones(3),
    lambda t: 1 / 0,
    lambda t: "y",
    lambda t: t[t > 1e9],
    lambda t: t.reshape(-1, 1) * t.reshape(1, -1),
    42,
]


def healthy_jacobian(ex):
    """A ready-made function at a good point works after whatever came before."""
    ex.select("softmax")
    ex.set_x([0.5, 0.25, -1.0])
    assert ex.message.value == "" and "agbn-autograd" in ex.jac_html.value
    assert ex.result.agree


# --------------------------------------------------------------------------- JacobianExplorer
@SETTINGS
@given(x=inputs(), k=st.integers(0, len(FUNCTIONS) - 1), lang=st.sampled_from(["en", "bn"]))
def test_jacobian_explorer_any_input(x, k, lang):
    torch.set_language(lang)
    ex = JacobianExplorer(FUNCTIONS[k], x)
    shows_message_or_result(ex, ex.jac_html.value)
    if lang == "bn" and 'class="agbn-error"' in ex.message.value:
        assert BENGALI.search(ex.message.value)
    n = len(ex.result.x) if ex.result.x is not None else 0
    _r, exc = attempt(ex.set_x, np.ones(n + 1))            # one number too many
    assert exc is not None and (lang == "en" or BENGALI.search(str(exc)))
    if n:
        ex.set_x(np.full(n, 0.5))
        shows_message_or_result(ex, ex.jac_html.value)
    healthy_jacobian(ex)


@SETTINGS
@given(values=st.one_of(arrays(shapes=[(3,), (1, 3)]), st.sampled_from(NOT_NUMBERS),
                        st.lists(st.sampled_from(ODD), max_size=5)))
def test_set_x_takes_numbers_or_says_why(values):
    ex = JacobianExplorer(example="softmax")
    before = ex.x.copy()
    _r, exc = attempt(ex.set_x, values)
    if exc is not None:
        np.testing.assert_array_equal(ex.x, before)         # nothing changed
    elif not np.all(np.isfinite(ex.x)):
        assert "NaN or infinity" in ex.message.value and ex.jac_html.value == ""
    healthy_jacobian(ex)


def test_empty_x_is_a_message():
    ex = JacobianExplorer(lambda x: x.sum(), torch.zeros(0))
    assert _(EV.E_X_EMPTY) in ex.message.value and ex.sliders == []
    healthy_jacobian(ex)


def test_infinite_x_is_reported_not_clamped():
    ex = JacobianExplorer(lambda t: t * 2, [np.inf, 1.0])
    assert "x₁ = ∞" in ex.message.value and ex.jac_html.value == ""
    assert ex.x[0] == np.inf                                  # kept, not clamped
    ex.sliders[0].value = 0.5                                 # a move gives it a value
    assert ex.message.value == "" and ex.result.agree


def test_unknown_example_and_bad_select():
    ex = JacobianExplorer(example="nope")
    assert "nope" in ex.message.value and "softmax" in ex.message.value
    _r, exc = attempt(ex.select, "nope")
    assert isinstance(exc, ValueError)
    healthy_jacobian(ex)


# --------------------------------------------------------------------------- VJPExplorer
@SETTINGS
@given(x=st.one_of(st.none(), inputs()), v=st.one_of(st.none(), inputs()),
       k=st.integers(0, len(FUNCTIONS) - 1))
def test_vjp_explorer_any_input(x, v, k):
    vx = VJPExplorer(FUNCTIONS[k], x if x is not None else [1.0, 2.0], v)
    shows_message_or_result(vx, vx.backward_html.value)
    m = len(vx.v)
    _r, exc = attempt(vx.set_v, np.ones(m + 1))
    assert exc is not None
    if vx.result.error is None and m:
        vx.set_v(np.linspace(-1, 1, m))
        assert vx.result.backward is not None


def test_vjp_nan_v_is_a_message():
    vx = VJPExplorer(lambda t: t * 2, [1.0, 2.0], v=[1.0, 1.0])
    vx.set_v([np.nan, 1.0])
    assert "v₁ = NaN" in vx.message.value
    vx.sliders[0].value = 0.5
    assert vx.message.value == "" and vx.result.agree


# --------------------------------------------------------------------------- GraphView
def lesson_out():
    x = torch.ones(2, 2, requires_grad=True)
    return ((x + 2) * (x + 2) * 3).mean()


TENSORS = {
    "scalar": lesson_out,
    "vector": lambda: torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 2,
    "0-d": lambda: (torch.tensor(2.0, requires_grad=True) * 3),
    "empty": lambda: torch.zeros(0, requires_grad=True) * 2,
    "leaf": lambda: torch.ones(2, requires_grad=True),
    "constant": lambda: torch.ones(2),
    "int": lambda: torch.tensor([1, 2]),
    "number": lambda: 3.0,
    "array": lambda: np.ones(3),
    "none": lambda: None,
}
STEPS = st.one_of(st.integers(-10**30, 10**30), st.floats(allow_nan=True, allow_infinity=True),
                  st.sampled_from(["3", None, [1], np.int64(2), np.float32(1.0), True,
                                   torch.tensor(1.0)]))


@SETTINGS
@given(kind=st.sampled_from(sorted(TENSORS)),
       gradient=st.one_of(st.none(), inputs()), k=STEPS, lang=st.sampled_from(["en", "bn"]))
def test_graph_view_any_input_and_step(kind, gradient, k, lang):
    torch.set_language(lang)
    view = GraphView(TENSORS[kind](), gradient)
    shows_message_or_result(view, view.svg)
    if view.error and lang == "bn":
        assert BENGALI.search(view.message.value)
    n = len(view.steps)
    _r, exc = attempt(view.step, k)
    assert 0 <= view.step_slider.value <= n
    _r, exc2 = attempt(view.explain, k)
    if exc is None and exc2 is None:
        assert isinstance(view.explain(k), str)
    for bad in (exc, exc2):
        assert bad is None or lang == "en" or BENGALI.search(str(bad))
    view.step(n)                                        # still works
    assert view.step_slider.value == n


def test_graph_view_steps_at_the_edges():
    view = GraphView(lesson_out())
    n = len(view.steps)
    view.step(float("inf"))
    assert view.step_slider.value == n
    view.step(-float("inf"))
    assert view.step_slider.value == 0
    view.step(10**100)
    assert view.step_slider.value == n
    for bad, error in ((float("nan"), ValueError), (2.5, ValueError), ("3", TypeError)):
        with pytest.raises(error, match="whole number"):
            view.step(bad)
    for k in (-1, n + 1, n + 10):
        with pytest.raises(ValueError, match=f"no step {k}"):
            view.explain(k)
    assert view.explain(n).startswith(f"Step {n} of {n}")


def test_graph_view_wrong_gradient_is_a_message():
    y = torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 2
    view = GraphView(y, gradient=torch.ones(4))
    assert "shape [4]" in view.message.value and view.steps == []
    assert "agbn-graph-node" in view.svg                      # the graph is still drawn
    view = GraphView(y, gradient="abc")
    assert "not str" in view.message.value
    old = GraphView(y, gradient=[1.0])
    torch.set_language("bn")
    assert BENGALI.search(GraphView(y, gradient=[1.0]).message.value)
    old.redraw()                                            # drawn again: in Bengali now
    assert BENGALI.search(old.message.value) and BENGALI.search(old.error)


def test_multi_output_function_is_one_node():
    class Split(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, ga, gb):
            x, = ctx.saved_tensors
            return ga * 2 + gb * 3 * x / x

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    a, b = Split.apply(x)
    out = (a * b).sum()
    view = GraphView(out)
    assert view.error is None and view.message.value == ""      # not "freed"
    names = [type(view.nodes[s.node_id]).__name__ for s in view.steps]
    assert names == ["SumBackward0", "MulBackward0", "SplitBackward", "AccumulateGrad"]
    split = view.steps[2]
    np.testing.assert_allclose(split.grad[0], b.detach().numpy())      # d out / d a = b
    np.testing.assert_allclose(split.grad[1], a.detach().numpy())
    want, = torch.autograd.grad(out, x, retain_graph=True)
    np.testing.assert_allclose(view.leaf_grads[split.sent[0][0]], want.numpy())
    assert re.findall(r'data-name="([^"]+)"', view.svg).count("SplitBackward") == 1
    into = sorted(re.findall(rf'data-dst="{split.node_id}" data-slot="(\d+)"', view.svg))
    assert into == ["0", "1"]                 # both outputs feed MulBackward0
    view.step(3)
    assert "(" in view.text.value and "SplitBackward" in view.text.value
    only_b = GraphView(b, gradient=[1.0, 1.0])               # the second output alone
    np.testing.assert_allclose(list(only_b.leaf_grads.values())[0], [3.0, 3.0])
    out.backward()                                            # now the values are freed
    assert "freed" in GraphView(out).message.value


# --------------------------------------------------------------------------- at the limits
def test_largest_x_shows_a_block():
    x = np.linspace(-1, 1, EV.MAX_ELEMENTS)
    ex = JacobianExplorer(x=torch.tensor(x), example="square")
    assert len(ex.sliders) == EV.BLOCK and ex.message.value == ""
    assert ex.result.jacobian.shape == (EV.BLOCK, EV.BLOCK) and ex.result.agree
    np.testing.assert_allclose(ex.result.jacobian, np.diag(6 * (x[:EV.BLOCK] + 2)))
    assert ex.overview_image.value[:4] == b"\x89PNG"
    assert len(ex.xy_html.value) + len(ex.jac_html.value) + len(ex.fd_html.value) < 60_000
    ex.col_slider.value = 101                              # columns 101..108
    assert [s.description for s in ex.sliders][:2] == ["x₁₀₁", "x₁₀₂"]
    np.testing.assert_array_equal(ex.result.cols, np.arange(100, 108))
    assert not ex.result.jacobian.any() and ex.result.agree      # off the diagonal
    ex.row_slider.value = 101
    np.testing.assert_allclose(np.diag(ex.result.jacobian), 6 * (x[100:108] + 2))
    np.testing.assert_array_equal(ex.x, x)                # moving the block moved no x
    ex.sliders[0].value = 1.0                             # x₁₀₁ = 1
    assert ex.x[100] == 1.0 and ex.result.jacobian[0, 0] == pytest.approx(18.0)
    assert np.count_nonzero(ex.x != x) == 1


def test_beyond_the_limit_is_a_message():
    ex = JacobianExplorer(x=torch.zeros(EV.MAX_ELEMENTS + 1), example="square")
    assert str(EV.MAX_ELEMENTS) in ex.message.value and ex.sliders == []
    healthy_jacobian(ex)
    big_y = JacobianExplorer(lambda t: t.reshape(-1, 1) * t.reshape(1, -1), torch.ones(200))
    assert "40000" in big_y.message.value
    torch.set_language("bn")
    assert BENGALI.search(JacobianExplorer(x=torch.zeros(10**5), example="square").message.value)


def test_large_vjp():
    from autograd_bn.autograd import functional as AF
    f = W.examples()["softmax"][0]
    x = torch.tensor(np.linspace(-2, 2, 2000))
    v = np.sin(np.arange(2000.0))
    vx = VJPExplorer(f, x, v=v)                  # 4,000,000 entries: no explicit product
    assert 'class="agbn-note"' in vx.message.value and vx.result.explicit is None
    _y, want = AF.vjp(f, x, torch.tensor(v))
    np.testing.assert_allclose(vx.result.backward, want.numpy(), rtol=1e-12, atol=1e-15)
    assert len(vx.sliders) == EV.BLOCK
    small = VJPExplorer(f, x[:500], v=v[:500])   # 250,000 entries: both ways
    assert small.result.agree and small.message.value == ""
    small.row_slider.value = 11
    small.sliders[0].value = 2.0                 # v₁₁
    assert small.v[10] == 2.0 and small.result.agree


def test_large_graph_is_drawn_through_a_window():
    x = torch.ones(3, requires_grad=True)
    y = x
    for _k in range(5000):
        y = y * 1.001
    out = y.sum()
    view = GraphView(out)
    assert len(view.nodes) == 5002 and "agbn-graph-window" in view.svg
    for k in (1, 2500, 5002):
        view.step(k)
        shown = re.findall(r'data-node="([^"]+)"', view.svg)
        assert len(shown) <= 12 and view.steps[k - 1].node_id in shown
    before = view._drawing.formatted
    view.step(2501)
    assert view._drawing.formatted - before <= 6           # only what changed is formatted
    want, = torch.autograd.grad(out, x, retain_graph=True)
    np.testing.assert_array_equal(list(view.leaf_grads.values())[0], want.numpy())
