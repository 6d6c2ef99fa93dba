"""Error bounds for comparing autograd_bn with a live torch, derived from the computations.

torch's float32 results depend on the CPU (MKL's sgemm adds a dot product in a CPU-dependent
order in float32; SLEEF's and MKL's vectorised exp/log/tanh/sqrt differ between their AVX2 and
AVX-512 paths; its sums are cascades of vector accumulators), autograd_bn's do not (see
autograd_bn/ops/deterministic.py and ufuncs.py).  So a comparison may only demand what holds
for *every* rounding torch is allowed to make.  Every bound here is ``|ours - torch| <= (what
the two sides' roundings can each add) + (how a difference already in the inputs propagates)``,
with these per-operation facts (u = 2^-24 for float32, 2^-53 for float64):

* a sum or dot product of n terms accumulated in the working precision in any order, with or
  without fused multiply-adds: |error| <= gamma_n * sum|terms|, gamma_n = n u / (1 - n u)
  (Higham, Accuracy and Stability, 3.1).  This is torch's side of every matrix product and
  sum (NumPy's pairwise sums satisfy it too);
* autograd_bn's float32 matrix product: correctly rounded up to a float64 rounding,
  |error| <= u |C| + 2^-50 sum|a||b|;
* one correctly rounded operation (+ - * / fma, IEEE sqrt): u |result|; an elementwise
  transcendental function (SLEEF u10, MKL VML HA, the C library): 1 ulp <= 2u |result|;
* when the exact values of two roundings differ by d, the rounded values differ by at most
  d + 1 ulp(result) <= d + 2u |result| ("a flip").

Differences that enter an operation propagate to first order through its derivative; products
of two differences are kept where they are cheap to keep.  Bounds are elementwise arrays, so a
comparison is as tight at a small entry as at a large one and cancellation (a small result of
large terms) is measured against the terms, not the result.
"""
import math
import os

import numpy as np

U32 = 2.0 ** -24            # unit roundoff of float32
U64 = 2.0 ** -53            # unit roundoff of float64
OURS_MM = 2.0 ** -50        # the float64 rounding of autograd_bn's exact float32 products


def gamma(n, u=U32):
    """gamma_n = n u / (1 - n u): relative bound of a sum of n terms in any order."""
    n = max(int(n), 0)
    return n * u / (1 - n * u)


def flip(x, u=U32):
    """One rounding of a result x that the two sides may round from different exact values."""
    return 2 * u * np.abs(x)


def assert_within(actual, desired, bound, what=""):
    """|actual - desired| <= bound elementwise (NaN where both are NaN, infinities equal)."""
    a = np.asarray(actual, dtype=np.float64)
    d = np.asarray(desired, dtype=np.float64)
    assert a.shape == d.shape, f"{what}: shapes {a.shape} vs {d.shape}"
    b = np.asarray(bound, dtype=np.float64)
    b = b.reshape(d.shape) if b.size == d.size else np.broadcast_to(b, d.shape)
    same = (a == d) | (np.isnan(a) & np.isnan(d))
    with np.errstate(invalid="ignore"):
        ok = same | (np.abs(a - d) <= b)
    if os.environ.get("AGBN_TOLERANCE_LOG"):          # how close each check comes to its bound
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(same, 0.0, np.abs(a - d) / b)
        with open(os.environ["AGBN_TOLERANCE_LOG"], "a") as f:
            f.write(f"{what}\t{np.max(r, initial=0.0):.3g}\t{int((~same).sum())}/{d.size}\n")
    if not ok.all():
        idx = np.argwhere(~ok)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.abs(a - d) / b
        worst = tuple(np.unravel_index(np.nanargmax(np.where(ok, -1, ratio)), d.shape))
        raise AssertionError(
            f"{what}: {len(idx)} of {d.size} entries beyond their bound; worst at {worst}: "
            f"ours {a[worst]!r}, torch {d[worst]!r}, |diff| {abs(a[worst] - d[worst]):.3g} "
            f"= {ratio[worst]:.3g} x bound {b[worst]:.3g}; first: {idx[:5].tolist()}")


# --- matrix products ---------------------------------------------------------------------------
def product(a, b, bias=None, e_a=0.0, e_b=0.0, torch_terms=None, ours=None):
    """Bound on |ours - torch| for a @ b (+ bias), the operands known to within e_a and e_b.

    torch: one BLAS call (addmm adds the bias inside it): gamma_{k+1} * (|a||b| + |bias|);
    ours: the correctly rounded product, then the bias added: (2u + 2^-50) * the same scale.
    Inputs that already differ add |a| e_b + e_a |b| + e_a e_b."""
    a, b = np.abs(np.asarray(a, np.float64)), np.abs(np.asarray(b, np.float64))
    k = a.shape[-1]
    scale = a @ b
    if bias is not None:
        scale = scale + np.abs(bias)
    n = k + (bias is not None) if torch_terms is None else torch_terms
    ours = (2 * U32 if bias is not None else U32) + OURS_MM if ours is None else ours
    e_a = np.broadcast_to(e_a, a.shape)
    e_b = np.broadcast_to(e_b, b.shape)
    return (gamma(n) + ours) * scale + a @ e_b + e_a @ b + e_a @ e_b


