"""The Tensor-level random functions with torch's signatures: rand, randn, randint, randperm,
rand_like and randn_like.  They parse torch's argument forms, call ``sampling`` and wrap the
result with ``Tensor._from_array``."""
import operator

from .. import _dtype
from .._factory_args import check_options as _check_options
from .._device import _check_device as _device_check, device as _device  # noqa: F401
from ..ops.arguments import _int_like
from ..i18n import _
from ..tensor import Tensor
from . import sampling

__all__ = ["rand", "randn", "randint", "randperm", "rand_like", "randn_like"]

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
INT_REQUIRES_GRAD = "Only Tensors of floating point and complex dtype can require gradients"
_SIZE_SIG = ("(tuple of ints size, *, torch.Generator generator, Tensor out = None, "
             "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
             "bool pin_memory = False, bool requires_grad = False)")
_SIZE_SIG2 = ("(tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, "
              "torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
              "bool requires_grad = False)")
_RANDINT_SIGS = [
    "(int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, "
    "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
    "bool pin_memory = False, bool requires_grad = False)",
    "(int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, "
    "torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)",
    "(int low, int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, "
    "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
    "bool pin_memory = False, bool requires_grad = False)",
    "(int low, int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, "
    "torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)"]


def _type_names(args, kwargs):
    names = [type(a).__name__ for a in args]
    names += ["{}={}".format(k, type(v).__name__) for k, v in kwargs.items()]
    return ", ".join(names)


def _bad_args(fname, args, kwargs, sigs):
    return TypeError(_("{f}() received an invalid combination of arguments - got ({got}), but "
                       "expected one of:\n").format(f=fname, got=_type_names(args, kwargs))
                     + "".join(" * {}\n".format(s) for s in sigs))


def _is_int(v):
    return _int_like(v)


def _size(fname, args, size=None):
    """torch's size forms: f(2, 3), f((2, 3)), f([2, 3]), f(torch.Size(...)), f(()), f(size=...),
    with torch's TypeError texts for anything else."""
    sigs = (_SIZE_SIG, _SIZE_SIG2)
    if size is not None:
        if args:
            raise _bad_args(fname, args, {"size": size}, sigs)
        return _size_items(fname, size, "", keyword=True)
    if not args:
        raise _bad_args(fname, (), {}, sigs)
    if isinstance(args[0], (tuple, list)):
        if len(args) > 1:
            raise _bad_args(fname, args, {}, sigs)
        return _size_items(fname, args[0], " (position 1)")
    if len(args) > 1 and not _is_int(args[0]):
        raise _bad_args(fname, args, {}, sigs)
    return _size_items(fname, args, " (position 1)", varargs=True)


def _size_items(fname, items, where, keyword=False, varargs=False):
    """Check a size sequence the way torch's argument parser does; a tuple of ints."""
    if not isinstance(items, (tuple, list)):
        raise TypeError(_("{f}(): argument 'size'{w} must be tuple of ints, not {t}").format(
            f=fname, w=where, t=type(items).__name__))
    for i, v in enumerate(items):
        if _is_int(v):
            continue
        if i == 0 and keyword:
            raise TypeError(_("{f}(): argument 'size' must be tuple of ints, not {t}").format(
                f=fname, t=type(items).__name__))
        if i == 0 and varargs:
            raise TypeError(_("{f}(): argument 'size'{w} must be tuple of ints, not {t}").format(
                f=fname, w=where, t=type(v).__name__))
        if i == 0:
            raise TypeError(_("{f}(): argument 'size'{w} must be tuple of ints, but found "
                              "element of type {t} at pos 0").format(
                f=fname, w=where, t=type(v).__name__))
        raise TypeError(_("{f}(): argument 'size' failed to unpack the object at pos {p} with "
                          "error \"type must be tuple of ints,but got {t}\"").format(
            f=fname, p=i + 1, t=type(v).__name__))
    return tuple(operator.index(v) for v in items)


def _wrap(arr, requires_grad):
    dt = _dtype.from_numpy_dtype(arr.dtype)
    if requires_grad and not dt.is_floating_point:
        raise RuntimeError(_(INT_REQUIRES_GRAD))
    return Tensor._from_array(arr, requires_grad=bool(requires_grad))


def _check_device(device):
    if device is not None:
        _device_check(device)


_RANDPERM_SIGS = [
    "(int n, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, "
    "torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)",
    "(int n, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)"]
_LIKE_SIGS = [
    "(Tensor input, *, torch.Generator generator, torch.memory_format memory_format = None, "
    "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
    "bool pin_memory = False, bool requires_grad = False)",
    "(Tensor input, *, torch.memory_format memory_format = None, torch.dtype dtype = None, "
    "torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)"]


