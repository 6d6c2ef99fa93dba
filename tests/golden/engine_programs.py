"""Run a small autograd program against a torch-like module and describe everything it did.

Shared by tests/golden/make_engine_golden.py (records torch's answers), tests/test_engine_golden.py
(replays them against autograd_bn without torch) and tests/live/test_differential.py (runs both
libraries side by side).  Only NumPy and the standard library are imported here.

A program is Python source run with ``torch`` bound to the library under test and ``np`` to
NumPy.  ``snapshot`` then records, for every tensor variable the program left behind (or had
bound when it raised): dtype, shape, the exact bytes of its values, requires_grad, is_leaf, the
grad_fn name, the whole backward graph behind it (node names, next_functions with None edges,
shared nodes, which leaf each AccumulateGrad holds), the leaf's .grad (exact bytes), the
version counter and repr text; plus the program's stdout (addresses sanitised), the warnings it
raised, plain Python values it bound, and the error class and message if it raised.
"""
import contextlib
import io
import math
import re
import sys
import warnings

import numpy as np

ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
# torch emits these once per process (TORCH_WARN_ONCE), so whether a program sees them depends
# on what ran before it; they are tested on their own, not compared here.
WARN_ONCE = ("Tensor.T is deprecated on 0-D tensors", "The use of `x.T` on tensors of dimension")
TRIGGERED = re.compile(r" \(Triggered internally at [^)]*\.\)$")   # torch's C++ source location


def sanitise(text):
    return ADDRESS.sub("0x...", text)


def _is_tensor(lib, v):
    return isinstance(v, lib.Tensor)


def _array(t):
    # (force: torch's gradients of sign/sgn are ZeroTensors, which numpy() refuses)
    a = t.detach().numpy(force=True) if hasattr(t, "detach") else t
    return np.ascontiguousarray(np.asarray(a))


def encode(t):
    """{dtype, shape, hex} of a tensor's values, bit-exact (little-endian, C order)."""
    a = _array(t)
    return {"dtype": str(a.dtype), "shape": list(a.shape),
            "hex": a.astype(a.dtype.newbyteorder("<")).tobytes().hex()}


def decode(enc):
    dt = np.dtype(enc["dtype"])
    raw = bytes.fromhex(enc["hex"])
    return np.frombuffer(raw, dtype=dt.newbyteorder("<")).astype(dt).reshape(enc["shape"])


def graph(fn, names_of_leaf):
    """The graph behind grad_fn ``fn``: nodes in discovery order, edges by node number."""
    if fn is None:
        return None
    order, index, out = [fn], {id(fn): 0}, []
    i = 0
    while i < len(order):
        node = order[i]
        i += 1
        edges = []
        for nxt, nr in node.next_functions:
            if nxt is None:
                edges.append([None, nr])
                continue
            if id(nxt) not in index:
                index[id(nxt)] = len(order)
                order.append(nxt)
            edges.append([index[id(nxt)], nr])
        entry = {"name": type(node).__name__, "next": edges}
        var = getattr(node, "variable", None)
        if var is not None:
            entry["leaf"] = names_of_leaf(var)
        out.append(entry)
        if len(order) > 400:
            out.append({"name": "...", "next": []})
            break
    return out


def snapshot(lib, ns):
    """Describe every tensor and plain value the program left in namespace ``ns``."""
    tensors = {k: v for k, v in ns.items()
               if not k.startswith("_") and _is_tensor(lib, v)}

    def names_of_leaf(var):
        hits = sorted(k for k, v in tensors.items() if v is var)
        return hits[0] if hits else "?"

    rec = {}
    for name in sorted(tensors):
        t = tensors[name]
        fn = t.grad_fn
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g = t.grad if (fn is None or t.retains_grad) else None
        rec[name] = {
            "value": encode(t),
            "requires_grad": bool(t.requires_grad),
            "is_leaf": bool(t.is_leaf),
            "grad_fn": type(fn).__name__ if fn is not None else None,
            "graph": graph(fn, names_of_leaf),
            "grad": encode(g) if g is not None else None,
            "repr": sanitise(repr(t)),
        }
    plain = {}
    for k, v in sorted(ns.items()):
        if k.startswith("_") or k in ("torch", "np") or _is_tensor(lib, v):
            continue
        if isinstance(v, (bool, int, str)) or v is None:
            plain[k] = repr(v)
        elif isinstance(v, float):
            plain[k] = ["float", v.hex() if math.isfinite(v) else repr(v)]
        elif isinstance(v, tuple) and all(isinstance(e, int) for e in v):
            plain[k] = repr(tuple(v))          # torch.Size -> plain tuple
    return {"tensors": rec, "plain": plain}


