"""``torch.autograd.Variable``: the wrapper of PyTorch before 0.4, kept for old tutorials.

Since 0.4 a Variable is just a Tensor: ``Variable(t)`` returns a tensor sharing t's data outside
the graph (as ``t.detach()``) with the requires_grad asked for, and every tensor counts as an
instance of Variable.  ``volatile=True`` only warns, as in torch.
"""
import warnings

import numpy as np

from .. import _dtype
from ..i18n import N_, _
from ..tensor import Tensor

VARIABLE_DATA = N_("Variable data has to be a tensor, but got {t}")
INT_REQUIRES_GRAD = N_("Only Tensors of floating point and complex dtype can require gradients")
VOLATILE = "volatile was removed and now has no effect. Use `with torch.no_grad():` instead."


class _VariableMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor)

    def __repr__(cls):
        return "<class 'torch.autograd.variable.Variable'>"


class Variable(metaclass=_VariableMeta):
    """The legacy wrapper: ``Variable(t, requires_grad=False)`` returns a tensor sharing t's
    data, outside the graph (like ``t.detach()``), with the given requires_grad; every tensor
    is an instance of Variable."""

    def __new__(cls, data=None, requires_grad=False, volatile=False):
        if volatile:
            warnings.warn(VOLATILE, UserWarning, stacklevel=2)
        if data is None:
            data = Tensor._from_array(np.zeros((0,), dtype=_dtype.get_default_dtype().np))
        if not isinstance(data, Tensor):
            raise TypeError(_(VARIABLE_DATA).format(t=type(data).__name__))
        if requires_grad and not data.dtype.is_floating_point:
            raise RuntimeError(_(INT_REQUIRES_GRAD))
        t = data.detach()
        t._requires_grad = bool(requires_grad)
        return t
