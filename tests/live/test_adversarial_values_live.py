"""Live adversarial tests of issue 11's value classes: autograd_bn against torch 2.13.

Skipped when torch is absent.  Each test draws small programs with hypothesis over one class of
input that an adversarial run found wrong (norms of every order, clamp with tensor bounds and
ties, Python ints against small integer dtypes, scalar ** tensor, sign/sgn/abs at NaN and -0.,
nll_loss with ignored targets, fill_ with a tensor value, leaves that stop requiring grad,
making tensors from NumPy scalars and huge ints, uint8 masks, values checked on the way into a
tensor) and runs them with both libraries through tests/golden/engine_programs.py: values and
gradients (bit for bit unless a test says why not), grad_fn names and graphs, printed text,
UserWarnings and errors must agree.  Our run must not leak NumPy RuntimeWarnings either.
"""
import os
import warnings

import pytest

torch = pytest.importorskip("torch", reason="torch 2.13 not installed: live differential tests "
                                            "need it")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import autograd_bn  # noqa: E402
import engine_programs as P  # noqa: E402

SETTINGS = settings(max_examples=int(os.environ.get("AGBN_FUZZ", 120)), deadline=None,
                    derandomize=not os.environ.get("AGBN_FUZZ"), print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

INF, NAN = float("inf"), float("nan")


def _check(src, approx=False):
    theirs = P.run(torch, src)
    ours = P.run(autograd_bn, src)
    diffs = P.compare(ours, theirs, approx=approx)
    with warnings.catch_warnings(record=True) as caught:     # P.run keeps only UserWarnings
        warnings.simplefilter("always")
        try:
            exec(compile(src, "<program>", "exec"), {"torch": autograd_bn, "np": P.np})
        except Exception:  # noqa: BLE001  (the error was compared above)
            pass
    leaks = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    if leaks:
        diffs.append(f"NumPy warnings leaked: {leaks}")
    assert not diffs, P.describe(diffs, src)


def _values(draw, n, pool):
    return draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))


SHAPES = [(3,), (2, 3), (1, 3), (2, 1), (4,), ()]


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _literal(vals, shape):
    import numpy as np
    return repr(np.array(vals, dtype=float).reshape(shape).tolist()).replace("nan", "float('nan')") \
        .replace("inf", "float('inf')")


# --- norms ------------------------------------------------------------------------------------
NORM_P = ["float('inf')", "float('-inf')", "0", "1", "2", "0.5", "-1", "3", "1.5", "-0.5", "'fro'"]
NORM_VALUES = [0.0, 0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 3.0, -3.0]


@SETTINGS
@given(st.data())
def test_norms(data):
    """Every order p, with zeros and ties (the non-differentiable points torch has rules for),
    over all elements or a dim; first and second derivatives.  Tolerance: approximate for p
    other than inf/-inf/0/1 (sums of |x|^p and the 1/p power round differently from torch's
    float32 kernel in the last bits)."""
    shape = data.draw(st.sampled_from([(3,), (2, 3), (3, 2), ()]))
    vals = _values(data.draw, _numel(shape), NORM_VALUES + ([NAN] if data.draw(
        st.integers(0, 5)) == 0 else []))
    p = data.draw(st.sampled_from(NORM_P))
    dim = data.draw(st.sampled_from([None, 0, -1])) if shape else None
    keep = data.draw(st.booleans())
    dt = data.draw(st.sampled_from(["float32", "float64"]))
    call = f"x.norm({p})" if dim is None else f"x.norm({p}, dim={dim}, keepdim={keep})"
    lines = [f"x = torch.tensor({_literal(vals, shape)}, dtype=torch.{dt}, requires_grad=True)",
             f"y = {call}"]
    if data.draw(st.booleans()):
        lines.append("y.sum().backward()")
    else:
        lines += ["(g,) = torch.autograd.grad(y.sum(), x, create_graph=True, allow_unused=True)",
                  "h = torch.autograd.grad(g.sum(), x, allow_unused=True)[0] "
                  "if g is not None and g.requires_grad else None"]
    exact = p in ("float('inf')", "float('-inf')", "0", "1")
    _check("\n".join(lines) + "\n", approx=not exact)


