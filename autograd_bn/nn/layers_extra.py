"""More layers: ``Flatten``, ``Softmax``, ``LogSoftmax``, ``Dropout``; and the losses
``L1Loss``, ``BCELoss``, ``BCEWithLogitsLoss``."""
from . import functional as F
from . import functional_extra as FX
from .loss import _Loss
from .module import Module

__all__ = ["Flatten", "Softmax", "LogSoftmax", "Dropout", "L1Loss", "BCELoss",
           "BCEWithLogitsLoss"]


class Flatten(Module):
    """Flatten dims start_dim..end_dim into one (by default all but the batch dim)."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        """Return ``input.flatten(start_dim, end_dim)``."""
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        """The text inside the parentheses of the module's repr."""
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class _AlongDim(Module):
    """A module that applies one function along ``dim`` (Softmax, LogSoftmax)."""

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def extra_repr(self):
        """The text inside the parentheses of the module's repr."""
        return f"dim={self.dim}"


class Softmax(_AlongDim):
    """softmax along dim (without dim: torch's deprecated implicit choice, with its warning)."""

    def forward(self, input):
        """Return ``F.softmax(input, self.dim)``."""
        return F.softmax(input, self.dim, _stacklevel=5)


class LogSoftmax(_AlongDim):
    """log_softmax along dim."""

    def forward(self, input):
        """Return ``F.log_softmax(input, self.dim)``."""
        return F.log_softmax(input, self.dim, _stacklevel=5)


class Dropout(Module):
    """Zero elements with probability p while training (scaling the rest by 1 / (1 - p))."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(FX._(FX.DROPOUT_P).format(p=p))
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        """Return ``F.dropout(input, self.p, self.training, self.inplace)``."""
        return FX.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        """The text inside the parentheses of the module's repr."""
        return f"p={self.p}, inplace={self.inplace}"


class L1Loss(_Loss):
    """Mean absolute error ``|input - target|``, reduced."""

    def forward(self, input, target):
        """Return ``F.l1_loss(input, target, reduction=self.reduction)``."""
        return FX.l1_loss(input, target, reduction=self.reduction)


class BCELoss(_Loss):
    """Binary cross-entropy of probabilities ``input`` and targets in [0, 1]."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)

    def forward(self, input, target):
        """Return ``F.binary_cross_entropy(input, target, weight=self.weight, ...)``."""
        return FX.binary_cross_entropy(input, target, weight=self.weight,
                                       reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of logits ``input`` (sigmoid inside, computed stably)."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean",
                 pos_weight=None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        """Return ``F.binary_cross_entropy_with_logits(input, target, ...)``."""
        return FX.binary_cross_entropy_with_logits(input, target, self.weight,
                                                   pos_weight=self.pos_weight,
                                                   reduction=self.reduction)
