"""The Tensor: a NumPy array plus what autograd needs to know about it.

This file holds the tensor's own state and its autograd API (``requires_grad``, ``grad``,
``detach``, hooks, versions).  It is the lowest layer of the core: it imports no graph, engine
or operation.  Everything built on top of it (the operations and operators, ``backward``, the
``torch.Tensor(...)`` constructor) is attached to the class in one place,
``autograd_bn.ops.methods``.
"""
import warnings
import weakref

import numpy as np

from . import _dtype
from ._device import device
from ._hooks import RemovableHandle
from .i18n import N_, _
from .ops.broadcast import wrap_dim
from .printing import tensor_repr

_BY_NP = _dtype._BY_NP

NON_LEAF_GRAD = N_(
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information.")
INT_REQUIRES_GRAD = N_("only Tensors of floating point and complex dtype can require gradients")
INT_REQUIRES_GRAD_ = N_("only Tensors of floating point dtype can require gradients")
NUMPY_REQUIRES_GRAD = N_("Can't call numpy() on Tensor that requires grad. "
                       "Use tensor.detach().numpy() instead.")
NOT_SCALAR = N_("a Tensor with {n} elements cannot be converted to Scalar")
NON_LEAF_REQUIRES_GRAD = N_(
    "you can only change requires_grad flags of leaf variables. If you want to use a computed "
    "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
FLOAT_REQUIRES_GRAD = ("Converting a tensor with requires_grad=True to a scalar may lead to "
                       "unexpected behavior.\nConsider using tensor.detach() first.")
_WARNED_FLOAT = []
GRAD_SIZE = N_("attempting to assign a gradient of size '[{g}]' to a tensor of size '[{t}]'. "
               "Please ensure that the gradient and the tensor are the same size")
GRAD_DTYPE = N_(
    "attempting to assign a gradient with dtype '{g}' to a tensor with grad_dtype '{t}'. The "
    "gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set "
    "the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set "
    "grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break "
    "downstream systems that assume they match.")
RETAIN_GRAD_NO_GRAD = N_("can't retain_grad on Tensor that has requires_grad=False")
HOOK_NO_GRAD = N_("cannot register a hook on a tensor that doesn't require gradient")
ONE_ELEMENT = N_("only one element tensors can be converted to Python scalars")
DETACH_VIEW = N_(
    "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel "
    "(DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP "
    "buckets, and hence detach_() cannot be called on these gradients. To fix this error, please "
    "refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")


def _rebuild(data, requires_grad):
    return Tensor._from_array(data, requires_grad)


class Size(tuple):
    """The shape of a tensor: a tuple that prints as ``torch.Size([2, 2])``."""
    __slots__ = ()

    def __repr__(self):
        return "torch.Size([" + ", ".join(str(s) for s in self) + "])"

    __str__ = __repr__

    def numel(self):
        """The number of elements."""
        n = 1
        for s in self:
            n *= s
        return n


class _TensorType(type):
    """Tensor's metaclass, only so that the class prints as torch's does.

    ``type(t)`` shows ``<class 'torch.Tensor'>``, the text PyTorch tutorials print, since the
    lessons import this package as ``torch``.  The class keeps its real ``__module__`` and
    ``__qualname__`` (autograd_bn.tensor.Tensor), so pickle, ``inspect`` and tracebacks see
    where it lives.  Subclasses inside the package print the same way (``nn.Parameter``:
    ``<class 'torch.nn.parameter.Parameter'>``); a user's own subclass prints unchanged.
    """

    def __repr__(cls):
        if cls.__module__ == __name__ and cls.__qualname__ == "Tensor":
            return "<class 'torch.Tensor'>"
        if cls.__module__.startswith("autograd_bn."):     # nn.Parameter: as torch's path
            return f"<class 'torch.{cls.__module__[12:]}.{cls.__qualname__}'>"
        return super().__repr__()


class Tensor(metaclass=_TensorType):
    """A multi-dimensional array of one dtype, with PyTorch's autograd.

    Made by ``autograd_bn.tensor``, ``ones``, ``randn``, ...; the operations and operators are
    attached as methods (see ``autograd_bn.ops.methods``).  A tensor that requires grad
    records every operation on it, and ``backward()`` fills the leaves' ``.grad``.
    """
    __slots__ = ("_data", "dtype", "grad_fn", "_requires_grad", "_grad", "_vc", "_acc",
                 "_retains_grad", "_hooks", "_base", "_views", "__weakref__")
    __array_priority__ = 1000          # numpy scalars defer to our operators

    # --- construction ------------------------------------------------------------------
    @classmethod
    def _from_array(cls, data, requires_grad=False):
        """Wrap an ndarray of a supported dtype, without copying."""
        t = object.__new__(cls)
        t._data = data
        t.dtype = _BY_NP[data.dtype]
        t.grad_fn = None
        t._requires_grad = requires_grad
        t._grad = t._vc = t._acc = t._hooks = t._base = t._views = None
        t._retains_grad = False
        return t

    # (__new__, the legacy constructor torch.Tensor(2, 3), is attached with the operations)
    def __init__(self, *args, **kwargs):
        pass

    # --- basic properties --------------------------------------------------------------
    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        """The shape as a torch.Size, or the size of one dimension."""
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[wrap_dim(dim, self._data.ndim)]

    def dim(self):
        """The number of dimensions."""
        return self._data.ndim

    ndim = property(dim)

    def numel(self):
        """The number of elements."""
        return int(self._data.size)

    def nelement(self):
        """The number of elements (the same as numel)."""
        return int(self._data.size)

    def element_size(self):
        """The size of one element in bytes."""
        return self.dtype.itemsize

    @property
    def device(self):
        return device("cpu")

    is_cuda = False
    is_sparse = False
    is_quantized = False
    layout = "torch.strided"

    def is_floating_point(self):
        """True for float32 and float64 tensors."""
        return self.dtype.is_floating_point

    def is_complex(self):
        """Always False: autograd_bn has no complex dtypes."""
        return False

    def is_contiguous(self, memory_format=None):
        """True when the elements lie in memory in row-major order."""
        return bool(self._data.flags.c_contiguous)

    def cpu(self):
        """self: autograd_bn tensors always live on the CPU."""
        return self

    # --- autograd state ----------------------------------------------------------------
    @property
    def requires_grad(self):
        return self._requires_grad or self.grad_fn is not None

    @requires_grad.setter
    def requires_grad(self, flag):
        if self.grad_fn is not None:
            if flag:
                return
            raise RuntimeError(_(NON_LEAF_REQUIRES_GRAD))
        if flag and not self.dtype.is_floating_point:
            raise RuntimeError(_(INT_REQUIRES_GRAD))
        self._requires_grad = bool(flag)

    def requires_grad_(self, requires_grad=True):
        """Set requires_grad in place (leaf tensors only) and return self."""
        if requires_grad and not self.dtype.is_floating_point:
            raise RuntimeError(_(INT_REQUIRES_GRAD_))
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def grad(self):
        if self.grad_fn is not None and not self._retains_grad:
            warnings.warn(_(NON_LEAF_GRAD), UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(_("assigned grad expected to be a Tensor or None but got grad "
                                  "of type {t}").format(t=type(value).__name__))
            if value._data.shape != self._data.shape:
                raise RuntimeError(_(GRAD_SIZE).format(
                    g=", ".join(map(str, value._data.shape)),
                    t=", ".join(map(str, self._data.shape))))
            if value.dtype is not self.dtype:
                c = value.dtype
                raise RuntimeError(_(GRAD_DTYPE).format(
                    g="long int" if c.name == "int64" else c.c_name, t=self.dtype.word))
        self._grad = value

    @property
    def _version(self):
        return self._vc[0] if self._vc is not None else 0

    def _bump_version(self):
        if self._vc is None:
            self._vc = [1]
        else:
            self._vc[0] += 1

    @property
    def retains_grad(self):
        return self._retains_grad

    def retain_grad(self):
        """Keep this non-leaf tensor's gradient in .grad after backward (accumulating)."""
        if self.grad_fn is None:
            if not self._requires_grad:
                raise RuntimeError(_(RETAIN_GRAD_NO_GRAD))
            return
        if not self._retains_grad:
            self._retains_grad = True
            self.grad_fn._retain = weakref.ref(self)

    def register_hook(self, hook):
        """Call ``hook(grad)`` when this tensor's gradient is computed; it may return a new one."""
        if not self.requires_grad:
            raise RuntimeError(_(HOOK_NO_GRAD))
        if self.grad_fn is not None:
            return self.grad_fn._register_tensor_hook(hook)
        if self._hooks is None:
            self._hooks = []
            acc = self._acc() if self._acc is not None else None
            if acc is not None:
                acc._pre_hooks = self._hooks
        self._hooks.append(hook)
        return RemovableHandle(self._hooks, hook)

    def detach(self):
        """A new tensor sharing this one's data, outside the graph."""
        t = Tensor._from_array(self._data)
        t._vc = self._shared_vc()
        return t

    def detach_(self):
        """Cut this tensor out of the graph in place: it becomes a leaf without grad."""
        if self._base is not None:
            raise RuntimeError(_(DETACH_VIEW))
        self.grad_fn = None
        self._requires_grad = False
        return self

    def _shared_vc(self):
        if self._vc is None:
            self._vc = [0]
        return self._vc

    @property
    def data(self):
        # unlike detach(), .data does not share the version counter: changing it in place
        # goes unnoticed by autograd, as in torch
        return Tensor._from_array(self._data)

    @data.setter
    def data(self, value):
        self._data = value._data
        self.dtype = value.dtype

    # --- conversion to Python and NumPy ------------------------------------------------
    def item(self):
        """The value of a one-element tensor as a Python number."""
        d = self._data
        if d.size != 1:
            raise RuntimeError(_(NOT_SCALAR).format(n=d.size))
        return d.reshape(()).item()

    def tolist(self):
        """The elements as (nested) Python lists of numbers."""
        return self._data.tolist()

    def numpy(self, force=False):
        """The NumPy array behind this tensor (shared memory); refused while it requires grad."""
        if self.requires_grad and not force:
            raise RuntimeError(_(NUMPY_REQUIRES_GRAD))
        return self._data

    def __array__(self, dtype=None, copy=None):
        if self.requires_grad:
            raise RuntimeError(_(NUMPY_REQUIRES_GRAD))
        return self._data if dtype is None else self._data.astype(dtype)

    def __float__(self):
        if self.requires_grad and not _WARNED_FLOAT:
            _WARNED_FLOAT.append(True)           # torch says this once per process
            warnings.warn(_(FLOAT_REQUIRES_GRAD), UserWarning, stacklevel=2)
        if self._data.size != 1:
            raise ValueError(_(ONE_ELEMENT))
        return float(self.item())

    def __int__(self):
        if self._data.size != 1:
            raise ValueError(_(ONE_ELEMENT))
        return int(self.item())

    def __complex__(self):
        if self._data.size != 1:
            raise ValueError(_(ONE_ELEMENT))
        return complex(self.item())

    def __index__(self):
        if self.dtype.is_floating_point or self._data.size != 1:
            raise TypeError(_("only integer tensors of a single element can be converted to an index"))
        return int(self.item())

    def __bool__(self):
        if self._data.size != 1:
            if self._data.size == 0:
                raise RuntimeError(_("Boolean value of Tensor with no values is ambiguous"))
            raise RuntimeError(_("Boolean value of Tensor with more than one value is ambiguous"))
        return bool(self._data.reshape(()).item())

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError(_("len() of a 0-d tensor"))
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError(_("iteration over a 0-d tensor"))
        return (self[i] for i in range(self._data.shape[0]))

    def __hash__(self):
        return id(self)

    def __format__(self, spec):
        if self._data.ndim == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __repr__(self, *, tensor_contents=None):
        fn = self.grad_fn
        return tensor_repr(self._data, self.dtype,
                           grad_fn_name=type(fn).__name__ if fn is not None else None,
                           requires_grad=self._requires_grad)

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        # data (with its dtype) and the leaf flag; a non-leaf pickles as a detached leaf
        return (_rebuild, (np.array(self._data), self._requires_grad))

    def __deepcopy__(self, memo):
        t = Tensor._from_array(self._data.copy(), self._requires_grad)
        memo[id(self)] = t
        return t
