"""autograd_bn.optim: optimizers that update parameters from their gradients (SGD, Adam),
with PyTorch's parameter groups, state dicts and float32 arithmetic."""
from .adam import Adam
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam"]
