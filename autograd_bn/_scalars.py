"""Python numbers meeting tensors, as PyTorch converts them.

Two conversions, as in PyTorch:

* an operand of arithmetic or a comparison (``x + 300``, ``x > -1``) is a "wrapped number": it is
  cast to the operation's dtype the way C casts, wrapping around (``uint8(300)`` is 44);
* a value stored into a tensor or used as a parameter (``fill_``, ``full``, ``x[i] = v``,
  ``clamp`` bounds, ``where`` branches, an integer power, ``alpha``) goes through torch's
  ``Scalar.to<T>()``, which refuses a value the dtype cannot hold ("value cannot be converted
  to type uint8_t without overflow"); unsigned types accept negative integers down to -max,
  which wrap.

Either way, a Python int must first fit the argument parser's 64 bits (int64 or uint64).
"""
import math

import numpy as np

from . import _dtype
from .i18n import N_, _

INT_TOO_BIG = N_("int too big to convert")
NEGATIVE_UNSIGNED = N_("can't convert negative int to unsigned")
OVERFLOW_LONG_LONG = N_("Overflow when unpacking long long")
CANNOT_CONVERT = N_("value cannot be converted to type {t} without overflow")

INT64_MIN, INT64_MAX, UINT64_END = -(1 << 63), (1 << 63) - 1, 1 << 64
_FLT_MAX = float(np.finfo(np.float32).max)
# the C type torch names in Scalar.to<T>()'s message
C_NAMES = {"uint8": "uint8_t", "int32": "int", "int64": "int64_t", "float32": "float",
           "float64": "double", "bool": "bool"}


def parse_int(value):
    """A Python int as torch's argument parser takes it: within int64 or uint64, else its
    OverflowError."""
    if not INT64_MIN <= value < UINT64_END:
        raise OverflowError(_(NEGATIVE_UNSIGNED if value < 0 else INT_TOO_BIG))
    return value


def parse_long(value):
    """A Python int where torch unpacks a C long long (tensor data, x[i] = v)."""
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueError(_(OVERFLOW_LONG_LONG))
    return value


def fits(value, dtype):
    """Whether torch's Scalar.to<dtype>() accepts the Python number ``value``."""
    if value.__class__ is bool or dtype is _dtype.bool_ or dtype is _dtype.float64:
        return True
    if isinstance(value, (np.integer, np.bool_)):
        value = int(value)
    if isinstance(value, int):
        if dtype.is_floating_point:
            return True
        if dtype is _dtype.uint8:                   # negative values wrap: a - b as a + 255 b
            return -255 <= value <= 255
        info = np.iinfo(dtype.np)
        return info.min <= value <= info.max
    value = float(value)
    if dtype is _dtype.float32:
        return not (math.isfinite(value) and abs(value) > _FLT_MAX)
    info = np.iinfo(dtype.np)
    return math.isfinite(value) and info.min <= value <= info.max


def checked(value, dtype, names=C_NAMES):
    """``value`` if torch's Scalar.to<dtype>() accepts it, else torch's RuntimeError."""
    if value.__class__ is int:
        parse_int(value)
    if not fits(value, dtype):
        raise RuntimeError(_(CANNOT_CONVERT).format(t=names[dtype.name]))
    return value


def cast(value, dtype):
    """The NumPy scalar of ``dtype`` that C's cast makes of the Python number ``value``
    (integers wrap around, floats are truncated toward zero)."""
    with np.errstate(all="ignore"):
        return np.array(value).astype(dtype.np)[()]


def stored(value, dtype, names=C_NAMES):
    """``value`` checked as torch's Scalar.to<dtype>() and converted (the value to fill with)."""
    return cast(checked(value, dtype, names), dtype)
