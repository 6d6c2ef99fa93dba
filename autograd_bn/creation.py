"""Making tensors: tensor, as_tensor, from_numpy, ones, zeros, full, empty, arange, linspace,
eye and the *_like functions, with PyTorch's dtype inference."""
import math
import operator
from itertools import chain

import numpy as np

from . import _dtype
from ._device import check_device, device
from ._scalars import CANNOT_CONVERT, OVERFLOW_LONG_LONG, cast, checked, fits, parse_int, stored
from ._data_checks import as_lists, diagnose, to_depth
from .i18n import N_, _
from .tensor import Tensor
from ._device import _check_device, device  # noqa: F401  (torch.device)
from . import _factory_args as A
from ._ranges import arange, eye, linspace  # noqa: F401  (torch.arange, ...)
from .ops.arguments import fits as arg_fits, size_argument, type_name

INT_REQUIRES_GRAD = N_("Only Tensors of floating point and complex dtype can require gradients")
NDARRAY_TYPE = N_("can't convert np.ndarray of type numpy.{t}. The only supported types are: "
                  "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, "
                  "uint64, uint32, uint16, uint8, and bool.")
ONE_ELEMENT = N_("only one element tensors can be converted to Python scalars")
LIST_OF_ARRAYS = N_("Creating a tensor from a list of numpy.ndarrays is extremely slow. Please "
                    "consider converting the list to a single numpy.ndarray with numpy.array() "
                    "before converting to a tensor.")
_WARNED = set()


_from_array = Tensor._from_array


_finish = A.finish


def _infer(data, dtype=None):
    """A NumPy array for Python data, with torch's dtype inference (or the dtype given)."""
    if isinstance(data, Tensor):
        return data._data.copy()
    if isinstance(data, np.generic):               # a NumPy scalar: its own dtype, as torch
        data = np.asarray(data)
    if isinstance(data, np.ndarray):
        d = _dtype.from_numpy_dtype(data.dtype)
        if d is None:
            raise TypeError(_(NDARRAY_TYPE).format(t=data.dtype.type.__name__))
        return np.array(data, dtype=d.np, copy=True)
    cls = data.__class__
    if dtype is None and (cls is float or cls is int or cls is bool):   # the common scalars
        if cls is float:
            npd = _dtype.get_default_dtype().np
            if -3.4e38 < data < 3.4e38 or npd != np.float32 or data != data:
                return np.array(data).astype(npd)
            with np.errstate(over="ignore"):                    # float32 overflows to inf
                return np.array(data).astype(npd)
        if cls is int:                  # int64 even where NumPy's default int is 32-bit
            return np.array(_unpack_long(data), np.int64)
        return np.array(data)
    given = dtype is not None
    found, classes = set(), set()
    has_tensors = _leaf_dtypes(data, found, classes)
    if any(not issubclass(k, (Tensor, np.generic, np.ndarray)) for k in classes) or (
            np.ndarray in classes and any(isinstance(v, np.ndarray) and v.ndim == 0
                                          for v in _leaves(data))):   # (torch: len() fails)
        diagnose(data, dtype if given else None)   # None, strings, ...: torch's error
        listed = as_lists(data, bytes_too=True)  # ranges, bytes, other sequences: as lists
        if listed is not data:
            return _infer(listed, dtype if given else None)
    if dtype is None:
        # torch's infer_scalar_type: the leaves' dtypes promoted (a Python float counts as
        # the default dtype, a NumPy scalar or tensor as its own)
        dtype = _dtype.get_default_dtype()
        if found:
            dtype = None
            for d in found:
                dtype = d if dtype is None else _dtype.promote(dtype, d)
    if not dtype.is_floating_point and classes:
        _index_numpy_leaves(data, classes, dtype)
    if has_tensors:
        data = _tensors_to_values(data)
    return _convert(data, dtype, _dtype.int64 in found)


def _index_numpy_leaves(data, classes, dtype):
    """torch stores a NumPy scalar or a tensor into an integer (or bool) tensor through
    __index__: a NumPy float (other than float64, a Python float) or bool fails with Python's
    TypeError, a floating tensor with torch's."""
    bad = [k for k in classes if issubclass(k, np.generic) and not issubclass(
        k, (np.integer, float)) and not (k is np.bool_ and dtype is _dtype.bool_)
        or issubclass(k, Tensor)]
    if bad:                            # element by element, so the first failure is torch's
        for v in _leaves(data):
            if v.__class__ in bad and not (isinstance(v, Tensor) and not v.is_floating_point()):
                operator.index(v)                      # raises Python's own TypeError
            if dtype is not _dtype.bool_:
                if v.__class__ is int:
                    _unpack_long(v)
                if isinstance(v, (int, float, np.number)) and not fits(v, dtype):
                    raise RuntimeError(_(CANNOT_CONVERT).format(t=dtype.name))


