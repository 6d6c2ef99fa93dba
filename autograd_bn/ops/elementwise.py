"""Forward passes of the elementwise operations: arithmetic with broadcasting and PyTorch's
type promotion, and elementwise functions.  Their backward formulas are in derivatives.py."""
import inspect
import math

import numpy as np

from .. import _dtype
from ..creation import from_numpy, tensor as new_tensor
from .._scalars import INT64_MAX, INT64_MIN, UINT64_END, cast as _c_cast, checked, parse_int
from ..autograd.grad_mode import GradMode, InFormula
from ..i18n import N_, _
from . import derivatives as D
from . import ufuncs as U
from .broadcast import broadcast_shapes
from .arguments import BadOperand
from .quiet import call as _quiet_call
from .registry import needs_grad, record
from ..tensor import Tensor

_from_array = Tensor._from_array

_bool = _dtype.bool_
_BY_NP = _dtype._BY_NP


_ndarray = np.ndarray


def wrap(data):
    """A new tensor around a NumPy result (NumPy returns scalars for 0-d results)."""
    if data.__class__ is not _ndarray:
        data = np.asarray(data)
    return _from_array(data)


def as_operand(x):
    """A tensor, or a Python scalar; NumPy values become one of those.  Anything else (a list,
    None, a string) is not an operand: BadOperand, which the op's caller reports as torch
    does (see ops/arguments.py)."""
    if isinstance(x, np.generic):       # before float: np.float64 is a float subclass
        return x.item()
    if isinstance(x, (int, float)):
        return x
    if isinstance(x, np.ndarray):
        return from_numpy(x)
    if isinstance(x, Tensor):
        return x
    raise BadOperand(x)


def tensor_operand(x):
    """x, which must be a tensor (torch's ``Tensor other`` parameters without a Number
    overload: maximum, minimum, matmul, copy_)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        return from_numpy(x)
    raise BadOperand(x)


def result_dtype(a, b):
    """torch.result_type, with a fast path for tensor-and-same-dtype and tensor-and-scalar."""
    dt = a.dtype
    if isinstance(b, Tensor):
        return dt if b.dtype is dt else _dtype.result_type(a, b)
    if b.__class__ is float:
        return dt if dt.is_floating_point else _dtype.get_default_dtype()
    if b.__class__ is bool or dt is not _bool:
        return dt
    if b.__class__ is int and b > INT64_MAX:       # torch holds it as a uint64
        raise RuntimeError(_("Promotion for uint16, uint32, uint64 types is not supported, "
                             "attempted to promote Bool and UInt64"))
    return _dtype.int64


_INT_RANGE = {np.dtype(t).char: (np.iinfo(t).min, np.iinfo(t).max)
              for t in (np.uint8, np.int32, np.int64)}


def operands(a, b, rt):
    """The two NumPy operands, cast to the result dtype; torch's error for bad shapes."""
    ad = a._data
    if ad.dtype != rt.np:
        ad = ad.astype(rt.np)
    if not isinstance(b, Tensor):
        if b.__class__ is int and ad.dtype.kind in "iu" and not (
                _INT_RANGE[ad.dtype.char][0] <= b <= _INT_RANGE[ad.dtype.char][1]):
            b = np.array(b).astype(ad.dtype)[()]          # torch wraps it around, as C does
        return ad, b
    bd = b._data
    if bd.dtype != rt.np:
        bd = bd.astype(rt.np)
    if ad.shape != bd.shape:
        broadcast_shapes(ad.shape, bd.shape)
    return ad, bd


_FLT_MAX = float(np.finfo(np.float32).max)
_F32 = np.dtype(np.float32)


def _huge_for_float32(b, npdtype):
    """A Python float beyond float32's range meeting float32 data: torch rounds it to inf
    silently, NumPy warns; so it is converted here, quietly."""
    if npdtype == _F32 and b.__class__ is float and (b > _FLT_MAX or b < -_FLT_MAX):
        with np.errstate(over="ignore"):
            return np.float32(b)
    return b


SCALAR_ROWS = {D.MulBackward0: D.MulBackward1, D.DivBackward0: D.DivBackward1}


