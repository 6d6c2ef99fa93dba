"""Forward passes of the arithmetic operations (+ - * / ** // %), with broadcasting and
PyTorch's type promotion (see operands.py).  Their backward formulas are in derivatives.py."""
import math

import numpy as np

from .. import _dtype
from .._scalars import INT64_MAX, INT64_MIN, UINT64_END, cast as _c_cast, checked, parse_int
from ..autograd.grad_mode import GradMode, InFormula
from ..i18n import _
from . import derivatives as D
from . import ufuncs as U
from .arguments import BadOperand
from .broadcast import broadcast_shapes
from .operands import (NOT_IMPLEMENTED, _FLT_MAX, _huge_for_float32, as_operand, operands,
                       result_dtype, wrap)
from .quiet import IGNORE as _IGNORE, STATE as _STATE, call as _quiet_call
from .registry import needs_grad, record
from ..tensor import Tensor

_from_array = Tensor._from_array
_bool = _dtype.bool_
_ndarray = np.ndarray


SCALAR_ROWS = {D.MulBackward0: D.MulBackward1, D.DivBackward0: D.DivBackward1}


def binary_op(kernel, node, attrs=None, to_float=False, bool_kernel=None):
    """Make the forward of ``a (op) b`` (a a tensor; b a tensor or a scalar); ``bool_kernel``:
    torch's kernel name in its NotImplementedError when both are bool."""
    scalar_row = SCALAR_ROWS.get(node)

    def make(operator):
        def op(a, b):
            bc = type(b)        # (not b.__class__: a Tensor's attribute reads are the slow kind)
            if bc is not Tensor and bc is not float and bc is not int:
                try:
                    b = as_operand(b)           # numbers, arrays, lists; subclasses stay
                except BadOperand:
                    if operator:                # a + [1]: Python reports it (see methods.py)
                        return NotImplemented
                    raise
                bc = Tensor if isinstance(b, Tensor) else b.__class__
            ad = a._data
            dt = a.dtype
            if bc is Tensor and b.dtype is dt and (not to_float or dt.is_floating_point) and (
                    bool_kernel is None or dt is not _bool):
                bd = b._data
                if ad.shape != bd.shape:
                    broadcast_shapes(ad.shape, bd.shape)
            elif (bc is float or bc is int) and dt.is_floating_point:
                if bc is int and not INT64_MIN <= b < UINT64_END:
                    parse_int(b)
                bd = b if bc is int or -_FLT_MAX <= b <= _FLT_MAX else \
                    _huge_for_float32(b, ad.dtype)
            else:
                if bc is int and not INT64_MIN <= b < UINT64_END:
                    parse_int(b)
                rt = result_dtype(a, b)
                if to_float and not rt.is_floating_point:
                    rt = _dtype.get_default_dtype()
                if rt is _bool and bool_kernel is not None:
                    raise NotImplementedError(_(NOT_IMPLEMENTED).format(k=bool_kernel,
                                                                        t="Bool"))
                ad, bd = operands(a, b, rt)
                if bc is float:
                    bd = _huge_for_float32(bd, ad.dtype)
            if _STATE is not None:              # inf * 0 is NaN silently, as in torch
                token = _STATE.set(_IGNORE)     # (quiet.call, inline)
                try:
                    data = kernel(ad, bd)
                finally:
                    _STATE.reset(token)
            else:
                data = _quiet_call(kernel, ad, bd)
            if data.__class__ is not _ndarray:
                data = np.asarray(data)
            out = _from_array(data)
            if node is not None and GradMode.enabled and (
                    a.grad_fn is not None or a._requires_grad or (
                        bc is Tensor and (b.grad_fn is not None or b._requires_grad))):
                if InFormula.active and scalar_row is not None and bc is not Tensor:
                    record(scalar_row, out, (a,), {"scalar": b})
                else:
                    record(node, out, (a, b), attrs)
            return out
        return op

    op = make(False)
    op.operator = make(True)      # the operator's form: NotImplemented for a bad operand
    return op


