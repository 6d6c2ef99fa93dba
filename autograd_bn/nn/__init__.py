"""autograd_bn.nn: neural-network building blocks (modules, parameters, losses, init)."""
from . import functional, init
from .layers import Identity, Linear, ReLU, Sequential, Sigmoid, Tanh
from .loss import CrossEntropyLoss, MSELoss
from .module import Module
from .layers_extra import (BCELoss, BCEWithLogitsLoss, Dropout, Flatten, L1Loss, LogSoftmax,
                           Softmax)
from . import conversion as _conversion
from .parameter import Parameter

__all__ = ["functional", "init", "Module", "Parameter", "Identity", "Linear", "ReLU", "Tanh",
           "Sigmoid", "Sequential", "MSELoss", "CrossEntropyLoss", "Flatten", "Softmax", "LogSoftmax",
           "Dropout", "L1Loss", "BCELoss", "BCEWithLogitsLoss"]

_conversion.install(Module)

from .._missing import module_getattr as _module_getattr  # noqa: E402
__getattr__ = _module_getattr("autograd_bn.nn")
