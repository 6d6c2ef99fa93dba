"""The differentiable cases, used by tests/test_gradcheck_ops.py (analytic vector-Jacobian
products against central differences) and tests/live/test_functional_live.py (autograd_bn's
gradcheck and gradgradcheck): every sample of the op table (tests/golden/op_table, one entry
per op), named ``entry`` or ``entry[k]``, and the few multi-op ``PROGRAMS`` written here.

``CASES`` maps a name to ``(function of float64 leaves, input arrays[, finite-difference step
[, tolerance]])``; a step of ``None`` marks a non-differentiable point (ties), where only the
analytic rule is checked.  Both files have a coverage test (``missing_rows``) that fails when
autograd_bn.ops.derivatives defines a node class no case exercises: add a case here with each
new row of the table (it belongs in the op table's entry of its op).
"""
import numpy as np

import autograd_bn as torch
import autograd_bn.nn  # noqa: F401  (registers the loss rows)
import op_table
from autograd_bn.autograd.graph import Node
from autograd_bn.ops import derivatives as D
from autograd_bn.ops import derivatives_linear as DL
from autograd_bn.ops.registry import NODES

RNG = np.random.default_rng(1234)


def _r(*shape, low=-2.0, high=2.0):
    return RNG.uniform(low, high, size=shape)


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


# The multi-op programs (no op of the table twice: each exercises how ops combine).
# name: (function of leaves, input arrays[, finite-difference step[, tolerance]])
PROGRAMS = {
    # in place: views re-read their base (AsStrided), views written into their base
    # (CopySlices)
    "view_after_base_inplace": (lambda a: _inplace_then(a * 1, lambda b: b.mul_(2), 1),
                                [_r(2, 3)]),
    "base_after_view_inplace": (lambda a: _inplace_then(a * 1, lambda b: b[1:].mul_(3), 0),
                                [_r(2, 3)]),
    # first derivatives made with create_graph: formulas multiply and divide by Python numbers
    "grad_of_cube": (lambda a: _first_derivative(lambda t: (t ** 3).sum(), a), [_r(2, 3)]),
    "grad_of_mean_squared": (lambda a: _first_derivative(lambda t: t.mean() ** 2, a),
                             [_r(2, 3)]),
    "composite": (lambda a, b: ((a * b).sigmoid() @ b.t()).tanh().sum(0),
                  [_r(2, 3), _r(2, 3)]),
}


def sample_function(sample, lib=torch, source=None):
    """The function of float leaves that ``sample`` calls (or ``source``, a form of it with
    the same inputs), on library ``lib``."""
    names = [f"x{i}" for i in range(sample.arity)]
    body = (source or sample.call).format(*names)
    return eval(f"lambda {', '.join(names)}: {body}", {"torch": lib})


def _table_case(entry, k, sample):
    return (sample_function(sample), op_table.sample_inputs(entry, k), sample.eps, sample.atol)


CASES = {entry.sample_id(k): _table_case(entry, k, s) for entry, k, s in op_table.SAMPLES}
assert not set(CASES) & set(PROGRAMS), "a program named like a table sample"
CASES.update(PROGRAMS)

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


# rows reached only inside backward formulas run under create_graph (a Python number in a
# formula; the helpers of derivatives_linear.py): the double-backward graphs must reach them
IN_FORMULAS = {"MulBackward1", "DivBackward1"} | {
    v.__name__ for v in vars(DL).values() if isinstance(v, type) and issubclass(v, Node)
    and v.__name__ not in vars(D)}


def all_node_classes():
    """The rows of the derivatives table: every node class registry.NODES holds (autograd_bn.nn
    loaded, for the losses), but NotImplemented, torch's node for ops without a derivative
    (backward through it raises, as tests/test_errors_ops.py checks)."""
    return {v for v in NODES.values() if v.__name__ != "NotImplemented"}


def first_order_rows():
    return {c for c in all_node_classes() if c.__name__ not in IN_FORMULAS}


def double_backward_classes(name):
    """The node classes in the graphs of case ``name``'s first and second derivatives made
    with create_graph, each differentiated along a vector that requires grad too (the
    helpers' own backward is the adjoint: max along a dim reaches GatherBackward0 so)."""
    xs = leaves(name)
    outs, found = [spec(name)[0](*xs)], set()
    for _order in range(2):
        vs = [torch.ones_like(o).requires_grad_() for o in outs]
        total = sum((o * v).sum() for o, v in zip(outs, vs))
        xs = xs + vs
        grads = torch.autograd.grad(total, xs, create_graph=True, allow_unused=True)
        outs = [g for g in grads if g is not None and g.grad_fn is not None]
        if not outs:
            break
        found |= node_classes(outs)
    return found


def missing_double_rows(names):
    """The rows of IN_FORMULAS that no double-backward graph of the cases ``names`` reaches."""
    covered = set()
    for name in names:
        if spec(name)[2] is not None:
            covered |= double_backward_classes(name)
    return {c for c in all_node_classes() if c.__name__ in IN_FORMULAS} - covered


def missing_rows(names):
    """The node classes of the derivatives table that none of the cases ``names`` exercises."""
    covered = set()
    for name in names:
        covered |= node_classes(spec(name)[0](*leaves(name)))
    return first_order_rows() - covered
