"""torch's AVX2 float32 normal kernel (blocks of 16 values), emulated bit for bit in NumPy.

For a block of 16 uniforms d[0..15], torch computes for j in 0..7, in float32 with the
compiler's fused multiply-adds (spec section 4a; Cephes-style ``log256_ps``/``sincos256_ps``):
radius = sqrt(-2 log(1 - d[j])), theta = 2 pi d[j+8], out[j] = radius cos(theta),
out[j+8] = radius sin(theta).

How the emulation stays exact and fast:

* Plain float32 operations (products, sums, sqrt) are done by NumPy in float32: IEEE, so
  identical to the AVX instructions.
* A product whose factors have few significant bits (e.g. ``e * 0.693359375``,
  ``j * 0.78515625``) is exact in float32, so those FMAs are a float32 multiply then add.
* The other FMAs, ``fma(a, b, c)`` with float32 a, b, c, are computed in double: ``a*b`` is
  exact there and ``a*b + c`` is rounded once to double, then to float32.  Double rounding
  could only differ from the true FMA when the double sum lands exactly on a float32
  midpoint while the exact sum does not.  Both chains of this kernel depend on one 24-bit
  input only (the log chain on d[j], the sin/cos chain on d[j+8]), so all 2**24 inputs of
  each chain were run through an FMA that detects that case: it never occurs (ties that do
  occur are exact ties, where double and single rounding agree).  ``tests/test_random.py``
  keeps a check against an exact FMA (all inputs with AUTOGRAD_BN_SLOW_TESTS=1).
* A final ``fma(r*cos, std, mean)`` with std != 1 or mean != 0 uses the exact ``fma32``.
"""
import numpy as np

from .fma import fma32

__all__ = ["fill_blocks_f32", "log_radius_f32", "sincos_f32"]

_F32, _F64, _U32, _I32 = np.float32, np.float64, np.uint32, np.int32
_CHUNK = 2048                     # blocks per chunk: 16384 lanes per chain, cache-sized


def _c(v):
    return _F32(v)


_SQRTHF_MANT = 0x3504F3             # mantissa bits of float32(0.707106781186547524)
_LOG_P = [_F64(_c(v)) for v in (
    7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
    -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1)]
_LOG_Q1, _LOG_Q2 = _c(-2.12194440e-4), _c(0.693359375)
_TWO_PI = _c(2.0 * np.pi)
_FOPI = _c(1.27323954473516)
_DP1, _DP2, _DP3 = _c(-0.78515625), _c(-2.4187564849853515625e-4), \
    _F64(_c(-3.77489497744594108e-8))
_COS_P = [_F64(_c(v)) for v in (2.443315711809948e-5, -1.388731625493765e-3,
                                 4.166664568298827e-2)]
_SIN_P = [_F64(_c(v)) for v in (-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1)]
_ONE, _HALF, _M2 = _c(1.0), _c(0.5), _c(-2.0)


class _Work:
    """Scratch arrays for one chunk of ``n`` lanes."""

    def __init__(self, n):
        self.a32, self.b32, self.c32, self.d32, self.e32 = (np.empty(n, _F32) for _ in range(5))
        self.a64, self.b64, self.c64 = (np.empty(n, _F64) for _ in range(3))
        self.i32 = np.empty(n, _I32)
        self.j32 = np.empty(n, _I32)


def _fma_round(a64, b64, c, out32, out64):
    """out32 = float32(a*b + c) computed in double in out64 (exact for this kernel's inputs)."""
    np.multiply(a64, b64, out=out64)
    np.add(out64, c, out=out64)
    np.copyto(out32, out64, casting="unsafe")


def _polynomial_times_z(z, z64, p, out32, t64):
    """out32 = ((p0 z + p1) z + p2) z in float32, each step rounded as sincos256_ps rounds it
    (the first two fused, then an fma, then a rounded product); z64 holds z in double."""
    np.multiply(z64, p[0], out=t64)
    np.add(t64, p[1], out=t64)
    np.copyto(out32, t64, casting="unsafe")
    np.copyto(t64, out32)
    _fma_round(t64, z64, p[2], out32, t64)
    np.multiply(out32, z, out=out32)


