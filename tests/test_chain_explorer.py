"""The chain-rule explorer (autograd_bn.widgets.chain), headless: the formula table covers the
derivatives table, every node type's formulas render (as MathML too), the numbers shown are the
engine's, the expression parser refuses unsafe input with a message in both languages and
changes nothing, and the static page is self-contained."""
import gc
import re

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import autograd_bn as torch  # noqa: E402
from autograd_bn.ops import derivatives as D  # noqa: E402
from autograd_bn.ops import derivatives_tex as T  # noqa: E402
from autograd_bn.ops import registry  # noqa: E402
from autograd_bn.ops.registry import derivative  # noqa: E402
from autograd_bn.widgets import ChainRuleExplorer  # noqa: E402
from autograd_bn.widgets.chain import expression as X  # noqa: E402
from autograd_bn.widgets.chain import formulas as FM  # noqa: E402
from autograd_bn.widgets.chain.mathml import MathError, to_mathml  # noqa: E402
from autograd_bn.widgets.chain.values import tex_value  # noqa: E402

BENGALI = re.compile("[\u0980-\u09FF]")



def lesson():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    return x, y, z, out


# --- one source: the formula table follows the derivatives table -----------------------
def test_every_row_has_a_formula():
    assert FM.missing_rows() == []


def test_a_row_without_a_formula_is_reported(monkeypatch):
    monkeypatch.setattr(registry, "NODES", dict(registry.NODES))    # the row is a test's
    row = derivative("MadeUpBackward0", "made_up(self)", self=lambda F, g: g)
    monkeypatch.setattr(D, "MadeUpBackward0", row, raising=False)
    try:
        assert FM.missing_rows() == ["MadeUpBackward0"]
    finally:
        monkeypatch.undo()
        del row
        gc.collect()                      # the class leaves OpNode.__subclasses__()
    assert FM.missing_rows() == []


@pytest.mark.parametrize("key", sorted(FM.table_rows()))
def test_row_formula_matches_the_row(key):
    cls, tex = FM.table_rows()[key], T.TEX[key]
    to_mathml(FM.symbolic(tex.forward))
    if tex.variadic:
        return
    assert len(tex.inputs) == len(cls.formulas), "one formula per input of the row"
    for (name, local, grad), (fn, params) in zip(tex.inputs, cls.formulas):
        for text in (local, grad):
            if text is None:
                continue
            to_mathml(FM.symbolic(text))
            unknown = set(T.placeholders(text)) - set(params) - {"g"}
            assert not unknown, f"{key}.{name} uses {unknown}, not parameters {params}"


def test_mathml_refuses_unknown_latex():
    with pytest.raises(MathError):
        to_mathml(r"\frobnicate{x}")
    with pytest.raises(MathError):
        to_mathml(r"\frac{1}")


# --- every node type renders, with the engine's numbers --------------------------------------
def graphs():
    a = torch.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
    b = torch.tensor([[0.3, 0.7], [-1.5, 2.0]], requires_grad=True)
    v = torch.tensor([1.0, 2.0], requires_grad=True)
    yield "arith", lambda: ((a + b) * (a - b) / (b * b + 1) - a ** 2 + 2 ** a - (-a)).sum()
    yield "functions", lambda: (torch.exp(a) + torch.log(a.abs()) + torch.sqrt(b.abs())
                                + torch.sin(a) * torch.cos(b) + torch.tanh(a)
                                + torch.sigmoid(b) + torch.relu(a) + a.clamp(-1, 1)).mean()
    yield "reductions", lambda: a.max() + a.min() + a.sum(0).mean() + a.norm() + a.mean(1).sum()
    yield "linalg", lambda: (a @ b).sum() + (a @ v).sum() + v.dot(v) + a.t().reshape(4).sum()
    yield "shape", lambda: (torch.cat([a, b]).sum() + torch.stack([a, b]).permute(2, 0, 1)[0]
                            .sum() + a[0, 1] + a.unsqueeze(0).expand(3, 2, 2).sum())
    yield "nn", lambda: torch.nn.functional.cross_entropy(a, torch.tensor([0, 1])) + \
        torch.nn.functional.mse_loss(a, b)


