"""The exercises of lesson 3 (lesson_sources/03_jacobians.md)."""
import math

import numpy as np

import autograd_bn as torch

from ..autograd.engine import NO_GRAD_FN, SHAPE_MISMATCH
from ..autograd.functional import jacobian, jvp, vjp
from ..autograd.graph import SECOND_BACKWARD
from ..i18n import N_, _
from ._answers import BadAnswer, run_learner
from ._checker import Exercise, close_to

MESSAGES = {
    "q1.why": N_("f maps 3 numbers to 2, and the Jacobian has one row for each output and one "
                 "column for each input: shape (2, 3)."),
    "q1.hint": N_("How many outputs and how many inputs does f have? Rows belong to outputs."),
    "q2.why": N_("Row 1 holds the derivatives of a·b: (b, a) = (3, 2); row 2 those of a + b²: "
                 "(1, 2b) = (1, 6)."),
    "q2.hint": N_("Row i holds the partial derivatives of output i, with respect to a in the "
                  "first column and to b in the second."),
    "q3.why": N_("Each pass with a unit vector e_i gives row i of J; the graph is kept with "
                 "retain_graph=True and x.grad emptied before every pass."),
    "q3.hint": N_("Start from xr = x.clone().requires_grad_() and y = f(xr); then, for each "
                  "output i: xr.grad = None, y.backward(e_i, retain_graph=True), keep a copy "
                  "of xr.grad. Stack the rows with torch.stack."),
    "q3.retain": N_("The second backward pass found the graph already freed. The first pass "
                    "frees what the graph saved, unless you pass retain_graph=True."),
    "q4.why": N_("J v mixes the columns of J: v₀ · (cos θ, sin θ) + v₁ · (−r sin θ, r cos θ) at "
                 "r = 2, θ = π/6 gives (0.866 − 1, 0.5 + 1.732) = (−0.134, 2.232)."),
    "q4.hint": N_("Take the Jacobian of polar from the formula at the start of the lesson, at "
                  "r = 2, θ = π/6, and "
                  "multiply it by v as a column: entry i is the sum over j of J[i, j] · v_j."),
}


def text(key, **fields):
    return _(MESSAGES[key]).format(**fields)


# -------------------------------------------------------------- 1, 2: Jacobians
def _q1_f(t):
    return torch.stack([t.sum(), (t * t).sum()])


def _q1():
    return tuple(jacobian(_q1_f, torch.ones(3)).shape)


def _q2_g(p):
    a, b = p[0], p[1]
    return torch.stack([a * b, a + b ** 2])


def _q2():
    return jacobian(_q2_g, torch.tensor([2.0, 3.0], dtype=torch.double)).tolist()


def _transposed(reference):
    return lambda: np.array(reference()).T.tolist()


# -------------------------------------------------------------- 3: a Jacobian from VJPs
def _q3_f(t):
    return torch.stack([t[0] * t[1], t[1] * t[2] ** 2])


def _q3_x():
    return torch.tensor([1.0, 2.0, 3.0], dtype=torch.double)


def _q3():
    return jacobian(_q3_f, _q3_x()).tolist()


def _q3_rows_added_up():
    """What the rows become when x.grad is not emptied between the passes."""
    rows = np.array(_q3())
    return np.cumsum(rows, axis=0).tolist()


def _q3_probe(fn):
    result = run_learner(fn, _q3_f, _q3_x())
    if isinstance(result, (list, tuple)) and all(isinstance(r, torch.Tensor) for r in result) \
            and result:
        result = torch.stack(list(result))
    if not isinstance(result, torch.Tensor):
        raise BadAnswer("returned", got=type(result).__name__)
    return result.detach().tolist()


# -------------------------------------------------------------- 4: J v by hand
def _polar(p):
    r, theta = p[0], p[1]
    return torch.stack([r * torch.cos(theta), r * torch.sin(theta)])


def _q4_point():
    return torch.tensor([2.0, math.pi / 6], dtype=torch.double)


_Q4_V = [1.0, 1.0]


def _q4():
    return jvp(_polar, _q4_point(), torch.tensor(_Q4_V, dtype=torch.double))[1].tolist()


def _q4_vjp():
    return vjp(_polar, _q4_point(), torch.tensor(_Q4_V, dtype=torch.double))[1].tolist()


EXERCISES = [
    Exercise("shape", _q1, [
        (lambda obs: obs == tuple(reversed(_q1())), "transposed_matrix"),
    ], solution="check.q1((2, 3))"),
    Exercise("values", _q2, [
        (close_to(_transposed(_q2)), "transposed_matrix"),
    ], solution="# J = [[∂(ab)/∂a, ∂(ab)/∂b], [∂(a + b²)/∂a, ∂(a + b²)/∂b]] at (a, b) = (2, 3)\n"
                "check.q2([[3.0, 2.0], [1.0, 6.0]])"),
    Exercise("function", _q3, [
        (close_to(_q3_rows_added_up), "accumulated"),
        (close_to(_transposed(_q3)), "transposed_matrix"),
    ], probe=_q3_probe, errors=[(lambda: _(NO_GRAD_FN), "requires_grad_error"),
                                (lambda: _(SHAPE_MISMATCH), "v_shape_error"),
                                (lambda: _(SECOND_BACKWARD), "q3.retain")], solution='''
def jacobian_rows(f, x):
    xr = x.clone().requires_grad_()
    y = f(xr)
    rows = []
    for i in range(y.shape[0]):
        e = torch.zeros(y.shape[0], dtype=y.dtype)
        e[i] = 1.0
        xr.grad = None
        y.backward(e, retain_graph=True)
        rows.append(xr.grad.clone())
    return torch.stack(rows)


check.q3(jacobian_rows)
'''),
    Exercise("values", _q4, [
        (close_to(_q4_vjp), "transposed"),
    ], solution="# J = [[cos θ, −r sin θ], [sin θ, r cos θ]];  J v = column 0 + column 1\n"
                "check.q4([math.cos(math.pi / 6) - 2 * math.sin(math.pi / 6),\n"
                "          math.sin(math.pi / 6) + 2 * math.cos(math.pi / 6)])"),
]
