"""autograd_bn.autograd: the graph machinery, with PyTorch's public names."""
from .engine import backward, grad
from .anomaly_mode import detect_anomaly, set_detect_anomaly
from .grad_mode import enable_grad, no_grad, set_grad_enabled
from .graph import Node
from .function import Function, InplaceFunction, once_differentiable
from . import functional
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .variable import Variable
from . import profiler
from . import graph as _graph
from .saved import save_on_cpu, saved_tensors_hooks
_graph.saved_tensors_hooks, _graph.save_on_cpu = saved_tensors_hooks, save_on_cpu

__all__ = ["Variable", "backward", "grad", "no_grad", "enable_grad", "set_grad_enabled", "Node",
           "Function", "InplaceFunction", "once_differentiable", "functional", "gradcheck",
           "gradgradcheck", "GradcheckError", "detect_anomaly", "set_detect_anomaly"]

from .._missing import module_getattr as _module_getattr  # noqa: E402
__getattr__ = _module_getattr("autograd_bn.autograd")
