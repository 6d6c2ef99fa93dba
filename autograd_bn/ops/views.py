"""Views and in-place changes: keeping the graph true when tensors share memory.

A view (``b[1:]``, ``b.t()``, ``b.view(...)``) shares its base's array and version counter.
When either is changed in place, the history of the other changes too, and PyTorch rewrites
the graph accordingly; so do we:

* in place on a base: the base gets the op's node, and each live view of it is given a fresh
  ``AsStridedBackward0`` node that reads its part of the base's new history;
* in place on a view: the base gets a ``CopySlices`` node, which passes the base's gradient
  through unchanged except on the view's part, where it runs the op's own node; then the
  views (this one included) are regenerated as above.

Positions of a view inside its base are found from the arrays' memory layout, so any strided
view works.  Only views of tensors that have a history (non-leaf, grad mode) are tracked.
"""
import weakref

import numpy as np

from ..autograd.grad_mode import GradMode
from ..tensor import Tensor
from . import derivatives as D
from .registry import OpNode, record

_wrap = Tensor._from_array


def view_of(x, data):
    """A tensor for ``data``, a NumPy view of x's data: it shares x's version counter."""
    if data.__class__ is not np.ndarray:
        data = np.asarray(data)
    t = _wrap(data)
    t._vc = x._shared_vc()
    root = x if x._base is None else x._base
    t._base = root
    if root.grad_fn is not None and GradMode.enabled:      # its history may be rewritten
        views = root._views
        if views is None:
            root._views = views = []
        elif len(views) >= 32 and len(views) & (len(views) - 1) == 0:
            views[:] = [r for r in views if r() is not None]   # drop dead ones now and then
        views.append(weakref.ref(t))
    return t


def positions(view, base):
    """For each element of ``view``, its index in the flattened ``base`` (as a 1-tuple, an
    index for ``base.reshape(-1)``)."""
    b, v = base._data, view._data
    item = b.itemsize
    lo = b.__array_interface__["data"][0] + sum(
        (n - 1) * s for n, s in zip(b.shape, b.strides) if s < 0 and n)
    span = 1 + sum((n - 1) * abs(s) for n, s in zip(b.shape, b.strides) if n) // item
    memory = np.full(span, -1, np.int64)                 # memory slot -> logical index in base
    as_base = np.lib.stride_tricks.as_strided(
        memory[(b.__array_interface__["data"][0] - lo) // item:],
        b.shape, tuple(s // item * 8 for s in b.strides))
    as_base[...] = np.arange(b.size, dtype=np.int64).reshape(b.shape)
    start = (v.__array_interface__["data"][0] - lo) // item
    flat = np.lib.stride_tricks.as_strided(memory[start:], v.shape,
                                           tuple(s // item * 8 for s in v.strides))
    return (np.array(flat),)


class CopySlices(OpNode):
    """An in-place op on a view, as seen by the view's base: the base's gradient passes
    through, except on the view's part, which goes through the op's own node ``fn``."""
    __slots__ = ()
    forward = "base with view.op_(...) written into it"
    noisy = True
    fresh_grads = False     # the inner node's gradients may be one array for two inputs
    _namespace = "torch::autograd::"

    def apply(self, g, F):
        index, fn, size = self._attrs["index"], self._attrs["fn"], self._attrs["base_size"]
        flat = F.reshape(g, (size,))
        grads = list(fn.apply(F.take(flat, index), F))
        base = F.zero_at(flat, index)
        if grads[0] is not None:
            base = base + F.scatter_into(grads[0], (size,), index)
        grads[0] = F.reshape(base, g.shape)
        return grads

    def _release(self):
        self._attrs["fn"]._release()
        OpNode._release(self)


CopySlices.__qualname__ = CopySlices.__name__ = "CopySlices"
CopySlices._saves, CopySlices._save_cache = (), {}


def rebase(x, node):
    """x was just overwritten in place by an op recorded as ``node``: rewrite the graph."""
    root = x._base
    if root is None:
        x.grad_fn = node
        _regenerate_views(x, ())
        return
    record(CopySlices, root, (root,), {"index": positions(x, root), "fn": node,
                                       "base_size": root._data.size})
    slices = root.grad_fn                 # its first edge: the base's history before the op
    slices._next = (slices._next[0],) + tuple(node._next[1:])
    _regenerate_views(root, (x,))


def _regenerate_views(root, extra):
    """Give each live view of ``root`` (and those in ``extra``) a node reading root's history."""
    done = set()
    for v in list(extra) + [r() for r in (root._views or ())]:
        if v is None or id(v) in done:
            continue
        done.add(id(v))
        record(D.AsStridedBackward0, v, (root,), {"base_shape": root._data.shape,
                                                  "base_size": root._data.size,
                                                  "index": positions(v, root)})


def snapshot(x):
    """x's current value and history, kept aside before x is overwritten in place (an op's
    node may save it: torch's ``original self``)."""
    s = _wrap(x._data.copy())
    s.grad_fn, s._requires_grad = x.grad_fn, x._requires_grad
    return s