NOT_IMPLEMENTED = N_('"{k}" not implemented for \'{t}\'')


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
            data = _quiet_call(kernel, ad, bd)  # inf * 0 is NaN silently, as in torch
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


def pow(a, exponent):
    exponent = as_operand(exponent)
    if isinstance(exponent, Tensor):
        return pow_tensor(a, exponent)
    if exponent.__class__ is int:
        parse_int(exponent)
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
    base = as_operand(base)
    if isinstance(base, Tensor):
        return pow(base, a)
    if base.__class__ is int:
        parse_int(base)
    rt = result_dtype(a, base)
    if rt is _bool:
        raise NotImplementedError(_(NOT_IMPLEMENTED).format(k="pow", t="Bool"))
    ad, b = operands(a, base, rt)                   # (an integer base wraps around as torch's)
    out = wrap(_quiet_call(_power, np.asarray(b, rt.np), ad))
    if needs_grad(a):
        log_base = math.log(base) if base > 0 else (float("-inf") if base == 0 else math.nan)
        record(D.PowBackward2, out, (a,), {"log_base": log_base, "base_zero": base == 0})
    return out


_CLAMP_METHOD_SIGS = ("(Tensor min = None, Tensor max = None)",
                      "(Number min = None, Number max = None)")
_CLAMP_FUNCTION_SIGS = ("(Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)",
                        "(Tensor input, Number min = None, Number max = None, *, Tensor out = None)")


def _clamp_type_error(name, method, args, kwargs, reasons=True):
    """torch's argument-parser TypeError for clamp/clip; the method's says why each overload
    failed when the arguments were tensors and numbers (a Tensor bound with a Number bound)."""
    names = ["Tensor" if isinstance(a, Tensor) else type(a).__name__ for a in args]
    if not method:
        names.insert(0, "Tensor")           # the input
    keys = list(kwargs)[::-1]             # torch lists the keywords in reverse order
    given = [f"{k}={'Tensor' if isinstance(kwargs[k], Tensor) else type(kwargs[k]).__name__}"
             for k in keys]
    got = ", ".join(names + given) if names else "".join(g + ", " for g in given)
    text = _("{f}() received an invalid combination of arguments - got ({got}), but expected "
             "one of:\n").format(f=name, got=got)
    for sig in (_CLAMP_METHOD_SIGS if method else _CLAMP_FUNCTION_SIGS):
        text += " * " + sig + "\n"
        if not (method and reasons):
            continue
        if keys:
            text += "      " + _("didn't match because some of the keywords were incorrect: "
                                 "{names}").format(names=", ".join(keys)) + "\n"
        else:
            text += "      " + _("didn't match because some of the arguments have invalid types: "
                                 "{types}").format(types="(" + ", ".join(
                                     "!" + n + "!" for n in names) + ")") + "\n"
    return TypeError(text)


def clamp_entry(name, method=True):
    """The Tensor method (or torch function) ``name`` ("clamp", "clip"): torch's two overloads,
    (Tensor? min, Tensor? max) -> ClampBackward0 and (Number? min, Number? max) ->
    ClampBackward1; a 0-d tensor that does not require grad also passes as a Number."""
    def entry(x, *args, **kwargs):
        if len(args) <= 2 and (not kwargs or kwargs.keys() <= _MIN_MAX):   # the usual calls
            lo = args[0] if args else kwargs.get("min")
            hi = args[1] if len(args) > 1 else kwargs.get("max")
            if (lo.__class__ in _PLAIN and hi.__class__ in _PLAIN
                    and not (args and "min" in kwargs) and not (len(args) > 1 and "max" in kwargs)):
                return clamp(x, lo, hi)
        given = list(args) + list(kwargs.values())
        if (len(args) > 2 or any(k not in ("min", "max") for k in kwargs)
                or not all(v is None or _is_number(v) or isinstance(v, Tensor) for v in given)):
            raise _clamp_type_error(name, method, args, kwargs, reasons=False)
        lo = args[0] if args else kwargs.get("min")
        hi = args[1] if len(args) > 1 else kwargs.get("max")
        if (len(args) > 0 and "min" in kwargs) or (len(args) > 1 and "max" in kwargs):
            raise _clamp_type_error(name, method, args, kwargs)
        if any(isinstance(v, Tensor) for v in given):
            if all(v is None or isinstance(v, Tensor) for v in (lo, hi)):
                return clamp_tensor(x, lo, hi)
            if not all(v is None or _is_number(v) or (isinstance(v, Tensor) and
                                                      v._data.ndim == 0 and not v.requires_grad)
                       for v in (lo, hi)):
                raise _clamp_type_error(name, method, args, kwargs)
        lo, hi = (v.item() if isinstance(v, (Tensor, np.generic)) else v for v in (lo, hi))
        return clamp(x, lo, hi)
    entry.__name__ = entry.__qualname__ = name
    P = inspect.Parameter
    entry.__signature__ = inspect.Signature(
        [P("self" if method else "input", P.POSITIONAL_ONLY),
         P("min", P.POSITIONAL_OR_KEYWORD, default=None),
         P("max", P.POSITIONAL_OR_KEYWORD, default=None)])
    return entry


