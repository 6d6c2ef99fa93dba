"""Custom differentiable operations: ``class Exp(Function)`` with static forward/backward.

As in PyTorch, ``Exp.apply(x)`` runs ``Exp.forward(ctx, x)`` without recording and, when an
input requires grad, attaches one graph node to the outputs.  That node *is* the ``ctx`` the
forward saw: an instance of the class ``ExpBackward`` made for ``Exp`` (a subclass of
``graph.Node``), so ``y.grad_fn.saved_tensors`` works and the repr reads
``grad_fn=<ExpBackward>``.  The engine calls ``node.apply(g, F)``; the node turns g into
tensors, calls ``Exp.backward(ctx, *grads)`` and checks what comes back (number, type, shape,
dtype of every gradient) with PyTorch's messages.

Outputs: a tensor, or a tuple of values (tensors and others).  With more than one
differentiable output each output gets a small slot node feeding the shared node, because the
engine's edges carry no output index (see ``_OutputSlot``).
"""
import functools
import warnings

import numpy as np

from ..i18n import _
from .grad_mode import GradMode, no_grad
from .graph import SECOND_BACKWARD, Node, SavedOutput, _modified_error, edge_of, next_seq

WRONG_COUNT = ("function {name} returned an incorrect number of gradients (expected {n}, got "
               "{m})")
BAD_SHAPE = ("Function {name} returned an invalid gradient at index {i} - got [{got}] but "
             "expected shape compatible with [{want}]")
NOT_NONE = ("function {name} returned a gradient different than None at position {i}, but the "
            "corresponding forward input was not a Variable")
NOT_TENSOR = "expected Variable or None (got {t})"
LEAF_DIRTY = "a leaf Variable that requires grad has been used in an in-place operation."
NO_FORWARD = "You must implement the forward function for custom autograd.Function."
NO_BACKWARD = ("You must implement either the backward or vjp method for your custom "
               "autograd.Function to use it with backward mode AD.")
LEGACY = ("Legacy autograd function with non-static forward method is deprecated. Please use "
          "new-style autograd function with static forward method. (Example: "
          "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")
INSTANTIATED = ("{cls} should not be instantiated. Methods on autograd functions are all "
                "static, so you should invoke them on the class itself. Instantiating an "
                "autograd function will raise an error in a future version of PyTorch.")
ONCE = "trying to differentiate twice a function that was marked with @once_differentiable"


def _Tensor():
    from ..tensor import Tensor
    return Tensor


def _shape_str(shape):
    return ", ".join(str(s) for s in shape)


class FunctionCtx:
    """What ``forward`` may call on ``ctx``."""

    def save_for_backward(self, *tensors):
        for t in tensors:
            if t is not None and not isinstance(t, _Tensor()):
                raise TypeError(_("save_for_backward can only save variables, but argument {i} "
                                  "is of type {t}").format(i=tensors.index(t),
                                                           t=type(t).__name__))
        self.to_save = tensors

    def save_for_forward(self, *tensors):
        self.saved_for_forward = tensors

    def mark_dirty(self, *tensors):
        self.dirty_tensors = tensors

    def mark_non_differentiable(self, *tensors):
        self.non_differentiable = tensors

    def set_materialize_grads(self, value):
        self.materialize_grads = bool(value)


