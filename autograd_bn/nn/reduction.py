"""The ``reduction`` argument of the losses, with the legacy ``size_average``/``reduce`` pair,
checked as torch's ``_Reduction.get_enum`` and ``legacy_get_string`` do."""
import warnings

from ..i18n import _


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
