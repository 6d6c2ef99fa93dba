"""The backward driver's ordering and buffer handling (autograd_bn/autograd/engine.py).

The engine runs nodes latest-created first, skips the heap for a lone successor, runs leaves
last, and keeps (steals) a fresh gradient array as a leaf's .grad instead of copying it.  Each
test below builds a graph where getting one of those wrong gives a wrong number.
"""
import math
import warnings

import numpy as np
import pytest

import autograd_bn as torch


def leaf(values, dtype=torch.float64):
    return torch.tensor(values, dtype=dtype, requires_grad=True)


def test_diamond_sums_both_paths_before_running_the_shared_node():
    x = leaf([0.3, -1.2])
    a = x * 2                        # a feeds two branches that meet again
    d = a.exp() + a.sin()
    d.sum().backward()
    expected = [2 * (math.exp(2 * v) + math.cos(2 * v)) for v in (0.3, -1.2)]
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-15)


def test_leaf_reached_early_and_late_gets_every_contribution():
    # The leaf's AccumulateGrad node is made by the first op that uses the leaf; it must still
    # run after the later op that also feeds it.
    a = leaf([0.5, 1.0])
    (g,) = torch.autograd.grad((a.sin() * a).sum(), a)
    expected = [math.sin(v) + v * math.cos(v) for v in (0.5, 1.0)]
    np.testing.assert_allclose(g.numpy(), expected, rtol=1e-15)


def test_leaf_hook_sees_the_total_gradient_once():
    x = leaf([1.0, 2.0])
    seen = []
    x.register_hook(lambda g: seen.append(g.tolist()))
    (x * 3 + x * x).sum().backward()
    assert seen == [[5.0, 7.0]]


def test_long_chain_with_side_branches():
    # Alternating single-successor steps (no heap) and forks (heap) keep the right order.
    x = leaf([0.7])
    y = x
    total = 0.0
    for k in range(50):
        y = y * 1.1
        if k % 7 == 0:
            y = y + y.sin() * 0.01
    y.sum().backward()
    # the same computation by finite differences, in float64
    def f(v):
        y = v
        for k in range(50):
            y = y * 1.1
            if k % 7 == 0:
                y = y + math.sin(y) * 0.01
        return y
    h = 1e-6
    total = (f(0.7 + h) - f(0.7 - h)) / (2 * h)
    np.testing.assert_allclose(x.grad.item(), total, rtol=1e-7)


def test_one_gradient_shared_by_two_leaves_is_not_aliased():
    # AddBackward0 passes the same array to both inputs: neither leaf may keep it as its own.
    a, b = leaf([1.0, 1.0]), leaf([1.0, 1.0])
    (a + b).sum().backward()
    a.grad[0] = 7.0
    assert b.grad.tolist() == [1.0, 1.0]


def test_kept_gradient_accumulates_in_place_and_is_private():
    w = leaf([[1.0, 2.0], [3.0, 4.0]])
    x = torch.tensor([[1.0, -1.0]], dtype=torch.float64)
    (x @ w).sum().backward()
    first = w.grad
    assert first.tolist() == [[1.0, 1.0], [-1.0, -1.0]]
    (x @ w).sum().backward()
    assert w.grad is first                          # accumulated into the same tensor
    assert w.grad.tolist() == [[2.0, 2.0], [-2.0, -2.0]]
    assert x.tolist() == [[1.0, -1.0]]              # nothing else was written


def test_implicit_root_gradient_is_never_written():
    x = leaf([2.0])
    for _ in range(3):
        x.backward()                               # the root is the leaf's own node
    assert x.grad.tolist() == [3.0]
    y = leaf([1.0])
    y.sum().backward()
    assert y.grad.tolist() == [1.0]


def test_a_fresh_weight_gradient_is_kept_not_copied(monkeypatch):
    # A leaf keeps the gradient array the formula made (torch "steals" it too) instead of
    # copying it: the engine's ownership flag says the array is its own (the wrapper's extra
    # references make no difference, as no reference count is read).
    from autograd_bn.autograd import engine
    copies = []
    real = engine._accumulate

    def counting(var, g, create_graph, owned=False):
        before = id(g)
        real(var, g, create_graph, owned)
        copies.append(id(var._grad._data) != before)
    monkeypatch.setattr(engine, "_accumulate", counting)
    w = leaf([[1.0, 2.0], [3.0, 4.0]])
    x = torch.tensor([[1.0, -1.0]], dtype=torch.float64)
    (x @ w).sum().backward()
    assert copies == [False]


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_plain_backward_after_create_graph_adds_into_the_same_grad():
    x = leaf([1.0, 2.0])
    (x ** 3).sum().backward(create_graph=True)
    g = x.grad
    (x * 2).sum().backward()
    assert x.grad is g and x.grad.tolist() == [5.0, 14.0]
    assert type(x.grad.grad_fn).__name__ == "CopyBackwards"


def test_backward_with_create_graph_warns_once_like_torch(monkeypatch):
    from autograd_bn.autograd import engine
    monkeypatch.setattr(engine, "_WARNED", set())
    x = leaf([1.0, 2.0])
    with pytest.warns(UserWarning, match=r"Using backward\(\) with create_graph=True will "
                                         r"create a reference cycle"):
        (x ** 3).sum().backward(create_graph=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (x ** 3).sum().backward(create_graph=True)           # only once per process
        torch.autograd.grad((x ** 3).sum(), x, create_graph=True)   # never for grad()
