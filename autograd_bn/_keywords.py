"""torch's parameter names as keywords, NumPy's aliases, and ``out=``, for every public function.

``torch.matmul(input=a, other=b)``, ``a.sum(axis=0, keepdims=True)``, ``torch.add(a, b, out=c)``:
torch's Python binding accepts its schema names as keywords, the NumPy spellings ``axis``,
``keepdims``, ``x``/``a``/``x1`` and ``x2`` for ``dim``, ``keepdim``, ``input`` and ``other``,
and ``out=`` on the functions that have an out variant.  Our functions have their own parameter
names (``add(a, b)``), so :func:`install` wraps each public function and Tensor method that
torch also has: a call with keywords has them renamed to ours by position, from the table
``_torch_keywords.json`` (recorded from torch 2.13 by ``python -m tools.torch_keywords``).
A call without keywords goes straight through.

``out=``: the result is computed as usual and copied into ``out`` (resized, with torch's
warning, when it has another shape and elements), which is returned; like torch, it is refused
when the result would need autograd, or when the result's dtype cannot be cast to out's.
"""
import functools
import inspect
import json
import os
import warnings

import numpy as np

from .autograd.grad_mode import is_grad_enabled
from . import functions
from ._device import check_device, check_pin_memory
from .ops.arguments import BadOperand, arguments_unfit
from .ops.reductions import _named
from .i18n import N_, _

ALIASES = {"axis": "dim", "keepdims": "keepdim", "x": "input", "a": "input", "x1": "input",
           "x2": "other"}
_OUT = object()
_BY_POSITION = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.POSITIONAL_ONLY)
OUT_NEEDS_GRAD = N_("{name}(): functions with out=... arguments don't support automatic "
                    "differentiation, but one of the arguments requires grad.")
OUT_CAST = N_("result type {src} can't be cast to the desired output type {dst}")
OUT_RESIZED = N_(
    "An output with one or more elements was resized since it had shape [{old}], which does "
    "not match the required output shape [{new}]. This behavior is deprecated, and in a future "
    "PyTorch release outputs will not be resized unless they have zero elements. You can "
    "explicitly reuse an out tensor t by resizing it, inplace, to zero elements with "
    "t.resize_(0). (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)")


def load_table():
    """The recorded table: {"torch"|"Tensor"|"nn.functional": {name: {param: position}}}."""
    path = os.path.join(os.path.dirname(__file__), "_torch_keywords.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _params(fn):
    """Our parameter list: [(name, kind)], looking through the functional-form wrappers."""
    inner = None
    closure = getattr(fn, "__closure__", None)
    if closure and getattr(fn, "__code__", None) is not None and \
            fn.__code__.co_varnames[:1] == ("input",) and fn.__code__.co_flags & 0x04:
        inner = next((c.cell_contents for c in closure if callable(c.cell_contents)), None)
    try:
        sig = inspect.signature(inner or fn)
    except (TypeError, ValueError):
        return None
    params = [(p.name, p.kind) for p in sig.parameters.values()]
    if inner is not None and params:
        params[0] = ("input", params[0][1])       # the wrapper's own first name
    return params


def _renames(torch_names, params, shift):
    """{keyword torch accepts: our keyword, or an int position, or _OUT}."""
    ours = {n for n, _k in params}
    rename = {}
    for name, pos in torch_names.items():
        if name == "out":
            rename[name] = _OUT
            continue
        if name in _EXTRAS and name not in ours:
            rename[name] = _EXTRAS[name]
            continue
        kinds = dict(params)
        if name in kinds and kinds[name] not in _BY_POSITION:
            continue                                  # a keyword of ours already
        if pos is None:
            continue                                  # keyword-only and not ours: unsupported
        i = pos + shift
        var = next((j for j, (_n, k) in enumerate(params) if k == inspect.Parameter.VAR_POSITIONAL),
                   None)
        if var is not None and i >= var or i < len(params) and params[i][1] in _BY_POSITION:
            rename[name] = i                          # into *args, or positional-only
        elif i < len(params) and params[i][1] in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                   inspect.Parameter.KEYWORD_ONLY):
            rename[name] = params[i][0]
    for alias, canonical in ALIASES.items():
        if canonical in torch_names and alias not in torch_names and alias not in ours:
            rename[alias] = rename.get(canonical, canonical)
    return rename


_check_device = check_device
_check_pin = check_pin_memory


def _ignore(v):
    return None                    # layout (strided is the only one), memory_format


class _Extra:
    __slots__ = ("check",)

    def __init__(self, check):
        self.check = check


_EXTRAS = {"device": _Extra(_check_device), "pin_memory": _Extra(_check_pin),
           "layout": _Extra(_ignore), "memory_format": _Extra(_ignore)}


def _requires_grad(values):
    for v in values:
        if getattr(v, "requires_grad", False):
            return True
        if isinstance(v, (list, tuple)) and _requires_grad(v):
            return True
    return False


