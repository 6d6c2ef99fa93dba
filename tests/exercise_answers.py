"""Answers to the lessons' exercises, for tests/test_exercises.py.

`value_cases(lib)` computes, with the library `lib` (real PyTorch or autograd_bn), the right
answer of every exercise that asks for a value and the wrong answers that each misconception
produces, by running the exercise's code (or the misconception's version of it): nothing is
copied from the checker.  `CODE_CASES` are learner code for the exercises that ask for code:
a right version written differently from the worked solution, and the typical mistakes.
"""
import math
import warnings

import autograd_bn as ag

# ------------------------------------------------------------------ answers that are values


def _name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def _l1(lib):
    x = lib.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    q1 = {"right": [_name(out), out.grad_fn, str(out.grad_fn)],
          "q1.sum": (y * y * 3).sum().grad_fn, "q1.mul": _name(z), "q1.add": str(y.grad_fn),
          "q1.none": None, "generic": "ExpBackward0", "type_name": {"name": "MeanBackward0"}}
    c = lib.randn(3)
    d = (c * 2).sum()
    cr = lib.randn(3, requires_grad=True)
    q2 = {"right": [_name(d), "None"], "requires_grad_missing": _name((cr * 2).sum()),
          "generic": "tensor(0.5)", "type_name": 3 + 4j}
    out.backward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        q3 = {"right": [y.grad], "non_leaf": x.grad.clone(), "generic": "AccumulateGrad",
              "type_name": ["grad"]}

    def q4(passes):
        w = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        for k in passes:
            ((w * w) if k == 0 else (w * w * w)).sum().backward()
        return w.grad
    q4 = {"right": [q4((0, 1)), q4((0, 1)).tolist()], "q4.second": q4((1,)),
          "q4.first": q4((0,)).tolist(), "generic": [0.0, 0.0, 0.0], "type_values": "5, 16, 33"}

    def f5(t):
        return lib.stack([t[0] * t[1], 3 * t[0]])
    x5 = lib.tensor([1.0, 2.0], requires_grad=True)
    v5 = lib.tensor([1.0, 10.0])
    f5(x5).backward(v5)
    J5 = lib.autograd.functional.jacobian(f5, lib.tensor([1.0, 2.0]))
    q5 = {"right": [x5.grad], "transposed": J5 @ v5, "q5.jacobian": J5,
          "generic": [1.0, 32.0], "type_values": None}

    x6 = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y6 = lib.stack([x6.sum(), (x6 * x6).sum()])
    q6 = {"right": [[0.0, 1.0], lib.tensor([0.0, 1.0])], "v_input_shape": lib.ones_like(x6),
          "v_shape": [[0.0, 1.0]], "q6.first": [1.0, 0.0], "q6.both": lib.ones_like(y6),
          "generic": [2.0, 0.0], "type_values": [[1.0], [1.0, 2.0]]}

    def q7(no_grad):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        if no_grad:
            with lib.no_grad():
                z = x * 2
        else:
            z = x * 2
        (z * x).sum().backward()
        return x.grad
    q7 = {"right": [q7(True)], "no_grad_swallowed": q7(False), "generic": [1.0, 2.0, 3.0],
          "type_values": True}

    def q8(copy):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        d = x.detach().clone() if copy else x.detach()
        d[0] = 10.0
        return x.detach()
    q8 = {"right": [q8(False), [10, 2, 3]], "detach_copy": q8(True), "generic": [10.0, 2.0],
          "type_values": {1: 2}}
    return [q1, q2, q3, q4, q5, q6, q7, q8]


def _l2(lib):
    w = lib.nn.Linear(2, 32).weight
    q1 = {"right": [w.shape, tuple(w.shape), list(w.shape)], "q1.transposed": w.T.shape,
          "generic": (32,), "type_shape": "32 x 2"}
    model = lib.nn.Sequential(lib.nn.Linear(2, 32), lib.nn.Tanh())
    hidden = model[0](lib.ones(4, 2))
    q2 = {"right": [_name(model[1](hidden))], "q2.addmm": _name(hidden),
          "generic": "ReluBackward0", "type_name": 1.5j}
    return [q1, q2]


def _l3(lib):
    jac = lib.autograd.functional.jacobian

    def f1(t):
        return lib.stack([t.sum(), (t * t).sum()])
    J1 = jac(f1, lib.ones(3))
    q1 = {"right": [J1.shape], "transposed_matrix": J1.T.shape, "generic": (3,),
          "type_shape": [2.0, 3.0]}

    def g(p):
        return lib.stack([p[0] * p[1], p[0] + p[1] ** 2])
    J2 = jac(g, lib.tensor([2.0, 3.0], dtype=lib.double))
    q2 = {"right": [J2, J2.tolist()], "transposed_matrix": J2.T, "generic": [[3.0, 2.0]],
          "type_values": "[[3, 2], [1, 6]]"}

    def polar(p):
        return lib.stack([p[0] * lib.cos(p[1]), p[0] * lib.sin(p[1])])
    p = lib.tensor([2.0, math.pi / 6], dtype=lib.double)
    v = lib.tensor([1.0, 1.0], dtype=lib.double)
    q4 = {"right": [lib.autograd.functional.jvp(polar, p, v)[1]],
          "transposed": lib.autograd.functional.vjp(polar, p, v)[1],
          "generic": [0.866, 0.5], "type_values": "0.866"}
    return [q1, q2, None, q4]