def sums(x, axis, e_x=0.0, keepdims=False):
    """Bound on |ours - torch| for x.sum(axis): gamma_n sum|x| on each side, plus sum e_x."""
    x = np.abs(np.asarray(x, np.float64))
    n = x.shape[axis] if x.ndim else 1
    e_x = np.broadcast_to(e_x, x.shape)
    return (2 * gamma(n) * x.sum(axis, keepdims=keepdims)
            + e_x.sum(axis, keepdims=keepdims))


# --- a small float32 network: Linear / ReLU / Tanh layers, cross-entropy or MSE ---------------
def _row_max(e):
    return np.max(e, axis=-1, keepdims=True)


def log_softmax(z, e_z=0.0, axis=-1):
    """(log_softmax(z), bound on |ours - torch|) for float32 logits z known to within e_z.

    Both sides compute d = z - max, s = sum exp(d) and d - log s (torch fuses it, autograd_bn
    does it in steps); per side that is u|d| (d), 1 ulp and the argument's rounding of each
    exp, gamma_C on the positive sum, 1 ulp of log s plus s's relative error, u|result|.  The
    exact function moves by at most e_z[j] + max e_z (its derivative is I - softmax)."""
    z = np.asarray(z, np.float64)
    e_z = np.broadcast_to(np.asarray(e_z, np.float64), z.shape)
    c = z.shape[axis]
    zm = np.moveaxis(z, axis, -1)
    em = np.moveaxis(e_z, axis, -1)
    d = zm - zm.max(-1, keepdims=True)
    log_s = np.log(np.exp(d).sum(-1, keepdims=True))
    lsm = d - log_s
    rel_s = U32 * np.max(np.abs(d), -1, keepdims=True) + 2 * U32 + gamma(c)
    per_side = U32 * np.abs(d) + rel_s + 2 * U32 * np.abs(log_s) + U32 * np.abs(lsm)
    bound = em + _row_max(em) + 2 * per_side
    return np.moveaxis(lsm, -1, axis), np.moveaxis(bound, -1, axis)


def softmax(z, axis=-1):
    """(softmax(z), bound on |ours - torch|) for exact float32 inputs: per side u|d|
    relative for the argument, 1 ulp of exp, gamma_C of the sum, u of the division."""
    z = np.asarray(z, np.float64)
    zm = np.moveaxis(z, axis, -1)
    d = zm - zm.max(-1, keepdims=True)
    p = np.exp(d) / np.exp(d).sum(-1, keepdims=True)
    rel = U32 * np.abs(d) + 2 * U32 + gamma(zm.shape[-1]) + U32 * np.max(np.abs(d), -1,
                                                                          keepdims=True) + U32
    return np.moveaxis(p, -1, axis), np.moveaxis(2 * rel * p, -1, axis)


class Network:
    """Forward and backward bounds of a float32 Sequential of ("linear", W, b|None), ("relu",)
    and ("tanh",) layers on an input x that both sides hold bit for bit (parameters too: the
    tests feed torch's into autograd_bn), the values taken from float64 arithmetic on the
    float32 inputs (first order: the bounds are far above the float64 error)."""

    def __init__(self, x, layers):
        self.layers = [tuple(np.asarray(v, np.float64) if v is not None and not isinstance(v, str)
                             else v for v in layer) for layer in layers]
        h = np.asarray(x, np.float64)
        e = np.zeros_like(h)
        self.acts = [(h, e)]
        for layer in self.layers:
            if layer[0] == "linear":
                _kind, w, b = layer
                e = product(h, w.T, bias=b, e_a=e)
                h = h @ w.T + (0 if b is None else b)
            elif layer[0] == "relu":
                # a sign that may differ between the two sides (then so may the gradient's mask)
                self.acts[-1] = self.acts[-1] + ((np.abs(h) <= e) & (e > 0),)
                h = np.maximum(h, 0)
            elif layer[0] == "tanh":
                t = np.tanh(h)
                # torch 1 ulp (SLEEF), ours the C library's expm1 in double, rounded once
                e = (1 - t * t) * e + 3 * U32 * np.abs(t) + 8 * U64 * np.abs(t)
                h = t
            self.acts.append((h, e))

    @property
    def output(self):
        return self.acts[-1]

    def backward(self, g, e_g):
        """Bounds of every parameter's gradient given the output gradient g (known to within
        e_g), as a list in parameter order (weight, then bias, layer by layer)."""
        g = np.asarray(g, np.float64)
        e_g = np.broadcast_to(np.asarray(e_g, np.float64), g.shape)
        grads = []
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            x, e_x = self.acts[i][:2]
            if layer[0] == "linear":
                _kind, w, b = layer
                gw = product(g.T, x, e_a=e_g.T, e_b=e_x)        # N terms, correctly rounded ours
                grads[:0] = [gw] + ([] if b is None else [sums(g, 0, e_g)])
                if i > 0:
                    e_g = product(g, w, e_a=e_g)
                    g = g @ w
            elif layer[0] == "relu":
                mask = x > 0
                maybe = self.acts[i][2]
                e_g = np.where(maybe, np.abs(g) + e_g, np.where(mask, e_g, 0.0))
                g = g * mask
            elif layer[0] == "tanh":
                t, e_t = self.acts[i + 1]
                # g (1 - t t): three roundings a side, the cancellation in 1 - t t measured
                # against 1 + t t
                e_g = (e_g * (1 - t * t) + np.abs(g) * 2 * np.abs(t) * e_t
                       + 2 * 2 * U32 * np.abs(g) * (1 + t * t))
                g = g * (1 - t * t)
        return grads


