"""The Tensor-level random functions with torch's signatures: rand, randn, randint, randperm,
rand_like and randn_like.  They parse torch's argument forms, call ``sampling`` and wrap the
result with ``Tensor._from_array`` (imported lazily: tensor.py imports this package)."""
import operator

from .. import _dtype
from ..i18n import _
from . import sampling

__all__ = ["rand", "randn", "randint", "randperm", "rand_like", "randn_like"]

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
    return not isinstance(v, float) and hasattr(v, "__index__")


def _size(fname, args, kwargs):
    """torch's ``*size`` forms: f(2, 3), f((2, 3)), f([2, 3]), f(torch.Size(...)), f(())."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    elif not args:
        raise _bad_args(fname, (), kwargs, (_SIZE_SIG, _SIZE_SIG2))
    for pos, a in enumerate(args):
        if not _is_int(a):
            if any(isinstance(b, (tuple, list)) for b in args):
                raise _bad_args(fname, args, kwargs, (_SIZE_SIG, _SIZE_SIG2))
            raise TypeError(_("{f}(): argument 'size' (position {p}) must be tuple of ints, "
                              "not {t}").format(f=fname, p=pos + 1, t=type(a).__name__))
    return tuple(operator.index(a) for a in args)


def _wrap(arr, requires_grad):
    from ..tensor import Tensor
    dt = _dtype.from_numpy_dtype(arr.dtype)
    if requires_grad and not dt.is_floating_point:
        raise RuntimeError(_(INT_REQUIRES_GRAD))
    return Tensor._from_array(arr, requires_grad=bool(requires_grad))


def _check_device(device):
    if device is not None:
        from ..creation import device as _device
        _device(device)


def rand(*size, generator=None, dtype=None, requires_grad=False, device=None):
    """Uniform samples in [0, 1) of the given size."""
    _check_device(device)
    shape = _size("rand", size, {})
    return _wrap(sampling.rand(shape, dtype, generator), requires_grad)


def randn(*size, generator=None, dtype=None, requires_grad=False, device=None):
    """Standard normal samples of the given size."""
    _check_device(device)
    shape = _size("randn", size, {})
    return _wrap(sampling.randn(shape, dtype, generator), requires_grad)


def randint(*args, size=None, low=None, high=None, generator=None, dtype=None,
            requires_grad=False, device=None):
    """``randint(high, size)`` or ``randint(low, high, size)``: integers in [low, high)."""
    _check_device(device)
    pos = list(args)
    if size is None and pos and isinstance(pos[-1], (tuple, list)):
        size = pos.pop()
    lo, hi = low, high
    if len(pos) == 2 and low is None and high is None:
        lo, hi = pos
    elif len(pos) == 1 and (low is None) != (high is None):
        lo, hi = (low, pos[0]) if high is None else (pos[0], high)
    elif len(pos) == 1 and low is None:
        lo, hi = 0, pos[0]
    elif not pos and lo is None:
        lo = 0
    elif pos:
        hi = None
    ok = (isinstance(size, (tuple, list)) and hi is not None and _is_int(lo)
          and _is_int(hi) and all(_is_int(s) for s in size))
    if not ok:
        kw = {k: v for k, v in (("low", low), ("high", high), ("size", size)) if v is not None}
        raise _bad_args("randint", args, kw, _RANDINT_SIGS)
    arr = sampling.randint(operator.index(lo), operator.index(hi), tuple(size), dtype,
                           generator)
    return _wrap(arr, requires_grad)


def randperm(n, generator=None, dtype=None, requires_grad=False, device=None):
    """A random permutation of 0..n-1 (int64 unless ``dtype`` says otherwise)."""
    _check_device(device)
    if not _is_int(n):
        raise TypeError(_("randperm(): argument 'n' (position 1) must be int, not {t}").format(
            t=type(n).__name__))
    return _wrap(sampling.randperm(n, dtype, generator), requires_grad)


def rand_like(input, dtype=None, requires_grad=False, generator=None):
    """``rand`` with the shape (and, unless given, the dtype) of ``input``."""
    dt = input.dtype if dtype is None else dtype
    return _wrap(sampling.rand(tuple(input.shape), dt, generator), requires_grad)


def randn_like(input, dtype=None, requires_grad=False, generator=None):
    """``randn`` with the shape (and, unless given, the dtype) of ``input``."""
    dt = input.dtype if dtype is None else dtype
    return _wrap(sampling.randn(tuple(input.shape), dt, generator), requires_grad)
