"""More of ``nn.functional``: dropout, l1_loss, binary_cross_entropy (with logits).

Forward values follow torch's CPU kernels (the logarithms through the C library, as in
ops/ufuncs.py); ``dropout`` draws its mask like torch's ``bernoulli_(1 - p)`` on the CPU
generator (one 64-bit draw per element: ``uniform < 1 - p``), so a seeded run keeps the same
random numbers as torch (on a CPU where torch does not use MKL's generator for bernoulli_,
i.e. any non-Intel CPU; on Intel CPUs torch's masks come from MKL and differ).
"""
import numpy as np

from ..i18n import N_, _
from ..ops import derivatives_losses as D
from ..ops import libm, nn_functional as _nnf, reductions as R
from ..ops.nn_functional import nll_loss as _nll
from ..ops.elementwise import wrap
from ..ops.inplace import CANNOT_CAST
from ..ops.registry import needs_grad, record
from ..random.generator import resolve_generator
from .reduction import broadcast_target, reduction_of as _reduction, refuse_integers

DROPOUT_P = N_("dropout probability has to be between 0 and 1, but got {p}")
BCE_SIZE = N_("Using a target size ({t}) that is different to the input size ({i}) is "
              "deprecated. Please ensure they have the same size.")
LOGITS_SIZE = N_("Target size ({t}) must be the same as input size ({i})")
BCE_RANGE = N_("all elements of {which} should be between 0 and 1")

__all__ = ["dropout", "l1_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits"]


def _libm(name, d):
    if d.dtype == np.float32:
        return libm.call(name, d.astype(np.float64)).astype(np.float32)
    return libm.call(name, d)


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability p and scale the rest by 1 / (1 - p) (training only)."""
    if p < 0.0 or p > 1.0:
        raise ValueError(_(DROPOUT_P).format(p=p))
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        zero = wrap(np.zeros((), dtype=input._data.dtype))
        return input.mul_(zero) if inplace else input * zero
    gen = resolve_generator(None)
    keep = gen._stream.uniform64(input.numel()) < (1.0 - p)
    if not input.dtype.is_floating_point:      # torch draws the mask, then cannot scale it
        raise RuntimeError(_(CANNOT_CAST).format(src="Float", dst=input.dtype.word))
    noise = keep.astype(input._data.dtype).reshape(input._data.shape)
    noise = noise / input._data.dtype.type(1.0 - p)
    noise = wrap(noise)
    return input.mul_(noise) if inplace else input * noise


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean (or sum, or none) of ``|input - target|``: composed of sub, abs and the reduction,
    as in torch (grad_fn MeanBackward0)."""
    input, target = broadcast_target(input, target)
    r = _reduction(size_average, reduce, reduction)
    diff = (input - target).abs()
    if weight is not None:
        diff = diff * weight
    return diff.mean() if r == "mean" else diff.sum() if r == "sum" else diff


