"""Forward passes of cumsum and cumprod (``torch.cumsum(x, dim)``, ``x.cumprod(dim)``).

As on torch's CPU: integer and bool inputs give int64 unless ``dtype`` says otherwise, and a
float32 running sum or product is accumulated in double and rounded once per element.
"""
import numpy as np

from .. import _dtype
from ..i18n import N_, _
from . import derivatives_cumulative as D
from .elementwise import wrap
from .reductions import wrap_dim
from .registry import needs_grad, record


_MISSING = object()
MISSING_DIM = N_('{name}() missing 1 required positional arguments: "dim"')


def _run(x, dim, dtype, ufunc):
    if dim is _MISSING:
        raise TypeError(_(MISSING_DIM).format(name="cumsum" if ufunc is np.add else "cumprod"))
    d = x._data
    if dtype is not None:
        target = _dtype.resolve(dtype)
    else:
        target = x.dtype if x.dtype.is_floating_point else _dtype.int64
    axis = wrap_dim(dim, d.ndim)
    src = d.astype(target.np, copy=False)
    if d.ndim == 0:
        return np.array(src, copy=True), axis
    acc = np.float64 if target.np == np.float32 else target.np
    return ufunc.accumulate(src, axis=axis, dtype=acc).astype(target.np, copy=False), axis


def cumsum(input, dim=_MISSING, dtype=None):
    """Running sums along dim: out[i] = input[0] + ... + input[i]."""
    data, axis = _run(input, dim, dtype, np.add)
    out = wrap(data)
    if needs_grad(input) and out.dtype.is_floating_point:
        record(D.CumsumBackward0, out, (input,), {"dim": axis, "self_dtype": input._data.dtype})
    return out


def cumprod(input, dim=_MISSING, dtype=None):
    """Running products along dim: out[i] = input[0] * ... * input[i]."""
    data, axis = _run(input, dim, dtype, np.multiply)
    out = wrap(data)
    if needs_grad(input) and out.dtype.is_floating_point:
        src = input if input.dtype is out.dtype else input.detach().to(out.dtype)
        record(D.CumprodBackward0, out, (src,), {"dim": axis})
    return out


def install(package, Tensor):
    """torch.cumsum / cumprod and the Tensor methods."""
    for fn in (cumsum, cumprod):
        setattr(package, fn.__name__, fn)
        setattr(Tensor, fn.__name__, fn)
