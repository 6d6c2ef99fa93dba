"""Clear errors for the parts of PyTorch that autograd_bn does not have.

``torch.fft`` or ``x.unfold(...)`` in a tutorial would otherwise stop at a bare
``AttributeError``; here the error (still an AttributeError, so ``hasattr`` and ``getattr``
with a default keep working) names what is missing and says that autograd_bn covers a teaching
subset of PyTorch, in the user's language.  Names starting with ``_`` get the plain message:
Python and NumPy probe for such names routinely.
"""
import json
import os

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


class _Absent:
    """A public name of torch.Tensor that autograd_bn lacks: reading it raises the clear
    AttributeError.  These are class attributes (one per name in _torch_tensor_names.json,
    recorded from torch 2.13 by tools/torch_keywords.py), not a ``__getattr__`` on Tensor: in
    CPython a class with ``__getattr__`` makes every attribute read of its instances slower,
    and the library reads tensors' attributes everywhere.  A name torch does not have either
    gets Python's own message, as in torch."""
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __get__(self, obj, cls=None):
        if obj is None:
            raise AttributeError(f"type object '{cls.__name__}' has no attribute '{self.name}'")
        own = getattr(obj, "__dict__", None)        # a user's subclass may set the name
        if own is not None and self.name in own:
            return own[self.name]
        raise AttributeError(_(TENSOR_MISSING).format(cls=type(obj).__name__, name=self.name))

    # (a data descriptor, so that inspect does not take it for a method)
    def __set__(self, obj, value):
        own = getattr(obj, "__dict__", None)
        if own is None:
            raise AttributeError(f"'{type(obj).__name__}' object has no attribute '{self.name}'")
        own[self.name] = value

    def __delete__(self, obj):
        own = getattr(obj, "__dict__", None)
        if own is None or self.name not in own:
            raise AttributeError(self.name)
        del own[self.name]


def _present(cls, names):
    """``names`` without the absent ones (what dir() shows)."""
    out = []
    for n in names:
        for klass in cls.__mro__:
            if n in klass.__dict__:
                if klass.__dict__[n].__class__ is not _Absent:
                    out.append(n)
                break
        else:
            out.append(n)
    return out


def _instance_dir(self):
    return _present(type(self), object.__dir__(self))


def _class_dir(cls):
    return _present(cls, type.__dir__(cls))


def _torch_tensor_names():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_torch_tensor_names.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def install(Tensor):
    """Give Tensor the clear message for each public name of torch.Tensor it lacks (call it
    after every method is attached); dir() does not list them."""
    for name in _torch_tensor_names():
        if not any(name in klass.__dict__ for klass in Tensor.__mro__):
            setattr(Tensor, name, _Absent(name))
    Tensor.__dir__ = _instance_dir
    type(Tensor).__dir__ = _class_dir
