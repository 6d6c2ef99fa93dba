"""PyTorch's legacy spellings that tutorials still use: ``torch.FloatTensor([1, 2])``,
``isinstance(t, torch.LongTensor)``, ``t.type()``, ``t.type(torch.DoubleTensor)``, the
``new_*`` constructors (``t.new_ones(2)``: same dtype as t), ``t.cuda()`` and the device
arguments of ``t.to(...)``.  (``autograd.Variable`` is in autograd/variable.py.)

A tensor type such as ``FloatTensor`` is a class whose instances are never made: calling it
builds an ordinary Tensor of its dtype (from data, or uninitialised sizes: zeros here), and
``isinstance(t, FloatTensor)`` asks whether t has that dtype, as in torch.
"""
import warnings

import numpy as np

from . import _dtype
from .i18n import N_, _
from .creation import _check_device, _tensor, empty, full, ones, zeros
from .creation import device as Device
from .cuda import _lazy_init
from .tensor import Tensor

INVALID_TYPE = N_("invalid type: {name!r}")
OPTIONS = N_("expected TensorOptions(dtype={want}, device=cpu, layout=Strided, requires_grad="
             "false (default), pinned_memory=false (default), memory_format=(nullopt)) (got "
             "TensorOptions(dtype={got}, device=cpu, layout=Strided, requires_grad=false "
             "(default), pinned_memory=false (default), memory_format=(nullopt)))")
NO_ATEN_CUDA = N_(
    "Cannot initialize CUDA without ATen_cuda library. PyTorch splits its backend into two "
    "shared libraries: a CPU library and a CUDA library; this error has occurred because you "
    "are trying to use some CUDA functionality, but the CUDA library has not been loaded by the "
    "dynamic linker for some reason.  The CUDA library MUST be loaded, EVEN IF you don't "
    "directly use any symbols from the CUDA library! One common culprit is a lack of "
    "-Wl,--no-as-needed in your link arguments; many dynamic linkers will delete dynamic "
    "library dependencies if you don't depend on any of their symbols.  You can check if this "
    "has occurred by using ldd on your binary to see if there is a dependency on *_cuda.so "
    "library.")
NOT_SEQUENCE = N_("new(): data must be a sequence (got {t})")
NEW_TENSOR_COPY = ("To copy construct from a tensor, it is recommended to use "
                   "sourceTensor.detach().clone() or "
                   "sourceTensor.detach().clone().requires_grad_(True), rather than "
                   "tensor.new_tensor(sourceTensor).")
_C_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int",
            "uint8": "unsigned char", "bool": "bool"}


class tensortype(type):
    """The metaclass of FloatTensor & co.: prints as torch's, and isinstance checks the dtype."""

    def __repr__(cls):
        return f"<class 'torch.{cls.__name__}'>"

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype

    def __call__(cls, *args, **kwargs):
        return _construct(cls.dtype, args, kwargs)


def _construct(dt, args, kwargs):
    _check_device(kwargs.pop("device", None))
    size = kwargs.pop("size", None)
    if kwargs:
        raise TypeError(_("new() received an invalid combination of arguments - got {got}")
                        .format(got=", ".join(f"{k}={type(v).__name__}" for k, v in kwargs.items())))
    if size is not None:
        return zeros(*size, dtype=dt)
    if not args:
        return Tensor._from_array(np.zeros((0,), dtype=dt.np))
    if len(args) == 1 and isinstance(args[0], Tensor):
        if args[0].dtype is not dt:
            raise TypeError(_(OPTIONS).format(want=_C_NAMES[dt.name],
                                              got=_C_NAMES[args[0].dtype.name]))
        return args[0].detach()
    if len(args) == 1 and isinstance(args[0], (list, tuple, np.ndarray)):
        return _tensor(args[0], dtype=dt)
    if len(args) == 1 and isinstance(args[0], float):
        raise TypeError(_(NOT_SEQUENCE).format(t=type(args[0]).__name__))
    return zeros(*args, dtype=dt)


