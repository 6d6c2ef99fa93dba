"""autograd_bn.autograd.functional replayed against torch 2.13's recorded results.

The cases (tests/golden/functional_cases.py, recorded into functional_cases.json by
make_functional_golden.py) run the same source text with ``torch`` bound to autograd_bn:
jacobian / vjp / jvp results, their tuple structures, and the exact errors of strict mode and
of bad arguments.  Hessian-like cases are replayed in test_higher_order.py.
"""
import numpy as np
import pytest

import autograd_bn as torch
import functional_cases as FC
from autograd_bn.autograd import functional as AF

CASES = [c for c in FC.load() if not FC.is_higher_order(c)]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden(case):
    outcome = FC.run(torch, case)
    if "result" in case:
        assert outcome[0] == "ok", outcome
        FC.compare(case["result"], outcome[1], single="float32" in case["name"])
    else:
        assert outcome[0] == "error", "expected %s" % case["error"]
        assert outcome[1] == case["error"]["type"]
        assert outcome[2] == case["error"]["message"]


def _x(*values):
    return torch.tensor(values, dtype=torch.float64)


def test_jacobian_shapes_follow_inputs_and_outputs():
    a, b = _x(1.0, 2.0, 3.0), torch.ones(2, 4, dtype=torch.float64)
    j = AF.jacobian(lambda p, q: (p.sum() * q, p * 2), (a, b))
    assert isinstance(j, tuple) and len(j) == 2 and all(len(r) == 2 for r in j)
    assert j[0][0].shape == (2, 4, 3) and j[0][1].shape == (2, 4, 2, 4)
    assert j[1][0].shape == (3, 3) and j[1][1].shape == (3, 2, 4)
    assert not j[1][1].any().item()                     # p * 2 does not depend on q


def test_results_are_detached_without_create_graph():
    x = _x(1.0, 2.0).requires_grad_()
    out, v = AF.vjp(lambda a: a * a, x, _x(1.0, 1.0))
    assert not out.requires_grad and not v.requires_grad
    out, v = AF.vjp(lambda a: a * a, x, _x(1.0, 1.0), create_graph=True)
    assert out.requires_grad and v.requires_grad
    (v.sum()).backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_inputs_are_not_modified_and_need_not_require_grad():
    x = _x(0.5, 1.5)
    AF.jacobian(lambda a: a.exp(), x)
    assert not x.requires_grad and x.grad is None


@pytest.mark.parametrize("k", [0, 1, 3, 7])
def test_jacobian_of_power_of_two_scaling_is_scaled_identity(k):
    x = _x(0.3, -1.1, 2.0, 4.5)
    j = AF.jacobian(lambda a: a * 2.0 ** k, x)
    np.testing.assert_array_equal(j.numpy(), 2.0 ** k * np.eye(4))


def test_jvp_and_vjp_agree_with_the_jacobian():
    rng = np.random.default_rng(5)
    m = torch.tensor(rng.normal(size=(3, 4)))
    f = lambda a: (m @ a).tanh() * a[:3]             # noqa: E731
    x, u, w = (torch.tensor(rng.normal(size=s)) for s in ((4,), (4,), (3,)))
    j = AF.jacobian(f, x).numpy()
    np.testing.assert_allclose(AF.jvp(f, x, u)[1].numpy(), j @ u.numpy(), rtol=1e-12)
    np.testing.assert_allclose(AF.vjp(f, x, w)[1].numpy(), w.numpy() @ j, rtol=1e-12)


def test_hvp_equals_vhp_for_symmetric_hessian():
    x, v = _x(0.2, -0.4, 1.3), _x(1.0, -2.0, 0.5)
    f = lambda a: (a.exp() * a.sin()).sum() + (a[0] * a[1] * a[2])   # noqa: E731
    h = AF.hessian(f, x).numpy()
    np.testing.assert_allclose(h, h.T, rtol=1e-12)
    np.testing.assert_allclose(AF.hvp(f, x, v)[1].numpy(), h @ v.numpy(), rtol=1e-12)
    np.testing.assert_allclose(AF.vhp(f, x, v)[1].numpy(), v.numpy() @ h, rtol=1e-12)


def test_strategy_and_vectorize_are_accepted():
    x = _x(1.0, 2.0)
    a = AF.jacobian(lambda t: t ** 2, x, vectorize=True, strategy="forward-mode")
    assert a.tolist() == [[2.0, 0.0], [0.0, 4.0]]
    with pytest.raises(NotImplementedError, match="only implemented for `vectorize=True`"):
        AF.jacobian(lambda t: t ** 2, x, strategy="forward-mode")
    with pytest.raises(AssertionError, match="Expected strategy"):
        AF.jacobian(lambda t: t ** 2, x, strategy="sideways")


def test_grad_of_a_leaf_used_twice_sums_both_paths():
    # d/da sum(sin(a) * a) = sin(a) + a cos(a): both uses of a must reach autograd.grad.
    a = _x(0.5).requires_grad_()
    (g,) = torch.autograd.grad((a.sin() * a).sum(), a)
    np.testing.assert_allclose(g.item(), np.sin(0.5) + 0.5 * np.cos(0.5), rtol=1e-15)
