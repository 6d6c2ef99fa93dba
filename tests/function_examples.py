"""Custom autograd Functions shared by tests/test_function.py (autograd_bn against facts recorded
from torch 2.13) and tests/live/test_functional_live.py (the same classes built on torch and on
autograd_bn, compared live).

Every maker takes the module, ``torch`` or ``autograd_bn``, whose ``autograd.Function`` the
classes subclass; the class names matter, they are in the node names and the error messages.
"""


def function_class(module, name, forward, backward=None, **static):
    """The subclass ``name`` of ``module.autograd.Function`` with static ``forward`` and
    ``backward`` (left out when None) and any further static methods (``setup_context``...)."""
    namespace = {"forward": staticmethod(forward)}
    if backward is not None:
        namespace["backward"] = staticmethod(backward)
    namespace.update((key, staticmethod(fn)) for key, fn in static.items())
    base = module.autograd.Function
    return type(base)(name, (base,), namespace)


def _exp_forward(ctx, x):
    r = x.exp()
    ctx.save_for_backward(r)
    return r


def _exp_backward(ctx, g):
    (r,) = ctx.saved_tensors
    return g * r


def exp_function(module):
    """Exp: saves its output for backward."""
    return function_class(module, "Exp", _exp_forward, _exp_backward)


def _double(ctx, x):
    return x * 2


def wrong_backward_functions(module):
    """Functions whose backward breaks a rule: {"count": Bad (two gradients for one input),
    "shape": BadShape (a gradient of shape [3] for an input of shape [2]), "not_none": NotNone
    (a gradient for the non-tensor argument k of forward(x, k))}."""
    return {
        "count": function_class(module, "Bad", _double, lambda ctx, g: (g, g)),
        "shape": function_class(module, "BadShape", _double, lambda ctx, g: module.ones(3)),
        "not_none": function_class(module, "NotNone", lambda ctx, x, k: x * k,
                                   lambda ctx, g: (g, module.ones(1))),
    }


def wrong_sin(module):
    """WrongSin: sin with a backward that is 1% off."""
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a.sin()

    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * a.cos() * 1.01
    return function_class(module, "WrongSin", forward, backward)
