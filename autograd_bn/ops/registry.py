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

Broadcasting and type promotion are undone in one place, ``OpNode.apply``: a gradient whose
shape or dtype differs from its input's is summed back and cast (rows with ``elementwise``).
"""
from ..autograd.graph import SECOND_BACKWARD, Node, SavedOutput, edge_of
from ..i18n import _
from ..autograd.grad_mode import GradMode

SAVEABLE = ("self", "other", "result")


class OpNode(Node):
    __slots__ = ()
    formulas = ()          # per input: (function, parameter names)
    elementwise = False    # reduce broadcast gradients back to the input's shape
    forward = ""           # the forward signature, for documentation

    def apply(self, g, F):
        saved = self._saved
        if saved is None:
            raise RuntimeError(_(SECOND_BACKWARD))
        env = self._unpack(F.as_tensors) if (saved or self._attrs) else None
        meta = self._meta
        grads = []
        for i, ((fn, names), (nxt, _)) in enumerate(zip(self.formulas, self.next_functions)):
            if nxt is None or fn is None:
                grads.append(None)
                continue
            gi = fn(F, g, *[env[n] for n in names])
            if meta is not None and meta[i] is not None and gi is not None:
                shape, npdtype = meta[i]
                if gi.shape != shape:
                    gi = F.sum_to(gi, shape)
                if gi.dtype != npdtype:
                    gi = F.cast(gi, npdtype)
            grads.append(gi)
        return grads


def derivative(name, forward, saves=SAVEABLE, elementwise=False, **formulas):
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
                                 "_saves": saves, "_save_cache": {}})
    cls.__qualname__ = name
    return cls


class PiecesNode(OpNode):
    """A node with any number of inputs, input i receiving the piece ``g[slices[i]]``."""
    __slots__ = ()

    def apply(self, g, F):
        return [None if nxt is None else F.take(g, piece)
                for (nxt, _), piece in zip(self.next_functions, self._attrs["slices"])]


def pieces(name, forward):
    """Make the node class of cat/stack-like ops (see PiecesNode)."""
    return type(name, (PiecesNode,), {"__slots__": (), "forward": forward, "_saves": (),
                                      "_save_cache": {}, "__qualname__": name})


def _saved_names(cls, mask):
    names = cls._save_cache.get(mask)
    if names is None:
        wanted = set()
        for needed, (fn, params) in zip(mask, cls.formulas):
            if needed and fn is not None:
                wanted.update(p for p in params if p in cls._saves)
        names = cls._save_cache[mask] = tuple(sorted(wanted))
    return names


def needs_grad(*inputs):
    """True when an op on these inputs must record a node."""
    if not GradMode.enabled:
        return False
    for t in inputs:
        if getattr(t, "grad_fn", None) is not None or getattr(t, "_requires_grad", False):
            return True
    return False


def record(cls, out, inputs, attrs=None, **values):
    """Attach a new ``cls`` node to tensor ``out`` produced from ``inputs``.

    ``inputs`` are the op's operands in formula order (tensors, or scalars that get no edge);
    ``values`` are the saveable values by name (``result`` is taken from ``out``).
    """
    node = cls.__new__(cls)
    edges = []
    mask = []
    for t in inputs:
        e = edge_of(t) if t.__class__ is out.__class__ else None
        edges.append((e, 0))
        mask.append(e is not None)
    node.next_functions = tuple(edges)
    names = _saved_names(cls, tuple(mask))
    saved = {}
    versions = {}
    for n in names:
        if n == "result":
            saved[n] = SavedOutput(out)
            versions[n] = None
            continue
        v = values[n]
        if v.__class__ is out.__class__:
            vc = v._vc
            versions[n] = vc[0] if vc is not None else 0
        saved[n] = v
    node._saved = saved
    node._versions = versions
    node._attrs = attrs
    node._pre_hooks = node._retain = None
    meta = None
    if cls.elementwise:
        shape, npdtype = out._data.shape, out._data.dtype
        for i, t in enumerate(inputs):
            if mask[i]:
                d = t._data
                if d.shape != shape or d.dtype != npdtype:
                    if meta is None:
                        meta = [None] * len(inputs)
                    meta[i] = (d.shape, d.dtype)
    node._meta = meta
    out.grad_fn = node
    return out
