"""Forward passes of the neural-network functions autograd_bn.nn uses: softmax,
log_softmax, nll_loss, cross_entropy, mse_loss."""
import numpy as np

from .. import _dtype
from ..i18n import _
from . import derivatives as D
from .quiet import Quiet
from . import ufuncs as U
from .array_namespace import ARRAYS
from .broadcast import broadcast_shapes, wrap_dim
from . import elementwise as E
from . import reductions as R
from .elementwise import wrap
from .unary_ops import neg
from .registry import needs_grad, record


def _dim(x, dim):
    if dim is None:
        dim = 0 if x._data.ndim in (0, 1, 3) else 1     # torch's legacy implicit choice
    return wrap_dim(dim, x._data.ndim)


def _check_floating(x, axis, name, dtype):
    if dtype is None and not x.dtype.is_floating_point:
        last = x._data.ndim <= 1 or axis == x._data.ndim - 1
        kernel = name + ("_lastdim_kernel_impl" if last else "_kernel_impl")
        raise NotImplementedError(_('"{k}" not implemented for \'{t}\'').format(
            k=kernel, t=x.dtype.word))


def _normalised(x, dim, dtype, name, node, compute, zero_dim_value):
    """softmax and log_softmax: checks, the 0-d case, and the node (``compute`` does the rest
    on an array shifted so that its largest element along the axis is 0)."""
    d = x._data if dtype is None else x._data.astype(dtype.np)
    axis = _dim(x, dim)
    _check_floating(x, axis, name, dtype)
    if d.ndim == 0:
        out = wrap(np.full((), zero_dim_value, d.dtype))
    else:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            out = wrap(compute(d - d.max(axis=axis, keepdims=True), axis))
    if needs_grad(x):
        record(node, out, (x,), {"dim": axis if d.ndim else None})
    return out


def log_softmax(x, dim=None, dtype=None):
    return _normalised(x, dim, dtype, "log_softmax", D.LogSoftmaxBackward0,
                       lambda s, axis: s - U.log(U.exp(s).sum(axis=axis, keepdims=True)), 0)


def softmax(x, dim=None, dtype=None):
    def compute(s, axis):
        e = U.exp(s)
        return e / e.sum(axis=axis, keepdims=True)
    return _normalised(x, dim, dtype, "softmax", D.SoftmaxBackward0, compute, 1)


def nll_loss(x, target, reduction="mean", ignore_index=-100):
    d = x._data
    t = target._data
    if d.ndim < 1:
        raise ValueError(_("Expected 1 or more dimensions (got {n})").format(n=d.ndim))
    if d.ndim != 1 and d.shape[0] != (t.shape[0] if t.ndim else 0):
        raise ValueError(_("Expected input batch_size ({a}) to match target batch_size ({b}).")
                         .format(a=d.shape[0], b=t.shape[0] if t.ndim else 0))
    if t.ndim > 1:
        raise RuntimeError(_("0D or 1D target tensor expected, multi-target not supported"))
    if t.dtype != np.int64 and t.dtype != np.uint8:
        raise RuntimeError(_("expected target dtype to be Long or Byte, but got {name}").format(
            name=target.dtype.word))
    two_d = d.ndim == 2
    n_classes = d.shape[-1] if d.ndim else 0
    if t.shape != (d.shape[:1] if two_d else ()):
        raise ValueError(_("Expected input batch_size ({a}) to match target batch_size ({b}).")
                         .format(a=d.shape[0] if d.ndim else 1, b=t.shape[0] if t.ndim else 1))
    valid = t != ignore_index
    bad = t[valid & ((t < 0) | (t >= n_classes))]
    if bad.size:
        raise IndexError(_("Target {t} is out of bounds.").format(t=int(bad.flat[0])))
    return nll_core(x, np.where(valid, t, 0), valid, reduction, int(valid.sum()))


def nll_core(x, target, valid, reduction, total):
    """nll_loss of x at ``target`` (in range; ``valid`` marks the entries not ignored)."""
    out = wrap(ARRAYS.nll_forward(x._data, target, valid, reduction, total))
    if needs_grad(x):
        record(D.NllLossBackward0, out, (x,), {"target": target, "valid": valid,
                                              "reduction": reduction, "total": total})
    return out


def cross_entropy(x, target, reduction="mean", ignore_index=-100, label_smoothing=0.0):
    """torch's cross_entropy_loss: class probabilities when target has input's shape, else
    class indices through nll_loss."""
    class_dim = 1 if x._data.ndim >= 2 else 0
    if x._data.shape == target._data.shape:
        if not target.dtype.is_floating_point:
            raise RuntimeError(_("Expected floating point type for target with class "
                                 "probabilities, got {t}").format(t=target.dtype.word))
        if ignore_index >= 0:
            raise RuntimeError(_("ignore_index is not supported for floating point target"))
        return _probability_targets(x, target, reduction, label_smoothing, class_dim)
    if label_smoothing:
        raise NotImplementedError("cross_entropy(label_smoothing=...) with class indices is not "
                                  "supported by autograd_bn yet")
    return nll_loss(log_softmax(x, class_dim), target, reduction, ignore_index)


def _probability_targets(x, target, reduction, label_smoothing, class_dim):
    """torch's cross_entropy_loss_prob_target, op for op (so the graph is torch's):
    -(log_softmax(x) * target).sum(), divided by the batch size for "mean"."""
    n_classes = x._data.shape[class_dim]
    if label_smoothing > 0.0:
        if label_smoothing > 1.0:
            raise RuntimeError(_("label_smoothing must be between 0.0 and 1.0. Got: {v}")
                               .format(v=label_smoothing))
        target = E.add(E.mul(target, 1 - label_smoothing), label_smoothing / n_classes)
    product = E.mul(log_softmax(x, class_dim), target)
    if reduction == "none":
        return neg(R.sum(product, class_dim))
    total = neg(R.sum(product))
    if reduction == "sum":
        return total
    k = x._data.size // n_classes                 # torch divides by an integer: DivBackward1
    out = wrap(np.asarray(np.true_divide(total._data, k), dtype=total._data.dtype))
    if needs_grad(total):
        record(D.DivBackward1, out, (total,), {"scalar": k})
    return out


def mse_loss(x, target, reduction="mean"):
    d, t = x._data, target._data
    broadcast_shapes(d.shape, t.shape)
    rt = _dtype.promote(x.dtype, target.dtype)          # torch computes in the common dtype
    d, t = d.astype(rt.np, copy=False), t.astype(rt.np, copy=False)
    with Quiet():                        # overflow to inf is silent, as in torch
        diff = d - t
        sq = diff * diff
        if reduction == "mean":
            value, scale = sq.mean(), 1.0 / sq.size
        elif reduction == "sum":
            value, scale = sq.sum(), 1.0
        else:
            value, scale = sq, 1.0
    out = wrap(np.asarray(value, dtype=d.dtype))
    if needs_grad(x, target):
        record(D.MseLossBackward0, out, (x, target), {"scale": scale})
    return out
