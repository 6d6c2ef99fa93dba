"""Every entry of the op table (tests/golden/op_table.py) against torch 2.13, side by side.

For each entry and input dtype (float32, float64, int64, bool): the method and the function
give torch's values (bit for bit for ``exact`` entries, else within ``ulps`` units in the last
place of float32 / 2 of float64), dtype and grad_fn name, or torch's exception class and
message; the gradient and the second derivative follow torch's within rounding; the in-place
form (on a non-leaf) gives the same values and node as torch's.
"""
import zlib

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch 2.13 not installed: live tests need it")

import autograd_bn as bn  # noqa: E402
import op_table  # noqa: E402

DTYPES = ("float32", "float64", "int64", "bool")


def _values(entry, dtype):
    rng = np.random.default_rng(zlib.crc32(f"{entry.name}/{dtype}".encode()))
    x = op_table.inputs(entry, rng, (64,))
    if dtype == "int64":
        return np.round(x).astype(np.int64)
    if dtype == "bool":
        return x > 0
    return x.astype(dtype)


def _outcome(lib, entry, x, form):
    t = lib.tensor(x.tolist(), dtype=getattr(lib, str(x.dtype) if x.dtype != bool else "bool"))
    try:
        if form == "method":
            y = getattr(t, entry.fn)(**entry.kwargs)
        elif form == "function":
            y = getattr(lib, entry.fn)(t, **entry.kwargs)
        else:
            y = getattr(t.clone(), entry.fn + "_")(**entry.kwargs)
    except Exception as e:                    # noqa: BLE001  (the error is the outcome)
        return type(e).__name__, str(e)
    return "ok", str(y.dtype).replace("torch.", ""), np.array(y.tolist(), dtype=object)


def _close(a, b, dtype, ulps):
    a = np.asarray(a.tolist(), dtype=dtype)
    b = np.asarray(b.tolist(), dtype=dtype)
    if a.dtype.kind != "f" or ulps == 0:
        return np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a),
                                                                       np.signbit(b))
    spacing = np.abs(np.spacing(np.where(np.isfinite(b), b, 0).astype(dtype)))
    with np.errstate(invalid="ignore"):            # inf - inf
        ok = (a == b) | (np.isnan(a) & np.isnan(b)) | (np.abs(a - b) <= ulps * spacing)
    return bool(ok.all())


CASES = [(e, d, f) for e in op_table.TABLE for d in DTYPES
         for f in (("method", "function", "inplace") if e.inplace else ("method", "function"))]


@pytest.mark.parametrize("entry,dtype,form", CASES,
                         ids=[f"{e.name}-{d}-{f}" for e, d, f in CASES])
def test_values_match_torch(entry, dtype, form):
    x = _values(entry, dtype)
    ours, theirs = _outcome(bn, entry, x, form), _outcome(torch, entry, x, form)
    assert ours[0] == theirs[0], (ours, theirs)
    if theirs[0] != "ok":
        assert ours[1] == theirs[1]
        return
    assert ours[1] == theirs[1], "dtype"
    ulps = entry.ulps if theirs[1] == "float32" else min(entry.ulps, 1) * 2
    assert _close(ours[2], theirs[2], theirs[1], 0 if entry.exact else ulps), (x, ours, theirs)


def _graph(lib, entry, x, inplace):
    t = lib.tensor(x.tolist(), dtype=lib.float64, requires_grad=True)
    y = t * 1.0
    y = getattr(y, entry.fn + "_")(**entry.kwargs) if inplace else getattr(y, entry.fn)(
        **entry.kwargs)
    name = type(y.grad_fn).__name__
    (g,) = lib.autograd.grad((y * y).sum(), t, create_graph=entry.higher_order)
    gg = None
    if entry.higher_order and g.requires_grad:
        (gg,) = lib.autograd.grad(g.sum(), t)
        gg = (gg + 0).tolist()
    return name, y.tolist(), (g + 0).tolist(), gg      # (+ 0: torch's sgn gives a "zero tensor")


GRAPHS = [(e, False) for e in op_table.TABLE] + [(e, True) for e in op_table.TABLE if e.inplace]


@pytest.mark.parametrize("entry,inplace", GRAPHS,
                         ids=[e.name + ("_" if i else "") for e, i in GRAPHS])
def test_gradients_match_torch(entry, inplace):
    x = _values(entry, "float64")
    ours, theirs = _graph(bn, entry, x, inplace), _graph(torch, entry, x, inplace)
    assert ours[0] == theirs[0]
    np.testing.assert_allclose(ours[1], theirs[1], rtol=4e-16, atol=0)
    np.testing.assert_allclose(ours[2], theirs[2], rtol=1e-14, atol=1e-300)
    assert (ours[3] is None) == (theirs[3] is None)
    if ours[3] is not None:
        np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-13, atol=1e-300)


PLAIN = [e for e in op_table.TABLE if not e.kwargs and e.fn != "round"]


@pytest.mark.parametrize("entry", PLAIN, ids=[e.name for e in PLAIN])
def test_arguments_to_a_method_without_any_raise_torchs_error(entry):
    for call in ("{m}(1)", "{m}(1, 2)", "{m}(foo=1)", "{m}_(1)"):
        outcomes = []
        for lib in (bn, torch):
            x = lib.tensor([0.5, 1.5])
            try:
                eval("x." + call.format(m=entry.fn), {"x": x})
            except TypeError as e:
                outcomes.append(str(e))
        assert len(outcomes) == 2 and outcomes[0] == outcomes[1], (call, outcomes)
