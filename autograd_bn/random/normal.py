"""Normal samples the way torch's CPU generator makes them (spec section 4, rules 4 and 5).

Two algorithms, chosen like torch's ``normal_kernel``:

* ``fill_normal`` -- a contiguous float tensor of 16 or more elements.  All n slots get
  uniforms of the tensor's dtype; every full block of 16 is Box-Muller transformed in place
  (``u1 = 1 - d[j]`` and ``u2 = d[j+8]`` for j < 8); when n is not a multiple of 16, 16 fresh
  uniforms replace the last 16 slots and are transformed too.  float64 uses the C library's
  log/cos/sin (see ``libm``), float32 the AVX2 kernel of ``normal_f32``.  The result is
  ``fma(radius*cos, std, mean)`` (one rounding, as the compiled code contracts it).
* ``serial_normals`` -- fewer than 16 elements, or a non-contiguous tensor: one double at a
  time, with the generator's cached second value (``next_double_normal``):
  u1, u2 = two float64 uniforms; r = sqrt(-2 log1p(-u2)); theta = 2 pi u1; the value is
  ``fma(r*cos(theta), std, mean)`` and ``r*sin(theta)`` is cached; a cached value c comes
  out as ``fma(c, std, mean)``.  The cache outlives the call and is shared by every dtype.
"""
import math

import numpy as np

from ..ops import libm
from .fma import fma64
from .normal_f32 import fill_blocks_f32

__all__ = ["fill_normal", "serial_normals", "fill_blocks_f64"]

_TWO_PI = 2.0 * math.pi


def _scale64(v, mean, std):
    """fma(v, std, mean) in double; the plain case only turns -0.0 into +0.0."""
    if std == 1.0 and mean == 0.0:
        v += 0.0
        return v
    return fma64(v, std, mean)


def fill_blocks_f64(d, out, mean=0.0, std=1.0):
    """Box-Muller on float64 uniforms ``d`` (a multiple of 16 long) into ``out``."""
    nb = d.size // 16
    D = d.reshape(nb, 2, 8)
    O = out.reshape(nb, 2, 8)
    u1 = 1.0 - D[:, 0]
    radius = libm.call("log", u1)
    radius *= -2.0
    np.sqrt(radius, out=radius)
    theta = D[:, 1] * _TWO_PI
    c = libm.call("cos", theta)
    c *= radius
    s = libm.call("sin", theta)
    s *= radius
    O[:, 0] = _scale64(c, mean, std)
    O[:, 1] = _scale64(s, mean, std)
    return out


def fill_normal(gen, n, np_dtype, mean=0.0, std=1.0):
    """A new contiguous array of ``n`` >= 16 normals of ``np_dtype`` (float32 or float64)."""
    stream = gen._stream
    f32 = np_dtype == np.float32
    draw = stream.uniform32 if f32 else stream.uniform64
    tail = n % 16
    d = draw(n + (16 if tail else 0))
    fill = fill_blocks_f32 if f32 else fill_blocks_f64
    if f32:
        mean, std = np.float32(mean), np.float32(std)
    full = n - tail
    out = np.empty(n, np_dtype)
    if tail and full <= 4096:
        # one kernel call for the blocks and the fresh tail block (small arrays: the
        # per-call cost dominates), then the tail overwrites the last 16 slots
        blocks = np.concatenate((d[:full], d[n:]))
        res = fill(blocks, np.empty_like(blocks), mean, std)
        out[:full] = res[:full]
        out[n - 16:] = res[full:]
        return out
    fill(d[:full], out[:full], mean, std)
    if tail:
        fill(d[n:], out[n - 16:], mean, std)          # overwrites normals already there
    return out


def serial_normals(gen, count, mean=0.0, std=1.0):
    """``count`` doubles from torch's one-at-a-time Box-Muller (uses and sets the cache)."""
    out = np.empty(count, np.float64)
    if count == 0:
        return out
    start = 0
    cached = gen._next_double_normal
    if cached is not None:
        out[0] = cached
        gen._next_double_normal = None
        start = 1
    rest = count - start
    pairs = (rest + 1) // 2
    if pairs:
        u = gen._stream.uniform64(2 * pairs)
        u1, u2 = u[0::2], u[1::2]
        r = libm.call("log1p", -u2)
        r *= -2.0
        np.sqrt(r, out=r)
        theta = u1 * _TWO_PI
        vals = np.empty(2 * pairs, np.float64)
        np.multiply(r, libm.call("cos", theta), out=vals[0::2])
        np.multiply(r, libm.call("sin", theta), out=vals[1::2])
        out[start:] = vals[:rest]
        if rest % 2:
            gen._next_double_normal = float(vals[-1])
    return _scale64(out, float(mean), float(std))

