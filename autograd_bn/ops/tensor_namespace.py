"""TENSORS: the functions of ``ARRAYS`` (array_namespace.py) on autograd_bn tensors.

Under ``backward(create_graph=True)`` / ``autograd.grad(..., create_graph=True)`` the backward
formulas run on tensors with grad mode on, so each gradient is itself recorded and can be
differentiated again.  Every function here is therefore built from differentiable tensor ops;
the few linear maps with no op of their own record a row of ``derivatives_linear.py``.

Arguments follow ARRAYS: ``g`` and saved values are tensors; masks, indices, shapes and
dtypes are NumPy arrays or plain Python values.
"""
import numpy as np

from .. import _dtype
from ..tensor import Tensor
from . import derivatives as D
from . import derivatives_linear as DL
from . import elementwise as E
from . import linalg as L
from . import reductions as R
from . import shape as S
from . import unary_ops as U
from .array_namespace import ARRAYS
from .nn_functional import nll_core
from .registry import needs_grad, record

as_tensors = True


def _wrap(array):
    return E.wrap(np.asarray(array))


def _tensor(x, like=None):
    """A tensor for x (a tensor, an array or a Python value)."""
    if x.__class__ is Tensor:
        return x
    if isinstance(x, np.ndarray):
        return _wrap(x)
    if like is not None and isinstance(x, (int, float, bool)):
        return _wrap(np.asarray(x, dtype=like._data.dtype))
    return _wrap(np.asarray(x))


# --- shapes ---------------------------------------------------------------------------------
def sum_to(g, shape):
    """Sum g over the dims broadcasting added or stretched, giving ``shape``."""
    shape = tuple(shape)
    if tuple(g._data.shape) == shape:
        return g
    lead = g._data.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape)
                                      if s == 1 and g._data.shape[lead + i] != 1)
    if axes:
        g = R.sum(g, axes, True)
    return S.reshape(g, shape) if tuple(g._data.shape) != shape else g


def cast(g, dtype):
    return S.to(g, _dtype.resolve(dtype))          # a NumPy dtype or one of ours


def expand(g, shape):
    return S.expand(g, tuple(shape))


def reshape(g, shape):
    return S.reshape(g, tuple(shape))


def mT(a):
    return S.transpose(a, -2, -1)


def mm_left_grad(g, b, transposed):
    return g @ mT(b)


def mm_right_grad(g, a, transposed):
    return mT(a) @ g


def transpose(g, d0, d1):
    return S.transpose(g, d0, d1)


def permute(g, perm):
    return S.permute(g, tuple(perm))


# --- elementwise ----------------------------------------------------------------------------
def where(cond, a, b):
    if cond.__class__ is not Tensor:
        cond = _wrap(np.asarray(cond, dtype=bool))
    return E.where(cond, a, b)


def masked_fill(t, mask):
    """t.masked_fill(mask, 0): MaskedFillBackward0, whose gradient is masked the same way."""
    m = mask._data if mask.__class__ is Tensor else np.asarray(mask)
    out = _wrap(ARRAYS.masked_fill(t._data, m))
    if needs_grad(t):
        record(DL.MaskedFillBackward0, out, (t,), {"mask": m})
    return out


def unsqueeze(t, dim):
    return S.unsqueeze(t, dim)


sgn = U.sgn
cos = U.cos
sin = U.sin
log = U.log
exp = U.exp
sinh = U.sinh
cosh = U.cosh
rsqrt = U.rsqrt
sigmoid = U.sigmoid
pow = E.pow
abs = U.abs
isnan = E.isnan
outer = L.outer
matmul = L.matmul


def zeros_like(g):
    return _wrap(np.zeros_like(g._data))


def floor_div(a, b):
    return E.div(a, b, rounding_mode="floor")


def sum(g, dim=None, keepdim=False):
    if dim is None and keepdim:
        if g._data.ndim == 0:
            return R.sum(g)
        return R.sum(g, tuple(range(g._data.ndim)), True)
    return R.sum(g) if dim is None else R.sum(g, dim, keepdim)


def sum_all(g, dtype):
    s = R.sum(g)
    return s if s._data.dtype == dtype else cast(s, dtype)


# --- linear maps with a node of their own (derivatives_linear.py) ------------------------
def _index_kind(index):
    items = index if isinstance(index, tuple) else (index,)
    if any(isinstance(i, (np.ndarray, list)) for i in items):
        return "index"
    if any(isinstance(i, (int, np.integer)) for i in items):
        return "select"
    return "slice"


