"""autograd_bn: automatic differentiation taught in Bengali and English.

A compact autograd engine on NumPy that behaves like PyTorch 2.13 on everything it
supports, so ``import autograd_bn as torch`` runs the classic autograd lesson unchanged.

The core is layered, each layer importing only those below it, at module level:
``tensor`` (the Tensor's state) < ``autograd.graph`` (nodes) < ``ops`` (forwards, the
derivatives table, the formulas' namespaces) < ``autograd.engine`` < ``ops.methods`` (which
attaches the operations to Tensor).  The ops import grad mode and the graph from the
``autograd`` package, whose ``__init__`` loads the engine, so that package is imported here
first, right after the tensor: its submodules then load in layer order.
"""
import importlib
import sys as _sys

from . import _dtype
from ._dtype import (bool_ as bool, float32, float64, get_default_dtype, int32, int64,
                     set_default_dtype, uint8)
from .tensor import Size, Tensor
from . import autograd
from .ops.methods import _bind as _bind_methods
from .creation import (arange, as_tensor, device, empty, empty_like, eye, from_numpy, full,
                       full_like, linspace, ones, ones_like, tensor, zeros, zeros_like)
from .autograd.grad_mode import (enable_grad, inference_mode, is_grad_enabled, no_grad,
                                 set_grad_enabled)
from .autograd.anomaly_mode import is_anomaly_check_nan_enabled, is_anomaly_enabled
from .printing import set_printoptions
from .ops.deterministic import (are_deterministic_algorithms_enabled,
                                is_deterministic_algorithms_warn_only_enabled,
                                use_deterministic_algorithms)
from .i18n import get_language, set_language
from .functions import *  # noqa: F401,F403  (torch.add, torch.exp, torch.cat, ...)
from .functions import __all__ as _function_names
from . import _docs, functions
from .random import (Generator, default_generator, get_rng_state, initial_seed, manual_seed,
                     rand, rand_like, randint, randn, randn_like, randperm, seed, set_rng_state)

from ._tracebacks import install as _install_tracebacks

_bind_methods(Tensor)
_docs.attach(Tensor, functions)
_install_tracebacks()           # in IPython: errors show the learner's line, not the library's

float = float32
double = float64
long = int64
int = int32
dtype = _dtype.dtype

__version__ = "0.1.0"

from . import cuda, legacy as _legacy  # noqa: E402
from .legacy import (BoolTensor, ByteTensor, DoubleTensor, FloatTensor,  # noqa: E402
                     IntTensor, LongTensor)
_legacy.install(Tensor)
from .ops import cumulative as _cumulative  # noqa: E402
_cumulative.install(_sys.modules[__name__], Tensor)
from .random.normal_api import normal  # noqa: E402
from .serialization import load, save  # noqa: E402
from . import _keywords  # noqa: E402  (torch's keyword names, axis=, out=: wraps the above)
_keywords.install(_sys.modules[__name__], Tensor)
from . import _missing  # noqa: E402  (after every method is attached)
_missing.install(Tensor)


def is_tensor(obj):
    """True when obj is an autograd_bn tensor."""
    return isinstance(obj, Tensor)


def numel(input):
    """The number of elements of input."""
    return input.numel()


def __getattr__(name):
    # Heavier parts load on first use, so `import autograd_bn` stays fast.
    if name in ("nn", "optim", "widgets", "testing", "profiler"):
        return importlib.import_module("." + name, __name__)
    raise _missing.module_error("autograd_bn", name)
