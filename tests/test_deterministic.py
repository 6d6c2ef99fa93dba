"""The machine-independent float32 products and math functions (autograd_bn/ops/deterministic.py,
autograd_bn/ops/ufuncs.py) and the switch use_deterministic_algorithms.

The products are checked against a reference computed in long double (64-bit significand: the
sum of k <= 4096 exact float32 products is then within 2^-52 relative of the exact value, so its
rounding to float32 is the correctly rounded result except within that distance of a tie)."""
import math

import numpy as np
import pytest

from f32_reference import nearest_f32

import autograd_bn as torch
from autograd_bn.ops import deterministic as D
from autograd_bn.ops import libm, ufuncs


def correctly_rounded(a, b):
    return np.matmul(a.astype(np.longdouble), b.astype(np.longdouble)).astype(np.float32)


def _pair(rng, m, k, n, octaves=0):
    a = rng.standard_normal((m, k)).astype(np.float32)
    b = rng.standard_normal((k, n)).astype(np.float32)
    if octaves:
        a *= np.exp2(rng.integers(-octaves, octaves, a.shape)).astype(np.float32)
        b *= np.exp2(rng.integers(-octaves, octaves, b.shape)).astype(np.float32)
    return a, b


@pytest.mark.parametrize("shape", [(1, 1, 1), (3, 2, 4), (40, 7, 9), (9, 300, 5), (16, 1000, 3)])
@pytest.mark.parametrize("octaves", [0, 20, 60])
def test_correctly_rounded(shape, octaves):
    rng = np.random.default_rng(sum(shape) + octaves)
    a, b = _pair(rng, *shape, octaves=octaves)
    out = D.matmul(a, b)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, correctly_rounded(a, b))


def exact_f32(a, b):
    """Reference for a few entries: exact rational sums, rounded to float32."""
    from fractions import Fraction
    out = np.empty((a.shape[0], b.shape[1]), np.float32)
    for i, j in np.ndindex(*out.shape):
        out[i, j] = nearest_f32(sum(Fraction(float(x)) * Fraction(float(y))
                                      for x, y in zip(a[i], b[:, j])))
    return out


def test_ties_are_decided_by_the_exact_sum():
    # 1 + 2^-24 is halfway between the float32 neighbours 1 and 1 + 2^-23; the third product
    # (2^-70) decides, but vanishes from every float64 (and long double) sum
    a = np.array([[1.0, 2.0 ** -12, 2.0 ** -35], [1.0, 2.0 ** -12, -2.0 ** -35]], np.float32)
    b = np.array([[1.0], [2.0 ** -12], [2.0 ** -35]], np.float32)
    out = D.matmul(a, b)
    assert out[:, 0].tolist() == [1 + 2.0 ** -23, 1.0]
    np.testing.assert_array_equal(out, exact_f32(a, b))


def test_any_float64_order_gives_the_same_bits():
    # what makes the products machine-independent: every float64 approximation within the
    # error bound of the exact sum (any BLAS kernel's) is rounded to the same float32
    rng = np.random.default_rng(11)
    for octaves in (0, 30):
        a, b = _pair(rng, 40, 300, 30, octaves)
        a64, b64 = a.astype(np.float64), b.astype(np.float64)
        s = a64 @ b64
        bound = (300 - 1) * 2.0 ** -53 * (np.abs(a64) @ np.abs(b64))
        ref = D._rounded(a64, b64, s)
        for _ in range(5):
            other = s + bound * rng.uniform(-1, 1, s.shape)
            np.testing.assert_array_equal(D._rounded(a64, b64, other), ref)
        np.testing.assert_array_equal(ref, correctly_rounded(a, b))


def test_entries_near_a_boundary_are_summed_exactly():
    # x*x - y*y with x, y close: float64 keeps every product, the sum cancels, and the float32
    # result depends on the last bits: each entry is checked against exact arithmetic
    rng = np.random.default_rng(12)
    x = rng.uniform(1, 2, (8, 1)).astype(np.float32)
    y = (x * np.float32(1 + 2 ** -20)).astype(np.float32)
    a = np.hstack([x, y, np.float32(2 ** -40) * rng.standard_normal((8, 3)).astype(np.float32)])
    b = np.vstack([x.T[:, :5], -y.T[:, :5], rng.standard_normal((3, 5)).astype(np.float32)])
    np.testing.assert_array_equal(D.matmul(a, b), exact_f32(a, b))


def _exact_row_sums(terms):
    from fractions import Fraction
    return np.array([nearest_f32(sum(map(Fraction, row))) for row in terms.tolist()], np.float32)


