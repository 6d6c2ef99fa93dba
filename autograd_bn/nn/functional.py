"""autograd_bn.nn.functional: the functions behind the layers and losses.

``linear`` follows ``at::linear``: a 2-D input with a bias is one ``addmm`` (so its result's
``grad_fn`` is ``AddmmBackward0``, as in PyTorch); other inputs use ``matmul`` and then add the
bias.
"""
import sys as _sys
import warnings

import numpy as np

from ..autograd.grad_mode import GradMode
from ..autograd.graph import SECOND_BACKWARD
from ..i18n import _
from .._dtype import promote as _promote
from ..ops import nn_functional as _nnf
from ..ops.elementwise import wrap
from ..ops.declare import DECLARED as _DECLARED
from ..ops.unary_ops import relu as _relu
from ..ops.deterministic import matmul
from ..ops.linalg import MM_SHAPES, _arrays, transposed
from ..ops.nn_functional import nll_loss as _nll_loss
from ..ops.registry import derivative, record
from .reduction import broadcast_target, reduction_of as _reduction, refuse_integers

sigmoid = _DECLARED["sigmoid"].function       # torch.sigmoid, torch.tanh: (input)
tanh = _DECLARED["tanh"].function

__all__ = ["relu", "sigmoid", "tanh", "softmax", "log_softmax", "nll_loss", "cross_entropy",
           "mse_loss", "linear"]


def relu(input, inplace=False):
    """Return ``max(0, input)`` elementwise; ``inplace=True`` applies ``input.relu_()`` instead."""
    if inplace:
        return input.relu_()
    return _relu(input)


def _implicit_dim_warning(name):
    warnings.warn(_("Implicit dimension choice for {name} has been deprecated. Change the call "
                    "to include dim=X as an argument.").format(name=name), UserWarning,
                  stacklevel=3)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Return ``exp(x) / sum(exp(x))`` along ``dim``, computed stably (the maximum subtracted).

    ``dtype`` casts the input first. Without ``dim`` PyTorch's deprecation warning is given and its
    legacy choice made (dim 0 for 0-, 1- and 3-D inputs, else 1). An integer input without
    ``dtype`` raises NotImplementedError, as in PyTorch. ``_stacklevel`` is accepted and ignored.
    """
    if dim is None:
        _implicit_dim_warning("softmax")
    return _nnf.softmax(input, dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Return ``x - log(sum(exp(x)))`` along ``dim``: the log of ``softmax``, computed stably.

    Takes the arguments of ``softmax``, with the same implicit ``dim`` choice and warning.
    """
    if dim is None:
        _implicit_dim_warning("log_softmax")
    return _nnf.log_softmax(input, dim, dtype)


