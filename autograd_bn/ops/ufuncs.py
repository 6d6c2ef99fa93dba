"""Elementwise math functions that round like PyTorch's float32 kernels.

NumPy's float32 ``exp``, ``log``, ``sin``, ``cos`` and ``tanh`` are fast SIMD approximations
that differ from PyTorch's in the last bit for 13-40% of inputs.  Computing them in double and
rounding once to float32 agrees with PyTorch for 95-99.9% of inputs (measured on 10^6 random
values), so float32 arrays take that path; float64 arrays use NumPy directly.
"""
import numpy as np

_F32, _F64 = np.dtype(np.float32), np.float64


def _through_double(fn):
    def f(d):
        if d.dtype == _F32:
            return fn(d.astype(_F64)).astype(_F32)
        return fn(d)
    f.__name__ = fn.__name__
    return f


exp = _through_double(np.exp)
log = _through_double(np.log)
sin = _through_double(np.sin)
cos = _through_double(np.cos)
tanh = _through_double(np.tanh)


def sigmoid(d):
    """1 / (1 + exp(-x)), the exponential rounded as above and the rest in the array's dtype
    (as PyTorch's float32 kernel does: 96% bit-identical, against 83% all in float32)."""
    one = d.dtype.type(1)
    return one / (one + exp(-d))
