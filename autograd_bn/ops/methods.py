"""Attach the operations to Tensor as methods and operators, under PyTorch's names.

This is the one place the layers above ``tensor.py`` reach the class: the operations, the
operators, ``backward`` (the engine) and the legacy constructor ``torch.Tensor(2, 3)``.
"""
import numpy as np

from .. import creation
from ..autograd import engine
from . import elementwise as E
from . import indexing, inplace, linalg, nn_functional, reductions as R, shape as S
from . import unary_ops as U
from .declare import DECLARED
from .inplace import make_inplace


def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Compute the gradient of this tensor with respect to the graph's leaves."""
    engine.backward(self, gradient, retain_graph, create_graph, inputs=inputs)


backward.__qualname__ = "Tensor.backward"


def _new(cls, *args, **kwargs):
    return creation._legacy_constructor(cls, *args, **kwargs)


def _r_matmul(a, b):
    return linalg.matmul(E.as_operand(b), a)


def _bind(Tensor):
    methods = {
        # arithmetic
        "add": E.add, "sub": E.sub, "subtract": E.sub, "mul": E.mul, "multiply": E.mul,
        "div": E.div, "divide": E.div, "true_divide": E.div, "pow": E.pow,
        "clamp": E.clamp_entry("clamp"), "clip": E.clamp_entry("clip"),
        "maximum": E.maximum, "minimum": E.minimum, "floor_divide": E.floor_divide,
        "remainder": E.remainder, "isnan": E.isnan, "isfinite": E.isfinite,
        "eq": E.eq, "ne": E.ne, "lt": E.lt, "le": E.le, "gt": E.gt, "ge": E.ge,
        "logical_not": E.logical_not,
        "equal": lambda a, b: a._data.shape == b._data.shape and bool((a._data == b._data).all()),
        "where": lambda self, condition, other: E.where(condition, self, other),
        # reductions
        "sum": R.sum, "mean": R.mean, "max": R.max, "min": R.min, "norm": R.norm,
        "all": R.all, "any": R.any, "argmax": R.argmax, "argmin": R.argmin,
        # linear algebra
        "matmul": linalg.matmul, "mm": linalg.mm, "dot": linalg.dot, "mv": linalg.mv,
        # shapes and views
        "reshape": S.reshape, "view": S.view, "flatten": S.flatten, "squeeze": S.squeeze,
        "unsqueeze": S.unsqueeze, "t": S.t, "transpose": S.transpose, "permute": S.permute,
        "expand": S.expand, "clone": S.clone, "contiguous": S.contiguous, "to": S.to,
        "view_as": lambda a, b: S.view(a, b._data.shape),
        "reshape_as": lambda a, b: S.reshape(a, b._data.shape),
        "expand_as": lambda a, b: S.expand(a, b._data.shape),
        "type_as": lambda a, b: S.to(a, b.dtype),
        "float": lambda a: S.to(a, "float32"), "double": lambda a: S.to(a, "float64"),
        "long": lambda a: S.to(a, "int64"), "int": lambda a: S.to(a, "int32"),
        "bool": lambda a: S.to(a, "bool"),
        "softmax": nn_functional.softmax, "log_softmax": nn_functional.log_softmax,
        # in place
        "zero_": inplace.zero_, "fill_": inplace.fill_, "copy_": inplace.copy_,
        "normal_": inplace.normal_, "uniform_": inplace.uniform_, "random_": inplace.random_,
        # operators
        "__add__": E.add, "__radd__": E.add, "__sub__": E.sub, "__rsub__": E.rsub,
        "__mul__": E.mul, "__rmul__": E.mul, "__truediv__": E.div, "__rtruediv__": U.rdiv,
        "__pow__": E.pow, "__rpow__": E.rpow, "__matmul__": linalg.matmul,
        "__rmatmul__": _r_matmul, "__neg__": U.neg, "__abs__": U.abs, "__pos__": lambda a: a,
        "__floordiv__": E.floor_divide, "__mod__": E.remainder,
        "__eq__": E.eq, "__ne__": E.ne, "__lt__": E.lt, "__le__": E.le, "__gt__": E.gt,
        "__ge__": E.ge, "__and__": E.bitwise_and, "__or__": E.bitwise_or,
        "__xor__": E.bitwise_xor, "__invert__": E.bitwise_not,
        "__getitem__": indexing.getitem, "__setitem__": indexing.setitem,
    }
    for decl in DECLARED.values():          # the elementwise functions (unary_ops.py)
        methods.update(decl.forms()[0])
    for name in ("add", "sub", "mul", "div", "pow"):
        methods[name + "_"] = make_inplace(methods[name])
    for name in ("clamp_", "clip_"):
        methods[name] = make_inplace(E.clamp_entry(name))
        methods[name].__signature__ = methods[name[:-1]].__signature__
        methods[name].__name__ = name
    fast = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide}
    for name, ufunc in fast.items():
        methods[name + "_"] = make_inplace(methods[name], ufunc)
    for op, name in (("__iadd__", "add"), ("__isub__", "sub"), ("__imul__", "mul"),
                     ("__itruediv__", "div"), ("__ipow__", "pow")):
        methods[op] = make_inplace(methods[name], fast.get(name))
    for name, fn in methods.items():
        setattr(Tensor, name, fn)
    Tensor.T = property(S.T)
    Tensor.mT = property(lambda a: S.transpose(a, -2, -1))
    Tensor.backward = backward
    Tensor.__new__ = staticmethod(_new)
