"""How a row of the derivatives table becomes a backward node, and how ops record it.

``derivative("MulBackward0", "mul(self, other)", self=lambda F, g, other: g * other, ...)``
makes a node class.  Each keyword names an input (in order) and gives its formula; the
formula's parameter names after ``F, g`` say what it needs: ``self``/``other``/``result`` (or any
name listed in ``saves``) are saved values, freed after backward; every other name is a plain
attribute (a shape, a dim) kept for the node's life.  Like derivatives.yaml, a value is saved
only when a formula that uses it will run, i.e. when that input requires grad.

``F`` is the namespace the formula computes with: NumPy arrays normally, differentiable
tensors under ``create_graph=True`` (see ``autograd_bn.ops.namespaces``), so one formula
serves first and higher derivatives.

Broadcasting and type promotion are undone in one place, ``undo_broadcast`` (called by every
compiled ``apply``): a gradient whose shape or dtype differs from its input's is summed back
and cast (rows with ``elementwise``, whose nodes record that metadata).
"""
import linecache
import os
import sys

from ..autograd.graph import SECOND_BACKWARD, Node, SavedOutput, edge_of, next_seq
from ..i18n import _
from ..autograd.grad_mode import GradMode
from ..autograd.anomaly_mode import _State as _Anomaly, remember
from ..autograd.saved import _HOOKS, pack_saved

SAVEABLE = ("self", "other", "result")
NODES = {}             # node name -> class: every row's node, findable by its grad_fn name
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the compiled apply functions get file names here (they are in linecache, not on disk)
GENERATED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_generated")


def _row_text(filename, line):
    """The source of the table row that starts at ``line`` of ``filename`` (a whole
    statement: lines are added until it parses)."""
    lines = linecache.getlines(filename)
    text = ""
    for ln in lines[line - 1:line + 40]:
        text += ln
        try:
            compile(text.strip(), filename, "exec")
        except SyntaxError:
            continue
        return text.rstrip()
    return ""


def _describe(cls, name, forward, frame):
    """Place a node class in ``NODES`` and remember where its row is, for its docstring."""
    cls.row = (frame.f_code.co_filename, frame.f_lineno)
    NODES.setdefault(name, cls)


class _RowDocumented(type):
    """The node classes' type: a class's docstring is its formula row, read from the source
    the first time it is asked for (so importing costs nothing).  The class keeps torch's
    repr (``<class 'ExpBackward0'>``), so the docstring says where the row is."""

    @property
    def __doc__(cls):
        own = cls.__dict__.get("__doc__") or cls.__dict__.get("_row_doc")
        row = cls.__dict__.get("row")
        if own is not None or row is None:
            return own
        filename, line = row
        where = os.path.relpath(filename, os.path.dirname(_PACKAGE))
        doc = (f"{cls.__name__}: the backward node of {cls.forward}.\n\nIts row, {where} line "
               f"{line}:\n\n{_row_text(filename, line)}\n")
        type.__setattr__(cls, "_row_doc", doc)
        return doc


class OpNode(Node, metaclass=_RowDocumented):
    """A node made from a row of the derivatives table (see ``derivative``)."""
    __slots__ = ()
    formulas = ()          # per input: (function, parameter names)
    elementwise = False    # reduce broadcast gradients back to the input's shape
    forward = ""           # the forward signature, for documentation
    fresh_grads = True     # each formula returns a new array or a view of g: never a stored
                           # array, nor the array another formula of the row returns


def derivative(name, forward, saves=SAVEABLE, elementwise=False, noisy=False, **formulas):
    """Make the node class for one row of the derivatives table."""
    rows = []
    for fn in formulas.values():
        if fn is None:
            rows.append((None, ()))
            continue
        code = fn.__code__
        rows.append((fn, code.co_varnames[2:code.co_argcount]))
    saves = tuple(saves)
    cls = type(name, (OpNode,), {"__slots__": (), "formulas": tuple(rows),
                                 "elementwise": elementwise, "forward": forward,
                                 "noisy": noisy, "_saves": saves, "_save_cache": {}})
    cls.__qualname__ = name
    _describe(cls, name, forward, sys._getframe(1))
    cls.apply = _specialised_apply(rows, saves, name)
    return cls


def _specialised_apply(rows, saves, name="OpNode"):
    """Compile OpNode.apply for one row: the same steps, unrolled for its inputs and names.

    Generic code would look the formula's arguments up by name on every call; a backward pass
    runs a node per operation, so the row's shape is resolved once, here.
    """
    names = sorted({n for _, params in rows for n in params})
    lines = [f"# {name}.apply, compiled by autograd_bn/ops/registry.py from its row",
             "def apply(self, g, F):",
             "    saved = self._saved",
             "    if saved is None:",
             "        raise RuntimeError(_(SECOND_BACKWARD))",
             "    nf = self._next"]
    if any(n not in saves for n in names):
        lines.append("    attrs = self._attrs")
    for n in names:
        if n == "self":
            lines.append("    v_self = unpack(self, self._self, self._vself, F.as_tensors)")
        elif n == "other":
            lines.append("    v_other = unpack(self, self._other, self._vother, F.as_tensors)")
        elif n == "result":
            lines.append("    v_result = unpack(self, self._result, None, F.as_tensors)")
        else:
            lines.append(f"    v_{n} = attrs[{n!r}]")
    outs = []
    for i, (fn, params) in enumerate(rows):
        args = "".join(f", v_{p}" for p in params)
        if fn is None:
            lines.append(f"    g{i} = None")
        else:
            lines.append(f"    g{i} = f{i}(F, g{args}) if nf[{i}] is not None else None")
        outs.append(f"g{i}")
    lines.append("    if self._meta is not None:")
    lines.append(f"        return undo_broadcast(self._meta, [{', '.join(outs)}], F)")
    lines.append(f"    return ({', '.join(outs)}{',' if len(outs) == 1 else ''})")
    env = {"_": _, "SECOND_BACKWARD": SECOND_BACKWARD, "unpack": Node._unpack_one,
           "undo_broadcast": undo_broadcast, "__name__": __name__}   # a library frame
    env.update({f"f{i}": fn for i, (fn, _p) in enumerate(rows)})
    source = "\n".join(lines) + "\n"
    filename = os.path.join(GENERATED, f"{name}_apply.py")
    # in linecache (mtime None: never checked against the disk), so tracebacks show the lines
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), env)
    return env["apply"]


