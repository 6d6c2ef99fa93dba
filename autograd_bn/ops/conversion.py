"""``Tensor.to`` with torch's three overloads, and ``Tensor.cuda``.

    x.to(device=None, dtype=None, non_blocking=False, copy=False)
    x.to(dtype, non_blocking=False, copy=False)
    x.to(other, non_blocking=False, copy=False)       (other's dtype and device)

The result is x itself when nothing changes and no copy is asked for, as in torch.  A device
other than the CPU gets torch's error for a build without it.
"""
import inspect

from .. import _dtype
from .._device import _check_device
from .arguments import fits, parser_error
from .shape import clone, to as _convert

SIGNATURES = [
    "(torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, "
    "bool copy = False, *, torch.memory_format memory_format = None)",
    "(torch.dtype dtype, bool non_blocking = False, bool copy = False, *, "
    "torch.memory_format memory_format = None)",
    "(Tensor tensor, bool non_blocking = False, bool copy = False, *, "
    "torch.memory_format memory_format = None)",
]
_NAMES = {0: ("device", "dtype", "non_blocking", "copy"), 1: ("dtype", "non_blocking", "copy"),
          2: ("tensor", "non_blocking", "copy")}
_KINDS = {"device": "torch.device", "dtype": "torch.dtype", "non_blocking": "bool",
          "copy": "bool", "tensor": "Tensor", "memory_format": None}


def _overload(args, kwargs):
    """Which of torch's overloads the call matches (its number), or None."""
    first = args[0] if args else None
    if args and fits("Tensor", first):
        which = 2
    elif args and fits("torch.dtype", first):
        which = 1
    elif "tensor" in kwargs:
        which = 2
    else:
        which = 0
    names = _NAMES[which]
    if len(args) > len(names):
        return None
    bound = dict(zip(names, args))
    for k, v in kwargs.items():
        if k in bound or (k not in names and k != "memory_format"):
            return None
        bound[k] = v
    for k, v in bound.items():
        kind = _KINDS[k]
        if kind is not None and not (v is None and k in ("device", "dtype")) and not fits(kind, v):
            return None
    return which, bound


def to(x, *args, **kwargs):
    """x converted to a dtype and/or device (see the module's docstring)."""
    found = _overload(args, kwargs)
    if found is None:
        raise parser_error("to", SIGNATURES, args, kwargs)
    which, bound = found
    if which == 2:
        dtype = bound["tensor"].dtype
    else:
        dtype = bound.get("dtype")
        if which == 0 and bound.get("device") is not None:
            _check_device(bound["device"])
    target = x.dtype if dtype is None else _dtype.resolve(dtype)
    if target is x.dtype:
        return clone(x) if bound.get("copy") else x
    return _convert(x, target)


_P = inspect.Parameter
to.__signature__ = inspect.Signature([          # torch's names, for the keyword layer
    _P("self", _P.POSITIONAL_ONLY), _P("device", _P.POSITIONAL_OR_KEYWORD, default=None),
    _P("dtype", _P.POSITIONAL_OR_KEYWORD, default=None),
    _P("non_blocking", _P.POSITIONAL_OR_KEYWORD, default=False),
    _P("copy", _P.POSITIONAL_OR_KEYWORD, default=False),
    _P("memory_format", _P.KEYWORD_ONLY, default=None)])


def cuda(x, device=None, non_blocking=False):
    """Torch's error for a build without CUDA."""
    _check_device("cuda")