@pytest.mark.parametrize("name,fn", list(graphs()), ids=[n for n, _f in graphs()])
@pytest.mark.parametrize("lang", ["en", "bn"])
def test_every_node_renders_its_formula(name, fn, lang):
    torch.set_language(lang)
    ex = ChainRuleExplorer(fn)
    assert ex.error is None and ex.model.error is None
    ex.step(float("inf"))
    for nid in ex.model.graph.nodes:
        ex.select(nid)
        maths = re.findall(r"\$\$(.*?)\$\$", ex.formula.value, re.S)
        assert maths, f"{nid} shows no formula"
        for text in maths:
            to_mathml(text)
        if lang == "bn":
            assert BENGALI.search(ex.formula.value)


def test_lesson_numbers_are_the_engines():
    x, y, z, out = lesson()
    ex = ChainRuleExplorer(out, names={"x": x, "y": y, "z": z, "out": out})
    model = ex.model
    node = {v: k for k, v in model.labels.items()}
    # forward values: the engine's tensors (y * y, which no name reaches, is 9)
    for name, t in (("y", y), ("z", z), ("out", out)):
        np.testing.assert_array_equal(model.values[node[name]], t.detach().numpy())
    np.testing.assert_array_equal(model.values["n2"], (y * y).detach().numpy())
    # gradients: what the engine's own backward gives
    gy, gz = torch.autograd.grad(out, [y, z], retain_graph=True)
    out.backward()
    np.testing.assert_array_equal(model.graph.received[node["x"]], x.grad.numpy())
    np.testing.assert_array_equal(model.graph.received[node["y"]], gy.numpy())
    np.testing.assert_array_equal(model.graph.received[node["z"]], gz.numpy())
    # and the formulas end in those numbers: 2.25 twice, added to 4.5 at y
    ex.step(float("inf"))
    ex.select(node["y"])
    assert r"\bar{r} = 2.25 + 2.25 = 4.5" in ex.formula.value
    ex.select("n2")
    assert ex.formula.value.count(r"{0.75} \cdot {3} = 2.25") == 2
    assert r"r = a \cdot b = {3} \cdot {3} = 9" in ex.formula.value


def test_formula_values_are_the_engines_for_the_network():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2))
    X_ = torch.randn(4, 2)
    ex = ChainRuleExplorer(lambda: net(X_).sum())
    m = ex.model
    out = net(X_).sum()
    out.backward()
    leaves = {id(n.variable): k for k, n in m.graph.nodes.items()
              if type(n).__name__ == "AccumulateGrad"}
    for p in net.parameters():
        np.testing.assert_array_equal(m.graph.received[leaves[id(p)]], p.grad.numpy())
    assert all(m.values[nid] is not None for nid in m.graph.nodes)
    hidden = net[1](net[0](X_)).detach().numpy()
    tanh = next(k for k, n in m.graph.nodes.items() if type(n).__name__ == "TanhBackward0")
    np.testing.assert_array_equal(m.values[tanh], hidden)


def test_tex_value_forms():
    assert tex_value(np.float32(0.75), False) == ("0.75", False)
    assert tex_value(np.full((2, 2), 3.0), False) == ("3", True)
    assert tex_value(np.full((2, 2), 3.0), False, elementwise=False)[0] == \
        r"3 \cdot \mathbf{1}_{[2, 2]}"
    torch.set_language("bn")                     # native digits are the language's own
    assert tex_value(np.array([1.0, 2.0]), True)[0] == r"\begin{pmatrix} ১ & ২ \end{pmatrix}"
    assert "cdots" in tex_value(np.arange(100.0), False)[0]


# --- the expression language --------------------------------------------------------------
UNSAFE = ["x.__class__", "__import__('os')", "(lambda: 1)()", "[i for i in range(3)]",
          "x ** 10 ** 10", "import os", "x[0]", "open('f')", "x.grad", "x(1)",
          "exp(x, x)", "exp(x=x)", "'text'", "x if x else x", "{1: 2}", "9" * 400 + "+x",
          "(" * 300 + "x" + ")" * 300, "2 ** 2 ** 2 ** 2 ** 2", "x ** 1000", ""]


