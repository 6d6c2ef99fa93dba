"""One declaration per elementwise function of one tensor; the rest follows from it.

``declare("atan", "Arctangent of each element, in radians.", U.atan, D.AtanBackward0,
aliases=("arctan",))`` (in ops/unary_ops.py) makes the forward ``y = atan(x)`` and, from it:

* the method ``Tensor.atan``: ``__qualname__`` ``Tensor.atan``, signature ``(self)``;
* the in-place method ``Tensor.atan_`` and the functions ``autograd_bn.atan(input)`` and
  ``autograd_bn.atan_(input)`` (``inplace`` says which in-place forms PyTorch has);
* the aliases (``arctan``, ``arctan_``) under PyTorch's names;
* the docstring of all of them, which docs/api.md shows (``python -m tools.api_reference``).

ops/methods.py and functions.py attach whatever ``DECLARED`` holds, so adding an elementwise
op is its row in derivatives.py, its ``declare`` line and its entry in tests/golden/op_table/ (see
CONTRIBUTING.md).  The function forms are built in one place, ``_function``: a keyword every
function gains (``out=``) is added there.
"""
import inspect
import sys

from .. import _dtype
from ..autograd.grad_mode import GradMode
from ..i18n import _
from .arguments import fits, parser_error
from .elementwise import NOT_IMPLEMENTED, wrap
from .inplace import make_inplace
from .quiet import call as _quiet_call
from .registry import record

_P = inspect.Parameter
_bool = _dtype.bool_
DECLARED = {}          # name -> Declaration, in declaration order


class Declaration:
    """What ``declare`` made for one op: its forms under their PyTorch names."""
    __slots__ = ("name", "doc", "node", "method", "inplace_method", "function",
                 "inplace_function", "aliases", "module", "named")

    def forms(self):
        """(Tensor methods, module functions): name -> callable, aliases included (each
        alias its own callable, so that an error names the alias, as torch's does)."""
        methods, functions = {}, {}
        for name in (self.name,) + self.aliases:
            method, inplace_method, function, inplace_function = self.named[name]
            methods[name], functions[name] = method, function
            if inplace_method is not None:
                methods[name + "_"] = inplace_method
            if inplace_function is not None:
                functions[name + "_"] = inplace_function
        return methods, functions


def extra_arguments(name, args, kwargs):
    """torch's TypeError for arguments given to a Tensor method that takes none."""
    if kwargs:
        return TypeError(_("{f}() takes no keyword arguments").format(f="TensorBase." + name))
    return TypeError(_("{f}() takes no arguments ({n} given)").format(f="TensorBase." + name,
                                                                       n=len(args)))


def unary(kernel, node, dtypes="float", kernel_name=None, refuse=None):
    """The forward ``y = f(x)`` of an elementwise function; ``kernel`` maps a NumPy array to
    the result array.  ``dtypes`` says what integer and bool tensors do: ``"float"``: become
    the default float dtype first (exp); ``"any"``: are kept (sign, relu); ``"no_bool"``:
    integers are kept, bool is refused with torch's NotImplementedError naming
    ``kernel_name`` (floor), or the exception ``refuse()`` makes; ``"floating"``: only
    floating tensors (frac)."""
    floating = dtypes == "float"
    if dtypes in ("float", "any"):
        def op(x, *args, **kwargs):
            if args or kwargs:
                raise extra_arguments(op.__name__, args, kwargs)
            d = x._data
            if floating and not x.dtype.is_floating_point:
                d = d.astype(_dtype.get_default_dtype().np)
            out = wrap(_quiet_call(kernel, d))       # log(-1) is NaN silently, as in torch
            if GradMode.enabled and (x.grad_fn is not None or x._requires_grad) and (
                    node is not None):
                record(node, out, (x,))
            return out
        return op
    refuse_integers = dtypes == "floating"

    def checked_op(x, *args, **kwargs):
        if args or kwargs:
            raise extra_arguments(checked_op.__name__, args, kwargs)
        dt = x.dtype
        if not dt.is_floating_point and (dt is _bool or refuse_integers):
            if refuse is not None:
                raise refuse()
            raise NotImplementedError(_(NOT_IMPLEMENTED).format(k=kernel_name, t=dt.word))
        out = wrap(_quiet_call(kernel, x._data))
        if GradMode.enabled and (x.grad_fn is not None or x._requires_grad) and (
                node is not None):
            record(node, out, (x,))
        return out
    return checked_op


def _signature(first, keywords):
    return inspect.Signature([_P(first, _P.POSITIONAL_OR_KEYWORD)] + [
        _P(k, _P.KEYWORD_ONLY, default=v) for k, v in keywords.items()])


def _named(fn, name, qualname, doc, signature, module):
    fn.__name__ = name
    fn.__qualname__ = qualname
    fn.__doc__ = doc
    fn.__signature__ = signature
    fn.__module__ = module
    return fn