def test_norm_of_empty_tensors():
    for p in NORM_P:
        for call in ("torch.zeros(0, 2).norm({p})", "torch.zeros(2, 0).norm({p}, dim=-1)",
                     "torch.zeros(0, 2).norm({p}, dim=1)"):
            _check("y = " + call.format(p=p) + "\n")


# --- clamp with tensor bounds ------------------------------------------------------------------
CLAMP_VALUES = [0.0, 1.0, 2.0, 3.0]          # few values: ties between x and its bounds are common


@SETTINGS
@given(st.data())
def test_clamp_tensor_bounds(data):
    """x.clamp(lo, hi) with either bound a tensor (or None), broadcasting, ties, lo > hi, NaN;
    in place too.  Exact: clamp selects values, its gradients are 0/1 masks of g."""
    xs = data.draw(st.sampled_from([(3,), (2, 3)]))
    pool = CLAMP_VALUES + ([NAN] if data.draw(st.integers(0, 6)) == 0 else [])
    lines = [f"x = torch.tensor({_literal(_values(data.draw, _numel(xs), pool), xs)}, "
             "requires_grad=True)"]
    args = []
    for name in ("lo", "hi"):
        kind = data.draw(st.sampled_from(["tensor", "tensor", "none", "number", "const"]))
        if kind == "none":
            args.append("None")
            continue
        if kind == "number":
            args.append(repr(data.draw(st.sampled_from(CLAMP_VALUES))))
            continue
        bs = data.draw(st.sampled_from([xs, xs[-1:], (1,), ()]))
        grad = ", requires_grad=True" if kind == "tensor" else ""
        lines.append(f"{name} = torch.tensor("
                     f"{_literal(_values(data.draw, _numel(bs), CLAMP_VALUES), bs)}{grad})")
        args.append(name)
    form = data.draw(st.sampled_from(["method", "keywords", "function", "inplace"]))
    if form == "method":
        lines.append(f"y = x.clamp({args[0]}, {args[1]})")
    elif form == "keywords":
        lines.append(f"y = x.clip(min={args[0]}, max={args[1]})")
    elif form == "function":
        lines.append(f"y = torch.clamp(x, {args[0]}, {args[1]})")
    else:
        lines.append(f"y = x * 1\ny.clamp_({args[0]}, {args[1]})")
    lines.append("y.sum().backward()")
    _check("\n".join(lines) + "\n")


# --- Python ints against small integer dtypes ----------------------------------------------------
INTS = [0, 1, -1, 3, 127, 255, 256, 257, 300, -255, -256, -300, 2 ** 31 - 1, 2 ** 31, -2 ** 31,
        2 ** 32 + 5, 2 ** 40, 2 ** 62, 2 ** 63 - 1, 2 ** 63, 2 ** 63 + 5, 2 ** 64 - 1, 2 ** 64,
        -2 ** 63, -2 ** 63 - 1, 16777217]
OPS = ["a == {v}", "a != {v}", "a < {v}", "a <= {v}", "a > {v}", "a >= {v}", "{v} < a", "{v} == a",
       "a + {v}", "a - {v}", "{v} - a", "a * {v}", "a // {v}", "a % {v}", "a & {v}", "a | {v}",
       "a ^ {v}", "{v} + a", "a.eq({v})", "torch.lt(a, {v})", "a.add({v}, alpha=2)"]


@SETTINGS
@given(st.sampled_from(["uint8", "int32", "int64", "bool", "float32", "float64"]),
       st.lists(st.sampled_from([0, 1, 2, 5, 200, 255]), min_size=3, max_size=3),
       st.sampled_from(OPS), st.sampled_from(INTS + [2.5, -0.5, 16777216.0, 1e300]))
