"""Indexing: ``x[i]`` and ``x[i] = v``.

Like PyTorch, basic indexing is a chain of views applied left to right (an integer is a
select, a slice a slice, None an unsqueeze: each its own node), and integer-array or boolean
indices are applied afterwards in one gather (IndexBackward0), with NumPy's semantics.
"""
import numpy as np

from ..autograd.grad_mode import GradMode
from .._scalars import parse_long, stored
from ..i18n import N_, _
from . import overlap
from . import derivatives as D
from .elementwise import wrap
from . import shape as S
from .inplace import check_inplace
from .registry import needs_grad, record
from .uint8_masks import uint8_array, uint8_masks as as_bool_masks
from .views import rebase, view_of

OUT_OF_BOUNDS = N_("index {i} is out of bounds for dimension {dim} with size {n}")
TOO_MANY = N_("too many indices for tensor of dimension {n}")
ZERO_DIM_INDEX = N_("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                    "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
INDEX_PUT_DTYPE = N_("Index put requires the source and destination dtypes match, got {dst} for "
                     "the destination and {src} for the source.")
LEAF_VIEW_INPLACE = N_("a view of a leaf Variable that requires grad is being used in an in-place "
                     "operation.")


def _is_advanced(item):
    return isinstance(item, (list, np.ndarray)) or hasattr(item, "_data")


def _as_index_array(item):
    if hasattr(item, "_data"):
        a = item._data
    else:
        a = np.asarray(item)
    if a.dtype == np.bool_:
        return a
    if a.dtype.kind not in "iu":
        if a.size == 0:
            return a.astype(np.int64)
        raise IndexError(_("tensors used as indices must be long, int, byte or bool tensors"))
    return a.astype(np.int64, copy=False)


def _normalise(index, ndim):
    if not isinstance(index, tuple):
        index = (index,)
    used = sum(_as_index_array(it).ndim if _is_advanced(it) and
               _as_index_array(it).dtype == np.bool_ else 1
               for it in index if it is not None and it is not Ellipsis
               and not isinstance(it, bool))                # True/False add a dimension
    if sum(1 for it in index if it is Ellipsis) > 1:
        raise IndexError(_("an index can only have a single ellipsis ('...')"))
    if used > ndim:
        if ndim == 0 and len(index) == 1 and isinstance(index[0], slice):
            raise IndexError(_(N_("slice() cannot be applied to a 0-dim tensor.")))
        if ndim == 0 and len(index) == 1 and not isinstance(index[0], bool) and not (
                _is_advanced(index[0])):
            if _int(index[0]) != 0:                 # torch: only 0 gets the friendly message
                raise IndexError(_(OUT_OF_BOUNDS).format(i=_int(index[0]), dim=0, n=0))
            raise IndexError(_(ZERO_DIM_INDEX))
        raise IndexError(_(TOO_MANY).format(n=ndim))
    out = []
    for it in index:
        if it is Ellipsis:
            out.extend([slice(None)] * (ndim - used))
        else:
            out.append(it)
    return out


MASK_SHAPE = N_("The shape of the mask [{m}] at index {j} does not match the shape of the "
                 "indexed tensor [{s}] at index {k}")
UINT8_MASKED_FILL = N_("masked_fill_ only supports boolean masks, but got mask with dtype "
                       "unsigned char")


def getitem(x, index):
    index, uint8_masks = as_bool_masks(index)
    items = _normalise(index, x._data.ndim)
    t, dim, rest, advanced = x, 0, [], False
    for it in items:
        if isinstance(it, bool) or (_is_advanced(it) and not isinstance(it, list)
                                    and _as_index_array(it).shape == ()
                                    and _as_index_array(it).dtype == np.bool_):
            # a lone True/False adds a dimension of size 1 or 0: torch unsqueezes there and
            # then indexes that dimension with the mask
            t = S.unsqueeze(t, dim)
            rest.append(np.array([bool(it)]))
            advanced = True
            dim += 1
            continue
        if it is None:
            t = S.unsqueeze(t, dim)
            rest.append(slice(None))
            dim += 1
        elif isinstance(it, slice):
            t = _slice(t, dim, it)
            rest.append(slice(None))
            dim += 1
        elif _is_advanced(it):
            a = _as_index_array(it)
            if a.ndim == 0 and a.dtype != np.bool_:
                t = _select(t, dim, int(a))
                continue
            advanced = True
            rest.append(a)
            dim += a.ndim if a.dtype == np.bool_ else 1
        else:
            t = _select(t, dim, _int(it))
    if advanced:
        return _gather(t, tuple(rest), uint8_masks)
    if t is not x:
        return t
    return _alias(x) if needs_grad(x) else view_of(x, x._data.view())


def _int(it):
    try:
        return int(it.__index__())
    except (AttributeError, TypeError):
        raise IndexError(_("only integers, slices (`:`), ellipsis (`...`), None and long or "
                           "byte Variables are valid indices (got {t})").format(
            t=type(it).__name__)) from None


def _alias(x):
    # x[...] or x[:] with nothing to do: torch returns a view through an identity slice node.
    out = view_of(x, x._data.view())
    record(D.SliceBackward0, out, (x,), {"self_shape": x._data.shape,
                                          "index": (slice(None),)})
    return out


def _select(x, dim, i):
    d = x._data
    if d.ndim == 0:
        raise IndexError(_("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                           "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"))
    n = d.shape[dim]
    if not -n <= i < n:
        raise IndexError(_(OUT_OF_BOUNDS).format(i=i, dim=dim, n=n))
    index = (slice(None),) * dim + (i,)
    out = view_of(x, d[index + (Ellipsis,)])          # `...` keeps a 0-d result a view
    if needs_grad(x):
        record(D.SelectBackward0, out, (x,), {"self_shape": d.shape, "index": index})
    return out


def _slice(x, dim, s):
    d = x._data
    if d.ndim == 0:
        raise IndexError(_(TOO_MANY).format(n=0))
    if s.step is not None and _int(s.step) <= 0:
        raise ValueError(_("step must be greater than zero"))
    n = d.shape[dim]
    start, stop, step = s.indices(n)
    if start == 0 and stop >= n and step == 1:
        return x
    index = (slice(None),) * dim + (slice(start, max(stop, start), step),)
    out = view_of(x, d[index])
    if needs_grad(x):
        record(D.SliceBackward0, out, (x,), {"self_shape": d.shape, "index": index})
    return out


def _check_bounds(d, index):
    dim = 0
    for a in index:
        if isinstance(a, np.ndarray):
            if a.dtype == np.bool_:
                if a.shape != d.shape[dim:dim + a.ndim]:
                    # torch names the first dim of the mask that differs, and the whole shape
                    j = next(k for k in range(a.ndim) if dim + k >= d.ndim
                             or a.shape[k] != d.shape[dim + k])
                    raise IndexError(_(MASK_SHAPE).format(
                        m=", ".join(map(str, a.shape)), j=j, s=", ".join(map(str, d.shape)),
                        k=dim + j))
                dim += a.ndim
                continue
            n = d.shape[dim]
            bad = a[(a >= n) | (a < -n)]
            if bad.size:
                raise IndexError(_(OUT_OF_BOUNDS).format(i=int(bad.flat[0]), dim=dim, n=n))
        dim += 1


def _gather(x, index, uint8_masks=0):
    d = x._data
    _check_bounds(d, index)
    try:
        data = d[index]
    except IndexError as e:
        raise IndexError(_("shape mismatch: indexing tensors could not be broadcast together "
                           "with shapes {s}").format(s=str(e))) from None
    out = wrap(np.array(data, copy=True))
    if needs_grad(x):
        record(D.IndexBackward0, out, (x,), {"self_shape": d.shape, "index": index,
                                            "uint8_masks": uint8_masks})
    return out


def _numpy_index(x, index):
    """The NumPy index equal to torch's reading of ``index`` on x (for assignment)."""
    items = _normalise(index, x._data.ndim)
    out = []
    for it in items:
        if isinstance(it, bool):                    # a dimension of size 1 (or 0), masked
            out.append(it)
        elif it is None or isinstance(it, slice):
            if isinstance(it, slice) and it.step is not None and _int(it.step) <= 0:
                raise ValueError(_("step must be greater than zero"))
            out.append(np.newaxis if it is None else it)
        elif _is_advanced(it):
            out.append(_as_index_array(it))
        else:
            i, dim = _int(it), len([o for o in out if o is not np.newaxis])
            n = x._data.shape[dim]
            if not -n <= i < n:
                raise IndexError(_(OUT_OF_BOUNDS).format(i=i, dim=dim, n=n))
            out.append(i)
    return tuple(out)


def _makes_view(x, index):
    """True when torch writes through a view of x (a select, a narrowing slice, a new axis),
    False when it writes into x itself (full slices, ``...``, integer arrays or masks)."""
    shape = x._data.shape
    dim = 0
    for it in _normalise(index, x._data.ndim):
        if it is None or isinstance(it, bool):
            return True
        if isinstance(it, slice):
            n = shape[dim] if dim < len(shape) else 0
            start, stop, step = it.indices(n)
            if not (start == 0 and stop >= n and step == 1):
                return True
            dim += 1
        elif _is_advanced(it):
            a = _as_index_array(it)
            if a.ndim == 0:           # an integer, or a 0-d mask torch applies to an unsqueeze
                return True
            dim += a.ndim if a.dtype == np.bool_ else 1
        else:
            return True
    return False


def _strip_leading_ones(shape):
    k = 0
    while k < len(shape) and shape[k] == 1:
        k += 1
    return shape[k:]


def setitem(x, index, value):
    """x[index] = value, in place; recorded as torch's setitem records it."""
    items = index if isinstance(index, tuple) else (index,)
    arrays = [it for it in items if _is_advanced(it)]
    if (len(arrays) == 1 and uint8_array(arrays[0]) is not None and arrays[0].ndim
            and (not hasattr(value, "_data") or value._data.size == 1)):
        # torch's set_item fills one value through a single mask with masked_fill_, which
        # checks the mask's shape first
        as_bool = tuple(uint8_array(it) != 0 if it is arrays[0] else it for it in items)
        _check_bounds(x._data, [i for i in _numpy_index(x, as_bool)
                                if i is not None and not isinstance(i, bool)])
        raise RuntimeError(_(UINT8_MASKED_FILL))
    index, uint8_masks = as_bool_masks(index)
    view = _makes_view(x, index)
    if GradMode.enabled and x.grad_fn is None and x._requires_grad and view:
        raise RuntimeError(_(LEAF_VIEW_INPLACE))
    check_inplace(x, LEAF_VIEW_INPLACE)
    np_index = _numpy_index(x, index)
    advanced = any(isinstance(i, np.ndarray) and (i.ndim or i.dtype == np.bool_)
                   for i in np_index)
    is_tensor = hasattr(value, "_data")
    if not is_tensor and not isinstance(value, (int, float, np.number, np.bool_)):
        kind = type(value)
        raise TypeError(_("can't assign a {t} to a {d}").format(
            t=kind.__name__ if kind.__module__ == "builtins" else
            kind.__module__ + "." + kind.__name__, d=x.dtype.legacy_name))
    if not is_tensor:                 # torch unpacks a C long long, then Scalar.to<dtype>()
        if isinstance(value, np.generic):
            value = value.item()
        if value.__class__ is int:
            parse_long(value)
        value = stored(value, x.dtype)
    src = value._data if is_tensor else np.asarray(value)
    operand = value if is_tensor else None
    if advanced:
        _check_bounds(x._data, [i for i in np_index if i is not None and not isinstance(i, bool)])
    if is_tensor and not advanced:
        overlap.check(x._data[np_index], src)
    target_shape = np.empty(x._data.shape, dtype=np.bool_)[np_index].shape
    stripped = _strip_leading_ones(src.shape)     # torch drops the value's leading 1s first
    if advanced:
        if is_tensor and value.dtype is not x.dtype:
            raise RuntimeError(_(INDEX_PUT_DTYPE).format(dst=x.dtype.word, src=value.dtype.word))
        try:
            if np.broadcast_shapes(stripped, target_shape) != target_shape:   # (3,) into (2, 1)
                raise ValueError
        except ValueError:
            raise RuntimeError(_("shape mismatch: value tensor of shape [{v}] cannot be "
                                 "broadcast to indexing result of shape [{r}]").format(
                v=", ".join(map(str, src.shape)), r=", ".join(map(str, target_shape)))) from None
        if stripped != src.shape:
            src = src.reshape(stripped)
            if is_tensor:
                operand = S.view(value, stripped)
        node = D.CopySlices if view else D.IndexPutBackward0
    else:
        single = src.ndim == 0
        if src.shape != target_shape and not single:
            # torch's copy_to: value.view(stripped).expand(target), with expand's errors
            v = value if is_tensor else x.__class__._from_array(src)
            v = S.view(v, stripped)
            if v._data.shape != target_shape:
                v = S.expand(v, target_shape)
            src = v._data
            if is_tensor:
                operand = v
        node = D.CopySlices if view else (D.FillBackward3 if single and target_shape != ()
                                          else D.CopyBackwards)
    grad = GradMode.enabled and (x.requires_grad or getattr(value, "requires_grad", False))
    if grad:
        old = x.__class__._from_array(x._data)
        old.grad_fn, old._requires_grad = x.grad_fn, x._requires_grad
    x._data[np_index] = src.astype(x._data.dtype, copy=False)
    x._bump_version()
    if grad:
        record(node, x, (old, operand), {"index": np_index, "src_shape": src.shape,
                                         "uint8_masks": uint8_masks, "value_dtype": src.dtype})
        rebase(x, x.grad_fn)
