"""Matrix products whose bits do not depend on the machine.

BLAS libraries pick a kernel for the CPU they run on (OpenBLAS: Prescott, Sandybridge, Haswell,
SkylakeX, ...), and each kernel adds the k products of a dot product in its own order, with or
without fused multiply-adds.  A float32 ``a @ b`` therefore differs in the last bits from one
machine to the next, and a few hundred training steps turn that into different printed digits.

Here every float32 product is computed so that nothing the BLAS library does can round:

* small products (m*k*n up to SMALL): each of the k products is exact in float64 (24 x 24 bits
  fit in 53), and they are added in a fixed pairwise tree of elementwise additions;
* larger ones: each operand is split, x = hi + lo + tail, on grids fixed by its largest
  magnitude 2^e: hi is a multiple of 2^(e-alpha), lo of 2^(e-2 alpha).  Every product of two
  slice entries is then an integer multiple of one power of two, and with
  2k * 2^(2 alpha) <= 2^53 every partial sum inside a float64 BLAS call is an integer below
  2^53 in that unit: exact, in any order, with or without fused multiply-adds.  Three calls
  give lo_a lo_b, hi_a lo_b + lo_a hi_b and hi_a hi_b; the rare entries far below the largest
  (a nonzero tail) are added exactly, one product at a time, in index order;
* the float64 sum is rounded once to float32.

The result is the same on every CPU, every BLAS kernel and every NumPy build (NumPy without
BLAS, as in Pyodide, too), and it is the correctly rounded product but for a float64 rounding
of the partial results (checked against long double in tests/test_deterministic.py), where
float32 BLAS misses in most entries.  It costs about eight float32 BLAS products.

``use_deterministic_algorithms(False)`` switches to NumPy's own ``matmul`` (fast; last bits
depend on the machine).  float64 products always use NumPy: their last-bit differences stay
below what is printed.  Integer products never round.
"""
import math

import numpy as np

from ..i18n import N_, _

_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)


class Mode:
    """Whether float32 products (and float transcendental functions) are machine-independent."""
    enabled = True
    warn_only = False


SMALL = 1 << 16     # m*k*n up to this: products summed elementwise (fewer NumPy calls)
CHUNK = 1 << 21     # elements of products held at once by the elementwise route


