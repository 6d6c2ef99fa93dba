"""Higher derivatives: backward(create_graph=True) and autograd.grad(create_graph=True).

Under create_graph the backward formulas run on tensors (ops/tensor_namespace.py, TENSORS), so
gradients are themselves differentiable.  Hessians, hvp/vhp and third derivatives of chains
of tanh/sigmoid/exp/log/mul/div/pow/matmul/softmax/... are replayed against torch 2.13's
recorded values (functional_cases.json); the helper nodes of derivatives_linear.py are node
classes and serve any order.
"""
import numpy as np
import pytest

import autograd_bn as torch
import functional_cases as FC
from autograd_bn.ops import derivatives_linear as DL
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


# The double backward of every op (the helper nodes of derivatives_linear.py included) is the
# op table's: gradgradcheck of every sample (tests/test_op_table.py), second derivatives
# against torch (tests/live/test_op_table_live.py, engine_cases.json), and every helper row
# reached by some sample's create_graph gradients (tests/test_gradcheck_ops.py).


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
