"""Matrix products whose bits do not depend on the machine.

BLAS libraries pick a kernel for the CPU they run on (OpenBLAS: Prescott, Sandybridge, Haswell,
SkylakeX, ...), and each kernel adds the k products of a dot product in its own order, with or
without fused multiply-adds.  A float32 ``a @ b`` therefore differs in the last bits from one
machine to the next, and a few hundred training steps turn that into different printed digits.

Here every float32 product is the float32 nearest to the exact sum of products, which does not
depend on anything the BLAS library does.  One float64 product s is computed (each of the k
terms is exact in float64: 24 x 24 bits fit in 53; only the additions round, in the order the
kernel chooses), and for each entry the bound |s - exact| <= k u |a_i| |b_j| (u = 2^-53;
Cauchy-Schwarz on sum |a_ik b_kj|) holds whatever that order.  Where the interval s +- bound
holds no float32 rounding boundary, every value in it, the exact sum included, rounds to the
same float32, so rounding s is exact rounding.  The few entries whose interval straddles a
boundary (about k^1.5 2^-29 of them for random data: none in most products) are summed exactly
with math.fsum.  A product that rounds to zero is +0 (the sign of a zero sum would follow the
kernel's order).

The result is the same on every CPU, every BLAS kernel and every NumPy build (NumPy without
BLAS, as in Pyodide, too).  It costs one float64 product (about two float32 ones) plus a few passes
over the operands and the result.

``use_deterministic_algorithms(False)`` switches to NumPy's own ``matmul`` (fast; last bits
depend on the machine).  float64 products always use NumPy: their last-bit differences stay
below what is printed.  Integer products never round.
"""
import math

import numpy as np

from ..i18n import N_, _

_F32 = np.dtype(np.float32)
_f32 = np.float32
_F64 = np.dtype(np.float64)


class Mode:
    """Whether float32 products (and float transcendental functions) are machine-independent."""
    enabled = True
    warn_only = False


BLOCK = 1 << 14     # entries of the result checked at once


def _has_special(x):
    """True if x holds inf or NaN (their products propagate the same way in any order)."""
    top = max(float(x.max()), -float(x.min()))
    return top != top or top == np.inf


