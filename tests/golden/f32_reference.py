"""Test reference: an exact rational rounded to float32 (nearest, ties to even), by integers.

The library rounds to float32 in one place (ops/deterministic._nearest_f32: the float64 nearest
plus the sign of the rest at float32 midpoints); the tests that check it, and the FMAs and the
float32 kernel built on it, compare with this one, which shares no step with it: the value is
scaled to an integer count of float32 quanta and rounded with integer arithmetic.
"""
from fractions import Fraction

import numpy as np

_MANT = 24                       # float32 significand bits
_EMIN = -126                     # smallest normal exponent
_EMAX = 127


def nearest_f32(v):
    """The float32 nearest to the rational ``v`` (ties to even; beyond the range, +-inf)."""
    v = Fraction(v)
    if v == 0:
        return np.float32(0.0)
    sign = -1 if v < 0 else 1
    a = abs(v)
    e = a.numerator.bit_length() - a.denominator.bit_length()      # 2**e <= a < 2**(e+2)
    if Fraction(2) ** e > a:
        e -= 1
    elif Fraction(2) ** (e + 1) <= a:
        e += 1
    quantum = Fraction(2) ** (max(e, _EMIN) - (_MANT - 1))          # spacing of float32 there
    n, rest = divmod(a, quantum)                                     # a = n*quantum + rest
    half = quantum / 2
    if rest > half or (rest == half and n % 2 == 1):
        n += 1
    value = n * quantum
    if value >= Fraction(2) ** (_EMAX + 1):
        return np.float32(sign * np.inf)
    return np.float32(sign * float(value))                          # exact: a float32 value
