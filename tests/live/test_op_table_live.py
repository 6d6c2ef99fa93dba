"""Every entry of the op table (tests/golden/op_table) against torch 2.13, side by side.

Elementwise entries, for each input dtype (float32, float64, int64, bool): the method and the
function give torch's values (bit for bit for ``exact`` entries, else within ``ulps`` units in
the last place of float32 / 2 of float64), dtype and grad_fn name, or torch's exception class
and message; the gradient and the second derivative follow torch's within rounding; the
in-place form (on a non-leaf) gives the same values and node as torch's.  The other entries:
every sample in each of the entry's dtypes the same way (``relative_to="tensor"``: the ulps
of the tensor's largest value), and in float64 its node, gradients and second derivatives;
aliases and in-place forms as the op.
"""
import zlib

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch 2.13 not installed: live tests need it")

import autograd_bn as bn  # noqa: E402
import op_table  # noqa: E402
from op_cases import sample_function  # noqa: E402
from test_op_table import ALIASES, _alias_source  # noqa: E402

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


def _close(a, b, dtype, ulps, relative_to="element"):
    a = np.asarray(a.tolist(), dtype=dtype)
    b = np.asarray(b.tolist(), dtype=dtype)
    if a.dtype.kind != "f" or ulps == 0:
        return np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a),
                                                                       np.signbit(b))
    finite = np.where(np.isfinite(b), b, 0).astype(dtype)
    if relative_to == "tensor":      # the largest value, at least 1 (see _assert_graphs_agree)
        finite = np.full_like(finite, max(np.abs(finite).max(initial=0), 1))
    spacing = np.abs(np.spacing(finite))
    with np.errstate(invalid="ignore"):            # inf - inf
        ok = (a == b) | (np.isnan(a) & np.isnan(b)) | (np.abs(a - b) <= ulps * spacing)
    return bool(ok.all())


ELEMENTWISE = [e for e in op_table.TABLE if e.elementwise]
CASES = [(e, d, f) for e in ELEMENTWISE for d in DTYPES
         for f in (("method", "function", "inplace") if e.inplace else ("method", "function"))]


def _same_outcome(entry, ours, theirs, inputs, *relative_to):
    """(status, dtype or error, values) of both libraries agree: the same error, or the same
    dtype and values within the entry's ulps (float64: at most 2)."""
    assert ours[0] == theirs[0], (ours, theirs)
    if theirs[0] != "ok":
        assert ours[1] == theirs[1]
        return
    assert ours[1] == theirs[1], "dtype"
    ulps = entry.ulps if theirs[1] == "float32" else min(entry.ulps, 1) * 2
    assert _close(ours[2], theirs[2], theirs[1], 0 if entry.exact else ulps, *relative_to), \
        (inputs, ours, theirs)


@pytest.mark.parametrize("entry,dtype,form", CASES,
                         ids=[f"{e.name}-{d}-{f}" for e, d, f in CASES])
def test_values_match_torch(entry, dtype, form):
    x = _values(entry, dtype)
    _same_outcome(entry, _outcome(bn, entry, x, form), _outcome(torch, entry, x, form), x)


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


GRAPHS = [(e, False) for e in ELEMENTWISE] + [(e, True) for e in ELEMENTWISE if e.inplace]


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


PLAIN = [e for e in ELEMENTWISE if not e.kwargs and e.fn != "round"]


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


# --- the other entries: every sample -----------------------------------------------------------
SAMPLES = [(e, k, s) for e, k, s in op_table.SAMPLES if not e.elementwise]
VALUE_CASES = [(e, k, s, d) for e, k, s in SAMPLES for d in e.dtypes]


def _sample_outcome(lib, sample, arrays, dtype, source=None):
    fn = sample_function(sample, lib, source)
    dt = getattr(lib, dtype)
    xs = [lib.tensor((np.round(a) if dtype == "int64" else a).tolist(), dtype=dt)
          for a in arrays]
    try:
        y = fn(*xs)
    except Exception as e:                    # noqa: BLE001  (the error is the outcome)
        return type(e).__name__, str(e)
    return "ok", str(y.dtype).replace("torch.", ""), np.array(y.tolist(), dtype=object)


@pytest.mark.parametrize("entry,k,sample,dtype", VALUE_CASES,
                         ids=[f"{e.sample_id(k)}-{d}" for e, k, _s, d in VALUE_CASES])
def test_sample_values_match_torch(entry, k, sample, dtype):
    arrays = op_table.sample_inputs(entry, k)
    _same_outcome(entry, _sample_outcome(bn, sample, arrays, dtype),
                  _sample_outcome(torch, sample, arrays, dtype), arrays, entry.relative_to)


def _sample_graph(lib, entry, sample, arrays, source=None):
    xs = [lib.tensor(a.tolist(), dtype=lib.float64, requires_grad=True) for a in arrays]
    y = sample_function(sample, lib, source)(*xs)
    name = type(y.grad_fn).__name__
    # weights exact in binary (torch's linspace rounds its float64 steps with a fused
    # multiply-add, autograd_bn's does not: they differ in the last bit now and then)
    w = (lib.arange(y.numel(), dtype=lib.float64) * 0.25 - 1.0).reshape(y.shape)
    higher = entry.higher_order and sample.eps is not None
    gs = lib.autograd.grad((y * w).sum(), xs, create_graph=higher, allow_unused=True)
    ggs = None
    if higher and any(g is not None and g.requires_grad for g in gs):
        total = sum((g * g).sum() for g in gs if g is not None and g.requires_grad)
        ggs = [None if h is None else (h + 0).tolist()
               for h in lib.autograd.grad(total, xs, allow_unused=True)]
    return (name, y.tolist(), [None if g is None else (g + 0).tolist() for g in gs], ggs)


def _assert_graphs_agree(ours, theirs, entry):
    assert ours[0] == theirs[0]
    rtol, scale = (1e-15, 1.0) if entry.exact else (1e-13, 4.0)

    def near(a, b, r):
        b = np.asarray(b, dtype=np.float64)
        # (tensor: relative to the largest value, at least 1: a result that cancels to ~0
        # carries the rounding of terms of the inputs' order, as in engine_programs.compare)
        atol = r * max(np.abs(b).max(initial=0), 1.0) if entry.relative_to == "tensor" \
            else 1e-300
        np.testing.assert_allclose(a, b, rtol=r, atol=atol)
    near(ours[1], theirs[1], rtol)
    for parts, r in ((2, rtol * scale), (3, entry.gradgrad_rtol or rtol * scale * scale)):
        assert (ours[parts] is None) == (theirs[parts] is None)
        for a, b in zip(ours[parts] or (), theirs[parts] or ()):
            assert (a is None) == (b is None)
            if a is not None:
                near(a, b, r)


@pytest.mark.parametrize("entry,k,sample", SAMPLES, ids=[e.sample_id(k) for e, k, _s in SAMPLES])
def test_sample_gradients_match_torch(entry, k, sample):
    arrays = op_table.sample_inputs(entry, k)
    _assert_graphs_agree(_sample_graph(bn, entry, sample, arrays),
                         _sample_graph(torch, entry, sample, arrays), entry)


@pytest.mark.parametrize("entry,name", ALIASES, ids=[n for _e, n in ALIASES])
def test_aliases_and_inplace_forms_match_torch(entry, name):
    sample, source = _alias_source(entry, name)
    arrays = op_table.sample_inputs(entry, entry.all_samples().index(sample))
    _assert_graphs_agree(_sample_graph(bn, entry, sample, arrays, source),
                         _sample_graph(torch, entry, sample, arrays, source), entry)