def log_radius_f32(d, w, radius):
    """radius = float32 sqrt(-2 * log256_ps(1 - d)) for float32 uniforms ``d``."""
    n = d.size
    u1, x, z, e, y = w.a32[:n], w.b32[:n], w.c32[:n], w.d32[:n], w.e32[:n]
    x64, z64, y64 = w.a64[:n], w.b64[:n], w.c64[:n]
    msk, ev = w.i32[:n], w.j32[:n]
    np.subtract(_ONE, d, out=u1)
    bits = u1.view(_I32)
    np.right_shift(bits, 23, out=ev)                    # biased exponent of u1 (u1 > 0)
    np.bitwise_and(bits, 0x7FFFFF, out=bits)
    np.subtract(bits, _SQRTHF_MANT, out=msk)
    np.right_shift(msk, 31, out=msk)                    # -1 where m < sqrt(1/2), else 0
    np.bitwise_or(bits, 0x3F000000, out=bits)           # m in [0.5, 1)
    m = u1                                              # (same memory, now the mantissa)
    np.add(ev, msk, out=ev)
    np.subtract(ev, 126, out=ev)                        # e = exponent - 127 + 1 (- 1)
    np.copyto(e, ev, casting="unsafe")                  # e as float32
    np.bitwise_and(bits, msk, out=msk)                  # m where m < sqrt(1/2), else +0
    np.subtract(m, _ONE, out=x)
    np.add(x, msk.view(_F32), out=x)                    # x = (m - 1) + (m or 0)
    np.multiply(x, x, out=z)
    np.copyto(x64, x)
    np.copyto(z64, z)
    np.multiply(x64, _LOG_P[0], out=y64)
    np.add(y64, _LOG_P[1], out=y64)
    np.copyto(y, y64, casting="unsafe")
    for p in _LOG_P[2:]:
        np.copyto(y64, y)
        _fma_round(y64, x64, p, y, y64)
    np.multiply(y, x, out=y)                            # y = y * x (rounded)
    np.copyto(y64, y)
    np.multiply(e, _LOG_Q1, out=u1)                     # e * q1 (rounded), u1 reused
    np.copyto(x64, u1)
    np.multiply(y64, z64, out=y64)
    np.add(y64, x64, out=y64)
    np.copyto(y, y64, casting="unsafe")                 # y = fma(y, z, e*q1)
    np.multiply(z, _HALF, out=z)
    np.subtract(y, z, out=y)                            # fma(-z, 0.5, y): exact product
    np.add(x, y, out=x)
    np.multiply(e, _LOG_Q2, out=e)                      # exact product
    np.add(x, e, out=x)                                 # fma(e, q2, x)
    np.multiply(x, _M2, out=x)
    np.sqrt(x, out=radius)


