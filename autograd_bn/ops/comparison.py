"""Comparisons (== != < <= > >=), the logical and bitwise operations, isnan and isfinite:
results that are never differentiable."""
import numpy as np

from .. import _dtype
from .._scalars import INT64_MIN, UINT64_END, parse_int
from ..i18n import _
from .operands import (NOT_IMPLEMENTED, _huge_for_float32, as_operand, operands, result_dtype,
                       wrap)
from ..tensor import Tensor

_bool = _dtype.bool_


def compare(kernel):
    """Comparison ops: boolean results, never differentiable.  Both sides are converted to
    the common dtype first, as torch does: a Python int wraps around to a small integer dtype
    (uint8 == 257 is uint8 == 1) and an integer tensor meets a float in float32."""
    def op(a, b):
        bc = b.__class__
        if bc is not float and bc is not int and bc is not bool:
            b = as_operand(b)
            bc = b.__class__
        if bc is int and not INT64_MIN <= b < UINT64_END:
            parse_int(b)
        if bc is not Tensor and not isinstance(b, Tensor) and a.dtype.is_floating_point:
            # NumPy rounds the number to a's dtype
            return wrap(kernel(a._data, _huge_for_float32(b, a._data.dtype)))
        rt = result_dtype(a, b)
        ad, bd = operands(a, b, rt)
        if not isinstance(bd, np.ndarray) and rt.is_floating_point:
            with np.errstate(over="ignore"):     # 1e300 is inf in float32, as in torch
                bd = rt.np.type(bd)
        return wrap(kernel(ad, bd))
    return op


eq = compare(np.equal)
ne = compare(np.not_equal)
lt = compare(np.less)
le = compare(np.less_equal)
gt = compare(np.greater)
ge = compare(np.greater_equal)


def logical(kernel, name):
    def op(a, b):
        b = as_operand(b)
        if b.__class__ is int:
            parse_int(b)
        bd = b._data if isinstance(b, Tensor) else b
        if a.dtype is _bool and (b.__class__ is bool or getattr(b, "dtype", None) is _bool):
            return wrap(kernel(a._data, bd))
        rt = result_dtype(a, b)
        if rt.is_floating_point:
            raise NotImplementedError(_(NOT_IMPLEMENTED).format(k=name + "_cpu", t=rt.word))
        ad, bd = operands(a, b, rt)
        return wrap(kernel(ad, bd))
    return op


bitwise_and = logical(np.bitwise_and, "bitwise_and")
bitwise_or = logical(np.bitwise_or, "bitwise_or")
bitwise_xor = logical(np.bitwise_xor, "bitwise_xor")


def logical_not(a):
    return wrap(np.logical_not(a._data))


def bitwise_not(a):
    if a.dtype.is_floating_point:
        raise TypeError(_("bitwise_not is only supported for integer and boolean tensors"))
    return wrap(np.invert(a._data))


def isnan(a):
    return wrap(np.isnan(a._data))


def isfinite(a):
    return wrap(np.isfinite(a._data))
