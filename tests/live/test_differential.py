"""Live differential tests: autograd_bn against torch 2.13 on hypothesis-generated programs.

Skipped only when torch is absent.  Hypothesis writes small programs over the op set: leaves of
assorted shapes (broadcasting, and now and then incompatible shapes), float32/float64 and int
tensors, values that are small integers and halves; a chain of ops drawn from arithmetic,
elementwise functions, reductions, matrix products, views and indexing; then a backward pass
(or an external gradient).  Both libraries run the same source (tests/golden/engine_programs.py)
and must agree on forward values, every leaf's grad, grad_fn names and the graph structure,
dtypes, printed text, warnings, and error class and message.

Programs that use only + - * @, shapes and indexing on small integers are compared bit for
bit while their arithmetic is exact (checked: torch's float64 run of the same program gives
the same values; chains like x.pow(3).pow(3) leave float32's 24 bits, and then torch's
products and sums round in its own order: such a program is compared like one that divides);
programs using division or transcendental functions are compared within the rounding budget
of engine_programs.compare (2 sides x 32 roundings x u, relative to the tensor's scale).
"""
import pytest

torch = pytest.importorskip("torch", reason="torch 2.13 not installed: live differential tests "
                                            "need it")

import numpy as np  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import autograd_bn  # noqa: E402
import engine_programs as P  # noqa: E402
import op_table  # noqa: E402