def _leaves(data):
    if isinstance(data, (list, tuple)):
        for v in data:
            yield from _leaves(v)
    else:
        yield data


def _leaf_dtypes(data, found, classes):
    """Collect into ``found`` the dtype of every leaf of nested lists, a level at a time
    (unknown leaves are left to NumPy, which reports them); True if a leaf is a tensor."""
    level = data if isinstance(data, (list, tuple)) else (data,)
    tensors = False
    while level:
        kinds = set(map(type, level))
        nested = False
        for k in kinds:
            d = _PYTHON_LEAF.get(k)
            if d is not None:
                found.add(d if d is not float else _dtype.get_default_dtype())
            elif k is list or k is tuple or issubclass(k, (list, tuple)):
                nested = True
            else:
                tensors |= issubclass(k, Tensor)
                classes.add(k)
                for v in level:
                    if v.__class__ is k:
                        _leaf_dtype(v, found)
        if not nested:
            return tensors
        level = list(chain.from_iterable(v for v in level if isinstance(v, (list, tuple))))
    return tensors


def _leaf_dtype(v, found):
    if isinstance(v, Tensor):
        found.add(v.dtype)
    elif isinstance(v, (np.ndarray, np.generic)):
        d = _dtype.from_numpy_dtype(v.dtype)
        if d is not None:
            found.add(d)
    elif isinstance(v, bool):
        found.add(_dtype.bool_)
    elif isinstance(v, int):
        found.add(_dtype.int64)
    elif isinstance(v, float):
        found.add(_dtype.get_default_dtype())


_PYTHON_LEAF = {bool: _dtype.bool_, int: _dtype.int64, float: float}
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _convert(data, dt, has_ints):
    """data as an array of dtype dt, as torch stores each element: Python ints must fit a C
    long long when they go to an integer dtype (else ValueError), and values must fit the
    integer dtype (uint8 takes -255..255, the negatives wrapping), else torch's RuntimeError;
    floating dtypes take any number (Python's OverflowError past float range)."""
    arr = np.array(data)
    if arr.dtype == object or arr.dtype == np.uint64 or (has_ints and arr.dtype.kind == "f"
                                                         and not dt.is_floating_point):
        # integers beyond 64 bits (or mixed with others): convert them one by one, as torch
        if dt.is_floating_point:
            arr = np.array(_map_leaves(data, lambda v: float(v) if isinstance(v, int) else v),
                           dtype=np.float64)
        elif dt is _dtype.bool_:
            arr = np.array(_map_leaves(data, bool))
        else:                          # each checked by its own rule, in order, then cast
            arr = np.array(_map_leaves(data, lambda v: _stored_int(v, dt)), dtype=dt.np)
    if arr.dtype == object or arr.dtype.kind in "USV":
        raise TypeError(_("new(): invalid data type '{t}'").format(t=type(data).__name__))
    if arr.dtype.kind not in "biuf":
        raise TypeError(_("new(): invalid data type '{t}'").format(t=arr.dtype))
    if (arr.dtype.kind in "iuf" and not dt.is_floating_point and dt is not _dtype.bool_
            and not (arr.dtype.kind == "i" and arr.dtype.itemsize <= dt.np.itemsize)):
        info = np.iinfo(dt.np)
        with np.errstate(invalid="ignore"):
            if arr.dtype.kind == "f":
                bad = ~np.isfinite(arr) | (arr < info.min) | (arr > info.max)
            else:
                bad = (arr < (-255 if dt is _dtype.uint8 else info.min)) | (arr > info.max)
        if bad.any():
            raise RuntimeError(_(CANNOT_CONVERT).format(t=dt.name))
    if arr.dtype.kind == "f" and dt is _dtype.float32 and arr.dtype != np.float32:
        with np.errstate(over="ignore"):          # float64 -> float32 may overflow to inf
            return arr.astype(dt.np)
    return arr.astype(dt.np)


def _stored_int(v, dt):
    if v.__class__ is int:
        _unpack_long(v)
    if isinstance(v, (int, float, np.number)) and not fits(v, dt):
        raise RuntimeError(_(CANNOT_CONVERT).format(t=dt.name))
    return int(cast(v, dt)) if isinstance(v, (int, float, np.number)) else v


def _unpack_long(v):
    if isinstance(v, int) and not isinstance(v, bool) and not _INT64_MIN <= v <= _INT64_MAX:
        raise ValueError(_(OVERFLOW_LONG_LONG))
    return v


