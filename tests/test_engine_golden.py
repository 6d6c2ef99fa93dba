"""autograd_bn against torch 2.13's recorded behaviour on small autograd programs (no torch needed).

tests/golden/engine_cases.json is written by tests/golden/make_engine_golden.py from real torch.
Each case is a program run here against autograd_bn with tests/golden/engine_programs.py; the
recorded description (values and leaf grads as exact bytes, grad_fn names and next_functions
structure, repr, stdout, warnings, error class and message) must match.  Cases marked
``approx`` use transcendental functions and may differ from torch by a few ulp.
"""
import json
import os

import pytest

import autograd_bn
import engine_programs as P
from make_engine_golden import CASES as SOURCE_CASES

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "engine_cases.json")

with open(GOLDEN) as _f:
    _DATA = json.load(_f)
CASES = _DATA["cases"]


def test_golden_file_matches_generator():
    """The JSON was recorded from the current case list (re-run the generator otherwise)."""
    assert _DATA["torch_version"].startswith("2.13")
    recorded = [(c["name"], c["src"], c["approx"] and not c.get("rounds")) for c in CASES]
    current = [(c["name"], c["src"], c["approx"]) for c in SOURCE_CASES]
    assert recorded == current


def test_golden_covers_section_2_and_3():
    names = {n["name"] for c in CASES for t in c["torch"]["tensors"].values()
             for n in (t["graph"] or ())}
    for node in ("AddBackward0", "SubBackward0", "RsubBackward1", "MulBackward0",
                 "DivBackward0", "ReciprocalBackward0", "PowBackward0", "PowBackward1",
                 "PowBackward2", "NegBackward0", "MeanBackward0", "MeanBackward1",
                 "SumBackward0", "SumBackward1", "MmBackward0", "DotBackward0", "MvBackward0",
                 "ExpBackward0", "LogBackward0", "ReluBackward0", "SigmoidBackward0",
                 "TanhBackward0", "TBackward0", "PermuteBackward0", "TransposeBackward0",
                 "ViewBackward0", "SelectBackward0", "SliceBackward0", "IndexBackward0",
                 "UnsqueezeBackward0", "LinalgVectorNormBackward0", "CatBackward0",
                 "StackBackward0", "AbsBackward0", "MaxBackward1", "MinBackward1",
                 "MaxBackward0", "CloneBackward0", "ExpandBackward0", "SqrtBackward0",
                 "AccumulateGrad"):
        assert node in names, node
    errors = sum(1 for c in CASES if c["torch"]["error"])
    assert errors >= 20


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_case(case):
    ours = P.run(autograd_bn, case["src"], case["name"])
    diffs = P.compare(ours, case["torch"], approx=case["approx"])
    assert not diffs, P.describe(diffs, case["src"])
