"""Forward passes of matrix products: dot (1-D @ 1-D), mv (2-D @ 1-D), mm (2-D @ 2-D),
1-D @ 2-D (as unsqueeze, mm, squeeze, like PyTorch) and batched matmul with broadcasting."""
import numpy as np


from ..i18n import N_, _
from . import derivatives as D
from .elementwise import wrap
from .registry import needs_grad, record

MM_SHAPES = N_("mat1 and mat2 shapes cannot be multiplied ({a0}x{a1} and {b0}x{b1})")
DOT_SIZES = N_("inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same "
             "number of elements, but got {n} and {m} elements respectively")
MV_SIZES = N_("size mismatch, got input ({r}), mat ({r}x{c}), vec ({n})")
ZERO_DIM = N_("both arguments to matmul need to be at least 1D, but they are {a}D and {b}D")
DTYPES = N_("expected m1 and m2 to have the same dtype, but got: {a} != {b}")


def _arrays(a, b):
    if a.dtype is not b.dtype:
        raise RuntimeError(_(DTYPES).format(a=_word(a.dtype), b=_word(b.dtype)))
    return a._data, b._data


def _word(dt):
    return {"float32": "float", "float64": "double", "int64": "long int", "int32": "int",
            "bool": "bool"}[dt.name]


def mm(a, b):
    ad, bd = _arrays(a, b)
    if ad.ndim != 2 or bd.ndim != 2:
        raise RuntimeError(_("{w} must be a matrix").format(w="self" if ad.ndim != 2 else "mat2"))
    if ad.shape[1] != bd.shape[0]:
        raise RuntimeError(_(MM_SHAPES).format(a0=ad.shape[0], a1=ad.shape[1],
                                               b0=bd.shape[0], b1=bd.shape[1]))
    out = wrap(ad @ bd)
    if needs_grad(a, b):
        record(D.MmBackward0, out, (a, b))
    return out


def dot(a, b):
    ad, bd = _arrays(a, b)
    if ad.ndim != 1 or bd.ndim != 1:
        raise RuntimeError(_("1D tensors expected, but got {a}D and {b}D tensors")
                           .format(a=ad.ndim, b=bd.ndim))
    if ad.shape[0] != bd.shape[0]:
        raise RuntimeError(_(DOT_SIZES).format(n=ad.shape[0], m=bd.shape[0]))
    out = wrap(np.dot(ad, bd))
    if needs_grad(a, b):
        record(D.DotBackward0, out, (a, b))
    return out


def mv(a, b):
    ad, bd = _arrays(a, b)
    if ad.ndim != 2 or bd.ndim != 1:
        raise RuntimeError(_("vector + matrix @ vector expected, got {a}, {b}, {c}")
                           .format(a=1, b=ad.ndim, c=bd.ndim))
    if ad.shape[1] != bd.shape[0]:
        raise RuntimeError(_(MV_SIZES).format(r=ad.shape[0], c=ad.shape[1], n=bd.shape[0]))
    out = wrap(ad @ bd)
    if needs_grad(a, b):
        record(D.MvBackward0, out, (a, b))
    return out


def matmul(a, b):
    from .elementwise import as_operand
    b = as_operand(b)
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
        from .shape import squeeze, unsqueeze
        m = mm(unsqueeze(a, 0), b)
        out = wrap(m._data.reshape(m._data.shape[1:]))
        if needs_grad(m):
            record(D.SqueezeBackward4, out, (m,), {"self_shape": m._data.shape})
        return out
    return _batched(a, b)


def _batched(a, b):
    ad, bd = _arrays(a, b)
    k_a = ad.shape[-1]
    k_b = bd.shape[-2] if bd.ndim > 1 else bd.shape[0]
    if k_a != k_b:
        if bd.ndim == 1:
            raise RuntimeError(_(MM_SHAPES).format(a0=int(np.prod(ad.shape[:-1])), a1=k_a,
                                                   b0=k_b, b1=1))
        if ad.ndim == bd.ndim and ad.shape[:-2] == bd.shape[:-2] and ad.ndim == 3:
            raise RuntimeError(_("Expected size for first two dimensions of batch2 tensor to be: "
                                 "[{b}, {k}] but got: [{b2}, {k2}].").format(
                b=ad.shape[0], k=k_a, b2=bd.shape[0], k2=k_b))
        raise RuntimeError(_(MM_SHAPES).format(a0=int(np.prod(ad.shape[:-1])), a1=k_a,
                                               b0=k_b, b1=bd.shape[-1]))
    try:
        data = np.matmul(ad, bd)
    except ValueError:
        from .broadcast import broadcast_shapes
        broadcast_shapes(ad.shape[:-2], bd.shape[:-2] if bd.ndim > 1 else ())
        raise
    out = wrap(data)
    if needs_grad(a, b):
        record(D.BmmBackward0, out, (a, b))
    return out


def outer(a, b):
    from .shape import unsqueeze
    return unsqueeze(a, 1) * unsqueeze(b, 0)


