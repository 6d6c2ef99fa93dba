"""The elementwise functions of one tensor, one declaration each (see declare.py).

A line here gives the op its Tensor method, in-place method, ``autograd_bn`` function,
aliases and docstring.  Kernels come from ufuncs.py (the same bits on every CPU); the backward
rows from derivatives.py.
"""
import operator

import numpy as np

from .. import _dtype
from ..i18n import _
from . import derivatives as D
from . import ufuncs as U
from .declare import declare, extra_arguments, unary
from .elementwise import NOT_IMPLEMENTED, as_operand, div, mul, pow, wrap
from .registry import needs_grad, record
from ..tensor import Tensor

_bool = _dtype.bool_


def _relu(d):
    return np.maximum(0, d)      # in this order NumPy keeps -0. and nan, as torch does


_neg = unary(np.negative, D.NegBackward0, "any")


def _no_bool_relu():
    return RuntimeError(_("Boolean inputs not supported for relu"))
_abs = unary(np.abs, D.AbsBackward0, "any")


def _negation(x, *args, **kwargs):
    if args or kwargs:
        raise extra_arguments("neg", args, kwargs)
    if x.dtype is _bool:
        raise RuntimeError(_("Negation, the `-` operator, on a bool tensor is not supported. If "
                             "you are trying to invert a mask, use the `~` or `logical_not()` "
                             "operator instead."))
    return _neg(x)


def _absolute(x, *args, **kwargs):
    if args or kwargs:
        raise extra_arguments("abs", args, kwargs)
    if x.dtype is _bool:
        raise NotImplementedError(_(NOT_IMPLEMENTED).format(k="abs_cpu", t=x.dtype.word))
    return _abs(x)


_round = unary(U.rint, D.RoundBackward0, "no_bool", "round_vml_cpu")
_round_decimals_0 = unary(U.rint, D.RoundBackward1, "no_bool", "round_vml_cpu")


def _rounded(x, *, decimals=None):
    """round, or torch's round.decimals overload when ``decimals`` is given (RoundBackward1,
    also for decimals=0)."""
    if decimals is None:
        return _round(x)
    if decimals.__class__ is bool or not isinstance(decimals, (int, np.integer)):
        raise TypeError(_("{f}(): argument '{a}' must be {t}, not {g}").format(
            f="round", a="decimals", t="int", g=type(decimals).__name__))
    decimals = operator.index(decimals)
    if decimals == 0:
        return _round_decimals_0(x)
    if not x.dtype.is_floating_point:
        raise NotImplementedError(_(NOT_IMPLEMENTED).format(k="round_cpu", t=x.dtype.word))
    out = wrap(U.round_decimals(x._data, decimals))
    if needs_grad(x):
        record(D.RoundBackward1, out, (x,))
    return out


def _square(x, *args, **kwargs):
    if args or kwargs:
        raise extra_arguments("square", args, kwargs)
    return pow(x, 2)


def rdiv(a, b):
    """b / a for a scalar b: torch computes reciprocal(a) * b."""
    b = as_operand(b)
    if isinstance(b, Tensor):
        return div(b, a)
    return mul(reciprocal(a), b)


# --- exponentials and logarithms ------------------------------------------------------------
exp = declare("exp", "e ** self elementwise.", U.exp, D.ExpBackward0)
exp2 = declare("exp2", "2 ** self elementwise.", U.exp2, D.Exp2Backward0)
expm1 = declare("expm1", "exp(self) - 1 elementwise, accurate near 0.", U.expm1,
                D.Expm1Backward0)
log = declare("log", "Natural logarithm elementwise.", U.log, D.LogBackward0)
log2 = declare("log2", "Base-2 logarithm elementwise.", U.log2, D.Log2Backward0)
log10 = declare("log10", "Base-10 logarithm elementwise.", U.log10, D.Log10Backward0)
log1p = declare("log1p", "log(1 + self) elementwise, accurate near 0.", U.log1p,
                D.Log1PBackward0)
