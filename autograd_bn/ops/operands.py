"""The operands of the elementwise operations: what counts as one (a tensor, a Python or NumPy
number), PyTorch's type promotion between two of them, and the NumPy arrays an op computes on."""
import numpy as np

from .. import _dtype
from ..creation import from_numpy
from .._scalars import INT64_MAX
from ..i18n import N_, _
from .arguments import BadOperand
from .broadcast import broadcast_shapes
from ..tensor import Tensor

_from_array = Tensor._from_array
_bool = _dtype.bool_


_ndarray = np.ndarray


def wrap(data):
    """A new tensor around a NumPy result (NumPy returns scalars for 0-d results)."""
    if data.__class__ is not _ndarray:
        data = np.asarray(data)
    return _from_array(data)


def as_operand(x):
    """A tensor, or a Python scalar; NumPy values become one of those.  Anything else (a list,
    None, a string) is not an operand: BadOperand, which the op's caller reports as torch
    does (see ops/arguments.py)."""
    if isinstance(x, np.generic):       # before float: np.float64 is a float subclass
        return x.item()
    if isinstance(x, (int, float)):
        return x
    if isinstance(x, np.ndarray):
        return from_numpy(x)
    if isinstance(x, Tensor):
        return x
    raise BadOperand(x)


def tensor_operand(x):
    """x, which must be a tensor (torch's ``Tensor other`` parameters without a Number
    overload: maximum, minimum, matmul, copy_)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        return from_numpy(x)
    raise BadOperand(x)


def result_dtype(a, b):
    """torch.result_type, with a fast path for tensor-and-same-dtype and tensor-and-scalar."""
    dt = a.dtype
    if isinstance(b, Tensor):
        return dt if b.dtype is dt else _dtype.result_type(a, b)
    if b.__class__ is float:
        return dt if dt.is_floating_point else _dtype.get_default_dtype()
    if b.__class__ is bool or dt is not _bool:
        return dt
    if b.__class__ is int and b > INT64_MAX:       # torch holds it as a uint64
        raise RuntimeError(_("Promotion for uint16, uint32, uint64 types is not supported, "
                             "attempted to promote Bool and UInt64"))
    return _dtype.int64


_INT_RANGE = {np.dtype(t).char: (np.iinfo(t).min, np.iinfo(t).max)
              for t in (np.uint8, np.int32, np.int64)}


def operands(a, b, rt):
    """The two NumPy operands, cast to the result dtype; torch's error for bad shapes."""
    ad = a._data
    if ad.dtype != rt.np:
        ad = ad.astype(rt.np)
    if not isinstance(b, Tensor):
        if b.__class__ is int and ad.dtype.kind in "iu" and not (
                _INT_RANGE[ad.dtype.char][0] <= b <= _INT_RANGE[ad.dtype.char][1]):
            b = np.array(b).astype(ad.dtype)[()]          # torch wraps it around, as C does
        return ad, b
    bd = b._data
    if bd.dtype != rt.np:
        bd = bd.astype(rt.np)
    if ad.shape != bd.shape:
        broadcast_shapes(ad.shape, bd.shape)
    return ad, bd


_FLT_MAX = float(np.finfo(np.float32).max)
_F32 = np.dtype(np.float32)


def _huge_for_float32(b, npdtype):
    """A Python float beyond float32's range meeting float32 data: torch rounds it to inf
    silently, NumPy warns; so it is converted here, quietly."""
    if npdtype == _F32 and b.__class__ is float and (b > _FLT_MAX or b < -_FLT_MAX):
        with np.errstate(over="ignore"):
            return np.float32(b)
    return b


NOT_IMPLEMENTED = N_('"{k}" not implemented for \'{t}\'')
