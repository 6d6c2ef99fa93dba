"""The C library's elementwise functions (exp, log, sin, atan, erf ...) applied to whole float64
arrays, bit for bit.

torch's double Box-Muller calls the scalar C library functions (``std::log``, ``std::sin``
...).  Python's ``math`` module calls the same functions, so it matches torch exactly, but one
Python call per value is slow.  NumPy's contiguous loops use their own SIMD code for some of
these functions (``np.log`` differs from the C library in the last bit for about 1 value in
300 on x86-64 with AVX512); its generic strided loop, however, calls the C library function
once per element.

So ``call("log", x)`` hands NumPy a reversed view (negative stride): NumPy then takes its
generic loop, and the result equals ``math.log`` on every element.  This relies on NumPy
internals, so it is verified once per process on the first call (values where NumPy's fast
loop and the strided loop disagree, plus random ones, against ``math``); if the check fails,
the function falls back to ``math`` one element at a time (exact, slower).

"The same as torch" holds where the C library is the one torch used: these functions are not
correctly rounded, and their last bit depends on the platform.  glibc 2.36 on x86-64 picks
FMA variants of log/sin/cos/log1p (and exp, pow ...) on CPUs that have FMA; its variants for
CPUs without FMA round 1 value in 1,400-8,500 the other way, and musl (Pyodide's C library)
1 in 30 for sin and cos.  torch itself changes with them (its float64 ``randn`` follows glibc's
variant), so the float64 normal fingerprints of tests/test_random.py hold on glibc with FMA only;
the printed values (four decimals) are the same in Pyodide and under glibc's variants without
FMA (test_printed_like_torch).
"""
import math

import numpy as np

__all__ = ["call", "power", "strided_loop_is_libm", "pow_strided_loop_is_libm"]

# name: (the C library function through ``math``, NumPy's ufunc or None, the sample domain
# the strided loop is verified on).  A function NumPy lacks (erf) always takes the math loop.
# Python 3.10's math has no exp2: there the C library's pow(2, x) stands in.
_TABLE = {
    "exp": (math.exp, np.exp, (-50.0, 50.0)),     # exp of float32 values and of tanh's 2x
    "expm1": (math.expm1, np.expm1, (-50.0, 50.0)),
    "log": (math.log, np.log, (0.0, 1.0)),         # the inputs of the >= 16 path: (0, 1]
    "log1p": (math.log1p, np.log1p, (-1.0, 0.0)),  # log1p(-u2) of the < 16 path
    "sin": (math.sin, np.sin, (0.0, 2.0 * math.pi)),
    "cos": (math.cos, np.cos, (0.0, 2.0 * math.pi)),
    "atan": (math.atan, np.arctan, (-20.0, 20.0)),
    "asin": (math.asin, np.arcsin, (-1.0, 1.0)),
    "acos": (math.acos, np.arccos, (-1.0, 1.0)),
    "sinh": (math.sinh, np.sinh, (-20.0, 20.0)),
    "cosh": (math.cosh, np.cosh, (-20.0, 20.0)),
    "log2": (math.log2, np.log2, (0.0, 100.0)),
    "log10": (math.log10, np.log10, (0.0, 100.0)),
    "exp2": (getattr(math, "exp2", lambda v: math.pow(2.0, v)), np.exp2, (-60.0, 60.0)),
    "erf": (math.erf, None, (-6.0, 6.0)),
}
_NAMES = tuple(_TABLE)
_MATH = {name: row[0] for name, row in _TABLE.items()}
_UFUNC = {name: row[1] for name, row in _TABLE.items() if row[1] is not None}
_verified = {}


def _strided(ufunc, x):
    # negative input stride, freshly allocated output: NumPy's generic per-element loop
    return ufunc(x[::-1])[::-1]


def _math_loop(fn, x, name=None):
    ufunc = _UFUNC.get(name or fn.__name__)

    def value(v):
        try:
            return fn(v)
        except (OverflowError, ValueError):     # math raises where C returns inf or NaN
            with np.errstate(all="ignore"):
                return float(ufunc(v))
    return np.fromiter(map(value, x.ravel().tolist()), np.float64, x.size).reshape(x.shape)


def _sample(name):
    rng = np.random.default_rng(20240613)
    k = rng.integers(0, 2 ** 53, 200_000, dtype=np.int64).astype(np.float64) * 2.0 ** -53
    lo, hi = _TABLE[name][2]
    if name == "log":
        return 1.0 - k                      # (0, 1], 1 included
    if name == "log1p":
        return -k
    return lo + k * (hi - lo)


def strided_loop_is_libm(name):
    """True when NumPy's strided loop for ``name`` agrees with the C library (checked once)."""
    ok = _verified.get(name)
    if ok is None and name not in _UFUNC:
        ok = _verified[name] = False
    if ok is None:
        x = _sample(name)
        fast = _UFUNC[name](x)
        slow = _strided(_UFUNC[name], x)
        idx = np.flatnonzero(fast != slow)
        idx = np.concatenate([idx[:4000], np.arange(0, x.size, 97)])
        ref = _math_loop(_MATH[name], x[idx], name)
        ok = bool(np.array_equal(slow[idx].view(np.uint64), ref.view(np.uint64)))
        _verified[name] = ok
    return ok


def call(name, x):
    """``math.<name>`` applied elementwise to the float64 array ``x`` (exactly)."""
    x = np.asarray(x, np.float64)
    if x.size < 8:
        return _math_loop(_MATH[name], x, name)
    if strided_loop_is_libm(name):
        return _strided(_UFUNC[name], x.ravel()).reshape(x.shape)
    return _math_loop(_MATH[name], x, name)


def _pow_loop(x, y):
    def value(a, b):
        try:
            return math.pow(a, b)
        except (OverflowError, ValueError):     # math raises where C returns inf or NaN
            with np.errstate(all="ignore"):
                return float(np.power(a, b))
    return np.fromiter(map(value, x.ravel().tolist(), y.ravel().tolist()), np.float64,
                       x.size).reshape(x.shape)


def pow_strided_loop_is_libm():
    """True when NumPy's strided ``power`` loop agrees with the C library's pow (checked once)."""
    ok = _verified.get("pow")
    if ok is None:
        rng = np.random.default_rng(20261202)
        x, y = rng.uniform(0.0, 10.0, 100_000), rng.uniform(-30.0, 30.0, 100_000)
        slow = np.power(x[::-1], y[::-1])[::-1]
        idx = np.concatenate([np.flatnonzero(np.power(x, y) != slow)[:4000],
                              np.arange(0, x.size, 97)])
        ref = _pow_loop(x[idx], y[idx])
        ok = bool(np.array_equal(slow[idx].view(np.uint64), ref.view(np.uint64)))
        _verified["pow"] = ok
    return ok


def power(x, y):
    """The C library's ``pow(x, y)`` elementwise on float64 arrays (broadcast), exactly."""
    x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
    if x.size < 8 or not pow_strided_loop_is_libm():
        return _pow_loop(x, y)
    return np.power(x.ravel()[::-1], y.ravel()[::-1])[::-1].reshape(x.shape)
