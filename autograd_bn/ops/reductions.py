"""Forward passes of reductions: sum, mean, max/min, norm, all/any, argmax/argmin."""
from collections import namedtuple

import numpy as np

from .. import _dtype
from ..i18n import N_, _
from . import derivatives as D
from .arguments import BadOperand
from . import ufuncs as U
from .quiet import Quiet, call as _quiet_call
from .broadcast import wrap_dim
from .elementwise import maximum, minimum, wrap
from .registry import needs_grad, record

DIM_TWICE = N_("dim {dim} appears multiple times in the list of dims")
EMPTY_DIM = N_("{which}(): Expected reduction dim {dim} to have non-zero size.")
EMPTY_NO_DIM = N_("{which}(): Expected reduction dim to be specified for input.numel() == 0.")
MEAN_DTYPE = N_("mean(): could not infer output dtype. Input dtype must be either a floating "
              "point or complex dtype. Got: {name}")


_NO_DIM = object()      # no dim given (an explicit None differs: see sum, mean, max, min)


def dims_of(dim, ndim):
    """Normalise dim (int, tuple, list or None) to a sorted tuple of axes."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        if not dim:
            return tuple(range(ndim))
        wrapped = [wrap_dim(d, ndim) for d in dim]
        if len(set(wrapped)) != len(wrapped):
            seen = set()
            for w in wrapped:
                if w in seen:
                    raise RuntimeError(_(DIM_TWICE).format(dim=w))
                seen.add(w)
        axes = tuple(sorted(wrapped))
    else:
        axes = (wrap_dim(dim, ndim),)
    return axes if ndim else ()


def _kept(shape, axes):
    return tuple(1 if i in axes else s for i, s in enumerate(shape))


def sum(x, dim=_NO_DIM, keepdim=False, dtype=None):
    """Sum of all elements, or over dim (an explicit None is every dim, through torch's
    dim overload: SumBackward1, keepdim honoured)."""
    d = x._data
    target = _dtype.resolve(dtype) if dtype is not None else (
        x.dtype if x.dtype.is_floating_point else _dtype.int64)
    if d.dtype != target.np:
        d = d.astype(target.np)
    if dim is _NO_DIM:
        out = wrap(_quiet_call(np.add.reduce, d, None))     # inf + -inf: NaN, silently
        if needs_grad(x):
            record(D.SumBackward0, out, (x,), {"self_shape": d.shape})
        return out
    axes = dims_of(dim, d.ndim)
    out = wrap(_quiet_call(np.add.reduce, d, axes, None, None, keepdim))
    if needs_grad(x):
        record(D.SumBackward1, out, (x,), {"self_shape": d.shape,
                                          "kept_shape": _kept(d.shape, axes)})
    return out


def mean(x, dim=_NO_DIM, keepdim=False, dtype=None):
    d = x._data
    if dtype is not None:
        d = d.astype(_dtype.resolve(dtype).np)
    elif not x.dtype.is_floating_point:
        raise RuntimeError(_(MEAN_DTYPE).format(name=x.dtype.word))
    if dim is _NO_DIM:
        out = wrap(_quiet_call(np.add.reduce, d, None) / d.dtype.type(d.size) if d.size else
                   np.asarray(np.nan, dtype=d.dtype))
        if needs_grad(x):
            record(D.MeanBackward0, out, (x,), {"self_shape": d.shape, "numel": d.size})
        return out
    axes = dims_of(dim, d.ndim)
    count = 1
    for a in axes:
        count *= d.shape[a]
    with Quiet():
        out = wrap(d.sum(axis=axes, keepdims=keepdim) / d.dtype.type(count))
    if needs_grad(x):
        record(D.MeanBackward1, out, (x,), {"self_shape": d.shape, "numel": count,
                                           "kept_shape": _kept(d.shape, axes)})
    return out


_return_types = {}


def _named(name):
    cls = _return_types.get(name)
    if cls is None:
        base = namedtuple(name, ["values", "indices"])

        def __repr__(self):
            return (f"torch.return_types.{name}(\nvalues={self.values!r},\n"
                    f"indices={self.indices!r})")
        cls = _return_types[name] = type(name, (base,), {"__repr__": __repr__, "__slots__": ()})
    return cls


def _extreme(x, dim, keepdim, which, caller=None):
    d = x._data
    is_max = which == "max"
    if dim is None:
        if d.size == 0:
            raise RuntimeError(_("{which}(): Expected reduction dim to be specified for "
                                 "input.numel() == 0. Specify the reduction dim with the 'dim' "
                                 "argument.").format(which=which))
        out = wrap(np.max(d) if is_max else np.min(d))
        if needs_grad(x):
            record(D.MaxBackward1 if is_max else D.MinBackward1, out, (x,))
        return out
    axis = wrap_dim(dim, d.ndim)
    if d.ndim and d.shape[axis] == 0:
        raise IndexError(_(EMPTY_DIM).format(which=caller or which, dim=axis))
    if d.ndim == 0:
        values, idx = d.copy(), np.zeros((), dtype=np.int64)
    else:
        arg = np.argmax(d, axis=axis) if is_max else np.argmin(d, axis=axis)
        nan_rows = np.isnan(d).any(axis=axis) if d.dtype.kind == "f" else None
        if nan_rows is not None and nan_rows.any():
            arg = np.where(nan_rows, np.argmax(np.isnan(d), axis=axis), arg)
        idx = np.expand_dims(arg, axis)
        values = np.take_along_axis(d, idx, axis=axis)
        if not keepdim:
            values, idx = values.squeeze(axis), idx.squeeze(axis)
    out = wrap(values)
    if needs_grad(x):
        kept = _kept(d.shape, (axis,)) if d.ndim else ()
        record(D.MaxBackward0 if is_max else D.MinBackward0, out, (x,),
               {"self_shape": d.shape, "kept_shape": kept, "dim": axis if d.ndim else None,
                "indices": idx.reshape(kept) if d.ndim else idx})
    return _named(which)(out, wrap(idx.astype(np.int64)))


def max(x, dim=_NO_DIM, keepdim=False):
    if hasattr(dim, "_data"):
        return maximum(x, dim)
    if dim is None:
        raise BadOperand(dim)
    return _extreme(x, None if dim is _NO_DIM else dim, keepdim, "max")


def min(x, dim=_NO_DIM, keepdim=False):
    if hasattr(dim, "_data"):
        return minimum(x, dim)
    if dim is None:
        raise BadOperand(dim)
    return _extreme(x, None if dim is _NO_DIM else dim, keepdim, "min")


def _arg_extreme(x, dim, keepdim, which, name, flat_index):
    """argmax/argmin: the position of the max/min (of all elements: in the flattened tensor)."""
    d = x._data
    if dim is None:
        if d.size == 0:
            raise IndexError(_(EMPTY_NO_DIM).format(which=name))
        return wrap(np.asarray(flat_index(d), dtype=np.int64))
    return _extreme(x.detach(), dim, keepdim, which, name).indices


def argmax(x, dim=None, keepdim=False):
    return _arg_extreme(x, dim, keepdim, "max", "argmax", np.argmax)


def argmin(x, dim=None, keepdim=False):
    return _arg_extreme(x, dim, keepdim, "min", "argmin", np.argmin)


NORM_EMPTY = N_("linalg.vector_norm cannot compute the {ord} norm on an empty tensor because "
                "the operation does not have an identity")
# (torch's text has no space before "because")
NORM_EMPTY_DIM = N_("linalg.vector_norm cannot compute the {ord} norm on the dimension {dim}"
                    "because this dimension is empty and the operation does not have an "
                    "identity")
_INF = float("inf")


def norm(x, p="fro", dim=None, keepdim=False, dtype=None):
    """Vector norm over all elements or over ``dim`` (p = 2, 'fro', 1, inf, -inf, 0 or any
    number: sum(|x|^p)^(1/p); -inf is the smallest |x|, 0 counts the non-zero elements)."""
    d = x._data
    if not x.dtype.is_floating_point:
        raise RuntimeError(_("linalg.vector_norm: Expected a floating point or complex tensor as "
                             "input. Got {name}").format(name=x.dtype.word))
    ord = 2.0 if p in ("fro", None) else float(p)
    axes = dims_of(dim, d.ndim) if dim is not None else tuple(range(d.ndim))
    if d.size == 0 and (ord < 0 or ord == _INF):     # max/min of nothing has no identity
        shown = str(p) if isinstance(p, int) else "%g" % ord
        given = () if dim is None else (dim if isinstance(dim, (tuple, list)) else (dim,))
        if not given:
            raise RuntimeError(_(NORM_EMPTY).format(ord=shown))
        for g in given:                             # named as the caller wrote it
            if d.shape[wrap_dim(g, d.ndim)] == 0:
                raise RuntimeError(_(NORM_EMPTY_DIM).format(ord=shown, dim=g))
    a = np.abs(d)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        if ord == 2.0:
            r = np.sqrt(np.sum(d * d, axis=axes, keepdims=keepdim))
        elif ord == _INF:
            r = np.max(a, axis=axes, keepdims=keepdim)
        elif ord == -_INF:
            r = np.min(a, axis=axes, keepdims=keepdim)
        elif ord == 1.0:
            r = np.sum(a, axis=axes, keepdims=keepdim)
        elif ord == 0.0:
            r = np.sum(a != 0, axis=axes, keepdims=keepdim).astype(d.dtype)
        else:
            s = np.asarray(np.sum(U.power(a, ord), axis=axes, keepdims=keepdim), dtype=d.dtype)
            r = U.power(s, 1.0 / ord)
    out = wrap(np.asarray(r, dtype=d.dtype))
    if needs_grad(x):
        record(D.LinalgVectorNormBackward0, out, (x,),
               {"ord": ord, "dims": axes,
                "keepdim": keepdim or d.ndim == 0 or dim is None})  # (0-d g broadcasts)
    return out


def all(x, dim=None, keepdim=False):
    d = x._data
    axes = None if dim is None else dims_of(dim, d.ndim)
    return wrap(np.all(d, axis=axes, keepdims=keepdim if dim is not None else False))


def any(x, dim=None, keepdim=False):
    d = x._data
    axes = None if dim is None else dims_of(dim, d.ndim)
    return wrap(np.any(d, axis=axes, keepdims=keepdim if dim is not None else False))
