"""``nn.Parameter``: a tensor that a Module registers as one of its learnable parameters.

A Parameter is a leaf tensor whose ``requires_grad`` defaults to True and which prints with
the header ``Parameter containing:``.  Everything computed from it is an ordinary Tensor, as in
PyTorch.

The operations test operands with an exact ``x.__class__ is Tensor`` on their fast path and
fall back to ``isinstance``, so a Parameter takes part in every operation like any tensor.
"""
import numpy as np

from .. import _dtype
from ..printing import tensor_repr
from ..tensor import Tensor

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A tensor that is a module parameter (``requires_grad=True`` unless told otherwise)."""
    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = Tensor._from_array(np.zeros((0,), _dtype.get_default_dtype().np))
        if not isinstance(data, Tensor):
            raise TypeError(f"Parameter.__new__ expected a Tensor for data, but got "
                            f"{type(data).__name__}")
        p = cls._from_array(data._data)
        p._vc = data._shared_vc()          # like torch: the parameter shares data's storage
        if requires_grad:
            p.requires_grad_(True)
        return p

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self, *, tensor_contents=None):
        return tensor_repr(self._data, self.dtype, requires_grad=self._requires_grad,
                           parameter=True)

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        p = type(self)._from_array(self._data.copy(), self._requires_grad)
        if self._grad is not None:
            p._grad = Tensor._from_array(self._grad._data.copy())
        memo[id(self)] = p
        return p

    def __reduce_ex__(self, proto):
        return (_rebuild_parameter, (self._data.copy(), self._requires_grad))


def _rebuild_parameter(data, requires_grad):
    return Parameter(Tensor._from_array(data), requires_grad)


def _zero_grads(params, set_to_none):
    """``zero_grad`` of Module and Optimizer: reset the ``.grad`` of each tensor in ``params``.

    With ``set_to_none`` it becomes None; otherwise it is detached from any graph and filled
    with zeros in place.
    """
    for p in params:
        if p._grad is not None:
            if set_to_none:
                p._grad = None
            else:
                g = p._grad
                if g.grad_fn is not None:
                    g.detach_()
                else:
                    g.requires_grad_(False)
                g.zero_()
