"""autograd_bn.printing against torch 2.13's repr, replayed from a golden file (no torch needed).

tests/golden/printing_cases.json is written by tests/golden/make_printing_golden.py from real
torch: the 91 spec cases plus seeded random tensors under varied print options.
"""
import base64
import json
import os
import time

import numpy as np
import pytest

from autograd_bn import _dtype
from autograd_bn import printing
from autograd_bn.printing import (get_printoptions, printoptions, set_printoptions,
                                  tensor_repr)

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "printing_cases.json")
DTYPES = {"float32": _dtype.float32, "float64": _dtype.float64, "int32": _dtype.int32,
          "int64": _dtype.int64, "bool": _dtype.bool_}
DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80,
            "sci_mode": None}

with open(GOLDEN) as _f:
    CASES = json.load(_f)["cases"]


def _case_id(case):
    return f"{case['id']}-{case['source']}-{case['dtype']}-{'x'.join(map(str, case['shape']))}"


def decode(case):
    dt = DTYPES[case["dtype"]]
    raw = base64.b64decode(case["data"])
    arr = np.frombuffer(raw, dtype=dt.np.newbyteorder("<")).astype(dt.np)
    return arr.reshape(case["shape"]), dt


@pytest.fixture(autouse=True)
def _restore_options():
    yield
    set_printoptions(profile="default")
    _dtype.set_default_dtype(_dtype.float32)


def test_golden_file_is_complete():
    sources = [c["source"] for c in CASES]
    assert sources.count("spec") == 91
    assert sources.count("random") >= 300


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_matches_torch(case):
    arr, dt = decode(case)
    _dtype.set_default_dtype(DTYPES[case["default_dtype"]])
    with printoptions(**case["options"]):
        got = tensor_repr(arr, dt, grad_fn_name=case["grad_fn"],
                          requires_grad=case["requires_grad"], parameter=case["parameter"])
    assert got == case["out"]


def test_options_restored_after_every_case():
    assert get_printoptions() == DEFAULTS


# ---- set_printoptions / get_printoptions / printoptions semantics (torch's) ---------------------

def test_defaults_and_key_order():
    opts = get_printoptions()
    assert opts == DEFAULTS
    assert list(opts) == ["precision", "threshold", "edgeitems", "linewidth", "sci_mode"]


def test_get_printoptions_returns_a_copy():
    get_printoptions()["precision"] = 9
    assert get_printoptions()["precision"] == 4


def test_sci_mode_is_reset_by_every_call():
    set_printoptions(sci_mode=True)
    assert get_printoptions()["sci_mode"] is True
    set_printoptions(precision=3)
    assert get_printoptions() == dict(DEFAULTS, precision=3, sci_mode=None)


def test_profiles_then_overrides():
    set_printoptions(profile="short")
    assert get_printoptions() == dict(DEFAULTS, precision=2, edgeitems=2)
    set_printoptions(profile="full", linewidth=100)
    assert get_printoptions() == dict(DEFAULTS, threshold=float("inf"), linewidth=100)
    set_printoptions(profile="short", precision=6)
    assert get_printoptions()["precision"] == 6
    set_printoptions(profile="no-such-profile")          # ignored, like torch
    assert get_printoptions()["precision"] == 6
    set_printoptions(profile="default")
    assert get_printoptions() == DEFAULTS


def test_unset_arguments_keep_their_values():
    set_printoptions(precision=2, linewidth=50)
    set_printoptions(edgeitems=1)
    assert get_printoptions() == dict(DEFAULTS, precision=2, linewidth=50, edgeitems=1)


def test_printoptions_context_restores_even_on_error():
    set_printoptions(precision=3, sci_mode=False)
    before = get_printoptions()
    with pytest.raises(KeyError):
        with printoptions(precision=1, threshold=5):
            assert get_printoptions() == dict(DEFAULTS, precision=1, threshold=5)
            raise KeyError
    assert get_printoptions() == before


def test_get_printoptions_round_trips():
    set_printoptions(precision=7, threshold=12, edgeitems=1, linewidth=33, sci_mode=True)
    saved = get_printoptions()
    set_printoptions(profile="default")
    set_printoptions(**saved)
    assert get_printoptions() == saved


# ---- a few direct cases --------------------------------------------------------------------------

def test_zero_dim_from_numpy_scalar():
    assert tensor_repr(np.float32(2.5), _dtype.float32) == "tensor(2.5000)"
    assert tensor_repr(np.array(7, dtype=np.int32), _dtype.int32) == \
        "tensor(7, dtype=torch.int32)"


def test_non_contiguous_input():
    a = np.arange(12.0, dtype=np.float32).reshape(3, 4).T
    assert tensor_repr(a, _dtype.float32) == (
        "tensor([[ 0.,  4.,  8.],\n        [ 1.,  5.,  9.],\n"
        "        [ 2.,  6., 10.],\n        [ 3.,  7., 11.]])")


def test_parameter_and_grad_fn_precedence():
    a = np.ones(2, dtype=np.float32)
    assert tensor_repr(a, _dtype.float32, requires_grad=True, parameter=True) == \
        "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    assert tensor_repr(a, _dtype.float32, "AddBackward0", requires_grad=True) == \
        "tensor([1., 1.], grad_fn=<AddBackward0>)"


def test_large_tensor_is_fast():
    a = np.random.default_rng(0).standard_normal((1000, 1000))
    printing.tensor_repr(a, _dtype.float64)                    # warm up
    start = time.perf_counter()
    for _ in range(10):
        printing.tensor_repr(a, _dtype.float64)
    assert (time.perf_counter() - start) / 10 < 0.05
