"""Elementwise choices between values: clamp/clip (torch's two overloads and their argument
errors), where, maximum and minimum."""
import inspect
import warnings

import numpy as np

from .. import _dtype
from .._scalars import cast as _c_cast, checked
from ..i18n import _
from . import derivatives as D
from .arguments import BadOperand
from .arithmetic import maximum_, minimum_
from .broadcast import broadcast_shapes
from .operands import NOT_IMPLEMENTED, as_operand, operands, result_dtype, tensor_operand, wrap
from .registry import needs_grad, record
from ..tensor import Tensor

_bool = _dtype.bool_


_CLAMP_METHOD_SIGS = ("(Tensor min = None, Tensor max = None)",
                      "(Number min = None, Number max = None)")
_CLAMP_FUNCTION_SIGS = (
    "(Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)",
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
