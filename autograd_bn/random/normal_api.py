"""``torch.normal``: its four overloads, drawing from the generator exactly as torch's CPU
kernels do.

* ``normal(mean: Tensor, std: Tensor)``: standard normals of the broadcast shape, then
  ``out * std + mean`` (torch's ``output.mul_(std).add_(mean)``);
* ``normal(mean: Tensor, std: float = 1)``: normals with that std (``normal_(0, std)``), plus mean;
* ``normal(mean: float, std: Tensor)``: standard normals times std, plus mean;
* ``normal(mean: float, std: float, size)``: ``empty(size).normal_(mean, std)``.

As in torch, the result's gradient with respect to mean and std is zero (NormalBackward1/2/3).
"""
import numpy as np

from .. import _dtype
from .._device import check_device
from ..i18n import N_, _
from ..ops.broadcast import broadcast_shapes
from ..ops.elementwise import wrap
from ..ops.registry import derivative, needs_grad, record
from . import sampling

NO_OVERLOAD = N_(
    "normal() received an invalid combination of arguments - got ({got}), but expected one "
    "of:\n * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, "
    "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device "
    "device = None, bool pin_memory = False, bool requires_grad = False)\n")
STD_TENSOR = N_("normal expects all elements of std >= 0.0")

NormalBackward1 = derivative("NormalBackward1", "normal(mean: Tensor, std: float)",
                             elementwise=True, self=lambda F, g: F.zeros_like(g))
NormalBackward2 = derivative("NormalBackward2", "normal(mean: float, std: Tensor)",
                             elementwise=True, self=lambda F, g: F.zeros_like(g))
NormalBackward3 = derivative("NormalBackward3", "normal(mean: Tensor, std: Tensor)",
                             elementwise=True, self=lambda F, g: F.zeros_like(g),
                             other=lambda F, g: F.zeros_like(g))


def _is_tensor(v):
    return hasattr(v, "_data")


def _check_std_tensor(std):
    if (std._data < 0).any():
        raise RuntimeError(_(STD_TENSOR))


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, layout=None, device=None,
           pin_memory=False, requires_grad=False):
    """Samples of N(mean, std**2): mean and std tensors or numbers (see the module doc)."""
    if _is_tensor(mean) and _is_tensor(std):
        _check_std_tensor(std)
        shape = broadcast_shapes(mean._data.shape, std._data.shape)
        data = sampling.normal_(np.empty(shape, dtype=mean._data.dtype), 0.0, 1.0, generator)
        data = data * std._data.astype(data.dtype, copy=False) + mean._data
        out = wrap(np.asarray(data, dtype=mean._data.dtype))
        if needs_grad(mean, std):
            record(NormalBackward3, out, (mean, std))
        return out
    if _is_tensor(mean):
        data = sampling.normal_(np.empty(mean._data.shape, dtype=mean._data.dtype), 0.0,
                                float(std), generator)
        out = wrap(data + mean._data)
        if needs_grad(mean):
            record(NormalBackward1, out, (mean,))
        return out
    if _is_tensor(std):
        _check_std_tensor(std)
        data = sampling.normal_(np.empty(std._data.shape, dtype=std._data.dtype), 0.0, 1.0,
                                generator)
        out = wrap(data * std._data + std._data.dtype.type(mean))
        if needs_grad(std):
            record(NormalBackward2, out, (std,))
        return out
    if size is None:
        got = ", ".join(type(v).__name__ for v in (mean, std))
        raise TypeError(_(NO_OVERLOAD).format(got=got))
    check_device(device)
    dt = _dtype.resolve(dtype) if dtype is not None else _dtype.get_default_dtype()
    shape = tuple(size) if isinstance(size, (list, tuple)) else (size,)
    data = sampling.normal_(np.empty(shape, dtype=dt.np), mean, std, generator)
    out = wrap(data)
    if requires_grad:
        out.requires_grad_(True)
    return out