_SCATTER = {"index": DL.IndexPutImplBackward0, "select": DL.SelectBackwardBackward0,
            "slice": DL.SliceBackwardBackward0}
_TAKE = {"index": D.IndexBackward0, "select": D.SelectBackward0, "slice": D.SliceBackward0}


def scatter_into(g, shape, index, accumulate=False):
    """zeros(shape) with g written (or added, for repeated indices) at index."""
    out = _wrap(ARRAYS.scatter_into(g._data, shape, index, accumulate))
    if needs_grad(g):
        kind = "index" if accumulate else _index_kind(index)
        record(_SCATTER[kind], out, (g,), {"index": index, "g_shape": g._data.shape})
    return out


def take(g, index):
    out = _wrap(np.array(g._data[index], copy=True))
    if needs_grad(g):
        record(_TAKE[_index_kind(index)], out, (g,), {"index": index, "uint8_masks": 0,
                                                      "self_shape": g._data.shape})
    return out


def zero_at(g, index):
    out = _wrap(ARRAYS.zero_at(g._data, index))
    if needs_grad(g):
        record(D.IndexPutBackward0, out, (g, None), {"index": index, "uint8_masks": 0,
                                                    "src_shape": None})
    return out


def select_back(g, shape, dim, indices):
    """max(dim)/min(dim): the gradient goes to the selected positions."""
    if dim is None:
        return S.clone(expand(g, shape)) if tuple(shape) != tuple(g._data.shape) else S.clone(g)
    out = _wrap(ARRAYS.select_back(g._data, shape, dim, indices))
    if needs_grad(g):
        record(DL.ScatterBackward0, out, (g,), {"dim": dim, "indices": indices})
    return out


def gather_along(g, dim, indices):
    """The entries of g at ``indices`` along ``dim`` (the adjoint of select_back)."""
    out = _wrap(np.take_along_axis(g._data, indices, axis=dim))
    if needs_grad(g):
        record(DL.GatherBackward0, out, (g,), {"dim": dim, "indices": indices,
                                               "g_shape": g._data.shape})
    return out


def nll_backward(g, x, target, valid, reduction, total):
    """torch's nll_loss_backward on tensors: NllLossBackwardBackward0, whose gradient for g is
    nll_loss itself (recorded again) and for x zeros, as in torch."""
    out = _wrap(ARRAYS.nll_backward(g._data, x._data, target, valid, reduction, total))
    if needs_grad(g, x):
        record(DL.NllLossBackwardBackward0, out, (g, x),
               {"target": target, "valid": valid, "reduction": reduction, "total": total})
    return out


def nll_forward(x, target, valid, reduction, total):
    return nll_core(x, target, valid, reduction, total)


# --- composite formulas -------------------------------------------------------------------
def evenly_distribute(g, x, result):
    """max()/min() of all elements: ties share the gradient equally (NaN picks NaNs)."""
    xd, rd = x._data, result._data
    mask = np.isnan(xd) if np.isnan(rd) else (xd == rd)
    return where(mask, g / int(np.count_nonzero(mask)), 0.0)


def matmul_grad_a(g, a, b):
    """Gradient of a @ b (batched, broadcasting) with respect to a."""
    if b._data.ndim == 1:
        ga = S.unsqueeze(g, -1) * b
    else:
        ga = L.matmul(S.unsqueeze(g, -2) if a._data.ndim == 1 else g, mT(b))
        if a._data.ndim == 1:
            ga = S.squeeze(ga, -2)
    return sum_to(ga, a._data.shape)


def matmul_grad_b(g, a, b):
    a2 = S.unsqueeze(a, 0) if a._data.ndim == 1 else a
    g2 = S.unsqueeze(g, -2) if a._data.ndim == 1 else g
    if b._data.ndim == 1:
        gb = S.squeeze(L.matmul(mT(a2), S.unsqueeze(g2, -1)), -1)
    else:
        gb = L.matmul(mT(a2), g2)
    return sum_to(gb, b._data.shape)


__all__ = ["sum_to", "cast", "expand", "reshape", "where", "masked_fill", "unsqueeze", "sgn", "cos", "sin", "log", "exp",
           "sinh", "cosh", "rsqrt", "sigmoid",
           "pow", "abs", "isnan", "outer", "matmul", "zeros_like", "mT", "transpose", "permute",
           "sum", "sum_all", "scatter_into", "take", "zero_at", "evenly_distribute", "select_back",
           "matmul_grad_a", "matmul_grad_b", "nll_backward", "nll_forward", "gather_along"]
