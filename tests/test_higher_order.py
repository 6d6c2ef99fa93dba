"""Higher derivatives: backward(create_graph=True) and autograd.grad(create_graph=True).

Under create_graph the backward formulas run on tensors (ops/tensor_namespace.py, TENSORS), so
gradients are themselves differentiable.  Hessians, hvp/vhp and third derivatives of chains
of tanh/sigmoid/exp/log/mul/div/pow/matmul/softmax/... are replayed against torch 2.13's
recorded values (functional_cases.json); the helper nodes of derivatives_linear.py are checked
with gradgradcheck.
"""
import numpy as np
import pytest

import autograd_bn as torch
import functional_cases as FC
from op_cases import node_classes
from autograd_bn.autograd import gradcheck, gradgradcheck
from autograd_bn.ops import derivatives_linear as DL
from autograd_bn.ops import nn_functional as NNF
from autograd_bn.ops import tensor_namespace
from autograd_bn.ops.namespaces import ARRAYS, TENSORS

CASES = [c for c in FC.load() if FC.is_higher_order(c)]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden(case):
    outcome = FC.run(torch, case)
    assert outcome[0] == "ok", outcome
    FC.compare(case["result"], outcome[1], single="float32" in case["name"])


def test_tensors_namespace_mirrors_arrays():
    wanted = {n for n in vars(ARRAYS) if not n.startswith("_") and n != "as_tensors"}
    missing = {n for n in wanted if not hasattr(tensor_namespace, n)}
    assert not missing
    assert TENSORS.as_tensors is True and ARRAYS.as_tensors is False


def test_third_derivative_of_x_to_the_fourth():
    x = torch.tensor(2.0, requires_grad=True)
    (g1,) = torch.autograd.grad(x ** 4, x, create_graph=True)
    (g2,) = torch.autograd.grad(g1, x, create_graph=True)
    (g3,) = torch.autograd.grad(g2, x, create_graph=True)
    (g4,) = torch.autograd.grad(g3, x)
    assert (g1.item(), g2.item(), g3.item(), g4.item()) == (32.0, 48.0, 48.0, 24.0)
    assert g1.grad_fn is not None and g4.grad_fn is None


def test_backward_create_graph_makes_grad_differentiable():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    (x.exp() * x).sum().backward(create_graph=True)
    g = x.grad
    assert g.requires_grad
    (h,) = torch.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(h.numpy(), np.exp([1.0, 2.0]) * ([1.0, 2.0] + np.array(2.0)))


def test_sign_records_a_zero_gradient_node():
    x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(x.abs().sum(), x, create_graph=True)
    assert g.tolist() == [-1.0, 1.0]
    assert g.grad_fn is not None
    (h,) = torch.autograd.grad(g.sum(), x)
    assert h.tolist() == [0.0, 0.0]


def _d(*shape, seed=0):
    rng = np.random.default_rng(seed)
    return torch.from_numpy(rng.uniform(-1.5, 1.5, size=shape)).requires_grad_()


def _distinct(*shape):
    n = int(np.prod(shape))
    return torch.from_numpy((np.random.default_rng(3).permutation(n) * 0.37 - 1.1)
                            .reshape(shape)).requires_grad_()


def _setitem(a, b):
    c = a * 1
    c[0] = b * b
    return c * c


