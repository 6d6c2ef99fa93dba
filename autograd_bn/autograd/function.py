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

from ..i18n import _
from ..ops.views import view_of
from ..tensor import Tensor
from .function_node import (BAD_SHAPE, NOT_NONE, NOT_TENSOR, ONCE,  # noqa: F401  (kept here too)
                            WRONG_COUNT, BackwardCFunction, FunctionCtx, _Error, _OutputSlot)
from .grad_mode import GradMode, no_grad
from .graph import edge_of

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

    @classmethod
    def _user_backward(cls):
        """The backward formula a subclass wrote: ``backward``, or ``vjp`` if only that one."""
        if cls.backward is Function.backward and cls.vjp is not Function.vjp:
            return cls.vjp
        return cls.backward

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
    ctx._multi = len(diff) > 1
    for k in diff:
        o = outputs[k]
        o.grad_fn = cls._slot_cls(ctx, k) if ctx._multi else ctx   # slots refer to ctx, never back
        o._requires_grad = False
        ctx._out_index = k
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
