"""autograd.functional, gradcheck and custom Functions against a live torch 2.13.

* jvp / vjp / hvp / vhp with random vectors equal torch's, and equal J v, v^T J, H v computed
  from the Jacobian / Hessian;
* the Jacobian of y = 2^k x is exactly 2^k I;
* gradcheck and gradgradcheck pass for the multi-op programs of tests/golden/op_cases.py (every
  op's samples: tests/test_op_table.py; a coverage test fails when a row of the derivatives
  table has no checked case), and catch a deliberately wrong derivative - both a patched
  table row and a wrong custom Function - just as torch's gradcheck does;
* custom Function error messages are torch's, word for word.

Values are float64; they are compared within 2 R u A (tests/live/tolerance.py): u = 2^-53, A
the scale of the terms from the absolute-value backward (tolerance.abs_backward) of the same
function in torch - |J| for first derivatives, |H| for second, |J||x| + |y| for values (each
rounding of the forward pass is relative to a term that the inputs' weighted sensitivity
bounds: for products and sums that is Euler's identity on the absolute-value evaluation, and a
transcendental function's result is rounded relative to |y|) - and R the roundings a side on
any path: the functions below have at most 6 operations on a forward path, each at most 2
roundings (1 ulp of exp, tanh, log, sin; or the rounding of an operand), plus the argument
x - max x of softmax's exp (|x - max x| <= 6 roundings for these normal draws): R_F = 16; a
backward pass runs the path again and uses the forward values: R_1 = 2 R_F; a second one
R_2 = 4 R_F.  A check of ours against ours (v^T J) adds the n-term product's gamma_n.
"""
import re

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

import autograd_bn as bn  # noqa: E402
from autograd_bn.autograd import GradcheckError, gradcheck, gradgradcheck  # noqa: E402
from autograd_bn.autograd import functional as BF  # noqa: E402
from autograd_bn.ops import derivatives as D  # noqa: E402
import op_cases as OC  # noqa: E402  (tests/golden, the table shared with test_gradcheck_ops.py)
import tolerance as T  # noqa: E402
from function_examples import exp_function, wrong_backward_functions, wrong_sin  # noqa: E402
from torch.autograd import functional as TF  # noqa: E402

RNG = np.random.default_rng(2013)


def both(arr):
    """The same float64 values as an autograd_bn tensor and a torch tensor."""
    arr = np.array(arr, dtype=np.float64)
    return bn.from_numpy(arr.copy()), torch.from_numpy(arr.copy())


R_F, R_1, R_2 = 16, 32, 64


def close(a, b, roundings, scale, what=""):
    """|a - b| <= 2 R u A elementwise (tuples: entry by entry)."""
    if isinstance(a, tuple):
        assert isinstance(b, tuple) and len(a) == len(b) == len(scale)
        for i, (x, y, s) in enumerate(zip(a, b, scale)):
            close(x, y, roundings, s, f"{what}[{i}]")
        return
    assert tuple(a.shape) == tuple(b.shape)
    T.assert_within(a.detach().numpy(), b.detach().numpy(),
                    2 * roundings * T.U64 * np.reshape(scale, tuple(b.shape)), what)


def abs_jacobian(f, inputs):
    """[|J_k|]: for each input k the (n_out, n_k) absolute-value Jacobian of f at inputs
    (float64 numpy arrays), and f's value."""
    leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    y = f(*leaves).reshape(-1)
    rows = [[] for _ in leaves]
    for i in range(y.numel()):
        for x in leaves:
            x.grad = None
        T.abs_backward(y[i], torch.tensor(1.0, dtype=torch.float64))
        for k, x in enumerate(leaves):
            g = x.grad
            rows[k].append(np.zeros(x.numel()) if g is None else g.reshape(-1).numpy().copy())
    return [np.array(r) for r in rows], y.detach().numpy()


