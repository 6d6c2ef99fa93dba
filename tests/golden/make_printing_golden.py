"""Record torch's repr for the printing golden file ``printing_cases.json``.

Run once with real torch 2.13 installed (from the repository root):

    .venv/bin/python tests/golden/make_printing_golden.py

Every case stores the exact tensor data (base64 of the little-endian C-order bytes, so float32
values round-trip bit for bit), its dtype and shape, the print options that were active, the
default dtype, the autograd suffix facts (grad_fn name, requires_grad, Parameter) and torch's
``repr`` output.  ``tests/test_printing.py`` replays them without torch.

Sources: the 91 cases of /work/shared/spec/repr_cases.jsonl, then seeded random tensors
(shapes 0-d to 4-D, empty ones, summarised ones; float32/float64/int32/int64/bool; magnitudes
1e-6..1e10, whole numbers, rounding ties, nan/inf/-0.0) under assorted print options.
"""
import base64
import json
import os
import sys

import numpy as np
import torch
from torch import inf, nan  # noqa: F401  (names used by the spec expressions)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "printing_cases.json")
SPEC = os.environ.get("REPR_CASES", "/work/shared/spec/repr_cases.jsonl")
SEED = 20130
N_RANDOM = 320

TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int32,
                "int64": torch.int64, "bool": torch.bool}


def record(t, options, default_dtype, source, expr=None):
    arr = np.array(t.detach().numpy(), order="C", copy=True)  # keeps 0-d shape
    case = {
        "source": source,
        "dtype": str(t.dtype).split(".")[1],
        "shape": list(arr.shape),
        "data": base64.b64encode(arr.astype(arr.dtype.newbyteorder("<")).tobytes()).decode(),
        "options": options,
        "default_dtype": default_dtype,
        "grad_fn": type(t.grad_fn).__name__ if t.grad_fn is not None else None,
        "requires_grad": bool(t.requires_grad),
        "parameter": isinstance(t, torch.nn.Parameter),
    }
    if expr is not None:
        case["expr"] = expr
    return case


def run(make, options, default_dtype):
    """Build the tensor and take its repr under the given options, then restore defaults."""
    torch.set_default_dtype(TORCH_DTYPES[default_dtype])
    torch.set_printoptions(**options)
    try:
        t = make()
        out = repr(t)
    finally:
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(torch.float32)
    return t, out


# ---------------------------------------------------------------------------------------------
# random tensors

def random_shape(rng, kind):
    if kind == "scalar":
        return ()
    if kind == "empty":
        return [(0,), (0, 3), (2, 0), (3, 0, 2), (0, 0), (1, 0, 1, 2)][rng.integers(6)]
    if kind == "big":
        options = [(int(rng.integers(1001, 1500)),), (40, 30), (10, 11, 12), (3, 4, 10, 10),
                   (1, 1200), (1200, 1), (2, 600), (7, 1, 150), (5, 5, 5, 9)]
        return options[rng.integers(len(options))]
    ndim = int(rng.integers(1, 5))
    limits = {1: 40, 2: 12, 3: 6, 4: 4}[ndim]
    return tuple(int(rng.integers(1, limits + 1)) for _ in range(ndim))


def random_floats(rng, n):
    style = rng.choice(["logmag", "whole", "decimals", "ties", "unit", "mixed", "zeros",
                        "narrow"])
    sign = np.where(rng.random(n) < 0.3, -1.0, 1.0)
    if style == "logmag":
        lo = rng.uniform(-6, 10)
        hi = rng.uniform(lo, 10)
        v = sign * 10.0 ** rng.uniform(lo, hi, n)
    elif style == "whole":
        top = 10 ** int(rng.integers(1, 11))
        v = sign * rng.integers(0, top, n).astype(np.float64)
    elif style == "decimals":
        scale = 10.0 ** int(rng.integers(-3, 5))
        v = np.round(sign * rng.random(n) * scale, int(rng.integers(0, 7)))
    elif style == "ties":
        # values on the rounding boundary of the 4th decimal, e.g. 0.99995, 9.99995, 2.00005
        base = rng.integers(0, 100, n) + rng.integers(0, 10000, n) / 1e4
        v = sign * (base + 5e-5)
    elif style == "unit":
        v = rng.standard_normal(n) * 10.0 ** rng.uniform(-2, 2)
    elif style == "narrow":
        c = 10.0 ** rng.uniform(-4, 8)
        v = c * (1 + sign * rng.random(n) * 10.0 ** rng.uniform(-3, 3.5))
    elif style == "zeros":
        v = np.zeros(n)
    else:
        parts = [sign * 10.0 ** rng.uniform(-6, 10, n), rng.integers(-50, 50, n) * 1.0,
                 np.round(rng.standard_normal(n), 3)]
        v = np.choose(rng.integers(0, 3, n), parts)
    if rng.random() < 0.35:
        special = np.array([nan, inf, -inf, -0.0, 0.0])
        mask = rng.random(n) < rng.uniform(0.05, 0.6)
        v = np.where(mask, special[rng.integers(0, 5, n)], v)
    return v


