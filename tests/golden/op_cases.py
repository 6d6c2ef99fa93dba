"""The differentiable-op cases, used by tests/test_gradcheck_ops.py (analytic vector-Jacobian
products against central differences) and tests/live/test_functional_live.py (autograd_bn's
gradcheck and gradgradcheck).  The elementwise functions of one tensor come from the op table
(op_table.py, one entry per op); the cases written here are the other rows.

``CASES`` maps a name to ``(function of float64 leaves, input arrays[, finite-difference step
[, tolerance]])``; a step of ``None`` marks a non-differentiable point (ties), where only the
analytic rule is checked.  Both files have a coverage test (``missing_rows``) that fails when
autograd_bn.ops.derivatives defines a node class no case exercises: add a case here with each
new row of the table.
"""
import zlib

import numpy as np

import autograd_bn as torch
import op_table
from autograd_bn.autograd.graph import AccumulateGrad, Node
from autograd_bn.ops import derivatives as D
from autograd_bn.ops import nn_functional as NNF

RNG = np.random.default_rng(1234)


def _r(*shape, low=-2.0, high=2.0):
    return RNG.uniform(low, high, size=shape)


def _pos(*shape):
    return RNG.uniform(0.5, 2.0, size=shape)


def _away_from_zero(*shape):
    x = RNG.uniform(0.3, 2.0, size=shape)
    return x * RNG.choice([-1.0, 1.0], size=shape)


def _distinct(*shape):
    n = int(np.prod(shape))
    return (RNG.permutation(n) * 0.37 - n * 0.15).reshape(shape)


T = torch.tensor


def _setitem_then(base, index, value):
    """base[index] = value (base a non-leaf), then base."""
    base[index] = value
    return base


def _inplace_then(base, change, which):
    """Apply an in-place ``change`` to ``base`` (a non-leaf) with a view of it alive; return
    the base (which=0) or the view base[1:] (which=1), both read after the change."""
    view = base[1:]
    change(base)
    return base if which == 0 else view


def _first_derivative(f, a):
    """df/da as a differentiable tensor (create_graph), also when probed under no_grad."""
    with torch.enable_grad():
        x = a if a.requires_grad else a.detach().requires_grad_()
        g = torch.autograd.grad(f(x), x, create_graph=True)[0]
    return g if a.requires_grad else g.detach()


def _setitem(a, w):
    y = a * 1.0
    y[1] = w * 2.0
    y[2, 0] = 7.0
    return y