# functions whose double backward goes through the helper nodes of derivatives_linear.py
# (or the composite helpers of tensor_namespace.py), with the node it must create
LINEAR = {
    "select": (lambda a: a[1] ** 3, lambda: [_d(3, 2)], "SelectBackwardBackward0"),
    "slice": (lambda a: a[:, 1:] ** 3, lambda: [_d(2, 3)], "SliceBackwardBackward0"),
    "index": (lambda a: a[[0, 2, 2]] ** 3, lambda: [_d(3, 2)], "IndexPutImplBackward0"),
    "cat": (lambda a, b: torch.cat([a, b]) ** 3, lambda: [_d(2), _d(3, seed=1)],
            "SliceBackward0"),
    "stack": (lambda a, b: torch.stack([a, b], 1) ** 3, lambda: [_d(2), _d(2, seed=1)],
              "SelectBackward0"),
    "setitem": (_setitem, lambda: [_d(3, 2), _d(2, seed=1)], "IndexPutBackward0"),
    "max_dim": (lambda a: a.max(1).values ** 3, lambda: [_distinct(3, 4)], "ScatterBackward0"),
    "max_all": (lambda a: (a * a).max() ** 2, lambda: [_distinct(2, 3)], None),
    "nll_mean": (lambda a: NNF.nll_loss(a.log_softmax(1), torch.tensor([2, 0, 1])) ** 2,
                 lambda: [_d(3, 4)], "NllLossBackwardBackward0"),
    "nll_sum_1d": (lambda a: NNF.nll_loss(a.log_softmax(0), torch.tensor(2), "sum") ** 2,
                   lambda: [_d(4)], "NllLossBackwardBackward0"),
    "nll_none": (lambda a: NNF.nll_loss(a.log_softmax(1), torch.tensor([1, 1]), "none") ** 2,
                 lambda: [_d(2, 3)], "NllLossBackwardBackward0"),
    "norm2": (lambda a: a.norm(dim=1) ** 2 * a.sum(), lambda: [_d(2, 3)], None),
    "norm1": (lambda a: a.norm(p=1) * a, lambda: [_d(3)], "SgnBackward0"),   # torch's sgn()
    "norm_inf": (lambda a: a.norm(p=float("inf"), dim=0) * a, lambda: [_distinct(3, 2)], None),
    "norm3": (lambda a: a.norm(p=3) * a, lambda: [_d(3)], None),
    "matmul_batched": (lambda a, b: (a @ b) ** 2, lambda: [_d(2, 2, 3), _d(3, 2, seed=1)],
                       None),
    "matmul_1d_nd": (lambda a, b: (a @ b) ** 2, lambda: [_d(3), _d(2, 3, 2, seed=1)], None),
    "matmul_nd_1d": (lambda a, b: (a @ b) ** 2, lambda: [_d(2, 2, 3), _d(3, seed=1)], None),
    "mv_outer": (lambda a, b: (a @ b) ** 2, lambda: [_d(2, 3), _d(3, seed=1)], None),
    "expand_sum_to": (lambda a, b: (a + b) ** 3, lambda: [_d(2, 1), _d(3, seed=1)], None),
    "to_float32": (lambda a: (a.float() ** 2).double() * a, lambda: [_d(3)], None,
                   {"eps": 1e-3, "atol": 1e-2}),
}


@pytest.mark.parametrize("name", sorted(LINEAR))
def test_double_backward_of_helpers(name):
    fn, make, node = LINEAR[name][:3]
    tol = LINEAR[name][3] if len(LINEAR[name]) > 3 else {"atol": 1e-5}
    inputs = make()
    assert gradcheck(fn, inputs, **tol)
    assert gradgradcheck(fn, inputs, **tol)
    if node is not None:
        outs = fn(*inputs)
        v = torch.ones_like(outs).requires_grad_()
        grads = torch.autograd.grad(outs, inputs, v, create_graph=True, allow_unused=True)
        found = node_classes([g for g in grads if g is not None])
        assert node in {c.__name__ for c in found}


@pytest.mark.parametrize("row", [DL.SelectBackwardBackward0, DL.SliceBackwardBackward0,
                                 DL.IndexPutImplBackward0, DL.SelectBackward0,
                                 DL.SliceBackward0, DL.IndexBackward0, DL.IndexPutBackward0,
                                 DL.ScatterBackward0, DL.GatherBackward0,
                                 DL.NllLossBackwardBackward0])
def test_linear_rows_are_node_classes(row):
    from autograd_bn.autograd.graph import Node
    assert issubclass(row, Node) and repr(row).startswith("<class '")


def test_fourth_order_through_helpers():
    # The adjoint rows are written against F too, so derivatives of any order exist.
    x = torch.from_numpy(np.array([0.3, -0.7, 1.1])).requires_grad_()
    y = (torch.cat([x, x[[2, 0]]]) ** 5).sum()
    g = x
    values = []
    for _k in range(4):
        (g,) = torch.autograd.grad(y if not values else g.sum(), x, create_graph=True)
        values.append(g.detach().numpy().copy())
    xs = np.array([0.3, -0.7, 1.1])
    mult = np.array([2.0, 1.0, 2.0])
    np.testing.assert_allclose(values[0], 5 * xs ** 4 * mult, rtol=1e-13)
    np.testing.assert_allclose(values[3], 120 * xs * mult, rtol=1e-13)
