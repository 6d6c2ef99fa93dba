"""Forward passes of shape operations: views (reshape, squeeze, transpose, expand ...),
cat/stack, clone and dtype conversion.  A view shares its base's version counter, so an
in-place change through either is seen by the graph."""
import numpy as np

from .. import _dtype
from ..i18n import N_, _
from . import derivatives as D
from .arguments import fits, size_argument, type_name
from .broadcast import wrap_dim
from .elementwise import wrap
from .registry import needs_grad, record
from .quiet import call as _quiet_call
from .views import view_of
from ..tensor import Size, Tensor

VIEW_INCOMPATIBLE = N_("view size is not compatible with input tensor's size and stride (at least "
                     "one dimension spans across two contiguous subspaces). Use .reshape(...) "
                     "instead.")
BAD_SHAPE = N_("shape '[{shape}]' is invalid for input of size {n}")


def sizes(args, fname="view", param="size"):
    """Accept f(2, 3), f((2, 3)), f([2, 3]) and f(torch.Size([2, 3])), with torch's errors."""
    if len(args) == 1 and args[0].__class__ in (tuple, Size) and all(
            s.__class__ is int for s in args[0]):
        return tuple(args[0])
    return size_argument(fname, args, param)


def infer_shape(shape, n):
    """shape with its -1 filled in, as torch's infer_size (its errors, in its order)."""
    shape = list(shape)
    infer, known = None, 1
    for i, s in enumerate(shape):
        if s == -1:
            if infer is not None:
                raise RuntimeError(_("only one dimension can be inferred"))
            infer = i
        elif s >= 0:
            known *= s
        else:
            raise RuntimeError(_("invalid shape dimension {s} at index {i} of shape [{shape}]")
                               .format(s=s, i=i, shape=", ".join(map(str, shape))))
    if n == known or (infer is not None and known > 0 and n % known == 0):
        if infer is not None:
            if known == 0:
                raise RuntimeError(_(
                    "cannot reshape tensor of 0 elements into shape [{shape}] because the "
                    "unspecified dimension size -1 can be any value and is ambiguous").format(
                    shape=", ".join(map(str, shape))))
            shape[infer] = n // known
        return tuple(shape)
    raise RuntimeError(_(BAD_SHAPE).format(shape=", ".join(map(str, shape)), n=n))


def _try_view(d, shape):
    try:
        v = np.reshape(d, shape, copy=False)
    except ValueError:
        return None
    except TypeError:                       # NumPy < 2.1 has no copy=
        v = d.reshape(shape)
        if v.size and not np.shares_memory(v, d):
            return None
    return v


def view(x, *shape):
    d = x._data
    shape = infer_shape(sizes(shape, "view"), d.size)
    v = _try_view(d, shape)
    if v is None:
        raise RuntimeError(_(VIEW_INCOMPATIBLE))
    out = view_of(x, v)
    if needs_grad(x):
        record(D.ViewBackward0, out, (x,), {"self_shape": d.shape})
    return out


def reshape(x, *shape):
    d = x._data
    shape = infer_shape(sizes(shape, "reshape", "shape"), d.size)
    v = _try_view(d, shape)
    if v is not None:
        out = view_of(x, v)
        if needs_grad(x):      # torch names a view of a non-contiguous tensor differently
            node = D.ViewBackward0 if d.flags.c_contiguous else D.ReshapeAliasBackward0
            record(node, out, (x,), {"self_shape": d.shape})
        return out
    c = clone(x)                            # torch: CloneBackward0, then UnsafeViewBackward0
    out = wrap(c._data.reshape(shape))
    if needs_grad(c):
        record(D.UnsafeViewBackward0, out, (c,), {"self_shape": d.shape})
    return out


def flatten(x, start_dim=0, end_dim=-1):
    d = x._data
    if d.ndim == 0:
        return reshape(x, 1)
    s, e = wrap_dim(start_dim, d.ndim), wrap_dim(end_dim, d.ndim)
    if s > e:
        raise RuntimeError(_("flatten() has invalid args: start_dim cannot come after end_dim"))
    if s == e:
        return x
    n = 1
    for k in d.shape[s:e + 1]:
        n *= k
    return reshape(x, d.shape[:s] + (n,) + d.shape[e + 1:])


