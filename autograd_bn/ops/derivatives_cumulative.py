"""Rows of the derivatives table for cumsum and cumprod (see derivatives.py for the format).

As in PyTorch's derivatives.yaml: the gradient of ``cumsum`` is the reversed cumulative sum of
``g``; that of ``cumprod`` is ``reversed_cumsum(g * result) / self`` when ``self`` has no zero
along ``dim`` (torch's formula), and otherwise torch's zero-aware rule, computed slice by slice.
``F.reversed_cumsum`` and ``F.cumprod_grad`` are added to both formula namespaces here.
"""
import numpy as np

from . import namespaces as _N
from . import tensor_namespace as _T
from .registry import derivative as d


def _rev_cumsum_array(g, dim):
    if g.ndim == 0:                 # the cumsum of a 0-d tensor is itself (dim 0 or -1)
        return g
    acc = np.float64 if g.dtype == np.float32 else g.dtype
    flipped = np.flip(g, dim)
    return np.flip(np.cumsum(flipped, axis=dim, dtype=acc).astype(g.dtype), dim)


def _rev_cumsum_tensor(g, dim):
    # under create_graph: the total minus the running sum before each place (differentiable
    # with the ops we have; may differ from torch's flip-cumsum-flip in the last bit)
    if g._data.ndim == 0:
        return g
    return g.sum(dim, keepdim=True) - g.cumsum(dim) + g


def _zero_slice(x, out, g):
    """torch's gradient of cumprod for one 1-D slice that holds a zero (first at k)."""
    k = int(np.argmax(x == 0))
    res = np.zeros_like(x)
    if k > 0:
        w = out[:k] * g[:k]
        res[:k] = _rev_cumsum_array(w, 0) / x[:k]
    acc = np.float64 if x.dtype == np.float32 else x.dtype
    omitted = np.concatenate([np.ones(1, x.dtype),
                              np.cumprod(x[k + 1:], dtype=acc).astype(x.dtype)])
    total = np.sum(g[k:] * omitted, dtype=x.dtype)
    res[k] = total * out[k - 1] if k > 0 else total     # the prefix product last, as torch
    return res


def _cumprod_grad_array(g, x, result, dim):
    if (x.shape[dim] if x.ndim else 1) == 1:
        return g
    zeros = (x == 0).any(axis=dim, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        grad = _rev_cumsum_array(g * result, dim) / x
    if zeros.any():
        xs, rs, gs = (np.moveaxis(a, dim, -1) for a in (x, result, g))
        out = np.moveaxis(grad, dim, -1)
        has_zero = np.moveaxis(zeros, dim, -1)[..., 0]
        for idx in np.ndindex(has_zero.shape):
            if has_zero[idx]:
                out[idx] = _zero_slice(xs[idx], rs[idx], gs[idx])
        grad = np.moveaxis(out, -1, dim)
    return np.ascontiguousarray(grad)


def _cumprod_grad_tensor(g, x, result, dim):
    if x._data.ndim == 0 or x._data.shape[dim] == 1:
        return g
    if (x._data == 0).any():
        # the zero-aware rule on arrays: the gradient is right, but not differentiable again
        return _T._wrap(_cumprod_grad_array(g._data, x._data, result._data, dim))
    return _rev_cumsum_tensor(g * result, dim) / x


_N.ARRAYS.reversed_cumsum = staticmethod(_rev_cumsum_array)
_N.ARRAYS.cumprod_grad = staticmethod(_cumprod_grad_array)
_T.reversed_cumsum = _rev_cumsum_tensor
_T.cumprod_grad = _cumprod_grad_tensor

CumsumBackward0 = d("CumsumBackward0", "cumsum(self, dim, dtype)",
                    self=lambda F, g, dim, self_dtype:
                        F.cast(F.reversed_cumsum(g, dim), self_dtype))
CumprodBackward0 = d("CumprodBackward0", "cumprod(self, dim, dtype)", noisy=True,
                     self=lambda F, g, self, result, dim:
                         F.cumprod_grad(g, self, result, dim))
