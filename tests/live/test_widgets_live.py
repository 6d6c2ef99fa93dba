"""The widgets against a live torch 2.13: what they display equals what torch computes.

* JacobianExplorer's matrix for every ready-made function (the same Python functions run on
  torch tensors) at several points equals torch.autograd.functional.jacobian;
* VJPExplorer's "y.backward(v)" vector equals torch's x.grad after y.backward(v);
* GraphView draws torch's graph (names, edges by slot), and its steps are torch's: the order
  in which torch's engine runs the nodes (seen by node pre-hooks) and the gradient each
  receives.

Values are compared within bounds of the form 2 R u A (tests/live/tolerance.py): R roundings
a side on any path (counted per function below, the conditioning of its operations folded in),
u the unit roundoff, A the scale of the terms: |value| where no cancellation is possible, else
the absolute-value backward (tolerance.abs_backward) of the same computation in float64.
"""
import re

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")
pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import autograd_bn as bn  # noqa: E402
from autograd_bn.widgets import GraphView, JacobianExplorer, VJPExplorer, examples  # noqa: E402
from autograd_bn.widgets.functions import ROTATION  # noqa: E402
import tolerance as T  # noqa: E402

RNG = np.random.default_rng(5)


def shown_matrix(html):
    cells = re.findall(r'data-row="(\d+)" data-col="(\d+)" data-value="([^"]+)"', html)
    m = max(int(c[0]) for c in cells) + 1
    n = max(int(c[1]) for c in cells) + 1
    out = np.zeros((m, n))
    for i, j, v in cells:
        out[int(i), int(j)] = float(v)
    return out


def shown_vector(html, css):
    block = re.search(rf'<div class="{css}">(.*?)</div>', html).group(1)
    return np.array([float(v) for v in re.findall(r'data-value="([^"]+)"', block)])


def roundings(key, x):
    """(R for y = f(x), R for the Jacobian / a backward pass): float64 roundings a side on any
    path of the example's computation, each local derivative's own and those of the values it
    uses (exp, cos, sin: 1 ulp = 2 roundings on torch's side, the C library's on ours)."""
    if key == "doubling":       # multiplications by 2: exact (the loop stops at the same k
        return 0, 0             # unless the norm lands within rounding of 1000)
    if key == "square":         # x + 2, y * y, * 3 (no cancellation: y*y*3 >= 0);
        return 4, 4             # backward g * 3, g * y twice and their sum
    if key == "rotation":       # A x: 2 terms (gamma_2); J = e_i^T A: products with 1 and 0
        return 2, 0
    if key == "polar":          # r * cos(theta): the cosine's ulp and the product; J the same
        return 3, 3
    # softmax: d = x - max x rounds by u|d|, which exp turns into a relative u|d|; exp's ulp;
    # the sum of 3 positive terms (gamma_3, and its terms' errors); the quotient.  Backward:
    # g / s, g e / s^2 (3), the sum over outputs, g e (exp): 6 more, and the values they use
    dmax = float(np.max(x) - np.min(x))
    return 2 * dmax + 8, 3 * dmax + 16


def abs_jacobian(f, x):
    """|J| by the absolute-value backward, one output at a time (float64)."""
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = f(xt).reshape(-1)
    rows = []
    for i in range(y.numel()):
        xt.grad = None
        T.abs_backward(y[i], torch.tensor(1.0, dtype=torch.float64))
        rows.append(xt.grad.reshape(-1).numpy().copy())
    return np.array(rows)


@pytest.mark.parametrize("key", list(examples()))
def test_jacobian_matches_torch(key):
    f, x0 = examples()[key]
    ex = JacobianExplorer(example=key)
    x0 = np.asarray(x0, dtype=np.float64)
    for trial in range(4):
        x = x0 + (0 if trial == 0 else RNG.normal(scale=0.3, size=x0.shape))
        ex.set_x(x)
        xt = torch.tensor(x, dtype=torch.float64)
        want = torch.autograd.functional.jacobian(f, xt).numpy().reshape(-1, x.size)
        r_y, r_j = roundings(key, x)
        T.assert_within(shown_matrix(ex.jac_html.value), want,
                        2 * r_j * T.U64 * abs_jacobian(f, x), f"{key} J, trial {trial}")
        y = f(xt).numpy().reshape(-1)
        # the scale of y's terms: |A||x| for the rotation (cancellation), |y| for the others
        scale = np.abs(ROTATION) @ np.abs(x) if key == "rotation" else np.abs(y)
        T.assert_within(shown_vector(ex.xy_html.value, "agbn-y"), y, 2 * r_y * T.U64 * scale,
                        f"{key} y, trial {trial}")


@pytest.mark.parametrize("key", ["doubling", "softmax", "polar"])
def test_vjp_matches_torch_backward(key):
    """x.grad after y.backward(v), and v @ J from the explorer's Jacobian, against torch's
    x.grad: the backward's roundings (R of the Jacobian) plus the m-term sum over the outputs
    on each side, on the scale |v|^T |J| (the absolute-value backward from |v|)."""
    f, x0 = examples()[key]
    x0 = np.asarray(x0, dtype=np.float64)
    m = f(torch.tensor(x0)).numel()
    vx = VJPExplorer(f, x0, v=np.ones(m))
    r_j = roundings(key, x0)[1]
    for _trial in range(3):
        v = RNG.normal(size=m)
        vx.set_v(v)
        xt = torch.tensor(x0, requires_grad=True)
        f(xt).backward(torch.tensor(v))
        bound = 2 * (r_j + m) * T.U64 * (np.abs(v) @ abs_jacobian(f, x0))
        T.assert_within(shown_vector(vx.backward_html.value, "agbn-backward"),
                        xt.grad.numpy(), bound, f"{key} backward")
        T.assert_within(shown_vector(vx.explicit_html.value, "agbn-explicit"),
                        xt.grad.numpy(), bound, f"{key} explicit")