class BackwardCFunction(Node, FunctionCtx):
    """The node (and ctx) of one call of a custom Function; subclassed once per Function."""
    _forward_cls = None

    def __init__(self):
        self._seq = next_seq()
        self.next_functions = ()
        self._saved = {"tensors": ()}
        self._versions = self._attrs = self._meta = self._pre_hooks = self._retain = None
        self.to_save = None
        self.dirty_tensors = self.non_differentiable = ()
        self.materialize_grads = True
        self.needs_input_grad = ()
        self._arg_is_tensor = ()
        self._input_meta = ()          # per tensor input: (shape, numpy dtype)
        self._out_meta = ()            # per output: (shape, numpy dtype) or None
        self._out_nodes = ()           # per output: the node its gradient arrives at, or None
        self._multi = False

    # --- saved tensors ------------------------------------------------------------------
    @property
    def saved_tensors(self):
        saved = self._saved
        if saved is None:
            raise RuntimeError(_(SECOND_BACKWARD))
        if self.to_save is not None and saved.get("packed") is None:
            return tuple(self.to_save)          # still inside forward
        out = []
        for kind, value, extra in saved["tensors"]:
            if kind == "none":
                out.append(None)
            elif kind == "out":
                if value.vc[0] != value.version:
                    raise _modified_error(value.data, value.vc[0], value.version, extra)
                t = _Tensor()._from_array(value.data)
                t._vc = value.vc
                t.grad_fn = extra
                out.append(t)
            else:
                now = value._version
                if now != extra:
                    raise _modified_error(value._data, now, extra, value.grad_fn)
                out.append(value)
        return tuple(out)

    saved_variables = saved_tensors

    def _pack(self, outputs, originals):
        to_save = self.to_save or ()
        packed = []
        for t in to_save:
            if t is None:
                packed.append(("none", None, None))
                continue
            for k, o in enumerate(originals):
                if o is t and outputs[k].__class__ is _Tensor() and \
                        outputs[k].grad_fn is not None:
                    out = outputs[k]
                    packed.append(("out", SavedOutput(out), out.grad_fn))
                    break
            else:
                packed.append(("t", t, t._version))
        self._saved = {"tensors": tuple(packed), "packed": True}

    # --- backward -----------------------------------------------------------------------
    def apply(self, g, F):
        Tensor = _Tensor()
        name = self.name()
        # 1. one gradient per forward output, as tensors
        grads = [None] * len(self._out_meta)
        if self._multi:
            for k, gk in g.parts.items():
                grads[k] = gk
        else:
            grads[self._out_nodes.index(self)] = g
        for k, gk in enumerate(grads):
            if gk is not None and gk.__class__ is not Tensor:
                grads[k] = Tensor._from_array(np.asarray(gk))
            elif gk is None and self.materialize_grads and self._out_meta[k] is not None:
                shape, npdtype = self._out_meta[k]
                grads[k] = Tensor._from_array(np.zeros(shape, dtype=npdtype))
        # 2. the user's backward
        cls = self._forward_cls
        backward = cls.backward
        if backward is Function.backward and cls.vjp is not Function.vjp:
            backward = cls.vjp
        result = backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        n = len(self._arg_is_tensor)
        if len(result) > n and all(r is None for r in result[n:]):
            result = result[:n]
        if len(result) != n:
            raise RuntimeError(_(WRONG_COUNT).format(name=name, n=n, m=len(result)))
        # 3. check and convert, one gradient per tensor input (= per next_functions entry)
        out = []
        k = 0
        for i, (gi, is_tensor) in enumerate(zip(result, self._arg_is_tensor)):
            if not is_tensor:
                if gi is not None:
                    raise RuntimeError(_(NOT_NONE).format(name=name, i=i + 1))
                continue
            if gi is not None and not isinstance(gi, Tensor):
                raise RuntimeError(_(NOT_TENSOR).format(t=type(gi).__name__))
            edge = self.next_functions[k][0]
            shape, npdtype = self._input_meta[k]
            if gi is None or edge is None:
                out.append(None)
                k += 1
                continue
            if tuple(gi._data.shape) != shape:
                if not _expandable(shape, gi._data.shape):
                    raise RuntimeError(_(BAD_SHAPE).format(
                        name=name, i=k, got=_shape_str(gi._data.shape),
                        want=_shape_str(shape)))
                gi = F.sum_to(gi if F.as_tensors else gi._data, shape)
            elif not F.as_tensors:
                gi = gi._data
            if gi.dtype != npdtype if not F.as_tensors else gi._data.dtype != npdtype:
                gi = F.cast(gi, npdtype)
            out.append(gi)
            k += 1
        return out

    def _release(self):
        self._saved = None


def _expandable(shape, target):
    """True when ``shape`` broadcasts to ``target`` (so a gradient of ``target`` sums back)."""
    if len(shape) > len(target):
        return False
    for s, t in zip(reversed(shape), reversed(target)):
        if s != t and s != 1:
            return False
    return True


class _SlotGrad:
    """Gradients of several outputs of one node, summed per output by ``+``."""
    __slots__ = ("parts",)
    __array_ufunc__ = None

    def __init__(self, parts):
        self.parts = parts

    def __add__(self, other):
        parts = dict(self.parts)
        for k, v in other.parts.items():
            parts[k] = v if k not in parts else parts[k] + v
        return _SlotGrad(parts)

    __radd__ = __add__