sqrt = declare("sqrt", "Square root elementwise.", np.sqrt, D.SqrtBackward0)
rsqrt = declare("rsqrt", "1 / sqrt(self) elementwise.", U.rsqrt, D.RsqrtBackward0)
square = declare("square", "self ** 2 elementwise (PowBackward0, as torch's).",
                 forward=_square)
reciprocal = declare("reciprocal", "1 / self elementwise.", lambda d: np.true_divide(1, d),
                     D.ReciprocalBackward0)

# --- trigonometric and hyperbolic -------------------------------------------------------------
sin = declare("sin", "Sine elementwise, in radians.", U.sin, D.SinBackward0)
cos = declare("cos", "Cosine elementwise, in radians.", U.cos, D.CosBackward0)
atan = declare("atan", "Arctangent elementwise, in radians.", U.atan, D.AtanBackward0,
               aliases=("arctan",))
asin = declare("asin", "Arcsine elementwise, in radians; NaN outside [-1, 1].", U.asin,
               D.AsinBackward0, aliases=("arcsin",))
acos = declare("acos", "Arccosine elementwise, in radians; NaN outside [-1, 1].", U.acos,
               D.AcosBackward0, aliases=("arccos",))
sinh = declare("sinh", "Hyperbolic sine elementwise.", U.sinh, D.SinhBackward0)
cosh = declare("cosh", "Hyperbolic cosine elementwise.", U.cosh, D.CoshBackward0)
tanh = declare("tanh", "Hyperbolic tangent elementwise.", U.tanh, D.TanhBackward0)

# --- activations and special functions -------------------------------------------------------
sigmoid = declare("sigmoid", "1 / (1 + exp(-self)) elementwise.", U.sigmoid, D.SigmoidBackward0)
relu = declare("relu", "max(self, 0) elementwise.", _relu, D.ReluBackward0, dtypes="no_bool",
               refuse=_no_bool_relu)
erf = declare("erf", "The error function elementwise.", U.erf, D.ErfBackward0)

# --- sign and rounding -----------------------------------------------------------------------
neg = declare("neg", "-self (NegBackward0).", forward=_negation, aliases=("negative",))
abs = declare("abs", "|self| elementwise (AbsBackward0; the gradient at 0 is 0).",
              forward=_absolute)
sign = declare("sign", "-1, 0 or 1 for each element, 0 for NaN; a bool tensor is returned as "
               "it is (SignBackward0, whose gradient is 0).", U.sign, D.SignBackward0,
               dtypes="any", inplace="method")
sgn = declare("sgn", "The same as sign for real tensors (SgnBackward0, whose gradient is 0).",
              U.sign, D.SgnBackward0, dtypes="any", inplace="method")
floor = declare("floor", "The largest integer not above each element; integer tensors are "
                "copied (FloorBackward0, whose gradient is 0).", U.floor, D.FloorBackward0,
                dtypes="no_bool", kernel_name="floor_vml_cpu")
ceil = declare("ceil", "The smallest integer not below each element; integer tensors are "
               "copied (CeilBackward0, whose gradient is 0).", U.ceil, D.CeilBackward0,
               dtypes="no_bool", kernel_name="ceil_vml_cpu")
trunc = declare("trunc", "Each element rounded towards zero; integer tensors are copied "
                "(TruncBackward0, whose gradient is 0).", U.trunc, D.TruncBackward0,
                dtypes="no_bool", kernel_name="trunc_vml_cpu", aliases=("fix",))
round = declare("round", "Each element rounded to the nearest integer, halves to even; with "
                "decimals, to that many decimal places (RoundBackward0, RoundBackward1 with "
                "decimals; their gradient is 0).", forward=_rounded,
                keywords={"decimals": 0})
frac = declare("frac", "self - trunc(self) elementwise, for floating tensors.", U.frac,
               D.FracBackward0, dtypes="floating", kernel_name="frac_cpu")
