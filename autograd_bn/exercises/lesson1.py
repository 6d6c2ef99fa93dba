"""The exercises of lesson 1 (lesson_sources/01_autograd.md), in the order the lesson asks them.

Every right answer is computed here with the engine from the exercise's own code, never typed
in; so are the wrong answers that a misconception produces.
"""
import warnings

import numpy as np

import autograd_bn as torch

from ..i18n import N_, _
from ._answers import BadAnswer, run_learner, same
from ._checker import Exercise, close_to, is_name

MESSAGES = {
    "q1.why": N_("out is the result of z.mean(), and a node is named after the operation that "
                 "made the result, so out.grad_fn is a MeanBackward0."),
    "q1.hint": N_("Which operation produced out? The node of an operation op is called "
                  "OpBackward0."),
    "q1.sum": N_("The last operation was mean(), not sum(): they have different derivatives "
                 "(1/4 against 1 for each element here), so they have different nodes."),
    "q1.mul": N_("MulBackward0 is the node of z = y * y * 3. out was computed from z by one "
                 "more operation, and its grad_fn is the node of that operation."),
    "q1.add": N_("AddBackward0 is the node of y = x + 2, two operations before out. grad_fn "
                 "points to the node of the last operation."),
    "q1.none": N_("grad_fn is None only for a tensor that no recorded operation made. out was "
                  "computed from x, which requires gradients, so the operation was recorded."),
    "q2.why": N_("torch.randn makes a tensor with requires_grad=False, so (c * 2).sum() is not "
                 "recorded and d.grad_fn is None."),
    "q2.hint": N_("Does c require gradients? Look at how it was made."),
    "q3.why": N_("y is not a leaf, so backward does not store its gradient: y.grad is None "
                 "(and reading it gives a warning)."),
    "q3.hint": N_("backward fills .grad only for some tensors of the graph. Which ones?"),
    "q4.why": N_("backward adds to .grad: 2w from the first pass plus 3w² from the second, "
                 "[2 + 3, 4 + 12, 6 + 27] = [5, 16, 33]."),
    "q4.hint": N_("Compute the gradient of each backward pass separately, then remember what "
                  "backward does with the .grad that is already there."),
    "q4.second": N_("This is the gradient of the second backward pass alone. backward does not "
                    "overwrite .grad, it adds to it, and nothing emptied w.grad in between."),
    "q4.first": N_("This is what the first backward pass stored. The second one adds its own "
                   "gradient, 3w², to it."),
    "q5.why": N_("J = [[x₁, x₀], [3, 0]] = [[2, 1], [3, 0]] at x = (1, 2), and backward "
                 "computes vᵀJ = (1·2 + 10·3, 1·1 + 10·0) = (32, 1)."),
    "q5.hint": N_("Write J row by row: row i holds the derivatives of y_i with respect to x₀ "
                  "and x₁. Then entry j of the result is the sum over i of v_i · J[i, j]."),
    "q5.jacobian": N_("This is the Jacobian J itself. backward never returns J: it returns vᵀJ, "
                      "a vector with the shape of x."),
    "q6.why": N_("vᵀJ = v₀ · (gradient of y[0]) + v₁ · (gradient of y[1]), so v = [0, 1] "
                 "keeps only the gradient of y[1], 2x = [2, 4, 6]."),
    "q6.hint": N_("x.grad becomes v₀ times the gradient of y[0] plus v₁ times the gradient of "
                  "y[1]. Which v keeps only the second one?"),
    "q6.first": N_("This v keeps the gradient of y[0] = x.sum(), which is all ones. The exercise "
                   "asks for the gradient of y[1]."),
    "q6.both": N_("This v adds the gradients of both outputs: it gives the gradient of "
                  "y.sum(). The exercise asks for y[1] alone."),
    "q7.why": N_("z was made inside torch.no_grad(), so it is a constant without history; out "
                 "= (z * x).sum() depends on x only through the second factor, and "
                 "x.grad = z = 2x = [2, 4, 6]."),
    "q7.hint": N_("Does z require gradients? If not, treat it as a fixed number in out."),
    "q8.why": N_("d shares its memory with x, so d[0] = 10.0 also writes into x: x is now "
                 "[10, 2, 3]."),
    "q8.hint": N_("Is d a new tensor with its own memory, or another view of the same "
                  "numbers?"),
    "q9.why": N_("forward computes x², and backward returns grad_output · 2x: the chain rule "
                 "multiplies the derivative of x² by the gradient that arrives from above."),
    "q9.hint": N_("forward must save x (ctx.save_for_backward) and return x ** 2; backward must "
                  "return the incoming gradient times the derivative 2x."),
    "q9.forward": N_("forward does not compute x²: Square.apply(x) gives other values."),
    "q9.grad_output": N_("backward returns the derivative 2x, but forgets the incoming gradient: "
                         "by the chain rule it must return grad_output * 2 * x."),
}


def text(key, **fields):
    return _(MESSAGES[key]).format(**fields)


def _grad_fn_name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


# -------------------------------------------------------------- 1, 2, 3: what print shows
def _q1():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    return _grad_fn_name(z.mean())


def _q2():
    c = torch.randn(3, generator=torch.Generator().manual_seed(0))
    return _grad_fn_name((c * 2).sum())


def _q3():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    out = (y * y * 3).mean()
    out.backward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return None if y.grad is None else y.grad.tolist()


def _numbers(observation):
    return isinstance(observation, np.ndarray)


# -------------------------------------------------------------- 4: gradients add up
def _w():
    return torch.tensor([1.0, 2.0, 3.0], requires_grad=True)


def _q4(passes=(0, 1)):
    w = _w()
    losses = [lambda: (w * w).sum(), lambda: (w * w * w).sum()]
    for k in passes:
        losses[k]().backward()
    return w.grad.tolist()


