"""The profiler's table and event names against a live torch 2.13 (times aside)."""
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

import autograd_bn as ab  # noqa: E402


def _events(lib):
    x = lib.ones(3, 3, requires_grad=True)
    with lib.autograd.profiler.profile() as prof:
        with lib.autograd.profiler.record_function("block"):
            (x * x).sum()
        x @ x
        (x * 2).sum().backward()
    return prof


def test_names_are_torchs():
    ours = {e.key for e in _events(ab).key_averages()}
    theirs = {e.key for e in _events(torch).key_averages()}
    assert ours <= theirs, ours - theirs
    assert {"block", "aten::mul", "aten::sum", "MulBackward0",
            "autograd::engine::evaluate_function: SumBackward0"} <= ours


def test_header_is_torchs():
    ours = _events(ab).key_averages().table().splitlines()
    theirs = _events(torch).key_averages().table().splitlines()
    assert ours[1].strip() == theirs[1].strip()
    assert ours[0].count("------------") == theirs[0].count("------------")
    assert ours[-1].split(":")[0] == theirs[-1].split(":")[0]
