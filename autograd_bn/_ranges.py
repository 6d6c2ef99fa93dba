"""arange, linspace and eye, with torch's checks of their arguments."""
import math

import numpy as np

from . import _dtype
from . import _factory_args as A
from ._device import _check_device
from ._scalars import checked, parse_int
from .i18n import _
from .ops.arguments import fits
from .ops.quiet import Quiet


_finish = A.finish


def _dt(dtype):
    return _dtype.get_default_dtype() if dtype is None else _dtype.resolve(dtype)


def arange(start, end=None, step=None, *extra, dtype=None, device=None, requires_grad=False):
    """Values from start (default 0) up to, not including, end, step apart; integer
    arguments give int64, any float gives the default float dtype."""
    given = (start,) if end is None else (start, end) if step is None else (start, end, step)
    if extra:
        raise A.fail("arange", given + extra)
    if step is None:
        step = 1
    if not all(fits("Number", v) for v in given):
        raise A.fail("arange", given)
    if requires_grad.__class__ is not bool or dtype is not None:
        A.check("arange", given, dtype, requires_grad, device=device)
    _check_device(device)
    values = [v.item() if hasattr(v, "_data") else v for v in (start, end, step)]
    start, end, step = values
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError(_("step must be nonzero"))
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(_("unsupported range: {a} -> {b}").format(a="%g" % start,
                                                                     b="%g" % end))
    if not ((step > 0 and end >= start) or (step < 0 and end <= start)):
        raise RuntimeError(_("upper bound and lower bound inconsistent with step sign"))
    if dtype is None:
        floating = any(isinstance(v, float) for v in (start, end, step))
        d = _dtype.get_default_dtype() if floating else _dtype.int64
    else:
        d = _dtype.resolve(dtype)
    for v in (start, end, step):                  # torch's Scalar arguments, read as int64
        if v.__class__ is int:
            parse_int(v)
            if not d.is_floating_point:
                checked(v, _dtype.int64)
    n = int(math.ceil((end - start) / step))
    data = (start + np.arange(n, dtype=np.float64) * step) if d.is_floating_point or any(
        isinstance(v, float) for v in (start, end, step)) else np.arange(start, end, step)
    return _finish(np.asarray(data).astype(d.np), dtype, requires_grad)


def linspace(start, end, steps, *extra, dtype=None, device=None, requires_grad=False):
    """steps values evenly spaced from start to end, both included (computed as
    PyTorch does: the second half counted back from end)."""
    if extra or not (fits("Number", start) or fits("Tensor", start)) or not (
            fits("Number", end) or fits("Tensor", end)) or not fits("int", steps):
        raise A.fail("linspace", (start, end, steps) + extra)
    if requires_grad.__class__ is not bool or dtype is not None:
        A.check("linspace", (start, end, steps), dtype, requires_grad, device=device)
    _check_device(device)
    if steps < 0:
        raise RuntimeError(_("number of steps must be non-negative"))
    d = _dt(dtype)
    ty = d.np.type if d.is_floating_point else np.float64
    start_v, end_v = ty(start), ty(end)
    idx = np.arange(steps)
    with Quiet():                       # inf - inf and inf * 0 are NaN silently, as in torch
        data = _spaced(start_v, end_v, steps, idx, ty)
    return _finish(data.astype(d.np), dtype, requires_grad)


def _spaced(start_v, end_v, steps, idx, ty):
    if steps == 1:
        data = np.full(1, start_v, dtype=ty)
    else:                               # as torch: the second half is counted from the end
        step = ty((end_v - start_v) / ty(steps - 1))
        half = steps // 2
        data = np.where(idx < half, start_v + step * idx.astype(ty),
                        end_v - step * (steps - 1 - idx).astype(ty))
    return data


def eye(n, m=None, *extra, dtype=None, device=None, requires_grad=False):
    """The n x m (default n x n) identity matrix."""
    given = ((n,) if m is None else (n, m)) + extra
    if extra or not all(fits("int", v) for v in given):
        raise A.fail("eye", given)
    if requires_grad.__class__ is not bool or dtype is not None:
        A.check("eye", given, dtype, requires_grad, device=device)
    _check_device(device)
    for name, v in zip("nm", given):
        if v < 0:
            raise RuntimeError(_("{name} must be greater or equal to 0, got {v}").format(
                name=name, v=v))
    return _finish(np.eye(n, n if m is None else m, dtype=_dt(dtype).np), dtype, requires_grad)