@pytest.mark.parametrize("text", UNSAFE)
@pytest.mark.parametrize("lang", ["en", "bn"])
def test_unsafe_expressions_are_refused_and_change_nothing(text, lang):
    torch.set_language(lang)
    x = torch.ones(2, 2, requires_grad=True)
    ex = ChainRuleExplorer("x * 2", names={"x": x})
    before = (ex.model, ex.slider.max, ex.svg, x.detach().numpy().copy())
    message = ex.set_expression(text)
    assert message, f"{text!r} was accepted"
    assert "Traceback" not in message and "agbn-error" in ex.message.value
    if lang == "bn":
        assert BENGALI.search(message), message
    assert (ex.model, ex.slider.max, ex.svg) == before[:3]
    np.testing.assert_array_equal(x.detach().numpy(), before[3])
    assert x.grad is None


def test_expressions_in_bengali_digits():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    _tree, a = X.build("(x + ২) * (x + ২) * ৩", {"x": x})
    _tree, b = X.build("(x + 2) * (x + 2) * 3", {"x": x})
    np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    assert type(a.grad_fn).__name__ == "MulBackward0"


def test_huge_sizes_are_refused():
    a, b = torch.ones(2000, 1, requires_grad=True), torch.ones(1, 2000)
    with pytest.raises(X.ExpressionError, match="elements"):
        X.build("a + b", {"a": a, "b": b})


# --- stepping, language, static page -----------------------------------------------------
def test_timeline_runs_forward_then_backward():
    x, y, z, out = lesson()
    ex = ChainRuleExplorer(out, names={"x": x, "y": y, "z": z, "out": out})
    tl = ex.model.timeline
    assert ex.slider.max == tl.forward + tl.backward == 10
    ex.step(3)
    assert "agbn-chain-flowed" not in ex.svg and ex.svg.count("agbn-chain-value\"") >= 5
    ex.step(tl.forward + 1)
    assert ex.svg.count("agbn-chain-flowed") == 2      # into the output node, and out of it
    ex.step(float("inf"))
    assert "4.5" in ex.svg and x.grad is None


def test_bengali_captions_and_digits():
    torch.set_language("bn")
    x, y, z, out = lesson()
    ex = ChainRuleExplorer(out, names={"x": x, "y": y, "z": z, "out": out}, native_digits=True)
    ex.step(float("inf"))
    assert BENGALI.search(ex.caption_html.value)
    assert "৪.৫" in ex.svg and "4.5" not in re.sub(r'data-grad="[^"]*"', "", ex.svg)
    ex.select("n3")
    assert r"২.২৫ + ২.২৫ = ৪.৫" in ex.formula.value


def test_static_page_is_self_contained():
    x, y, z, out = lesson()
    page = ChainRuleExplorer(out, names={"x": x, "y": y, "out": out}).export_html()
    assert "<math" in page and "$$" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script src" not in page
    assert page.count('class="agbn-chain-node') == 6


# --- large graphs: summarised per layer, repeated structure collapsed ------------------------
def test_network_is_summarised_per_layer():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8),
                              torch.nn.Tanh(), torch.nn.Linear(8, 2))
    ex = ChainRuleExplorer(lambda: net(torch.randn(4, 2)).sum())
    ex.step(float("inf"))
    rows = re.findall(r'<tr class="agbn-chain-layer"[^>]*><td[^>]*>\d+</td><td[^>]*>([^<]*)<',
                      ex.summary_html.value)
    linear = "AddmmBackward0 + TBackward0 + 2 × AccumulateGrad"
    assert rows == [linear, "TanhBackward0", linear, "TanhBackward0", linear, "SumBackward0"]