def _rounded(a64, b64, s):
    """Round s, a float64 approximation of a @ b (a, b 2-D float32 values held in float64),
    to the float32 nearest to the exact a @ b, entry by entry."""
    out = s.astype(_F32)
    if _has_special(a64) or _has_special(b64):
        return out
    # |s - exact| <= gamma_(k-1) sum|a_i b_i| <= (k - 1) u |a| |b| (Cauchy-Schwarz) in any order
    # of summation, with or without fused multiply-adds; (k + 2) u also moves s +- radius by at
    # least an ulp of s, so an s exactly halfway between two float32 is always rechecked
    k = a64.shape[1]
    row = np.sqrt(np.einsum("ij,ij->i", a64, a64)) * ((k + 2) * 2.0 ** -53)
    col = np.sqrt(np.einsum("ij,ij->j", b64, b64))
    step = max(1, BLOCK // max(1, s.shape[1]))       # rows at a time: temporaries stay small
    unsure_i, unsure_j = [], []
    for r in range(0, s.shape[0], step):
        blk = s[r:r + step]
        radius = np.multiply.outer(row[r:r + step], col)
        unsure = (blk - radius).astype(_F32) != (blk + radius).astype(_F32)
        if unsure.any():
            i, j = np.nonzero(unsure)
            unsure_i.append(i + r)
            unsure_j.append(j)
    if unsure_i:
        i, j = np.concatenate(unsure_i), np.concatenate(unsure_j)
        out[i, j] = _exact_sums(a64[i] * b64[:, j].T)     # exact terms: 24 x 24 bits
    out += _f32(0)                                        # -0 -> +0: the sign of a zero
    return out                                            # sum is not decided by the values


def _exact_sums(terms):
    """The float32 nearest to each row sum of terms (float64), computed exactly.

    Each term is cut into three pieces on grids fixed by its row's largest magnitude 2^e:
    multiples of 2^(e - w), 2^(e - 2w), 2^(e - 3w), with k 2^w <= 2^52, so that every sum of one
    kind of piece is exact in float64; the three sums then meet as Python integers.  Rows with
    terms too small for the three grids (a range of more than about 120 bits) use math.fsum."""
    n, k = terms.shape
    w = 52 - k.bit_length()
    e = np.frexp(np.abs(terms).max(axis=1))[1]
    rest = terms.copy()
    sums = []
    for level in (1, 2, 3):
        shift = np.ldexp(1.5, e - level * w + 52)[:, None]
        piece = (rest + shift) - shift                 # rest rounded to the level's grid
        rest -= piece                                  # exact
        sums.append(np.ldexp(piece.sum(axis=1), level * w - e))    # exact integers
    inexact = np.any(rest != 0, axis=1)
    out = np.empty(n, _F32)
    for t in range(n):
        if inexact[t]:
            p = terms[t].tolist()
            near = math.fsum(p)
            out[t] = _nearest_f32(near, lambda: math.fsum(p + [-near]))
        else:
            whole = (int(sums[0][t]) << 2 * w) + (int(sums[1][t]) << w) + int(sums[2][t])
            unit = int(e[t]) - 3 * w
            near = math.ldexp(float(whole), unit)       # int -> float rounds correctly
            out[t] = _nearest_f32(near, lambda: whole - int(math.ldexp(near, -unit)))
    return out


def _nearest_f32(near, rest):
    """The float32 nearest to x, given near, the float64 nearest to x, and rest(), a number
    with the sign of x - near (called only when near lies halfway between two float32)."""
    r = _f32(near)
    if not math.isfinite(near) or float(r) == near:
        return r
    big = math.ldexp(1.0, 128)                          # where float32 rounding gives inf
    low = math.copysign(big, near) if math.isinf(r) else float(r)
    other = float(np.nextafter(r, _f32(np.inf) if near > low else _f32(-np.inf)))
    if math.isinf(other):
        other = math.copysign(big, other)
    if near != (low + other) / 2:                       # not a tie: near rounds as x does
        return r
    side = rest()
    if side == 0:
        return r
    return _f32(max(low, other) if side > 0 else min(low, other))


def _exact_2d(a, b):
    a64, b64 = a.astype(_F64), b.astype(_F64)
    return _rounded(a64, b64, np.matmul(a64, b64))


def _exact_f32(a, b):
    """a @ b for float32 arrays with at least 2 dimensions each (batch dimensions broadcast)."""
    if a.shape[-1] == 0 or a.size == 0 or b.size == 0:
        return np.matmul(a, b)
    if a.ndim == 2 and b.ndim == 2:
        return _exact_2d(a, b)
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    out = np.empty(batch + (a.shape[-2], b.shape[-1]), _F32)
    for i in np.ndindex(*batch):
        out[i] = _exact_2d(a[i], b[i])
    return out


def matmul(a, b):
    """NumPy's ``matmul`` semantics (1-D operands too); float32 through the exact scheme.
    Silent about inf and NaN, as PyTorch is."""
    with np.errstate(all="ignore"):
        return _matmul(a, b)


def _matmul(a, b):
    if a.dtype != _F32 or b.dtype != _F32 or not Mode.enabled:
        return np.matmul(a, b)
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    out = _exact_f32(a2, b2)
    if b.ndim == 1:
        out = out[..., 0]
    if a.ndim == 1:
        out = out[..., 0, :] if b.ndim > 1 else out[..., 0]
    return out



_NOT_BOOL = {"mode": N_("_set_deterministic_algorithms(): argument 'mode' (position 1) must be "
                        "bool, not {type}"),
             "warn_only": N_("_set_deterministic_algorithms(): argument 'warn_only' must be bool, "
                             "not {type}")}


def _check_bool(value, what):
    if value.__class__ is not bool:
        raise TypeError(_(_NOT_BOOL[what]).format(type=type(value).__name__))


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Choose whether results are the same on every machine (``True``, autograd_bn's default).

    On (the default): float32 matrix products are computed exactly in float64 and rounded once,
    and ``exp``, ``log``, ``tanh``, ``sin``, ``cos`` use the C library's functions, so every
    printed digit is the same on any CPU.  Off: NumPy's BLAS and SIMD loops, faster for large
    matrices, with last bits that depend on the CPU.  PyTorch's default is ``False``; there
    the switch guards against non-deterministic GPU kernels.  ``warn_only`` is accepted and
    stored, as in PyTorch.
    """
    _check_bool(mode, "mode")
    _check_bool(warn_only, "warn_only")
    Mode.enabled = mode
    Mode.warn_only = warn_only


def are_deterministic_algorithms_enabled():
    """True while deterministic algorithms are on (autograd_bn's default; PyTorch's is False)."""
    return Mode.enabled


def is_deterministic_algorithms_warn_only_enabled():
    """The ``warn_only`` flag last given to ``use_deterministic_algorithms``."""
    return Mode.warn_only
