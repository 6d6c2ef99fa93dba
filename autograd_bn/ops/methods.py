"""Attach the operations to Tensor as methods and operators, under PyTorch's names.

This is the one place the layers above ``tensor.py`` reach the class: the operations, the
operators, ``backward`` (the engine) and the legacy constructor ``torch.Tensor(2, 3)``.
"""
import inspect

import numpy as np

from .. import creation
from .._dtype import get_default_dtype
from ..i18n import _
from ..autograd import engine
from . import elementwise as E
from . import conversion, indexing, inplace, linalg, nn_functional, reductions as R, shape as S
from . import unary_ops as U
from .arguments import BadOperand, arguments_unfit, bind, parser_error
from .declare import DECLARED, no_arguments
from .inplace import CANNOT_CAST, make_inplace
from .signatures import METHOD


def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Compute the gradient of this tensor with respect to the graph's leaves."""
    engine.backward(self, gradient, retain_graph, create_graph, inputs=inputs)


backward.__qualname__ = "Tensor.backward"


def _new(cls, *args, **kwargs):
    return creation._legacy_constructor(cls, *args, **kwargs)


def _r_matmul(a, b):
    return linalg.matmul(E.tensor_operand(b), a)


def _operator(fn):
    """An operator (``a + b``): an operand of a type torch does not take (a list, None, a
    string) gives NotImplemented, so Python reports it (or, for ==, compares identities)."""
    def op(a, b):
        try:
            return fn(a, b)
        except BadOperand:
            return NotImplemented
    op.__name__ = fn.__name__
    return op