_ALPHA1 = {"alpha": 1}       # shared: attributes are never written after recording
add_ = binary_op(np.add, D.AddBackward0, _ALPHA1)
sub_ = binary_op(np.subtract, D.SubBackward0, _ALPHA1)
mul = binary_op(np.multiply, D.MulBackward0)
true_div = binary_op(np.true_divide, D.DivBackward0, to_float=True)
maximum_ = binary_op(np.maximum, D.MaximumBackward0)
minimum_ = binary_op(np.minimum, D.MinimumBackward0)
def _int_checked(kernel):
    """An integer division kernel that raises torch's error for a zero divisor."""
    def k(x, y):
        if x.dtype.kind in "iub" and np.any(np.asarray(y) == 0):
            raise RuntimeError(_("ZeroDivisionError"))
        return kernel(x, y)
    return k


def _remainder(x, y):
    """torch's remainder: fmod, moved by y when the signs differ (so a zero keeps x's sign,
    where NumPy's remainder takes y's)."""
    if x.dtype.kind != "f":
        return np.remainder(x, y)
    m = np.fmod(x, y)
    return np.where((m != 0) & ((m < 0) != (np.asarray(y) < 0)), m + y, m)


_floor_divide = binary_op(_int_checked(np.floor_divide), None, bool_kernel="div_floor_cpu")
_remainder_op = binary_op(_int_checked(_remainder), None, bool_kernel="remainder_cpu")


def _recorded(node, out, a, b, attrs=None, scalar_edge=True):
    """Record ``node`` for ``out = a (op) b`` when a tensor operand requires grad (a scalar
    b gets an edge only when ``scalar_edge``)."""
    tensor_b = isinstance(b, Tensor)
    if out.dtype.is_floating_point and needs_grad(a, b if tensor_b else None):
        record(node, out, (a, b) if tensor_b or scalar_edge else (a,), attrs)
    return out


def _not_implemented(out, op, *inputs):
    """torch's NotImplemented node, with an edge to each input that requires grad only."""
    wanted = tuple(t for t in inputs if needs_grad(t))
    if wanted and out.dtype.is_floating_point:
        record(D.NotImplemented_, out, wanted, {"op": op})
    return out


def floor_divide(a, b):
    """a // b, rounded down; torch has no derivative for it (its NotImplemented node)."""
    return _not_implemented(_floor_divide(a, b), "floor_divide", a, b)


def remainder(a, b):
    """a % b with the sign of b (Python's rule)."""
    out = _remainder_op(a, b)
    if isinstance(b, Tensor):
        return _recorded(D.RemainderBackward1, out, a, b)
    return _recorded(D.RemainderBackward0, out, a, b, scalar_edge=False)


def _as_scalar_tensor(v):
    """A Python number as torch wraps it for the reflected operators: a 0-d tensor."""
    v = as_operand(v)
    if isinstance(v, Tensor):
        return v
    if v.__class__ is float:                 # a wrapped float counts as the default dtype
        return wrap(np.asarray(v, dtype=_dtype.get_default_dtype().np))
    return wrap(np.asarray(v))


def rfloordiv(a, b):
    return floor_divide(_as_scalar_tensor(b), a)


def rremainder(a, b):
    """b % a for a number b: torch has no derivative for it."""
    return _not_implemented(_remainder_op(_as_scalar_tensor(b), a), "remainder", a)
_power = U.power


pow_tensor = binary_op(_power, D.PowBackward1, bool_kernel="pow")


def _alpha(a, b, alpha):
    """alpha checked as torch's alpha_check and Scalar.to<result dtype>(), and as the kernel
    multiplies by it."""
    rt = result_dtype(a, as_operand(b))
    # torch broadcasts, then checks alpha (an int beyond int64 fails to parse before either)
    if b.__class__ is Tensor and not (alpha.__class__ is int
                                      and not INT64_MIN <= alpha <= INT64_MAX):
        broadcast_shapes(a._data.shape, b._data.shape)
    if alpha.__class__ is bool and rt is not _bool:
        raise RuntimeError(_("Boolean alpha only supported for Boolean results."))
    if not rt.is_floating_point and isinstance(alpha, (float, np.floating)):
        raise RuntimeError(_("For integral input tensors, argument alpha must not be a floating "
                             "point number."))
    checked(alpha, rt)
    return _c_cast(alpha, rt) if alpha.__class__ is int and not rt.is_floating_point else alpha


def add(a, b, alpha=1):
    if alpha.__class__ is int and alpha == 1:
        return add_(a, b)
    k = _alpha(a, b, alpha)
    return binary_op(lambda x, y: x + y * k, D.AddBackward0, {"alpha": alpha})(a, b)