class _OutputSlot(Node):
    """Where the gradient of output ``index`` of a multi-output Function arrives."""
    __slots__ = ("index",)

    def __init__(self, node, index):
        self._seq = next_seq()
        self.next_functions = ((node, 0),)
        self.index = index
        self._saved = self._versions = self._attrs = self._meta = None
        self._pre_hooks = self._retain = None

    def apply(self, g, F):
        return [_SlotGrad({self.index: g})]


class _Error(Node):
    """The node of a result of a @once_differentiable backward: differentiating it fails."""
    __slots__ = ()

    def __init__(self, edges):
        self._seq = next_seq()
        self.next_functions = edges
        self._saved = self._versions = self._attrs = self._meta = None
        self._pre_hooks = self._retain = None

    def apply(self, g, F):
        raise RuntimeError(_(ONCE))


_Error.__name__ = _Error.__qualname__ = "Error"


class FunctionMeta(type):
    """Gives every Function subclass its node class, ``<Name>Backward``."""

    def __init__(cls, name, bases, attrs):
        backward_cls = type(name + "Backward", (BackwardCFunction,), {"_forward_cls": cls})
        backward_cls.__module__ = "torch.autograd.function"
        backward_cls.__qualname__ = name + "Backward"
        cls._backward_cls = backward_cls
        slot_cls = type(name + "Backward", (_OutputSlot,), {"__slots__": ()})
        slot_cls.__module__ = "torch.autograd.function"
        cls._slot_cls = slot_cls
        super().__init__(name, bases, attrs)