def _alpha(terms):
    """Bits per slice such that terms * 2^(2 alpha) <= 2^53: a sum of that many products of
    slice entries is then exact in float64, in any order."""
    return max(1, (53 - int(terms - 1).bit_length()) // 2)


def _summed_products(a, b):
    """a @ b for 2-D float32 (or float64 holding float32 values) a and b: every product exact in
    float64, the k of them added in a fixed pairwise tree of elementwise additions (each
    correctly rounded), so the result depends on nothing but the values."""
    if a.shape[0] > b.shape[1]:                    # the longer side innermost: faster loops
        return _summed_products(b.T, a.T).T
    m, k = a.shape
    n = b.shape[1]
    out = np.empty((m, n), _F64)
    b64 = b.astype(_F64, copy=False)[:, None, :]
    rows = max(1, CHUNK // max(1, k * n))
    for r in range(0, m, rows):
        p = a[r:r + rows].T[:, :, None] * b64              # (k, rows, n); exact: 24 x 24 bits
        while p.shape[0] > 1:
            h = p.shape[0] // 2
            q = p[:h] + p[h:2 * h]
            if p.shape[0] % 2:
                q[-1] += p[-1]
            p = q
        out[r:r + rows] = p[0]
    return out


def _top_exponent(x):
    """e with |x| < 2^e for every entry; None if x holds inf or NaN."""
    top = max(float(x.max()), -float(x.min()))
    if top != top or top == np.inf:
        return None
    return math.frexp(top)[1]


def _split(x, e, alpha, hi, lo):
    """x = hi + lo + tail: hi a multiple of 2^(e-alpha) (at most 2^e), lo of 2^(e-2 alpha)
    (at most 2^(e-alpha)); returns the tail (nonzero only for entries far below 2^e)."""
    shift = math.ldexp(1.5, e + (52 - alpha))     # x + shift rounds x to a multiple of 2^(e-alpha)
    np.add(x, shift, out=hi, dtype=_F64)
    hi -= shift
    np.subtract(x, hi, out=lo, dtype=_F64)        # exact
    tail = lo.copy()
    shift = math.ldexp(1.5, e + (52 - 2 * alpha))
    lo += shift
    lo -= shift
    tail -= lo                                    # exact
    return tail


def _sliced(a, b):
    """a @ b for 2-D float32 a and b through exact float64 BLAS products of slices."""
    k = a.shape[1]
    ea, eb = _top_exponent(a), _top_exponent(b)
    if ea is None or eb is None:
        # inf and NaN propagate the same way in any order; float32 values cannot overflow here
        return np.matmul(a.astype(_F64), b.astype(_F64))
    alpha = _alpha(2 * k)
    left = np.empty((a.shape[0], 2 * k), _F64)        # [hi_a | lo_a]
    right = np.empty((2 * k, b.shape[1]), _F64)       # [lo_b ; hi_b]
    ta = _split(a, ea, alpha, left[:, :k], left[:, k:])
    tb = _split(b, eb, alpha, right[k:], right[:k])
    out = np.matmul(left[:, k:], right[:k])           # lo_a @ lo_b
    out += np.matmul(left, right)                     # hi_a @ lo_b + lo_a @ hi_b
    out += np.matmul(left[:, :k], right[k:])          # hi_a @ hi_b
    # the few entries below 2^(e - 2 alpha) with low bits left have a tail: add
    # tail_a @ b + a @ tail_b - tail_a @ tail_b entry by entry (exact products, added to the
    # result in index order)
    _add_sparse(out, ta, b, tb)
    _add_sparse(out.T, tb.T, a.T, None)
    return out


def _add_sparse(out, t, b, t_b):
    """out[i] += t[i, k] * (b[k] - t_b[k]) for every nonzero t[i, k], in row-major order."""
    ri, ki = np.nonzero(t)
    step = max(1, CHUNK // max(1, b.shape[1]))
    for s in range(0, ri.size, step):
        i, k = ri[s:s + step], ki[s:s + step]
        coef = t[i, k][:, None]
        np.add.at(out, i, coef * b[k].astype(_F64))          # exact: 24 x 24 bits
        if t_b is not None:
            np.add.at(out, i, -(coef * t_b[k]))


def _exact_2d(a, b):
    if a.shape[0] * a.shape[1] * b.shape[1] <= SMALL:
        return _summed_products(a, b)
    return _sliced(a, b)


def _exact_f32(a, b):
    """a @ b for float32 arrays with at least 2 dimensions each (batch dimensions broadcast)."""
    if a.shape[-1] == 0 or a.size == 0 or b.size == 0:
        return np.matmul(a, b)
    if a.ndim == 2 and b.ndim == 2:
        return _exact_2d(a, b).astype(_F32)
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    out = np.empty(batch + (a.shape[-2], b.shape[-1]), _F32)
    for i in np.ndindex(*batch):
        out[i] = _exact_2d(a[i], b[i])
    return out


def matmul(a, b):
    """NumPy's ``matmul`` semantics (1-D operands too); float32 through the exact scheme.
    Silent about inf and NaN, as PyTorch is."""
    with np.errstate(all="ignore"):
        return _matmul(a, b)


def _matmul(a, b):
    if a.dtype != _F32 or b.dtype != _F32 or not Mode.enabled:
        return np.matmul(a, b)
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    out = _exact_f32(a2, b2)
    if b.ndim == 1:
        out = out[..., 0]
    if a.ndim == 1:
        out = out[..., 0, :] if b.ndim > 1 else out[..., 0]
    return out



_NOT_BOOL = {"mode": N_("_set_deterministic_algorithms(): argument 'mode' (position 1) must be "
                        "bool, not {type}"),
             "warn_only": N_("_set_deterministic_algorithms(): argument 'warn_only' must be bool, "
                             "not {type}")}


def _check_bool(value, what):
    if value.__class__ is not bool:
        raise TypeError(_(_NOT_BOOL[what]).format(type=type(value).__name__))


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Choose whether results are the same on every machine (``True``, autograd_bn's default).

    On (the default): float32 matrix products are computed exactly in float64 and rounded once,
    and ``exp``, ``log``, ``tanh``, ``sin``, ``cos`` use the C library's functions, so every
    printed digit is the same on any CPU.  Off: NumPy's BLAS and SIMD loops, faster for large
    matrices, with last bits that depend on the CPU.  PyTorch's default is ``False``; there
    the switch guards against non-deterministic GPU kernels.  ``warn_only`` is accepted and
    stored, as in PyTorch.
    """
    _check_bool(mode, "mode")
    _check_bool(warn_only, "warn_only")
    Mode.enabled = mode
    Mode.warn_only = warn_only


def are_deterministic_algorithms_enabled():
    """True while deterministic algorithms are on (autograd_bn's default; PyTorch's is False)."""
    return Mode.enabled


def is_deterministic_algorithms_warn_only_enabled():
    """The ``warn_only`` flag last given to ``use_deterministic_algorithms``."""
    return Mode.warn_only