def abs_hessian(f, x):
    """|H| of a scalar function of one vector: the absolute-value backward of each entry of
    its gradient (built with create_graph)."""
    leaf = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(f(leaf), leaf, create_graph=True)
    rows = []
    for i in range(g.numel()):
        leaf.grad = None
        T.abs_backward(g[i], torch.tensor(1.0, dtype=torch.float64))
        rows.append(leaf.grad.numpy().copy())
    return np.array(rows)


# f(module, *inputs) so the same function runs on both libraries
VECTOR_FUNCS = {
    "tanh_matmul": (lambda T, a, m: (m @ a).tanh() * a[:2].exp(), [(3,), (2, 3)]),
    "softmax": (lambda T, a, m: a.softmax(0) * (m * m).sum(), [(4,), (2, 2)]),
    "sigmoid_pow": (lambda T, a, m: (a.sigmoid() ** 3).unsqueeze(0) * m, [(3,), (2, 3)]),
    "log_div": (lambda T, a, m: ((a * a + 1).log() / (m.abs() + 1)).sum(0), [(3,), (2, 3)]),
}


@pytest.mark.parametrize("name", sorted(VECTOR_FUNCS))
@pytest.mark.parametrize("seed", range(3))
def test_vjp_jvp_random_vectors(name, seed):
    f, shapes = VECTOR_FUNCS[name]
    rng = np.random.default_rng(seed)
    (a_b, a_t), (m_b, m_t) = (both(rng.normal(size=s)) for s in shapes)
    out_shape = f(torch, a_t, m_t).shape
    v_b, v_t = both(rng.normal(size=out_shape))
    u = [both(rng.normal(size=s)) for s in shapes]
    fb = lambda a, m: f(bn, a, m)      # noqa: E731
    ft = lambda a, m: f(torch, a, m)   # noqa: E731
    arrays = [x.numpy() for x, _y in ((a_b, a_t), (m_b, m_t))]
    A, y = abs_jacobian(lambda a, m: f(torch, a, m), arrays)
    value_scale = sum(Ak @ np.abs(x).reshape(-1) for Ak, x in zip(A, arrays)) + np.abs(y)
    v = v_b.numpy().reshape(-1)
    us = [x.numpy().reshape(-1) for x, _y in u]
    out_b, vjp_b = BF.vjp(fb, (a_b, m_b), v_b)
    out_t, vjp_t = TF.vjp(ft, (a_t, m_t), v_t)
    close(out_b, out_t, R_F, value_scale, "f")
    vjp_scale = tuple(np.abs(v) @ Ak for Ak in A)
    close(vjp_b, vjp_t, R_1, vjp_scale, "vjp")
    jvp_scale = sum(Ak @ np.abs(uk) for Ak, uk in zip(A, us))
    _o, jvp_b = BF.jvp(fb, (a_b, m_b), tuple(x for x, _y in u))
    _o, jvp_t = TF.jvp(ft, (a_t, m_t), tuple(y for _x, y in u))
    close(jvp_b, jvp_t, R_1, jvp_scale, "jvp")
    jac = BF.jacobian(fb, (a_b, m_b))
    close(jac, TF.jacobian(ft, (a_t, m_t)), R_1, tuple(A), "jacobian")
    n_out = int(np.prod(out_shape))
    J = [j.numpy().reshape(n_out, -1) for j in jac]
    # ours against ours: both within R_1 of the exact values, the product adds gamma_n
    for k in range(len(J)):
        T.assert_within(vjp_b[k].numpy().reshape(-1), v @ J[k],
                        (2 * R_1 + n_out) * T.U64 * vjp_scale[k], "vjp vs v J")
    ju = sum(J[k] @ us[k] for k in range(len(J)))
    T.assert_within(jvp_b.numpy().reshape(-1), ju,
                    (2 * R_1 + sum(x.size for x in us)) * T.U64 * jvp_scale, "jvp vs J u")