def test_python_numbers_meet_integer_tensors(dtype, vals, op, v):
    """Comparisons and arithmetic wrap a Python int to the tensor's dtype as C casts; ints past
    64 bits raise the parser's errors.  Exact (integers, or one rounding to float)."""
    if dtype == "bool":
        vals = [bool(x) for x in vals]
    _check(f"a = torch.tensor({vals!r}, dtype=torch.{dtype})\ny = {op.format(v=repr(v))}\n")


CHECKED = ["t.fill_({v})", "torch.full((2,), {v}, dtype=t.dtype)", "torch.full_like(t, {v})",
           "t.clamp({v})", "t.clamp(max={v})", "torch.where(t > 1, t, {v})", "t ** {v}",
           "t.add(t, alpha={v})", "t[0] = {v}", "t[:] = {v}", "t[t > 1] = {v}",
           "torch.tensor([{v}], dtype=t.dtype)"]


@SETTINGS
@given(st.sampled_from(["uint8", "int32", "int64", "bool", "float32", "float64"]),
       st.sampled_from(CHECKED),
       st.sampled_from(INTS + [-0.5, 255.5, 256.0, -1.5, 1e300, "float('inf')", "float('nan')",
                               True, 2.5]))
def test_values_checked_on_the_way_in(dtype, form, v):
    """Values stored into a tensor or used as parameters go through torch's checked
    Scalar.to<T>().  Exact."""
    src = (f"t = torch.tensor([3, 1, 2], dtype=torch.{dtype})\n" if dtype != "bool" else
           "t = torch.tensor([True, False, True])\n")
    _check(src + ("" if form.startswith("t[") else "y = ") + form.format(v=v) + "\n")


# --- scalar ** tensor and pow at 0 ----------------------------------------------------------------
@SETTINGS
@given(st.sampled_from(["0", "0.0", "1", "-2", "2.5", "float('inf')", "float('-inf')",
                        "float('nan')", "-0.5", "2"]),
       st.lists(st.sampled_from([0.0, -0.0, 1.0, 2.0, -1.0, -0.5, 0.5, INF, NAN]), min_size=4,
                max_size=4),
       st.booleans())
def test_scalar_base_power(base, exps, second):
    """base ** x, its gradient and (second) its gradient's gradient.  Tolerance: approximate
    (pow and log of the base round in libm, as in torch, but the float32 paths may differ in
    the last bit)."""
    lines = [f"x = torch.tensor({_literal(exps, (4,))}, requires_grad=True)", f"y = {base} ** x"]
    if second:
        lines += ["(g,) = torch.autograd.grad(y.sum(), x, create_graph=True)",
                  "(h,) = torch.autograd.grad(g.sum(), x)"]
    else:
        lines.append("y.sum().backward()")
    _check("\n".join(lines) + "\n", approx=True)


# --- sign, sgn, abs ----------------------------------------------------------------------------
@SETTINGS
@given(st.lists(st.sampled_from([0.0, -0.0, 1.5, -2.0, INF, -INF, NAN]), min_size=4, max_size=4),
       st.sampled_from(["sign", "sgn", "abs"]), st.booleans(),
       st.sampled_from(["float32", "float64", "int32", "uint8", "bool"]))
def test_sign_sgn_abs(vals, fn, second, dtype):
    """Exact: each is a selection of -1/0/1 or |x|, and its gradient g * sgn(x) or 0."""
    if dtype in ("int32", "uint8", "bool"):
        ints = [abs(int(v)) if v == v and abs(v) != INF else 1 for v in vals]
        data = [bool(i) for i in ints] if dtype == "bool" else ints
        _check(f"x = torch.tensor({data!r}, dtype=torch.{dtype})\ny = x.{fn}()\n")
        return
    lines = [f"x = torch.tensor({_literal(vals, (4,))}, dtype=torch.{dtype}, requires_grad=True)",
             f"y = x.{fn}()"]
    if second:
        lines += ["(g,) = torch.autograd.grad((y * y).sum(), x, create_graph=True)",
                  "h = torch.autograd.grad(g.sum(), x, allow_unused=True)[0] "
                  "if g.requires_grad else None"]
    else:
        lines.append("y.sum().backward()")
    _check("\n".join(lines) + "\n")


