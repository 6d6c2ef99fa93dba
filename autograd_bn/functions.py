"""The functional forms: ``torch.add(a, b)``, ``torch.exp(x)``, ``torch.cat([...])`` ..."""
import numpy as _np

from ._dtype import result_type as _result_type
from .ops import elementwise as _E, linalg as _L, nn_functional as _N, reductions as _R
from .ops import shape as _S
from .ops import unary_ops as _U  # noqa: F401  (declares the elementwise functions)
from .ops.broadcast import broadcast_shapes as _broadcast_shapes
from .ops.declare import DECLARED as _DECLARED
from .ops.elementwise import as_operand as _operand
from .tensor import Size as _Size


def _first_tensor(fn):
    def f(input, *args, **kwargs):
        return fn(_operand(input) if not hasattr(input, "_data") else input, *args, **kwargs)
    f.__name__ = fn.__name__
    f.__doc__ = fn.__doc__
    return f


add = _first_tensor(_E.add)
sub = subtract = _first_tensor(_E.sub)
mul = multiply = _first_tensor(_E.mul)
div = divide = true_divide = _first_tensor(_E.div)
for _decl in _DECLARED.values():      # exp, atan, round ...: see ops/unary_ops.py
    globals().update(_decl.forms()[1])
clamp = _E.clamp_entry("clamp", method=False)
clip = _E.clamp_entry("clip", method=False)
maximum = _first_tensor(_E.maximum)
minimum = _first_tensor(_E.minimum)
eq, ne, lt, le, gt, ge = (_first_tensor(f) for f in (_E.eq, _E.ne, _E.lt, _E.le, _E.gt, _E.ge))
isnan = _first_tensor(_E.isnan)
isfinite = _first_tensor(_E.isfinite)
where = _E.where
sum = _first_tensor(_R.sum)
mean = _first_tensor(_R.mean)
max = _first_tensor(_R.max)
min = _first_tensor(_R.min)
argmax = _first_tensor(_R.argmax)
argmin = _first_tensor(_R.argmin)
norm = _first_tensor(_R.norm)
all = _first_tensor(_R.all)
any = _first_tensor(_R.any)
matmul = _first_tensor(_L.matmul)
mm = _first_tensor(_L.mm)
dot = _first_tensor(_L.dot)
mv = _first_tensor(_L.mv)
outer = ger = _first_tensor(_L.outer)
reshape = _first_tensor(_S.reshape)
flatten = _first_tensor(_S.flatten)
squeeze = _first_tensor(_S.squeeze)
unsqueeze = _first_tensor(_S.unsqueeze)
t = _first_tensor(_S.t)
transpose = _first_tensor(_S.transpose)
permute = _first_tensor(_S.permute)
clone = _first_tensor(_S.clone)
cat = concat = concatenate = _S.cat
stack = _S.stack
softmax = _N.softmax
log_softmax = _N.log_softmax


def pow(input, exponent):
    if not hasattr(input, "_data"):
        return _E.rpow(exponent, input)
    return _E.pow(input, exponent)


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