SCALAR_FUNCS = {
    "tanh_exp": lambda T, a: (a.tanh() * a.exp()).sum(),
    "softmax_log": lambda T, a: (a.softmax(0) * (a * a + 1).log()).sum(),
    "pow_div": lambda T, a: (a ** 3 / (a * a + 2)).sum() + (a.sigmoid() ** 2).sum(),
    "quadratic_form": lambda T, a: a @ (a.unsqueeze(1) * a.unsqueeze(0)).sin() @ a,
    "norm_mean": lambda T, a: a.norm() * (a - a.mean()).pow(2).mean(),
}


@pytest.mark.parametrize("name", sorted(SCALAR_FUNCS))
def test_hessian_hvp_vhp(name):
    f = SCALAR_FUNCS[name]
    x_b, x_t = both(RNG.normal(size=4))
    v_b, v_t = both(RNG.normal(size=4))
    x, v = x_b.numpy(), v_b.numpy()
    (g_abs,), y = abs_jacobian(lambda a: f(torch, a), [x])
    H = abs_hessian(lambda a: f(torch, a), x)
    h_b = BF.hessian(lambda a: f(bn, a), x_b)
    close(h_b, TF.hessian(lambda a: f(torch, a), x_t), R_2, H, "hessian")
    for fb, ft in ((BF.hvp, TF.hvp), (BF.vhp, TF.vhp)):
        out_b, r_b = fb(lambda a: f(bn, a), x_b, v_b)
        out_t, r_t = ft(lambda a: f(torch, a), x_t, v_t)
        close(out_b, out_t, R_F, g_abs @ np.abs(x) + np.abs(y), "f")
        scale = (H @ np.abs(v) if fb is BF.hvp else np.abs(v) @ H)
        close(r_b, r_t, R_2, scale, "hvp")
        # ours against ours: both within R_2 of H v, the product adds gamma_4
        T.assert_within(r_b.numpy(), h_b.numpy() @ v, (2 * R_2 + v.size) * T.U64 * scale,
                        "hvp vs H v")


@pytest.mark.parametrize("k", range(0, 12, 3))
@pytest.mark.parametrize("n", [1, 4])
def test_jacobian_of_scaling_by_power_of_two(k, n):
    x_b, x_t = both(RNG.normal(size=n))
    j_b = BF.jacobian(lambda a: a * 2.0 ** k, x_b)
    j_t = TF.jacobian(lambda a: a * 2.0 ** k, x_t)
    np.testing.assert_array_equal(j_b.numpy(), 2.0 ** k * np.eye(n))
    np.testing.assert_array_equal(j_b.numpy(), j_t.numpy())


# --- gradcheck of the multi-op programs (tests/golden/op_cases.py; every op of the table has
# its gradcheck and gradgradcheck in tests/test_op_table.py) --------------------------------
def _r(*shape):
    return RNG.uniform(-1.5, 1.5, size=shape)


PROGRAMS = sorted(OC.PROGRAMS)


@pytest.mark.parametrize("name", PROGRAMS)
def test_gradcheck_every_program(name):
    # torch's gradcheck defaults (eps 1e-6, atol 1e-5, rtol 1e-3): for these smooth float64
    # programs the central difference is off by eps^2 |f'''| / 6 (~1e-12) from truncation
    # and by about u |f| / eps (~1e-10) from rounding, far inside
    fn = OC.spec(name)[0]
    assert gradcheck(fn, OC.leaves(name))
    assert gradgradcheck(fn, OC.leaves(name))


def test_every_row_of_the_table_has_a_gradcheck_case():
    """The cases gradcheck checks (table samples and programs) reach every row of the
    derivatives table but those whose gradient is a rule of torch's rather than a derivative
    (normal's zero gradient: the op table's samples without a step, compared with torch in
    tests/live/test_op_table_live.py)."""
    checked = sorted(n for n in OC.CASES if OC.spec(n)[2] is not None)
    ruled = {"NormalBackward1", "NormalBackward2", "NormalBackward3"}
    missing = sorted(c.__name__ for c in OC.missing_rows(checked) if c.__name__ not in ruled)
    assert not missing, "rows of derivatives.py with no gradcheck case: %s" % missing