class Function(FunctionCtx, metaclass=FunctionMeta):
    """Base class of custom differentiable operations (use the class: ``MyFn.apply(x)``)."""

    def __init__(self, *args, **kwargs):
        warnings.warn(_(INSTANTIATED).format(cls=type(self)), DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError(_(LEGACY))

    @staticmethod
    def forward(*args, **kwargs):
        """Compute the outputs from the inputs; a subclass overrides it as a ``@staticmethod``.

        Either ``forward(ctx, *args)``, saving what backward needs with ``ctx.save_for_backward``,
        or (when ``setup_context`` is overridden) ``forward(*args)`` without ctx. ``apply`` runs it
        under no_grad. Returns a tensor or a tuple of values. The base method raises
        NotImplementedError.
        """
        raise NotImplementedError(_(NO_FORWARD))

    @staticmethod
    def setup_context(ctx, inputs, output):
        """Fill ``ctx`` from the ``inputs`` tuple and the ``output`` of a ``forward`` without ctx.

        Optional, as in PyTorch 2: overriding it selects that style of ``forward``. The base method
        raises NotImplementedError.
        """
        raise NotImplementedError(_("setup_context is not implemented."))

    @staticmethod
    def backward(ctx, *grad_outputs):
        """Return the gradient of each forward input, given one gradient per output; override it.

        Written as a ``@staticmethod`` ``backward(ctx, *grad_outputs)``. It returns one value per
        positional argument of forward: a tensor, or None (always None for a non-tensor argument;
        extra trailing Nones are allowed). A gradient larger than its input but broadcast from it
        is summed down to the input's shape and cast to its dtype; other mismatches raise PyTorch's
        errors. Gradients of unused outputs arrive as zeros unless
        ``ctx.set_materialize_grads(False)``. ``ctx.saved_tensors`` and ``ctx.needs_input_grad``
        are available.
        """
        raise NotImplementedError(_(NO_BACKWARD))

    @staticmethod
    def vjp(ctx, *grad_outputs):
        """Another name for ``backward`` in PyTorch: a subclass may override this one instead."""
        raise NotImplementedError(_(NO_BACKWARD))

    @staticmethod
    def jvp(ctx, *grad_inputs):
        """The forward-mode formula of PyTorch's API; autograd_bn never calls it.

        Forward-mode AD is not implemented (``autograd.functional.jvp`` uses reverse mode), so
        overriding it has no effect; the base method raises NotImplementedError.
        """
        raise NotImplementedError(_("You must implement the jvp function for custom "
                                    "autograd.Function to use it with forward mode AD."))

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run the Function on ``args`` and return forward's result, recording one graph node.

        ``forward`` runs under no_grad. When grad mode is on and a positional tensor argument
        requires grad, the node ``<Name>Backward`` (the same object forward saw as ``ctx``) becomes
        the ``grad_fn`` of the floating-point tensor outputs, except those marked with
        ``ctx.mark_non_differentiable``. An input returned unchanged comes back as a new tensor (a
        view of it), as in PyTorch. Keyword arguments are passed on but receive no gradient.
        """
        Tensor = _Tensor()
        ctx = cls._backward_cls()
        is_tensor = tuple(isinstance(a, Tensor) for a in args)
        ctx._arg_is_tensor = is_tensor
        ctx.needs_input_grad = tuple(t and a.requires_grad for a, t in zip(args, is_tensor))
        record = GradMode.enabled and any(ctx.needs_input_grad)
        new_style = cls.setup_context is not Function.setup_context
        with no_grad():
            if new_style:
                result = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, result)
            else:
                result = cls.forward(ctx, *args, **kwargs)
        is_tuple = isinstance(result, tuple)
        originals = result if is_tuple else (result,)
        outputs = _wrap_outputs(ctx, args, originals, record, cls)
        if record:
            ctx._pack(outputs, originals)
        else:
            ctx._saved = {"tensors": (), "packed": True}
            ctx.to_save = None
        return outputs if is_tuple else outputs[0]


def _wrap_outputs(ctx, args, originals, record, cls):
    """Attach the node to the differentiable outputs (views of inputs returned unchanged)."""
    from ..ops.shape import view_of
    Tensor = _Tensor()
    dirty = ctx.dirty_tensors or ()
    non_diff = ctx.non_differentiable or ()
    outputs = list(originals)
    tensor_args = [a for a in args if isinstance(a, Tensor)]
    for k, o in enumerate(originals):
        if o.__class__ is not Tensor:
            continue
        if any(o is a for a in tensor_args) and not any(o is d for d in dirty):
            outputs[k] = view_of(o, o._data.view())        # a new tensor, as in PyTorch
    if not record:
        return tuple(outputs)
    ctx.next_functions = tuple((edge_of(a), 0) for a in tensor_args)
    ctx._input_meta = tuple((a._data.shape, a._data.dtype) for a in tensor_args)
    diff = []
    meta = []
    for k, o in enumerate(outputs):
        if o.__class__ is not Tensor:
            meta.append(None)
            continue
        meta.append((o._data.shape, o._data.dtype))
        if any(originals[k] is n for n in non_diff) or not o.dtype.is_floating_point:
            continue
        if any(o is d for d in dirty):
            if o.grad_fn is None and o._requires_grad:
                raise RuntimeError(_(LEAF_DIRTY))
            o._bump_version()                 # like PyTorch, mark_dirty counts as a write
        diff.append(k)
    ctx._out_meta = tuple(meta)
    nodes = [None] * len(outputs)
    ctx._multi = len(diff) > 1
    for k in diff:
        o = outputs[k]
        node = cls._slot_cls(ctx, k) if ctx._multi else ctx
        nodes[k] = node
        o.grad_fn = node
        o._requires_grad = False
    ctx._out_nodes = tuple(nodes)
    return tuple(outputs)


def once_differentiable(fn):
    """Decorate a backward that is differentiable only once: its results record a node that
    raises if a second differentiation reaches it."""
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            outputs = fn(ctx, *args)
        if not GradMode.enabled:
            return outputs
        Tensor = _Tensor()
        grad_args = [a for a in args if isinstance(a, Tensor) and a.requires_grad]
        if not grad_args:
            return outputs
        edges = tuple((edge_of(a), 0) for a in grad_args)
        is_tuple = isinstance(outputs, tuple)
        wrapped = []
        for o in (outputs if is_tuple else (outputs,)):
            if isinstance(o, Tensor) and o.dtype.is_floating_point:
                t = Tensor._from_array(o._data)
                t.grad_fn = _Error(edges)
                o = t
            wrapped.append(o)
        return tuple(wrapped) if is_tuple else wrapped[0]
    return wrapper


class InplaceFunction(Function):
    """A ``Function`` with an ``inplace`` flag (a legacy PyTorch base class, kept for its users).

    Used through ``apply`` like any Function; its ``__init__(inplace=False)`` only stores the flag.
    """

    def __init__(self, inplace=False):
        self.inplace = inplace
