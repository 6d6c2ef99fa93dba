"""torch's argument-parser TypeErrors, for calls whose arguments have the wrong type.

torch checks the arguments of every op against the op's Python signatures (written as torch
prints them, e.g. ``(Tensor input, Number other, *, Tensor out = None)``).  When none fits it
says why in one of two forms, which ``parser_error`` reproduces:

* one plausible signature (one whose argument count fits the call): the first argument that
  does not fit, ``add(): argument 'other' (position 2) must be Tensor, not str``, or the
  parser's counting errors (an unexpected keyword, a missing or extra positional argument);
* several: ``eq() received an invalid combination of arguments - got (Tensor, str), but
  expected one of:`` and every signature, each followed by why it failed when its length is
  the call's (positional calls only).

The ops call this only after their own fast checks failed, so a correct call never pays for it.
"""
import numpy as np

from .. import _dtype
from ..i18n import _

_TORCH_NAMES = {"Tensor": "Tensor", "dtype": "torch.dtype", "Size": "torch.Size",
                "device": "torch.device", "Generator": "torch.Generator"}


def type_name(v, detail=False):
    """How torch names the type of v ("list of [float, int]" in detail)."""
    k = type(v)
    name = _TORCH_NAMES.get(k.__name__) if k.__module__.startswith("autograd_bn") else None
    if name is None:
        name = k.__name__ if k.__module__ == "builtins" else k.__module__ + "." + k.__name__
    if detail and k in (list, tuple):
        inner = ", ".join(type_name(e) for e in v)
        return f"{name} of [{inner}]" if k is list else f"{name} of ({inner})"
    return name


class Param:
    __slots__ = ("kind", "name", "default", "keyword_only")

    def __init__(self, text, keyword_only):
        text, _eq, default = text.partition(" = ")
        self.kind, _sp, self.name = text.rpartition(" ")
        self.default = default if _eq else None
        self.keyword_only = keyword_only


def _parse(signature):
    return [p for p in _pieces(signature) if p is not None]


def _pieces(signature):
    """The parameters as written, None for the ``*`` marker."""
    params, keyword_only = [], False
    for piece in signature.strip()[1:-1].split(", "):
        if piece == "*":
            keyword_only = True
            params.append(None)
        elif piece:
            params.append(Param(piece, keyword_only))
    return params


def _counted(signature):
    """How many arguments torch's error formatter counts in a signature: its pieces as
    written, the ``*`` marker and the empty piece of ``()`` included."""
    return len(signature.strip()[1:-1].split(", "))


def _is_tensor(v):
    """A tensor of this library (this module sits below tensor.py: no import of it)."""
    return type(v).__name__ == "Tensor" and hasattr(v, "_data")


def _is_number(v):
    return isinstance(v, (int, float, complex, np.number, np.bool_))


def fits(kind, v, default=None):
    """Whether torch's parser takes value v for a parameter of this kind."""
    if v is None and default == "None":
        return True
    if kind == "Tensor":
        return _is_tensor(v)
    if kind == "Number":
        return _is_number(v) or (_is_tensor(v) and v._data.ndim == 0)
    if kind == "int":
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)
    if kind == "bool":
        return isinstance(v, (bool, np.bool_))
    if kind == "str":
        return isinstance(v, str)
    if kind == "torch.dtype":
        return isinstance(v, _dtype.dtype) or v is float or v is int or v is bool
    if kind == "tuple of ints":
        return isinstance(v, (int, np.integer)) or (isinstance(v, (list, tuple)) and all(
            isinstance(e, (int, np.integer)) for e in v))
    if kind == "torch.device":
        return isinstance(v, (str, int)) or type(v).__name__ == "device"
    if kind == "torch.Generator":
        return type(v).__name__ == "Generator"
    return True


def _describe_call(args, kwargs, detail=False, marks=None):
    parts = []
    for i, a in enumerate(args):
        n = type_name(a, detail)
        parts.append(f"!{n}!" if marks is not None and marks[i] else n)
    named = [f"{k}={type_name(v, detail)}" for k, v in reversed(kwargs.items())]
    if not parts:                    # torch writes each keyword followed by ", "
        return "(" + "".join(n + ", " for n in named) + ")"
    return "(" + ", ".join(parts + named) + ")"


def _positional_count_error(name, params, given):
    # torch's min_args counts every required parameter, keyword-only ones too
    # (round(*, int decimals): "takes from 1 to 0 positional arguments")
    positional = [p for p in params if not p.keyword_only]
    low = len([p for p in params if p.default is None])
    high = len(positional)
    if low == high:
        if high == 1:
            return _("{f}() takes 1 positional argument but {m} were given").format(
                f=name, m=given)
        return _("{f}() takes {n} positional arguments but {m} were given").format(
            f=name, n=high, m=given)
    return _("{f}() takes from {a} to {b} positional arguments but {m} were given").format(
        f=name, a=low, b=high, m=given)


