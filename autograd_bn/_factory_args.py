"""Argument checks of the functions that make tensors (zeros, ones, full, tensor, arange,
eye, linspace, the *_like functions): a ``dtype=`` that is not a dtype and a
``requires_grad=`` that is not a bool get torch's argument-parser TypeError, with torch's
signatures (as torch prints them)."""
from . import _dtype
from .i18n import N_, _
from .ops.arguments import parser_error
from .tensor import Tensor

INT_REQUIRES_GRAD = N_("Only Tensors of floating point and complex dtype can require gradients")


def finish(data, dtype, requires_grad):
    """The tensor around a made array, requiring grad if asked (floating dtypes only)."""
    t = Tensor._from_array(data)
    if requires_grad:
        if not t.dtype.is_floating_point:
            raise RuntimeError(_(INT_REQUIRES_GRAD))
        t._requires_grad = True
    return t

_KW = ("torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
       "bool pin_memory = False, bool requires_grad = False)")
_OUT = "*, Tensor out = None, " + _KW
_LIKE = "*, torch.memory_format memory_format = None, " + _KW
SIGNATURES = {
    "zeros": ["(tuple of ints size, " + _OUT],
    "ones": ["(tuple of ints size, " + _OUT],
    "empty": ["(tuple of ints size, " + _OUT],
    "full": ["(tuple of ints size, Number fill_value, " + _OUT],
    "tensor": ["(PyObject data, *, torch.dtype dtype = None, torch.device device = None, "
               "bool pin_memory = False, bool requires_grad = False)"],
    "as_tensor": ["(PyObject data, *, torch.dtype dtype = None, torch.device device = None)"],
    "zeros_like": ["(Tensor input, " + _LIKE],
    "ones_like": ["(Tensor input, " + _LIKE],
    "empty_like": ["(Tensor input, " + _LIKE],
    "full_like": ["(Tensor input, Number fill_value, " + _LIKE],
    "arange": ["(Number end, " + _OUT, "(Number start, Number end, *, " + _KW,
               "(Number start, Number end, Number step = 1, " + _OUT],
    "linspace": ["(Tensor start, Tensor end, int steps, " + _OUT,
                 "(Number start, Tensor end, int steps, " + _OUT,
                 "(Tensor start, Number end, int steps, " + _OUT,
                 "(Number start, Number end, int steps, " + _OUT],
    "eye": ["(int n, " + _OUT, "(int n, int m, " + _OUT],
}


def _bad_dtype(dtype):
    return (dtype is not None and dtype.__class__ is not _dtype.dtype and dtype is not float
            and dtype is not int and dtype is not bool)


def check(name, args, dtype=None, requires_grad=False, none_ok=True, device=None):
    """torch's TypeError when dtype or requires_grad has the wrong type (``none_ok``:
    requires_grad=None passes, as it does for all but torch.tensor); ``device``, when given,
    appears in the message as torch lists the call's keywords."""
    check_options(name, SIGNATURES[name], args, dtype, requires_grad, device, none_ok=none_ok)


def check_options(name, signatures, args, dtype=None, requires_grad=False, device=None, *,
                  none_ok=True):
    """``check`` for a function whose signatures are given (the random functions')."""
    if _bad_dtype(dtype) or (requires_grad.__class__ is not bool
                             and not (requires_grad is None and none_ok)):
        kwargs = {}                       # (in the signature's order: torch checks it so)
        if dtype is not None:
            kwargs["dtype"] = dtype
        if device is not None:
            kwargs["device"] = device
        if requires_grad is not False:
            kwargs["requires_grad"] = requires_grad
        raise parser_error(name, signatures, tuple(args), kwargs)


def fail(name, args, kwargs=None):
    """torch's TypeError for a call of ``name`` that fits none of its signatures."""
    return parser_error(name, SIGNATURES[name], tuple(args), kwargs or {})
