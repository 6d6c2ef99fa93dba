"""autograd_bn.random against a live torch 2.13, bit for bit (skipped when torch is absent).

Hypothesis draws call sequences (seeds, rand/randn of any shape and float dtype, randint
ranges around the 32/64-bit switch and float-rounded bounds, randperm, normal_/uniform_/
random_ on contiguous and transposed tensors, generator objects, get/set state) and runs them
in both libraries through tests/golden/random_programs.py; every value, error and warning must
agree.  Further tests: large calls, torch's state moved into autograd_bn and back.
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import random_programs as rp  # noqa: E402
import random_record as rr  # noqa: E402

import autograd_bn as ab  # noqa: E402
from autograd_bn import random as R  # noqa: E402

torch.set_num_threads(1)
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FLOATS = st.sampled_from(["float32", "float64"])


@st.composite
def shapes(draw, max_numel=300):
    ndim = draw(st.integers(0, 3))
    dims = [draw(st.integers(0 if draw(st.integers(0, 15)) == 0 else 1, 40))
            for _ in range(ndim)]
    while int(np.prod(dims)) > max_numel:
        dims = [max(1, d // 2) for d in dims]
    return dims


@st.composite
def steps(draw, gens, n_prev):
    kind = draw(st.sampled_from(["randn", "randn", "randn", "rand", "randint", "randperm",
                                 "normal_", "uniform_", "random_", "get_state", "set_state",
                                 "gen", "seed"]))
    if kind in ("randn", "rand"):
        step = {"op": kind, "shape": draw(shapes()), "dtype": draw(FLOATS),
                "form": draw(st.sampled_from(["tuple", "varargs"]))}
    elif kind == "randint":
        low = draw(st.integers(-2 ** 40, 2 ** 40))
        span = draw(st.one_of(st.integers(1, 100), st.integers(2 ** 28 - 3, 2 ** 28 + 3),
                              st.integers(1, 2 ** 62), st.sampled_from([2 ** 24, 2 ** 25, 2 ** 53])))
        step = {"op": "randint", "low": low, "high": low + span, "shape": draw(shapes(60)),
                "dtype": draw(st.sampled_from(["int64", "int64", "int32", "float32", "float64",
                                               "bool"]))}
    elif kind == "randperm":
        step = {"op": "randperm", "n": draw(st.integers(0, 200)),
                "dtype": draw(st.sampled_from(["int64", "int32", "float32", "float64"]))}
    elif kind in ("normal_", "uniform_"):
        shape = draw(shapes())
        step = {"op": kind, "shape": shape, "dtype": draw(FLOATS),
                "layout": "t" if len(shape) == 2 and draw(st.booleans()) else "c"}
        a = draw(st.floats(-1e3, 1e3))
        b = draw(st.floats(0, 100))
        if kind == "normal_":
            step.update(mean=a, std=draw(st.sampled_from([1.0, b])))
        else:
            step.update(low=a, high=a + b)
    elif kind == "random_":
        shape = draw(shapes(60))
        low = draw(st.integers(-1000, 1000))
        step = {"op": "random_", "shape": shape, "low": low,
                "high": low + draw(st.integers(1, 2 ** 30)),
                "dtype": draw(st.sampled_from(["int64", "float64"])),
                "layout": "t" if len(shape) == 2 and draw(st.booleans()) else "c"}
    elif kind == "get_state":
        step = {"op": "get_state"}
    elif kind == "set_state":
        return {"op": "get_state"} if n_prev == 0 else {"op": "set_state", "ref": None}
    elif kind == "gen":
        name = "g{}".format(len(gens))
        gens.append(name)
        return {"op": "gen", "name": name,
                "seed": draw(st.one_of(st.none(), st.integers(0, 2 ** 64 - 1)))}
    else:
        step = {"op": "seed", "seed": draw(st.integers(-2 ** 63, 2 ** 64 - 1))}
    if gens and draw(st.integers(0, 3)) == 0:
        step["gen"] = draw(st.sampled_from(gens))
    return step


@st.composite
def programs(draw):
    prog = [{"op": "seed", "seed": draw(st.integers(0, 2 ** 32))}]
    gens = []
    states = []
    for _ in range(draw(st.integers(1, 12))):
        step = draw(steps(gens, len(states)))
        if step["op"] == "set_state":
            step["ref"] = draw(st.sampled_from(states))
        if step["op"] == "get_state":
            step.pop("gen", None)                 # states move between generators too
            states.append(len(prog))
        prog.append(step)
    prog.append({"op": "get_state"})
    return prog


def _compare(prog):
    theirs = rp.encode(rp.run(rp.TorchLib(torch), prog), max_bytes=1 << 20)
    ours = rp.encode(rp.run(rp.OursTensorLib(ab), prog), max_bytes=1 << 20)
    diffs = rp.compare(ours, theirs)
    assert not diffs, "program {}:\n  ".format(prog) + "\n  ".join(diffs)


@SETTINGS
@given(programs())
def test_call_sequences(prog):
    _compare(prog)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(0, 2 ** 32 - 1), st.integers(16, 5000), FLOATS,
       st.floats(-10, 10), st.floats(0, 10))
def test_normal_blocks_any_size(seed, n, dtype, mean, std):
    prog = [{"op": "seed", "seed": seed},
            {"op": "normal_", "shape": [n], "dtype": dtype, "mean": mean, "std": std},
            {"op": "randn", "shape": [n], "dtype": dtype}]
    _compare(prog)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("seed", [0, 77, 2 ** 32 - 1])
def test_million_values(seed, dtype):
    torch.manual_seed(seed)
    want = torch.randn(1_000_003, dtype=getattr(torch, dtype)).numpy()
    R.manual_seed(seed)
    got = R.randn_array((1_000_003,), getattr(ab, dtype))
    assert np.array_equal(got.view(f"u{got.itemsize}"), want.view(f"u{want.itemsize}"))


def test_state_moves_between_libraries():
    torch.manual_seed(5)
    torch.randn(3)
    torch.rand(1000)
    R.set_rng_state(torch.get_rng_state().numpy())
    assert np.array_equal(R.randn(7).numpy(), torch.randn(7).numpy())
    R.rand(10)
    R.randn(1, dtype=ab.float64)
    mine = R.get_rng_state()
    raw = np.array(getattr(mine, "_data", mine))
    torch.set_rng_state(torch.from_numpy(raw.copy()))
    assert np.array_equal(torch.get_rng_state().numpy(), raw)
    assert np.array_equal(R.randn(33, dtype=ab.float64).numpy(),
                          torch.randn(33, dtype=torch.float64).numpy())


@pytest.mark.parametrize("expr", rr.PARSE_CASES)
def test_argument_forms(expr):
    prog = [{"op": "seed", "seed": 1}, {"op": "call", "expr": "torch." + expr},
            {"op": "get_state"}]
    _compare(prog)


def test_fresh_generators_agree():
    g, tg = R.Generator(), torch.Generator()
    assert g.initial_seed() == tg.initial_seed()
    assert np.array_equal(np.array(getattr(g.get_state(), "_data", g.get_state())),
                          tg.get_state().numpy())
    assert np.array_equal(R.randn(50, generator=g).numpy(), torch.randn(50, generator=tg).numpy())
