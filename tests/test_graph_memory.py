"""The graph's life: deep chains, freeing, no reference cycles, saved values and versions.

* A chain of 100,000 ops backpropagates (and is freed) at Python's default recursion limit.
* A graph is garbage as soon as its output is unreferenced, with the cycle collector off:
  nodes must not form reference cycles (checked with gc.disable() and weak references).
* Saved values are freed by backward; a second backward raises torch's error unless
  retain_graph=True; graphs that save nothing can be backpropagated twice.
* In-place changes to saved tensors are caught through version counters.
"""
import gc
import os
import subprocess
import sys
import textwrap
import weakref

import numpy as np
import pytest

import autograd_bn as torch
from autograd_bn.autograd.graph import SECOND_BACKWARD

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def no_gc():
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _run_isolated(code, timeout=300):
    """Run code in a fresh interpreter (a crash from deep recursion must not kill pytest)."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT)


# --- deep chains ---------------------------------------------------------------------------------
def test_deep_chain_100k_backward_and_free():
    r = _run_isolated("""
        import gc, sys, weakref
        import autograd_bn as torch
        assert sys.getrecursionlimit() == 1000
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x
        for i in range(100_000):
            y = y * 1.0 if i % 2 else y + 1.0
        first = weakref.ref(y.grad_fn)
        y.sum().backward()
        print(x.grad.tolist())
        # freeing the 100,000-node chain must not recurse either
        gc.disable()
        z = x
        for i in range(100_000):
            z = z + 1.0
        last = weakref.ref(z.grad_fn)
        del z, y
        print(first() is None, last() is None)
    """)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.split("\n")[:2] == ["[1.0, 1.0]", "True True"]


def test_deep_chain_with_retained_graph_and_autograd_grad():
    r = _run_isolated("""
        import autograd_bn as torch
        x = torch.tensor(1.0, requires_grad=True)
        y = x
        for _ in range(100_000):
            y = y * 1.0
        (g,) = torch.autograd.grad(y, x, retain_graph=True)
        y.backward()
        print(g.item(), x.grad.item())
    """)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip() == "1.0 1.0"


def test_wide_fan_in_counts_every_path():
    x = torch.tensor([1.0], requires_grad=True)
    terms = [x * float(i) for i in range(2000)]
    s = terms[0]
    for t in terms[1:]:
        s = s + t
    s.sum().backward()
    assert x.grad.item() == sum(range(2000))


# --- freeing -------------------------------------------------------------------------------------
def _all_nodes(fn):
    seen, stack, out = set(), [fn], []
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        out.append(n)
        stack.extend(nxt for nxt, _ in n.next_functions)
    return out


def test_graph_dies_with_its_output(no_gc):
    x = torch.tensor([[1.0, 2.0], [3.0, -1.0]], requires_grad=True)
    out = ((x + 2) * (x + 2) * 3).mean()
    nodes = [weakref.ref(n) for n in _all_nodes(out.grad_fn)]
    assert len(nodes) >= 5
    del out
    assert [r() for r in nodes if r() is not None and type(r()).__name__ != "AccumulateGrad"] == []


@pytest.mark.parametrize("program", [
    "y = x.exp().sigmoid().tanh().log_softmax(0)",
    "y = (x @ x.t()).relu().sum(1)",
    "y = x.reshape(4)[[0, 2]] * x[0].norm()",
    "y = torch.cat([x, x * 2]).max(dim=0).values / x.mean()",
    "y = torch.stack([x, x]).permute(1, 2, 0).clamp(-1, 2).abs().sqrt()",
    "h = x * 1\nh[0] = x[1] * 3\ny = h ** 2",
    "h = x * 2\nh.add_(1)\ny = h.exp()",
    "y = x.t().reshape(4).unsqueeze(0).expand(3, 4).squeeze()",
    "h = x * 2\nh.retain_grad()\ny = h * h\ny.register_hook(lambda g: g * 2)",
])
def test_no_reference_cycles(no_gc, program):
    """With the cycle collector off, every node and saved intermediate dies with the output."""
    x = torch.tensor([[1.0, 2.0], [3.0, -1.0]], requires_grad=True)
    ns = {"torch": torch, "x": x}
    exec(program, ns)
    y = ns.pop("y")
    nodes = [weakref.ref(n) for n in _all_nodes(y.grad_fn)
             if type(n).__name__ != "AccumulateGrad"]
    inter = [weakref.ref(v) for k, v in ns.items() if isinstance(v, torch.Tensor) and v is not x]
    ns.clear()
    del y
    alive = [type(r()).__name__ for r in nodes if r() is not None]
    assert alive == [], f"nodes kept alive after the output died: {alive}"
    assert all(r() is None for r in inter), "intermediate tensors kept alive"


def test_graph_freed_after_backward_too(no_gc):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    refs = [weakref.ref(n) for n in _all_nodes(y.grad_fn)
            if type(n).__name__ != "AccumulateGrad"]
    y.backward()
    del y
    assert all(r() is None for r in refs)
    assert x.grad is not None


def test_leaf_does_not_keep_its_accumulate_grad_alive_cyclically(no_gc):
    x = torch.tensor([1.0], requires_grad=True)
    y = x * 2
    acc = weakref.ref(y.grad_fn.next_functions[0][0])
    assert acc().variable is x
    xr = weakref.ref(x)
    del y
    assert acc() is None
    del x
    assert xr() is None


def test_saved_tensors_released_by_backward(no_gc):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    y = (h * h).sum()
    hr = weakref.ref(h)
    del h
    assert hr() is not None          # saved by MulBackward0 (self and other)
    y.backward()
    assert hr() is None               # freed with the saved values, y still alive
    assert y.grad_fn is not None


# --- second backward and retain_graph ---------------------------------------------------------------
def test_second_backward_raises():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError) as e:
        y.backward()
    assert str(e.value) == SECOND_BACKWARD
    assert x.grad.tolist() == [2.0, 4.0]          # unchanged by the failed call
    assert str(e.value).startswith("Trying to backward through the graph a second time")


def test_retain_graph_allows_second_backward():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.tolist() == [6.0, 12.0]
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()


def test_graph_without_saved_values_backpropagates_twice():
    x = torch.ones(2, 2, requires_grad=True)
    y = (x + 2).sum()
    y.backward()
    y.backward()
    assert x.grad.tolist() == [[2.0, 2.0], [2.0, 2.0]]


def test_autograd_grad_frees_unless_retained():
    x = torch.tensor([3.0], requires_grad=True)
    y = (x * x).sum()
    (g,) = torch.autograd.grad(y, x, retain_graph=True)
    (g2,) = torch.autograd.grad(y, x)
    assert g.tolist() == g2.tolist() == [6.0]
    assert x.grad is None
    with pytest.raises(RuntimeError, match="second time"):
        torch.autograd.grad(y, x)


# --- versions ------------------------------------------------------------------------------------
def _modified(version, expected, op, shape="2"):
    return ("one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [torch.FloatTensor [{shape}]], which is output 0 of {op}, is at "
            f"version {version}; expected version {expected} instead. Hint: enable anomaly "
            "detection to find the operation that failed to compute its gradient, with "
            "torch.autograd.set_detect_anomaly(True, check_nan=False).")


def test_version_counter_counts_inplace_ops():
    x = torch.tensor([1.0, 2.0])
    assert x._version == 0
    x.add_(1)
    x.mul_(2)
    assert x._version == 2
    v = x[0:1]
    v.zero_()
    assert x._version == 3 and v._version == 3
    x[1] = 7.0
    assert x._version == 4
    assert x.tolist() == [0.0, 7.0]
    d = x.detach()
    d.add_(1)
    assert x._version == 5


def _sum_backward_error(y):
    """The message of the RuntimeError that y.sum().backward() raises."""
    with pytest.raises(RuntimeError) as e:
        y.sum().backward()
    return str(e.value)


def test_modified_saved_output_raises():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.add_(1)
    assert _sum_backward_error(y) == _modified(1, 0, "Exp")


def test_modified_saved_input_raises():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 1
    y = h * h
    h.mul_(2)
    h.mul_(2)
    assert _sum_backward_error(y) == _modified(2, 0, "Mul")


def test_modified_through_a_view_raises():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x.sigmoid()
    v = h.view(2, 1)
    y = h * 1
    v.mul_(3)       # h is saved only as SigmoidBackward0's result
    with pytest.raises(RuntimeError, match="which is output 0 of Sigmoid, is at version 1"):
        h.sum().backward()
    del y


def test_modified_after_retained_backward_raises():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.tanh()
    y.sum().backward(retain_graph=True)
    with torch.no_grad():
        y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_inplace_on_unsaved_tensor_is_fine():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x + 1          # AddBackward0 saves nothing
    y = h + 1
    h.mul_(2)
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


# --- custom Functions ----------------------------------------------------------------------------
class _SavesOutput(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y


class _TwoOutputs(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        a, b = x * 2, x.exp()
        ctx.save_for_backward(x, a, b)
        return a, b

    @staticmethod
    def backward(ctx, ga, gb):
        x, a, b = ctx.saved_tensors
        return ga * 2 + gb * b


class _Dirty(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        ctx.save_for_backward(x)
        return x

    @staticmethod
    def backward(ctx, g):
        return g * 2


@pytest.mark.parametrize("build", [
    lambda x: _SavesOutput.apply(x).sum(),
    lambda x: sum(o.sum() for o in _TwoOutputs.apply(x)),
    lambda x: _TwoOutputs.apply(x)[1].sum(),
    lambda x: _Dirty.apply(x * 1).sum(),
], ids=["saves-output", "two-outputs", "one-of-two-used", "mark-dirty"])
def test_custom_function_graphs_have_no_cycles(no_gc, build):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = build(x)
    nodes = [weakref.ref(n) for n in _all_nodes(y.grad_fn) if type(n).__name__ != "AccumulateGrad"]
    assert any("Backward" in type(r()).__name__ for r in nodes)
    del y
    alive = [type(r()).__name__ for r in nodes if r() is not None]
    assert alive == [], f"nodes kept alive after the output died: {alive}"


def test_custom_function_saved_memory_freed_without_gc(no_gc):
    # the case: 200 calls saving 8 MB each must not pile up waiting for the collector
    x = torch.zeros(1_000_000, dtype=torch.float64, requires_grad=True)
    refs = []
    for _ in range(200):
        y = _SavesOutput.apply(x)
        refs.append(weakref.ref(y.grad_fn))
        del y
    assert sum(r() is not None for r in refs) == 0


def test_custom_function_saved_output_keeps_its_grad_fn():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    a, b = _TwoOutputs.apply(x)
    node = b.grad_fn.next_functions[0][0]
    saved = node.saved_tensors
    assert saved[1].grad_fn is a.grad_fn and saved[2].grad_fn is b.grad_fn
    y = _SavesOutput.apply(x)
    assert y.grad_fn.saved_tensors[0].grad_fn is y.grad_fn
    (a.sum() + b.sum()).backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 + np.exp([1.0, 2.0]), rtol=1e-6)
