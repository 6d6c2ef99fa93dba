"""Arithmetic of two operands and the elementwise selections (clamp, where, maximum ...): one
entry per op, its samples covering the overloads (tensor/scalar, broadcasting, keywords).

Tolerances: + - * / and clamp/where/maximum round once per element (IEEE), the same rounding
in both libraries: exact.  add, sub and mul draw halves ("grid"), so that their recorded
programs (tests/golden/make_engine_golden.py) round nowhere and are compared bit for bit.  pow and remainder go through the C library or a division and a
floor, within 1 ulp of torch's in float32 (and 2 in float64, test_op_table_live)."""
from .info import Arg, OpInfo, Sample as S

_NZ = Arg((3,), "nonzero")
_POS_DIVISOR = ("{0}", "({0}.abs() + 1)")

ENTRIES = [
    # torch adds alpha * other with a fused multiply-add (one rounding), autograd_bn rounds the
    # product first: half an ulp of |alpha other| <= 5 apart, 2 ulps of the tensor's largest
    # value (at least 1); bit-identical for alpha 1
    OpInfo("add", ulps=2, relative_to="tensor", sampler="grid", samples=(
        S("{0} + {1}", ((2, 3), (3,))),
        S("torch.add({0}, {1}, alpha=2.5)", ((2, 3), (2, 3))),
        S("{0}.add({1}, alpha=-1.5)", ((2, 3), (3,))),
        S("2.0 + {0}", ((3,),)),
    )),
    OpInfo("sub", exact=True, sampler="grid", also=("torch.subtract", "Tensor.subtract"),
           samples=(
        S("{0} - {1}", ((2, 1), (1, 3))),
        S("torch.sub({0}, {1}, alpha=-0.5)", ((3,), (3,))),
        S("2 - {0}", ((2, 2),)),
        S("{0}.sub(2.5)", ((3,),)),
    )),
    OpInfo("mul", exact=True, sampler="grid", also=("torch.multiply", "Tensor.multiply"),
           samples=(
        S("{0} * {1}", ((2, 3), (2, 1))),
        S("{0}.mul({1})", ((2, 3), (3,))),
        S("torch.mul({0}, 2.5)", ((3,),)),
    )),
    OpInfo("div", exact=True, fit=_POS_DIVISOR,
           also=("torch.divide", "torch.true_divide", "Tensor.divide", "Tensor.true_divide"),
           samples=(
        S("{0} / {1}", ((3, 2), Arg((2,), "nonzero"))),
        S("3.0 / {0}", (Arg((4,), "nonzero"),)),
        S("{0}.div(2.5)", ((3,),)),
        S("torch.div({0}, {1})", ((2, 3), Arg((2, 3), "nonzero"))),
        # rounding modes: a step function, its gradient zero (DivBackward2), plus a * b so
        # that the check sees a non-zero gradient too
        # (torch.true_divide takes no rounding_mode; autograd_bn's accepts one, a difference
        # left for the library)
        S("{0}.div({1}, rounding_mode='floor') + {0} * {1}", ((3,), _NZ), fuzz=False,
          aliases=False),
        S("torch.div({0}, 0.7, rounding_mode='trunc') + {0}", ((3,),), aliases=False),
    )),
    OpInfo("remainder", fit=_POS_DIVISOR, inplace=False, samples=(
        S("{0} % 1.5", ((4,),)),
        S("{0} % {1}", ((2, 3), _NZ)),
        S("{0}.remainder({1})", ((2, 3), _NZ)),
    )),
    OpInfo("pow", fit=("({0}.abs() + 1)", "{0}"), samples=(
        S("{0} ** 3", ((4,),)),
        S("{0} ** 1.5", (Arg((4,), "positive"),)),
        S("{0} ** 0", ((3,),)),
        S("{0} ** {1}", (Arg((2, 3), "positive"), (2, 3))),
        S("torch.pow({0}, {1})", (Arg((2, 3), "positive"), (3,))),
        S("2.5 ** {0}", ((3,),)),
        S("{0}.pow(2)", ((2, 2),)),
    )),
    OpInfo("clamp", exact=True, also=("torch.clip", "Tensor.clip", "Tensor.clip_"),
           samples=(
        S("{0}.clamp(-0.9, 1.1)", (Arg(values=(-2.0, -0.5, 0.3, 1.0, 1.7)),)),
        S("{0}.clamp(min=0.1)", (Arg(values=(-2.0, -0.5, 0.3, 1.0)),)),
        S("torch.clamp({0}, max=0.1)", (Arg(values=(-2.0, -0.5, 0.3, 1.0)),)),
        # tensor bounds (broadcast): every element below, inside or above its bounds, no ties
        S("{0}.clamp({1}, {2})", (Arg(values=((-2.0, -0.5, 0.3), (1.0, 1.7, 0.1))),
                                  Arg(values=(-0.9, -0.4, 0.2)), Arg(values=((1.1,), (0.5,)))),
          fuzz=False),
        S("torch.clamp({0}, {1}, {2})", (Arg(values=(0.0, 2.0, -1.0)),
                                         Arg(values=(1.0, 1.5, 0.5)),
                                         Arg(values=(0.5, 1.0, -0.5))), fuzz=False),
        S("{0}.clamp(min={1})", ((2, 3), Arg(values=(-0.5, 0.3, 1.2))), fuzz=False),
    )),
    OpInfo("where", exact=True, inplace=False, samples=(
        S("torch.where(torch.tensor([[True, False, True], [False, False, True]]), {0}, {1})",
          ((2, 3), (3,)), fuzz=False),
        S("torch.where({0} > 0, {0}, 0.5 * {0})", ((2, 3),)),
        S("{0}.where({0} > {1}, {1})", ((2, 3), (2, 3))),
    )),
    OpInfo("maximum", exact=True, inplace=False, sampler="distinct", samples=(
        S("torch.maximum({0}, {1})", ((2, 3), Arg((2, 3), shift=0.1))),
        S("{0}.maximum({1})", ((2, 3), (3,))),
    )),
    OpInfo("minimum", exact=True, inplace=False, sampler="distinct", samples=(
        S("torch.minimum({0}, {1})", ((2, 3), Arg((2, 3), shift=0.1))),
        S("{0}.minimum({1})", ((2, 3), (3,))),
    )),
]
