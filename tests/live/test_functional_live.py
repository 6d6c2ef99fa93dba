"""autograd.functional, gradcheck and custom Functions against a live torch 2.13.

* jvp / vjp / hvp / vhp with random vectors equal torch's, and equal J v, v^T J, H v computed
  from the Jacobian / Hessian;
* the Jacobian of y = 2^k x is exactly 2^k I;
* gradcheck and gradgradcheck pass for every node class of the derivatives table (a coverage
  test fails when a row has no case here), and catch a deliberately wrong derivative - both
  a patched table row and a wrong custom Function - just as torch's gradcheck does;
* custom Function error messages are torch's, word for word.
"""
import re

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

import autograd_bn as bn  # noqa: E402
from autograd_bn.autograd import GradcheckError, gradcheck, gradgradcheck  # noqa: E402
from autograd_bn.autograd import functional as BF  # noqa: E402
from autograd_bn.autograd.graph import AccumulateGrad, Node  # noqa: E402
from autograd_bn.ops import derivatives as D  # noqa: E402
from autograd_bn.ops import nn_functional as NNF  # noqa: E402
from torch.autograd import functional as TF  # noqa: E402

RNG = np.random.default_rng(2013)


def both(arr):
    """The same float64 values as an autograd_bn tensor and a torch tensor."""
    arr = np.array(arr, dtype=np.float64)
    return bn.from_numpy(arr.copy()), torch.from_numpy(arr.copy())


def close(a, b, rtol=1e-11, atol=1e-12):
    if isinstance(a, tuple):
        assert isinstance(b, tuple) and len(a) == len(b)
        for x, y in zip(a, b):
            close(x, y, rtol, atol)
        return
    assert tuple(a.shape) == tuple(b.shape)
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=rtol, atol=atol)


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
    out_b, vjp_b = BF.vjp(fb, (a_b, m_b), v_b)
    out_t, vjp_t = TF.vjp(ft, (a_t, m_t), v_t)
    close(out_b, out_t)
    close(vjp_b, vjp_t)
    _o, jvp_b = BF.jvp(fb, (a_b, m_b), tuple(x for x, _y in u))
    _o, jvp_t = TF.jvp(ft, (a_t, m_t), tuple(y for _x, y in u))
    close(jvp_b, jvp_t)
    jac = BF.jacobian(fb, (a_b, m_b))
    close(jac, TF.jacobian(ft, (a_t, m_t)))
    n_out = int(np.prod(out_shape))
    J = [j.numpy().reshape(n_out, -1) for j in jac]
    v = v_b.numpy().reshape(-1)
    for k, (x, _y) in enumerate(u):
        np.testing.assert_allclose(vjp_b[k].numpy().reshape(-1), v @ J[k], rtol=1e-10,
                                   atol=1e-12)
    ju = sum(J[k] @ x.numpy().reshape(-1) for k, (x, _y) in enumerate(u))
    np.testing.assert_allclose(jvp_b.numpy().reshape(-1), ju, rtol=1e-10, atol=1e-12)


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
    h_b = BF.hessian(lambda a: f(bn, a), x_b)
    close(h_b, TF.hessian(lambda a: f(torch, a), x_t), rtol=1e-10)
    for fb, ft in ((BF.hvp, TF.hvp), (BF.vhp, TF.vhp)):
        out_b, r_b = fb(lambda a: f(bn, a), x_b, v_b)
        out_t, r_t = ft(lambda a: f(torch, a), x_t, v_t)
        close(out_b, out_t)
        close(r_b, r_t, rtol=1e-10)
        np.testing.assert_allclose(r_b.numpy(), h_b.numpy() @ v_b.numpy(), rtol=1e-9,
                                   atol=1e-12)


@pytest.mark.parametrize("k", range(0, 12, 3))
@pytest.mark.parametrize("n", [1, 4])
def test_jacobian_of_scaling_by_power_of_two(k, n):
    x_b, x_t = both(RNG.normal(size=n))
    j_b = BF.jacobian(lambda a: a * 2.0 ** k, x_b)
    j_t = TF.jacobian(lambda a: a * 2.0 ** k, x_t)
    np.testing.assert_array_equal(j_b.numpy(), 2.0 ** k * np.eye(n))
    np.testing.assert_array_equal(j_b.numpy(), j_t.numpy())


# --- gradcheck of every row of the derivatives table ------------------------------------------
def _r(*shape):
    return RNG.uniform(-1.5, 1.5, size=shape)


def _pos(*shape):
    return RNG.uniform(0.5, 2.0, size=shape)


def _far(*shape):
    return RNG.uniform(0.4, 1.5, size=shape) * RNG.choice([-1.0, 1.0], size=shape)


def _distinct(*shape):
    n = int(np.prod(shape))
    return (RNG.permutation(n) * 0.31 - n * 0.13).reshape(shape)


def _setitem(a, b):
    c = a * 1
    c[1] = b
    return c


