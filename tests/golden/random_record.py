"""Record torch 2.13's random numbers into tests/golden/random_golden.json.

    python tests/golden/random_record.py        (needs torch 2.13; takes ~20 s)

Contents:

* ``sweep``: for seeds 0..20 and sizes 1..100, a fingerprint (``random_programs.digest``) of
  ``rand(n)`` and ``randn(n)`` in float32 and float64 right after ``manual_seed(seed)``;
* ``big``: fingerprints of large calls (the float32 AVX2 kernel and the float64 libm path on
  up to 300 000 values);
* ``printed``: a fingerprint of the printed text (``repr``, default print options) of
  ``randn`` in float32 and float64 for the seeds and sizes of ``sweep`` and a few larger shapes:
  the digits a learner sees.  Unlike ``sweep`` it does not depend on the last bits of the C
  library's log/sin/cos, which vary with the platform (glibc with or without FMA, musl in
  Pyodide), so it holds wherever the printed numbers are the same;
* ``programs``: named call sequences (``random_programs``) with every outcome stored exactly:
  hand-written ones for each rule (the cached normal, shapes, randint ranges, randperm,
  normal_/uniform_/random_ formulas and layouts, states, generators, errors and warnings) and
  150 generated ones mixing all of them.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import random_programs as rp  # noqa: E402

SEEDS = list(range(21))
SIZES = list(range(1, 101))
BIG = [(0, 1000), (1, 4099), (2, 65541), (123, 300000)]
FLOATS = ("float32", "float64")
PRINTED_SHAPES = [(4, 5), (10, 10), (3, 40), (100, 100), (2000,), (3, 700)]
# argument forms and their TypeErrors (shapes are compared, errors by class and text)
PARSE_CASES = [
    "rand(2, 3.0)", "rand((2, 3.0))", "randn(2, None)", "randn([2.5])", "rand('a')",
    "rand((2.5,))", "rand([2, 3.0])", "rand(2.5, 3)", "rand(2, 3, 4.0)", "rand((2,), 3)",
    "rand(2, (3,))", "rand([2.5, 3])", "rand((2, None))", "rand(size=2.5)",
    "rand(size=[2, 2.5])", "rand(2, size=(2,))", "randn(size=3)", "rand(size=(2, 3)).shape",
    "randn(size=[2.5])", "randn(size=()).shape", "rand(()).shape", "rand(-1)",
    "randint(10, (2.5,))", "randint(10, 3)", "randint(1, 10, [2, 2.0])", "randint(10)",
    "randint()", "randint(1, 2, 3, (2,))", "randint(10, size=3)", "randint(1.0, 3, (2,))",
    "randint(1, 3.5, (2,))", "randint(0, 3, (2,), dtype=torch.bool).dtype", "randperm(-3)",
    "randperm(2 ** 25, dtype=torch.float32)", "randperm(3, dtype=torch.int32).dtype",
    "randperm(True)", "randint(True, (2,)).dtype", "randint(3, True, (2,))",
    "randint(10, (2, 3)).shape", "randint(2, 10, (2, 3)).shape", "randint(10, size=(2,)).shape",
    "randint(2, 10, size=(2,)).shape", "randint(low=2, high=10, size=(2,)).shape",
    "randint(high=10, size=(2,)).shape", "randint(2, high=10, size=(2,)).shape",
    "randint(10, [2, 3]).shape", "randint(10, (2, None))", "randint(10, size=[2.5])",
    "randint(5, 5, (2,))", "randint(0, 2 ** 63, (2,))", "randint(-2 ** 63 - 1, 0, (2,))"]


def S(op, **kw):
    kw["op"] = op
    return kw


def hand_written():
    P = {}
    P["doc_example"] = [S("seed", seed=0), S("randn", shape=[3], dtype="float32"),
                        S("randn", shape=[1], dtype="float32"), S("seed", seed=0),
                        S("randn", shape=[4], dtype="float32")]
    P["cache_across_dtypes"] = [S("seed", seed=1), S("randn", shape=[1], dtype="float32"),
                                S("randn", shape=[1], dtype="float64"),
                                S("randn", shape=[3], dtype="float64"),
                                S("randn", shape=[20], dtype="float64"),
                                S("randn", shape=[1], dtype="float32")]
    P["rand_between_randn"] = [S("seed", seed=2), S("randn", shape=[1], dtype="float32"),
                               S("rand", shape=[2], dtype="float32"),
                               S("randn", shape=[1], dtype="float32"),
                               S("rand", shape=[3], dtype="float64"),
                               S("randn", shape=[17], dtype="float32"),
                               S("randn", shape=[2], dtype="float64")]
    P["seed_clears_cache"] = [S("seed", seed=3), S("randn", shape=[1], dtype="float64"),
                              S("get_state"), S("seed", seed=3), S("get_state"),
                              S("randn", shape=[2], dtype="float64")]
    shapes = [[], [0], [2, 2], [4, 5], [3, 0, 2], [2, 3, 4], [1, 16], [17, 1], [2, 8], [16],
              [5, 5, 5], [1], [15], [31], [33]]
    for dt in FLOATS:
        for op in ("rand", "randn"):
            P[f"shapes_{op}_{dt}"] = [S("seed", seed=4)] + [
                S(op, shape=s, dtype=dt, form="varargs" if i % 2 else "tuple")
                for i, s in enumerate(shapes)]
    ranges = [(0, 10), (-5, 5), (0, 1), (3, 4), (0, 2 ** 28 - 1), (0, 2 ** 28),
              (-2 ** 27, 2 ** 27), (0, 2 ** 31), (0, 2 ** 32), (0, 2 ** 32 + 1),
              (-2 ** 40, 2 ** 50), (-2 ** 63, 2 ** 63 - 1), (0, 2 ** 25), (7, 2 ** 25 + 1),
              (-2 ** 30, 2 ** 30 + 1), (0, 2 ** 54), (2 ** 25 + 1, 2 ** 25 + 2), (5, 5),
              (5, 3), (0, 2 ** 31 + 1), (-2 ** 31 - 1, 0), (0, 2), (0, 3)]
    for dt in ("int64", "int32", "float32", "float64", "bool"):
        P[f"randint_{dt}"] = [S("seed", seed=5)] + [
            S("randint", low=lo, high=hi, shape=[3, 7], dtype=dt) for lo, hi in ranges]
    P["randperm"] = []
    for seed in range(4):
        P["randperm"] += [S("seed", seed=seed)] + [S("randperm", n=n, dtype="int64")
                                                   for n in list(range(0, 41)) + [1000]]
    P["randperm_dtypes"] = [S("seed", seed=6)] + [
        S("randperm", n=n, dtype=dt) for dt in ("int32", "float32", "float64", "bool")
        for n in (0, 1, 7, 30)] + [S("randperm", n=-1, dtype="int64")]
    stds = [(0.0, 1.0), (0.3, 1.7), (-2.5, 0.1), (1e-3, 3.3), (5.0, 0.0), (0.0, -1.0),
            (1.0, 1.0), (0.0, 2.0)]
    for dt in FLOATS + ("int64",):
        P[f"normal_{dt}"] = [S("seed", seed=7)] + [
            S("normal_", shape=[n], dtype=dt, mean=m, std=s)
            for m, s in stds for n in (1, 5, 15, 16, 17, 33, 100)] + [
            S("normal_", shape=[0], dtype=dt, mean=0.0, std=1.0)]
        P[f"normal_layout_{dt}"] = [S("seed", seed=8)] + [
            S("normal_", shape=s, dtype=dt, mean=0.5, std=2.0, layout="t")
            for s in ([5, 5], [4, 4], [3, 2], [6, 8], [1, 20])]
    bounds = [(0.0, 1.0), (-3.3, 7.1), (2.0, 2.5), (1e-3, 1e3), (-1.0, 1.0), (1.0, 1.0),
              (1.0, 0.0), (-3e38, 3e38), (0.0, float("inf")), (-1.7e308, 1.7e308)]
    for dt in FLOATS + ("int32",):
        P[f"uniform_{dt}"] = [S("seed", seed=9)] + [
            S("uniform_", shape=[n], dtype=dt, low=a, high=b) for a, b in bounds
            for n in (1, 7, 40)] + [
            S("uniform_", shape=[3, 4], dtype=dt, low=-1.0, high=2.0, layout="t")]
    for dt in ("int64", "int32", "float32", "float64"):
        P[f"random__{dt}"] = [S("seed", seed=10)] + [
            S("random_", shape=[4, 3], dtype=dt, low=lo, high=hi, layout=lay)
            for lo, hi in ((0, 100), (-7, 2 ** 29), (0, 2 ** 25)) for lay in ("c", "t")]
    P["states"] = [S("seed", seed=11), S("get_state"), S("rand", shape=[623], dtype="float32"),
                   S("get_state"), S("rand", shape=[1], dtype="float32"), S("get_state"),
                   S("rand", shape=[1], dtype="float32"), S("get_state"),
                   S("randn", shape=[1], dtype="float64"), S("get_state"),
                   S("rand", shape=[700], dtype="float64"), S("set_state", ref=9),
                   S("randn", shape=[3], dtype="float64"), S("set_state", ref=3),
                   S("get_state"), S("rand", shape=[5], dtype="float32"),
                   S("initial_seed")]
    P["seeds"] = []
    for s in (-1, -5, 2 ** 64 - 1, 2 ** 63, 2 ** 32, 2 ** 32 + 7, 12345678901, -2 ** 63, 2 ** 64,
              -2 ** 63 - 1, 1.5, "3", True):
        P["seeds"] += [S("seed", seed=s), S("initial_seed"), S("rand", shape=[2], dtype="float32")]
    P["generators"] = [S("gen", name="g"), S("initial_seed", gen="g"), S("get_state", gen="g"),
                       S("randn", shape=[20], dtype="float32", gen="g"), S("seed", seed=12),
                       S("gen", name="h", seed=12), S("randn", shape=[3], dtype="float32"),
                       S("randn", shape=[3], dtype="float32", gen="h"),
                       S("randn", shape=[1], dtype="float32"),
                       S("randn", shape=[1], dtype="float32", gen="h"),
                       S("randint", low=0, high=9, shape=[5], dtype="int64", gen="h"),
                       S("randperm", n=9, dtype="int64", gen="h"),
                       S("normal_", shape=[20], dtype="float64", mean=1.0, std=2.0, gen="h"),
                       S("uniform_", shape=[3], dtype="float32", low=0.0, high=2.0, gen="h"),
                       S("get_state", gen="h"), S("set_state", ref=2, gen="h"),
                       S("rand", shape=[4], dtype="float64", gen="h"),
                       S("seed", seed=1.5, gen="h"), S("seed", seed="3", gen="h"),
                       S("seed", seed=2 ** 64, gen="h"), S("seed", seed=-1, gen="h"),
                       S("initial_seed", gen="h")]
    calls = ["torch.randn(2.0)", "torch.rand()", "torch.rand((2, 3), 4)", "torch.randn(-1)",
             "torch.randn(2, -3)", "torch.randn(3, dtype=torch.int64)",
             "torch.rand(3, dtype=torch.int64)", "torch.rand(3, dtype=torch.bool)",
             "torch.randint(3)", "torch.randint(0.5, 3, (3,))",
             "torch.randint(0, 3, (3,), requires_grad=True)",
             "torch.randint(0, 2 ** 63, (3,))", "torch.randperm(3.0)",
             "torch.randperm(3, dtype=torch.float32, requires_grad=True).requires_grad",
             "torch.rand(2, 3, requires_grad=True).requires_grad",
             "torch.randn([2, 3]).shape", "torch.rand(()).shape",
             "torch.randint(10, (2, 2)).dtype", "torch.randint(3, 10, size=(2,)).shape",
             "torch.randint(low=3, high=10, size=(2,)).shape", "torch.randint(10, size=(2,))",
             "torch.rand_like(torch.zeros(3, dtype=torch.int64))",
             "torch.randn_like(torch.zeros(3, dtype=torch.int64))",
             "torch.randn_like(torch.zeros(2, 3, dtype=torch.float64)).dtype",
             "torch.rand_like(torch.zeros(2, 3), dtype=torch.float64).dtype",
             "torch.set_rng_state([1, 2])", "torch.set_rng_state(torch.zeros(10, "
             "dtype=torch.float32))", "torch.manual_seed(None)",
             "torch.Generator().manual_seed('3')", "torch.manual_seed(7).initial_seed()"]
    calls += ["torch." + e for e in PARSE_CASES]
    P["calls"] = [S("seed", seed=13)] + [S("call", expr=c) for c in calls] + [
        S("randn", shape=[3], dtype="float32")]
    return P


def generated(count=150, seed=2024):
    rng = np.random.default_rng(seed)
    progs = {}
    for k in range(count):
        steps = [S("seed", seed=int(rng.integers(0, 2 ** 31)))]
        gens = []
        for _ in range(int(rng.integers(3, 13))):
            kind = rng.choice(["randn", "randn", "randn", "rand", "randint", "randperm",
                               "normal_", "uniform_", "random_", "state", "gen", "seed"])
            dt = str(rng.choice(FLOATS))
            n = int(rng.choice([1, 2, 3, 5, 8, 15, 16, 17, 24, 31, 32, 33, 48, 64, 100]))
            shape = [n] if rng.random() < 0.7 else [int(rng.integers(1, 6)), n]
            step = None
            if kind in ("randn", "rand"):
                step = S(kind, shape=shape, dtype=dt)
            elif kind == "randint":
                hi = int(rng.choice([2, 10, 1000, 2 ** 28 - 3, 2 ** 28 + 3, 2 ** 40]))
                step = S("randint", low=-int(rng.integers(0, 50)), high=hi, shape=shape,
                         dtype=str(rng.choice(["int64", "int64", "float64", "int32"])))
            elif kind == "randperm":
                step = S("randperm", n=int(rng.integers(0, 60)), dtype="int64")
            elif kind == "normal_":
                step = S("normal_", shape=shape, dtype=dt, mean=float(rng.normal()),
                         std=float(abs(rng.normal()) * 2),
                         layout="t" if len(shape) == 2 and rng.random() < 0.5 else "c")
            elif kind == "uniform_":
                a = float(rng.normal() * 3)
                step = S("uniform_", shape=shape, dtype=dt, low=a, high=a + float(rng.random() * 5))
            elif kind == "random_":
                step = S("random_", shape=shape, dtype="int64", low=0, high=int(rng.integers(1, 100)))
            elif kind == "state":
                steps.append(S("get_state"))
                ref = len(steps) - 1
                steps.append(S("randn", shape=[int(rng.integers(1, 20))], dtype=dt))
                step = S("set_state", ref=ref)
            elif kind == "gen":
                name = "g{}".format(len(gens))
                gens.append(name)
                step = S("gen", name=name, seed=int(rng.integers(0, 1000)))
            else:
                step = S("seed", seed=int(rng.integers(0, 2 ** 31)))
            if gens and rng.random() < 0.3 and step["op"] not in ("gen", "set_state"):
                step["gen"] = str(rng.choice(gens))
            steps.append(step)
        steps.append(S("get_state"))
        progs[f"generated_{k:03d}"] = steps
    return progs


def printed(torch):
    """Fingerprints of repr(randn(...)) per dtype: ``sweep`` rows, then ``shapes`` (seed 0)."""
    out = {}
    for dt in FLOATS:
        dtype = getattr(torch, dt)
        rows = []
        for s in SEEDS:
            row = []
            for n in SIZES:
                torch.manual_seed(s)
                row.append(rp.text_digest(repr(torch.randn(n, dtype=dtype))))
            rows.append(row)
        shapes = []
        for shape in PRINTED_SHAPES:
            torch.manual_seed(0)
            shapes.append(rp.text_digest(repr(torch.randn(*shape, dtype=dtype))))
        out[dt] = {"sweep": rows, "shapes": shapes}
    out["shape_list"] = [list(s) for s in PRINTED_SHAPES]
    return out


def record(torch):
    lib = rp.TorchLib(torch)
    sweep = {}
    for op in ("rand", "randn"):
        for dt in FLOATS:
            rows = []
            for s in SEEDS:
                row = []
                for n in SIZES:
                    torch.manual_seed(s)
                    row.append(rp.digest(getattr(torch, op)(n, dtype=getattr(torch, dt)).numpy()))
                rows.append(row)
            sweep[f"{op}/{dt}"] = rows
    big = {}
    for s, n in BIG:
        for dt in FLOATS:
            for op in ("rand", "randn"):
                torch.manual_seed(s)
                big[f"{op}/{dt}/{s}/{n}"] = rp.digest(
                    getattr(torch, op)(n, dtype=getattr(torch, dt)).numpy())
    programs = {}
    for name, prog in {**hand_written(), **generated()}.items():
        programs[name] = {"steps": prog, "expect": rp.encode(rp.run(lib, prog))}
    return {"torch": torch.__version__, "seeds": SEEDS, "sizes": SIZES, "sweep": sweep,
            "big": big, "printed": printed(torch), "programs": programs}


def main():
    """Record everything; ``--printed`` only (re)records the ``printed`` section."""
    import torch
    torch.set_num_threads(1)
    path = os.path.join(HERE, "random_golden.json")
    if "--printed" in sys.argv[1:]:
        with open(path) as f:
            data = json.load(f)
        data["printed"] = printed(torch)
    else:
        data = record(torch)
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes,", len(data["programs"]), "programs")


if __name__ == "__main__":
    main()
