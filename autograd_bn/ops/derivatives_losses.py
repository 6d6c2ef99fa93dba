"""Rows of the derivatives table for binary cross-entropy (see derivatives.py for the format).

As torch's binary_cross_entropy_backward: ``g * (x - t) / max((1 - x) * x, 1e-12)``, then times
``weight``, then divided by the number of elements for ``reduction="mean"``; and for the logits
form ``(sigmoid(x) - t) * g`` (with ``pos_weight``: ``((pw t + 1 - t) sigmoid(x) - pw t) * g``).
``weight`` and ``pos_weight`` are constants kept as attributes (an array, and a tensor for
create_graph); the target's gradient is not computed (torch computes one only on request).
"""
import numpy as np

from . import tensor_namespace as _T
from .registry import derivative as d

EPSILON = 1e-12


def _const(F, pair):
    return None if pair is None else pair[1] if F.as_tensors else pair[0]


def _bce_grad(F, g, x, t, weight, numel):
    denom = (1 - x) * x
    denom = F.where(denom > EPSILON, denom, EPSILON)
    out = g * (x - t) / denom
    w = _const(F, weight)
    if w is not None:
        out = out * w
    return out / numel if numel != 1 else out


def _bce_logits_grad(F, g, x, t, weight, pos_weight, numel):
    s = F.sigmoid(x)
    pw = _const(F, pos_weight)
    if pw is None:
        out = (s - t) * g
    else:
        pt = pw * t
        out = ((pt + 1 - t) * s - pt) * g
    w = _const(F, weight)
    if w is not None:
        out = out * w
    return out / numel if numel != 1 else out


BinaryCrossEntropyBackward0 = d(
    "BinaryCrossEntropyBackward0", "binary_cross_entropy(self, target, weight, reduction)",
    noisy=True, saves=("self", "other"),
    self=lambda F, g, self, other, weight, numel: _bce_grad(F, g, self, other, weight, numel),
    other=None)
BinaryCrossEntropyWithLogitsBackward0 = d(
    "BinaryCrossEntropyWithLogitsBackward0",
    "binary_cross_entropy_with_logits(self, target, weight, pos_weight, reduction)",
    saves=("self", "other"),
    self=lambda F, g, self, other, weight, pos_weight, numel:
        _bce_logits_grad(F, g, self, other, weight, pos_weight, numel),
    other=None)


def as_const(t):
    """(array, tensor) for a weight tensor, or None."""
    return None if t is None else (np.asarray(t._data), t.detach())


def _weighted_nll_grad(F, g, x, target, valid, w, reduction, total):
    """torch's nll_loss_backward with class weights: -w[t] * g at each valid target (over the
    total weight for mean).  Under create_graph the result is a constant (not differentiable
    again: a limitation of this weighted form)."""
    gd = g._data if F.as_tensors else g
    shape = x._data.shape if F.as_tensors else x.shape
    out = np.zeros(shape, dtype=gd.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = gd / gd.dtype.type(total) if reduction == "mean" else gd
    wt = np.where(valid, w[target], 0).astype(gd.dtype)
    if len(shape) == 2:
        rows = np.flatnonzero(valid)
        vals = -(wt * scale) if scale.ndim else -(wt * scale)
        out[rows, target[rows]] = vals[rows]
    elif valid:
        out[target] = -(wt * scale)
    return _T._wrap(out) if F.as_tensors else out


NllLossBackward0Weighted = d(
    "NllLossBackward0", "nll_loss(self, target, weight, reduction)", noisy=True,
    self=lambda F, g, self, target, valid, weight_arr, reduction, total:
        _weighted_nll_grad(F, g, self, target, valid, weight_arr, reduction, total))