def _no_bool_subtraction(a, b):
    a_bool = getattr(a, "dtype", None) is _bool or a.__class__ is bool
    b_bool = getattr(b, "dtype", None) is _bool or b.__class__ is bool
    if a_bool and b_bool:
        raise RuntimeError(_("Subtraction, the `-` operator, with two bool tensors is not "
                             "supported. Use the `^` or `logical_xor()` operator instead."))
    if a_bool or b_bool:
        raise RuntimeError(_("Subtraction, the `-` operator, with a bool tensor is not "
                             "supported. If you are trying to invert a mask, use the `~` or "
                             "`logical_not()` operator instead."))


def sub(a, b, alpha=1):
    if b.__class__ is not Tensor and b.__class__ is not int and b.__class__ is not float:
        b = as_operand(b) if b.__class__ is not bool else b     # (BadOperand for a list)
    if b.__class__ is int and not INT64_MIN <= b < UINT64_END:
        parse_int(b)
    if a.dtype is _bool or b.__class__ is bool or getattr(b, "dtype", None) is _bool:
        _no_bool_subtraction(a, b)
    if alpha.__class__ is int and alpha == 1:
        return sub_(a, b)
    k = _alpha(a, b, alpha)
    return binary_op(lambda x, y: x - y * k, D.SubBackward0, {"alpha": alpha})(a, b)


def div(a, b, rounding_mode=None):
    if rounding_mode is None:
        return true_div(a, b)
    if rounding_mode == "floor":
        return _recorded(D.DivBackward2, _floor_divide(a, b), a, b)
    if rounding_mode != "trunc":
        if not isinstance(rounding_mode, str):
            raise BadOperand(rounding_mode)
        raise RuntimeError(_("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                             "but found '{m}'").format(m=rounding_mode))
    return _recorded(D.DivBackward2, _trunc_divide(a, b), a, b)


_trunc_divide = binary_op(_int_checked(lambda x, y: np.trunc(x / y).astype(np.result_type(x, y))),
                          None)


def rsub(a, b):
    """b - a for a Python scalar b."""
    b = as_operand(b) if b.__class__ is not bool else b
    if isinstance(b, Tensor):
        return sub(b, a)
    if b.__class__ is int:
        parse_int(b)
    if a.dtype is _bool or b.__class__ is bool:
        _no_bool_subtraction(b, a)
    rt = result_dtype(a, b)
    ad, b = operands(a, b, rt)
    out = wrap(_quiet_call(np.subtract, _huge_for_float32(b, ad.dtype), ad))
    if needs_grad(a):
        record(D.RsubBackward1, out, (a,))
    return out


def _number(v):
    """as_operand, with torch's range check of a Python int."""
    v = as_operand(v)
    if v.__class__ is int:
        parse_int(v)
    return v


def pow(a, exponent):
    exponent = _number(exponent)
    if isinstance(exponent, Tensor):
        return pow_tensor(a, exponent)
    if exponent.__class__ is int and exponent > INT64_MAX and not a.dtype.is_floating_point:
        checked(exponent, _dtype.int64)           # torch reads an integer power as int64
    rt = result_dtype(a, exponent)
    if rt is _bool:                                # x ** True is x, x ** False is True
        return wrap(a._data.copy() if exponent else np.ones_like(a._data))
    if not rt.is_floating_point and exponent.__class__ is int:
        if exponent < 0:
            raise RuntimeError(_("Integers to negative integer powers are not allowed."))
        checked(exponent, rt)
    ad, _e = operands(a, exponent, rt)
    data = _quiet_call(_power, ad, exponent)
    out = wrap(data.astype(rt.np, copy=False) if data.dtype != rt.np else data)
    if needs_grad(a):
        record(D.PowBackward0, out, (a,), {"exponent": exponent})
    return out


def rpow(a, base):
    """base ** a for a scalar base."""
    base = _number(base)
    if isinstance(base, Tensor):
        return pow(base, a)
    rt = result_dtype(a, base)
    if rt is _bool:
        raise NotImplementedError(_(NOT_IMPLEMENTED).format(k="pow", t="Bool"))
    ad, b = operands(a, base, rt)                   # (an integer base wraps around as torch's)
    out = wrap(_quiet_call(_power, np.asarray(b, rt.np), ad))
    if needs_grad(a):
        log_base = math.log(base) if base > 0 else (float("-inf") if base == 0 else math.nan)
        record(D.PowBackward2, out, (a,), {"log_base": log_base, "base_zero": base == 0})
    return out
