"""Clear errors for the parts of PyTorch that autograd_bn does not have.

``torch.fft`` or ``x.unfold(...)`` in a tutorial would otherwise stop at a bare
``AttributeError``; here the error (still an AttributeError, so ``hasattr`` and ``getattr``
with a default keep working) names what is missing and says that autograd_bn covers a teaching
subset of PyTorch, in the user's language.  Names starting with ``_`` get the plain message:
Python and NumPy probe for such names routinely.
"""
from .i18n import N_, _

MODULE_MISSING = N_("module '{module}' has no attribute '{name}': autograd_bn covers a "
                    "teaching subset of PyTorch, and {module}.{name} is not part of it (docs/"
                    "api.md lists what is)")
TENSOR_MISSING = N_("'{cls}' object has no attribute '{name}': autograd_bn covers a teaching "
                    "subset of PyTorch, and Tensor.{name} is not part of it (docs/api.md lists "
                    "what is)")


def module_error(module, name):
    """The AttributeError for ``module.name`` (module: its __name__)."""
    if name.startswith("_"):
        return AttributeError(f"module '{module}' has no attribute '{name}'")
    return AttributeError(_(MODULE_MISSING).format(module=module, name=name))


def module_getattr(module):
    """A module-level ``__getattr__`` for ``module`` (its __name__) raising module_error."""
    def __getattr__(name):
        raise module_error(module, name)
    return __getattr__


def _tensor_getattr(self, name):
    cls = type(self).__name__
    if name.startswith("_"):
        raise AttributeError(f"'{cls}' object has no attribute '{name}'")
    raise AttributeError(_(TENSOR_MISSING).format(cls=cls, name=name))


def install(Tensor):
    """Give Tensor the clear message for a missing public attribute."""
    Tensor.__getattr__ = _tensor_getattr
