"""autograd_bn.printing.tensor_repr against a live torch 2.13 (skipped when torch is absent).

Hypothesis draws arrays (0-d to 4-D, up to ~1500 elements, every supported dtype, special
values, magnitudes 1e-6..1e10, rounding ties) and compares with repr(torch.from_numpy(arr)).
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

from autograd_bn import _dtype  # noqa: E402
from autograd_bn.printing import printoptions, set_printoptions, tensor_repr  # noqa: E402

DTYPES = {"float32": _dtype.float32, "float64": _dtype.float64, "int32": _dtype.int32,
          "int64": _dtype.int64, "bool": _dtype.bool_}
SETTINGS = settings(max_examples=200, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SPECIAL = [np.nan, np.inf, -np.inf, -0.0, 0.0]


@st.composite
def shapes(draw):
    ndim = draw(st.integers(0, 4))
    if draw(st.integers(0, 9)) == 0:                     # now and then an empty tensor
        dims = draw(st.lists(st.integers(0, 3), min_size=max(ndim, 1), max_size=max(ndim, 1)))
        dims[draw(st.integers(0, len(dims) - 1))] = 0
        return tuple(dims)
    cap = {0: 1, 1: 1500, 2: 60, 3: 14, 4: 7}[ndim]
    dims = tuple(draw(st.integers(1, cap)) for _ in range(ndim))
    while int(np.prod(dims)) > 1500:
        dims = tuple(max(1, d // 2) for d in dims)
    return dims


def float_values(rng, style, n):
    sign = np.where(rng.random(n) < 0.3, -1.0, 1.0)
    if style == 0:                                       # log-uniform magnitudes 1e-6..1e10
        lo = rng.uniform(-6, 10)
        return sign * 10.0 ** rng.uniform(lo, rng.uniform(lo, 10), n)
    if style == 1:                                       # whole numbers
        return sign * rng.integers(0, 10 ** int(rng.integers(1, 11)), n)
    if style == 2:                                       # short decimals
        return np.round(sign * rng.random(n) * 10.0 ** int(rng.integers(-3, 5)),
                        int(rng.integers(0, 7)))
    if style == 3:                                       # ties at the 4th decimal
        return sign * (rng.integers(0, 100, n) + rng.integers(0, 10000, n) / 1e4 + 5e-5)
    if style == 4:
        return rng.standard_normal(n) * 10.0 ** rng.uniform(-2, 2)
    return np.zeros(n)


@st.composite
def arrays(draw):
    dtype = draw(st.sampled_from(list(DTYPES)))
    shape = draw(shapes())
    n = int(np.prod(shape))
    if n <= 24 and draw(st.booleans()):
        # small arrays: element by element, so Hypothesis can shrink them
        if dtype == "bool":
            elems = st.booleans()
        elif dtype.startswith("int"):
            info = np.iinfo(dtype)
            elems = st.integers(int(info.min), int(info.max)) | st.integers(-20, 20)
        else:
            width = 32 if dtype == "float32" else 64
            exact = np.dtype(dtype).type            # values must round-trip through the dtype
            elems = (st.floats(width=width) | st.sampled_from(SPECIAL)
                     | st.floats(1e-6, 1e10).map(lambda v: float(exact(v)))
                     | st.integers(-1000, 1000).map(float)
                     | st.decimals(-100, 100, places=5, allow_nan=False,
                                   allow_infinity=False).map(lambda v: float(exact(v))))
        return draw(hnp.arrays(dtype, shape, elements=elems))
    # larger arrays: built by NumPy from a drawn seed and style
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    if dtype == "bool":
        return (rng.random(n) < rng.random()).reshape(shape)
    if dtype.startswith("int"):
        top = 2 ** draw(st.sampled_from([3, 7, 16, 31 if dtype == "int32" else 63]))
        return rng.integers(-top, top, n, dtype=np.int64).astype(dtype).reshape(shape)
    v = float_values(rng, draw(st.integers(0, 5)), n)
    if draw(st.booleans()):
        mask = rng.random(n) < rng.uniform(0.05, 0.6)
        v = np.where(mask, np.array(SPECIAL)[rng.integers(0, 5, n)], v)
    return v.astype(dtype).reshape(shape)


OPTIONS = st.sampled_from([
    {"precision": 2}, {"precision": 0}, {"precision": 6}, {"sci_mode": True},
    {"sci_mode": False}, {"profile": "short"}, {"profile": "full", "linewidth": 60},
    {"linewidth": 40}, {"linewidth": 120}, {"edgeitems": 2}, {"edgeitems": 1},
    {"edgeitems": 0}, {"threshold": 5}, {"threshold": 50, "edgeitems": 2},
    {"precision": 3, "sci_mode": True, "linewidth": 50},
])


def torch_repr(arr, autograd, options=None):
    torch.set_printoptions(**(options or {}))
    try:
        t = torch.from_numpy(arr.copy())
        if autograd == "leaf":
            t.requires_grad_()
        elif autograd == "op":
            t = t.requires_grad_().clone()
        return repr(t)
    finally:
        torch.set_printoptions(profile="default")


def ours(arr, autograd, options=None):
    with printoptions(**(options or {})):
        return tensor_repr(arr, DTYPES[arr.dtype.name],
                           grad_fn_name="CloneBackward0" if autograd == "op" else None,
                           requires_grad=autograd == "leaf")


@pytest.fixture(autouse=True)
def _restore():
    yield
    set_printoptions(profile="default")
    torch.set_printoptions(profile="default")


@SETTINGS
@given(arrays(), st.sampled_from(["none", "none", "leaf", "op"]))
def test_repr_matches_torch(arr, autograd):
    if arr.dtype.kind != "f":
        autograd = "none"
    assert ours(arr, autograd) == torch_repr(arr, autograd)


@settings(SETTINGS, max_examples=80)
@given(arrays(), OPTIONS)
def test_repr_matches_torch_under_options(arr, options):
    assert ours(arr, "none", options) == torch_repr(arr, "none", options)
