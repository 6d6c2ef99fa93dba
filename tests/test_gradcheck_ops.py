"""Finite-difference checks of every row of the derivatives table, in float64.

Each case of tests/golden/op_cases.py (every sample of the op table, tests/golden/op_table, and
the multi-op programs; shared with tests/live/test_functional_live.py) is a function of
float64 leaves.  The analytic vector-Jacobian product (backward with
a fixed random ``v``) must equal central differences of ``sum(f(x) * v)``.  Every case also
records which node classes its graph contains, and ``test_every_node_class_has_a_case`` fails
when autograd_bn.ops.derivatives defines a node class that no case exercises (add a case to
the op table's entry of its op with each new row of the table).
"""
import zlib

import numpy as np
import pytest

import autograd_bn as torch
from op_cases import CASES, all_node_classes, missing_double_rows, missing_rows, spec


def analytic(fn, arrays, v):
    leaves = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    out = fn(*leaves)
    out.backward(torch.tensor(v, dtype=out.dtype))
    grads = []
    for x in leaves:
        assert x.grad is not None, "a leaf got no gradient"
        assert x.grad.dtype is torch.float64 and x.grad.shape == x.shape
        grads.append(x.grad.numpy().copy())
    return out, grads


def numeric(fn, arrays, v, eps):
    def f(arrs):
        with torch.no_grad():
            out = fn(*[torch.tensor(a, dtype=torch.float64) for a in arrs])
        return float((out.numpy().astype(np.float64) * v).sum())
    grads = []
    for i, a in enumerate(arrays):
        g = np.zeros_like(a)
        for j in np.ndindex(a.shape):
            plus = [x.copy() for x in arrays]
            minus = [x.copy() for x in arrays]
            plus[i][j] += eps
            minus[i][j] -= eps
            g[j] = (f(plus) - f(minus)) / (2 * eps)
        grads.append(g)
    return grads


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradcheck(name):
    fn, arrays, eps, tol = spec(name)
    with torch.no_grad():
        probe = fn(*[torch.tensor(a, dtype=torch.float64) for a in arrays])
    v = np.random.default_rng(zlib.crc32(name.encode())).uniform(-1.5, 1.5, probe.shape)
    out, got = analytic(fn, arrays, v)
    assert out.dtype is torch.float64
    if eps is None:            # a non-differentiable point (ties): compare with torch's rule
        return
    want = numeric(fn, arrays, v, eps)
    for i, (g, w) in enumerate(zip(got, want)):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=tol,
                                   err_msg=f"{name}: gradient of input {i}")


def test_max_ties_share_gradient():
    x = torch.tensor([1.0, 3.0, 3.0, -1.0], dtype=torch.float64, requires_grad=True)
    x.max().backward()
    assert x.grad.tolist() == [0.0, 0.5, 0.5, 0.0]


def test_every_node_class_has_a_case():
    classes = all_node_classes()
    assert len(classes) >= 50
    missing = sorted(f"{c.__name__} ({c.forward})" for c in missing_rows(CASES))
    assert not missing, "node classes without a gradcheck case: " + ", ".join(missing)


def test_every_row_used_inside_formulas_is_reached():
    """The helper rows (derivatives_linear.py, a number in a formula) are reached by the
    create_graph gradients of the cases."""
    missing = sorted(c.__name__ for c in missing_double_rows(CASES))
    assert not missing, "rows no double backward of a case reaches: " + ", ".join(missing)
