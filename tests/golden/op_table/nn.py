"""Loss functions, linear, dropout and normal sampling: one entry per op.

Losses reduce: a mean of n terms compared within ``ulps`` of the largest value.  dropout and
normal draw random numbers: their calls seed a generator first, so each call is the same
function of its inputs (finite differences need that) and both libraries draw the same
numbers (autograd_bn's generator is torch's, bit for bit)."""
from .info import Arg, OpInfo, Sample as S

_NF = "torch.nn.functional."
_LOSS = dict(ulps=4, relative_to="tensor", inplace=False)
_PROB = Arg((2, 3), domain=(0.1, 0.9))
# the targets are constants: autograd_bn does not compute a target's gradient (torch does
# when the target requires grad; derivatives_losses.py says so)
_TARGET = "torch.tensor([[0.2, 0.9, 0.5], [0.7, 0.1, 0.4]], dtype={0}.dtype)"

ENTRIES = [
    OpInfo("nll_loss", op=_NF + "nll_loss", **_LOSS, samples=(
        S(_NF + "nll_loss({0}, torch.tensor([1, 0, 2]))", ((3, 4),), fuzz=False),
        S(_NF + "nll_loss({0}, torch.tensor([3, 0, 2]), reduction='sum')", ((3, 4),),
          fuzz=False),
        S(_NF + "nll_loss({0}, torch.tensor([1, -100, 2]))", ((3, 4),), fuzz=False),
        S(_NF + "nll_loss({0}, torch.tensor([1, -100, 2]), reduction='none')", ((3, 4),),
          fuzz=False),
    )),
    OpInfo("cross_entropy", op=_NF + "cross_entropy", **_LOSS, samples=(
        S(_NF + "cross_entropy({0}, torch.tensor([1, 0]))", ((2, 3),), fuzz=False),
    )),
    OpInfo("mse_loss", op=_NF + "mse_loss", **_LOSS, samples=(
        S(_NF + "mse_loss({0}, {1})", ((2, 3), (2, 3))),
        S(_NF + "mse_loss({0}, {1}, reduction='sum')", ((4,), (4,))),
    )),
    OpInfo("l1_loss", op=_NF + "l1_loss", **_LOSS, sampler="distinct", samples=(
        S(_NF + "l1_loss({0}, {1})", ((2, 3), Arg((2, 3), "distinct", shift=0.1))),
    )),
    # torch's double backward of binary_cross_entropy is its own formula (with the 1e-12 of
    # its first one placed differently); autograd_bn differentiates the first formula: the
    # second derivatives differ by ~2e-11 relative (measured), far above rounding
    OpInfo("binary_cross_entropy", op=_NF + "binary_cross_entropy", **_LOSS, gradgrad_rtol=1e-10,
           samples=(
        S(_NF + f"binary_cross_entropy({{0}}, {_TARGET})", (_PROB,), fuzz=False),
    )),
    OpInfo("binary_cross_entropy_with_logits", op=_NF + "binary_cross_entropy_with_logits",
           **_LOSS, samples=(
        S(_NF + f"binary_cross_entropy_with_logits({{0}}, {_TARGET})", ((2, 3),), fuzz=False),
        S(_NF + f"binary_cross_entropy_with_logits({{0}}, {_TARGET}, pos_weight=torch.tensor("
          "[1.0, 2.0, 0.5], dtype={0}.dtype))", ((2, 3),), fuzz=False),
    )),
    OpInfo("linear", op=_NF + "linear", ulps=4, relative_to="tensor", inplace=False,
           samples=(
        S(_NF + "linear({0}, {1}, {2})", ((2, 3), (4, 3), (4,)), fuzz=False),
    )),
    OpInfo("dropout", op=_NF + "dropout", exact=True, inplace=False, samples=(
        S("torch.manual_seed(0) and " + _NF + "dropout({0}, 0.5)", ((2, 3),)),
    )),
    # torch's gradient of normal is zero (the draw is not reparameterised), not the derivative
    # of the seeded function: no finite-difference check (eps None), torch's rule live
    OpInfo("normal", exact=True, inplace=False, sampler="positive", grad="zero",
           dtypes=("float32", "float64"), samples=(
        S("torch.normal({0}, {1}, generator=torch.Generator().manual_seed(0))",
          ((2, 3), (2, 3)), eps=None, fuzz=False),
        S("torch.normal({0}, 1.0, generator=torch.Generator().manual_seed(0))", ((3,),),
          eps=None, fuzz=False),
        S("torch.normal(0.0, {0}, generator=torch.Generator().manual_seed(0))", ((3,),),
          eps=None, fuzz=False),
    )),
]
