"""The widgets against a live torch 2.13: what they display equals what torch computes.

* JacobianExplorer's matrix for every ready-made function (the same Python functions run on
  torch tensors) at several points equals torch.autograd.functional.jacobian;
* VJPExplorer's "y.backward(v)" vector equals torch's x.grad after y.backward(v);
* GraphView draws torch's graph (names, edges by slot), and its steps are torch's: the order
  in which torch's engine runs the nodes (seen by node pre-hooks) and the gradient each
  receives.
"""
import re

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")
pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import autograd_bn as bn  # noqa: E402
from autograd_bn.widgets import GraphView, JacobianExplorer, VJPExplorer, examples  # noqa: E402

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
        np.testing.assert_allclose(shown_matrix(ex.jac_html.value), want, rtol=1e-12,
                                   atol=1e-12)
        y = f(xt).numpy().reshape(-1)
        np.testing.assert_allclose(shown_vector(ex.xy_html.value, "agbn-y"), y, rtol=1e-12)


@pytest.mark.parametrize("key", ["doubling", "softmax", "polar"])
def test_vjp_matches_torch_backward(key):
    f, x0 = examples()[key]
    x0 = np.asarray(x0, dtype=np.float64)
    m = f(torch.tensor(x0)).numel()
    vx = VJPExplorer(f, x0, v=np.ones(m))
    for _trial in range(3):
        v = RNG.normal(size=m)
        vx.set_v(v)
        xt = torch.tensor(x0, requires_grad=True)
        f(xt).backward(torch.tensor(v))
        np.testing.assert_allclose(shown_vector(vx.backward_html.value, "agbn-backward"),
                                   xt.grad.numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(shown_vector(vx.explicit_html.value, "agbn-explicit"),
                                   xt.grad.numpy(), rtol=1e-10, atol=1e-12)


def lesson(lib):
    x = lib.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    return z.mean()


def branching(lib):
    a = lib.tensor([1.0, 2.0, -0.5], requires_grad=True)
    b = lib.tensor([3.0, -1.0, 0.25], requires_grad=True)
    s = a * b
    return ((s + a.exp()).sum() * s.sum() + (b / (a * a + 1)).sum()).tanh()


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
    # torch's engine: which node runs when, with which gradient
    seen = []
    for node in pairs.values():
        node.register_prehook(lambda grads, node=node: seen.append((node, grads[0].clone())))
    out_t.backward()
    assert len(seen) == len(view.steps)
    for step, (tnode, tgrad) in zip(view.steps, seen):
        assert pairs[view.nodes[step.node_id]] is tnode, (step, tnode.name())
        np.testing.assert_allclose(step.grad, tgrad.numpy(), rtol=1e-6, atol=1e-7)
    for nid, grad in view.leaf_grads.items():
        tleaf = pairs[view.nodes[nid]].variable
        np.testing.assert_allclose(grad, tleaf.grad.numpy(), rtol=1e-6, atol=1e-7)


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
        for g, tg in zip(ours, grads):
            np.testing.assert_allclose(g, tg.numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(list(view.leaf_grads.values())[0], x_t.grad.numpy(), rtol=1e-6)
