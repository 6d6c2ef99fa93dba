"""The ``reduction`` argument of the losses, with the legacy ``size_average``/``reduce`` pair,
checked as torch's ``_Reduction.get_enum`` and ``legacy_get_string`` do; how mse_loss and
l1_loss broadcast a target of another size; and the kernels' refusal of integer input."""
import warnings

from ..i18n import _
from ..ops.broadcast import broadcast_shapes


def reduction_of(size_average, reduce, reduction):
    """The reduction asked for, checked as torch's _Reduction.get_enum."""
    if size_average is None and reduce is None:
        if reduction == "elementwise_mean":
            warnings.warn(_("reduction='elementwise_mean' is deprecated. Please use "
                            "reduction='mean' instead."), UserWarning, stacklevel=3)
            return "mean"
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(_("{r} is not a valid value for reduction").format(r=reduction))
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if size_average and reduce:
        return "mean"
    return "sum" if reduce else "none"


def broadcast_target(input, target):
    """(input, target) broadcast to one shape as torch's mse_loss and l1_loss do first: its
    UserWarning when the sizes differ (pointing at the loss's caller, past the loss and the
    keyword layer that wraps it), its error when they do not broadcast, and an expand (an
    ExpandBackward0 node) for the one whose shape changes."""
    if target.shape != input.shape:
        warnings.warn(_("Using a target size ({t}) that is different to the input size ({i}). "
                        "This will likely lead to incorrect results due to broadcasting. Please "
                        "ensure they have the same size.").format(t=target.shape, i=input.shape),
                      UserWarning, stacklevel=4)
    shape = broadcast_shapes(input._data.shape, target._data.shape)
    return tuple(t if t._data.shape == shape else t.expand(shape) for t in (input, target))


def refuse_integers(dtype, kernel):
    """torch's NotImplementedError when a loss's floating-point kernel meets an integer or
    bool ``dtype``."""
    if not dtype.is_floating_point:
        raise NotImplementedError(_('"{k}" not implemented for \'{t}\'').format(
            k=kernel, t=dtype.word))
