"""The widgets with large or odd input, headless: every input gives a working widget or a clear
message (in the widget's message box, or a TypeError / ValueError raised by the widget's own
code with a translated message), never a traceback from NumPy, and the widget keeps working.

Generated cases (hypothesis) cover sizes, dtypes, shapes (0-d, empty), odd values (inf, NaN,
huge, tiny, -0.0), things that are not numbers and broken functions; fixed cases cover the
sizes at the explorers' limits.  No timing asserts: speed is measured by
benchmarks/bench_widgets.py.
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
from autograd_bn.widgets import JacobianExplorer, VJPExplorer  # noqa: E402
from autograd_bn.widgets import evaluation as EV  # noqa: E402

BENGALI = re.compile("[\u0980-\u09FF]")
WIDGET_DIR = os.path.dirname(os.path.abspath(W.__file__))
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    torch.set_language("en")


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
