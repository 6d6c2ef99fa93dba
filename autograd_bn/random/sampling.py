"""Array-level sampling, bit for bit like torch 2.13's CPU kernels.

Every function takes a shape tuple (or an array to fill), one of our dtypes and a
``Generator`` (``None``: the default one) and returns / fills a NumPy array.

Formulas (measured against torch; u = the uniforms of ``mt19937``):

* ``rand``/``uniform_(a, b)``: ``v = fma(u, b - a, a)`` in the array's dtype (float32: a and
  b cast to float32, ``b - a`` rounded in float32); a v that rounded up to b becomes a.
* ``randn``/``normal_(mean, std)``: ``normal.fill_normal`` for a contiguous array of 16 or
  more elements, else ``normal.serial_normals`` (cast from double).
* ``randint``/``random_(low, high)``: range = high - low; a 32-bit draw ``% range`` when
  range < 2**28, else a 64-bit draw ``% range``; plus low, cast to the dtype.  For float dtypes
  low and high are first moved onto representable values, as torch does.
* ``randperm(n)``: 0..n-1, then for i < n-1 swap slots i and i + (32-bit draw % (n - i)).

In-place functions visit elements in memory order (like torch's TensorIterator), so a
transposed view gets the same numbers in the same memory slots as a contiguous array.
"""
import operator
import warnings

import numpy as np

from .. import _dtype
from ..i18n import _
from .fma import fma32, fma64
from .generator import resolve_generator
from .normal import fill_normal, serial_normals

__all__ = ["rand", "randn", "randint", "randperm", "uniform_", "normal_", "random_"]

_RANGE64_FROM = 1 << 28            # ranges this large use 64-bit draws (torch 2.13)
_RANDPERM_64 = (2 ** 32 - 1) // 20  # randperm switches to 64-bit draws here (unverified)


def _g(x):
    """A double as C++'s ostream prints it (6 significant digits)."""
    x = float(x)
    return "{:g}".format(x) if x == x and abs(x) != float("inf") else str(x)


def _not_implemented(kernel, dt):
    return NotImplementedError(_('"{k}" not implemented for \'{t}\'').format(
        k=kernel, t=dt.word))


def _dtype_of(arr):
    dt = _dtype.from_numpy_dtype(arr.dtype)
    if dt is None:
        raise TypeError(_("unsupported dtype {t}").format(t=arr.dtype))
    return dt


def _resolve_dtype(dtype, default=None):
    if dtype is None:
        return default or _dtype.get_default_dtype()
    return _dtype.resolve(dtype)


def _check_shape(shape):
    shape = tuple(operator.index(s) for s in shape)
    for s in shape:
        if s < 0:
            raise RuntimeError(_("Trying to create tensor with negative dimension {d}: "
                                 "[{s}]").format(d=s, s=", ".join(str(v) for v in shape)))
    return shape


def _memory_order(arr):
    """A view of ``arr`` whose C order is its memory order (TensorIterator's order)."""
    if arr.flags.c_contiguous or arr.ndim < 2:
        return arr
    perm = sorted(range(arr.ndim), key=lambda k: -abs(arr.strides[k]))
    return arr.transpose(perm)


def _assign(arr, values):
    view = _memory_order(arr)
    view[...] = values.reshape(view.shape)
    return arr


# --------------------------------------------------------------------------- uniform
def _uniform_values(gen, n, np_dtype, low, high):
    if np_dtype == np.float32:
        u = gen._stream.uniform32(n)
        lo, hi = np.float32(low), np.float32(high)
        if lo == 0 and hi == 1:
            return u
        v = fma32(u, hi - lo, lo)
    else:
        u = gen._stream.uniform64(n)
        if low == 0 and high == 1:
            return u
        lo, hi = np.float64(low), np.float64(high)
        v = fma64(u, hi - lo, lo)
    v[v == hi] = lo                      # torch keeps [from, to): a value rounded to `to`
    return v                             # becomes `from` (also when from == to)