def squeeze(x, dim=None):
    d = x._data
    if dim is None:
        node, axes = D.SqueezeBackward0, tuple(i for i, s in enumerate(d.shape) if s == 1)
    elif isinstance(dim, (tuple, list)):
        node = D.SqueezeBackward2
        axes = tuple(a for a in (wrap_dim(k, d.ndim) for k in dim) if d.ndim and d.shape[a] == 1)
    else:
        a = wrap_dim(dim, d.ndim)
        node, axes = D.SqueezeBackward1, ((a,) if d.ndim and d.shape[a] == 1 else ())
    out = view_of(x, np.squeeze(d, axis=axes) if axes else d.view())
    if needs_grad(x):
        record(node, out, (x,), {"self_shape": d.shape})
    return out


def unsqueeze(x, dim):
    d = x._data
    a = wrap_dim(dim, d.ndim + 1)
    out = view_of(x, np.expand_dims(d, a))
    if needs_grad(x):
        record(D.UnsqueezeBackward0, out, (x,), {"self_shape": d.shape})
    return out


def t(x):
    d = x._data
    if d.ndim > 2:
        raise RuntimeError(_("t() expects a tensor with <= 2 dimensions, but self is {n}D")
                           .format(n=d.ndim))
    out = view_of(x, d.T)
    if needs_grad(x):
        record(D.TBackward0, out, (x,))
    return out


def transpose(x, dim0, dim1):
    d = x._data
    a, b = wrap_dim(dim0, d.ndim), wrap_dim(dim1, d.ndim)
    out = view_of(x, np.swapaxes(d, a, b) if d.ndim else d.view())
    if needs_grad(x):
        record(D.TransposeBackward0, out, (x,), {"dim0": a if d.ndim else 0,
                                                 "dim1": b if d.ndim else 0})
    return out


def permute(x, *dims):
    d = x._data
    dims = sizes(dims, "permute", "dims")
    if len(dims) != d.ndim:
        raise RuntimeError(_("permute(sparse_coo): number of dimensions in the tensor input does "
                             "not match the length of the desired ordering of dimensions i.e. "
                             "input.dim() = {n} is not equal to len(dims) = {k}")
                           .format(n=d.ndim, k=len(dims)))
    perm = tuple(wrap_dim(k, d.ndim) for k in dims)
    if len(set(perm)) != len(perm):
        raise RuntimeError(_("permute(): duplicate dims are not allowed."))
    out = view_of(x, np.transpose(d, perm))
    if needs_grad(x):
        record(D.PermuteBackward0, out, (x,), {"inverse": tuple(np.argsort(perm).tolist())})
    return out


T_0D = N_("Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.")
T_ND = N_("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
        "deprecated and it will throw an error in a future release. Consider `x.mT` to "
        "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to "
        "reverse the dimensions of a tensor.")
_warned = set()


def _warn_once(message):
    # torch raises these with TORCH_WARN_ONCE: once per process
    if message not in _warned:
        _warned.add(message)
        import warnings
        warnings.warn(_(message), UserWarning, stacklevel=3)


def T(x):
    d = x._data
    if d.ndim != 2:
        _warn_once(T_0D if d.ndim == 0 else T_ND)
    return permute(x, *reversed(range(d.ndim)))


def expand(x, *shape):
    d = x._data
    shape = list(sizes(shape, "expand"))
    if len(shape) < d.ndim:
        raise RuntimeError(_("expand({type}{{[{old}]}}, size=[{new}]): the number of "
                             "sizes provided ({k}) must be greater or equal to the number of "
                             "dimensions in the tensor ({n})").format(
            type=x.dtype.legacy_name, old=", ".join(map(str, d.shape)),
            new=", ".join(map(str, shape)), k=len(shape),
            n=d.ndim))
    lead = len(shape) - d.ndim
    asked = list(shape)
    for i in reversed(range(d.ndim)):            # torch checks from the last dim
        s = d.shape[i]
        want = shape[lead + i]
        if want == -1:
            shape[lead + i] = s
        elif s != want and s != 1:
            raise RuntimeError(_(
                "The expanded size of the tensor ({want}) must match the existing size ({have}) "
                "at non-singleton dimension {dim}.  Target sizes: [{target}].  Tensor sizes: "
                "[{sizes}]").format(want=want, have=s, dim=lead + i,
                                    target=", ".join(map(str, asked)),
                                    sizes=", ".join(map(str, d.shape))))
    out = view_of(x, np.broadcast_to(d, tuple(shape)))
    if needs_grad(x):
        record(D.ExpandBackward0, out, (x,), {"self_shape": d.shape})
    return out


def clone(x, memory_format=None):
    out = wrap(np.array(x._data, copy=True, order="C"))
    if needs_grad(x):
        record(D.CloneBackward0, out, (x,))
    return out


def contiguous(x, memory_format=None):
    return x if x._data.flags.c_contiguous else clone(x)