def lesson(lib, dtype=None):
    x = lib.ones(2, 2, requires_grad=True, dtype=dtype)
    y = x + 2
    z = y * y * 3
    return z.mean()


def branching(lib, dtype=None):
    a = lib.tensor([1.0, 2.0, -0.5], requires_grad=True, dtype=dtype)
    b = lib.tensor([3.0, -1.0, 0.25], requires_grad=True, dtype=dtype)
    s = a * b
    # scaled so that tanh (of 0.58) does not saturate: at 11.6 it rounds to 1 and every
    # gradient in the graph to 0 on both sides, which would check nothing
    return (((s + a.exp()).sum() * s.sum() + (b / (a * a + 1)).sum()) * 0.05).tanh()


# float32 roundings a side on any path of the backward, the values it uses included:
# lesson: small integers and dyadic fractions (the mean divides by 4), every operation exact;
# branching: tanh's input carries <= 9 (exp's ulp, the sums of 3, the product, the quotient,
# the scaling), tanh <= 10 relative, 1 - t^2 <= 10 (t^2 = 0.27), then along the longest path
# the scaling, the product's other factor (<= 7), exp's result (3) and 2 accumulations: < 32
GRAPH_ROUNDINGS = {lesson: 0, branching: 32}


def pair_nodes(ours_root, torch_root):
    """{our node: torch node}, walking both graphs along next_functions in step."""
    pairs, stack = {}, [(ours_root, torch_root)]
    while stack:
        a, b = stack.pop()
        if a in pairs:
            assert pairs[a] is b
            continue
        assert a.name() == b.name(), (a.name(), b.name())
        pairs[a] = b
        assert len(a.next_functions) == len(b.next_functions), a.name()
        for (na, _i), (nb, _j) in zip(a.next_functions, b.next_functions):
            assert (na is None) == (nb is None), a.name()
            if na is not None:
                stack.append((na, nb))
    return pairs


@pytest.mark.parametrize("build", [lesson, branching])
def test_graph_view_replays_torch_backward(build):
    out_bn, out_t = build(bn), build(torch)
    view = GraphView(out_bn)
    assert view.error is None
    pairs = pair_nodes(out_bn.grad_fn, out_t.grad_fn)
    # the SVG names every node as torch does
    names = re.findall(r'class="agbn-graph-node agbn-graph-(?:fn|leaf)[^"]*" data-node="[^"]+" '
                       r'data-name="([^"]+)"', view.svg)
    assert sorted(names) == sorted(n.name() for n in pairs.values())
    # the bounds: 2 R u times the absolute-value backward of the same graph in float64
    out64 = build(torch, torch.float64)
    twin = pair_nodes(out_t.grad_fn, out64.grad_fn)
    scale = T.abs_backward(out64, torch.ones((), dtype=torch.float64), list(twin.values()))
    factor = 2 * GRAPH_ROUNDINGS[build] * T.U32
    # torch's engine: which node runs when, with which gradient
    seen = []
    for node in pairs.values():
        node.register_prehook(lambda grads, node=node: seen.append((node, grads[0].clone())))
    out_t.backward()
    assert len(seen) == len(view.steps)
    for step, (tnode, tgrad) in zip(view.steps, seen):
        assert pairs[view.nodes[step.node_id]] is tnode, (step, tnode.name())
        T.assert_within(step.grad, tgrad.numpy(), factor * scale[twin[tnode]].numpy(),
                        f"step {tnode.name()}")
    for nid, grad in view.leaf_grads.items():
        tleaf = pairs[view.nodes[nid]].variable
        T.assert_within(grad, tleaf.grad.numpy(),
                        factor * twin[pairs[view.nodes[nid]]].variable.grad.numpy(), "leaf")


def two_outputs(lib):
    class Split(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * 2, x.exp()

        @staticmethod
        def backward(ctx, ga, gb):
            x, = ctx.saved_tensors
            return ga * 2 + gb * x.exp()

    x = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
    a, b = Split.apply(x)
    return x, (a * b).sum() + b.sum()


def test_graph_view_of_a_two_output_function_replays_torch():
    x_bn, out_bn = two_outputs(bn)
    x_t, out_t = two_outputs(torch)
    view = GraphView(out_bn)
    assert view.error is None
    seen, stack, nodes = [], [out_t.grad_fn], set()
    while stack:                              # every node of torch's graph, with a pre-hook
        node = stack.pop()
        if node in nodes:
            continue
        nodes.add(node)
        node.register_prehook(lambda grads, node=node: seen.append((node.name(), grads)))
        stack += [n for n, _i in node.next_functions if n is not None]
    out_t.backward()
    assert [view.nodes[s.node_id].name() for s in view.steps] == [name for name, _g in seen]
    for step, (name, grads) in zip(view.steps, seen):
        ours = step.grad if isinstance(step.grad, tuple) else (step.grad,)
        assert len(ours) == len(grads), name
        # float32, each side at most 4 roundings of products and exp (<= 1 ulp each) on values
        # that do not cancel: |diff| <= 2 * 4 * 2^-24 |g| ~ 4.8e-7 |g| < rtol
        for g, tg in zip(ours, grads):
            np.testing.assert_allclose(g, tg.numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(list(view.leaf_grads.values())[0], x_t.grad.numpy(), rtol=1e-6)