def _method(fn, name, signatures):
    """A method with torch's argument error for an operand of the wrong type."""
    def method(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except BadOperand:
            raise parser_error(name, signatures, args, kwargs) from None
        except TypeError as e:
            if arguments_unfit(e):
                raise parser_error(name, signatures, args, kwargs) from None
            raise
    method.__name__ = method.__qualname__ = name
    method.__doc__ = fn.__doc__
    method.__signature__ = inspect.signature(fn)     # (the keyword layer reads the names)
    # the keyword layer, when it wraps this method, calls fn itself and makes this error
    method.__bad_operand__ = (fn, lambda args, kwargs: parser_error(name, signatures, args,
                                                                    kwargs))
    return method


def _no_arguments(fn, name):
    """A method torch defines without arguments: CPython's text for extra ones."""
    method = no_arguments(fn, name)
    method.__name__ = method.__qualname__ = name
    method.__doc__ = fn.__doc__
    return method


_NO_ARGUMENTS = {"t", "isnan", "isfinite", "logical_not"}    # (declared ops check their own)


def _softmax_method(name, fn):
    def method(self, *args, **kwargs):
        a = bind(name, "(int dim, torch.dtype dtype = None)", args, kwargs)
        return fn(self, a["dim"], a["dtype"])
    method.__name__ = method.__qualname__ = name
    method.__doc__ = fn.__doc__
    P = inspect.Parameter
    method.__signature__ = inspect.Signature([
        P("self", P.POSITIONAL_ONLY), P("dim", P.POSITIONAL_OR_KEYWORD),
        P("dtype", P.POSITIONAL_OR_KEYWORD, default=None)])
    return method


_OPERATORS = {"add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "pow", "rpow",
              "matmul", "rmatmul", "floordiv", "mod", "rfloordiv", "rmod", "eq", "ne", "lt",
              "le", "gt", "ge", "and", "or", "xor", "iadd", "isub", "imul", "itruediv", "ipow"}



# torch names an integer dtype by its C type when clamp_ meets a float bound (its Number
# overload casts there), and by its word otherwise ("Long")
_C_TYPES = {"int64": "long int", "int32": "int", "uint8": "unsigned char", "bool": "bool"}


def _clamp_inplace(name):
    """Tensor.clamp_ / clip_: clamp in place, with torch's cast error for float bounds."""
    clamp_ = make_inplace(E.clamp_entry(name))

    def method(x, *args, **kwargs):
        bounds = args + tuple(kwargs.values())
        src = None
        if x.dtype.name in _C_TYPES and any(b.__class__ is float for b in bounds):
            src = get_default_dtype().word                   # a float bound: Float
        elif x.dtype.name == "bool" and any(b.__class__ is int for b in bounds):
            src = "Long"                                     # an int bound into bool
        if src is not None:
            raise RuntimeError(_(CANNOT_CAST).format(src=src, dst=_C_TYPES[x.dtype.name]))
        return clamp_(x, *args, **kwargs)
    return method

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
        "expand": S.expand, "clone": S.clone, "contiguous": S.contiguous, "to": conversion.to,
        "cuda": conversion.cuda,
        "view_as": lambda a, b: S.view(a, b._data.shape),
        "reshape_as": lambda a, b: S.reshape(a, b._data.shape),
        "expand_as": lambda a, b: S.expand(a, b._data.shape),
        "type_as": lambda a, b: S.to(a, b.dtype),
        "float": lambda a: S.to(a, "float32"), "double": lambda a: S.to(a, "float64"),
        "long": lambda a: S.to(a, "int64"), "int": lambda a: S.to(a, "int32"),
        "bool": lambda a: S.to(a, "bool"),
        "softmax": _softmax_method("softmax", nn_functional.softmax),
        "log_softmax": _softmax_method("log_softmax", nn_functional.log_softmax),
        # in place
        "zero_": inplace.zero_, "fill_": inplace.fill_, "copy_": inplace.copy_,
        "normal_": inplace.normal_, "uniform_": inplace.uniform_, "random_": inplace.random_,
        # operators
        "__add__": E.add, "__radd__": E.add, "__sub__": E.sub, "__rsub__": E.rsub,
        "__mul__": E.mul, "__rmul__": E.mul, "__truediv__": E.div, "__rtruediv__": U.rdiv,
        "__pow__": E.pow, "__rpow__": E.rpow, "__matmul__": linalg.matmul,
        "__rmatmul__": _r_matmul, "__neg__": U.neg, "__abs__": U.abs, "__pos__": lambda a: a,
        "__floordiv__": E.floor_divide, "__mod__": E.remainder,
        "__rfloordiv__": E.rfloordiv, "__rmod__": E.rremainder,
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
        methods[name] = _clamp_inplace(name)
        methods[name].__signature__ = methods[name[:-1]].__signature__
        methods[name].__name__ = name
    fast = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide}
    for name, ufunc in fast.items():
        methods[name + "_"] = make_inplace(methods[name], ufunc)
    for op, name in (("__iadd__", "add"), ("__isub__", "sub"), ("__imul__", "mul"),
                     ("__itruediv__", "div"), ("__ipow__", "pow")):
        methods[op] = make_inplace(methods[name], fast.get(name))
    # a + b straight to the binary op's operator form (one call less than _operator's)
    direct = {"__add__": E.add_, "__radd__": E.add_, "__mul__": E.mul, "__rmul__": E.mul,
              "__truediv__": E.true_div}
    for name, fn in methods.items():
        if name in direct:
            fn = direct[name].operator
        elif name.startswith("__") and name[2:-2] in _OPERATORS:
            fn = _operator(fn)
        elif name in METHOD or name[:-1] in METHOD and name.endswith("_"):
            fn = _method(fn, name, METHOD.get(name) or METHOD[name[:-1]])
        elif name in _NO_ARGUMENTS or name.endswith("_") and name[:-1] in _NO_ARGUMENTS:
            fn = _no_arguments(fn, name)
        setattr(Tensor, name, fn)
    Tensor.T = property(S.T)
    Tensor.mT = property(lambda a: S.transpose(a, -2, -1))
    Tensor.backward = backward
    Tensor.__new__ = staticmethod(_new)