def _function(op, keywords, name, signatures):
    """``autograd_bn.<name>(input, ...)``: the op on a tensor; anything else is torch's
    argument error over ``signatures`` (the count of positional arguments first, as torch's
    parser checks it, then the keywords)."""
    def function(input, *args, **kwargs):
        if args or not hasattr(input, "_data") or kwargs and not _fit(kwargs, keywords):
            raise parser_error(name, signatures, (input,) + args, kwargs)
        return op(input, **kwargs)
    return function


def no_arguments(method, name):
    """The method (or in-place method), with torch's TypeError when it is given arguments."""
    def checked(self, *args, **kwargs):
        if args or kwargs:
            raise extra_arguments(name, args, kwargs)
        return method(self)
    return checked


def _keywords_only(method, name, keywords, signatures):
    """The method of an op with keyword-only parameters (round(*, decimals)): a positional
    argument or an unknown keyword is torch's argument-parser error over its overloads."""
    def checked(x, *args, **kwargs):
        if args or not _fit(kwargs, keywords):
            raise parser_error(name, signatures, args, kwargs)
        return method(x, **kwargs)
    return checked


def _fit(kwargs, keywords):
    """Whether the keywords are the op's own, each of its parameter's type (its default's)."""
    return kwargs.keys() <= keywords.keys() and all(
        fits(type(keywords[k]).__name__, v) for k, v in kwargs.items())


def _signatures(keywords, form):
    """torch's overloads of an op with keyword-only parameters (round: one without, one with
    ``decimals``), as its argument errors list them; ``form``: "method", "function" or
    "inplace_function"."""
    lead = "" if form == "method" else "Tensor input"
    tail = ", Tensor out = None" if form == "function" else ""
    sigs = ["(" + lead + (", *" + tail if tail else "") + ")"]
    for k, v in keywords.items():
        sigs.append("(" + (lead + ", " if lead else "") + f"*, {type(v).__name__} {k}" + tail
                    + ")")
    return sigs


def declare(name, doc, kernel=None, node=None, *, forward=None, dtypes="float",
            kernel_name=None, refuse=None, inplace="both", aliases=(), keywords=None):
    """Declare the elementwise op ``name`` (see the module docstring).

    ``doc``: one sentence, what the op computes (the node's name is added).  ``kernel`` and
    ``node``: the NumPy function and the derivatives row, made into the forward by ``unary``
    (``dtypes``, ``kernel_name``, ``refuse``: see there); or ``forward``, a ready forward ``f(x, **kw)``
    whose keyword-only parameters and defaults are ``keywords``.  ``inplace``: ``"both"``
    (Tensor.name_ and autograd_bn.name_), ``"method"`` or ``None``.
    """
    keywords = dict(keywords or {})
    op = forward if forward is not None else unary(kernel, node, dtypes, kernel_name, refuse)
    module = sys._getframe(1).f_globals.get("__name__", __name__)
    if node is not None and node.__name__ not in doc:
        doc = f"{doc[:-1]} ({node.__name__})." if doc.endswith(".") else f"{doc} ({node.__name__})"
    decl = Declaration()
    decl.name, decl.doc, decl.node, decl.aliases, decl.module = (
        name, doc, node, tuple(aliases), module)
    own = decl.named = {name: _forms(op, name, name, doc, keywords, inplace, module)}
    decl.method, decl.inplace_method, decl.function, decl.inplace_function = own[name]
    for alias in decl.aliases:
        forms = _forms(op, alias, name, doc, keywords, inplace, module)
        for form, of in zip(forms, own[name]):
            if form is not None:
                form.__alias_of__ = of        # (the API page lists them together)
        decl.named[alias] = forms
    DECLARED[name] = decl
    return op


def _forms(op, name, main, doc, keywords, inplace, module):
    """(method, in-place method, function, in-place function) of ``op`` under ``name`` (the
    op's ``main`` name or an alias); under its main name the method is op itself (no extra
    call)."""
    own = name == main
    if keywords:
        method = _keywords_only(op, name, keywords, _signatures(keywords, "method"))
    else:
        method = op if own else no_arguments(op, name)
    method = _named(method, name, "Tensor." + name, doc, _signature("self", keywords), module)
    function = _named(_function(op, keywords, name, _signatures(keywords, "function")),
                      name, name, doc, _signature("input", keywords), module)
    inplace_method = inplace_function = None
    if inplace:
        doc_ = f"In-place version of ``{main}``: {doc}"
        if keywords:
            method_ = _keywords_only(make_inplace(op), name + "_", keywords,
                                     _signatures(keywords, "method"))
        else:
            method_ = no_arguments(make_inplace(op), name + "_")
        inplace_method = _named(method_, name + "_", f"Tensor.{name}_", doc_,
                                _signature("self", keywords), module)
        if inplace == "both":
            inplace_function = _named(
                _function(method_, keywords, name + "_", _signatures(keywords, "inplace_function")),
                name + "_", name + "_", doc_, _signature("input", keywords), module)
    return method, inplace_method, function, inplace_function
