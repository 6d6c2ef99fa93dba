"""Rows of the derivatives table for the helpers backward formulas use (create_graph=True).

Most backward formulas are built from ordinary operators, so their own derivative is already
in ``derivatives.py``.  A few helpers of ``F`` (scatter a gradient into zeros, take a piece of
it, zero part of it, undo a max along a dim, the nll_loss gradient) have no forward op of
their own; when a gradient is computed with ``create_graph=True`` they record the nodes below.
Every one of them is linear in ``g``, so each backward is the adjoint map,
written once more against ``F``: the same row then serves every higher order.

Names follow PyTorch's nodes for the same double-backward step where there is one
(``SelectBackwardBackward0``, ``NllLossBackwardBackward0`` ...).
"""
from .derivatives import IndexBackward0, IndexPutBackward0, SelectBackward0, SliceBackward0
from .registry import derivative as d

# Names follow PyTorch: where the same name is also a forward's node (SelectBackward0 ...),
# derivatives.py has the one row, and it serves both (imported above: DL.SelectBackward0 ...).

# scatter_into(g, shape, index): zeros(shape) with g written at index.  Its adjoint takes.
SelectBackwardBackward0 = d(
    "SelectBackwardBackward0", "select_backward(g, shape, index)",
    self=lambda F, g, index, g_shape: F.sum_to(F.take(g, index), g_shape))
SliceBackwardBackward0 = d(
    "SliceBackwardBackward0", "slice_backward(g, shape, index)",
    self=lambda F, g, index, g_shape: F.sum_to(F.take(g, index), g_shape))
IndexPutImplBackward0 = d(
    "IndexPutImplBackward0", "zeros(shape).index_put_(index, g, accumulate=True)",
    self=lambda F, g, index, g_shape: F.sum_to(F.take(g, index), g_shape))

# take(g, index) = g[index] records derivatives.py's Select/Slice/IndexBackward0, whose
# formulas scatter back; zero_at(g, index) (g with zeros at index, a projection, its own
# adjoint) records its IndexPutBackward0.

# select_back(g, shape, dim, indices): the gradient of max/min along dim.
ScatterBackward0 = d("ScatterBackward0", "zeros(shape).scatter(dim, indices, g)",
                     self=lambda F, g, dim, indices: F.gather_along(g, dim, indices))

# gather_along(g, dim, indices): the adjoint of select_back, whose adjoint it is in turn.
GatherBackward0 = d("GatherBackward0", "g.gather(dim, indices)",
                    self=lambda F, g, dim, indices, g_shape:
                        F.select_back(g, g_shape, dim, indices))

# nll_backward(g, self, ...) is linear in g: its adjoint is nll_loss itself; self gets zeros
NllLossBackwardBackward0 = d(
    "NllLossBackwardBackward0", "nll_loss_backward(g, self, target, reduction)",
    grad_output=lambda F, g, target, valid, reduction, total:
        F.nll_forward(g, target, valid, reduction, total),
    self=lambda F, g: F.zeros_like(g))

# masked_fill(t, mask, 0) in formulas (norm's backward): a projection, its own adjoint
MaskedFillBackward0 = d("MaskedFillBackward0", "t.masked_fill(mask, 0)",
                        self=lambda F, g, mask: F.masked_fill(g, mask))
