""".grad never shares memory with another live array (issue 13, item 5).

The engine keeps a gradient array as a leaf's ``.grad`` without copying it only when the
array is its own: an explicit flag travels with every buffered gradient (no reference counts).
Each case below hands the engine an array somebody else still holds, and checks that the
``.grad`` it stores is a separate array (and that the values are torch's).
"""
import warnings

import numpy as np
import pytest

import autograd_bn as torch
from autograd_bn.ops.namespaces import ARRAYS


def _shares(a, b):
    return np.shares_memory(a._data, b._data if hasattr(b, "_data") else b)


@pytest.fixture(autouse=True)
def _quiet_create_graph_warning():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using backward\\(\\) with create_graph")
        yield


def test_leaf_hook_returning_a_stored_tensor():
    stored = torch.tensor([1.0, 2.0, 3.0])
    x = torch.zeros(3, requires_grad=True)
    x.register_hook(lambda g: stored)
    (x * 2).sum().backward()
    assert x.grad.tolist() == [1.0, 2.0, 3.0] and not _shares(x.grad, stored)


def test_non_leaf_hook_returning_a_stored_tensor():
    stored = torch.tensor([1.0, 2.0, 3.0])
    x = torch.zeros(3, requires_grad=True)
    y = x + 0                                  # AddBackward0 passes its gradient on as is
    y.register_hook(lambda g: stored)
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 2.0, 3.0] and not _shares(x.grad, stored)


def test_hook_that_keeps_its_argument():
    seen = []
    x = torch.zeros(2, 3, requires_grad=True)
    y = x.t()
    y.register_hook(seen.append)
    (y * torch.ones(3, 2)).sum().backward()
    assert x.grad.tolist() == [[1.0] * 3] * 2 and not _shares(x.grad, seen[0])
    seen_leaf = []
    w = torch.zeros(3, requires_grad=True)
    w.register_hook(seen_leaf.append)
    (w * 3).sum().backward()
    assert not _shares(w.grad, seen_leaf[0])


def test_one_gradient_handed_to_two_leaves():
    a = torch.zeros(3, requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    (a + b).sum().backward()
    assert not _shares(a.grad, b.grad)
    a.grad.add_(1)                        # one leaf's gradient, changed in place, is its own
    assert a.grad.tolist() == [2.0] * 3 and b.grad.tolist() == [1.0] * 3


def test_x_plus_x():
    x = torch.zeros(3, requires_grad=True)
    y = x + x
    y.backward(torch.ones(3))
    assert x.grad.tolist() == [2.0] * 3
    v = torch.tensor([1.0, 2.0, 3.0])
    x.grad = None
    (x + 0).backward(v)
    assert x.grad.tolist() == [1.0, 2.0, 3.0] and not _shares(x.grad, v)


def test_a_view_of_the_callers_gradient():
    v = torch.arange(6.0).reshape(2, 3)
    x = torch.zeros(3, 2, requires_grad=True)
    x.t().backward(v)                         # the leaf's gradient is v.t(): a view of v
    assert x.grad.tolist() == v.t().tolist() and not _shares(x.grad, v)
    x.grad = None
    x.reshape(6).backward(v.reshape(6))
    assert not _shares(x.grad, v)


def test_gradients_from_autograd_grad_fed_back():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    v = torch.ones(2)
    ga, gb = torch.autograd.grad(a + b, (a, b), v)
    assert not _shares(ga, gb) and not _shares(ga, v) and not _shares(gb, v)
    y = a * 1
    y.backward(ga)                        # a gradient autograd.grad returned, fed back
    assert a.grad.tolist() == [1.0, 1.0] and not _shares(a.grad, ga)
    z = b + 0
    z.backward(gb, inputs=[b])
    assert not _shares(b.grad, gb)


def test_create_graph_copies_the_callers_gradient():
    # torch clones the gradient under create_graph; one that requires grad is recorded as
    # CopyBackwards (checked against torch 2.13)
    a = torch.ones(3, requires_grad=True)
    w = torch.full((3,), 2.0)
    (a + 0).backward(w, create_graph=True)
    assert a.grad is not w and not _shares(a.grad, w) and a.grad.grad_fn is None
    a.grad = None
    v = torch.full((3,), 2.0, requires_grad=True)
    (a + 0).backward(v, create_graph=True)
    assert not _shares(a.grad, v)
    assert repr(a.grad) == "tensor([2., 2., 2.], grad_fn=<CopyBackwards>)"


def test_custom_function_returning_a_saved_tensor():
    class Passthrough(torch.autograd.Function):
        kept = None

        @staticmethod
        def forward(ctx, x):
            return x * 1

        @staticmethod
        def backward(ctx, g):
            Passthrough.kept = torch.tensor([5.0, 6.0])
            return Passthrough.kept

    x = torch.zeros(2, requires_grad=True)
    Passthrough.apply(x).sum().backward()
    assert x.grad.tolist() == [5.0, 6.0] and not _shares(x.grad, Passthrough.kept)


def test_fresh_gradients_are_kept_not_copied(monkeypatch):
    # the other side of the flag: an array the engine's formulas made is kept as it is, even
    # while something else (here the list) refers to it, also through the transpose of a
    # transpose (a weight used as W.t()): the flag, not a reference count, decides
    made = []
    plain = ARRAYS.mm_right_grad

    def recording(g, a, transposed):
        made.append(plain(g, a, transposed))
        return made[-1]

    monkeypatch.setattr(ARRAYS, "mm_right_grad", staticmethod(recording))
    x = torch.ones(4, 3)
    w = torch.zeros(2, 3, requires_grad=True)
    (x @ w.t()).sum().backward()
    assert w.grad.tolist() == [[4.0] * 3] * 2 and w.grad.is_contiguous()
    assert len(made) == 1 and np.shares_memory(w.grad._data, made[0])
