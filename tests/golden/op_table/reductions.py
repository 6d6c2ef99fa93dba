"""Reductions, scans, softmax and matrix products: one entry per op.

Tolerances: torch adds float32 terms in its own order (vectorised partial sums), so a sum of
random values can differ in the last bits (gamma_(n-1) sum|x_i|, large relative to a result
that cancels).  sum, mean and cumsum therefore draw halves ("grid"): every partial sum is
exact in any order and the values are bit-identical (``exact``); mean adds one division.  Norms, softmax and matrix products (BLAS
with fused multiply-adds) are compared within ``ulps`` of the tensor's largest value
(``relative_to="tensor"``): n <= 4 products and sums a result, each rounding relative to a
term no larger than that value."""
from .info import Arg, OpInfo, Sample as S

_D34 = (Arg((3, 4), "distinct"),)
_NZ = "nonzero"
_TENSOR = dict(relative_to="tensor", inplace=False)

ENTRIES = [
    OpInfo("sum", exact=True, inplace=False, sampler="grid", samples=(
        S("{0}.sum()", ((2, 3),)),
        S("{0}.sum(dim=1)", ((2, 3),)),
        S("torch.sum({0}, (0, 2), keepdim=True)", ((2, 3, 2),)),
    )),
    OpInfo("mean", exact=True, inplace=False, sampler="grid", dtypes=("float32", "float64"),
           samples=(
        S("{0}.mean()", ((2, 3),)),
        S("torch.mean({0}, 0)", ((2, 3),)),
        S("{0}.mean(-1, keepdim=True)", ((2, 3),)),
    )),
    OpInfo("max", exact=True, inplace=False, sampler="distinct", samples=(
        S("{0}.max()", ((2, 3),)),
        S("{0}.max(dim=1).values", _D34),
        S("torch.max({0}, 0, keepdim=True).values", _D34),
        S("{0}.max() * 1.0", (Arg(values=(1.0, 3.0, 3.0, -1.0)),), eps=None),   # ties share
    )),
    OpInfo("min", exact=True, inplace=False, sampler="distinct", samples=(
        S("{0}.min()", ((2, 3),)),
        S("torch.min({0}, dim=0).values", _D34),
        S("{0}.min(1)[0]", _D34),
    )),
    OpInfo("norm", ulps=2, **_TENSOR, samples=(
        S("{0}.norm()", ((2, 3),)),
        S("{0}.norm(dim=1)", ((2, 3),)),
        S("torch.norm({0}, p=1)", (Arg((4,), _NZ),)),
        S("{0}.norm(p=3, dim=0)", (Arg((3, 2), _NZ),)),
        S("{0}.norm(p=float('inf'))", (Arg((4,), "distinct"),)),
        S("{0}.norm(p=float('-inf'), dim=1)", (Arg((2, 3), "distinct"),)),
        S("{0}.norm(p=0.5)", (Arg((4,), _NZ),)),
        S("{0}.norm(p=-1.5, dim=0)", (Arg((3, 2), _NZ),)),
        S("{0}.norm(p=1.5)", (Arg((4,), _NZ),)),
    )),
    OpInfo("cumsum", exact=True, inplace=False, sampler="grid", samples=(
        S("{0}.cumsum(0)", ((3, 2),)),
        S("torch.cumsum({0}, dim=1)", ((2, 3),)),
        S("{0}.cumsum(-1)", ((),)),                # a 0-d tensor (found by the fuzzer)
    )),
    OpInfo("cumprod", ulps=2, **_TENSOR, sampler="nonzero", samples=(
        S("{0}.cumprod(1)", ((2, 3),)),
        S("torch.cumprod({0}, dim=0)", ((3,),)),
    )),
    OpInfo("softmax", ulps=2, **_TENSOR, dtypes=("float32", "float64"), samples=(
        S("torch.softmax({0}, dim=0)", ((3, 2),)),
        S("{0}.softmax(-1)", ((2, 3),)),
        S("torch.nn.functional.softmax({0}, dim=1)", ((2, 4),)),
    )),
    OpInfo("log_softmax", ulps=2, **_TENSOR, dtypes=("float32", "float64"), samples=(
        S("torch.log_softmax({0}, dim=1)", ((2, 4),)),
        S("{0}.log_softmax(0)", ((3,),)),
        S("torch.nn.functional.log_softmax({0}, dim=-1)", ((2, 3),)),
    )),
    # matrix products: every shape pair of matmul, and the functions of one shape each
    OpInfo("matmul", ulps=4, **_TENSOR, samples=(
        S("{0} @ {1}", ((2, 3), (3, 4))),
        S("{0} @ {1}", ((4,), (4,))),
        S("{0} @ {1}", ((2, 3), (3,))),
        S("{0} @ {1}", ((3,), (3, 2))),
        S("{0} @ {1}", ((2, 2, 3), (2, 3, 2))),
        S("torch.matmul({0}, {1})", ((2, 1, 2, 3), (3, 3, 2))),
        S("{0}.matmul({1})", ((2, 2, 3), (3,))),
        S("{0} @ {1}", ((3,), (2, 3, 2))),
        S("{0} @ {1}", ((2, 2, 3), (3, 2))),
    )),
    OpInfo("mm", ulps=4, **_TENSOR, samples=(
        S("torch.mm({0}, {1})", ((2, 3), (3, 4)), fuzz=False),
        S("{0}.mm({1})", ((3, 2), (2, 2)), fuzz=False),
    )),
    OpInfo("mv", ulps=4, **_TENSOR, samples=(
        S("torch.mv({0}, {1})", ((2, 3), (3,)), fuzz=False),
        S("{0}.mv({1})", ((3, 2), (2,)), fuzz=False),
    )),
    OpInfo("dot", ulps=4, **_TENSOR, samples=(
        S("torch.dot({0}, {1})", ((4,), (4,)), fuzz=False),
        S("{0}.dot({1})", ((3,), (3,)), fuzz=False),
    )),
    OpInfo("outer", exact=True, inplace=False, also=("torch.ger",), samples=(
        S("torch.outer({0}, {1})", ((3,), (2,)), fuzz=False),
    )),
]