def random_array(rng, shape, dtype):
    n = int(np.prod(shape, dtype=np.int64))
    if dtype == "bool":
        return (rng.random(n) < rng.random()).reshape(shape)
    if dtype in ("int32", "int64"):
        bits = 31 if dtype == "int32" else 63
        top = 2 ** int(rng.choice([3, 7, 16, bits]))
        v = rng.integers(-top if rng.random() < 0.6 else 0, top, n, dtype=np.int64)
        return v.astype(dtype).reshape(shape)
    return random_floats(rng, n).astype(dtype).reshape(shape)


def random_options(rng, numel):
    r = rng.random()
    if r < 0.55:
        return {}
    choices = [
        {"precision": 2}, {"precision": 0}, {"precision": 1}, {"precision": 6},
        {"precision": 8}, {"sci_mode": True}, {"sci_mode": False}, {"profile": "short"},
        {"linewidth": 40}, {"linewidth": 120}, {"linewidth": 30}, {"linewidth": 200},
        {"edgeitems": 2}, {"edgeitems": 1}, {"edgeitems": 0}, {"edgeitems": 5},
        {"threshold": 5}, {"threshold": 20}, {"threshold": 100},
        {"threshold": 10, "edgeitems": 2}, {"profile": "short", "sci_mode": False},
        {"precision": 2, "sci_mode": True}, {"profile": "short", "linewidth": 40},
        {"threshold": 0}, {"threshold": 30, "edgeitems": 1, "linewidth": 40},
    ]
    if numel <= 400:
        choices += [{"profile": "full"}, {"profile": "full", "linewidth": 30}]
    return dict(choices[rng.integers(len(choices))])


def random_case(rng):
    kind = rng.choice(["scalar", "empty", "small", "small", "small", "small", "big"],
                      p=[0.12, 0.06, 0.18, 0.18, 0.18, 0.18, 0.10])
    shape = random_shape(rng, kind)
    big = kind == "big"
    if big:
        dtype = rng.choice(["float32", "float32", "float32", "int32", "bool", "float64", "int64"])
    else:
        dtype = rng.choice(["float32", "float32", "float64", "int64", "int32", "bool"],
                           p=[0.35, 0.15, 0.2, 0.12, 0.08, 0.1])
    dtype = str(dtype)
    arr = random_array(rng, shape, dtype)
    numel = arr.size
    options = random_options(rng, numel)
    default_dtype = "float64" if rng.random() < 0.06 else "float32"

    autograd = "none"
    if dtype.startswith("float"):
        autograd = rng.choice(["none", "leaf", "op", "param"], p=[0.5, 0.22, 0.22, 0.06])

    def make():
        t = torch.from_numpy(arr.copy())
        if autograd == "leaf":
            t.requires_grad_()
        elif autograd == "op":
            x = t.requires_grad_()
            op = rng.integers(4)
            if op == 0:
                t = x.clone()
            elif op == 1:
                t = x * 1
            elif op == 2:
                t = x.view(arr.shape)
            else:
                t = x.expand(arr.shape)
        elif autograd == "param":
            t = torch.nn.Parameter(t)
        return t

    return make, options, default_dtype


def main():
    cases = []
    with open(SPEC) as f:
        for line in f:
            spec = json.loads(line)
            options = spec.get("printoptions", {})
            t, out = run(lambda: eval(spec["expr"]), options, "float32")
            if out != spec["out"]:
                sys.exit(f"torch disagrees with the spec on {spec['expr']!r}:\n{out}")
            cases.append(record(t, options, "float32", "spec", spec["expr"]) | {"out": out})

    rng = np.random.default_rng(SEED)
    for _ in range(N_RANDOM):
        make, options, default_dtype = random_case(rng)
        t, out = run(make, options, default_dtype)
        cases.append(record(t, options, default_dtype, "random") | {"out": out})

    for i, case in enumerate(cases):
        case["id"] = i
    meta = {"torch_version": torch.__version__, "numpy_version": np.__version__,
            "seed": SEED, "count": len(cases)}
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "cases": cases}, f, indent=0, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases, {os.path.getsize(OUT)} bytes to {OUT}")


if __name__ == "__main__":
    main()
