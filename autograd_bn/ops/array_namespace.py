"""ARRAYS: the functions a backward formula computes with, on NumPy arrays.

Used by an ordinary backward pass (fast, records nothing); ``tensor_namespace.py`` mirrors it
on tensors for ``create_graph=True``.  Operators (+ - * / ** @, unary -, comparisons) work the
same on both, so only what has no operator is listed here.
"""
import numpy as np

from . import ufuncs as U
from .deterministic import matmul as _matmul
from .broadcast import sum_to as _sum_to_array


def zero_where(cond, g):
    """np.where(cond, 0., g), by multiplying with the mask (NumPy's masked select is ~10x
    slower); exact whenever g is finite, which the check below makes sure of."""
    out = g * ~cond
    if not np.isfinite(out).all():
        return np.where(cond, g.dtype.type(0), g)
    out += 0.0                                    # 0 * -1 is -0.; torch writes +0.
    return out


class ARRAYS:
    as_tensors = False

    @staticmethod
    def sum_to(g, shape):
        return _sum_to_array(g, shape)

    @staticmethod
    def cast(g, npdtype):
        return g.astype(npdtype)

    @staticmethod
    def expand(g, shape):
        out = np.empty(shape, dtype=g.dtype)
        out[...] = g
        return out

    @staticmethod
    def reshape(g, shape):
        return g.reshape(shape)

    @staticmethod
    def where(cond, a, b):
        if a.__class__ is float and a == 0.0 and b.__class__ is np.ndarray:
            return zero_where(cond, b)
        if b.__class__ is float and b == 0.0 and a.__class__ is np.ndarray:
            return zero_where(~cond, a)
        out = np.where(cond, a, b)
        dt = a.dtype if hasattr(a, "dtype") else b.dtype
        return out if out.dtype == dt else out.astype(dt)

    sgn = staticmethod(U.sign)
    cos = staticmethod(U.cos)
    sin = staticmethod(U.sin)
    log = staticmethod(U.log)
    exp = staticmethod(U.exp)
    sinh = staticmethod(U.sinh)
    cosh = staticmethod(U.cosh)
    rsqrt = staticmethod(U.rsqrt)
    sigmoid = staticmethod(U.sigmoid)
    pow = staticmethod(U.power)
    abs = staticmethod(np.abs)
    isnan = staticmethod(np.isnan)
    outer = staticmethod(np.outer)
    matmul = staticmethod(_matmul)

    @staticmethod
    def masked_fill(t, mask):
        """t with 0 where mask (torch's masked_fill(mask, 0) in formulas)."""
        return zero_where(mask, t)

    @staticmethod
    def unsqueeze(t, dim):
        return np.expand_dims(t, dim)

    @staticmethod
    def zeros_like(g):
        return np.zeros_like(g)

    @staticmethod
    def floor_div(a, b):
        return np.floor_divide(a, b)

    @staticmethod
    def mT(a):
        return np.swapaxes(a, -1, -2)

    # The gradients of a @ b, computed in the memory order of the operand they belong to (as
    # torch's mm_mat1/mat2_backward do): for a weight used as W.t(), the gradient comes out
    # as the transpose of a contiguous array, so W's own gradient is contiguous.
    @staticmethod
    def mm_left_grad(g, b, transposed):
        return _matmul(b, g.T).T if transposed else _matmul(g, b.T)

    @staticmethod
    def mm_right_grad(g, a, transposed):
        return _matmul(g.T, a).T if transposed else _matmul(a.T, g)

    @staticmethod
    def transpose(g, d0, d1):
        return np.swapaxes(g, d0, d1) if g.ndim else g

    @staticmethod
    def permute(g, perm):
        return np.transpose(g, perm)

    @staticmethod
    def sum(g, dim=None, keepdim=False):
        return g.sum(axis=dim, keepdims=keepdim)

    @staticmethod
    def sum_all(g, dtype):
        """g.sum() as a 0-d array of dtype (the gradient of a broadcast 0-d value)."""
        return np.asarray(g.sum(), dtype=dtype)

    @staticmethod
    def scatter_into(g, shape, index, accumulate=False):
        """zeros(shape) with g written (or added, for repeated indices) at index."""
        out = np.zeros(shape, dtype=g.dtype)
        if accumulate:
            np.add.at(out, index, g)
        else:
            out[index] = g
        return out

    @staticmethod
    def take(g, index):
        return g[index]

    @staticmethod
    def gather_along(g, dim, indices):
        """The entries of g at ``indices`` along ``dim`` (the adjoint of select_back)."""
        return np.take_along_axis(g, indices, axis=dim)

    @staticmethod
    def zero_at(g, index):
        out = np.array(g, copy=True)
        out[index] = 0
        return out

    @staticmethod
    def evenly_distribute(g, x, result):
        """max()/min() of all elements: ties share the gradient equally (NaN picks NaNs)."""
        mask = np.isnan(x) if np.isnan(result) else (x == result)
        return np.where(mask, g / np.count_nonzero(mask), 0).astype(g.dtype, copy=False)

    @staticmethod
    def select_back(g, shape, dim, indices):
        """max(dim)/min(dim): the gradient goes to the selected positions."""
        out = np.zeros(shape, dtype=g.dtype)
        if dim is None:
            return out + g
        np.put_along_axis(out, indices, g, axis=dim)
        return out

    @staticmethod
    def nll_forward(x, target, valid, reduction, total):
        """nll_loss of log-probabilities x at the (valid) targets, as torch computes it:
        ignored entries give +0, sums start from 0, mean divides by the count (0/0 NaN)."""
        picked = x[np.arange(x.shape[0]), target] if x.ndim == 2 else x[target]
        zero = x.dtype.type(0)
        if reduction == "none" and x.ndim == 2:      # (a 1-D input is summed, from 0, as torch)
            return np.asarray(np.where(valid, -picked, zero), dtype=x.dtype)
        s = np.subtract(zero, np.where(valid, picked, zero).sum(dtype=x.dtype))
        if reduction == "mean":
            with np.errstate(invalid="ignore", divide="ignore"):
                s = s / x.dtype.type(total)
        return np.asarray(s, dtype=x.dtype)

    @staticmethod
    def nll_backward(g, x, target, valid, reduction, total):
        """torch's nll_loss_backward: -g (over the count, for mean) at each valid target."""
        shape = x.shape
        out = np.zeros(shape, dtype=g.dtype)
        with np.errstate(invalid="ignore", divide="ignore"):
            w = -(g / g.dtype.type(total)) if reduction == "mean" else -g
        if len(shape) == 2:
            rows = np.flatnonzero(valid)
            out[rows, target[rows]] = w[rows] if w.ndim else w
        elif valid:
            out[target] = w
        return out
