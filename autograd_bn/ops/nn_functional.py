"""Forward passes of the neural-network functions autograd_bn.nn uses: softmax,
log_softmax, nll_loss, cross_entropy, mse_loss."""
import numpy as np

from ..i18n import _
from . import derivatives as D
from . import ufuncs as U
from .array_namespace import ARRAYS
from .broadcast import broadcast_shapes, wrap_dim
from .elementwise import wrap
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
    if t.dtype.kind not in "iu":
        raise RuntimeError(_("expected scalar type Long but found {name}").format(
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


def cross_entropy(x, target, reduction="mean", ignore_index=-100):
    return nll_loss(log_softmax(x, 1 if x._data.ndim >= 2 else 0), target, reduction,
                    ignore_index)


def mse_loss(x, target, reduction="mean"):
    d, t = x._data, target._data
    broadcast_shapes(d.shape, t.shape)
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