# --- nll_loss / cross_entropy with ignored targets ------------------------------------------------
@SETTINGS
@given(st.integers(1, 4), st.data())
def test_nll_and_cross_entropy_with_ignored_targets(n, data):
    """Targets drawn with ignore_index often, all ignored now and then; every reduction;
    gradients, and double backward of nll_loss (cross_entropy's goes through log_softmax's
    double backward, whose torch node LogSoftmaxBackwardDataBackward0 autograd_bn does not
    have: a graph difference outside this issue).  Tolerance: approximate for cross_entropy
    (log_softmax's exp and log); nll_loss alone is exact."""
    targets = data.draw(st.lists(st.sampled_from([0, 1, 2, -100, -100]), min_size=n,
                                 max_size=n))
    logits = _values(data.draw, n * 3, [0.5, -1.0, 2.0, 0.0, -0.25, 3.0])
    fn = data.draw(st.sampled_from(["nll_loss", "cross_entropy"]))
    red = data.draw(st.sampled_from(["mean", "sum", "none"]))
    one_d = n == 1 and data.draw(st.booleans())
    z = _literal(logits[:3], (3,)) if one_d else _literal(logits, (n, 3))
    t = repr(targets[0]) if one_d else repr(targets)
    lines = [f"z = torch.tensor({z}, requires_grad=True)",
             f"loss = torch.nn.functional.{fn}(z, torch.tensor({t}), reduction={red!r})",
             "w = torch.ones_like(loss) * 0.75"]
    if fn == "cross_entropy" or data.draw(st.booleans()):
        lines.append("loss.backward(w)")
    else:
        lines += ["(g,) = torch.autograd.grad(loss, z, w, create_graph=True)",
                  "h = torch.autograd.grad((g * g).sum(), z, allow_unused=True)[0] "
                  "if g.requires_grad else None"]
    lines.append("print(loss)")
    _check("\n".join(lines) + "\n", approx=fn == "cross_entropy")


# --- fill_ with a tensor value; leaves that stop requiring grad ------------------------------------
@SETTINGS
@given(st.sampled_from(["float32", "float64"]), st.sampled_from(["float32", "float64", "int64"]),
       st.booleans(), st.booleans(), st.sampled_from([(3,), (2, 3), ()]))
def test_fill_with_a_tensor_value(vdtype, bdtype, b_grad, v_leaf, shape):
    """Exact: fill_ copies one value; the value's gradient is the sum of g."""
    grad = ", requires_grad=True" if b_grad and bdtype != "int64" else ""
    lines = [f"b = torch.zeros({shape!r}, dtype=torch.{bdtype}{grad})" + (" * 1" if grad else ""),
             f"v = torch.tensor(2.5, dtype=torch.{vdtype}, requires_grad=True)"
             + ("" if v_leaf else " * 1"),
             "b.fill_(v)", "out = (b * 2).sum() if b.requires_grad else None",
             "out.backward() if out is not None else None"]
    _check("\n".join(lines) + "\n")


@SETTINGS
@given(st.sampled_from(["a.requires_grad_(False)", "a.requires_grad = False", "a.detach_()",
                        "a.requires_grad_(False); a.requires_grad_(True)", "pass"]),
       st.sampled_from(["backward", "twice", "inputs", "grad", "create_graph", "hook"]))