def undo_broadcast(meta, grads, F):
    """Sum broadcast gradients back to their inputs' shapes and cast them to their dtypes."""
    for i, m in enumerate(meta):
        gi = grads[i]
        if m is not None and gi is not None:
            if gi.shape != m[0]:
                gi = F.sum_to(gi, m[0])
            if gi.dtype != m[1]:
                gi = F.cast(gi, m[1])
            grads[i] = gi
    return grads


class PiecesNode(OpNode):
    """A node with any number of inputs, input i receiving the piece ``g[slices[i]]``."""
    __slots__ = ()

    def apply(self, g, F):
        return [None if nxt is None else F.take(g, piece)
                for nxt, piece in zip(self._next, self._attrs["slices"])]


def pieces(name, forward):
    """Make the node class of cat/stack-like ops (see PiecesNode)."""
    cls = type(name, (PiecesNode,), {"__slots__": (), "forward": forward, "_saves": (),
                                     "_save_cache": {}, "__qualname__": name})
    _describe(cls, name, forward, sys._getframe(1))
    return cls


def _saved_names(cls, mask):
    names = cls._save_cache.get(mask)
    if names is None:
        wanted = set()
        for needed, (fn, params) in zip(mask, cls.formulas):
            if needed and fn is not None:
                wanted.update(p for p in params if p in cls._saves)
        names = tuple(sorted(wanted))
        cls._save_cache[mask] = names
    return names


def needs_grad(*inputs):
    """True when an op on these inputs must record a node."""
    if not GradMode.enabled:
        return False
    for t in inputs:
        if getattr(t, "grad_fn", None) is not None or getattr(t, "_requires_grad", False):
            return True
    return False


def record(cls, out, inputs, attrs=None, inplace=False):
    """Attach a new ``cls`` node to tensor ``out`` produced from ``inputs``.

    ``inputs`` are the op's operands in formula order (tensors, or scalars that get no edge).
    The values a row may save are its first two inputs (``self``, ``other``) and ``out``
    (``result``); only those its formulas need for the inputs that require grad are kept.
    As torch's set_history, an out-of-place result must be floating (an integer tensor with a
    history, which torch's fill_ can make, cannot take part in differentiable ops).
    """
    if not out.dtype.is_floating_point and not inplace:
        raise RuntimeError(_("Autograd not support dtype: {t}").format(t=out.dtype.word))
    node = _new(cls)
    node._seq = next_seq()
    if _Anomaly.enabled:
        remember(node)
    T = out.__class__
    a = inputs[0]
    ea = a.grad_fn
    if ea is None and a._requires_grad:
        ea = edge_of(a)
    n = len(inputs)
    if n == 1:
        node._next = (ea,)
        mask = (ea is not None,)
        b = None
    elif n == 2:
        b = inputs[1]
        if b.__class__ is T or isinstance(b, T):
            eb = b.grad_fn
            if eb is None and b._requires_grad:
                eb = edge_of(b)
        else:
            eb = None
        node._next = (ea, eb)
        mask = (ea is not None, eb is not None)
    else:
        b = inputs[1]
        edges = tuple(edge_of(t) if isinstance(t, T) else None for t in inputs)
        node._next = edges
        mask = tuple(e is not None for e in edges)
    names = cls._save_cache.get(mask)
    if names is None:
        names = _saved_names(cls, mask)
    node._saved = names
    if names:
        for name in names:
            if name == "self":
                node._self = a
                if isinstance(a, T):
                    node._vself = a._vc[0] if a._vc is not None else 0
            elif name == "other":
                node._other = b
                if isinstance(b, T):
                    node._vother = b._vc[0] if b._vc is not None else 0
            else:
                node._result = SavedOutput(out)
    if attrs is not None:
        node._attrs = attrs
    if cls.elementwise:                 # remember what broadcasting and promotion changed
        od = out._data
        meta = None
        for i, t in enumerate(inputs):
            if mask[i]:
                d = t._data
                if d.shape != od.shape or d.dtype != od.dtype:
                    if meta is None:
                        meta = [None] * n
                    meta[i] = (d.shape, d.dtype)
        if meta is not None:
            node._meta = meta
    if _HOOKS and names:                # inside autograd.graph.saved_tensors_hooks
        pack_saved(node, names, T)
    out.grad_fn = node
    return out


_new = object.__new__