def cross_entropy(z, e_z, target, reduction="mean"):
    """(loss, its bound, d loss / d z, its bound) of cross_entropy(z, target) for float32
    logits z (N, C) known to within e_z, and a backward from 1.0."""
    z = np.asarray(z, np.float64)
    n = z.shape[0]
    lsm, e_lsm = log_softmax(z, e_z, axis=1)
    rows = np.arange(n)
    picked, e_picked = -lsm[rows, target], e_lsm[rows, target]
    div = n if reduction == "mean" else 1
    loss = picked.sum() / div
    # the sum of N terms on each side, then the division by N (1/N is the same float on both)
    e_loss = e_picked.sum() / div + 2 * (gamma(n) * np.abs(picked).sum() / div
                                        + U32 * abs(loss))
    p = np.exp(lsm)
    onehot = np.zeros_like(z)
    onehot[rows, target] = 1.0
    g = (p - onehot) / div
    # g = -onehot/N + exp(lsm) (1/N): exp's ulp, its argument's difference, the product and the
    # subtraction on each side (the cancellation in p - 1 measured against p + 1)
    e_g = p * e_lsm / div + 2 * ((3 * U32 * p + U32 * onehot) / div + U32 * np.abs(g))
    return loss, e_loss, g, e_g


def mse(z, e_z, t, reduction="mean"):
    """(loss, its bound, d loss / d z, its bound) of mse_loss(z, t) for float32 z known to
    within e_z (t exact); reduction "mean" or "none" (then loss and bounds are elementwise)."""
    z, t = np.asarray(z, np.float64), np.asarray(t, np.float64)
    d = z - t
    sq = d * d
    # d (u|d|, so 2u d^2 on the square), the square (u d^2); propagated 2|d| e_z + e_z^2
    e_sq = 2 * np.abs(d) * e_z + e_z * e_z + 2 * 3 * U32 * sq
    if reduction == "none":
        return sq, e_sq, None, None
    m = d.size
    loss = sq.mean()
    e_loss = e_sq.sum() / m + 2 * (gamma(m) * sq.sum() / m + U32 * loss)
    g = 2 * d / m
    # (z - t) * norm: the subtraction, 2/M rounded to float32, the product: 3 roundings a side
    e_g = 2 * e_z / m + 2 * 4 * U32 * np.abs(g)
    return loss, e_loss, g, e_g