def test_leaves_that_stop_requiring_grad(change, how):
    """Exact: whether the leaf's .grad is set, and torch's errors."""
    lines = ["a = torch.tensor([1., 2.], requires_grad=True)",
             "c = torch.tensor([3., 4.], requires_grad=True)"]
    if how == "hook":
        lines.append("seen = []\nhandle = a.register_hook(lambda g: seen.append(g.sum().item()))")
    lines += ["b = a * c", change]
    lines.append({"backward": "(b * c).sum().backward()",
                  "twice": "b.sum().backward(retain_graph=True)\nb.sum().backward()",
                  "inputs": "b.sum().backward(inputs=[a, c])",
                  "grad": "(ga,) = torch.autograd.grad(b.sum(), a)",
                  # (torch and autograd_bn say the reference-cycle warning once per process)
                  "create_graph": "import warnings\nwith warnings.catch_warnings():\n"
                                  "    warnings.simplefilter('ignore')\n"
                                  "    b.sum().backward(create_graph=True)",
                  "hook": "b.sum().backward()\nn_seen = len(seen)"}[how])
    _check("\n".join(lines) + "\n")


# --- making tensors -------------------------------------------------------------------------------
LEAVES = ["1", "2.5", "True", "-1", "300", "2 ** 63", "2 ** 64", "-2 ** 63 - 1", "2 ** 62",
          "np.float64(1.5)", "np.float32(0.1)", "np.int32(7)", "np.int64(-3)", "np.uint8(200)",
          "np.bool_(True)", "torch.tensor(1.5, dtype=torch.float64)",
          "torch.tensor(3, dtype=torch.int32)", "1e300", "-0.5", "float('nan')"]


@SETTINGS
@given(st.lists(st.sampled_from(LEAVES), min_size=1, max_size=3), st.booleans(),
       st.sampled_from([None, "float32", "float64", "int64", "int32", "uint8", "bool"]))
def test_making_tensors(leaves, nested, dtype):
    """torch.tensor of NumPy scalars, Python numbers and 0-d tensors, flat or nested, with or
    without a dtype: the inferred dtype, values, and torch's errors.  Exact."""
    data = (f"[[{leaves[0]}], [{', '.join(leaves[1:2]) or leaves[0]}]]" if nested
            else f"[{', '.join(leaves)}]")
    arg = "" if dtype is None else f", dtype=torch.{dtype}"
    _check(f"t = torch.tensor({data}{arg})\ns = torch.tensor({leaves[0]}{arg})\n")


# --- uint8 masks -------------------------------------------------------------------------------
@SETTINGS
@given(st.data())
def test_uint8_masks(data):
    """Indexing and assigning through uint8 index tensors (masks, with torch's warning) mixed
    with slices, ints and lists; gradients.  Exact."""
    m0 = data.draw(st.lists(st.sampled_from([0, 1, 2]), min_size=2, max_size=2))
    m1 = data.draw(st.lists(st.sampled_from([0, 1]), min_size=3, max_size=3))
    index = data.draw(st.sampled_from(["m0", "m1", "(m0,)", "(slice(None), m1)", "(m0, m0)",
                                       "(0, m1)", "(m0, [0])", "torch.tensor(2, dtype=torch.uint8)",
                                       "np.array(%r, dtype=np.uint8)" % m0, "(m0, m1[:2])"]))
    lines = ["x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)",
             f"m0 = torch.tensor({m0!r}, dtype=torch.uint8)",
             f"m1 = torch.tensor({m1!r}, dtype=torch.uint8)"]
    if data.draw(st.booleans()):
        lines += [f"y = x[{index}]", "y.sum().backward()"]
    else:
        value = data.draw(st.sampled_from(["5.", "torch.tensor(5.)", "torch.tensor([5.])",
                                           "torch.tensor([5., 6., 7.])",
                                           "v"]))
        lines += ["v = torch.tensor([7., 8., 9.], requires_grad=True)",
                  "z = x * 1", f"z[{index}] = {value}", "z.sum().backward()"]
    _check("\n".join(lines) + "\n")
