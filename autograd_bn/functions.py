"""The functional forms: ``torch.add(a, b)``, ``torch.exp(x)``, ``torch.cat([...])`` ..."""
import numpy as _np

from ._dtype import result_type as _result_type
from .ops import elementwise as _E, linalg as _L, nn_functional as _N, reductions as _R
from .ops import shape as _S
from .ops import unary_ops as _U  # noqa: F401  (declares the elementwise functions)
from .ops.arguments import (BadOperand as _BadOperand, arguments_unfit as _arguments_unfit,
                             bind as _bind, parser_error as _parser_error)
from .ops.broadcast import broadcast_shapes as _broadcast_shapes
from .ops.declare import DECLARED as _DECLARED
from .ops.signatures import FUNCTION as _SIGNATURES
from .tensor import Size as _Size, Tensor as _Tensor


def _first_tensor(fn, name=None):
    """torch.<name>(input, ...): input must be a tensor, and an operand of the wrong type
    gets torch's argument error."""
    name = name or fn.__name__
    signatures = (_SIGNATURES.get(name) or ["(Tensor input, *, Tensor out = None)"])

    def f(input, *args, **kwargs):
        if input.__class__ is not _Tensor and not isinstance(input, _Tensor):
            raise _parser_error(name, signatures, (input,) + args, kwargs)
        try:
            return fn(input, *args, **kwargs)
        except _BadOperand:
            raise _parser_error(name, signatures, (input,) + args, kwargs) from None
        except TypeError as e:
            if _arguments_unfit(e):
                raise _parser_error(name, signatures, (input,) + args, kwargs) from None
            raise
    f.__name__ = name
    f.__doc__ = fn.__doc__
    return f


add = _first_tensor(_E.add, "add")
sub = _first_tensor(_E.sub, "sub")
subtract = _first_tensor(_E.sub, "subtract")
mul = _first_tensor(_E.mul, "mul")
multiply = _first_tensor(_E.mul, "multiply")
div = _first_tensor(_E.div, "div")
divide = _first_tensor(_E.div, "divide")
true_divide = _first_tensor(_E.div, "true_divide")
for _decl in _DECLARED.values():      # exp, atan, round ...: see ops/unary_ops.py
    globals().update(_decl.forms()[1])
clamp = _E.clamp_entry("clamp", method=False)
clip = _E.clamp_entry("clip", method=False)
maximum = _first_tensor(_E.maximum, "maximum")
minimum = _first_tensor(_E.minimum, "minimum")
eq, ne, lt, le, gt, ge = (_first_tensor(f, n) for f, n in zip(
    (_E.eq, _E.ne, _E.lt, _E.le, _E.gt, _E.ge), ("eq", "ne", "lt", "le", "gt", "ge")))
isnan = _first_tensor(_E.isnan, "isnan")
isfinite = _first_tensor(_E.isfinite, "isfinite")


def where(condition, input=None, other=None):
    """Elements of input where condition holds, else of other."""
    try:
        return _E.where(condition, input, other)
    except _BadOperand:
        raise _parser_error("where", _SIGNATURES["where"], (condition, input, other)) from None


sum = _first_tensor(_R.sum, "sum")
mean = _first_tensor(_R.mean, "mean")
max = _first_tensor(_R.max, "max")
min = _first_tensor(_R.min, "min")
argmax = _first_tensor(_R.argmax, "argmax")
argmin = _first_tensor(_R.argmin, "argmin")
norm = _first_tensor(_R.norm, "norm")
all = _first_tensor(_R.all, "all")
any = _first_tensor(_R.any, "any")
matmul = _first_tensor(_L.matmul, "matmul")
mm = _first_tensor(_L.mm, "mm")
dot = _first_tensor(_L.dot, "dot")
mv = _first_tensor(_L.mv, "mv")
outer = _first_tensor(_L.outer, "outer")
ger = _first_tensor(_L.outer, "ger")
reshape = _first_tensor(_S.reshape, "reshape")
flatten = _first_tensor(_S.flatten, "flatten")
squeeze = _first_tensor(_S.squeeze, "squeeze")
unsqueeze = _first_tensor(_S.unsqueeze, "unsqueeze")
t = _first_tensor(_S.t, "t")
transpose = _first_tensor(_S.transpose, "transpose")
permute = _first_tensor(_S.permute, "permute")
clone = _first_tensor(_S.clone, "clone")
stack = _S.stack


def cat(tensors, dim=0):
    """The tensors joined along an existing dim."""
    return _S.cat(tensors, dim)


def concat(tensors, dim=0):
    """The same as cat."""
    return _S.cat(tensors, dim, "concat")


def concatenate(tensors, dim=0):
    """The same as cat."""
    return _S.cat(tensors, dim, "concatenate")


_SOFTMAX = "(Tensor input, int dim, torch.dtype dtype = None)"


def softmax(input, *args, **kwargs):
    """exp(x) / sum(exp(x)) along dim (which torch.softmax requires)."""
    a = _bind("softmax", _SOFTMAX, (input,) + args, kwargs)
    return _N.softmax(input, a["dim"], a["dtype"])


def log_softmax(input, *args, **kwargs):
    """The log of softmax along dim (which torch.log_softmax requires), computed stably."""
    a = _bind("log_softmax", _SOFTMAX, (input,) + args, kwargs)
    return _N.log_softmax(input, a["dim"], a["dtype"])


def pow(input, exponent):
    """input ** exponent (either may be a number)."""
    try:
        if isinstance(input, _Tensor):
            return _E.pow(input, exponent)
        if isinstance(exponent, _Tensor) and not isinstance(input, (list, tuple, str)):
            return _E.rpow(exponent, input)
    except _BadOperand:
        pass
    raise _parser_error("pow", _SIGNATURES["pow"], (input, exponent))


def equal(a, b):
    return a._data.shape == b._data.shape and bool((a._data == b._data).all())


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(_np.allclose(a._data, b._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


def result_type(a, b):
    return _result_type(a, b)


def broadcast_shapes(*shapes):
    out = ()
    for s in shapes:
        out = _broadcast_shapes(out, tuple(s) if not isinstance(s, int) else (s,))
    return _Size(out)


__all__ = [n for n in dir() if not n.startswith("_")]