def _unsupported(name, value):
    if value is not None:
        raise NotImplementedError(f"{name} is not supported by autograd_bn yet")


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """Negative log likelihood: ``-input[i, target[i]]`` for log-probabilities ``input``, reduced.

    ``input`` is (N, C) with an integer ``target`` of shape (N,), or (C,) with a 0-D target.
    Entries whose target is ``ignore_index`` are left out, also from the count that
    ``reduction="mean"`` divides by; ``"sum"`` and ``"none"`` as usual. PyTorch's errors for a
    wrong target dtype, batch size or class index. ``weight`` is not supported.
    """
    _unsupported("nll_loss(weight=...)", weight)
    reduction = _reduction(size_average, reduce, reduction)
    if not input.dtype.is_floating_point:     # torch checks the shapes, then its kernel refuses
        _nll_loss(input.detach().double(), target, reduction, ignore_index)
        refuse_integers(input.dtype, "nll_loss_out_frame")
    return _nll_loss(input, target, reduction, ignore_index)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    """Return ``nll_loss(log_softmax(input, dim), target, ...)``: the loss of logits ``input``.

    ``dim`` is 1 for an (N, C) input and 0 for a (C,) one; the other arguments are those of
    ``nll_loss``; ``weight`` (one per class) and ``label_smoothing`` as in torch (see
    functional_extra.cross_entropy_full). A ``target`` of the input's shape holds class
    probabilities (as in PyTorch, also with ``label_smoothing``; with ``weight`` not
    supported: NotImplementedError).
    """
    reduction = _reduction(size_average, reduce, reduction)
    if input.shape == target.shape:
        _unsupported("cross_entropy(weight=...) with class probabilities", weight)
        return _nnf.cross_entropy(input, target, reduction, ignore_index, label_smoothing)
    if label_smoothing > 1.0:
        raise RuntimeError(_("label_smoothing must be between 0.0 and 1.0. Got: {v}").format(
            v=label_smoothing))
    if weight is not None or label_smoothing:
        return cross_entropy_full(input, target, weight, ignore_index, reduction,
                                  label_smoothing)
    return _nnf.cross_entropy(input, target, reduction, ignore_index)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Return the mean squared error ``(input - target) ** 2``, reduced by ``reduction``.

    When the shapes differ the two are broadcast, with PyTorch's UserWarning that this is likely a
    mistake. ``size_average`` and ``reduce`` are the deprecated form of ``reduction``; ``weight``
    is not supported.
    """
    _unsupported("mse_loss(weight=...)", weight)
    input, target = broadcast_target(input, target)          # torch broadcasts first
    refuse_integers(_promote(input.dtype, target.dtype), "mse_cpu")   # then its kernel
    reduction = _reduction(size_average, reduce, reduction)
    return _nnf.mse_loss(input, target, reduction)


# --- linear ------------------------------------------------------------------------------
def _addmm_apply(self, g, F):
    """Backward of addmm(bias, mat1, mat2): (sum of g to bias's shape, g @ mat2ᵀ, mat1ᵀ @ g)."""
    if self._saved is None:
        raise RuntimeError(_(SECOND_BACKWARD))
    nb, n1, n2 = self._next
    g0 = g1 = g2 = None
    if nb is not None:
        g0 = F.sum_to(g, self._attrs["bias_shape"])
    layout = self._attrs["layout"]
    if n1 is not None:
        g1 = F.mm_left_grad(g, self._unpack_one(self._other, self._vother, F.as_tensors),
                            layout[0])
    if n2 is not None:
        g2 = F.mm_right_grad(g, self._unpack_one(self._self, self._vself, F.as_tensors),
                             layout[1])
    return (g0, g1, g2)


AddmmBackward0 = derivative(
    "AddmmBackward0", "addmm(self, mat1, mat2)  (self + mat1 @ mat2, as nn.Linear uses it)",
    self=lambda F, g, bias_shape: F.sum_to(g, bias_shape),
    mat1=lambda F, g, mat2, layout: F.mm_left_grad(g, mat2, layout[0]),
    mat2=lambda F, g, mat1, layout: F.mm_right_grad(g, mat1, layout[1]))
AddmmBackward0.apply = _addmm_apply


def _version(t):
    return t._vc[0] if t._vc is not None else 0


def addmm(input, mat1, mat2):
    """input + mat1 @ mat2 for 2-D mat1 and mat2 (input broadcast to the product's shape)."""
    if mat1.dtype is not mat2.dtype:
        raise RuntimeError(_("mat1 and mat2 must have the same dtype, but got {a} and {b}")
                           .format(a=mat1.dtype.word, b=mat2.dtype.word))
    ad, bd = _arrays(mat1, mat2)
    if ad.ndim != 2 or bd.ndim != 2:
        raise RuntimeError(_("{w} must be a matrix").format(w="mat1" if ad.ndim != 2 else "mat2"))
    if ad.shape[1] != bd.shape[0]:
        raise RuntimeError(_(MM_SHAPES).format(a0=ad.shape[0], a1=ad.shape[1],
                                               b0=bd.shape[0], b1=bd.shape[1]))
    # nn.Linear passes weight.t(): BLAS multiplies faster as (W @ x.T).T than as x @ W.T
    product = matmul(bd.T, ad.T).T if transposed(bd) else matmul(ad, bd)
    out = wrap(np.add(product, input._data, dtype=ad.dtype))
    if GradMode.enabled and any(t.grad_fn is not None or t._requires_grad
                                for t in (input, mat1, mat2)):
        record(AddmmBackward0, out, (input, mat1, mat2),
               {"bias_shape": input._data.shape, "layout": (transposed(ad), transposed(bd))})
        node = out.grad_fn
        # mat1 (saved in the `_self` slot) is needed for mat2's gradient and mat2 (`_other`) for
        # mat1's, with their versions, so in-place changes are caught as for any saved tensor.
        _nb, n1, n2 = node._next
        node._saved = ("self", "other")
        if n2 is not None:
            node._self, node._vself = mat1, _version(mat1)
        if n1 is not None:
            node._other, node._vother = mat2, _version(mat2)
    return out


def linear(input, weight, bias=None):
    """Return ``input @ weight.T + bias`` (``bias`` may be None), as ``at::linear`` computes it.

    A 2-D input with a bias is one ``addmm`` (``grad_fn`` AddmmBackward0, as in PyTorch); a
    contiguous input of another shape with a 1-D bias is flattened to 2-D for the ``addmm`` and
    its result viewed back (``ViewBackward0``); other inputs use ``matmul`` and then add the bias.
    """
    if input.dim() == 0 or weight.dim() == 0:
        raise RuntimeError(_("both arguments to linear need to be at least 1D, but they are {a}D "
                             "and {b}D").format(a=input.dim(), b=weight.dim()))
    if bias is not None and input.dim() == 2:
        return addmm(bias, input, weight.t())
    if bias is not None and input.is_contiguous() and (input.dim() == 3 or bias.dim() == 1):
        sizes = tuple(input.shape)
        rows = 1
        for n in sizes[:-1]:
            rows *= n
        out = addmm(bias, input.reshape(rows, sizes[-1]), weight.t())
        return out.view(*sizes[:-1], out.shape[1])
    out = input @ weight.t()
    return out if bias is None else out + bias


from .. import _keywords, _missing  # noqa: E402
from .functional_extra import (binary_cross_entropy,  # noqa: E402
                               binary_cross_entropy_with_logits, cross_entropy_full, dropout,
                               l1_loss)
__all__ += ["dropout", "l1_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits"]



def __getattr__(name):
    raise _missing.module_error("autograd_bn.nn.functional", name)


_keywords.install_functional(_sys.modules[__name__])