def _reduced(loss, r, weight, node, input, target, attrs):
    """The loss tensor: the elementwise ``loss`` times ``weight``, reduced by ``r`` with the
    reductions' own summation (as torch's sum/mean), and ``node`` recorded when input
    requires grad (its attributes: ``attrs``, the weight and the count divided by)."""
    if weight is not None:
        loss = loss * weight._data
    if r == "none":
        value, n = loss, 1
    elif r == "sum":
        value, n = R.sum(wrap(loss))._data, 1
    else:
        value, n = R.mean(wrap(loss))._data, loss.size
    out = wrap(value)
    if needs_grad(input):
        record(node, out, (input, target), {**attrs, "weight": D.as_const(weight), "numel": n})
    return out


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """-(t log x + (1 - t) log(1 - x)) for probabilities x, each log at least -100; reduced."""
    r = _reduction(size_average, reduce, reduction)
    if target.shape != input.shape:
        raise ValueError(_(BCE_SIZE).format(t=target.shape, i=input.shape))
    if target.dtype is input.dtype:
        refuse_integers(input.dtype, "binary_cross_entropy")
    x, t = input._data, target._data.astype(input._data.dtype, copy=False)
    if not ((x >= 0) & (x <= 1)).all():
        raise RuntimeError(_(BCE_RANGE).format(which="input"))
    if not ((t >= 0) & (t <= 1)).all():
        raise RuntimeError(_(BCE_RANGE).format(which="target"))
    one, floor = x.dtype.type(1), x.dtype.type(-100)
    with np.errstate(divide="ignore"):
        log1m = np.maximum(_libm("log1p", -x), floor)
        logx = np.maximum(_libm("log", x), floor)
    loss = (t - one) * log1m - t * logx
    return _reduced(loss, r, weight, D.BinaryCrossEntropyBackward0, input, target, {})


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None,
                                     reduce=None, reduction="mean", pos_weight=None):
    """binary_cross_entropy(sigmoid(input), target), computed stably from the logits."""
    r = _reduction(size_average, reduce, reduction)
    if target.shape != input.shape:
        raise ValueError(_(LOGITS_SIZE).format(t=target.shape, i=input.shape))
    refuse_integers(input.dtype, "log_sigmoid_cpu")
    x, t = input._data, target._data.astype(input._data.dtype, copy=False)
    one = x.dtype.type(1)
    log_sigmoid = np.minimum(x, 0) - _libm("log1p", _libm("exp", -np.abs(x)))
    if pos_weight is not None:
        log_sigmoid = log_sigmoid * ((pos_weight._data - one) * t + one)
    loss = (one - t) * x - log_sigmoid
    return _reduced(loss, r, weight, D.BinaryCrossEntropyWithLogitsBackward0, input, target,
                    {"pos_weight": D.as_const(pos_weight)})


def nll_loss_weighted(input, target, weight, ignore_index=-100, reduction="mean"):
    """nll_loss with class weights: -weight[t] * input[i, t], summed or over the total weight
    of the entries not ignored (torch's NllLossBackward0)."""
    _nll(input.detach(), target, reduction, ignore_index)         # torch's checks and errors
    x, t = input._data, target._data
    w = weight._data.astype(x.dtype, copy=False)
    valid = t != ignore_index
    tt = np.where(valid, t, 0)
    wt = np.where(valid, w[tt], x.dtype.type(0))
    picked = x[np.arange(x.shape[0]), tt] if x.ndim == 2 else x[tt]
    zero = x.dtype.type(0)
    total = wt.sum(dtype=x.dtype)
    if reduction == "none" and x.ndim == 2:
        value = np.where(valid, -(picked * wt), zero)
    else:
        value = np.subtract(zero, np.where(valid, picked * wt, zero).sum(dtype=x.dtype))
        if reduction == "mean":
            with np.errstate(invalid="ignore", divide="ignore"):
                value = value / total
    out = wrap(np.asarray(value, dtype=x.dtype))
    if needs_grad(input):
        record(D.NllLossBackward0Weighted, out, (input,),
               {"target": tt, "valid": valid, "weight_arr": w, "reduction": reduction,
                "total": total})
    return out


def cross_entropy_full(input, target, weight=None, ignore_index=-100, reduction="mean",
                       label_smoothing=0.0):
    """cross_entropy with class weights and/or label smoothing, composed as torch does:
    (1 - ls) * nll_loss(log_softmax(x), t, weight) + ls / C * smooth_loss."""
    dim = 1 if input.dim() >= 2 else 0
    logp = _nnf.log_softmax(input, dim, None)
    if weight is not None:
        nll = nll_loss_weighted(logp, target, weight, ignore_index, reduction)
    else:
        nll = _nll(logp, target, reduction, ignore_index)
    if not label_smoothing:
        return nll
    n_classes = input.shape[dim]
    ignore = target == ignore_index
    if weight is not None:
        shape = [1] * input.dim()
        shape[dim] = weight.shape[0]
        smooth = -(logp * weight.view(*shape)).sum(dim)
    else:
        smooth = -logp.sum(dim)
    smooth = smooth.masked_fill(ignore, 0.0) if hasattr(smooth, "masked_fill") else \
        smooth * (~ignore).to(smooth.dtype)
    if reduction == "mean":
        if weight is not None:
            ret = smooth.sum() / weight[target[~ignore]].sum()
        else:
            ret = smooth.sum() / (~ignore).sum()
    elif reduction == "sum":
        ret = smooth.sum()
    else:
        ret = smooth
    return (1 - label_smoothing) * nll + ret * (label_smoothing / n_classes)
