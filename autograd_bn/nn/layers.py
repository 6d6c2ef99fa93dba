"""Layers: ``Linear``, the activations ``ReLU``, ``Tanh``, ``Sigmoid``, and ``Sequential``."""
import math
import operator
from collections import OrderedDict
from itertools import islice

from .. import _dtype
from ..creation import empty
from ..i18n import _
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter

__all__ = ["Identity", "Linear", "ReLU", "Tanh", "Sigmoid", "Sequential"]


class Identity(Module):
    """A module that returns its input unchanged (its constructor arguments are ignored)."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        """Return ``input`` itself (the same tensor object)."""
        return input


class Linear(Module):
    """y = x Wᵀ + b, with W of shape (out_features, in_features), initialised as torch does."""

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        dtype = dtype or _dtype.get_default_dtype()
        self.weight = Parameter(empty((out_features, in_features), dtype=dtype, device=device))
        if bias:
            self.bias = Parameter(empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Draw new ``weight`` and ``bias`` values as PyTorch's ``Linear`` does.

        ``weight`` gets ``init.kaiming_uniform_(a=sqrt(5))``, which is U(-1/sqrt(in_features),
        1/sqrt(in_features)), and ``bias`` U(-b, b) with b = 1/sqrt(in_features): the same two
        calls in the same order as torch, so the same seed gives the same numbers.
        """
        # W ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) by way of kaiming_uniform_(a=sqrt(5)), then
        # the bias from the same interval: the same two calls, so the same random numbers.
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _fan_out = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        """Return ``input @ weight.T + bias`` for an input of shape (..., in_features).

        It is ``F.linear``: a 2-D input with a bias is one ``addmm`` (``grad_fn`` AddmmBackward0).
        """
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        """Return ``in_features=..., out_features=..., bias=...`` (PyTorch's repr text)."""
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class ReLU(Module):
    """Apply ``max(0, x)`` elementwise; with ``inplace=True`` overwrite the input (``relu_``)."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        """Return ``F.relu(input, inplace=self.inplace)``."""
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self):
        """Return ``"inplace=True"`` for an in-place ReLU, otherwise "" (as in PyTorch)."""
        return "inplace=True" if self.inplace else ""


class Tanh(Module):
    """Apply the hyperbolic tangent elementwise."""

    def forward(self, input):
        """Return ``tanh(input)``."""
        return F.tanh(input)


class Sigmoid(Module):
    """Apply the logistic sigmoid 1 / (1 + exp(-x)) elementwise."""

    def forward(self, input):
        """Return ``sigmoid(input)``."""
        return F.sigmoid(input)


class Sequential(Module):
    """Modules called one after the other; ``Sequential(a, b)`` or ``Sequential(OrderedDict)``."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for idx, module in enumerate(args):
                self.add_module(str(idx), module)

    def _get_item_by_idx(self, iterator, idx):
        size = len(self)
        idx = operator.index(idx)
        if not -size <= idx < size:
            raise IndexError(_("index {idx} is out of range").format(idx=idx))
        idx %= size
        return next(islice(iterator, idx, None))

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self.__class__(OrderedDict(list(self._modules.items())[idx]))
        return self._get_item_by_idx(self._modules.values(), idx)

    def __setitem__(self, idx, module):
        key = self._get_item_by_idx(self._modules.keys(), idx)
        setattr(self, key, module)

    def __delitem__(self, idx):
        if isinstance(idx, slice):
            for key in list(self._modules.keys())[idx]:
                delattr(self, key)
        else:
            delattr(self, self._get_item_by_idx(self._modules.keys(), idx))
        self.__dict__["_modules"] = OrderedDict(
            zip([str(i) for i in range(len(self._modules))], self._modules.values()))

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module):
        """Add ``module`` at the end, named by its index; return self."""
        self.add_module(str(len(self)), module)
        return self

    def forward(self, input):
        """Pass ``input`` through every module in order and return the last module's output."""
        for module in self:
            input = module(input)
        return input