def sincos_f32(d, w, sin_out, cos_out):
    """sincos256_ps(2*pi*d) for float32 uniforms ``d`` (theta >= 0)."""
    n = d.size
    theta, x, z, c, s = w.a32[:n], w.b32[:n], w.c32[:n], w.d32[:n], w.e32[:n]
    x64, z64, t64 = w.a64[:n], w.b64[:n], w.c64[:n]
    j, k = w.i32[:n], w.j32[:n]
    np.multiply(d, _TWO_PI, out=theta)
    np.multiply(theta, _FOPI, out=x)
    np.copyto(j, x, casting="unsafe")                   # truncation, like cvttps2dq
    np.add(j, 1, out=j)
    np.bitwise_and(j, ~1, out=j)
    np.copyto(c, j, casting="unsafe")                   # y = float(j)
    np.multiply(c, _DP1, out=x)                         # exact products: plain float32
    np.add(theta, x, out=x)
    np.multiply(c, _DP2, out=s)
    np.add(x, s, out=x)
    np.copyto(t64, c)
    np.copyto(x64, x)
    np.multiply(t64, _DP3, out=t64)
    np.add(t64, x64, out=t64)
    np.copyto(x, t64, casting="unsafe")                 # x = fma(y, DP3, x)
    np.copyto(x64, x)
    np.multiply(x, x, out=z)
    np.copyto(z64, z)
    _polynomial_times_z(z, z64, _COS_P, c, t64)          # cosine polynomial
    np.copyto(t64, c)
    np.multiply(t64, z64, out=t64)
    np.multiply(z, _HALF, out=theta)
    np.copyto(z64, theta)
    np.subtract(t64, z64, out=t64)
    np.copyto(c, t64, casting="unsafe")                 # fma(c, z, -(z*0.5))
    np.add(c, _ONE, out=c)
    np.copyto(z64, z)
    _polynomial_times_z(z, z64, _SIN_P, s, t64)          # sine polynomial
    np.copyto(t64, s)
    np.multiply(t64, x64, out=t64)
    np.add(t64, x64, out=t64)
    np.copyto(s, t64, casting="unsafe")                 # fma(s, x, x)
    # select the polynomials (bitwise, like the AVX code) and apply the signs
    ci, si = c.view(_I32), s.view(_I32)
    np.bitwise_and(j, 2, out=k)
    np.right_shift(k, 1, out=k)
    np.subtract(k, 1, out=k)                            # -1 where (j & 2) == 0, else 0
    np.bitwise_xor(ci, si, out=theta.view(_I32))
    np.bitwise_and(theta.view(_I32), k, out=k)          # (c ^ s) where the sine poly serves
    np.bitwise_xor(ci, k, out=sin_out.view(_I32))       # sin = s there, else c
    np.bitwise_xor(si, k, out=cos_out.view(_I32))       # cos = c there, else s
    np.bitwise_and(j, 4, out=k)
    np.left_shift(k, 29, out=k)
    np.bitwise_xor(sin_out.view(_I32), k, out=sin_out.view(_I32))
    np.subtract(j, 2, out=k)
    np.invert(k, out=k)
    np.bitwise_and(k, 4, out=k)
    np.left_shift(k, 29, out=k)
    np.bitwise_xor(cos_out.view(_I32), k, out=cos_out.view(_I32))


def fill_blocks_f32(d, out, mean=0.0, std=1.0):
    """Transform uniforms ``d`` (float32, a multiple of 16) into normals in ``out``."""
    nb = d.size // 16
    D = d.reshape(nb, 2, 8)
    O = out.reshape(nb, 2, 8)
    step = min(nb, _CHUNK)
    w = _Work(step * 8)
    lo, hi = np.empty(step * 8, _F32), np.empty(step * 8, _F32)
    radius, sn, cs = (np.empty(step * 8, _F32) for _ in range(3))
    plain = _F32(std) == 1 and _F32(mean) == 0
    for b0 in range(0, nb, step):
        b1 = min(nb, b0 + step)
        k = (b1 - b0) * 8
        lo2, hi2 = lo[:k].reshape(-1, 8), hi[:k].reshape(-1, 8)
        np.copyto(lo2, D[b0:b1, 0])
        np.copyto(hi2, D[b0:b1, 1])
        log_radius_f32(lo[:k], w, radius[:k])
        sincos_f32(hi[:k], w, sn[:k], cs[:k])
        np.multiply(radius[:k], cs[:k], out=lo[:k])
        np.multiply(radius[:k], sn[:k], out=hi[:k])
        if plain:
            if not radius[:k].all():                    # radius 0: -0.0 becomes +0.0
                lo[:k] += _F32(0)
                hi[:k] += _F32(0)
        else:
            lo[:k] = fma32(lo[:k], _F32(std), _F32(mean))
            hi[:k] = fma32(hi[:k], _F32(std), _F32(mean))
        np.copyto(O[b0:b1, 0], lo2)
        np.copyto(O[b0:b1, 1], hi2)
    return out