def _tensors_to_values(data):
    if isinstance(data, Tensor):                 # a leaf: one element, as torch's item()
        if data._data.size != 1:
            raise ValueError(_(ONE_ELEMENT))
        return data._data.reshape(()).item()
    if isinstance(data, (list, tuple)):
        return [_tensors_to_values(v) for v in data]
    return data


def _map_leaves(data, fn):
    if isinstance(data, (list, tuple)):
        return [_map_leaves(v, fn) for v in data]
    return fn(data)


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of ``data`` (a number, nested lists, an array or a tensor)."""
    if requires_grad.__class__ is not bool or dtype is not None:
        A.check("tensor", (data,), dtype, requires_grad, none_ok=False)
    _check_device(device)
    if isinstance(data, Tensor):
        import warnings
        warnings.warn(_("To copy construct from a tensor, it is recommended to use "
                        "sourceTensor.detach().clone() or "
                        "sourceTensor.detach().clone().requires_grad_(True), rather than "
                        "torch.tensor(sourceTensor)."), UserWarning, stacklevel=2)
    return _tensor(data, dtype, requires_grad)


def _tensor(data, dtype=None, requires_grad=False):
    cls = data.__class__
    if cls is list or cls is tuple:
        if data and isinstance(data[0], np.ndarray) and "arrays" not in _WARNED:
            _WARNED.add("arrays")                  # torch says so once per process
            import warnings
            warnings.warn(_(LIST_OF_ARRAYS), UserWarning, stacklevel=3)
    elif not isinstance(data, (Tensor, np.ndarray, np.generic, int, float, list, tuple)):
        diagnose(data, _given(dtype))                # torch's error, if any
        data = as_lists(data)                        # a range, or another sequence
    try:
        return _made(data, dtype, requires_grad)
    except (TypeError, ValueError):
        sizes, dt = diagnose(data, _given(dtype))  # torch's error, if the data is at fault
        if 0 not in sizes:
            if getattr(data, "_tried_as_lists", False) or not isinstance(data, (list, tuple)):
                raise
            # torch reads bytes as small ints, and tensors or arrays inside the levels it
            # found as sequences: the data as nested lists, once more
            listed = _Listed(to_depth(data, len(sizes)))
            listed._tried_as_lists = True
            return _tensor(listed, dtype, requires_grad)
        # an empty level: torch stores nothing, so later levels may be ragged ([[], [1]])
        return _finish(np.zeros(sizes[:sizes.index(0) + 1], dt.np), dtype, requires_grad)


class _Listed(list):
    """Nested lists made by to_depth (tried once)."""
    _tried_as_lists = False


def _given(dtype):
    return None if dtype is None else _dtype.resolve(dtype)


def _made(data, dtype, requires_grad):
    if isinstance(data, np.generic) and dtype is not None and not _dtype.resolve(
            dtype).is_floating_point:
        _index_numpy_leaves(data, {data.__class__}, _dtype.resolve(dtype))
    if dtype is not None and not isinstance(data, (Tensor, np.ndarray, np.generic)):
        arr = _infer(data, _dtype.resolve(dtype))
    else:
        arr = _infer(data)
        if dtype is not None:
            arr = arr.astype(_dtype.resolve(dtype).np)
    return _finish(arr, dtype, requires_grad)


def as_tensor(data, dtype=None, device=None, **unexpected):
    """data as a tensor, sharing memory when it already is one (or a NumPy array) of the dtype."""
    if dtype is not None:
        A.check("as_tensor", (data,), dtype)
    for k in unexpected:                    # (after dtype: torch checks in this order)
        raise TypeError(_("{f}() got an unexpected keyword argument '{k}'").format(
            f="as_tensor", k=k))
    if isinstance(data, Tensor) and (dtype is None or _dtype.resolve(dtype) is data.dtype):
        return data
    if isinstance(data, np.ndarray) and dtype is None and data.dtype in _dtype._BY_NP:
        return from_numpy(data)
    _check_device(device)
    return _tensor(data, dtype)


def from_numpy(array):
    """A tensor sharing memory with a NumPy array."""
    if not isinstance(array, np.ndarray):
        raise TypeError(_("expected np.ndarray (got {t})").format(t=type(array).__name__))
    if array.dtype not in _dtype._BY_NP:
        d = _dtype.from_numpy_dtype(array.dtype)
        if d is None or d.np != array.dtype:
            raise TypeError(_(NDARRAY_TYPE).format(t=array.dtype.type.__name__))
    return Tensor._from_array(array)


def _size(name, size):
    """torch's size argument (see ops/arguments.py), with its check for negative sizes."""
    size = size_argument(name, size)
    for s in size:
        if s < 0:
            if name == "zeros":
                raise RuntimeError(_("zeros: Dimension size must be non-negative."))
            raise RuntimeError(_("Trying to create tensor with negative dimension {s}: [{all}]")
                               .format(s=s, all=", ".join(map(str, size))))
    return size