def _check_uniform(dt, low, high):
    if not dt.is_floating_point:
        raise _not_implemented("check_uniform_bounds", dt)
    finfo = np.finfo(dt.np)
    for name, v in (("from", low), ("to", high)):
        if not float(finfo.min) <= v <= float(finfo.max):
            raise RuntimeError(_("{name} is out of bounds for {t}").format(
                name=name, t=dt.c_name))
    if low > high:
        raise RuntimeError(_("uniform_ expects to return a [from, to) range, but found "
                             "from={a} > to={b}").format(a=_g(low), b=_g(high)))
    if high - low > float(finfo.max):
        raise RuntimeError(_("uniform_ expects to-from <= std::numeric_limits<{t}>::max(), "
                             "but found to={b} and from={a} which result in to-from to "
                             "exceed the limit").format(t=dt.word, a=_g(low),
                                                        b=_g(high)))


def uniform_(arr, low=0.0, high=1.0, generator=None):
    """Fill ``arr`` in place with uniforms in [low, high); returns ``arr``."""
    if arr.size == 0:
        return arr
    dt = _dtype_of(arr)
    low, high = float(low), float(high)
    _check_uniform(dt, low, high)
    gen = resolve_generator(generator)
    return _assign(arr, _uniform_values(gen, arr.size, dt.np, low, high))


def rand(shape, dtype=None, generator=None):
    """A new array of uniforms in [0, 1)."""
    dt = _resolve_dtype(dtype)
    shape = _check_shape(shape)
    if not dt.is_floating_point:
        raise _not_implemented("check_uniform_bounds", dt)
    gen = resolve_generator(generator)
    n = int(np.prod(shape, dtype=np.int64))
    return _uniform_values(gen, n, dt.np, 0.0, 1.0).reshape(shape)


# --------------------------------------------------------------------------- normal
def _normal_values(gen, arr, dt, mean, std):
    n = arr.size
    if n >= 16 and arr.flags.c_contiguous:
        return fill_normal(gen, n, dt.np, mean, std)
    return serial_normals(gen, n, mean, std).astype(dt.np)


def normal_(arr, mean=0.0, std=1.0, generator=None):
    """Fill ``arr`` in place with normal samples; returns ``arr``."""
    mean, std = float(mean), float(std)
    if std < 0:
        raise RuntimeError(_("normal expects std >= 0.0, but found std {s}").format(s=_g(std)))
    if arr.size == 0:
        return arr
    dt = _dtype_of(arr)
    if not dt.is_floating_point:
        raise _not_implemented("normal_kernel_cpu", dt)
    gen = resolve_generator(generator)
    return _assign(arr, _normal_values(gen, arr, dt, mean, std))


def randn(shape, dtype=None, generator=None):
    """A new array of standard normal samples."""
    dt = _resolve_dtype(dtype)
    shape = _check_shape(shape)
    if not dt.is_floating_point:
        raise _not_implemented("normal_kernel_cpu", dt)
    return normal_(np.empty(shape, dt.np), 0.0, 1.0, generator)


# --------------------------------------------------------------------------- integers
def _update_from(v, dt):
    """torch's update_from: the smallest value >= v that the float dtype keeps."""
    digits = np.finfo(dt.np).nmant + 1
    plus1 = int(dt.np.type(v + 1))
    if plus1 < v:
        n = abs(v + 1).bit_length() - 1
        v = plus1 + (1 << (n - digits + 1))
    return v


def _update_to(v, dt):
    digits = np.finfo(dt.np).nmant + 1
    minus1 = int(dt.np.type(v - 1))
    if minus1 >= v:
        n = abs(v - 1).bit_length() - 1
        v = minus1 - (1 << (n - digits + 1))
    return v