# --- optimizer steps -----------------------------------------------------------------------
def _lipschitz_quotient(m, e_m, d, e_d):
    """Bound on |m'/d' - m/d| for |m' - m| <= e_m, |d' - d| <= e_d, d > 0 (inf if e_d >= d)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(e_d < d, (e_m * d + np.abs(m) * e_d) / (d * (d - e_d)), np.inf)


def sgd_step(config, g, p0, p1, buf1, first, e_g):
    """Bound on |ours - torch| for one SGD step from the same parameters p0 and momentum buffer
    (both sides fed torch's), torch's gradient g and ours differing by e_g.

    g' = -g (maximize) + wd p0 (one fma), buf = momentum buf + (1 - dampening) g' (one fma; a
    copy of g' at the first step), d = g' + momentum buf (nesterov, one fma) or buf, p1 = p0 -
    lr d (one fma): e_g propagates through factors <= lr (1 + momentum), and each rounding whose
    inputs differ may flip once.  With e_g = 0 nothing differs (SGD is bit for bit, tested)."""
    lr, mu = config["lr"], config.get("momentum", 0.0)
    tau, wd = config.get("dampening", 0.0), config.get("weight_decay", 0.0)
    g, p0, p1 = (np.asarray(a, np.float64) for a in (g, p0, p1))
    e_g = np.broadcast_to(np.asarray(e_g, np.float64), p1.shape)
    gp = (-g if config.get("maximize") else g) + wd * p0
    e = e_g + (flip(gp) if wd else 0.0)
    if mu:
        buf1 = np.asarray(buf1, np.float64)
        e_buf = e if first else (1 - tau) * e + flip(buf1)
        e = e + mu * e_buf + flip(gp + mu * buf1) if config.get("nesterov") else e_buf
    return np.where(e_g > 0, lr * e + flip(p1), 0.0)


def adam_step(config, p1, m1, v1, step, e_g):
    """Bound on |ours - torch| for one Adam step from the same parameters and moments (both
    sides fed torch's), torch's gradient and ours differing by e_g; p1, m1, v1 are torch's
    parameter and moments after the step (v1 the max_exp_avg_sq with amsgrad).

    g' = g + wd p (one fma), m = lerp(m, g', 1 - beta1) (one fma), v = beta2 v + (1 - beta2)
    g'^2 (two roundings), amsgrad's max (exact, 1-Lipschitz), s = sqrt(v): torch's vectorised
    sqrt (MKL) is within 1 ulp, ours correctly rounded, so the two differ by <= 1 ulp for the
    same v (the only difference when e_g = 0: with torch's sqrt patched in, Adam is bit for
    bit, tested), and |sqrt(v') - sqrt(v)| <= |v' - v| / sqrt(max(v, |v' - v|)); denom =
    s / sqrt(bc2) + eps (two roundings), p -= ((lr / bc1) m) / denom (product, quotient and
    sum: three roundings).  Each rounding whose inputs differ may flip once.  |g'| <=
    sqrt(v1 / (1 - beta2)) since v1 >= (1 - beta2) g'^2."""
    b1, b2 = config.get("betas", (0.9, 0.999))
    lr, eps = config["lr"], config.get("eps", 1e-8)
    p1, m1, v1 = (np.asarray(a, np.float64) for a in (p1, m1, v1))
    e_g = np.broadcast_to(np.asarray(e_g, np.float64), p1.shape)
    moved = e_g > 0                       # where the gradients may differ at all
    bc1, bc2s = 1 - b1 ** step, math.sqrt(1 - b2 ** step)
    wd = 0.0 if config.get("decoupled_weight_decay") else config.get("weight_decay", 0.0)
    g = np.sqrt(np.maximum(v1, 0) / (1 - b2))
    e = e_g + np.where(moved & (wd != 0), flip(g), 0.0)
    e_m = (1 - b1) * e + np.where(moved, flip(m1), 0.0)
    e_v = (1 - b2) * (2 * g * e + e * e) + np.where(moved, 2 * flip(v1), 0.0)
    s = np.sqrt(v1)
    with np.errstate(divide="ignore", invalid="ignore"):
        e_s = np.where(e_v > 0, e_v / np.sqrt(np.maximum(v1, e_v)), 0.0) + flip(s)
    d = s / bc2s + eps
    e_d = e_s / bc2s + 2 * flip(d)
    step_size = lr / bc1
    num, e_num = step_size * m1, step_size * e_m + np.where(moved, flip(step_size * m1), 0.0)
    e_q = _lipschitz_quotient(num, e_num, d, e_d) + flip(num / d)
    return e_q + flip(p1)


# --- gradients of small torch graphs, by the absolute-value backward ----------------------------
def abs_backward(output, seed, nodes=()):
    """Backward of ``output`` (a torch graph, best a float64 copy of the computation) from
    ``|seed|`` with every local derivative and every contribution taken in absolute value: the
    scale, sum over paths of |product of local derivatives|, against which the rounding
    errors of a backward pass add up (no cancellation can hide them).  Leaves get it in .grad;
    returns {node: its incoming gradient} for the given graph ``nodes``."""
    import torch
    seen, stack, handles, incoming = set(), [output.grad_fn], [], {}
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        handles.append(node.register_hook(
            lambda gi, go: tuple(None if g is None else g.abs() for g in gi)))
        stack.extend(n for n, _i in node.next_functions)
    for node in nodes:
        handles.append(node.register_prehook(
            lambda g, node=node: incoming.__setitem__(node, g[0].detach().clone())))
    try:
        torch.autograd.backward(output, seed.abs(), retain_graph=True)
    finally:
        for h in handles:
            h.remove()
    return incoming
