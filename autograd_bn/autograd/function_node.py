"""The graph node of one call of a custom ``Function``, which is also the ``ctx`` forward sees.

``FunctionCtx`` holds what ``forward`` may call on ``ctx`` (``save_for_backward``,
``mark_dirty``, ...).  ``BackwardCFunction``, subclassed once per Function as ``<Name>Backward``
by function.py, keeps the saved tensors (checking their versions when they are read back) and,
in ``apply``, calls the user's ``backward`` and checks each gradient with PyTorch's messages.
The small nodes at the end route the gradients of a multi-output Function (``_OutputSlot``) and
make a @once_differentiable result fail when differentiated again (``_Error``).
"""
import weakref

import numpy as np

from .anomaly_mode import _State as _Anomaly, remember
from ..i18n import _
from ..tensor import Tensor
from .graph import SECOND_BACKWARD, Node, SavedOutput, _modified_error, next_seq

WRONG_COUNT = ("function {name} returned an incorrect number of gradients (expected {n}, got "
               "{m})")
BAD_SHAPE = ("Function {name} returned an invalid gradient at index {i} - got [{got}] but "
             "expected shape compatible with [{want}]")
NOT_NONE = ("function {name} returned a gradient different than None at position {i}, but the "
            "corresponding forward input was not a Variable")
NOT_TENSOR = "expected Variable or None (got {t})"
ONCE = "trying to differentiate twice a function that was marked with @once_differentiable"


def _shape_str(shape):
    return ", ".join(str(s) for s in shape)


class FunctionCtx:
    """What ``forward`` may call on ``ctx``."""

    def save_for_backward(self, *tensors):
        for t in tensors:
            if t is not None and not isinstance(t, Tensor):
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
        if _Anomaly.enabled:
            remember(self)
        self.next_functions = ()
        self._saved = {"tensors": ()}
        self._attrs = self._meta = self._pre_hooks = self._retain = None
        self.to_save = None
        self.dirty_tensors = self.non_differentiable = ()
        self.materialize_grads = True
        self.needs_input_grad = ()
        self._arg_is_tensor = ()
        self._input_meta = ()          # per tensor input: (shape, numpy dtype)
        self._out_meta = ()            # per output: (shape, numpy dtype) or None
        self._out_index = 0            # the differentiable output (one of them; else slots)
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
                node = self._output_node(*extra)
                if value.vc[0] != value.version:
                    raise _modified_error(value.data, value.vc[0], value.version, node)
                t = Tensor._from_array(value.data)
                t._vc = value.vc
                t.grad_fn = node
                out.append(t)
            else:
                now = value._version
                if now != extra:
                    raise _modified_error(value._data, now, extra, value.grad_fn)
                out.append(value)
        return tuple(out)

    saved_variables = saved_tensors

    def _output_node(self, index, slot):
        """The grad_fn of saved output ``index``: this node, or (several outputs) its slot,
        held weakly so that the node never refers back to itself."""
        if slot is None:
            return self
        return slot() or self._forward_cls._slot_cls(self, index)

    def _pack(self, outputs, originals):
        to_save = self.to_save or ()
        packed = []
        for t in to_save:
            if t is None:
                packed.append(("none", None, None))
                continue
            for k, o in enumerate(originals):
                if o is t and outputs[k].__class__ is Tensor and \
                        outputs[k].grad_fn is not None:
                    out = outputs[k]
                    slot = None if out.grad_fn is self else weakref.ref(out.grad_fn)
                    packed.append(("out", SavedOutput(out), (k, slot)))
                    break
            else:
                packed.append(("t", t, t._version))
        self._saved = {"tensors": tuple(packed), "packed": True}
        # the tensors themselves (outputs among them) would hold this node: keep none of them
        self.to_save = None
        self.dirty_tensors = self.non_differentiable = ()

    # --- backward -----------------------------------------------------------------------
    def apply(self, g, F):
        name = self.name()
        # 1. one gradient per forward output, as tensors
        grads = [None] * len(self._out_meta)
        if self._multi:
            for k, gk in g.parts.items():
                grads[k] = gk
        else:
            grads[self._out_index] = g
        for k, gk in enumerate(grads):
            if gk is not None and gk.__class__ is not Tensor:
                grads[k] = Tensor._from_array(np.asarray(gk))
            elif gk is None and self.materialize_grads and self._out_meta[k] is not None:
                shape, npdtype = self._out_meta[k]
                grads[k] = Tensor._from_array(np.zeros(shape, dtype=npdtype))
        # 2. the user's backward
        result = self._forward_cls._user_backward()(self, *grads)
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
        if _Anomaly.enabled:
            remember(self)
        self.next_functions = ((node, 0),)
        self.index = index
        self._saved = self._attrs = self._meta = None
        self._pre_hooks = self._retain = None

    def apply(self, g, F):
        return [_SlotGrad({self.index: g})]


class _Error(Node):
    """The node of a result of a @once_differentiable backward: differentiating it fails."""
    __slots__ = ()

    def __init__(self, edges):
        self._seq = next_seq()
        if _Anomaly.enabled:
            remember(self)
        self.next_functions = edges
        self._saved = self._attrs = self._meta = None
        self._pre_hooks = self._retain = None

    def apply(self, g, F):
        raise RuntimeError(_(ONCE))


_Error.__name__ = _Error.__qualname__ = "Error"