def _can_cast(src, dst):
    if src.is_floating_point and not dst.is_floating_point:
        return False
    return not (dst.name == "bool" and src.name != "bool")


def copy_out(name, result, out):
    """Copy ``result`` (a tensor or a tuple of them) into ``out`` as torch does; return out."""
    if isinstance(out, (tuple, list)):
        for r, o in zip(result, out):
            copy_out(name, r, o)
        if hasattr(result, "_fields"):              # torch.return_types.max_out(...)
            return _named(type(result).__name__ + "_out")(*out)
        return tuple(out)
    if not _can_cast(result.dtype, out.dtype):
        raise RuntimeError(_(OUT_CAST).format(src=result.dtype.word, dst=out.dtype.word))
    data = result._data
    if out._data.shape != data.shape:
        if out._data.size:
            warnings.warn(_(OUT_RESIZED).format(old=", ".join(map(str, out._data.shape)),
                                                new=", ".join(map(str, data.shape))),
                          UserWarning, stacklevel=4)
        out._data = np.array(data, dtype=out._data.dtype)
    else:
        np.copyto(out._data, data, casting="unsafe")
    out._bump_version()
    return out


def adapt(fn, torch_names, shift=0, name=None):
    """fn, wrapped to accept torch's keyword names (or fn itself when nothing is to rename)."""
    params = _params(fn)
    if params is None:
        return fn
    rename = _renames(torch_names, params, shift)
    if not rename:
        return fn
    name = name or fn.__name__

    ours = frozenset(n for n, k in params if k not in _BY_POSITION and n not in rename)
    # a Tensor method's argument-error layer (ops/methods.py) is folded in: one call, not two
    target, bad_operand = getattr(fn, "__bad_operand__", (fn, None))

    @functools.wraps(fn)
    def call(*args, **kw):
        given = args
        try:
            if not kw:
                return target(*args)
            if kw.keys() <= ours:                 # our own names only: straight through
                return target(*args, **kw)
            out = _OUT
            positional = None
            new = {}
            for k, v in kw.items():
                t = rename.get(k, k)
                if t is _OUT:
                    out = v
                elif t.__class__ is _Extra:
                    t.check(v)
                elif t.__class__ is int:
                    positional = positional or {}
                    positional[t] = v
                else:
                    new[t] = v
            if positional:
                args = list(args)
                for i in sorted(positional):
                    while len(args) < i and len(args) < len(params) and \
                            params[len(args)][0] in new:
                        args.append(new.pop(params[len(args)][0]))
                    if i != len(args):
                        _missing_position(name, i)
                    args.append(positional[i])
            if out is _OUT or out is None:
                return target(*args, **new)
            result = target(*args, **new)
        except TypeError as e:            # (BadOperand is one)
            if bad_operand is None or not (isinstance(e, BadOperand) or arguments_unfit(e)):
                raise
            raise bad_operand(given[1:], kw) from None     # (as the caller wrote them)
        if is_grad_enabled() and (_requires_grad(args) or _requires_grad(new.values()) or
                                  _requires_grad([out])):
            raise RuntimeError(_(OUT_NEEDS_GRAD).format(name=name))
        return copy_out(name, result, out)
    call.__torch_keywords__ = rename
    return call


def _missing_position(name, i):
    # (raised here, not in the wrapper's frame: see arguments.arguments_unfit)
    raise TypeError(_("{name}() missing required argument at position {i}").format(name=name,
                                                                                  i=i))


def _is_op(fn):
    # the operations; creation and random functions already take torch's names and check
    # their arguments themselves
    mod = getattr(fn, "__module__", "") or ""
    return mod.startswith("autograd_bn.ops") or mod == "autograd_bn.functions"


def install(package, Tensor):
    """Wrap the public functions of ``package`` and the Tensor methods."""
    table = load_table()
    done = {}                     # aliases (sub, subtract) stay one object
    for name, names in table["torch"].items():
        fn = getattr(package, name, None)
        if fn is None or isinstance(fn, type):
            continue
        if not _is_op(fn):         # creation, random: only out=, size= and the extras
            names = {k: v for k, v in names.items() if k in _EXTRAS or k in ("out", "size")}
        w = done.get(id(fn)) or adapt(fn, names, 0, name)
        done[id(fn)] = w
        if w is not fn:
            setattr(package, name, w)
            if getattr(functions, name, None) is fn:
                setattr(functions, name, w)
    for name, names in table["Tensor"].items():
        fn = Tensor.__dict__.get(name)
        if fn is None or not inspect.isfunction(fn):
            continue
        names = {k: v for k, v in names.items() if k != "out"}
        w = done.get(id(fn)) or adapt(fn, names, 1, name)
        done[id(fn)] = w
        if w is not fn:
            setattr(Tensor, name, w)



def install_functional(functional):
    """Wrap the functions of nn.functional (called when it is first imported)."""
    for name, names in load_table()["nn.functional"].items():
        fn = getattr(functional, name, None)
        if fn is not None:
            w = adapt(fn, names, 0, name)
            if w is not fn:
                setattr(functional, name, w)