def test_exact_sums_of_products():
    # the exact path for entries near a rounding boundary, on rows of float32 x float32 products
    # made to be hard: ties broken by a far smaller term, cancellation to zero and to tiny
    # values, ranges wider than the three grids (math.fsum), sums that overflow float32
    rng = np.random.default_rng(13)
    f32 = lambda v: np.asarray(v, np.float32).astype(np.float64)
    rows = [f32([1.0, 2.0 ** -24, 0.0]) * f32([1, 1, 0]),
            f32([1.0, 2.0 ** -24, 2.0 ** -70]), f32([1.0, 2.0 ** -24, -2.0 ** -70]),
            f32([-1.0, -2.0 ** -24, 2.0 ** -70]), f32([1.0, -1.0, 0.0]),
            f32([1.0, -1.0, 2.0 ** -140]), f32([2.0 ** 100, -2.0 ** 100, 2.0 ** -100]),
            f32([3e38, 3e38, -1e38]), f32([3.4e38, 3.4e38, -3.4e38]), f32([0.0, 0.0, 0.0]),
            f32([1.0, 2.0 ** -23, 2.0 ** -48]) * f32([1.0, 2.0 ** -1, 2.0 ** -40])]
    for _ in range(200):
        x = rng.standard_normal(3).astype(np.float32) * np.exp2(rng.integers(-60, 60, 3))
        y = rng.standard_normal(3).astype(np.float32) * np.exp2(rng.integers(-60, 60, 3))
        rows.append(f32(x) * f32(y))
    terms = np.array(rows)
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(D._exact_sums(terms), _exact_row_sums(terms))
    long = rng.standard_normal((50, 700)).astype(np.float32).astype(np.float64)
    long[:, :2] = [1.0, -1.0]
    long[::2, 2] = 2.0 ** -149 * 2.0 ** -100                # far below: the math.fsum route
    np.testing.assert_array_equal(D._exact_sums(long), _exact_row_sums(long))


def test_far_apart_magnitudes():
    # each product needs the tiny entry: a scheme that scales by the largest entry and drops
    # what lies below it would give 1 here
    a = np.array([[1e9, 1e-9]], np.float32)
    b = np.array([[1e-9], [1e9]], np.float32)
    np.testing.assert_array_equal(D.matmul(a, b), correctly_rounded(a, b))
    assert D.matmul(a, b)[0, 0] == np.float32(2.0)


def test_float32_blas_is_not_correctly_rounded():
    # what the scheme is for: NumPy's own float32 product misses the correct rounding often
    rng = np.random.default_rng(1)
    a, b = _pair(rng, 64, 400, 32)
    assert (np.matmul(a, b) != correctly_rounded(a, b)).sum() > 100


def test_layouts_and_shapes_agree():
    rng = np.random.default_rng(2)
    a, b = _pair(rng, 6, 50, 4)
    ref = correctly_rounded(a, b)
    for x, y in [(np.asfortranarray(a), b), (a, np.asfortranarray(b)),
                 (a.T.copy().T, b.T.copy().T)]:
        np.testing.assert_array_equal(D.matmul(x, y), ref)
    v, w = a[0], b[:, 0]
    np.testing.assert_array_equal(D.matmul(v, w), correctly_rounded(v[None], w[:, None])[0, 0])
    np.testing.assert_array_equal(D.matmul(a, w), correctly_rounded(a, w[:, None])[:, 0])
    np.testing.assert_array_equal(D.matmul(v, b), correctly_rounded(v[None], b)[0])
    stack = np.stack([a, 2 * a, -a])
    np.testing.assert_array_equal(D.matmul(stack, b),
                                  np.stack([correctly_rounded(s, b) for s in stack]))
    np.testing.assert_array_equal(D.matmul(a[None, None], b[None]), ref[None, None])


def test_special_values():
    a = np.array([[np.inf, 1.0], [np.nan, 0.0], [1.0, 2.0]], np.float32)
    b = np.array([[1.0, 0.0], [2.0, 3.0]], np.float32)
    with np.errstate(all="ignore"):
        expected = np.matmul(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)
    np.testing.assert_array_equal(D.matmul(a, b), expected)
    empty = D.matmul(np.zeros((2, 0), np.float32), np.zeros((0, 3), np.float32))
    assert empty.tolist() == [[0] * 3] * 2
    assert D.matmul(np.zeros((0, 4), np.float32), np.ones((4, 3), np.float32)).shape == (0, 3)
    z = D.matmul(np.zeros((3, 5), np.float32), np.ones((5, 2), np.float32))
    assert z.tolist() == [[0, 0]] * 3 and not np.signbit(z).any()
    tiny = np.full((2, 3), 1e-45, np.float32)          # subnormal
    np.testing.assert_array_equal(D.matmul(tiny, np.full((3, 2), 1e30, np.float32)),
                                  correctly_rounded(tiny, np.full((3, 2), 1e30, np.float32)))


def test_other_dtypes_use_numpy():
    a = np.arange(6, dtype=np.int64).reshape(2, 3)
    assert D.matmul(a, a.T).dtype == np.int64
    f = np.random.default_rng(3).standard_normal((3, 3))
    np.testing.assert_array_equal(D.matmul(f, f), np.matmul(f, f))


