"""Loss modules: ``MSELoss`` and ``CrossEntropyLoss``."""
from . import functional as F
from .module import Module

__all__ = ["MSELoss", "CrossEntropyLoss"]


class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        if size_average is not None or reduce is not None:
            reduction = _legacy_reduction(size_average, reduce)
        self.reduction = reduction


def _legacy_reduction(size_average, reduce):
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if size_average and reduce:
        return "mean"
    return "sum" if reduce else "none"


class MSELoss(_Loss):
    """Mean squared error between ``input`` and ``target``: ``(input - target) ** 2``, reduced.

    ``reduction`` is ``"mean"`` (the default), ``"sum"`` or ``"none"`` (the elementwise tensor);
    the deprecated ``size_average`` and ``reduce`` arguments are turned into a ``reduction`` as in
    PyTorch.
    """

    def forward(self, input, target):
        """Return ``F.mse_loss(input, target, reduction=self.reduction)``."""
        return F.mse_loss(input, target, reduction=self.reduction)


class CrossEntropyLoss(_Loss):
    """Cross-entropy of logits ``input`` (N, C) and class indices ``target`` (N,): PyTorch's loss.

    The same as ``nll_loss(log_softmax(input, 1), target)``; a 1-D input (C,) with a 0-D target is
    one sample. Targets equal to ``ignore_index`` (-100) count for nothing, and the mean is over
    the others (weighted by ``weight``, one per class); ``label_smoothing`` mixes in the uniform
    distribution as torch does; a target of the input's shape holds class probabilities, as in
    PyTorch;
    ``size_average`` and ``reduce`` are turned into a ``reduction`` as in PyTorch.
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None,
                 reduction="mean", label_smoothing=0.0):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        """Return ``F.cross_entropy`` of ``input`` and ``target`` with this module's settings."""
        return F.cross_entropy(input, target, weight=self.weight,
                               ignore_index=self.ignore_index, reduction=self.reduction,
                               label_smoothing=self.label_smoothing)
