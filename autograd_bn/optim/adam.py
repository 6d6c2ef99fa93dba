"""Adam (and AMSGrad), computed in the order of PyTorch's single-tensor implementation."""
import numpy as np

from ..i18n import _
from ..tensor import Tensor
from . import _kernels as K
from .optimizer import Optimizer

__all__ = ["Adam"]


def _zeros_like(p):
    return Tensor._from_array(np.zeros_like(p._data))


class Adam(Optimizer):
    """Adam, with optional L2 or decoupled (AdamW) weight decay, AMSGrad and ``maximize``.

    For each parameter p with gradient g, at step t (``maximize=True`` first negates g)::

        g = g + weight_decay * p     (or p = p * (1 - lr * weight_decay) if decoupled_weight_decay)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        v_hat = max(v_hat, v) if amsgrad else v
        p = p - lr / (1 - beta1**t) * m / (sqrt(v_hat) / sqrt(1 - beta2**t) + eps)

    Computed in the order and float32 rounding of torch's single-tensor implementation; the state
    holds ``step``, ``exp_avg`` (m), ``exp_avg_sq`` (v) and ``max_exp_avg_sq``. ``foreach``,
    ``capturable``, ``differentiable`` and ``fused`` are accepted and stored but change nothing.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        if not 0.0 <= lr:
            raise ValueError(_("Invalid learning rate: {lr}").format(lr=lr))
        if not 0.0 <= eps:
            raise ValueError(_("Invalid epsilon value: {eps}").format(eps=eps))
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(_("Invalid beta parameter at index 0: {b}").format(b=betas[0]))
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(_("Invalid beta parameter at index 1: {b}").format(b=betas[1]))
        if not 0.0 <= weight_decay:
            raise ValueError(_("Invalid weight_decay value: {v}").format(v=weight_decay))
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        amsgrad=amsgrad, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable, fused=fused,
                        decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    _restored_defaults = {"amsgrad": False, "maximize": False, "foreach": None,
                          "capturable": False, "differentiable": False, "fused": None,
                          "decoupled_weight_decay": False}

    def _update_group(self, group):
        beta1, beta2 = group["betas"]
        lr, eps, wd = group["lr"], group["eps"], group["weight_decay"]
        amsgrad, maximize = group["amsgrad"], group["maximize"]
        decoupled = group["decoupled_weight_decay"]
        for p in group["params"]:
            if p._grad is None:
                continue
            state = self.state[p]
            if len(state) == 0:
                state["step"] = Tensor._from_array(np.zeros((), np.float32))
                state["exp_avg"] = _zeros_like(p)
                state["exp_avg_sq"] = _zeros_like(p)
                if amsgrad:
                    state["max_exp_avg_sq"] = _zeros_like(p)
            param = p._data
            grad = p._grad._data
            if maximize:
                grad = -grad
            exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
            step_t = state["step"]
            step_t._data += np.float32(1)
            step_t._bump_version()
            if wd != 0:
                if decoupled:
                    np.multiply(param, param.dtype.type(1 - lr * wd), out=param)
                else:
                    grad = K.add(grad, param, alpha=wd)
            K.lerp_(exp_avg, grad, 1 - beta1)
            np.multiply(exp_avg_sq, exp_avg_sq.dtype.type(beta2), out=exp_avg_sq)
            K.addcmul_(exp_avg_sq, grad, grad, value=1 - beta2)

            step = step_t.item()
            bias_correction1 = 1 - beta1 ** step
            bias_correction2 = 1 - beta2 ** step
            step_size = lr / bias_correction1
            bias_correction2_sqrt = bias_correction2 ** 0.5
            dt = param.dtype.type
            if amsgrad:
                mx = state["max_exp_avg_sq"]._data
                np.maximum(mx, exp_avg_sq, out=mx)
                state["max_exp_avg_sq"]._bump_version()
                denom = K.sqrt(mx) / dt(bias_correction2_sqrt) + dt(eps)
            else:
                denom = K.sqrt(exp_avg_sq) / dt(bias_correction2_sqrt) + dt(eps)
            K.addcdiv_(param, exp_avg, denom, value=-step_size)
            state["exp_avg"]._bump_version()
            state["exp_avg_sq"]._bump_version()
            p._bump_version()
