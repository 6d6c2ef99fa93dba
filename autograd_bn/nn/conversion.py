"""Module.to / cpu / cuda / float / double / half-free dtype moves, as torch does them on CPU.

``model.to(torch.float64)`` (or ``.double()``, ``.float()``) converts every floating-point
parameter and buffer in place: each Parameter object stays the same (its data, and its
gradient, change dtype), so an optimizer built before still holds it.  A device argument must
be the CPU: ``"cuda"`` raises torch's ``Torch not compiled with CUDA enabled``.  Integer
dtypes are refused with torch's TypeError.
"""
from .. import _dtype
from ..creation import _check_device, device as Device
from ..cuda import _lazy_init
from ..i18n import N_, _

MODULE_TO_DTYPE = N_("nn.Module.to only accepts floating point or complex dtypes, but got "
                     "desired dtype={dtype}")


def _split(args, kwargs):
    """(device, dtype) of a ``to(...)`` call: to(device), to(dtype), to(device, dtype),
    to(tensor), with keywords device=, dtype=, non_blocking=, copy=, memory_format=."""
    dev, dt = kwargs.get("device"), kwargs.get("dtype")
    for a in args:
        if hasattr(a, "_data"):
            dt = a.dtype
        elif isinstance(a, _dtype.dtype) or a in (float, int, bool):
            dt = a
        elif isinstance(a, (str, Device)):
            dev = a
        elif isinstance(a, bool):
            continue                                 # non_blocking given by position
    return dev, dt


def _convert(module, dt):
    for m in module.modules():
        for store in (m._parameters, m._buffers):
            for t in store.values():
                if t is None or not t.dtype.is_floating_point or t.dtype is dt:
                    continue
                t._data = t._data.astype(dt.np)
                t.dtype = dt
                if t._grad is not None:
                    t._grad = t._grad.to(dt)
    return module


def to(self, *args, **kwargs):
    """Move/convert the parameters and buffers: ``to(device)``, ``to(dtype)``, ``to(tensor)``;
    returns self."""
    dev, dt = _split(args, kwargs)
    _check_device(dev)
    if dt is None:
        return self
    dt = _dtype.resolve(dt)
    if not dt.is_floating_point:
        raise TypeError(_(MODULE_TO_DTYPE).format(dtype=dt))
    return _convert(self, dt)


def cpu(self):
    """self: everything already lives on the CPU."""
    return self


def cuda(self, device=None):
    """Raises torch's error for a build without CUDA."""
    _lazy_init()


def float(self):
    """Convert floating-point parameters and buffers to float32; returns self."""
    return _convert(self, _dtype.float32)


def double(self):
    """Convert floating-point parameters and buffers to float64; returns self."""
    return _convert(self, _dtype.float64)


def type(self, dst_type):
    """Convert the floating-point parameters and buffers to ``dst_type``; returns self."""
    return _convert(self, _dtype.resolve(getattr(dst_type, "dtype", dst_type)))


def install(Module):
    for fn in (to, cpu, cuda, float, double, type):
        setattr(Module, fn.__name__, fn)