def _dt(dtype):
    return _dtype.get_default_dtype() if dtype is None else _dtype.resolve(dtype)


def _filled(name, size, value, dtype, requires_grad, device):
    if requires_grad.__class__ is not bool or dtype is not None:
        one = size[0] if len(size) == 1 and isinstance(size[0], (list, tuple)) else size
        A.check(name, (one, value) if name == "full" else (one,), dtype, requires_grad,
                device=device)
    if device is not None:
        _check_device(device)
    if not size:
        raise TypeError(_('{f}() missing 1 required positional arguments: "size"').format(f=name))
    for s in size:                      # fast path: plain non-negative ints
        if s.__class__ is not int or s < 0:
            size = _size(name, size)
            break
    dt = _dtype._default[0] if dtype is None else _dtype.resolve(dtype)
    data = np.empty(size, dt.np)
    if value.__class__ is not int or value not in (0, 1):
        value = stored(value.item() if isinstance(value, np.generic) else value, dt)
    data.fill(value)
    return _finish(data, dtype, requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of the given size filled with 1 (default dtype unless dtype is given)."""
    return _filled("ones", size, 1, dtype, requires_grad, device)


def zeros(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of the given size filled with 0."""
    return _filled("zeros", size, 0, dtype, requires_grad, device)


def empty(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of the given size (PyTorch leaves it uninitialised; here it holds zeros)."""
    return _filled("empty", size, 0, dtype, requires_grad, device)


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    """A tensor of the given size filled with fill_value (its dtype inferred from the value)."""
    if not isinstance(size, (list, tuple)) or not arg_fits("Number", fill_value):
        if not isinstance(size, (list, tuple)):
            raise TypeError(_("{f}(): argument '{p}' (position 1) must be tuple of ints, not {t}")
                            .format(f="full", p="size", t=type_name(size)))
        raise A.fail("full", (size, fill_value))
    if dtype is None:
        if hasattr(fill_value, "_data"):
            fill_value = fill_value.item()
        dtype = _dtype.scalar_dtype(fill_value)
    return _filled("full", (tuple(size),), fill_value, dtype, requires_grad, device)


def _like(name, t, value, dtype, requires_grad, device=None):
    if requires_grad.__class__ is not bool or dtype is not None or not isinstance(t, Tensor):
        A.check(name, (t,), dtype, requires_grad, device=device)
        if not isinstance(t, Tensor):
            raise A.fail(name, (t,))
    _check_device(device)
    d = _dt(dtype) if dtype is not None else t.dtype
    return _finish(np.full(t._data.shape, value, dtype=d.np), dtype, requires_grad)


def ones_like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
    """ones() with the shape (and, unless given, the dtype) of input."""
    return _like("ones_like", input, 1, dtype, requires_grad, device)


def zeros_like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
    """zeros() with the shape (and, unless given, the dtype) of input."""
    return _like("zeros_like", input, 0, dtype, requires_grad, device)


def empty_like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
    """empty() with the shape (and, unless given, the dtype) of input."""
    return _like("empty_like", input, 0, dtype, requires_grad, device)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False,
              memory_format=None):
    """full() with the shape (and, unless given, the dtype) of input."""
    if not isinstance(input, Tensor) or not arg_fits("Number", fill_value):
        raise A.fail("full_like", (input, fill_value))
    if requires_grad.__class__ is not bool or dtype is not None:
        A.check("full_like", (input, fill_value), dtype, requires_grad, device=device)
    if hasattr(fill_value, "_data"):
        fill_value = fill_value.item()
    elif isinstance(fill_value, np.generic):
        fill_value = fill_value.item()
    return _like("full_like", input,
                 stored(fill_value, _dt(dtype) if dtype is not None else input.dtype),
                 dtype, requires_grad, device)


def _legacy_constructor(cls, *args, **kwargs):
    """``torch.Tensor(2, 3)`` (sizes, uninitialised: here zeros) or ``torch.Tensor([1, 2])``."""
    if len(args) == 1 and isinstance(args[0], (list, tuple, np.ndarray, Tensor)):
        return _tensor(args[0], dtype=_dtype.get_default_dtype())
    return zeros(*args) if args else Tensor._from_array(
        np.zeros((0,), dtype=_dtype.get_default_dtype().np))