def test_repeated_structure_is_collapsed():
    x = torch.ones(3, requires_grad=True)

    def chain():
        h = x
        for _i in range(100):
            h = torch.tanh(h * 1.01 + 0.1)
        return h.sum()
    ex = ChainRuleExplorer(chain)
    html = ex.summary_html.value
    assert len(ex.model.graph.nodes) == 302
    assert html.count('class="agbn-chain-layer"') < 15
    assert "the same 3 node groups again, 97 more times" in html
    formatted = len(ex.model.summary.cache)
    ex.step(ex.slider.value + 1)
    assert len(ex.model.summary.cache) <= formatted + 2       # one row changed its state


# --- bad sources and unusual graphs --------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "bn"])
def test_bad_sources_show_a_message(lang):
    torch.set_language(lang)
    leaf = torch.ones(2, requires_grad=True)
    for source in (3, leaf, torch.ones(2)):
        ex = ChainRuleExplorer(source)
        assert ex.model is None and "agbn-error" in ex.message.value
        assert (BENGALI.search(ex.error) is not None) == (lang == "bn"), ex.error
    x, y, z, out = lesson()
    out.backward()
    ex = ChainRuleExplorer(out)
    assert "agbn-error" in ex.message.value and "retain_graph" in ex.message.value


def test_non_scalar_output_with_a_gradient():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    ex = ChainRuleExplorer(y, torch.tensor([0.1, 1.0, 0.0001]))
    ex.step(float("inf"))
    y.backward(torch.tensor([0.1, 1.0, 0.0001]))
    leaf = next(k for k, n in ex.model.graph.nodes.items() if type(n).__name__ == "AccumulateGrad")
    np.testing.assert_array_equal(ex.model.graph.received[leaf], x.grad.numpy())
    assert ChainRuleExplorer(x * x).error or "agbn-error" in ChainRuleExplorer(x * x).message.value


def test_custom_function_and_in_place_nodes_render():
    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a ** 3

        @staticmethod
        def backward(ctx, g):
            a, = ctx.saved_tensors
            return 3 * a ** 2 * g

    x = torch.tensor([1.0, 2.0], requires_grad=True)

    def fn():
        h = x * 1.0
        h[0] = h[1] * 2                  # an in-place write into a view: CopySlices
        return Cube.apply(h).sum()
    ex = ChainRuleExplorer(fn)
    ex.step(float("inf"))
    for nid in ex.model.graph.nodes:
        ex.select(nid)
        for text in re.findall(r"\$\$(.*?)\$\$", ex.formula.value, re.S):
            to_mathml(text)
    ex.export_html()


def test_large_graphs_get_a_list_instead_of_buttons():
    x = torch.ones(3, requires_grad=True)

    def chain():
        h = x
        for _i in range(20):
            h = torch.tanh(h * 1.01)
        return h.sum()
    ex = ChainRuleExplorer(chain)
    assert ex.node_buttons is ex._list and len(ex._list.options) == 42
    assert ex._buttons.options == () and ex._buttons.layout.display == "none"
    ex.select("n5")
    assert "TanhBackward0" in ex.formula.value or r"\tanh" in ex.formula.value


def test_static_page_of_a_huge_graph_is_refused():
    from autograd_bn.widgets.chain import export
    x = torch.ones(2, requires_grad=True)

    def chain():
        h = x
        for _i in range(export.EXPORT_LIMIT):
            h = h * 1.0001
        return h.sum()
    ex = ChainRuleExplorer(chain)
    with pytest.raises(ValueError, match="at most 2000 nodes"):
        ex.export_html()
    with pytest.raises(ValueError):
        ChainRuleExplorer(3).export_html()


def test_trace_records_only_its_own_thread():
    import threading
    from autograd_bn.widgets.chain.values import trace
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    other = {}

    def elsewhere():
        other["node"] = (x * 3).grad_fn
    with trace() as t:
        y = (x + 1).exp()
        worker = threading.Thread(target=elsewhere)
        worker.start()
        worker.join()
    assert y.grad_fn in t.outputs and y.grad_fn.next_functions[0][0] in t.outputs
    assert other["node"] not in t.outputs