# name: (function of leaves, input arrays, finite-difference step, tolerance)
CASES = {
    "add": (lambda a, b: a + b, [_r(2, 3), _r(3)]),
    "add_alpha": (lambda a, b: torch.add(a, b, alpha=2.5), [_r(2, 3), _r(2, 3)]),
    "add_scalar": (lambda a: 2.0 + a, [_r(3)]),
    "sub": (lambda a, b: a - b, [_r(2, 1), _r(1, 3)]),
    "sub_alpha": (lambda a, b: torch.sub(a, b, alpha=-0.5), [_r(3), _r(3)]),
    "rsub": (lambda a: 2 - a, [_r(2, 2)]),
    "mul": (lambda a, b: a * b, [_r(2, 3), _r(2, 1)]),
    "div": (lambda a, b: a / b, [_r(3, 2), _away_from_zero(2)]),
    "div_floor": (lambda a, b: a.div(b, rounding_mode="floor") + a * b, [_r(3), _away_from_zero(3)]),
    "div_trunc": (lambda a: torch.div(a, 0.7, rounding_mode="trunc") + a, [_r(3)]),
    "remainder_scalar": (lambda a: a % 1.5, [_r(4)]),
    "remainder_tensor": (lambda a, b: a % b, [_r(2, 3), _away_from_zero(3)]),
    "rdiv_reciprocal": (lambda a: 3.0 / a, [_away_from_zero(4)]),
    "pow_scalar": (lambda a: a ** 3, [_r(4)]),
    "pow_float": (lambda a: a ** 1.5, [_pos(4)]),
    "pow_zero": (lambda a: a ** 0, [_r(3)]),
    "pow_tensor": (lambda a, b: a ** b, [_pos(2, 3), _r(2, 3)]),
    "pow_tensor_broadcast": (lambda a, b: a ** b, [_pos(2, 3), _r(3)]),
    "rpow": (lambda a: 2.5 ** a, [_r(3)]),
    "clamp": (lambda a: a.clamp(-0.9, 1.1), [np.array([-2.0, -0.5, 0.3, 1.0, 1.7])]),
    "clamp_min": (lambda a: a.clamp(min=0.1), [np.array([-2.0, -0.5, 0.3, 1.0])]),
    "clamp_max": (lambda a: a.clamp(max=0.1), [np.array([-2.0, -0.5, 0.3, 1.0])]),
    # tensor bounds (broadcast): every element below, inside or above its bounds, no ties
    "clamp_tensor": (lambda a, lo, hi: a.clamp(lo, hi),
                     [np.array([[-2.0, -0.5, 0.3], [1.0, 1.7, 0.1]]), np.array([-0.9, -0.4, 0.2]),
                      np.array([[1.1], [0.5]])]),
    "clamp_tensor_min_above_max": (lambda a, lo, hi: torch.clamp(a, lo, hi),
                                   [np.array([0.0, 2.0, -1.0]), np.array([1.0, 1.5, 0.5]),
                                    np.array([0.5, 1.0, -0.5])]),
    "clamp_tensor_min": (lambda a, lo: a.clamp(min=lo), [_r(2, 3), np.array([-0.5, 0.3, 1.2])]),
    "where": (lambda a, b: torch.where(T([[True, False, True], [False, False, True]]), a, b),
              [_r(2, 3), _r(3)]),
    "maximum": (lambda a, b: torch.maximum(a, b), [_distinct(2, 3), _distinct(2, 3) + 0.1]),
    "minimum": (lambda a, b: torch.minimum(a, b), [_distinct(2, 3), _distinct(2, 3) + 0.1]),
    "to_float64": (lambda a: a.to(torch.float64) * 1.0, [_r(3)]),
    "to_float32": (lambda a: a.float().double(), [np.array([0.5, -1.25, 2.0])], 1e-2, 1e-4),
    "clone": (lambda a: a.clone(), [_r(2, 2)]),
    "sum": (lambda a: a.sum(), [_r(2, 3)]),
    "sum_dim": (lambda a: a.sum(dim=1), [_r(2, 3)]),
    "sum_dims_keepdim": (lambda a: a.sum((0, 2), keepdim=True), [_r(2, 3, 2)]),
    "mean": (lambda a: a.mean(), [_r(2, 3)]),
    "mean_dim": (lambda a: a.mean(0), [_r(2, 3)]),
    "mean_dim_keepdim": (lambda a: a.mean(-1, keepdim=True), [_r(2, 3)]),
    "max_all": (lambda a: a.max(), [_distinct(2, 3)]),
    "min_all": (lambda a: a.min(), [_distinct(2, 3)]),
    "max_all_ties": (lambda a: a.max() * 1.0, [np.array([1.0, 3.0, 3.0, -1.0])], None),
    "max_dim": (lambda a: a.max(dim=1).values, [_distinct(3, 4)]),
    "max_dim_keepdim": (lambda a: a.max(0, keepdim=True).values, [_distinct(3, 4)]),
    "min_dim": (lambda a: a.min(dim=0).values, [_distinct(3, 4)]),
    "norm": (lambda a: a.norm(), [_r(2, 3)]),
    "norm_dim": (lambda a: a.norm(dim=1), [_r(2, 3)]),
    "norm_p1": (lambda a: a.norm(p=1), [_away_from_zero(4)]),
    "norm_p3": (lambda a: a.norm(p=3, dim=0), [_away_from_zero(3, 2)]),
    "norm_inf": (lambda a: a.norm(p=float("inf")), [_distinct(4)]),
    "norm_neg_inf": (lambda a: a.norm(p=float("-inf"), dim=1), [_distinct(2, 3)]),
    "norm_p_half": (lambda a: a.norm(p=0.5), [_away_from_zero(4)]),
    "norm_p_negative": (lambda a: a.norm(p=-1.5, dim=0), [_away_from_zero(3, 2)]),
    "norm_p_1_5": (lambda a: a.norm(p=1.5), [_away_from_zero(4)]),
    "mm": (lambda a, b: a @ b, [_r(2, 3), _r(3, 4)]),
    "dot": (lambda a, b: a @ b, [_r(4), _r(4)]),
    "mv": (lambda a, b: a @ b, [_r(2, 3), _r(3)]),
    "vec_mat": (lambda a, b: a @ b, [_r(3), _r(3, 2)]),
    "bmm": (lambda a, b: a @ b, [_r(2, 2, 3), _r(2, 3, 2)]),
    "batched_broadcast": (lambda a, b: a @ b, [_r(2, 1, 2, 3), _r(3, 3, 2)]),
    "batched_vec": (lambda a, b: a @ b, [_r(2, 2, 3), _r(3)]),
    "vec_batched": (lambda a, b: a @ b, [_r(3), _r(2, 3, 2)]),
    "view": (lambda a: a.view(6) * 1.0, [_r(2, 3)]),
    "reshape_copy": (lambda a: a.t().reshape(6), [_r(2, 3)]),
    # in place: views re-read their base (AsStrided), views written into their base
    # (CopySlices), and the nodes of zero_/fill_/copy_
    "view_after_base_inplace": (lambda a: _inplace_then(a * 1, lambda b: b.mul_(2), 1),
                                [_r(2, 3)]),
    # x[index] = value into x itself: index_put_, fill_ with one value, copy_ of a tensor
    "setitem_index_put": (lambda a, v: _setitem_then(a * 1, [0, 2], v), [_r(3), _r(2)]),
    "setitem_fill": (lambda a, v: _setitem_then(a * 1, slice(None), v) * a, [_r(3), _r()]),
    "setitem_copy": (lambda a, v: _setitem_then(a * 1, slice(None), v) * a, [_r(3), _r(3)]),
    "base_after_view_inplace": (lambda a: _inplace_then(a * 1, lambda b: b[1:].mul_(3), 0),
                                [_r(2, 3)]),
    "zero_": (lambda a, b: _inplace_then(a * 1, lambda c: c.zero_(), 0) + b, [_r(2, 3), _r(2, 3)]),
    "fill_": (lambda a, b: _inplace_then(a * 1, lambda c: c.fill_(2.0), 0) * b,
              [_r(2, 3), _r(2, 3)]),
    "fill_tensor": (lambda a, v: _inplace_then(a * 1, lambda c: c.fill_(v * 2), 0) * a,
                    [_r(2, 3), _r()]),
    "copy_": (lambda a, b: _inplace_then(a * 1, lambda c: c.copy_(b * 2), 0) * a,
              [_r(2, 3), _r(3)]),
    "reshape_alias": (lambda a: a.t().reshape(1, 3, 2), [_r(2, 3)]),
    # first derivatives made with create_graph: formulas multiply and divide by Python numbers
    "grad_of_cube": (lambda a: _first_derivative(lambda t: (t ** 3).sum(), a), [_r(2, 3)]),
    "grad_of_mean_squared": (lambda a: _first_derivative(lambda t: t.mean() ** 2, a),
                             [_r(2, 3)]),
    "flatten": (lambda a: a.flatten(), [_r(2, 3)]),
    "squeeze": (lambda a: a.squeeze(), [_r(1, 3, 1)]),
    "squeeze_dim": (lambda a: a.squeeze(0), [_r(1, 3)]),
    "squeeze_dims": (lambda a: a.squeeze((0, 2)), [_r(1, 3, 1)]),
    "unsqueeze": (lambda a: a.unsqueeze(1), [_r(3)]),
    "t": (lambda a: a.t(), [_r(2, 3)]),
    "T": (lambda a: a.T, [_r(2, 3)]),
    "transpose": (lambda a: a.transpose(0, 2), [_r(2, 3, 2)]),
    "permute": (lambda a: a.permute(2, 0, 1), [_r(2, 3, 2)]),
    "expand": (lambda a: a.expand(2, 3, 2), [_r(3, 1)]),
    "select": (lambda a: a[1], [_r(3, 2)]),
    "select_col": (lambda a: a[:, -1], [_r(3, 2)]),
    "slice": (lambda a: a[1:3], [_r(4, 2)]),
    "slice_step": (lambda a: a[:, ::2], [_r(2, 5)]),
    "index_repeated": (lambda a: a[[0, 2, 0]], [_r(3, 2)]),
    "index_mask": (lambda a: a[T([[True, False], [False, True], [True, True]])], [_r(3, 2)]),
    "cat": (lambda a, b: torch.cat([a, b], dim=1), [_r(2, 2), _r(2, 3)]),
    "stack": (lambda a, b: torch.stack([a, b], dim=1), [_r(2, 3), _r(2, 3)]),
    "copy_slices": (lambda a, w: _setitem(a, w), [_r(3, 2), _r(2)]),
    "log_softmax": (lambda a: torch.log_softmax(a, dim=1), [_r(2, 4)]),
    "softmax": (lambda a: torch.softmax(a, dim=0), [_r(3, 2)]),
    "nll_loss": (lambda a: NNF.nll_loss(a, T([1, 0, 2])), [_r(3, 4)]),
    "nll_loss_sum": (lambda a: NNF.nll_loss(a, T([3, 0, 2]), reduction="sum"), [_r(3, 4)]),
    "nll_loss_ignored": (lambda a: NNF.nll_loss(a, T([1, -100, 2])), [_r(3, 4)]),
    "nll_loss_none": (lambda a: NNF.nll_loss(a, T([1, -100, 2]), reduction="none"), [_r(3, 4)]),
    "cross_entropy": (lambda a: NNF.cross_entropy(a, T([1, 0])), [_r(2, 3)]),
    "mse_loss": (lambda a, b: NNF.mse_loss(a, b), [_r(2, 3), _r(2, 3)]),
    "mse_loss_sum": (lambda a, b: NNF.mse_loss(a, b, reduction="sum"), [_r(4), _r(4)]),
    "composite": (lambda a, b: ((a * b).sigmoid() @ b.t()).tanh().sum(0),
                  [_r(2, 3), _r(2, 3)]),
    "batched_matrix": (lambda a, b: a @ b, [_r(2, 2, 3), _r(3, 2)]),
}