def test_gradcheck_catches_a_wrong_table_row(monkeypatch):
    x = bn.from_numpy(_r(3)).requires_grad_()
    assert gradcheck(lambda a: a.sin(), (x,))
    right = D.SinBackward0.apply

    def wrong(self, g, F):
        return [gi * 1.01 if gi is not None else None for gi in right(self, g, F)]
    monkeypatch.setattr(D.SinBackward0, "apply", wrong)
    with pytest.raises(GradcheckError, match="Jacobian mismatch for output 0 with respect to "
                                             "input 0,\nnumerical:"):
        gradcheck(lambda a: a.sin(), (x,))
    assert gradcheck(lambda a: a.sin(), (x,), raise_exception=False) is False
    assert issubclass(GradcheckError, RuntimeError)


def test_gradcheck_verdicts_and_message_match_torch():
    x_b, x_t = both(_r(3))
    x_b.requires_grad_()
    x_t.requires_grad_()
    with pytest.raises(RuntimeError) as et:
        torch.autograd.gradcheck(wrong_sin(torch).apply, (x_t,))
    assert type(et.value).__name__ == "GradcheckError"
    with pytest.raises(GradcheckError) as eb:
        gradcheck(wrong_sin(bn).apply, (x_b,))
    assert str(eb.value) == str(et.value)               # word for word
    for fn_t, fn_b in ((lambda a: (a * a).tanh(), lambda a: (a * a).tanh()),
                       (lambda a: a.exp().sum(), lambda a: a.exp().sum())):
        assert torch.autograd.gradcheck(fn_t, (x_t,)) == gradcheck(fn_b, (x_b,)) is True
        assert torch.autograd.gradgradcheck(fn_t, (x_t,)) == gradgradcheck(fn_b, (x_b,))


def test_gradcheck_argument_errors_match_torch():
    x_b, x_t = both(_r(2))
    with pytest.raises(ValueError) as et:
        torch.autograd.gradcheck(lambda a: a * 2, (x_t,))
    with pytest.raises(ValueError) as eb:
        gradcheck(lambda a: a * 2, (x_b,))
    assert str(eb.value) == str(et.value)


# --- custom Function messages, word for word -------------------------------------------------
def _programs(module):
    """{case: program} of tests/function_examples.py's functions, each breaking a rule."""
    wrong = wrong_backward_functions(module)
    Exp = exp_function(module)

    def inplace(x):
        y = Exp.apply(x)
        y.add_(1)
        return y

    return {"count": wrong["count"].apply, "shape": wrong["shape"].apply,
            "not_none": lambda x: wrong["not_none"].apply(x, 2), "inplace": inplace}


@pytest.mark.parametrize("case", ["count", "shape", "not_none", "inplace"])
def test_function_errors_match_torch(case):
    x_b = bn.ones(2, requires_grad=True)
    x_t = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError) as et:
        _programs(torch)[case](x_t).sum().backward()
    with pytest.raises(RuntimeError) as eb:
        _programs(bn)[case](x_b).sum().backward()
    msg_t, msg_b = str(et.value), str(eb.value)
    if case == "inplace":          # the anomaly-mode hint is the engine's (graph.py) text
        msg_t, msg_b = msg_t.split(" Hint:")[0], msg_b.split(" Hint:")[0]
    assert msg_b == msg_t


def test_function_repr_matches_torch():
    x_b = bn.ones(2, requires_grad=True)
    x_t = torch.ones(2, requires_grad=True)
    y_b = _programs(bn)["count"](x_b)
    y_t = _programs(torch)["count"](x_t)
    strip = lambda s: re.sub(r"0x[0-9a-f]+", "0x", s)    # noqa: E731
    assert strip(repr(y_b.grad_fn)) == strip(repr(y_t.grad_fn))
    assert repr(y_b) == repr(y_t)