def _check_int_range(low, high, dt):
    top = high - 1
    if dt.is_floating_point:
        digits = np.finfo(dt.np).nmant + 1
        for name, v in (("from", low), ("to - 1", top)):
            if not -(1 << digits) <= v <= (1 << digits):
                warnings.warn(_(
                    "{name} is out of bounds [-(2^{d}), 2^{d}]. Due to precision limitations "
                    "{t} can support discrete uniform distribution only within this range. "
                    "This warning will become an error in version 1.7 release, please fix "
                    "the code in advance").format(name=name, d=digits, t=dt.c_name),
                    UserWarning, stacklevel=4)
        return
    if dt is _dtype.int64:
        return
    lo, hi = (0, 1) if dt is _dtype.bool_ else (int(np.iinfo(dt.np).min), int(np.iinfo(dt.np).max))
    for name, v in (("from", low), ("to - 1", top)):
        if not lo <= v <= hi:
            raise RuntimeError(_("{name} is out of bounds for {t}").format(
                name=name, t=dt.c_name))


def _int_values(gen, n, low, high):
    """n int64 values low + draw % (high - low)."""
    span = high - low
    if span >= _RANGE64_FROM:
        w = gen._stream.words32(2 * n)
        v = w[0::2] << np.uint64(32)
        v |= w[1::2]
    else:
        v = gen._stream.words32(n)
    v %= np.uint64(span)
    v += np.uint64(low % (1 << 64))
    return v.view(np.int64)


def random_(arr, low, high, generator=None):
    """Fill ``arr`` in place with integers in [low, high) (``Tensor.random_(low, high)``)."""
    low, high = operator.index(low), operator.index(high)
    if low >= high:
        raise RuntimeError(_("random_ expects 'from' to be less than 'to', but got "
                             "from={a} >= to={b}").format(a=low, b=high))
    dt = _dtype_of(arr)
    if dt.is_floating_point:
        low, high = _update_from(low, dt), _update_to(high, dt)
        if low >= high:
            raise RuntimeError(_("random_ expects 'from' casted to dtype to be less than "
                                 "'to' casted to dtype, but got from={a} >= to={b}").format(
                a=low, b=high))
    _check_int_range(low, high, dt)
    if arr.size == 0:
        return arr
    gen = resolve_generator(generator)
    vals = _int_values(gen, arr.size, low, high)
    return _assign(arr, vals.astype(dt.np))


def randint(low, high, shape, dtype=None, generator=None):
    """A new array of integers in [low, high) (int64 unless ``dtype`` says otherwise)."""
    dt = _resolve_dtype(dtype, _dtype.int64)
    shape = _check_shape(shape)
    return random_(np.empty(shape, dt.np), low, high, generator)


def randperm(n, dtype=None, generator=None):
    """A random permutation of 0..n-1."""
    dt = _resolve_dtype(dtype, _dtype.int64)
    n = operator.index(n)
    if n < 0:
        raise RuntimeError(_("Trying to create tensor with negative dimension {d}: "
                             "[{d}]").format(d=n))
    if dt is _dtype.bool_:
        raise _not_implemented("randperm", dt)
    if dt.is_floating_point and n > (1 << (np.finfo(dt.np).nmant + 1)) + 1:
        raise RuntimeError(_("n cannot be greater than 2^{d}+1 for {t} type.").format(
            d=np.finfo(dt.np).nmant + 1, t=dt.word))
    gen = resolve_generator(generator)
    perm = list(range(n))
    if n > 1:
        bound = np.arange(n, 1, -1, dtype=np.uint64)          # n - i for i < n-1
        if n < _RANDPERM_64:
            draws = gen._stream.words32(n - 1)
        else:
            w = gen._stream.words32(2 * (n - 1))
            draws = (w[0::2] << np.uint64(32)) | w[1::2]
        draws %= bound
        draws += np.arange(n - 1, dtype=np.uint64)              # the slot to swap with
        for i, j in enumerate(draws.tolist()):                  # sequential by nature
            perm[i], perm[j] = perm[j], perm[i]
    return np.array(perm, dtype=dt.np)
