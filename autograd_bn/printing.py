"""Text form of tensors, written to match PyTorch 2.13's ``repr`` character for character.

``tensor_repr`` turns a NumPy array plus its autograd facts into the string torch prints, and
``set_printoptions`` / ``get_printoptions`` / ``printoptions`` manage the same global options
torch keeps (precision, threshold, edgeitems, linewidth, sci_mode).

How torch lays a tensor out (measured on torch 2.13.0, see /work/shared/spec/torch-compat.md):

* A tensor with more than ``threshold`` elements is summarised: along every dimension longer
  than ``2 * edgeitems`` only the first and last ``edgeitems`` entries are shown, with ``...``
  between them.  Only the shown values decide how numbers are formatted.
* Integers and booleans print as ``str(v)``; floats pick one of three styles from their
  finite, non-zero values: whole numbers with a trailing ``.``, scientific (``1.0000e-05``)
  or fixed (``0.1000``).  Every element is right-aligned to the widest of those values.
* Rows wrap at ``linewidth``; the closing suffixes (``dtype=``, ``grad_fn=``,
  ``requires_grad=True``) go on a new line when they would pass it.

Only NumPy and the standard library are imported, so printing stays cheap in notebooks.
"""
import contextlib
import math

import numpy as np

from . import _dtype

__all__ = ["set_printoptions", "get_printoptions", "printoptions", "tensor_repr"]

_PREFIX = "tensor("
_INDENT = len(_PREFIX)


class _PrintOptions:
    __slots__ = ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")

    def __init__(self):
        self.precision = 4
        self.threshold = 1000
        self.edgeitems = 3
        self.linewidth = 80
        self.sci_mode = None


_OPTS = _PrintOptions()

_PROFILES = {
    "default": (4, 1000, 3, 80),
    "short": (2, 1000, 2, 80),
    "full": (4, math.inf, 3, 80),
}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """Set the printing options, as ``torch.set_printoptions`` does.

    A profile ("default", "short" or "full") is applied first; the other arguments then
    override it when they are not None.  ``sci_mode`` is always set to its argument, so a call
    that omits it returns to the automatic choice.
    """
    o = _OPTS
    if profile is not None:
        preset = _PROFILES.get(profile)
        if preset is not None:
            o.precision, o.threshold, o.edgeitems, o.linewidth = preset
    if precision is not None:
        o.precision = precision
    if threshold is not None:
        o.threshold = threshold
    if edgeitems is not None:
        o.edgeitems = edgeitems
    if linewidth is not None:
        o.linewidth = linewidth
    o.sci_mode = sci_mode


def get_printoptions():
    """The current options as a dict that ``set_printoptions(**d)`` accepts."""
    o = _OPTS
    return {"precision": o.precision, "threshold": o.threshold, "edgeitems": o.edgeitems,
            "linewidth": o.linewidth, "sci_mode": o.sci_mode}


@contextlib.contextmanager
def printoptions(**kwargs):
    """Change the printing options inside a ``with`` block and restore them afterwards."""
    saved = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**saved)


# ---------------------------------------------------------------------------------------------
# Element formatting

def _whole(vals):
    """Whole-number style: ``3.``, ``-0.``; nan and inf stay bare words."""
    isfinite = math.isfinite
    out = []
    for v in vals:
        s = format(v, ".0f")
        out.append(s + "." if isfinite(v) else s)
    return out


def _format_floats(vals, opts):
    """Strings for the float values ``vals`` and the common width torch aligns them to."""
    isfinite = math.isfinite
    nz = [v for v in vals if v and isfinite(v)]
    if not nz:
        # Nothing finite and non-zero: whole-number style, width 1, sci_mode ignored.
        return _whole(vals), 1

    sci = opts.sci_mode
    if sci is None:
        # decided in double precision on the magnitudes (float32 values widen exactly)
        mags = [abs(v) for v in nz]
        hi = max(mags)
        lo = min(mags)
        sci = hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4

    if sci:
        out = [format(v, f".{opts.precision}e") for v in vals]
    elif all(v.is_integer() for v in nz):
        out = _whole(vals)
    else:
        out = [format(v, f".{opts.precision}f") for v in vals]
    return out, _width(out, vals)