def _inplace_then(base, change, which):
    """Apply an in-place ``change`` to ``base`` (a non-leaf) with a view of it alive; return
    the base (which=0) or the view base[1:] (which=1), both read after the change."""
    view = base[1:]
    change(base)
    return base if which == 0 else view


OPS = {
    "add": (lambda a, b: a + b, [_r(2, 3), _r(3)]),
    "add_alpha": (lambda a, b: bn.add(a, b, alpha=2.5), [_r(3), _r(3)]),
    "sub": (lambda a, b: a - b, [_r(2, 1), _r(1, 3)]),
    "rsub": (lambda a: 2 - a, [_r(3)]),
    "mul": (lambda a, b: a * b, [_r(2, 3), _r(2, 1)]),
    "div": (lambda a, b: a / b, [_r(3, 2), _far(2)]),
    "reciprocal": (lambda a: a.reciprocal(), [_far(4)]),
    "neg": (lambda a: -a, [_r(3)]),
    "pow_scalar": (lambda a: a ** 3, [_r(4)]),
    "pow_tensor": (lambda a, b: a ** b, [_pos(2, 3), _r(3)]),
    "rpow": (lambda a: 2.5 ** a, [_r(3)]),
    "exp": (lambda a: a.exp(), [_r(3)]),
    "log": (lambda a: a.log(), [_pos(3)]),
    "sqrt": (lambda a: a.sqrt(), [_pos(3)]),
    "sin": (lambda a: a.sin(), [_r(3)]),
    "cos": (lambda a: a.cos(), [_r(3)]),
    "tanh": (lambda a: a.tanh(), [_r(3)]),
    "sigmoid": (lambda a: a.sigmoid(), [_r(3)]),
    "relu": (lambda a: a.relu(), [_far(5)]),
    "abs": (lambda a: a.abs(), [_far(5)]),
    "clamp": (lambda a: a.clamp(-0.5, 0.7), [np.array([-1.2, -0.3, 0.1, 0.5, 1.4])]),
    "where": (lambda a, b: bn.where(a > 0, a, b), [_far(4), _r(4)]),
    "maximum": (lambda a, b: bn.maximum(a, b), [[0.1, 1.0, -0.5, 2.0], [0.7, -0.3, 0.4, 1.2]]),
    "minimum": (lambda a, b: bn.minimum(a, b), [[0.1, 1.0, -0.5, 2.0], [0.7, -0.3, 0.4, 1.2]]),
    "to": (lambda a: a.float().double() * 1 + a.to(bn.float32).double(), [_r(3)],
           {"eps": 1e-3, "atol": 1e-2}),
    "clone": (lambda a: a.clone(), [_r(3)]),
    "sum": (lambda a: a.sum(), [_r(2, 3)]),
    "sum_dim": (lambda a: a.sum(1, keepdim=True), [_r(2, 3)]),
    "mean": (lambda a: a.mean(), [_r(2, 3)]),
    "mean_dim": (lambda a: a.mean(0), [_r(2, 3)]),
    "max": (lambda a: a.max(), [_distinct(2, 3)]),
    "min": (lambda a: a.min(), [_distinct(2, 3)]),
    "max_dim": (lambda a: a.max(1).values, [_distinct(2, 3)]),
    "min_dim": (lambda a: a.min(0, keepdim=True).values, [_distinct(2, 3)]),
    "norm": (lambda a: a.norm(), [_r(2, 3)]),
    "mm": (lambda a, b: a @ b, [_r(2, 3), _r(3, 2)]),
    "dot": (lambda a, b: a @ b, [_r(3), _r(3)]),
    "mv": (lambda a, b: a @ b, [_r(2, 3), _r(3)]),
    "vm": (lambda a, b: a @ b, [_r(3), _r(3, 2)]),
    "matmul_broadcast": (lambda a, b: a @ b, [_r(2, 2, 3), _r(3, 2)]),
    "bmm": (lambda a, b: a @ b, [_r(2, 2, 3), _r(2, 3, 2)]),
    "view": (lambda a: a.view(3, 2), [_r(2, 3)]),
    # in place: views re-read their base (AsStrided), views written into their base
    # (CopySlices), and the nodes of zero_/fill_/copy_
    "view_after_base_inplace": (lambda a: _inplace_then(a * 1, lambda b: b.mul_(2), 1),
                                [_r(2, 3)]),
    "base_after_view_inplace": (lambda a: _inplace_then(a * 1, lambda b: b[1:].mul_(3), 0),
                                [_r(2, 3)]),
    "zero_": (lambda a, b: _inplace_then(a * 1, lambda c: c.zero_(), 0) + b, [_r(2, 3), _r(2, 3)]),
    "fill_": (lambda a, b: _inplace_then(a * 1, lambda c: c.fill_(2.0), 0) * b,
              [_r(2, 3), _r(2, 3)]),
    "copy_": (lambda a, b: _inplace_then(a * 1, lambda c: c.copy_(b * 2), 0) * a,
              [_r(2, 3), _r(3)]),
    "reshape_copy": (lambda a: a.t().reshape(6), [_r(2, 3)]),
    "grad_of_cube": (lambda a: bn.autograd.grad((a ** 3).sum(), a, create_graph=True)[0],
                     [_r(2, 3)]),
    "grad_of_mean_squared": (lambda a: bn.autograd.grad(a.mean() ** 2, a, create_graph=True)[0],
                             [_r(2, 3)]),
    "reshape_alias": (lambda a: a.t().reshape(3, 1, 2), [_r(2, 3)]),
    "squeeze": (lambda a: a.squeeze(), [_r(1, 3)]),
    "squeeze_dim": (lambda a: a.squeeze(0), [_r(1, 3)]),
    "squeeze_dims": (lambda a: a.squeeze((0, 2)), [_r(1, 3, 1)]),
    "unsqueeze": (lambda a: a.unsqueeze(1), [_r(3)]),
    "t": (lambda a: a.t(), [_r(2, 3)]),
    "transpose": (lambda a: a.transpose(0, 2), [_r(2, 1, 3)]),
    "permute": (lambda a: a.permute(2, 0, 1), [_r(2, 1, 3)]),
    "expand": (lambda a: a.expand(2, 3), [_r(1, 3)]),
    "select": (lambda a: a[1], [_r(2, 3)]),
    "slice": (lambda a: a[:, 1:], [_r(2, 3)]),
    "index": (lambda a: a[[0, 1, 1]], [_r(2, 3)]),
    "cat": (lambda a, b: bn.cat([a, b], 1), [_r(2, 1), _r(2, 2)]),
    "stack": (lambda a, b: bn.stack([a, b]), [_r(3), _r(3)]),
    "setitem": (_setitem, [_r(3, 2), _r(2)]),
    "log_softmax": (lambda a: a.log_softmax(1), [_r(2, 3)]),
    "softmax": (lambda a: a.softmax(0), [_r(2, 3)]),
    "nll_loss": (lambda a: NNF.nll_loss(a, bn.tensor([2, 0])), [_r(2, 3)]),
    "mse_loss": (lambda a, b: NNF.mse_loss(a, b), [_r(2, 3), _r(2, 3)]),
}