_MIN_MAX = {"min", "max"}
_PLAIN = (int, float, type(None))


def _is_number(v):
    return isinstance(v, (int, float, np.number, np.bool_))


def clamp_tensor(x, min=None, max=None):
    """clamp with tensor bounds: torch's ClampBackward0, its gradients as torch's
    clamp_backward and clamp_backward_min_max (x gets g where min <= x <= max; a bound gets g
    where x is beyond it, min only while min < max, max also wherever max < min)."""
    if min is None and max is None:
        raise RuntimeError(_("torch.clamp: At least one of 'min' or 'max' must not be None"))
    rt = _dtype.result_type(x, min, max)
    d = x._data if x._data.dtype == rt.np else x._data.astype(rt.np)
    lo = None if min is None else min._data.astype(rt.np, copy=False)
    hi = None if max is None else max._data.astype(rt.np, copy=False)
    shape = d.shape
    for b in (lo, hi):
        if b is not None:
            shape = broadcast_shapes(shape, b.shape)
    out = d if lo is None else np.maximum(d, lo)
    out = out if hi is None else np.minimum(out, hi)
    out = wrap(np.broadcast_to(out, shape).copy() if out.shape != shape else out)
    if needs_grad(x, min, max):
        attrs = {"in_range": None, "below": None, "above": None}
        with np.errstate(invalid="ignore"):
            if x.requires_grad:
                attrs["in_range"] = np.broadcast_to(
                    (True if lo is None else d >= lo) & (True if hi is None else d <= hi), shape)
            if min is not None and min.requires_grad:
                attrs["below"] = np.broadcast_to(
                    (d < lo) & (True if hi is None else lo < hi), shape)
            if max is not None and max.requires_grad:
                attrs["above"] = np.broadcast_to(
                    (d > hi) | (False if lo is None else hi < lo), shape)
        record(D.ClampBackward0, out, (x, min, max), attrs)
    return out


def clamp(x, min=None, max=None):
    """clamp with Number bounds (ClampBackward1)."""
    if min is None and max is None:
        raise RuntimeError(_("torch.clamp: At least one of 'min' or 'max' must not be None"))
    rt = x.dtype
    for bound in (min, max):
        if bound is not None:
            rt = _dtype.result_type(wrap(np.zeros((1,), rt.np)), bound)
    if rt is _bool:
        raise NotImplementedError(_(NOT_IMPLEMENTED).format(
            k="clamp_scalar_cpu" if min is not None and max is not None else
            "clamp_min_scalar_cpu" if min is not None else "clamp_max_scalar_cpu", t="Bool"))
    for bound in (min, max):
        if bound is not None:
            checked(bound, rt)                    # torch's Scalar.to<result dtype>()
    if not rt.is_floating_point:                  # -1 for uint8 wraps, as torch's conversion
        min, max = (None if v is None else int(_c_cast(v, rt)) for v in (min, max))
    d = x._data if x.dtype is rt else x._data.astype(rt.np)
    out = np.clip(d, min, max)
    out = wrap(out if out.dtype == rt.np else np.asarray(out).astype(rt.np))
    if needs_grad(x):
        record(D.ClampBackward1, out, (x,), {"min": min, "max": max})
    return out


_WARNED_UINT8 = []