def _width(strs, vals):
    """Widest string among the finite, non-zero values (torch ignores zeros, nan and inf)."""
    isfinite = math.isfinite
    return max(1, max([len(s) for s, v in zip(strs, vals) if v and isfinite(v)]))


def _format_values(vals, floating, opts):
    """Right-aligned strings for the shown values (flat, row-major) and their width."""
    if floating:
        strs, width = _format_floats(vals, opts)
    else:
        strs = [str(v) for v in vals]
        width = max(1, max(map(len, strs)))
    return [s.rjust(width) for s in strs], width


# ---------------------------------------------------------------------------------------------
# Layout

def _shown(a, edge):
    """The summarised array (first/last ``edge`` entries of long dims) and which dims were cut."""
    cut = []
    for axis, n in enumerate(a.shape):
        if n > 2 * edge:
            a = a.take(list(range(edge)) + list(range(n - edge, n)), axis=axis)
            cut.append(True)
        else:
            cut.append(False)
    return a, cut


def _layout(strs, shape, cut, edge, width, linewidth):
    """Nest the flat element strings into torch's bracketed, wrapped text."""
    ndim = len(shape)
    it = iter(strs)
    per_item = width + 2

    def block(d, indent):
        n = shape[d]
        if d == ndim - 1:
            items = [next(it) for _ in range(n)]
            if cut[d]:
                items.insert(edge, " ...")
            per_line = max(1, math.floor((linewidth - indent) / per_item))
            if len(items) <= per_line:
                return "[" + ", ".join(items) + "]"
            lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
            return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
        parts = [block(d + 1, indent + 1) for _ in range(n)]
        if cut[d]:
            parts.insert(edge, "...")
        sep = "," + "\n" * (ndim - d - 1) + " " * (indent + 1)
        return "[" + sep.join(parts) + "]"

    return block(0, _INDENT)


def _body(a, floating, opts):
    """The text between ``tensor(`` and the suffixes, for a non-empty array."""
    summarize = a.size > opts.threshold
    edge = opts.edgeitems
    if summarize and a.ndim and not edge:
        return "[...]"
    if summarize and a.ndim:
        shown, cut = _shown(a, edge)
    else:
        shown, cut = a, [False] * a.ndim
    strs, width = _format_values(shown.ravel().tolist(), floating, opts)
    if a.ndim == 0:
        return strs[0]
    return _layout(strs, shown.shape, cut, edge, width, opts.linewidth)


def tensor_repr(data, dtype, grad_fn_name=None, requires_grad=False, parameter=False):
    """Exactly ``repr(t)`` of a torch tensor ``t`` holding ``data`` with dtype ``dtype``.

    ``data`` is a NumPy array already of ``dtype.np``.  ``grad_fn_name`` (e.g.
    ``"AddBackward0"``) gives the ``grad_fn=<...>`` suffix; otherwise ``requires_grad=True``
    adds the leaf suffix.  ``parameter=True`` prints the way an ``nn.Parameter`` does.
    """
    if not isinstance(data, np.ndarray):
        data = np.asarray(data, dtype=dtype.np)
    opts = _OPTS
    name = dtype.name
    default_name = _dtype.get_default_dtype().name
    suffixes = []
    if data.size == 0:
        if data.ndim != 1:
            suffixes.append("size=" + str(tuple(data.shape)))
        if name != default_name:
            suffixes.append("dtype=torch." + name)
        body = "[]"
    else:
        if not opts.edgeitems:
            suffixes.append("size=" + str(tuple(data.shape)))
        if name != default_name and name != "int64" and name != "bool":
            suffixes.append("dtype=torch." + name)
        body = _body(data, dtype.is_floating_point, opts)
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")

    text = _PREFIX + body
    if suffixes:
        linewidth = opts.linewidth
        pieces = [text]
        last = len(text) - text.rfind("\n") + 1
        for suffix in suffixes:
            n = len(suffix)
            if last + n + 2 > linewidth:
                pieces.append(",\n" + " " * _INDENT + suffix)
                last = _INDENT + n
            else:
                pieces.append(", " + suffix)
                last += n + 2
        text = "".join(pieces)
    text += ")"
    if parameter:
        return "Parameter containing:\n" + text
    return text