def _inputs(name):
    return [bn.from_numpy(np.array(x, dtype=np.float64)).requires_grad_()
            for x in OPS[name][1]]


def _node_classes(outputs):
    seen, stack = set(), [o.grad_fn for o in outputs]
    while stack:
        n = stack.pop()
        if n is None or n in seen:
            continue
        seen.add(n)
        stack.extend(m for m, _k in n.next_functions)
    return {type(n) for n in seen}


@pytest.mark.parametrize("name", sorted(OPS))
def test_gradcheck_every_op(name):
    fn = OPS[name][0]
    tol = OPS[name][2] if len(OPS[name]) > 2 else {}
    assert gradcheck(fn, _inputs(name), **tol)
    assert gradgradcheck(fn, _inputs(name), **tol)


def test_every_row_of_the_table_has_a_gradcheck_case():
    rows = {v for v in vars(D).values() if isinstance(v, type) and issubclass(v, Node)
            and v is not AccumulateGrad and v.__module__ == "builtins"}
    covered = set()
    for name, (fn, *_rest) in OPS.items():
        out = fn(*_inputs(name))
        covered |= _node_classes(out if isinstance(out, tuple) else (out,))
    missing = sorted(c.__name__ for c in rows - covered)
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


def _wrong_sin(module):
    class WrongSin(module.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a.sin()

        @staticmethod
        def backward(ctx, g):
            (a,) = ctx.saved_tensors
            return g * a.cos() * 1.01
    return WrongSin


def test_gradcheck_verdicts_and_message_match_torch():
    x_b, x_t = both(_r(3))
    x_b.requires_grad_()
    x_t.requires_grad_()
    with pytest.raises(RuntimeError) as et:
        torch.autograd.gradcheck(_wrong_sin(torch).apply, (x_t,))
    assert type(et.value).__name__ == "GradcheckError"
    with pytest.raises(GradcheckError) as eb:
        gradcheck(_wrong_sin(bn).apply, (x_b,))
    assert str(eb.value).startswith(str(et.value))     # then the worst entry, spelled out
    assert "The worst mismatch is d(output 0)" in str(eb.value)
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
    F = module.autograd.Function

    class Bad(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g, g

    class BadShape(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return module.ones(3)

    class NotNone(F):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g, module.ones(1)

    class Exp(F):
        @staticmethod
        def forward(ctx, x):
            r = x.exp()
            ctx.save_for_backward(r)
            return r

        @staticmethod
        def backward(ctx, g):
            (r,) = ctx.saved_tensors
            return g * r

    def inplace(x):
        y = Exp.apply(x)
        y.add_(1)
        return y

    return {"count": lambda x: Bad.apply(x), "shape": lambda x: BadShape.apply(x),
            "not_none": lambda x: NotNone.apply(x, 2), "inplace": inplace}


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
