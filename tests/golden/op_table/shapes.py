"""Views, reshapes, indexing, joining, copies and in-place writes: one entry per op.

They move values without arithmetic (or cast them), so every one is exact.  In-place writes
run on a non-leaf copy (``{0} * 1``) and combine the result with an input, so that the check
sees the gradient that flows past the overwritten values too."""
from .info import Arg, OpInfo, Sample as S

_E = dict(exact=True, inplace=False)

ENTRIES = [
    OpInfo("view", **_E, samples=(
        S("{0}.view(6) * 1.0", ((2, 3),), fuzz=False),
        S("{0}.view(-1)", ((2, 3),)),
        S("{0}.view_as(torch.ones(6))", ((2, 3),), fuzz=False),
    )),
    OpInfo("reshape", **_E, samples=(
        S("{0}.t().reshape(6)", ((2, 3),), fuzz=False),            # a copy: UnsafeView
        S("{0}.t().reshape(1, 3, 2)", ((2, 3),), fuzz=False),      # ReshapeAlias
        S("torch.reshape({0}, (-1,))", ((2, 3),)),
        S("{0}.reshape_as(torch.ones(3, 2))", ((2, 3),), fuzz=False),
    )),
    OpInfo("flatten", **_E, samples=(
        S("{0}.flatten()", ((2, 3),)),
        S("torch.flatten({0}, 1)", ((2, 3, 2),), fuzz=False),
    )),
    OpInfo("squeeze", **_E, samples=(
        S("{0}.squeeze()", ((1, 3, 1),)),
        S("torch.squeeze({0}, 0)", ((1, 3),)),
        S("{0}.squeeze((0, 2))", ((1, 3, 1),), fuzz=False),
    )),
    OpInfo("unsqueeze", **_E, samples=(
        S("{0}.unsqueeze(1)", ((3,),), fuzz=False),
        S("torch.unsqueeze({0}, 0)", ((2, 3),)),
        S("{0}[None]", ((3,),)),
    )),
    OpInfo("t", **_E, samples=(
        S("{0}.t()", ((2, 3),)),
        S("{0}.T", ((2, 3),)),
        S("{0}.mT", ((2, 3),), fuzz=False),
        S("torch.t({0})", ((3,),), fuzz=False),
    )),
    OpInfo("transpose", **_E, samples=(
        S("{0}.transpose(0, 2)", ((2, 3, 2),), fuzz=False),
        S("torch.transpose({0}, 0, -1)", ((2, 3),)),
    )),
    OpInfo("permute", **_E, samples=(
        S("{0}.permute(2, 0, 1)", ((2, 3, 2),), fuzz=False),
        S("torch.permute({0}, (1, 0))", ((2, 3),), fuzz=False),
    )),
    OpInfo("expand", **_E, samples=(
        S("{0}.expand(2, 3, 2)", ((3, 1),), fuzz=False),
        S("{0}.expand(2, *{0}.shape)", ((2, 3),)),
        S("{0}.expand_as(torch.ones(2, 3))", ((3,),), fuzz=False),
    )),
    OpInfo("__getitem__", **_E, samples=(
        S("{0}[1]", ((3, 2),), fuzz=False),
        S("{0}[:, -1]", ((3, 2),), fuzz=False),
        S("{0}[1:3]", ((4, 2),), fuzz=False),
        S("{0}[..., ::2]", ((2, 5),)),
        S("{0}[[0, 2, 0]]", ((3, 2),), fuzz=False),
        S("{0}[torch.tensor([[True, False], [False, True], [True, True]])]", ((3, 2),),
          fuzz=False),
        S("{0}[{0} > 0]", ((2, 3),)),
        S("{0}[0]", ((2, 3),)),
        S("{0}[[0, 0]]", ((2, 3),)),
    )),
    OpInfo("cat", **_E, also=("torch.concat", "torch.concatenate"), samples=(
        S("torch.cat([{0}, {1}], dim=1)", ((2, 2), (2, 3)), fuzz=False),
        S("torch.cat([{0}, {1}])", ((2, 3), (1, 3))),
    )),
    OpInfo("stack", **_E, samples=(
        S("torch.stack([{0}, {1}], dim=1)", ((2, 3), (2, 3))),
        S("torch.stack([{0}, {1}])", ((2,), (2,))),
    )),
    OpInfo("clone", **_E, samples=(S("{0}.clone()", ((2, 2),)), S("torch.clone({0})", ((3,),)))),
    OpInfo("contiguous", **_E, samples=(S("{0}.t().contiguous()", ((2, 3),), fuzz=False),)),
    # x.float().double() is the identity up to float32 rounding, so no truncation error: f(x +
    # eps) and f(x - eps) are each within half an ulp of x +- eps, and an ulp below 4 (the
    # inputs reach 2.0, gradgradcheck's grad_outputs lie in [-1, 1)) is at most 2^-22, so the
    # central difference is within 2^-22 / (2 eps) of the exact derivative 1 (or 0): eps =
    # 1e-3 keeps that at 1.2e-4 (the default 1e-6 would allow 0.12); the finite-difference
    # check (eps 1e-2, atol 1e-4) the same way
    OpInfo("to", **_E, dtypes=("float32", "float64"), samples=(
        S("{0}.to(torch.float64) * 1.0", ((3,),)),
        S("{0}.float().double()", (Arg(values=(0.5, -1.25, 2.0)),), eps=1e-2, atol=1e-4),
        S("{0}.type(torch.float32).type_as({0})", (Arg(values=(0.5, -1.25, 2.0)),),
          eps=1e-2, atol=1e-4),
    ), gradcheck={"eps": 1e-3, "atol": 2.0 ** -22 / (2 * 1e-3)}),
    # in place, on a non-leaf copy
    OpInfo("zero_", exact=True, inplace=False, samples=(
        S("({0} * 1).zero_() + {1}", ((2, 3), (2, 3)), fuzz=False),)),
    OpInfo("fill_", exact=True, inplace=False, samples=(
        S("({0} * 1).fill_(2.0) * {1}", ((2, 3), (2, 3)), fuzz=False),
        S("({0} * 1).fill_({1} * 2) * {0}", ((2, 3), ()), fuzz=False),
    )),
    OpInfo("copy_", exact=True, inplace=False, samples=(
        S("({0} * 1).copy_({1} * 2) * {0}", ((2, 3), (3,)), fuzz=False),)),
    # x[index] = value: index_put_ (integer arrays), fill_ (a 0-d value), copy_ (a tensor),
    # and CopySlices (a write through a view)
    OpInfo("__setitem__", **_E, samples=(
        S("(y := {0} * 1).__setitem__([0, 2], {1}) or y", ((3,), (2,)), fuzz=False),
        S("((y := {0} * 1).__setitem__(slice(None), {1}) or y) * {0}", ((3,), ()), fuzz=False),
        S("((y := {0} * 1).__setitem__(slice(None), {1}) or y) * {0}", ((3,), (3,)),
          fuzz=False),
        S("(y := {0} * 1).__setitem__(1, {1} * 2) or y.__setitem__((2, 0), 7.0) or y",
          ((3, 2), (2,)), fuzz=False),
    )),
]
