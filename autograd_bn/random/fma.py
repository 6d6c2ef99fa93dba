"""Fused multiply-add, ``a*b + c`` rounded once, for float32 and float64 NumPy arrays.

torch's compiled kernels contract ``x*(to-from) + from`` (uniform_) and ``r*cos*std + mean``
(normal_) into hardware FMAs, so matching them bit for bit needs an exact FMA.

* float32: the product of two float32 values is exact in double; the double sum ``s`` is the
  exact value rounded once, and converting ``s`` to float32 can only go wrong when ``s`` lands
  exactly on a float32 midpoint while the exact value was not there.  Those (rare) elements
  are found by their bit pattern and rounded by the sign of the exact rest, with the float32
  rounding of the deterministic matrix products (``ops.deterministic._nearest_f32``).
* float64: Dekker's exact product and Knuth's two-sum give the exact value as an unevaluated
  sum; rounding it can only be ambiguous when the remainder is (almost) half an ulp, and those
  elements, as well as any that might overflow or underflow the splitting, are recomputed
  with Python fractions.
"""
from fractions import Fraction

import numpy as np

from ..ops.deterministic import _nearest_f32

__all__ = ["fma32", "fma64"]

_F32, _F64 = np.float32, np.float64
_MID32 = np.uint64(1 << 63)          # low 29 bits of a double = 1 followed by 28 zeros
_SHIFT = np.uint64(35)
_SPLIT = 134217729.0                 # 2**27 + 1


def fma32(a, b, c):
    """float32 array of fma(a, b, c); a, b, c float32-valued arrays or scalars."""
    a = np.asarray(a, _F64)
    b = np.asarray(b, _F64)
    c = np.asarray(c, _F64)
    shape = np.broadcast_shapes(a.shape, b.shape, c.shape)
    s = np.array(np.broadcast_to(a * b + c, shape), ndmin=1)       # a*b is exact
    with np.errstate(over="ignore"):
        r = s.astype(_F32)
    risky = (s.view(np.uint64) << _SHIFT) == _MID32
    mag = np.abs(s)
    risky |= (mag < 2.0 ** -125) & (mag != 0)                      # float32 subnormals
    if risky.any():
        a_, b_, c_ = (np.broadcast_to(v, shape).reshape(s.shape) for v in (a, b, c))
        for i in zip(*np.nonzero(risky)):
            if np.isfinite(s[i]):
                exact = Fraction(float(a_[i])) * Fraction(float(b_[i])) + Fraction(float(c_[i]))
                if exact:               # s is the float64 nearest to exact (one rounding)
                    with np.errstate(over="ignore"):
                        r[i] = _nearest_f32(float(s[i]), lambda: exact - Fraction(float(s[i])))
    return r.reshape(shape)


def _two_sum(x, y):
    s = x + y
    bb = s - x
    return s, (x - (s - bb)) + (y - bb)


def _split(x):
    t = x * _SPLIT
    hi = t - (t - x)
    return hi, x - hi


def fma64(a, b, c):
    """float64 array of fma(a, b, c), correctly rounded."""
    a = np.asarray(a, _F64)
    b = np.asarray(b, _F64)
    c = np.asarray(c, _F64)
    shape = np.broadcast_shapes(a.shape, b.shape, c.shape)
    with np.errstate(all="ignore"):
        p = a * b
        if not np.any(b) or np.all(np.abs(b) == 1.0):
            return np.asarray(np.broadcast_to(p + c, shape), _F64).copy()   # product exact
        ah, al = _split(a)
        bh, bl = _split(b)
        e1 = ((ah * bh - p) + ah * bl + al * bh) + al * bl      # p + e1 == a*b exactly
        s, e2 = _two_sum(p, c)                                  # s + e2 == p + c exactly
        t, e3 = _two_sum(e1, e2)                                # exact = s + t + e3
        r, e4 = _two_sum(s, t)                                  # s + t == r + e4
        r = np.array(np.broadcast_to(r, shape), _F64)
        ulp = np.spacing(np.abs(r))
        e4 = np.broadcast_to(e4, shape)
        e3 = np.broadcast_to(e3, shape)
        # r is the correct rounding unless the remainder e4 + e3 reaches half an ulp of r;
        # also redo anything the splitting could have overflowed or underflowed.
        big = np.broadcast_to(np.maximum(np.abs(a), np.abs(b)), shape)
        tiny = np.broadcast_to(np.abs(p), shape)
        risky = ((np.abs(e4) >= 0.5 * ulp * (1 - 2.0 ** -20)) & (e3 != 0)) | \
            (np.abs(e4) == 0.5 * ulp) | (big > 2.0 ** 995) | ((tiny < 2.0 ** -960) & (tiny != 0))
        finite = np.isfinite(np.broadcast_to(p, shape)) & np.isfinite(np.broadcast_to(c, shape))
        naive = np.broadcast_to(p + c, shape)
        r[~finite] = naive[~finite]
        risky &= finite
    if risky.any():
        a_, b_, c_ = (np.broadcast_to(v, shape) for v in (a, b, c))
        for i in zip(*np.nonzero(risky)):
            exact = Fraction(float(a_[i])) * Fraction(float(b_[i])) + Fraction(float(c_[i]))
            if not exact:
                r[i] = a_[i] * b_[i] + c_[i]
            else:
                try:
                    r[i] = float(exact)
                except OverflowError:
                    r[i] = np.inf if exact > 0 else -np.inf
    return r