def run(lib, src, name="<program>"):
    """Execute ``src`` with ``torch`` = lib; return the description of what happened."""
    ns = {"torch": lib, "np": np}
    buf = io.StringIO()
    error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.redirect_stdout(buf):
            try:
                exec(compile(src, name, "exec"), ns)
            except Exception as e:  # noqa: BLE001  (errors are part of the behaviour)
                error = {"type": type(e).__name__, "message": str(e)}
    rec = snapshot(lib, ns)
    rec["stdout"] = sanitise(buf.getvalue())
    rec["error"] = error
    rec["warnings"] = [[w.category.__name__, TRIGGERED.sub("", str(w.message))] for w in caught
                       if issubclass(w.category, UserWarning)
                       and not str(w.message).startswith(WARN_ONCE)]
    return rec


# --- comparison -------------------------------------------------------------------------------
# Approximate programs (a division or a transcendental function somewhere) are compared within
# 2 sides x ROUNDINGS x the unit roundoff of the least precise float in the program, relative
# to the largest magnitude in the tensor (at least 1).  The argument: a program has at most 6
# operations; on any path a forward operation rounds at most twice (1 ulp for exp, log, tanh,
# sin, cos, sqrt, pow: SLEEF's, MKL's or the C library's; one rounding otherwise; torch's sums
# and products of the at most 3 terms of these shapes gamma_3) and its backward at most 3 times,
# so 6 x 2 + 6 x 3 = 30 <= ROUNDINGS, each relative to a term no larger than the tensor's
# largest value.  The values are drawn from [-3, 4], so the operations are well conditioned
# (|x f'(x) / f(x)| <= 4 for exp and pow, 1 for the others, a factor the budget's 2 spare
# roundings and the max-magnitude scale absorb); a program beyond that (exp of exp) that
# fails is to be examined, not the budget widened.  The scale is at least 1 because a result
# that cancels to ~0 (the gradient of sum(softmax)) carries rounding noise of the order of the
# inputs, not of itself.
UNIT_ROUNDOFF = {"float32": 2.0 ** -24, "float64": 2.0 ** -53}
ROUNDINGS = 32


def _close(a, b, dtype):
    if a.shape != b.shape:
        return False
    if dtype not in UNIT_ROUNDOFF:
        return np.array_equal(a, b)
    tol = 2 * ROUNDINGS * UNIT_ROUNDOFF[dtype]
    scale = float(np.nanmax(np.abs(b[np.isfinite(b)]), initial=0.0)) if b.size else 0.0
    scale = max(scale, 1.0)
    return bool(np.allclose(a, b, rtol=tol, atol=tol * scale, equal_nan=True)
                and np.array_equal(np.isnan(a), np.isnan(b))
                and np.array_equal(np.isinf(a) & (a > 0), np.isinf(b) & (b > 0)))


def _same_but_nan_bits(a, b):
    """Equal values where a NaN's sign and payload may differ (a NaN prints as nan either way:
    log of a negative number gives -nan in one C library and nan in another)."""
    if a.dtype.kind != "f" or a.shape != b.shape:
        return False
    nan = np.isnan(a)
    return bool(np.array_equal(nan, np.isnan(b))
                and np.array_equal(a[~nan].view(np.uint8), b[~nan].view(np.uint8)))


