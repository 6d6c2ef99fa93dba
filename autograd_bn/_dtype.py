"""The dtypes autograd_bn supports, and PyTorch's type-promotion rules for them.

Each dtype is a small singleton object that prints like PyTorch's (``torch.float32``) and
knows its NumPy counterpart.  Promotion follows torch's result_type: the supported dtypes are
totally ordered (bool < uint8 < int32 < int64 < float32 < float64), so promoting two of them is taking
the larger; Python scalars and 0-dim tensors only win when they belong to a higher category.
"""
import numpy as np

from .i18n import _

__all__ = ["dtype", "float32", "float64", "int32", "int64", "uint8", "bool_",
           "get_default_dtype", "set_default_dtype"]


class dtype:
    """A tensor element type, printed as PyTorch prints it (``torch.float32``)."""
    __slots__ = ("name", "np", "rank", "is_floating_point", "itemsize", "is_signed", "_category",
                 "word", "c_name")

    def __init__(self, name, np_dtype, rank, category, word, c_name):
        self.name = name
        self.word = word                   # torch's scalar-type word in messages: "Float"
        self.c_name = c_name               # and its C type name: "float"
        self.np = np.dtype(np_dtype)
        self.rank = rank
        self._category = category          # 0 bool, 1 integer, 2 floating
        self.is_floating_point = category == 2
        self.is_signed = name not in ("bool", "uint8")
        self.itemsize = self.np.itemsize

    @property
    def is_complex(self):
        return False

    @property
    def legacy_name(self):
        """The old tensor-type name PyTorch uses in some messages: torch.FloatTensor."""
        return "torch." + self.word + "Tensor"

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return (_by_name, (self.name,))


bool_ = dtype("bool", np.bool_, 0, 0, "Bool", "bool")
uint8 = dtype("uint8", np.uint8, 1, 1, "Byte", "unsigned char")
int32 = dtype("int32", np.int32, 2, 1, "Int", "int")
int64 = dtype("int64", np.int64, 3, 1, "Long", "long")
float32 = dtype("float32", np.float32, 4, 2, "Float", "float")
float64 = dtype("float64", np.float64, 5, 2, "Double", "double")

ALL = (bool_, uint8, int32, int64, float32, float64)
_BY_NP = {d.np: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL}
_BY_RANK = ALL

_default = [float32]


def _by_name(name):
    return _BY_NAME[name]


def get_default_dtype():
    """The dtype of new floating tensors (float32 unless set_default_dtype changed it)."""
    return _default[0]


def set_default_dtype(d):
    """Make float32 or float64 the dtype of new floating tensors."""
    if d not in (float32, float64):
        raise TypeError("only floating-point types are supported as the default type")
    _default[0] = d


def from_numpy_dtype(npd):
    """Our dtype for a NumPy dtype; None when unsupported."""
    d = _BY_NP.get(npd)
    if d is None:
        npd = np.dtype(npd)
        d = _BY_NP.get(npd)
        if d is None and npd.kind in "iu":
            d = int64 if npd.itemsize > 4 or npd.kind == "u" and npd.itemsize == 4 else int32
        elif d is None and npd.kind == "f":
            d = float64 if npd.itemsize > 4 else float32
    return d


def scalar_dtype(value):
    """The dtype a Python scalar stands for when it meets a tensor (a 'wrapped number')."""
    if isinstance(value, bool):
        return bool_
    if isinstance(value, int):
        return int64
    return _default[0]


def promote(a, b):
    return a if a.rank >= b.rank else b


def _combine(higher, lower):
    # torch's combine_categories: a lower-priority participant only counts when it is
    # of a higher category than everything above it.
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher._category == 2:
        return higher
    if higher is bool_ or lower._category == 2:
        return promote(higher, lower)
    return higher


def result_type(*operands):
    """torch.result_type of operands, each a Tensor or a Python scalar (None is skipped)."""
    dim = zero = wrapped = None
    unsigned64 = False
    for x in operands:
        if x is None:
            continue
        dt = getattr(x, "dtype", None)
        if dt is None:
            unsigned64 |= x.__class__ is int and 1 << 63 <= x < 1 << 64    # a uint64 in torch
            s = scalar_dtype(x)
            wrapped = s if wrapped is None else promote(wrapped, s)
        elif x._data.ndim:
            dim = dt if dim is None else promote(dim, dt)
        else:
            zero = dt if zero is None else promote(zero, dt)
    if unsigned64 and _combine(dim, zero) is bool_:
        raise RuntimeError(_("Promotion for uint16, uint32, uint64 types is not supported, "
                             "attempted to promote Bool and UInt64"))
    return _combine(dim, _combine(zero, wrapped))


def resolve(d):
    """Accept our dtype objects and NumPy/Python spellings; return our dtype."""
    if isinstance(d, dtype):
        return d
    if d is float:
        return float64          # as in torch: Python's float is double precision
    if d is int:
        return int64
    if d is bool:
        return bool_
    r = from_numpy_dtype(np.dtype(d))
    if r is None:
        raise TypeError(f"unsupported dtype {d!r}")
    return r