def to(x, *args, **kwargs):
    """x.to(dtype), x.to(device), x.to(other); copy=True forces a copy."""
    target = kwargs.get("dtype")
    for a in args:
        if isinstance(a, (_dtype.dtype, str)) or a in (float, int, bool):
            target = a
        elif hasattr(a, "_data"):
            target = a.dtype
    if target is None:
        return clone(x) if kwargs.get("copy") else x
    target = _dtype.resolve(target)
    if target is x.dtype:
        return clone(x) if kwargs.get("copy") else x
    # NaN or inf to an integer, 1e300 to float32: as torch, without NumPy's warnings
    out = wrap(_quiet_call(x._data.astype, target.np))
    if target.is_floating_point and needs_grad(x):
        record(D.ToCopyBackward0, out, (x,), {"self_dtype": x._data.dtype})
    return out


def _same_dims(tensors, dim, verb):
    if not tensors:
        if verb == "stack":
            raise RuntimeError(_("stack expects a non-empty TensorList"))
        raise ValueError(_("{verb}(): expected a non-empty list of Tensors").format(verb=verb))
    T = tensors[0].__class__
    tensors = [t if isinstance(t, T) else wrap(np.asarray(t)) for t in tensors]
    rt = tensors[0].dtype
    for t in tensors[1:]:
        rt = _dtype.promote(rt, t.dtype)
    return tensors, rt


def tensor_list(fname, tensors, dim):
    """torch's checks of a TensorList argument and its dim."""
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(_("{f}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                          "{t}").format(f=fname, t=type_name(tensors)))
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(_("expected Tensor as element {i} in argument 0, but got {t}")
                            .format(i=i, t=type_name(t)))
    if dim.__class__ is not int and not fits("int", dim):
        raise TypeError(_("{f}(): argument '{p}' (position {i}) must be {k}, not {t}").format(
            f=fname, p="dim", i=2, k="int", t=type_name(dim)))


def cat(tensors, dim=0, _name="cat"):
    tensor_list(_name, tensors, dim)
    tensors, rt = _same_dims(list(tensors), dim, "torch.cat")
    arrays = [t._data.astype(rt.np, copy=False) for t in tensors]
    for k, a in enumerate(arrays):
        if a.ndim == 0:
            raise RuntimeError(_(N_("zero-dimensional tensor (at position {k}) cannot be "
                                    "concatenated")).format(k=k))
    ref = next((a for a in arrays if a.shape != (0,)), arrays[0])
    axis = wrap_dim(dim, ref.ndim)
    for k, a in enumerate(arrays):
        if a.shape == (0,) and ref.ndim != 1:
            continue
        if a.ndim != ref.ndim:
            raise RuntimeError(_("Tensors must have same number of dimensions: got {a} and {b}")
                               .format(a=ref.ndim, b=a.ndim))
        for i, (p, q) in enumerate(zip(ref.shape, a.shape)):
            if i != axis and p != q:
                raise RuntimeError(_("Sizes of tensors must match except in dimension {dim}. "
                                     "Expected size {p} but got size {q} for tensor number {k} "
                                     "in the list.").format(dim=axis, p=p, q=q, k=k))
    kept = [a for a in arrays if not (a.shape == (0,) and ref.ndim != 1)]
    out = wrap(np.concatenate(kept, axis=axis))
    if needs_grad(*tensors):
        slices, start = [], 0
        for a in arrays:
            n = a.shape[axis] if a.ndim == ref.ndim else 0
            slices.append((slice(None),) * axis + (slice(start, start + n),))
            start += n
        record(D.CatBackward0, out, tuple(tensors), {"slices": slices})
    return out


def stack(tensors, dim=0):
    tensor_list("stack", tensors, dim)
    tensors, rt = _same_dims(list(tensors), dim, "stack")
    arrays = [t._data.astype(rt.np, copy=False) for t in tensors]
    axis = wrap_dim(dim, arrays[0].ndim + 1)           # torch wraps dim before the sizes
    for k, a in enumerate(arrays):
        if a.shape != arrays[0].shape:
            raise RuntimeError(_("stack expects each tensor to be equal size, but got [{a}] at "
                                 "entry 0 and [{b}] at entry {k}").format(
                a=", ".join(map(str, arrays[0].shape)), b=", ".join(map(str, a.shape)), k=k))
    out = wrap(np.stack(arrays, axis=axis))
    if needs_grad(*tensors):
        record(D.StackBackward0, out, tuple(tensors),
               {"slices": [(slice(None),) * axis + (k,) for k in range(len(arrays))]})
    return out