SETTINGS = settings(max_examples=int(__import__("os").environ.get("AGBN_FUZZ", 250)), deadline=None, derandomize=not __import__("os").environ.get("AGBN_FUZZ"), print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SHAPES = [(), (3,), (2,), (2, 3), (2, 1), (1, 3), (3, 3), (3, 2), (2, 2, 3), (1, 2, 3)]
VALUES = [-3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0]

def _fuzz_ops():
    """{arity: {exact?: {name: template}}} from the op table: every sample marked ``fuzz``,
    its inputs first mapped into the entry's domain (``fit``), so any tensor may come in."""
    ops = {1: {True: {}, False: {}}, 2: {True: {}, False: {}}}
    for entry, k, sample in op_table.SAMPLES:
        if sample.fuzz and sample.arity in ops:
            names = [f"{{{i}}}" for i in range(sample.arity)]
            ops[sample.arity][entry.exact][entry.sample_id(k)] = entry.fitted_sample(sample,
                                                                                    *names)
    return ops


FUZZ = _fuzz_ops()
UNARY_EXACT, UNARY_APPROX = FUZZ[1][True], FUZZ[1][False]
BINARY_EXACT, BINARY_APPROX = FUZZ[2][True], FUZZ[2][False]
# forms that are not an op of the table: detach (no graph) and a two-op chain
UNARY_EXACT.update({"detach": "{0}.detach()", "abs_sum": "{0}.abs().sum(dim=-1)"})


def _inplace_forms():
    """Statements changing a tensor in place: the in-place form of every entry that has one
    (elementwise: ``x.exp_()``; others: their first method sample, ``x.add_(y)``), and
    x[0] = 7.0 and x += y, which no call expression can write."""
    forms = {"setitem": "{0}[0] = 7.0", "iadd": "{0} += {1}"}
    for entry in op_table.TABLE:
        if not entry.inplace:
            continue
        method = "{0}." + entry.fn + "("
        for sample in entry.all_samples():     # (elementwise: the call itself)
            if sample.fuzz and sample.arity <= 2 and sample.call.startswith(method):
                forms[entry.name + "_"] = sample.call.replace(method, "{0}." + entry.fn + "_(",
                                                              1)
                break
    return forms


INPLACE = _inplace_forms()   # applied to a non-leaf result: exercises versions and CopySlices


@st.composite
def programs(draw):
    lines, names, approx = [], [], False
    n_leaves = draw(st.integers(1, 3))
    dtype = draw(st.sampled_from(["float32", "float32", "float64"]))
    for i in range(n_leaves):
        shape = draw(st.sampled_from(SHAPES))
        n = 1
        for s in shape:
            n *= s
        vals = draw(st.lists(st.sampled_from(VALUES), min_size=n, max_size=n))
        import numpy as np
        data = np.array(vals, dtype=float).reshape(shape).tolist()
        kind = draw(st.integers(0, 9))
        if kind == 0:               # an integer tensor that takes part without grad
            data = np.array(vals, dtype=np.int64).reshape(shape).tolist()
            lines.append(f"x{i} = torch.tensor({data!r})")
        elif kind == 1:             # a float constant that needs no grad
            lines.append(f"x{i} = torch.tensor({data!r}, dtype=torch.{dtype})")
        else:
            lines.append(f"x{i} = torch.tensor({data!r}, dtype=torch.{dtype}, "
                         f"requires_grad=True)")
        names.append(f"x{i}")
    pool = list(names)
    for k in range(draw(st.integers(1, 6))):
        family = draw(st.sampled_from(["ue", "ue", "ue", "ua", "be", "be", "ba", "ip"]))
        a = draw(st.sampled_from(pool))
        b = draw(st.sampled_from(pool))
        if family == "ue":
            expr = draw(st.sampled_from(sorted(UNARY_EXACT.items())))[1].format(a)
        elif family == "ua":
            expr = draw(st.sampled_from(sorted(UNARY_APPROX.items())))[1].format(a)
            approx = True
        elif family == "be":
            expr = draw(st.sampled_from(sorted(BINARY_EXACT.items())))[1].format(a, b)
        elif family == "ba":
            expr = draw(st.sampled_from(sorted(BINARY_APPROX.items())))[1].format(a, b)
            approx = True
        else:
            target = draw(st.sampled_from(pool))
            if target in names:      # leaves: the error is part of the behaviour too
                pass
            lines.append(draw(st.sampled_from(sorted(INPLACE.items())))[1].format(target, a))
            continue
        lines.append(f"h{k} = {expr}")
        pool.append(f"h{k}")
    last = pool[-1]
    how = draw(st.sampled_from(["sum", "sum", "mean", "grad_arg", "autograd_grad"]))
    if how == "sum":
        lines.append(f"{last}.sum().backward()")
    elif how == "mean":
        lines.append(f"{last}.double().mean().backward()")
    elif how == "grad_arg":
        lines.append(f"{last}.backward(torch.ones_like({last}) * 0.5)")
    else:
        lines.append(f"grads = torch.autograd.grad({last}.sum(), [{', '.join(names)}], "
                     "allow_unused=True)")
        lines.append("g_none = [g is None for g in grads]")
        lines.append("g_vals = [g.tolist() if g is not None else None for g in grads]")
    lines.append(f"print({last})")
    return "\n".join(lines) + "\n", approx


def _arithmetic_exact(src, theirs):
    """Whether torch's run of a program did not round: the same program in float64 gives the
    same values (float64 has 29 more bits; a program that fails there too is not exact)."""
    wide = P.run(torch, src.replace("torch.float32", "torch.float64")
                 .replace(".float()", ".double()"))
    if wide["error"] != theirs["error"] or sorted(wide["tensors"]) != sorted(theirs["tensors"]):
        return True                     # no float64 twin to ask: keep the strict comparison
    for name, t in theirs["tensors"].items():
        for key in ("value", "grad"):
            e, w = t[key], wide["tensors"][name][key]
            if e is None or w is None or e["dtype"] not in ("float32", "float64"):
                continue
            a, b = P.decode(e).astype(np.float64), P.decode(w).astype(np.float64)
            if a.shape != b.shape or not np.array_equal(a, b, equal_nan=True):
                return False
    return True


def _check(src, approx):
    theirs = P.run(torch, src)
    ours = P.run(autograd_bn, src)
    if not approx and not _arithmetic_exact(src, theirs):
        approx = True
    diffs = P.compare(ours, theirs, approx=approx)
    assert not diffs, P.describe(diffs, src)


@SETTINGS
@given(programs())
def test_random_programs_match_torch(prog):
    src, approx = prog
    _check(src, approx)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(st.sampled_from(SHAPES), st.sampled_from(SHAPES),
       st.sampled_from(["+", "-", "*", "@"]))
def test_broadcasting_and_shape_errors(shape_a, shape_b, op):
    """Every pair of shapes under each binary op: same result shape, grads or error."""
    src = (f"a = torch.ones({shape_a!r}, requires_grad=True) * 2\n"
           f"b = torch.ones({shape_b!r}) * 3\n"
           f"b.requires_grad_()\n"
           f"c = a {op} b\n"
           f"c.sum().backward()\n")
    _check(src, False)


def test_torch_oracle_fixture(torch_oracle):
    assert torch_oracle.__version__.startswith("2.13")
