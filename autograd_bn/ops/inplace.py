"""In-place operations (``add_``, ``mul_``, ``+=``, ``zero_`` ...).

An in-place op computes the out-of-place result (recording its node as usual, from a snapshot
of the old value in case the node saves it), writes it into the tensor's own array, bumps the
version counter (so a saved copy of the old value is caught at backward time) and, in grad
mode, rewrites the graph of the tensor and of the tensors sharing its memory (views.rebase).
"""
import numpy as np

from .. import random as R
from .._scalars import stored
from ..autograd.grad_mode import GradMode
from ..autograd.graph import SavedOutput
from ..i18n import N_, _
from ..tensor import Tensor
from . import derivatives as D
from .broadcast import broadcast_shapes
from .elementwise import tensor_operand
from .registry import record
from . import overlap
from .views import rebase, snapshot

LEAF_INPLACE = N_("a leaf Variable that requires grad is being used in an in-place operation.")
LEAF_VIEW_INPLACE = N_("a view of a leaf Variable that requires grad is being used in an in-place "
                     "operation.")
CANNOT_CAST = N_("result type {src} can't be cast to the desired output type {dst}")


def check_inplace(x, view_message=LEAF_VIEW_INPLACE):
    """torch's error for writing into a leaf (or a view of one) that requires grad."""
    if not GradMode.enabled:
        return
    if x.grad_fn is None and x._requires_grad:
        raise RuntimeError(_(LEAF_INPLACE if x._base is None else view_message))
    base = x._base
    if base is not None and base.grad_fn is None and base._requires_grad:
        raise RuntimeError(_(view_message))


def apply_inplace(x, result):
    """Write ``result`` (an out-of-place result computed from x) into x."""
    d = x._data
    r = result._data
    if r.shape != d.shape:
        if broadcast_shapes(d.shape, r.shape) != d.shape:
            raise RuntimeError(_("output with shape [{o}] doesn't match the broadcast shape "
                                 "[{b}]").format(o=", ".join(map(str, d.shape)), b=", ".join(
                                     map(str, broadcast_shapes(d.shape, r.shape)))))
    if result.dtype is not x.dtype and (result.dtype.rank > x.dtype.rank and not (
            result.dtype.is_floating_point and x.dtype.is_floating_point)):
        raise RuntimeError(_(CANNOT_CAST).format(src=result.dtype.word,
                                                 dst=x.dtype.word))
    if not d.flags.writeable:
        raise RuntimeError(_("unsupported operation: more than one element of the written-to "
                             "tensor refers to a single memory location. Please clone() the "
                             "tensor before performing the operation."))
    np.copyto(d, r, casting="unsafe")
    x._bump_version()
    node = result.grad_fn
    if node is not None and GradMode.enabled:
        if node._result is not None:
            node._result = SavedOutput(x)
        rebase(x, node)
    return x


def make_inplace(op, ufunc=None):
    """The in-place version ``x.op_(...)`` of an out-of-place op.

    With ``ufunc``, an update that records nothing (``w -= lr * w.grad`` under no_grad) is
    written straight into x's array; otherwise the out-of-place result is copied in.
    """
    def method(x, *args, **kwargs):
        check_inplace(x)
        for a in args:
            if isinstance(a, Tensor) and a._data is not x._data:
                overlap.check(x._data, a._data)
        if ufunc is not None and len(args) == 1 and not kwargs:
            other = args[0]
            od = getattr(other, "_data", other)
            if (od.__class__ is float or od.__class__ is int or (
                    od.__class__ is np.ndarray and od.dtype == x._data.dtype
                    and od.ndim <= x._data.ndim)) and x.dtype.is_floating_point and not (
                    GradMode.enabled and (x.requires_grad or getattr(other, "requires_grad", 0))):
                try:
                    ufunc(x._data, od, out=x._data)
                except ValueError:
                    pass                                   # a shape error: say it as torch does
                else:
                    x._bump_version()
                    return x
        if GradMode.enabled and (x.requires_grad or any(
                getattr(a, "requires_grad", False) for a in args)):
            return apply_inplace(x, op(snapshot(x), *args, **kwargs))
        return apply_inplace(x, op(x, *args, **kwargs))
    method.__name__ = op.__name__ + "_"
    return method


def _sampler(name):
    """Tensor.normal_/uniform_/random_: fill x in place from the random generator."""
    def method(x, *args, generator=None, **kwargs):
        check_inplace(x)
        getattr(R, name)(x._data, *args, generator=generator, **kwargs)
        x._bump_version()
        return x
    method.__name__ = name
    return method


normal_ = _sampler("normal_")
uniform_ = _sampler("uniform_")
random_ = _sampler("random_")


def _overwrite(x, write, node=None, inputs=None, attrs=None):
    """Run ``write()`` on x's array; in grad mode, record ``node`` for the new value."""
    if node is not None and GradMode.enabled and any(
            getattr(t, "requires_grad", False) for t in inputs):
        holder = Tensor._from_array(x._data)          # carries the node until x takes it
        record(node, holder, inputs, attrs, inplace=True)
        write()
        x._bump_version()
        rebase(x, holder.grad_fn)
    else:
        write()
        x._bump_version()
    return x


def zero_(x):
    check_inplace(x)
    return _overwrite(x, lambda: x._data.fill(0), D.ZeroBackward0, (x,))


def fill_(x, value):
    check_inplace(x)
    if hasattr(value, "_data"):
        if value._data.ndim:
            raise RuntimeError(_("fill_ only supports 0-dimension value tensor but got tensor "
                                 "with {n} dimensions.").format(n=value._data.ndim))
        # torch's fill_.Tensor: FillBackward3, the value gets the sum of the gradient
        v = value._data[()]
        return _overwrite(x, lambda: x._data.fill(v), D.FillBackward3, (x, value),
                          {"value_dtype": value._data.dtype})
    if isinstance(value, np.generic):
        value = value.item()
    value = stored(value, x.dtype)                # torch's Scalar.to<dtype>(): checked
    return _overwrite(x, lambda: x._data.fill(value), D.FillBackward2, (x,))


def copy_(x, src, non_blocking=False):
    check_inplace(x)
    src = tensor_operand(src)
    s = src._data if hasattr(src, "_data") else np.asarray(src)
    if not (s.shape == x._data.shape and s.strides == x._data.strides and s.dtype == x._data.dtype
            and s.__array_interface__["data"][0] == x._data.__array_interface__["data"][0]):
        overlap.check(x._data, s)               # (the same data again is left as it is)
    if broadcast_shapes(x._data.shape, s.shape) != x._data.shape:
        raise RuntimeError(_("output with shape [{o}] doesn't match the broadcast shape [{b}]")
                           .format(o=", ".join(map(str, x._data.shape)), b=", ".join(
                               map(str, broadcast_shapes(x._data.shape, s.shape)))))
    # (into an integer tensor torch records nothing: no gradient can flow through it)
    return _overwrite(x, lambda: np.copyto(x._data, s, casting="unsafe"),
                      D.CopyBackwards if x.dtype.is_floating_point else None,
                      (x, src) if hasattr(src, "_data") else (x,))