def test_switch():
    assert torch.are_deterministic_algorithms_enabled() is True
    rng = np.random.default_rng(4)
    a, b = _pair(rng, 64, 400, 32)
    x, y = torch.tensor(a), torch.tensor(b)
    try:
        torch.use_deterministic_algorithms(False, warn_only=True)
        assert not torch.are_deterministic_algorithms_enabled()
        assert torch.is_deterministic_algorithms_warn_only_enabled()
        np.testing.assert_array_equal((x @ y).numpy(), np.matmul(a, b))
    finally:
        torch.use_deterministic_algorithms(True)
    assert not torch.is_deterministic_algorithms_warn_only_enabled()
    np.testing.assert_array_equal((x @ y).numpy(), correctly_rounded(a, b))


@pytest.mark.parametrize("args,kwargs,message", [
    (("yes",), {}, "argument 'mode' (position 1) must be bool, not str"),
    ((1,), {}, "argument 'mode' (position 1) must be bool, not int"),
    ((None,), {}, "argument 'mode' (position 1) must be bool, not NoneType"),
    ((True,), {"warn_only": "x"}, "argument 'warn_only' must be bool, not str"),
])
def test_switch_errors(args, kwargs, message):
    with pytest.raises(TypeError) as info:
        torch.use_deterministic_algorithms(*args, **kwargs)
    assert str(info.value) == "_set_deterministic_algorithms(): " + message
    assert torch.are_deterministic_algorithms_enabled() is True


def test_gradients_use_the_same_products():
    rng = np.random.default_rng(5)
    a, b = _pair(rng, 30, 200, 20)
    x, y = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    g = rng.standard_normal((30, 20)).astype(np.float32)
    (x @ y).backward(torch.tensor(g))
    np.testing.assert_array_equal(x.grad.numpy(), correctly_rounded(g, b.T))
    np.testing.assert_array_equal(y.grad.numpy(), correctly_rounded(a.T, g))


def test_tanh_special_values():
    x = np.array([0.0, -0.0, 1e-300, -1e-30, 0.5, 19.0, 21.0, -400.0, 1e308, np.inf, -np.inf,
                  np.nan])
    out = ufuncs.tanh(x)
    assert out[0] == 0 and not np.signbit(out[0]) and np.signbit(out[1])
    assert out[2] == 1e-300 and out[3] == -1e-30
    assert abs(out[4] - math.tanh(0.5)) <= 2 * math.ulp(math.tanh(0.5))
    assert out[5] == math.tanh(19.0) or abs(out[5] - math.tanh(19.0)) <= math.ulp(1.0)
    assert out[6:].tolist()[:5] == [1.0, -1.0, 1.0, 1.0, -1.0] and np.isnan(out[-1])


def test_tanh_accuracy():
    x = np.random.default_rng(6).uniform(-10, 10, 20_000)
    ref = np.array([math.tanh(v) for v in x])
    err = np.abs(ufuncs.tanh(x) - ref) / np.spacing(np.abs(ref))
    assert err.max() <= 3          # within 3 units in the last place of double


def test_libm_small_arrays_do_not_raise():
    with np.errstate(all="ignore"):
        assert libm.call("exp", np.array([1000.0, -1000.0])).tolist() == [math.inf, 0.0]
        out = libm.call("log", np.array([0.0, -1.0]))
    assert out[0] == -math.inf and np.isnan(out[1])


def test_scalar_powers_as_pytorch_computes_them():
    x = torch.tensor(np.random.default_rng(7).uniform(0.1, 10, 1000).astype(np.float32))
    d = x.numpy()
    for exponent, expected in [(2, d * d), (3, d * d * d), (0.5, np.sqrt(d)), (-1, 1 / d),
                               (-2, 1 / (d * d)), (-0.5, 1 / np.sqrt(d))]:
        np.testing.assert_array_equal((x ** exponent).numpy(), expected)
    general = np.array([math.pow(v, 1.7) for v in d.astype(np.float64)]).astype(np.float32)
    np.testing.assert_array_equal((x ** 1.7).numpy(), general)
    e = torch.tensor(np.full(1000, 2.5, np.float32))
    general = np.array([math.pow(v, 2.5) for v in d.astype(np.float64)]).astype(np.float32)
    np.testing.assert_array_equal((x ** e).numpy(), general)


def test_power_edge_values():
    x = torch.tensor([0.0, -8.0, -2.0, 2.0, float("inf"), float("nan")])
    out = (x ** 1.5).numpy()
    assert out[0] == 0 and np.isnan(out[1]) and np.isnan(out[2]) and out[4] == np.inf
    assert np.isnan(out[5]) and abs(out[3] - 2 ** 1.5) < 1e-6
    assert (x ** 0).tolist() == [1.0] * 6
    assert (torch.tensor([1e30]) ** 3.5).item() == float("inf")