def _table_case(entry):
    """A case from an op table entry: the method call on 5 values from the entry's domain."""
    values = op_table.inputs(entry, np.random.default_rng(zlib.crc32(entry.name.encode())), (5,))
    return (lambda a: getattr(a, entry.fn)(**entry.kwargs)), [values], entry.eps, entry.atol


CASES.update((e.name, _table_case(e)) for e in op_table.TABLE)

# keyword arguments of autograd.gradcheck / gradgradcheck where the defaults do not fit.
# to_float32 (x.float().double(), the identity up to float32 rounding, so no truncation error):
# f(x + eps) and f(x - eps) are each within half an ulp of x +- eps, and an ulp below 4 (the
# inputs reach 2.0, gradgradcheck's grad_outputs lie in [-1, 1)) is at most 2^-22, so the
# central difference is within 2^-22 / (2 eps) of the exact derivative 1 (or 0); eps = 1e-3
# keeps that at 1.2e-4 (the default 1e-6 would allow 0.12)
_EPS32 = 1e-3
GRADCHECK_OPTIONS = {"to_float32": {"eps": _EPS32, "atol": 2.0 ** -22 / (2 * _EPS32)}}


def spec(name):
    """(function, float64 input arrays, finite-difference step, tolerance) of case ``name``."""
    entry = CASES[name]
    fn, arrays = entry[0], entry[1]
    eps = entry[2] if len(entry) > 2 else 1e-6
    tol = entry[3] if len(entry) > 3 else 1e-7
    return fn, [np.asarray(a, dtype=np.float64) for a in arrays], eps, tol


def leaves(name):
    """Fresh float64 leaves that require grad, holding the inputs of case ``name``."""
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in spec(name)[1]]


def node_classes(outputs):
    """Every node class in the graphs behind ``outputs`` (a tensor or a tuple of tensors)."""
    outputs = outputs if isinstance(outputs, (tuple, list)) else (outputs,)
    seen, stack, found = set(), [o.grad_fn for o in outputs], set()
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        found.add(type(n))
        stack.extend(nxt for nxt, _ in n.next_functions)
    return found


def all_node_classes():
    """The rows of the derivatives table: every node class autograd_bn.ops.derivatives defines
    (but NotImplemented, torch's node for ops without a derivative: backward through it
    raises, as tests/test_errors_ops.py checks)."""
    return {v for v in vars(D).values()
            if isinstance(v, type) and issubclass(v, Node) and v is not AccumulateGrad
            and v.__module__ == "builtins" and v.__name__ != "NotImplemented"}


def missing_rows(names):
    """The node classes of the derivatives table that none of the cases ``names`` exercises."""
    covered = set()
    for name in names:
        covered |= node_classes(spec(name)[0](*leaves(name)))
    return all_node_classes() - covered