def _make(name, dt):
    return tensortype(name, (), {"dtype": dt, "is_cuda": False, "is_sparse": False,
                                 "__module__": "autograd_bn.legacy",
                                 "__doc__": f"Legacy constructor of {dt!r} tensors; "
                                            f"isinstance(t, {name}) checks the dtype."})


FloatTensor = _make("FloatTensor", _dtype.float32)
DoubleTensor = _make("DoubleTensor", _dtype.float64)
LongTensor = _make("LongTensor", _dtype.int64)
IntTensor = _make("IntTensor", _dtype.int32)
ByteTensor = _make("ByteTensor", _dtype.uint8)
BoolTensor = _make("BoolTensor", _dtype.bool_)
TYPES = (FloatTensor, DoubleTensor, LongTensor, IntTensor, ByteTensor, BoolTensor)
_BY_NAME = {"torch." + t.__name__: t for t in TYPES}


def type_(self, dtype=None, non_blocking=False, **kwargs):
    """``t.type()``: the legacy type name ('torch.FloatTensor'); ``t.type(T)`` with T a dtype,
    a tensor type or its name: t converted to it (t itself when already of that type)."""
    if dtype is None:
        return self.dtype.legacy_name
    if isinstance(dtype, str):
        t = _BY_NAME.get(dtype)
        if t is None:
            if dtype.startswith("torch.cuda."):
                raise RuntimeError(_(NO_ATEN_CUDA))
            raise ValueError(_(INVALID_TYPE).format(name=dtype))
        dtype = t.dtype
    elif isinstance(dtype, tensortype):
        dtype = dtype.dtype
    return self.to(dtype)


def _new_args(self, dtype, device, requires_grad):
    _check_device(device)
    return dtype if dtype is not None else self.dtype, requires_grad


def _sizes(size):
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        return tuple(size[0])
    return size


def new_ones(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    """Ones of the given size, with self's dtype unless dtype is given."""
    dt, rg = _new_args(self, dtype, device, requires_grad)
    return ones(*_sizes(size), dtype=dt, requires_grad=rg)


def new_zeros(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False):
    """Zeros of the given size, with self's dtype unless dtype is given."""
    dt, rg = _new_args(self, dtype, device, requires_grad)
    return zeros(*_sizes(size), dtype=dt, requires_grad=rg)


def new_empty(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False):
    """An uninitialised tensor (here: zeros) of the given size, with self's dtype."""
    dt, rg = _new_args(self, dtype, device, requires_grad)
    return empty(*_sizes(size), dtype=dt, requires_grad=rg)


def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False,
             layout=None, pin_memory=False):
    """A tensor of the given size filled with fill_value, with self's dtype."""
    if not isinstance(size, (list, tuple)):
        raise TypeError(_("new_full(): argument 'size' (position 1) must be tuple of ints, not "
                          "{t}").format(t=type(size).__name__))
    dt, rg = _new_args(self, dtype, device, requires_grad)
    return full(tuple(size), fill_value, dtype=dt, requires_grad=rg)


def new_tensor(self, data, dtype=None, device=None, requires_grad=False, layout=None,
               pin_memory=False):
    """A copy of data as a new leaf tensor, with self's dtype unless dtype is given."""
    if isinstance(data, Tensor):
        warnings.warn(NEW_TENSOR_COPY, UserWarning, stacklevel=2)
        data = data.detach()
    dt, rg = _new_args(self, dtype, device, requires_grad)
    return _tensor(data, dtype=dt, requires_grad=rg)


def cuda(self, device=None, non_blocking=False, memory_format=None):
    """Raises torch's error for a build without CUDA."""
    _lazy_init()


def install(Tensor):
    """Attach type(), cuda() and the new_* constructors to Tensor (to() takes devices itself:
    ops/conversion.py)."""
    Tensor.type = type_
    type_.__name__ = "type"
    Tensor.cuda = cuda
    for fn in (new_ones, new_zeros, new_empty, new_full, new_tensor):
        setattr(Tensor, fn.__name__, fn)