def compare(ours, theirs, approx=False):
    """The differences between two ``run`` results, as a list of strings (empty = same).

    Exact mode: values and gradients bit for bit, text identical.  ``approx`` (programs using
    transcendental functions): values within a few ulp; a tensor's repr must still match
    unless its values differ in the last bits.
    """
    diffs = []
    if ours["error"] != theirs["error"]:
        diffs.append(f"error: ours {ours['error']} vs torch {theirs['error']}")
    if ours["warnings"] != theirs["warnings"]:
        diffs.append(f"warnings: ours {ours['warnings']} vs torch {theirs['warnings']}")
    ot, tt = ours["tensors"], theirs["tensors"]
    if sorted(ot) != sorted(tt):
        diffs.append(f"tensor variables: ours {sorted(ot)} vs torch {sorted(tt)}")
    bit_identical = True
    # an approximate program is as precise as its least precise float: a float32 result
    # widened with .double() still carries float32's rounding
    dtypes = {e["dtype"] for t in tt.values() for e in (t["value"], t["grad"]) if e}
    tolerance_dtype = "float32" if "float32" in dtypes else "float64"
    for name in sorted(set(ot) & set(tt)):
        a, b = ot[name], tt[name]
        for key in ("requires_grad", "is_leaf", "grad_fn", "graph"):
            if a[key] != b[key]:
                diffs.append(f"{name}.{key}: ours {a[key]!r} vs torch {b[key]!r}")
        same_values = True
        for key in ("value", "grad"):
            ea, eb = a[key], b[key]
            if (ea is None) != (eb is None):
                diffs.append(f"{name}.{key}: ours {ea is not None and 'set'} vs torch "
                             f"{eb is not None and 'set'}")
                continue
            if ea is None:
                continue
            if ea["dtype"] != eb["dtype"] or ea["shape"] != eb["shape"]:
                diffs.append(f"{name}.{key} dtype/shape: ours {ea['dtype']}{ea['shape']} vs "
                             f"torch {eb['dtype']}{eb['shape']}")
                continue
            if ea["hex"] == eb["hex"]:
                continue
            va, vb = decode(ea), decode(eb)
            if _same_but_nan_bits(va, vb):
                continue
            same_values = False
            tol = tolerance_dtype if ea["dtype"] in UNIT_ROUNDOFF else ea["dtype"]
            if not approx or not _close(va, vb, tol):
                diffs.append(f"{name}.{key} values: ours {va.tolist()} vs torch {vb.tolist()}")
        bit_identical &= same_values
        if a["repr"] != b["repr"] and (same_values or not approx):
            diffs.append(f"{name} repr:\n  ours : {a['repr']!r}\n  torch: {b['repr']!r}")
    for k in sorted(set(ours["plain"]) | set(theirs["plain"])):
        pa, pb = ours["plain"].get(k), theirs["plain"].get(k)
        if pa == pb:
            continue
        if (approx and isinstance(pa, list) and isinstance(pb, list)
                and pa[0] == pb[0] == "float"):
            fa = float.fromhex(pa[1]) if pa[1] not in ("nan", "inf", "-inf") else float(pa[1])
            fb = float.fromhex(pb[1]) if pb[1] not in ("nan", "inf", "-inf") else float(pb[1])
            tol = 2 * ROUNDINGS * UNIT_ROUNDOFF[tolerance_dtype]      # as for tensors
            if math.isclose(fa, fb, rel_tol=tol, abs_tol=tol) or (fa != fa and fb != fb):
                continue
        diffs.append(f"plain {k}: ours {pa} vs torch {pb}")
    if ours["stdout"] != theirs["stdout"] and (bit_identical or not approx):
        diffs.append(f"stdout:\n  ours : {ours['stdout']!r}\n  torch: {theirs['stdout']!r}")
    return diffs


def describe(diffs, src):
    return "program:\n" + src + "\n" + "\n".join(diffs)


if __name__ == "__main__":       # quick manual check: python engine_programs.py 'src'
    import autograd_bn
    print(run(autograd_bn, sys.argv[1]))