def value_cases(lib):
    """{(lesson, exercise): {"right": [answers], key: a wrong answer, ...}} computed with
    `lib`.  "generic" is a wrong answer no diagnosis knows, a "type_..." key an answer of the
    wrong type."""
    lib.manual_seed(0)
    cases = {}
    for lesson, tables in ((1, _l1(lib)), (2, _l2(lib)), (3, _l3(lib))):
        for n, table in enumerate(tables, 1):
            if table is not None:
                cases[(lesson, n)] = table
    return cases


# ------------------------------------------------------------------ answers that are code
class SquareRight(ag.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2.0 * grad * x


class SquareCube(SquareRight):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3


class SquareNoGradOutput(SquareRight):
    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x


class SquareHalf(SquareRight):
    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x


class SquareRaises(SquareRight):
    @staticmethod
    def backward(ctx, grad):
        raise ValueError("my backward is not finished")


class SquareBlank(ag.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ...

    @staticmethod
    def backward(ctx, grad_output):
        ...


def step_right(model, loss_fn, optimizer, X, y):
    for p in model.parameters():
        p.grad = None
    loss_fn(model(X), y).backward()
    optimizer.step()


def step_no_zero(model, loss_fn, optimizer, X, y):
    loss_fn(model(X), y).backward()
    optimizer.step()


def step_no_step(model, loss_fn, optimizer, X, y):
    optimizer.zero_grad()
    loss_fn(model(X), y).backward()


def step_in_no_grad(model, loss_fn, optimizer, X, y):
    optimizer.zero_grad()
    with ag.no_grad():
        loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()


def step_twice(model, loss_fn, optimizer, X, y):
    for _ in range(2):
        step_right(model, loss_fn, optimizer, X, y)


def step_raises(model, loss_fn, optimizer, X, y):
    return model(X, y)


def step_blank(model, loss_fn, optimizer, X, y):
    ...


def sgd_right(params, lr):
    for p in params:
        with ag.no_grad():
            p.sub_(lr * p.grad)


def sgd_no_no_grad(params, lr):
    for p in params:
        p -= lr * p.grad


def sgd_rebind(params, lr):
    with ag.no_grad():
        for p in params:
            p = p - lr * p.grad


def sgd_plus(params, lr):
    with ag.no_grad():
        for p in params:
            p += lr * p.grad


def sgd_double(params, lr):
    with ag.no_grad():
        for p in params:
            p -= 2 * lr * p.grad


def sgd_raises(params, lr):
    return params[5]


def rows_right(f, x):
    x = x.detach().requires_grad_(True)
    y = f(x)
    eye = ag.eye(y.shape[0], dtype=y.dtype)
    return ag.stack([ag.autograd.grad(y, x, eye[i], retain_graph=True)[0]
                     for i in range(y.shape[0])])


def _rows(f, x, zero=True, grad=True, retain=True, v_like_x=False):
    xr = x.clone().requires_grad_(grad)
    y = f(xr)
    rows = []
    for i in range(y.shape[0]):
        e = ag.zeros(xr.shape[0] if v_like_x else y.shape[0], dtype=y.dtype)
        e[i] = 1.0
        if zero:
            xr.grad = None
        y.backward(e, retain_graph=retain)
        rows.append(xr.grad.clone())
    return ag.stack(rows)


CODE_CASES = {
    (1, 9): {"right": [SquareRight], "q9.forward": SquareCube,
             "q9.grad_output": SquareNoGradOutput, "generic": SquareHalf,
             "raised": SquareRaises, "blank": SquareBlank, "type_class": lambda x: x ** 2},
    (2, 4): {"right": [step_right], "accumulated": step_no_zero, "q4.unchanged": step_no_step,
             "no_grad_swallowed": step_in_no_grad, "generic": step_twice,
             "raised": step_raises, "blank": step_blank, "type_function": 42},
    (2, 3): {"right": [sgd_right], "q3.no_grad": sgd_no_no_grad, "q3.rebind": sgd_rebind,
             "q3.sign": sgd_plus, "generic": sgd_double, "raised": sgd_raises,
             "type_function": SquareRight},
    (3, 3): {"right": [rows_right, lambda f, x: list(_rows(f, x))],
             "accumulated": lambda f, x: _rows(f, x, zero=False),
             "transposed_matrix": lambda f, x: _rows(f, x).T,
             "requires_grad_error": lambda f, x: _rows(f, x, grad=False),
             "v_shape_error": lambda f, x: _rows(f, x, v_like_x=True),
             "q3.retain": lambda f, x: _rows(f, x, retain=False),
             "generic": lambda f, x: ag.zeros(2, 3, dtype=ag.double),
             "returned": lambda f, x: "J", "type_function": "jacobian_rows"},
}
