"""Graph nodes: the objects behind ``tensor.grad_fn``.

A node holds what its backward formula needs (saved values in the slots ``_self``,
``_other`` and ``_result``, with the versions they had, listed by ``_saved`` and freed after
backward unless retain_graph; ``_attrs``: shapes, dims and other plain values that are never
freed) and
``next_functions``: one ``(node or None, 0)`` edge per input, as in PyTorch (stored flat in
``_next`` as the nodes alone; the pairs are built when asked for).  Nodes never hold
the tensor they produced, only its array and version counter (``SavedOutput``), so a graph
has no reference cycles and is freed as soon as nothing refers to its output.

The backward formulas themselves live in ``autograd_bn.ops.derivatives``; this module only
knows how to unpack saved values, check them for in-place changes, and run hooks.
"""
import itertools
import weakref

import numpy as np

from .. import _dtype
from .._hooks import RemovableHandle
from ..i18n import N_, _
from ..ops.arguments import type_name
from .anomaly_mode import _State as _Anomaly
from ..tensor import Tensor

SECOND_BACKWARD = N_(
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")

MODIFIED_INPLACE = N_(
    "one of the variables needed for gradient computation has been modified by an inplace "
    "operation: [{type} [{shape}]]{origin} is at version {version}; expected version "
    "{expected} instead. Hint: enable anomaly detection to find the operation that failed to "
    "compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")

MODIFIED_INPLACE_ANOMALY = N_(
    "one of the variables needed for gradient computation has been modified by an inplace "
    "operation: [{type} [{shape}]]{origin} is at version {version}; expected version "
    "{expected} instead. Hint: the backtrace further above shows the operation that failed to "
    "compute its gradient. The variable in question was changed in there or anywhere later. "
    "Good luck!")
# the part of MODIFIED_INPLACE that names the node's forward op, translated on its own
MODIFIED_ORIGIN = N_(", which is output 0 of {name},")

next_seq = itertools.count().__next__      # creation order of nodes (see engine.py)


class SavedOutput:
    """A node's own output, saved without a reference back to the output tensor."""
    __slots__ = ("data", "vc", "version")

    def __init__(self, tensor):
        vc = tensor._vc
        if vc is None:
            vc = tensor._vc = [0]
        self.data, self.vc, self.version = tensor._data, vc, vc[0]


def _modified_error(data, version, expected, producer):
    origin = ""
    if producer is not None:
        # torch names the forward op: ExpBackward0 -> Exp, PowBackward1 -> Pow1
        name = type(producer).__name__
        if name.endswith("Backward0"):
            name = name[:-len("Backward0")]
        elif "Backward" in name:
            name = name.replace("Backward", "", 1)
        origin = _(MODIFIED_ORIGIN).format(name=name)
    if _Anomaly.enabled:
        return RuntimeError(_(MODIFIED_INPLACE_ANOMALY).format(
            type=_dtype.from_numpy_dtype(data.dtype).legacy_name,
            shape=", ".join(map(str, data.shape)), origin=origin, version=version,
            expected=expected))
    return RuntimeError(_(MODIFIED_INPLACE).format(
        type=_dtype.from_numpy_dtype(data.dtype).legacy_name, shape=", ".join(map(str, data.shape)),
        origin=origin, version=version, expected=expected))


# --- grad_fn._saved_* (see saved.py) ---------------------------------------------------------
_SLOTS = {"self": "_self", "other": "_other", "result": "_result"}
_ALIASES = {"self_sym_sizes": "self_shape"}      # torch's name -> the formulas' name


class Packed:
    """What a node keeps of a saved tensor while a pack hook is active (saved.py)."""
    __slots__ = ("packed", "unpack_hook")

    def __init__(self, packed, unpack_hook):
        self.packed, self.unpack_hook = packed, unpack_hook

    def unpack(self, as_tensors):
        t = self.unpack_hook(self.packed)
        return t if as_tensors else t._data


class SavedTensor:
    """``grad_fn._raw_saved_*``: the saved value as torch's C++ SavedVariable object."""
    __slots__ = ("_node", "_name")

    def __init__(self, node, name):
        self._node, self._name = node, name

    def register_hooks(self, pack_hook, unpack_hook):
        """Not available in autograd_bn (use saved_tensors_hooks)."""
        raise NotImplementedError(_("SavedTensor.register_hooks is not supported by "
                                    "autograd_bn; use torch.autograd.graph.saved_tensors_hooks"))


SavedTensor.__module__ = "torch._C._autograd"


class _SavedAttribute:
    """``node._saved_<key>`` / ``node._raw_saved_<key>``, a class attribute of each node class
    for the values its formulas name.  (Not a ``__getattr__`` on Node: in CPython a class with
    ``__getattr__`` makes every attribute read of its instances slower, the engine's too.)"""
    __slots__ = ("name", "key", "raw")

    def __init__(self, name):
        self.name, self.raw = name, name.startswith("_raw_saved_")
        self.key = name[len("_raw_saved_"):] if self.raw else name[len("_saved_"):]

    def __get__(self, node, cls=None):
        if node is None:
            return self
        key = self.key
        if key in _SLOTS and key in getattr(type(node), "_saves", ()):
            if self.raw:
                return SavedTensor(node, key)
            if node._saved is None:
                raise RuntimeError(_(SECOND_BACKWARD))
            value = getattr(node, _SLOTS[key])
            if value is None:
                return None
            if value.__class__ is Packed:
                return value.unpack(True)
            if value.__class__ is SavedOutput:
                return node._unpack_one(value, None, True)
            return _as_tensor(value)
        attrs = node._attrs or {}
        found = _ALIASES.get(key, key)
        if found in attrs:
            v = attrs[found]
            return tuple(v) if isinstance(v, (list, tuple)) or hasattr(v, "shape") and \
                not hasattr(v, "_data") and np.ndim(v) else v
        raise AttributeError(f"'{type(node).__name__}' object has no attribute '{self.name}'")


def _as_tensor(value):
    """A saved Python number as torch wraps it: a 0-d tensor."""
    if isinstance(value, bool):
        return Tensor._from_array(np.asarray(value))
    if isinstance(value, int):
        return Tensor._from_array(np.asarray(value, dtype=np.int64))
    if isinstance(value, float):
        return Tensor._from_array(np.asarray(value, dtype=np.float64))
    return value


def _expose_saved(cls):
    """Give a node class ``_saved_<key>`` and ``_raw_saved_<key>`` for every value its
    formulas name (torch's names too: ``_saved_self_sym_sizes`` for ``self_shape``)."""
    keys = {p for _fn, params in cls.__dict__.get("formulas", ()) for p in params}
    keys.update(alias for alias, key in _ALIASES.items() if key in keys)
    for key in keys:
        for name in ("_saved_" + key, "_raw_saved_" + key):
            if name not in cls.__dict__:
                setattr(cls, name, _SavedAttribute(name))


class Node:
    """Base class of every backward node.  Subclasses set ``formulas``: one per input."""
    # Every node sets these three; the rest are set only when a node needs them, into the
    # instance __dict__ (made on first use), and read through the class defaults below.
    __slots__ = ("_next", "_seq", "_saved", "__dict__", "__weakref__")
    _self = _other = _result = None          # saved values (see ops/registry.py record)
    _vself = _vother = None                  # the versions they had when saved
    _attrs = _meta = _pre_hooks = _retain = None
    fresh_grads = False  # apply returns new arrays or views of g only (the engine may keep
                         # them as a leaf's .grad without a copy; see engine._lent)
    noisy = False       # its formulas may divide by zero (documentation: the engine silences
                        # NumPy's warnings for every backward pass)

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        # PyTorch's node classes live in no Python module, so Python prints them as
        # <AddBackward0 object at 0x...> and IPython as <AddBackward0 at 0x...>.
        cls.__module__ = "builtins"
        _expose_saved(cls)

    _namespace = ""     # torch's nodes written in C++ by hand report "torch::autograd::" names

    def name(self):
        """Return the node's name as PyTorch reports it, e.g. ``"MulBackward0"``.

        Nodes PyTorch writes by hand in C++ carry their namespace:
        ``"torch::autograd::AccumulateGrad"``.
        """
        return self._namespace + type(self).__name__

    @property
    def next_functions(self):
        return tuple((n, 0) for n in self._next)

    @next_functions.setter
    def next_functions(self, edges):
        self._next = tuple(e[0] if isinstance(e, tuple) else e for e in edges)

    # --- saved values ----------------------------------------------------------------
    def _unpack_one(self, value, version, as_tensors):
        """A saved value, after checking a saved tensor was not modified in place since."""
        if value.__class__ is SavedOutput:
            if value.vc[0] != value.version:
                raise _modified_error(value.data, value.vc[0], value.version, self)
            if not as_tensors:
                return value.data
            t = Tensor._from_array(value.data)
            t.grad_fn = self
            return t
        if value.__class__ is Packed:             # saved_tensors_hooks (saved.py)
            return value.unpack(as_tensors)
        if version is None:                       # a Python scalar or a constant array
            return value
        vc = value._vc
        now = vc[0] if vc is not None else 0
        if now != version:
            raise _modified_error(value._data, now, version, value.grad_fn)
        return value if as_tensors else value._data

    def _release(self):
        if self._saved:
            self._saved = None
            if self._self is not None or self._other is not None or self._result is not None:
                self._self = self._other = self._result = None

    # --- hooks -----------------------------------------------------------------------
    def register_prehook(self, hook):
        """Call ``hook(grad_outputs)`` before this node's backward; return a handle with
        ``.remove()``.

        As in PyTorch, the hook receives the tuple of gradients arriving at the node (here one
        gradient: nodes have one output) and may return a tuple to use instead (None keeps it).
        """
        return self._register_tensor_hook(_TupleHook(hook))

    def _register_tensor_hook(self, hook):
        """``Tensor.register_hook`` on a non-leaf: ``hook(grad)`` with the gradient itself."""
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._pre_hooks.append(hook)
        return RemovableHandle(self._pre_hooks, hook)

    @property
    def metadata(self):
        return {}

    def register_hook(self, hook):
        """PyTorch's post-hooks on nodes, not supported: raises NotImplementedError.

        Use ``register_prehook``, or ``Tensor.register_hook`` on the tensor whose gradient you
        want.
        """
        raise NotImplementedError("post-hooks on nodes are not supported; use Tensor.register_hook")


class _TupleHook:
    """A node pre-hook as torch calls it: a tuple of gradients in, a tuple (or None) out."""
    __slots__ = ("hook", "__name__")

    def __init__(self, hook):
        self.hook = hook
        self.__name__ = getattr(hook, "__name__", type(hook).__name__)

    def __call__(self, grad):
        out = self.hook((grad,))
        if out is None:
            return None
        if not isinstance(out, tuple):
            raise TypeError(_("expected tuple, but hook returned '{t}'").format(t=type_name(out)))
        if len(out) != 1:
            raise RuntimeError(_("hook '{name}' has returned an incorrect number of values (got "
                                 "{n}, but expected {m})").format(name=self.__name__, n=len(out),
                                                                  m=1))
        return DROPPED if out[0] is None else out[0]


DROPPED = object()      # a pre-hook's (None,): the gradient is dropped, as torch's undefined one


class AccumulateGrad(Node):
    """The node of a leaf tensor that requires grad: adds incoming gradients to ``.grad``."""
    __slots__ = ("variable",)
    _namespace = "torch::autograd::"

    def __init__(self, variable):
        self.variable = variable
        # A leaf's node has no inputs, so it may always run last: a negative number puts it
        # after every operation (it is made lazily, possibly after the first op that uses it).
        self._seq = -next_seq()
        self._next = ()
        self._saved = None


def edge_of(t):
    """The node a gradient for tensor ``t`` flows into: its grad_fn, or its AccumulateGrad."""
    fn = t.grad_fn
    if fn is not None:
        return fn
    if not t._requires_grad:
        return None
    ref = t._acc
    acc = ref() if ref is not None else None
    if acc is None:
        acc = AccumulateGrad(t)
        acc._pre_hooks = t._hooks          # a leaf's hooks run before accumulation
        t._acc = weakref.ref(acc)
    return acc