# -------------------------------------------------------------- 5, 6: vector-Jacobian products
def _q5_graph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    return x, torch.stack([x[0] * x[1], 3 * x[0]])


_Q5_V = [1.0, 10.0]


def _q5():
    x, y = _q5_graph()
    y.backward(torch.tensor(_Q5_V))
    return x.grad.tolist()


def _q5_jacobian():
    x, _y = _q5_graph()
    return torch.autograd.functional.jacobian(lambda t: torch.stack([t[0] * t[1], 3 * t[0]]),
                                              x.detach()).tolist()


def _q5_jv():
    return (np.array(_q5_jacobian()) @ np.array(_Q5_V)).tolist()


def _q6_graph():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    return x, torch.stack([x.sum(), (x * x).sum()])


def _q6_expected():
    x, y = _q6_graph()
    y[1].backward()
    return x.grad.tolist()


class _ShapeOfV(tuple):
    """The observation for a v whose shape is not y's: that shape (no backward is run)."""


def _q6_probe(v):
    """x.grad after y.backward(v) on the checker's own x and y."""
    x, y = _q6_graph()
    if v.shape != tuple(y.shape):
        return _ShapeOfV(v.shape)
    y.backward(torch.tensor(v.tolist()))
    return x.grad.tolist()


def _q6_with(v):
    return lambda: _q6_probe(np.array(v))


def _q6_fields(shape):
    x, y = _q6_graph()
    return {"input_shape": tuple(x.shape), "output_shape": tuple(y.shape), "shape": tuple(shape)}


def _v_like_x(observation):
    return isinstance(observation, _ShapeOfV) and observation == tuple(_q6_graph()[0].shape)


def _v_other_shape(observation):
    return isinstance(observation, _ShapeOfV)


# -------------------------------------------------------------- 7, 8: no_grad and detach
def _q7(inside_no_grad=True):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    if inside_no_grad:
        with torch.no_grad():
            z = x * 2
    else:
        z = x * 2
    out = (z * x).sum()
    out.backward()
    return x.grad.tolist()


def _q8(copy=False):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    d = x.detach().clone() if copy else x.detach()
    d[0] = 10.0
    return x.tolist()


# -------------------------------------------------------------- 9: a custom Function
_Q9_GRAD = [1.0, 2.0, -3.0]


def _q9_input():
    return torch.tensor([1.0, -2.0, 0.5], dtype=torch.double, requires_grad=True)


def _q9_expected():
    x = _q9_input()
    y = x ** 2
    y.backward(torch.tensor(_Q9_GRAD, dtype=torch.double))
    return [y.tolist(), x.grad.tolist()]


def _q9_probe(cls):
    x = _q9_input()
    y = run_learner(cls.apply, x)
    if not isinstance(y, torch.Tensor):
        raise BadAnswer("returned", got=type(y).__name__)
    run_learner(y.backward, torch.tensor(_Q9_GRAD, dtype=torch.double))
    grad = [float("nan")] * 3 if x.grad is None else x.grad.tolist()
    return [y.tolist(), grad]


def _q9_forward_wrong(observation):
    return not same(observation[0], _q9_expected()[0])


def _q9_no_grad_output(observation):
    return same(observation[1], (2 * _q9_input().detach()).tolist())


EXERCISES = [
    Exercise("printed", _q1, [
        (is_name("SumBackward0"), "q1.sum"),
        (is_name("MulBackward0"), "q1.mul"),
        (is_name("AddBackward0"), "q1.add"),
        (lambda obs: obs is None, "q1.none"),
    ], solution='check.q1("MeanBackward0")'),
    Exercise("printed", _q2, [
        (lambda obs: isinstance(obs, str) and "Backward" in obs, "requires_grad_missing"),
    ], solution="check.q2(None)"),
    Exercise("printed", _q3, [
        (_numbers, "non_leaf", {"name": "y"}),
    ], solution="check.q3(None)"),
    Exercise("values", _q4, [
        (close_to(lambda: _q4((1,))), "q4.second"),
        (close_to(lambda: _q4((0,))), "q4.first"),
    ], solution="# 2w + 3w² at w = [1, 2, 3]\ncheck.q4([5.0, 16.0, 33.0])"),
    Exercise("values", _q5, [
        (close_to(_q5_jv), "transposed"),
        (close_to(_q5_jacobian), "q5.jacobian"),
    ], solution="# J = [[2, 1], [3, 0]];  vᵀJ = [1*2 + 10*3, 1*1 + 10*0]\ncheck.q5([32.0, 1.0])"),
    Exercise("values", _q6_expected, [
        (_v_like_x, "v_input_shape", _q6_fields),
        (_v_other_shape, "v_shape", _q6_fields),
        (close_to(_q6_with([1.0, 0.0])), "q6.first"),
        (close_to(_q6_with([1.0, 1.0])), "q6.both"),
    ], probe=_q6_probe, solution="check.q6([0.0, 1.0])"),
    Exercise("values", _q7, [
        (close_to(lambda: _q7(inside_no_grad=False)), "no_grad_swallowed"),
    ], solution="# z = 2x is a constant: x.grad = z\ncheck.q7([2.0, 4.0, 6.0])"),
    Exercise("values", _q8, [
        (close_to(lambda: _q8(copy=True)), "detach_copy"),
    ], solution="check.q8([10.0, 2.0, 3.0])"),
    Exercise("class", _q9_expected, [
        (_q9_forward_wrong, "q9.forward"),
        (_q9_no_grad_output, "q9.grad_output"),
    ], probe=_q9_probe, solution='''
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 2

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return grad_output * 2 * x


check.q9(Square)
'''),
]