def rand(*args, size=None, generator=None, dtype=None, requires_grad=False, device=None):
    """Uniform samples in [0, 1) of the given size."""
    if dtype is not None or requires_grad.__class__ is not bool:
        _check_options("rand", (_SIZE_SIG, _SIZE_SIG2), args, dtype, requires_grad, device)
    _check_device(device)
    shape = _size("rand", args, size)
    return _wrap(sampling.rand(shape, dtype, generator), requires_grad)


def randn(*args, size=None, generator=None, dtype=None, requires_grad=False, device=None):
    """Standard normal samples of the given size."""
    if dtype is not None or requires_grad.__class__ is not bool:
        _check_options("randn", (_SIZE_SIG, _SIZE_SIG2), args, dtype, requires_grad, device)
    _check_device(device)
    shape = _size("randn", args, size)
    return _wrap(sampling.randn(shape, dtype, generator), requires_grad)


def randint(*args, size=None, low=None, high=None, generator=None, dtype=None,
            requires_grad=False, device=None):
    """``randint(high, size)`` or ``randint(low, high, size)``: integers in [low, high)."""
    if dtype is not None or requires_grad.__class__ is not bool:
        _check_options("randint", _RANDINT_SIGS, args, dtype, requires_grad, device)
    _check_device(device)
    given = {k: v for k, v in (("low", low), ("high", high), ("size", size)) if v is not None}
    pos = list(args)
    where = ""
    lo, hi, names = low, high, {}
    if len(pos) == 3 and not given:
        lo, hi, size = pos
        names, where = {"low": 1, "high": 2}, " (position 3)"
    elif len(pos) == 2 and size is None and low is None and high is None:
        hi, size = pos
        names, where = {"high": 1}, " (position 2)"
    elif len(pos) == 2 and size is not None and low is None and high is None:
        lo, hi = pos
        names = {"low": 1, "high": 2}
    elif len(pos) == 1 and size is not None and (low is None or high is None):
        if high is None:
            hi, names = pos[0], {"high": 1}
        else:
            lo, names = pos[0], {"low": 1}
    elif pos or size is None or high is None:
        raise _bad_args("randint", args, given, _RANDINT_SIGS)
    lo = 0 if lo is None else lo
    for name, v in (("low", lo), ("high", hi)):
        if isinstance(v, bool) and names.get(name) == 1:
            raise TypeError(_("randint(): argument '{a}' (position {p}) must be int, not "
                              "bool").format(a=name, p=names.get(name, 1)))
        if not _is_int(v) or isinstance(v, bool):
            raise _bad_args("randint", args, given, _RANDINT_SIGS)
    size = _size_items("randint", size, where, keyword=not where)
    lo, hi = operator.index(lo), operator.index(hi)
    if not (_INT64_MIN <= lo <= _INT64_MAX and _INT64_MIN <= hi <= _INT64_MAX):
        raise ValueError(_("Overflow when unpacking long long"))
    arr = sampling.randint(lo, hi, size, dtype, generator)
    return _wrap(arr, requires_grad)


def randperm(n, generator=None, dtype=None, requires_grad=False, device=None):
    """A random permutation of 0..n-1 (int64 unless ``dtype`` says otherwise)."""
    if dtype is not None or requires_grad.__class__ is not bool:
        _check_options("randperm", _RANDPERM_SIGS, (n,), dtype, requires_grad, device)
    _check_device(device)
    if not _is_int(n) or isinstance(n, bool):
        raise TypeError(_("randperm(): argument 'n' (position 1) must be int, not {t}").format(
            t=type(n).__name__))
    return _wrap(sampling.randperm(n, dtype, generator), requires_grad)


def rand_like(input, dtype=None, requires_grad=False, generator=None, device=None):
    """``rand`` with the shape (and, unless given, the dtype) of ``input``."""
    if dtype is not None or requires_grad.__class__ is not bool:
        _check_options("rand_like", _LIKE_SIGS, (input,), dtype, requires_grad, device)
    _check_device(device)
    dt = input.dtype if dtype is None else dtype
    return _wrap(sampling.rand(tuple(input.shape), dt, generator), requires_grad)


def randn_like(input, dtype=None, requires_grad=False, generator=None, device=None):
    """``randn`` with the shape (and, unless given, the dtype) of ``input``."""
    if dtype is not None or requires_grad.__class__ is not bool:
        _check_options("randn_like", _LIKE_SIGS, (input,), dtype, requires_grad, device)
    _check_device(device)
    dt = input.dtype if dtype is None else dtype
    return _wrap(sampling.randn(tuple(input.shape), dt, generator), requires_grad)
