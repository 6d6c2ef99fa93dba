"""Shape arithmetic in one place: dims counted from the end, broadcasting with PyTorch's
messages, and the reduction of a broadcast gradient back to an input's shape (the only place
gradients are un-broadcast).  Plain shapes only: no tensor, so every layer may use it."""
import numpy as np

from ..i18n import N_, _
from .arguments import BadOperand

BROADCAST_MISMATCH = N_("The size of tensor a ({a}) must match the size of tensor b ({b}) at "
                      "non-singleton dimension {dim}")
DIM_RANGE = N_("Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")


def wrap_dim(dim, ndim):
    """A dim in range, counted from the front; torch's IndexError otherwise."""
    n = ndim if ndim > 0 else 1
    if dim.__class__ is not int and not isinstance(dim, (int, np.integer)):
        raise BadOperand(dim)             # (the op's caller reports it as torch does)
    if not -n <= dim < n:
        raise IndexError(_(DIM_RANGE).format(lo=-n, hi=n - 1, dim=dim))
    return dim % n if ndim > 0 else 0


def broadcast_shapes(sa, sb):
    """The broadcast shape of two shapes, or torch's RuntimeError."""
    n = max(len(sa), len(sb))
    pa = (1,) * (n - len(sa)) + tuple(sa)
    pb = (1,) * (n - len(sb)) + tuple(sb)
    out = [0] * n
    for i in range(n - 1, -1, -1):            # torch reports the last mismatch first
        x, y = pa[i], pb[i]
        if x == y or y == 1:
            out[i] = x
        elif x == 1:
            out[i] = y
        else:
            raise RuntimeError(_(BROADCAST_MISMATCH).format(a=x, b=y, dim=i))
    return tuple(out)


def sum_to(g, shape):
    """Sum array ``g`` over the axes broadcasting added or stretched, giving ``shape``."""
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, s in enumerate(shape) if s == 1 and g.shape[lead + i] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g.reshape(shape) if g.shape != shape else g