def where(condition, a, b):
    """Elements of a where condition holds, else of b."""
    a, b = as_operand(a), as_operand(b)
    if not isinstance(a, Tensor) or not isinstance(b, Tensor):
        # torch converts a number with Scalar.to<result dtype>(): checked, then as C casts
        rt = _dtype.result_type(a, b)
        a, b = (v if isinstance(v, Tensor) else wrap(np.asarray(_c_cast(checked(v, rt), rt)))
                for v in (a, b))
    rt = result_dtype(a, b)
    ad, bd = operands(a, b, rt)
    if not isinstance(condition, Tensor):
        raise BadOperand(condition)
    if condition.dtype is not _bool:
        if condition.dtype is not _dtype.uint8:
            raise RuntimeError(_("where expected condition to be a boolean tensor, but got a "
                                 "tensor with dtype {t}").format(t=condition.dtype.word))
        if not _WARNED_UINT8:                       # torch says so once per process
            _WARNED_UINT8.append(True)
            import warnings
            warnings.warn(_("where received a uint8 condition tensor. This behavior is "
                            "deprecated and will be removed in a future version of PyTorch. Use "
                            "a boolean condition instead."), UserWarning, stacklevel=3)
    cond = condition._data.astype(bool, copy=False)
    broadcast_shapes(broadcast_shapes(cond.shape, ad.shape), bd.shape)
    out = wrap(np.where(cond, ad, bd))
    if needs_grad(a, b):
        record(D.WhereBackward0, out, (a, b), {"condition": cond})
    return out


def maximum(a, b):
    return maximum_(a, tensor_operand(b))


def minimum(a, b):
    return minimum_(a, tensor_operand(b))


def compare(kernel):
    """Comparison ops: boolean results, never differentiable.  Both sides are converted to
    the common dtype first, as torch does: a Python int wraps around to a small integer dtype
    (uint8 == 257 is uint8 == 1) and an integer tensor meets a float in float32."""
    def op(a, b):
        bc = b.__class__
        if bc is not float and bc is not int and bc is not bool:
            b = as_operand(b)
            bc = b.__class__
        if bc is int and not INT64_MIN <= b < UINT64_END:
            parse_int(b)
        if bc is not Tensor and not isinstance(b, Tensor) and a.dtype.is_floating_point:
            # NumPy rounds the number to a's dtype
            return wrap(kernel(a._data, _huge_for_float32(b, a._data.dtype)))
        rt = result_dtype(a, b)
        ad, bd = operands(a, b, rt)
        if not isinstance(bd, np.ndarray) and rt.is_floating_point:
            with np.errstate(over="ignore"):     # 1e300 is inf in float32, as in torch
                bd = rt.np.type(bd)
        return wrap(kernel(ad, bd))
    return op


eq = compare(np.equal)
ne = compare(np.not_equal)
lt = compare(np.less)
le = compare(np.less_equal)
gt = compare(np.greater)
ge = compare(np.greater_equal)


def logical(kernel, name):
    def op(a, b):
        b = as_operand(b)
        if b.__class__ is int:
            parse_int(b)
        bd = b._data if isinstance(b, Tensor) else b
        if a.dtype is _bool and (b.__class__ is bool or getattr(b, "dtype", None) is _bool):
            return wrap(kernel(a._data, bd))
        rt = result_dtype(a, b)
        if rt.is_floating_point:
            raise NotImplementedError(_(NOT_IMPLEMENTED).format(k=name + "_cpu", t=rt.word))
        ad, bd = operands(a, b, rt)
        return wrap(kernel(ad, bd))
    return op


bitwise_and = logical(np.bitwise_and, "bitwise_and")
bitwise_or = logical(np.bitwise_or, "bitwise_or")
bitwise_xor = logical(np.bitwise_xor, "bitwise_xor")


def logical_not(a):
    return wrap(np.logical_not(a._data))


def bitwise_not(a):
    if a.dtype.is_floating_point:
        raise TypeError(_("bitwise_not is only supported for integer and boolean tensors"))
    return wrap(np.invert(a._data))


def isnan(a):
    return wrap(np.isnan(a._data))


def isfinite(a):
    return wrap(np.isfinite(a._data))