def _single(name, params, args, kwargs):
    """The error of the one plausible signature (as torch's FunctionSignature::parse: the
    parameters in order, each from its position or its keyword; then unknown keywords)."""
    positional = [p for p in params if not p.keyword_only]
    if len(args) > len(positional):
        return TypeError(_positional_count_error(name, params, len(args)))
    missing = []
    for i, p in enumerate(params):
        if i < len(args) and not p.keyword_only:
            if not fits(p.kind, args[i], p.default):
                return TypeError(_("{f}(): argument '{p}' (position {i}) must be {k}, not {t}")
                                 .format(f=name, p=p.name, i=i + 1, k=p.kind,
                                         t=type_name(args[i])))
        elif p.name in kwargs:
            if not fits(p.kind, kwargs[p.name], p.default):
                return TypeError(_("{f}(): argument '{p}' must be {k}, not {t}").format(
                    f=name, p=p.name, k=p.kind, t=type_name(kwargs[p.name])))
        elif p.default is None:
            missing.append(p.name)
    if missing:                  # (torch finds these while reading the parameters, before
        return TypeError(_(      # it looks at the keywords left over)
            '{f}() missing {n} required positional arguments: {names}').format(
            f=name, n=len(missing), names=", ".join(f'"{m}"' for m in missing)))
    names = {p.name for p in params}
    for k in kwargs:
        if k not in names:
            return TypeError(_("{f}() got an unexpected keyword argument '{k}'").format(f=name, k=k))
    return None


def parser_error(name, signatures, args, kwargs=None):
    """torch's TypeError for ``name(*args, **kwargs)`` matching none of ``signatures``."""
    kwargs = kwargs or {}
    parsed = [_parse(s) for s in signatures]
    given = len(args) + len(kwargs)
    plausible = [p for p in parsed
                 if len([q for q in p if q.default is None]) <= given <= len(p)]
    if len(parsed) == 1 or len(plausible) == 1:
        err = _single(name, (plausible or parsed)[0], args, kwargs)
        if err is not None:
            return err
    text = _("{f}() received an invalid combination of arguments - got {got}, but expected "
             "one of:\n").format(f=name, got=_describe_call(args, kwargs))
    for sig, params in zip(signatures, parsed):
        text += " * " + sig + "\n"
        if _counted(sig) != given:
            continue
        names = {p.name: p for p in params}
        unknown = [k for k in kwargs if k not in names]
        if unknown:
            text += "      " + _("didn't match because some of the keywords were incorrect: "
                                 "{names}").format(names=", ".join(unknown)) + "\n"
            continue
        # torch's formatter reads the pieces as written: an argument at the place of the
        # "*" marker does not match (round(1, 2) against "(*, int decimals)": (!int!, int))
        pieces = _pieces(sig)
        marks = [i >= len(pieces) or pieces[i] is None or
                 not fits(pieces[i].kind, a, pieces[i].default) for i, a in enumerate(args)]
        kw = {(f"!{k}!" if not fits(names[k].kind, v, names[k].default) else k): v
              for k, v in kwargs.items()}
        text += "      " + _("didn't match because some of the arguments have invalid types: "
                             "{types}").format(
            types=_describe_call(args, kw, detail=True, marks=marks)) + "\n"
    return TypeError(text)


def arguments_unfit(error):
    """Whether TypeError ``error``, caught where a function was called, is that call's own
    argument binding failing (the callee never ran: ``sub()`` given too many arguments), not
    an error from inside the callee.  Its caller then gives torch's error under the public
    name (``subtract()``), not the internal function's."""
    return error.__traceback__ is not None and error.__traceback__.tb_next is None


class BadOperand(TypeError):
    """An operand of the wrong type reached an op: the op's callers turn it into torch's
    parser error (functions, methods) or into NotImplemented (operators)."""

    def __init__(self, value):
        self.value = value
        super().__init__(_("unsupported operand type: {t}").format(t=type(value).__name__))


def _int_like(v):
    """An int for torch's int lists: Python and NumPy ints and integer tensors of one
    element, not bools, floats or floating tensors."""
    if v.__class__ is int:
        return True
    if isinstance(v, (bool, float, np.bool_)) or not hasattr(v, "__index__"):
        return False
    if hasattr(v, "_data"):
        return not v.dtype.is_floating_point and v._data.size == 1
    return True


def size_argument(fname, args, param="size"):
    """The ints of a size given as ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` or ``f(Size)``,
    with torch's TypeErrors for anything else."""
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        items, varargs = args[0], False
    elif len(args) == 1 and not _int_like(args[0]):
        raise TypeError(_("{f}(): argument '{p}' (position 1) must be tuple of ints, not {t}")
                        .format(f=fname, p=param, t=type_name(args[0])))
    else:
        items, varargs = args, True
    for i, v in enumerate(items):
        if _int_like(v):
            continue
        if i == 0 and varargs:
            raise TypeError(_("{f}(): argument '{p}' (position 1) must be tuple of ints, not {t}")
                            .format(f=fname, p=param, t=type_name(v)))
        if i == 0:
            raise TypeError(_("{f}(): argument '{p}' (position 1) must be tuple of ints, but "
                              "found element of type {t} at pos 0").format(
                f=fname, p=param, t=type_name(v)))
        raise TypeError(_("{f}(): argument '{p}' failed to unpack the object at pos {i} with "
                          "error \"type must be tuple of ints,but got {t}\"").format(
            f=fname, p=param, i=i + 1, t=type_name(v)))
    return tuple(v if v.__class__ is int else int(v.__index__()) for v in items)


def bind(name, signature, args, kwargs):
    """The call's arguments by parameter name (defaults filled in), or torch's error for a
    call that does not fit ``signature`` (one signature, as torch prints it)."""
    import ast
    params = _parse(signature)
    err = _single(name, params, args, kwargs)
    if err is not None:
        raise err
    values = {p.name: None if p.default in (None, "None") else ast.literal_eval(p.default)
              for p in params}
    positional = [p for p in params if not p.keyword_only]
    values.update((p.name, a) for p, a in zip(positional, args))
    values.update(kwargs)
    return values
