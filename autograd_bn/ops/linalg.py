"""Forward passes of matrix products: dot (1-D @ 1-D), mv (2-D @ 1-D), mm (2-D @ 2-D),
1-D @ 2-D (as unsqueeze, mm, squeeze, like PyTorch) and batched matmul with broadcasting."""
import numpy as np


from ..i18n import N_, _
from . import derivatives as D
from . import deterministic
from .broadcast import broadcast_shapes
from .elementwise import tensor_operand, wrap
from .registry import needs_grad, record
from .shape import contiguous, expand, reshape, squeeze, t, transpose, unsqueeze

MM_SHAPES = N_("mat1 and mat2 shapes cannot be multiplied ({a0}x{a1} and {b0}x{b1})")
DOT_SIZES = N_("inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same "
             "number of elements, but got {n} and {m} elements respectively")
MV_SIZES = N_("size mismatch, got input ({r}), mat ({r}x{c}), vec ({n})")
ZERO_DIM = N_("both arguments to matmul need to be at least 1D, but they are {a}D and {b}D")
# Each kernel checks dtypes in its own words.
DTYPES = {"mm": N_("expected m1 and m2 to have the same dtype, but got: {a} != {b}"),
          "dot": N_("dot : expected both vectors to have same dtype, but found {A} and {B}"),
          "mv": N_("addmv input tensors must have the same dtype, but got {B}, {A}, and {B}"),
          "bmm": N_("expected scalar type {A} but found {B}")}


def _arrays(a, b, kernel="mm"):
    """The operands' arrays; torch's error (for this kernel) when their dtypes differ."""
    if a.dtype is not b.dtype:
        raise RuntimeError(_(DTYPES[kernel]).format(
            a=_c_name(a.dtype), b=_c_name(b.dtype), A=a.dtype.word, B=b.dtype.word))
    return a._data, b._data


def _c_name(dt):
    return "long int" if dt.name == "int64" else dt.c_name


def _mm_shapes(ad, bd):
    if ad.ndim != 2 or bd.ndim != 2:
        raise RuntimeError(_("{w} must be a matrix").format(w="self" if ad.ndim != 2 else "mat2"))
    if ad.shape[1] != bd.shape[0]:
        raise RuntimeError(_(MM_SHAPES).format(a0=ad.shape[0], a1=ad.shape[1],
                                               b0=bd.shape[0], b1=bd.shape[1]))


def _dot_shapes(ad, bd):
    if ad.ndim != 1 or bd.ndim != 1:
        raise RuntimeError(_("1D tensors expected, but got {a}D and {b}D tensors")
                           .format(a=ad.ndim, b=bd.ndim))
    if ad.shape[0] != bd.shape[0]:
        raise RuntimeError(_(DOT_SIZES).format(n=ad.shape[0], m=bd.shape[0]))


def _mv_shapes(ad, bd):
    if ad.ndim != 2 or bd.ndim != 1:
        raise RuntimeError(_("vector + matrix @ vector expected, got {a}, {b}, {c}")
                           .format(a=1, b=ad.ndim, c=bd.ndim))
    if ad.shape[1] != bd.shape[0]:
        raise RuntimeError(_(MV_SIZES).format(r=ad.shape[0], c=ad.shape[1], n=bd.shape[0]))


# kernel: (shape check, whether torch checks dtypes before shapes, node)
_KERNELS = {"mm": (_mm_shapes, False), "dot": (_dot_shapes, True), "mv": (_mv_shapes, False)}


def _product(a, b, kernel, node):
    """a @ b by one BLAS kernel, with that kernel's checks in torch's order."""
    b = tensor_operand(b)
    check, dtype_first = _KERNELS[kernel]
    if dtype_first:
        _arrays(a, b, kernel)
    check(a._data, b._data)
    ad, bd = _arrays(a, b, kernel)
    out = wrap(deterministic.matmul(ad, bd))
    if needs_grad(a, b):
        record(node, out, (a, b), {"layout": (transposed(ad), transposed(bd))}
               if kernel == "mm" else None)
    return out


def transposed(d):
    """True for a matrix stored column by column (the transpose of a contiguous array)."""
    return d.flags.f_contiguous and not d.flags.c_contiguous


def mm(a, b):
    return _product(a, b, "mm", D.MmBackward0)


def dot(a, b):
    return _product(a, b, "dot", D.DotBackward0)


def mv(a, b):
    return _product(a, b, "mv", D.MvBackward0)


