"""The arithmetic of PyTorch's CPU kernels that optimizers use, on NumPy arrays, rounded as
torch rounds it (measured against torch 2.13 on float32, see tests/live/test_nn_live.py).

torch's compiled kernels fuse some multiply-adds into one FMA (one rounding instead of two):
``a.add(b, alpha=s)`` is ``fma(s, b, a)``, ``lerp`` is ``fma(w, end - a, a)``, ``addcmul`` is
``fma(s * t1, t2, a)``; ``addcdiv`` is not fused: ``a + (s * t1) / t2``.  A Python number
meets a float32 tensor as a float32 number.  ``sqrt`` here is correctly rounded; torch's (MKL's
vectorised one) is off by one unit in the last place for a few elements in a thousand, the only
step that is not bit for bit.
"""
import threading

import numpy as np

from ..random.fma import fma64


def _fma32_fast(a, b, c):
    """fma(a, b, c) for float32 arrays: a*b + c in double (a*b is exact there), rounded once
    more to float32.  That second rounding differs from a true FMA only when the double lands
    exactly halfway between two floats while the exact value does not: about one element in
    2**29, and then by one unit in the last place.  Checking for it would cost six more passes
    over the parameters at every step, so, like the other ulp-level differences of a training
    run (matmul summation order), it is accepted.  random.fma.fma32 is the exact version."""
    s = np.multiply(b, np.float64(a) if np.ndim(a) == 0 else np.asarray(a, np.float64),
                    dtype=np.float64)
    s += c
    return s.astype(np.float32)


def _fma(a, b, c):
    """fma(a, b, c) rounded once, in c's dtype (c an array)."""
    if c.dtype == np.float32:
        return _fma32_fast(a, b, c)
    if c.dtype == np.float64:
        return fma64(a, b, c).reshape(c.shape)
    return (a * b + c).astype(c.dtype)


def add(a, b, alpha=1):
    """a.add(b, alpha=alpha) (a new array)."""
    if alpha == 1:
        return a + b
    return _fma(a.dtype.type(alpha), b, a)


def add_(a, b, alpha=1):
    """a.add_(b, alpha=alpha), written into a."""
    if alpha == 1:
        np.add(a, b, out=a)
    elif a.dtype == np.float32 and b.shape == a.shape:
        # the same rounding as _fma32_fast, written straight into a through one reused
        # double buffer: a training step then allocates (and page-faults) nothing
        s = _scratch(a.shape)
        np.multiply(b, np.float64(a.dtype.type(alpha)), out=s)
        s += a
        np.copyto(a, s, casting="same_kind")
    else:
        a[...] = _fma(a.dtype.type(alpha), b, a)
    return a


_SCRATCH = threading.local()        # one work array per thread: optimizers in two threads


def _scratch(shape):
    """A float64 work array of ``shape``, reused from call to call in this thread (grown when
    needed)."""
    n = int(np.prod(shape))
    work = getattr(_SCRATCH, "array", None)
    if work is None or work.size < n:
        work = _SCRATCH.array = np.empty(n, np.float64)
    return work[:n].reshape(shape)


def lerp_(a, end, weight):
    """a.lerp_(end, weight) for a Python-number weight."""
    w = a.dtype.type(weight)
    diff = end - a
    if abs(w) < 0.5:
        a[...] = _fma(w, diff, a)
    else:
        a[...] = _fma(w - a.dtype.type(1), diff, end)
    return a


def addcmul_(a, t1, t2, value=1):
    """a.addcmul_(t1, t2, value=value): a + value * t1 * t2 with the last step fused."""
    a[...] = _fma(a.dtype.type(value) * t1, t2, a)
    return a


def addcdiv_(a, t1, t2, value=1):
    """a.addcdiv_(t1, t2, value=value): a + (value * t1) / t2."""
    a += (a.dtype.type(value) * t1) / t2
    return a


def sqrt(a):
    """Elementwise square root, correctly rounded (see the module docstring)."""
    return np.sqrt(a)
