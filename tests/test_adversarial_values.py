"""Regressions for issue 11, "wrong values or gradients": an adversarial run against torch.

Every expected value, gradient, grad_fn name, warning and message below was recorded from
torch 2.13 (CPU) by running the same lines with ``torch``; these tests replay them without
torch.  tests/live/test_adversarial_values_live.py runs the same classes of input live against torch.
"""
import warnings

import numpy as np
import pytest

import autograd_bn as torch


def _raises(cls, text, fn):
    with pytest.raises(cls) as info:
        fn()
    assert str(info.value) == text


def _bits(t):
    """A tensor's values as a list that tells -0.0 from 0.0 and compares NaN equal."""
    return [repr(v) for v in np.asarray(t.detach().numpy(force=True), dtype=np.float64).ravel().tolist()]


def _quiet(fn):
    """Run fn, failing on any warning (NumPy's RuntimeWarnings must not leak)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn()


# --- a leaf that stops requiring grad after the graph was built ------------------------------
def test_leaf_that_stopped_requiring_grad_gets_no_grad():
    a = torch.tensor([1., 2.], requires_grad=True)
    b = a * 2
    a.requires_grad_(False)
    (b * a).sum().backward()
    assert a.grad is None

    a = torch.tensor([1., 2.], requires_grad=True)
    b = a * 2
    b.sum().backward(retain_graph=True)
    a.requires_grad = False
    b.sum().backward()
    assert a.grad.tolist() == [2., 2.]          # the first pass only

    a = torch.tensor([1., 2.], requires_grad=True)
    b = a * 2
    a.detach_()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")            # torch's create_graph reference-cycle note
        b.sum().backward(create_graph=True)
    assert a.grad is None


def test_leaf_hooks_still_run_and_turning_it_back_on_accumulates():
    a = torch.tensor([1., 2.], requires_grad=True)
    seen = []
    a.register_hook(lambda g: seen.append(g.tolist()))
    b = a * 2
    a.requires_grad_(False)
    b.sum().backward()
    assert seen == [[2., 2.]] and a.grad is None
    a.requires_grad_(True)
    (a * 2).sum().backward()
    b = a * 3
    a.requires_grad_(False)
    a.requires_grad_(True)
    b.sum().backward()
    assert a.grad.tolist() == [5., 5.]


def test_backward_inputs_that_do_not_require_grad():
    a = torch.tensor([1., 2.], requires_grad=True)
    c = torch.tensor([1., 2.], requires_grad=True)
    b = a * c
    a.requires_grad_(False)
    _raises(RuntimeError, "can't retain_grad on Tensor that has requires_grad=False",
            lambda: b.sum().backward(inputs=[a]))
    b.sum().backward(inputs=[c])
    assert a.grad is None and c.grad.tolist() == [1., 2.]
    _raises(RuntimeError, "One of the differentiated Tensors does not require grad",
            lambda: torch.autograd.grad(b.sum(), a))


# --- sign, sgn, abs -------------------------------------------------------------------------
def test_sign_of_nan_and_negative_zero_is_zero_and_is_recorded():
    x = torch.tensor([float("nan"), -2., 0., -0., 3.], requires_grad=True)
    y = x.sign()
    assert _bits(y) == ["0.0", "-1.0", "0.0", "0.0", "1.0"]
    assert type(y.grad_fn).__name__ == "SignBackward0" and y.requires_grad
    y.sum().backward()
    assert _bits(x.grad) == ["0.0"] * 5
    x.grad = None
    y = x.sgn()
    assert type(y.grad_fn).__name__ == "SgnBackward0"
    y.sum().backward()
    assert _bits(x.grad) == ["0.0"] * 5
    assert _bits(torch.sgn(x)) == _bits(y)


def test_sign_of_bool_and_integer_tensors():
    assert torch.tensor([True, False]).sign().tolist() == [True, False]
    assert torch.tensor([True, False]).sgn().dtype == torch.bool
    assert torch.tensor([3, 0, 255], dtype=torch.uint8).sign().tolist() == [1, 0, 1]
    assert torch.tensor([3, 0, -5], dtype=torch.int32).sign().tolist() == [1, 0, -1]
    _raises(NotImplementedError, "\"abs_cpu\" not implemented for 'Bool'",
            lambda: torch.tensor([True]).abs())


def test_abs_gradient_at_nan_is_zero_and_its_double_backward_records_sgn():
    x = torch.tensor([float("nan"), 1., 0., -0., -2.], requires_grad=True)
    x.abs().sum().backward()
    assert _bits(x.grad) == ["0.0", "1.0", "0.0", "0.0", "-1.0"]
    x = torch.tensor([1., -2.], requires_grad=True)
    (g,) = torch.autograd.grad(x.abs().sum(), x, create_graph=True)
    assert type(g.grad_fn).__name__ == "MulBackward0"
    assert [type(n).__name__ for n, _ in g.grad_fn.next_functions] == ["NoneType",
                                                                       "SgnBackward0"]
    (h,) = torch.autograd.grad(g.sum(), x)
    assert _bits(h) == ["0.0", "0.0"]            # (torch's is a ZeroTensor: no tolist())


# --- clamp with tensor bounds ----------------------------------------------------------------
def test_clamp_tensor_bounds_ties_give_the_whole_gradient_to_self():
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    lo = torch.tensor([1., 0., 0.], requires_grad=True)
    hi = torch.tensor([5., 2., 5.], requires_grad=True)
    y = x.clamp(lo, hi)
    assert type(y.grad_fn).__name__ == "ClampBackward0"
    assert [type(n).__name__ for n, _ in y.grad_fn.next_functions] == ["AccumulateGrad"] * 3
    y.sum().backward()
    assert (x.grad.tolist(), lo.grad.tolist(), hi.grad.tolist()) == (
        [1., 1., 1.], [0., 0., 0.], [0., 0., 0.])


@pytest.mark.parametrize("kind,expected", [
    # x = [1, 2, 3, 4]; lo = [2, 2, 5, 0]; hi = [1, 3, 4, 3]  (lo > hi in the first and third)
    ("min", ([2., 2., 5., 4.], [0., 1., 0., 1.], [1., 0., 1., 0.], None)),
    ("max", ([1., 2., 3., 3.], [1., 1., 1., 0.], None, [0., 0., 0., 1.])),
    ("both", ([1., 2., 4., 3.], [0., 1., 0., 0.], [0., 0., 0., 0.], [1., 0., 1., 1.])),
])
def test_clamp_tensor_bounds_gradients(kind, expected):
    x = torch.tensor([1., 2., 3., 4.], requires_grad=True)
    lo = torch.tensor([2., 2., 5., 0.], requires_grad=True)
    hi = torch.tensor([1., 3., 4., 3.], requires_grad=True)
    y = {"min": lambda: x.clamp(min=lo), "max": lambda: x.clamp(max=hi),
         "both": lambda: torch.clamp(x, lo, hi)}[kind]()
    y.sum().backward()
    got = (y.tolist(), x.grad.tolist(), None if lo.grad is None else lo.grad.tolist(),
           None if hi.grad is None else hi.grad.tolist())
    assert got == expected


def test_clamp_tensor_bounds_broadcast_and_in_place():
    x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    lo = torch.tensor([2.], requires_grad=True)
    hi = torch.tensor([[3.], [3.5]], requires_grad=True)
    y = x.clamp(lo, hi)
    y.sum().backward()
    assert y.tolist() == [[2., 2.], [3., 3.5]]
    assert (x.grad.tolist(), lo.grad.tolist(), hi.grad.tolist()) == (
        [[0., 1.], [1., 0.]], [1.], [[0.], [1.]])

    x = torch.tensor([1., 2., 3.], requires_grad=True) * 1
    lo = torch.tensor([2., 2., 2.], requires_grad=True)
    x.clamp_(min=lo, max=torch.tensor([2.5, 2.5, 2.5]))
    assert type(x.grad_fn).__name__ == "ClampBackward0"
    x.sum().backward()
    assert lo.grad.tolist() == [1., 0., 0.]
    y = torch.tensor([1., 2.]).clip_(torch.tensor([2., 1.]))
    assert y.tolist() == [2., 2.]


def test_clamp_double_backward_and_dtypes():
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    lo = torch.tensor([1., 0., 0.], requires_grad=True)
    g, gl = torch.autograd.grad(x.clamp(lo).pow(2).sum(), (x, lo), create_graph=True)
    assert (g.tolist(), gl.tolist()) == ([2., 4., 6.], [0., 0., 0.])
    assert type(g.grad_fn).__name__ == "WhereBackward0"
    x = torch.tensor([1., 2.], requires_grad=True)
    lo = torch.tensor([0., 3.], dtype=torch.float64, requires_grad=True)
    y = x.clamp(lo)
    y.sum().backward()
    assert y.dtype == torch.float64 and lo.grad.dtype == torch.float64
    assert x.grad.dtype == torch.float32 and x.grad.tolist() == [1., 0.]
    assert torch.tensor([1, 2, 3]).clamp(torch.tensor(2.5)).tolist() == [2.5, 2.5, 3.]
    assert torch.tensor([1., 2.]).clamp(np.float64(1.5)).tolist() == [1.5, 2.]


def test_clamp_overloads_as_torch_parses_them():
    x = torch.tensor([1., 2.], requires_grad=True)
    y = x.clamp(torch.tensor(1.), 3.)          # a 0-d tensor without grad passes as a Number
    assert type(y.grad_fn).__name__ == "ClampBackward1"
    assert type(x.clamp(torch.tensor(1.), torch.tensor(3.)).grad_fn).__name__ == "ClampBackward0"
    assert type(x.clamp(torch.tensor(1.)).grad_fn).__name__ == "ClampBackward0"
    t = torch.tensor([2., 1.])
    _raises(TypeError,
            "clamp() received an invalid combination of arguments - got (Tensor, float), but "
            "expected one of:\n"
            " * (Tensor min = None, Tensor max = None)\n"
            "      didn't match because some of the arguments have invalid types: "
            "(!Tensor!, !float!)\n"
            " * (Number min = None, Number max = None)\n"
            "      didn't match because some of the arguments have invalid types: "
            "(!Tensor!, !float!)\n", lambda: x.clamp(t, 2.5))
    _raises(TypeError,
            "clamp() received an invalid combination of arguments - got (max=float, min=Tensor, "
            "), but expected one of:\n"
            " * (Tensor min = None, Tensor max = None)\n"
            "      didn't match because some of the keywords were incorrect: max, min\n"
            " * (Number min = None, Number max = None)\n"
            "      didn't match because some of the keywords were incorrect: max, min\n",
            lambda: x.clamp(min=t, max=2.5))
    _raises(TypeError,
            "clip() received an invalid combination of arguments - got (Tensor, Tensor, float), "
            "but expected one of:\n"
            " * (Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)\n"
            " * (Tensor input, Number min = None, Number max = None, *, Tensor out = None)\n",
            lambda: torch.clip(x, t, 2.5))
    g = torch.tensor(2., requires_grad=True)
    _raises(TypeError,
            "clamp_() received an invalid combination of arguments - got (Tensor, int), but "
            "expected one of:\n"
            " * (Tensor min = None, Tensor max = None)\n"
            "      didn't match because some of the arguments have invalid types: "
            "(!Tensor!, !int!)\n"
            " * (Number min = None, Number max = None)\n"
            "      didn't match because some of the arguments have invalid types: "
            "(!Tensor!, !int!)\n", lambda: torch.tensor([1., 2.]).clamp_(g, 2))
    _raises(TypeError,
            "clamp() received an invalid combination of arguments - got (str), but expected one "
            "of:\n * (Tensor min = None, Tensor max = None)\n"
            " * (Number min = None, Number max = None)\n", lambda: x.clamp("a"))


# --- norm: -inf, 0, negative and fractional p; gradients at 0 and NaN ----------------------
INF = float("inf")


@pytest.mark.parametrize("p,value,grad", [
    (-INF, "0.5", ["0.0", "-0.0", "1.0", "0.0"]),
    (INF, "4.0", ["0.0", "-1.0", "0.0", "0.0"]),
    (0, "4.0", None),                                    # torch: no gradient at all
    (-1, "0.2790697515010834", ["0.008653325028717518", "-0.0048674955032765865",
                                "0.31151971220970154", "0.07787992805242538"]),
    (0.5, "29.584434509277344", ["3.140299081802368", "-2.719578742980957",
                                 "7.692130088806152", "5.439157485961914"]),
])
def test_norm_p_values_and_gradients(p, value, grad):
    x = torch.tensor([3., -4., 0.5, 1.], requires_grad=True)
    y = x.norm(p)
    assert type(y.grad_fn).__name__ == "LinalgVectorNormBackward0"
    y.backward()
    assert repr(y.item()) == value
    assert (x.grad is None and grad is None) or _bits(x.grad) == grad


@pytest.mark.parametrize("p,grad", [
    (-1, ["0.0", "-0.0", "0.0", "0.0"]), (0.5, ["2.732050895690918", "-2.366025447845459", "0.0",
                                                  "4.732050895690918"]),
    (1.5, ["0.7153255343437195", "-0.8259868025779724", "0.0", "0.4129934012889862"]),
])
def test_norm_gradient_at_a_zero_element(p, grad):
    x = torch.tensor([3., -4., 0., 1.], requires_grad=True)
    _quiet(lambda: x.norm(p).backward())
    assert _bits(x.grad) == grad


@pytest.mark.parametrize("p", [-INF, -1, 0.5, 1.5, INF, 1, 3])
def test_norm_of_zeros_has_zero_gradient(p):
    x = torch.tensor([0., 0.], requires_grad=True)
    y = _quiet(lambda: x.norm(p))
    _quiet(y.backward)
    assert y.item() == 0 and _bits(x.grad) == ["0.0", "0.0"]


def test_norm_with_nan_and_ties():
    nan = float("nan")
    for p, value, grad in [(-INF, "nan", ["0.0"] * 3), (INF, "nan", ["0.0"] * 3),
                           (1, "nan", ["1.0", "0.0", "1.0"])]:
        x = torch.tensor([1., nan, 2.], requires_grad=True)
        y = x.norm(p)
        y.backward()
        assert repr(y.item()) == value and _bits(x.grad) == grad
    x = torch.tensor([1., -1., 2.], requires_grad=True)
    x.norm(-INF).backward()
    assert _bits(x.grad) == ["0.5", "-0.5", "0.0"]
    x = torch.tensor([[3., -4.], [0.5, 1.]], requires_grad=True)
    y = x.norm(-INF, dim=1)
    y.sum().backward()
    assert y.tolist() == [3., 0.5] and _bits(x.grad) == ["1.0", "-0.0", "1.0", "0.0"]


def test_norm_second_derivative_at_zero_is_nan_as_torch():
    x = torch.zeros(2, requires_grad=True)
    (g,) = torch.autograd.grad(x.norm(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert _bits(g) == ["0.0", "0.0"] and _bits(h) == ["nan", "nan"]
    x = torch.zeros(2, requires_grad=True)
    (g,) = torch.autograd.grad(x.norm(1.5), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert _bits(g) == ["0.0", "0.0"] and _bits(h) == ["nan", "nan"]
    x = torch.tensor([1., -2.], requires_grad=True)
    (g,) = torch.autograd.grad(x.norm(-INF), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert _bits(g) == ["1.0", "-0.0"] and _bits(h) == ["0.0", "0.0"]


def test_norm_of_empty_tensors():
    for p, shown in [(INF, "inf"), (-INF, "-inf"), (-1, "-1"), (-1e-7, "-1e-07"),
                     (-0.123456789, "-0.123457")]:
        _raises(RuntimeError, f"linalg.vector_norm cannot compute the {shown} norm on an empty "
                "tensor because the operation does not have an identity",
                lambda: torch.zeros(0, 2).norm(p))
    _raises(RuntimeError, "linalg.vector_norm cannot compute the -1 norm on the dimension "
            "-1because this dimension is empty and the operation does not have an identity",
            lambda: torch.zeros(2, 0).norm(-1, dim=-1))
    assert torch.zeros(0, 2).norm(INF, dim=1).shape == (0,)
    assert torch.zeros(0).norm(0).item() == 0 and torch.zeros(0).norm(0.5).item() == 0


# --- fill_ with a 0-d tensor value -------------------------------------------------------------
def test_fill_with_a_tensor_value_gives_it_the_sum_of_the_gradient():
    b = torch.zeros(3, requires_grad=True) * 1
    v = torch.tensor(2., requires_grad=True)
    b.fill_(v)
    assert type(b.grad_fn).__name__ == "FillBackward3"
    b.sum().backward()
    assert v.grad.item() == 3.0

    b = torch.zeros(3)
    v = torch.tensor(2., dtype=torch.float64, requires_grad=True)
    b.fill_(v)
    (b * torch.tensor([1., 2., 3.])).sum().backward()
    assert v.grad.dtype == torch.float64 and v.grad.item() == 6.0

    b = torch.zeros(2, 3)
    v = torch.tensor(2., requires_grad=True) * 1
    b.fill_(v)
    assert [type(n).__name__ if n is not None else None
            for n, _ in b.grad_fn.next_functions] == [None, "MulBackward0"]
    b = torch.zeros(3, dtype=torch.int64)
    b.fill_(torch.tensor(2.5, requires_grad=True))
    assert b.tolist() == [2, 2, 2] and type(b.grad_fn).__name__ == "FillBackward3"
    b = torch.zeros(3, requires_grad=True) * 1
    v = torch.tensor(2., requires_grad=True)
    b.fill_(v)
    (gv,) = torch.autograd.grad(b.sum(), v, create_graph=True)
    assert gv.item() == 3.0
    b = torch.zeros(3, requires_grad=True) * 1
    assert type(b.fill_(torch.tensor(1.)).grad_fn).__name__ == "FillBackward3"
    assert type(b.fill_(1.).grad_fn).__name__ == "FillBackward2"


# --- scalar ** tensor -------------------------------------------------------------------------
@pytest.mark.parametrize("base,grad", [
    (0, ["0.0", "0.0", "0.0", "-inf", "-inf", "nan"]),
    (0.0, ["0.0", "0.0", "0.0", "-inf", "-inf", "nan"]),
    (1, ["0.0", "0.0", "0.0", "0.0", "0.0", "0.0"]),
    (-2, ["nan"] * 6),
    (INF, ["inf", "inf", "inf", "nan", "nan", "nan"]),
])
def test_scalar_base_power_gradient(base, grad):
    x = torch.tensor([0., 1., 2., -1., -0.5, float("nan")], requires_grad=True)
    y = base ** x
    assert type(y.grad_fn).__name__ == "PowBackward2"
    _quiet(y.sum().backward) if base != -2 else y.sum().backward()
    assert _bits(x.grad) == grad


def test_zero_base_power_double_backward_and_integer_bases():
    x = torch.tensor([0., 1., 2., -1., -0.5], requires_grad=True)
    (g,) = torch.autograd.grad((0 ** x).sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert _bits(g) == ["0.0", "0.0", "0.0", "-inf", "-inf"]
    assert _bits(h) == ["nan", "nan", "nan", "inf", "inf"]
    assert (300 ** torch.tensor([0, 1, 2], dtype=torch.uint8)).tolist() == [1, 44, 144]


# --- nll_loss / cross_entropy with ignored targets ---------------------------------------------
def test_cross_entropy_with_every_target_ignored():
    z = torch.tensor([[1., 2.], [0.5, 0.1]], requires_grad=True)
    loss = _quiet(lambda: torch.nn.CrossEntropyLoss()(z, torch.tensor([-100, -100])))
    _quiet(loss.backward)
    assert _bits(loss) == ["nan"] and _bits(z.grad) == ["0.0"] * 4
    z = torch.tensor([[1., 2.], [0.5, 0.1]], requires_grad=True)
    loss = torch.nn.CrossEntropyLoss(reduction="sum")(z, torch.tensor([-100, -100]))
    loss.backward()
    assert _bits(loss) == ["0.0"] and _bits(z.grad) == ["0.0"] * 4
    z = torch.tensor([1., 2.], requires_grad=True)
    loss = _quiet(lambda: torch.nn.functional.cross_entropy(z, torch.tensor(-100)))
    _quiet(loss.backward)
    assert _bits(loss) == ["nan"] and _bits(z.grad) == ["0.0", "0.0"]


def test_nll_loss_ignored_entries_are_positive_zero():
    z = torch.tensor([[1., 2.], [0.5, 0.1]], requires_grad=True)
    loss = torch.nn.functional.nll_loss(z, torch.tensor([-100, 1]), reduction="none")
    assert repr(loss) == "tensor([ 0.0000, -0.1000], grad_fn=<NllLossBackward0>)"
    loss.sum().backward()
    assert _bits(z.grad) == ["0.0", "0.0", "0.0", "-1.0"]
    z = torch.tensor([1., 2.], requires_grad=True)
    loss = torch.nn.functional.nll_loss(z, torch.tensor(-100), reduction="none")
    loss.backward()
    assert _bits(loss) == ["0.0"] and _bits(z.grad) == ["0.0", "0.0"]


def test_nll_loss_double_backward_is_recorded():
    z = torch.tensor([[1., 2.], [0.5, 0.1]], requires_grad=True)
    loss = torch.nn.functional.nll_loss(z, torch.tensor([-100, -100]))
    (g,) = _quiet(lambda: torch.autograd.grad(loss, z, create_graph=True))
    assert type(g.grad_fn).__name__ == "NllLossBackwardBackward0" and _bits(g) == ["0.0"] * 4
    z = torch.tensor([[1., 2.], [0.5, 0.1], [0.3, 0.3]], requires_grad=True)
    loss = torch.nn.functional.nll_loss(z, torch.tensor([0, 1, 1]))
    w = torch.tensor(0.7, requires_grad=True)
    (g,) = torch.autograd.grad(loss, z, w, create_graph=True)
    (h,) = torch.autograd.grad((g * torch.tensor([[1., 2.], [3., 4.], [5., 6.]])).sum(), w,
                               create_graph=True)
    assert _bits(g) == ["-0.23333333432674408", "0.0", "0.0", "-0.23333333432674408", "0.0",
                        "-0.23333333432674408"]
    assert _bits(h) == ["-3.6666667461395264"] and h.grad_fn is None
    (k,) = torch.autograd.grad(g.sum(), z)
    assert _bits(k) == ["0.0"] * 6


def test_backward_passes_leak_no_numpy_warnings():
    x = torch.tensor([float("inf"), 1.], requires_grad=True)
    _quiet(lambda: (x * x).sum().backward(torch.tensor(0.)))
    assert _bits(x.grad) == ["nan", "0.0"]


# --- Python ints meeting small integer dtypes -----------------------------------------------------
@pytest.mark.parametrize("expr,expected", [
    # a wrapped number is cast to the tensor's dtype as C casts: it wraps around
    (lambda: torch.tensor([1], dtype=torch.uint8) > -1, [False]),
    (lambda: torch.tensor([1], dtype=torch.uint8) == 257, [True]),
    (lambda: torch.tensor([1], dtype=torch.uint8).ne(257), [False]),
    (lambda: -1 < torch.tensor([1], dtype=torch.uint8), [False]),
    (lambda: torch.tensor([5], dtype=torch.int32) < 2 ** 40, [False]),
    (lambda: torch.tensor([5], dtype=torch.int32) == 5 + 2 ** 32, [True]),
    (lambda: torch.tensor([5], dtype=torch.uint8) == 2 ** 63 + 5, [True]),
    (lambda: 2 ** 63 > torch.tensor([5]), [False]),
    (lambda: torch.tensor([1], dtype=torch.uint8) != np.int64(257), [False]),
    # an integer tensor meets a float in float32
    (lambda: torch.tensor([16777217]) == 16777216.0, [True]),
    (lambda: torch.tensor([16777217]) > 16777216.5, [False]),
    (lambda: torch.tensor([0.1]) == 0.1, [True]),
    # arithmetic wraps the same way
    (lambda: torch.tensor([1], dtype=torch.uint8) + 300, [45]),
    (lambda: 300 - torch.tensor([1], dtype=torch.uint8), [43]),
    (lambda: torch.tensor([3], dtype=torch.int32) * 2 ** 40, [0]),
    (lambda: torch.tensor([5], dtype=torch.uint8) + 2 ** 63, [5]),
    (lambda: torch.tensor([3], dtype=torch.uint8).add(3, alpha=-1), [0]),
    (lambda: torch.tensor([3.]) % -0.5, [0.0]),
    (lambda: torch.tensor([-3.]) % 0.5, [-0.0]),
])
def test_python_ints_wrap_as_torch(expr, expected):
    got = expr().tolist()
    assert [repr(v) for v in got] == [repr(v) for v in expected]


@pytest.mark.parametrize("expr,cls,text", [
    (lambda: torch.tensor([5]) == 2 ** 64 + 5, OverflowError, "int too big to convert"),
    (lambda: torch.tensor([5.]) < 2 ** 200, OverflowError, "int too big to convert"),
    (lambda: torch.tensor([3.]) * 2 ** 64, OverflowError, "int too big to convert"),
    (lambda: torch.tensor([5]) + (-2 ** 63 - 1), OverflowError,
     "can't convert negative int to unsigned"),
    (lambda: torch.tensor([True]) + 2 ** 63, RuntimeError,
     "Promotion for uint16, uint32, uint64 types is not supported, attempted to promote Bool "
     "and UInt64"),
    # values stored into a tensor or used as parameters are checked (Scalar.to<T>())
    (lambda: torch.tensor([3], dtype=torch.uint8) ** 257, RuntimeError,
     "value cannot be converted to type uint8_t without overflow"),
    (lambda: torch.tensor([3], dtype=torch.uint8).clamp(-1, 300), RuntimeError,
     "value cannot be converted to type uint8_t without overflow"),
    (lambda: torch.tensor([3], dtype=torch.int32).clamp(1e300), RuntimeError,
     "value cannot be converted to type float without overflow"),
    (lambda: torch.where(torch.tensor([True]), torch.tensor([3], dtype=torch.uint8), 300),
     RuntimeError, "value cannot be converted to type uint8_t without overflow"),
    (lambda: torch.tensor([3], dtype=torch.uint8).add(3, alpha=300), RuntimeError,
     "value cannot be converted to type uint8_t without overflow"),
    (lambda: torch.tensor([3]).add(3, alpha=2.5), RuntimeError,
     "For integral input tensors, argument alpha must not be a floating point number."),
    (lambda: torch.tensor([3.]).add(3, alpha=True), RuntimeError,
     "Boolean alpha only supported for Boolean results."),
    (lambda: torch.tensor([3], dtype=torch.uint8).fill_(300), RuntimeError,
     "value cannot be converted to type uint8_t without overflow"),
    (lambda: torch.zeros(1).fill_(1e300), RuntimeError,
     "value cannot be converted to type float without overflow"),
    (lambda: torch.tensor([3], dtype=torch.uint8).fill_(-0.5), RuntimeError,
     "value cannot be converted to type uint8_t without overflow"),
    (lambda: torch.full((2,), 300, dtype=torch.uint8), RuntimeError,
     "value cannot be converted to type uint8_t without overflow"),
    (lambda: torch.full((2,), 2 ** 63), RuntimeError,
     "value cannot be converted to type int64_t without overflow"),
    (lambda: torch.tensor([3], dtype=torch.int32).__setitem__(0, 2 ** 40), RuntimeError,
     "value cannot be converted to type int without overflow"),
    (lambda: torch.tensor([3]).__setitem__(0, 2 ** 63), ValueError,
     "Overflow when unpacking long long"),
    (lambda: torch.tensor([True]) - 1, RuntimeError,
     "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
     "invert a mask, use the `~` or `logical_not()` operator instead."),
    (lambda: 1.5 - torch.tensor([True]), RuntimeError,
     "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
     "invert a mask, use the `~` or `logical_not()` operator instead."),
    (lambda: torch.tensor([1.]) - True, RuntimeError,
     "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
     "invert a mask, use the `~` or `logical_not()` operator instead."),
    (lambda: torch.tensor([True]) // True, NotImplementedError,
     "\"div_floor_cpu\" not implemented for 'Bool'"),
    (lambda: torch.tensor([True]) % torch.tensor([True]), NotImplementedError,
     "\"remainder_cpu\" not implemented for 'Bool'"),
    (lambda: torch.tensor([1, 2]) & 1.5, NotImplementedError,
     "\"bitwise_and_cpu\" not implemented for 'Float'"),
    (lambda: torch.tensor([True]).clamp(True), NotImplementedError,
     "\"clamp_min_scalar_cpu\" not implemented for 'Bool'"),
])
def test_python_numbers_torch_refuses(expr, cls, text):
    _raises(cls, text, expr)


def test_checked_values_that_torch_accepts():
    assert torch.full((2,), -1, dtype=torch.uint8).tolist() == [255, 255]
    x = torch.tensor([3], dtype=torch.uint8)
    x[0] = -1
    assert x.tolist() == [255]
    assert torch.tensor([3], dtype=torch.uint8).fill_(-255).tolist() == [1]
    assert torch.tensor([3], dtype=torch.uint8).clamp(-1).tolist() == [255]
    assert torch.tensor([3], dtype=torch.uint8).clamp(-0.5, 255.5).dtype == torch.float32
    assert torch.zeros(1).fill_(float("inf")).tolist() == [INF]
    assert torch.where(torch.tensor([False]), torch.tensor([1.]), 2 ** 63).tolist() == [2. ** 63]
    assert (torch.tensor([True]) ** True).tolist() == [True]
    assert torch.full_like(torch.zeros(1, dtype=torch.uint8), -2).tolist() == [254]


# --- making tensors: overflow, NumPy scalars, inference over lists ---------------------------------
@pytest.mark.parametrize("make,cls,text", [
    (lambda: torch.tensor([2 ** 63]), ValueError, "Overflow when unpacking long long"),
    (lambda: torch.tensor(2 ** 64), ValueError, "Overflow when unpacking long long"),
    (lambda: torch.tensor(-2 ** 63 - 1), ValueError, "Overflow when unpacking long long"),
    (lambda: torch.tensor([[1, 2], [3, 2 ** 63]]), ValueError, "Overflow when unpacking long long"),
    (lambda: torch.tensor([1, 2 ** 63], dtype=torch.int64), ValueError,
     "Overflow when unpacking long long"),
    (lambda: torch.tensor([1.5, 2 ** 2000]), OverflowError, "int too large to convert to float"),
    (lambda: torch.tensor([300, -1], dtype=torch.uint8), RuntimeError,
     "value cannot be converted to type uint8 without overflow"),
    (lambda: torch.tensor([-256], dtype=torch.uint8), RuntimeError,
     "value cannot be converted to type uint8 without overflow"),
    (lambda: torch.tensor([2 ** 40], dtype=torch.int32), RuntimeError,
     "value cannot be converted to type int32 without overflow"),
    (lambda: torch.tensor([-0.5], dtype=torch.uint8), RuntimeError,
     "value cannot be converted to type uint8 without overflow"),
    (lambda: torch.tensor([1e20], dtype=torch.int64), RuntimeError,
     "value cannot be converted to type int64 without overflow"),
    (lambda: torch.tensor([float("nan")], dtype=torch.int32), RuntimeError,
     "value cannot be converted to type int32 without overflow"),
    (lambda: torch.arange(2 ** 63), RuntimeError,
     "value cannot be converted to type int64_t without overflow"),
    (lambda: torch.arange(-2 ** 63 - 1, 0, 2 ** 62), OverflowError,
     "can't convert negative int to unsigned"),
])
def test_making_tensors_torch_refuses(make, cls, text):
    _raises(cls, text, make)


@pytest.mark.parametrize("make,dtype,values", [
    (lambda: torch.tensor([1.5, 2 ** 64]), torch.float32, [1.5, 1.8446744073709552e+19]),
    (lambda: torch.tensor([1, 2 ** 63], dtype=torch.float32), torch.float32,
     [1.0, 9.223372036854776e+18]),
    (lambda: torch.tensor([-1, -255, 255], dtype=torch.uint8), torch.uint8, [255, 1, 255]),
    (lambda: torch.tensor([1.7, -1.7], dtype=torch.int64), torch.int64, [1, -1]),
    (lambda: torch.tensor([1e300]), torch.float32, [INF]),
    (lambda: torch.tensor([True, 2.5]), torch.float32, [1.0, 2.5]),
    (lambda: torch.tensor(2), torch.int64, 2),        # int64 where NumPy's int is 32-bit too
    (lambda: torch.tensor(-3, requires_grad=False), torch.int64, -3),
    (lambda: torch.tensor(np.float64(2.5)), torch.float64, 2.5),
    (lambda: torch.tensor(np.int32(2)), torch.int32, 2),
    (lambda: torch.tensor(np.float32(2.5)), torch.float32, 2.5),
    (lambda: torch.tensor(np.bool_(True)), torch.bool, True),
    (lambda: torch.tensor(np.uint8(200)), torch.uint8, 200),
    (lambda: torch.tensor([np.float64(1.5), 2.0]), torch.float64, [1.5, 2.0]),
    (lambda: torch.tensor([[np.float64(1.5)], [2.0]]), torch.float64, [[1.5], [2.0]]),
    (lambda: torch.tensor([np.float32(1.5), 2]), torch.float32, [1.5, 2.0]),
    (lambda: torch.tensor([np.int32(1), 2]), torch.int64, [1, 2]),
    (lambda: torch.tensor([np.int32(1), np.uint8(2)]), torch.int32, [1, 2]),
    (lambda: torch.tensor([np.uint8(1), True]), torch.uint8, [1, 1]),
    (lambda: torch.tensor([np.uint8(1), -1]), torch.int64, [1, -1]),
    (lambda: torch.tensor([torch.tensor(1.5, dtype=torch.float64), 2.0]), torch.float64,
     [1.5, 2.0]),
    (lambda: torch.tensor([torch.tensor(1, dtype=torch.int32), torch.tensor(2, dtype=torch.int32)]),
     torch.int32, [1, 2]),
    (lambda: torch.tensor(np.float64(2.5), dtype=torch.float32), torch.float32, 2.5),
    (lambda: torch.as_tensor(np.float64(2.5)), torch.float64, 2.5),
    (lambda: torch.as_tensor([np.float64(2.5)]), torch.float64, [2.5]),
])
def test_making_tensors_infers_as_torch(make, dtype, values):
    t = _quiet(make)
    assert t.dtype == dtype and t.tolist() == values


# --- uint8 index tensors are masks ------------------------------------------------------------------
UINT8_WARNING = ("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
                 "instead.")


def _uint8_warnings(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn()
    texts = [str(w.message).split(" (Triggered internally")[0] for w in caught]
    assert set(texts) <= {UINT8_WARNING}, texts
    return out, len(texts)


def test_uint8_index_is_a_mask_with_torchs_warning():
    x = torch.tensor([1., 2., 3.])
    y, n = _uint8_warnings(lambda: x[torch.tensor([1, 0, 2], dtype=torch.uint8)])
    assert y.tolist() == [1., 3.] and n == 1
    y, n = _uint8_warnings(lambda: x[np.array([1, 0, 1], dtype=np.uint8)])
    assert y.tolist() == [1., 3.] and n == 1
    m = torch.tensor([1, 0], dtype=torch.uint8)
    x2 = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    y, n = _uint8_warnings(lambda: x2[m, m])
    assert y.tolist() == [1.] and n == 2
    _, n = _uint8_warnings(lambda: y.sum().backward())
    assert n == 2 and x2.grad.tolist() == [[1., 0.], [0., 0.]]      # torch warns again
    y, n = _uint8_warnings(lambda: x[torch.tensor(2, dtype=torch.uint8)])
    assert y.tolist() == [[1., 2., 3.]] and n == 0              # a 0-d one is True/False
    assert x[torch.tensor(0, dtype=torch.uint8)].shape == (0, 3)
    _raises(IndexError, "The shape of the mask [2] at index 0 does not match the shape of the "
            "indexed tensor [3] at index 0", lambda: _uint8_warnings(lambda: x[m]))


def test_uint8_mask_assignment():
    m = torch.tensor([1, 0], dtype=torch.uint8)
    text = "masked_fill_ only supports boolean masks, but got mask with dtype unsigned char"
    for value in (5., torch.tensor(5.), torch.tensor([5.])):
        _raises(RuntimeError, text, lambda: torch.zeros(2, 3).__setitem__(m, value))
    _raises(RuntimeError, text, lambda: torch.zeros(2, 3).__setitem__((0, torch.tensor(
        [1, 0, 1], dtype=torch.uint8)), 5.))
    z = torch.zeros(2, 3)
    _, n = _uint8_warnings(lambda: z.__setitem__(m, torch.tensor([5., 6., 7.])))
    assert z.tolist() == [[5., 6., 7.], [0., 0., 0.]] and n == 1
    z = torch.zeros(2, 3)
    _, n = _uint8_warnings(lambda: z.__setitem__((m, [0]), 5.))
    assert z.tolist() == [[5., 0., 0.], [0., 0., 0.]] and n == 1
    z = torch.zeros(3, requires_grad=True) * 1
    v = torch.tensor([5., 6.], requires_grad=True)
    _, n = _uint8_warnings(lambda: z.__setitem__(torch.tensor([1, 0, 1], dtype=torch.uint8), v))
    assert n == 1 and type(z.grad_fn).__name__ == "IndexPutBackward0"
    _, n = _uint8_warnings(lambda: z.sum().backward())
    assert n == 2 and v.grad.tolist() == [1., 1.]


# --- siblings found by the live suite -----------------------------------------------------------
def test_norm_double_backward_graph_is_torchs():
    x = torch.tensor([0., 0., 0.], requires_grad=True)
    (g,) = torch.autograd.grad(x.norm(), x, create_graph=True)
    names, fn = [], g.grad_fn
    while fn is not None:
        names.append(type(fn).__name__)
        nxt = [n for n, _ in fn.next_functions if n is not None]
        fn = nxt[0] if nxt else None
    assert names == ["MulBackward0", "MaskedFillBackward0", "DivBackward0", "AccumulateGrad"]
    x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    (g,) = torch.autograd.grad(x.norm(dim=1).sum(), x, create_graph=True)
    div = g.grad_fn.next_functions[1][0].next_functions[0][0]      # g * (x / norm).masked_fill
    assert [type(n).__name__ for n, _ in div.next_functions] == ["AccumulateGrad",
                                                                 "UnsqueezeBackward0"]


def test_numpy_warnings_do_not_leak_from_arithmetic_and_reductions():
    inf = float("inf")
    x = torch.tensor([inf, -inf, 1.])
    for fn in (lambda: x * 0, lambda: x - x,
               lambda: x.sum(), lambda: x.mean(), lambda: x.sum(0), lambda: x.mean(0),
               lambda: torch.tensor([1e38]) * 10, lambda: torch.tensor([1]) + 1e300,
               lambda: torch.tensor([1.]) == 1e300, lambda: torch.tensor([0, 0]) * 1e300,
               lambda: torch.tensor([0, 1]).add(2 ** 62, alpha=2), lambda: x.exp(),
               lambda: torch.tensor([1e20, 1.]).norm()):
        _quiet(fn)
    assert _bits(torch.tensor([0, 0], dtype=torch.uint8) * 1e300) == ["nan", "nan"]


def test_integer_tensors_with_a_history():
    b = torch.zeros(3, dtype=torch.int64)
    b.fill_(torch.tensor(2.5, requires_grad=True))     # torch records FillBackward3 on it...
    _raises(RuntimeError, "Autograd not support dtype: Long", lambda: b * 2)   # ...and then
    _raises(RuntimeError, "Autograd not support dtype: Long", lambda: b.sum())
    b = torch.zeros(3, dtype=torch.int64)
    b.copy_(torch.tensor([2.5, 1., 2.], requires_grad=True))   # copy_ into it records nothing
    assert b.grad_fn is None and (b + 1).tolist() == [3, 2, 3]


def test_tensor_of_a_tensor_and_index_conversions():
    with pytest.warns(UserWarning, match="To copy construct from a tensor, it is recommended to "
                      r"use sourceTensor.detach\(\).clone\(\)"):
        t = torch.tensor(torch.tensor(1.5, dtype=torch.float64), dtype=torch.int64)
    assert t.tolist() == 1
    _raises(TypeError, "only integer tensors of a single element can be converted to an index",
            lambda: torch.tensor([torch.tensor(1.5)], dtype=torch.bool))
    _raises(TypeError, "'numpy.float32' object cannot be interpreted as an integer",
            lambda: torch.tensor([np.float32(0.1)], dtype=torch.int64))
    _raises(TypeError, "'numpy.bool' object cannot be interpreted as an integer",
            lambda: torch.tensor([1, np.bool_(True)]))
    assert torch.tensor([np.bool_(True)], dtype=torch.float32).tolist() == [1.0]
    assert torch.tensor([2.5, np.int64(-3)], dtype=torch.uint8).tolist() == [2, 253]
    _raises(ValueError, "Overflow when unpacking long long",
            lambda: torch.tensor([2 ** 63, np.float32(0.1)], dtype=torch.int64))


def test_mask_shape_errors_and_zero_dim_masks_in_assignment():
    x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
    _raises(IndexError, "The shape of the mask [3] at index 0 does not match the shape of the "
            "indexed tensor [2, 3] at index 0", lambda: x[torch.tensor([True, False, True])])
    _raises(IndexError, "The shape of the mask [2] at index 0 does not match the shape of the "
            "indexed tensor [2, 3] at index 1",
            lambda: x[torch.tensor([True, False]), torch.tensor([True, False])])
    _raises(RuntimeError, "shape mismatch: value tensor of shape [3] cannot be broadcast to "
            "indexing result of shape [2, 1]",
            lambda: x.clone().__setitem__((slice(None), torch.tensor([False, False, True])),
                                          torch.tensor([5., 6., 7.])))
    w = torch.ones(2, 3, requires_grad=True)
    v = torch.tensor([7., 8., 9.], requires_grad=True)
    for idx in (torch.tensor(2, dtype=torch.uint8), torch.tensor(True)):
        z = w * 1
        z[idx] = v
        assert type(z.grad_fn).__name__ == "CopySlices"
        assert [type(n).__name__ for n, _ in z.grad_fn.next_functions] == ["MulBackward0",
                                                                           "AccumulateGrad"]
        z.sum().backward()
        assert v.grad.tolist() == [2., 2., 2.] and w.grad.tolist() == [[0.] * 3] * 2
        v.grad = w.grad = None


def test_nll_loss_of_a_1d_input_is_summed_from_zero():
    z = torch.tensor([0.0, 0.5, 0.5], requires_grad=True)
    loss = torch.nn.functional.nll_loss(z, torch.tensor(0), reduction="none")
    assert _bits(loss) == ["0.0"]
