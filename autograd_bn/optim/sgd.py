"""Stochastic gradient descent, with PyTorch's momentum, dampening, Nesterov, weight decay and
maximize, computed in the order of torch's single-tensor implementation."""
import numpy as np

from ..i18n import _
from ..tensor import Tensor
from . import _kernels as K
from .optimizer import Optimizer

__all__ = ["SGD"]


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum, weight decay and Nesterov momentum.

    For each parameter p with gradient g, per step (``maximize=True`` first negates g)::

        g = g + weight_decay * p                       (if weight_decay != 0)
        b = g on the first step, else momentum * b + (1 - dampening) * g   (if momentum != 0)
        g = g + momentum * b if nesterov else b        (if momentum != 0)
        p = p - lr * g

    Computed in the order and float32 rounding of torch's single-tensor implementation; ``b`` is
    ``state[p]["momentum_buffer"]``. ``foreach``, ``differentiable`` and ``fused`` are accepted and
    stored but change nothing.
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False,
                 *, maximize=False, foreach=None, differentiable=False, fused=None):
        if lr < 0.0:
            raise ValueError(_("Invalid learning rate: {lr}").format(lr=lr))
        if momentum < 0.0:
            raise ValueError(_("Invalid momentum value: {v}").format(v=momentum))
        if weight_decay < 0.0:
            raise ValueError(_("Invalid weight_decay value: {v}").format(v=weight_decay))
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening,
                        weight_decay=weight_decay, nesterov=nesterov, maximize=maximize,
                        foreach=foreach, differentiable=differentiable, fused=fused)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError(_("Nesterov momentum requires a momentum and zero dampening"))
        super().__init__(params, defaults)

    _restored_defaults = {"nesterov": False, "maximize": False, "foreach": None,
                          "differentiable": False, "fused": None}

    def _update_group(self, group):
        lr, wd = group["lr"], group["weight_decay"]
        momentum, dampening = group["momentum"], group["dampening"]
        nesterov, maximize = group["nesterov"], group["maximize"]
        for p in group["params"]:
            if p._grad is None:
                continue
            grad = p._grad._data
            if maximize:
                grad = -grad
            if wd != 0:
                grad = K.add(grad, p._data, alpha=wd)
            if momentum != 0:
                state = self.state[p]
                buf = state.get("momentum_buffer")
                if buf is None:
                    buf = Tensor._from_array(np.array(grad, copy=True))
                    state["momentum_buffer"] = buf
                else:
                    b = buf._data
                    np.multiply(b, b.dtype.type(momentum), out=b)
                    K.add_(b, grad, alpha=1 - dampening)
                    buf._bump_version()
                if nesterov:
                    grad = K.add(grad, buf._data, alpha=momentum)
                else:
                    grad = buf._data
            K.add_(p._data, grad, alpha=-lr)
            p._bump_version()