def matmul(a, b):
    b = tensor_operand(b)
    na, nb = a._data.ndim, b._data.ndim
    if na == 0 or nb == 0:
        raise RuntimeError(_(ZERO_DIM).format(a=na, b=nb))
    if na == 1 and nb == 1:
        return dot(a, b)
    if na == 2 and nb == 1:
        return mv(a, b)
    if na == 2 and nb == 2:
        return mm(a, b)
    if na == 1 and nb == 2:
        m = mm(unsqueeze(a, 0), b)
        out = wrap(m._data.reshape(m._data.shape[1:]))
        if needs_grad(m):
            record(D.SqueezeBackward4, out, (m,), {"self_shape": m._data.shape})
        return out
    return _batched(a, b)


def _should_fold(a, b):
    """PyTorch's rule for computing a batched matmul as one mm/mv on a folded operand."""
    a_larger = a._data.ndim >= b._data.ndim
    big = a._data if a_larger else np.swapaxes(b._data, -1, -2)
    small_dim = b._data.ndim if a_larger else a._data.ndim
    if not (big.ndim >= 3 and small_dim in (1, 2)):
        return False
    if (b if a_larger else a).requires_grad:
        return True
    if a._data.ndim == 2:
        return False
    if big.size == 0:
        return True
    return all(big.strides[i] == big.strides[i + 1] * big.shape[i + 1]
               for i in range(big.ndim - 2))


def _batched(a, b):
    """matmul with a 3-D or larger operand, decomposed as PyTorch does (so the graph has the
    same nodes and the errors the same words): fold the batched operand into one matrix for
    an mm or mv when torch would; otherwise expand both to a common batch and bmm."""
    ad, bd = a._data, b._data
    na, nb = ad.ndim, bd.ndim
    if na == 3 and nb == 3 and (bd.shape[0] == 1) != (ad.shape[0] == 1):
        # torch drops a lone batch of one first: (B, n, k) @ (1, k, m) is (B, n, k) @ (k, m)
        if bd.shape[0] == 1:
            return matmul(a, squeeze(b, 0))
        return matmul(squeeze(a, 0), b)
    if _should_fold(a, b):
        if na >= nb:                                      # (..., n, k) @ (k, m) or (k,)
            folded = reshape(a, -1, ad.shape[-1])
            r = mm(folded, b) if nb == 2 else mv(folded, b)
            return _unsafe_view(r, ad.shape[:-1] + bd.shape[1:])
        folded = reshape(transpose(b, -1, -2), -1, bd.shape[-2])
        if na == 1:                                       # (k,) @ (..., k, m)
            return _unsafe_view(mv(folded, a), bd.shape[:-2] + bd.shape[-1:])
        r = _unsafe_view(mm(folded, t(a)), bd.shape[:-2] + (bd.shape[-1], ad.shape[0]))
        return contiguous(transpose(r, -1, -2))
    n = ad.shape[-2] if na > 1 else 1
    m1 = ad.shape[-1]
    m2 = bd.shape[-2] if nb > 1 else bd.shape[0]
    p = bd.shape[-1] if nb > 1 else 1
    batch = broadcast_shapes(ad.shape[:max(na - 2, 0)], bd.shape[:max(nb - 2, 0)])
    count = int(np.prod(batch))
    if m1 != m2:
        raise RuntimeError(_("Expected size for first two dimensions of batch2 tensor to be: "
                             "[{b}, {k}] but got: [{b2}, {k2}].").format(b=count, k=m1, b2=count,
                                                                         k2=m2))
    _arrays(a, b, "bmm")
    a3 = reshape(expand(a, batch + (n, m1)), count, n, m1)
    b3 = reshape(expand(unsqueeze(b, -1) if nb == 1 else b, batch + (m2, p)), count, m2, p)
    r = wrap(deterministic.matmul(a3._data, b3._data))
    if needs_grad(a3, b3):
        record(D.BmmBackward0, r, (a3, b3))
    shape = batch + ((n,) if na > 1 else ()) + ((p,) if nb > 1 else ())
    return _unsafe_view(squeeze(r, -1) if nb == 1 else r, shape)


def _unsafe_view(x, shape):
    out = wrap(x._data.reshape(shape))
    if needs_grad(x):
        record(D.UnsafeViewBackward0, out, (x,), {"self_shape": x._data.shape})
    return out


def outer(a, b):
    # a.reshape(n, 1) * b, as torch records it (ViewBackward0, b broadcast)
    return reshape(a, a._data.size, 1) * tensor_operand(b)


