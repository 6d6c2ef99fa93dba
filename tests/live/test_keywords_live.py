"""Every function of the recorded table, called with torch's keyword names, in both libraries.

For each ``torch.<name>`` and ``Tensor.<name>`` of autograd_bn/_torch_keywords.json whose
parameters allow a generic call (``input`` with ``other``, ``dim`` or nothing else required),
the same call with keywords must give torch's result (printed text, dtype, values) or torch's
exception class.
"""
import json
import os

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

import autograd_bn as ab  # noqa: E402

TABLE = json.load(open(os.path.join(os.path.dirname(ab.__file__), "_torch_keywords.json")))
A = [[0.5, -1.25, 2.0], [1.5, 0.25, -0.75]]
B = [[2.0, 0.5, -1.0], [0.25, 4.0, 1.5]]


def _calls(ns):
    out = []
    for name, params in sorted(TABLE[ns].items()):
        if name.endswith("_") or name in ("set_printoptions", "manual_seed", "tensor",
                                          "as_tensor", "set_rng_state", "set_default_dtype",
                                          "use_deterministic_algorithms", "is_tensor", "numel"):
            continue
        names = set(params)
        if ns == "torch" and "input" not in names:
            continue
        if "other" in names and params["other"] == (1 if ns == "torch" else 0):
            out.append((name, "other"))
        elif "dim" in names and params["dim"] == (1 if ns == "torch" else 0):
            out.append((name, "dim"))
        elif ns == "torch" and set(p for p, v in params.items() if v is not None) == {"input"}:
            out.append((name, "unary"))
    return out


def _run(lib, ns, name, kind):
    a, b = lib.tensor(A), lib.tensor(B)
    kw = {"other": {"other": b}, "dim": {"dim": 1}, "unary": {}}[kind]
    try:
        if ns == "torch":
            r = getattr(lib, name)(input=a, **kw)
        else:
            r = getattr(a, name)(**kw)
    except Exception as e:  # noqa: BLE001
        return ("error", type(e).__name__)
    if isinstance(r, tuple) and hasattr(r, "indices"):
        r = r.values
    if hasattr(r, "detach"):
        d = r.detach().numpy()
        if name in ("empty_like", "rand_like", "randn_like"):     # values are not defined
            return (str(r.dtype), d.shape)
        return (str(r.dtype), d.shape, [f"{v:.5f}" for v in d.astype(np.float64).ravel()])
    return repr(r)


@pytest.mark.parametrize("ns,name,kind", [("torch",) + c for c in _calls("torch")] +
                         [("Tensor",) + c for c in _calls("Tensor")])
def test_keyword_call_matches_torch(ns, name, kind):
    assert _run(ab, ns, name, kind) == _run(torch, ns, name, kind)
