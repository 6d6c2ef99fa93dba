"""The op table (tests/golden/op_table) against autograd_bn, without torch.

Coverage: every declared elementwise op has an entry and every entry an op; every public
function, method and nn.functional name is an entry's (or NOT_OPS says why it is not a
differentiable op); every row of the derivatives table is reached (test_gradcheck_ops.py).
Each entry: its forms agree (method, function, aliases, in-place, ``also``), the in-place
flag is the library's, and every sample passes autograd_bn's gradcheck and gradgradcheck
(when the entry has a second derivative).  Against torch: tests/live/test_op_table_live.py;
finite differences of every sample: test_gradcheck_ops.py.
"""
import zlib

import numpy as np
import pytest

import autograd_bn as torch
import op_table
from autograd_bn.autograd import gradcheck, gradgradcheck
from autograd_bn.ops.declare import DECLARED
from autograd_bn.ops.registry import NODES
from op_cases import node_classes, sample_function
from tools.support_table import rows

ELEMENTWISE = [e for e in op_table.TABLE if e.elementwise]
OTHERS = [e for e in op_table.TABLE if not e.elementwise]


def _forms(entry):
    return DECLARED[entry.fn].forms() if entry.elementwise else None


def test_every_declared_op_has_an_entry():
    missing = sorted(set(DECLARED) - {e.fn for e in ELEMENTWISE})
    assert not missing, "declared ops with no entry in tests/golden/op_table: " + ", ".join(
        missing)


def test_every_elementwise_entry_is_a_declared_op():
    unknown = sorted(e.name for e in ELEMENTWISE if e.fn not in DECLARED)
    assert not unknown, unknown


def _public():
    part = dict(rows())
    return ({"torch." + n for n in part["torch"]} | {"Tensor." + n for n in part["Tensor"]}
            | {"torch.nn.functional." + n for n in part["nn.functional"]})


def test_every_public_differentiable_name_has_an_entry():
    covered = set().union(*(op_table.covered_names(e, _forms(e)) for e in op_table.TABLE))
    missing = sorted(_public() - op_table.not_ops() - covered)
    assert not missing, ("public names with no op table entry (add one to tests/golden/"
                         "op_table, or to NOT_OPS if not differentiable): " + ", ".join(missing))


def test_not_ops_lists_only_names_that_exist():
    public = _public() | {"torch.tensor"}
    listed = {n for group in op_table.NOT_OPS.values() for n in group.split()}
    stale = sorted(n for n in listed if not ({n, "torch." + n, "Tensor." + n} & public))
    assert not stale, stale


@pytest.mark.parametrize("entry", op_table.TABLE, ids=[e.name for e in op_table.TABLE])
def test_inplace_flag_is_the_librarys(entry):
    if entry.elementwise:
        assert entry.inplace == (DECLARED[entry.fn].inplace_method is not None)
    else:       # (Tensor.normal_ is a random fill, not normal's in-place form: NOT_OPS)
        name = f"Tensor.{entry.fn}_"
        assert entry.inplace == (hasattr(torch.Tensor, entry.fn + "_")
                                 and name not in op_table.not_ops())


def _leaf(entry):
    x = op_table.inputs(entry, np.random.default_rng(zlib.crc32(entry.name.encode())), (2, 3))
    return torch.tensor(x.tolist(), dtype=torch.float64, requires_grad=True)


@pytest.mark.parametrize("entry", ELEMENTWISE, ids=[e.name for e in ELEMENTWISE])
def test_elementwise_forms_agree(entry):
    x = _leaf(entry).detach()
    want = getattr(x, entry.fn)(**entry.kwargs)
    methods, functions = DECLARED[entry.fn].forms()
    forms = [getattr(torch, f)(x, **entry.kwargs) for f in functions if not f.endswith("_")]
    forms += [getattr(x, m)(**entry.kwargs) for m in methods if not m.endswith("_")]
    forms += [eval(name + "(x)", {"torch": torch, "x": x}) for name in entry.also]
    for name in [m for m in methods if m.endswith("_")]:
        y = x.clone()
        assert getattr(y, name)(**entry.kwargs) is y
        forms.append(y)
    for name in [f for f in functions if f.endswith("_")]:
        y = x.clone()
        assert getattr(torch, name)(y, **entry.kwargs) is y
        forms.append(y)
    for got in forms:
        assert got.dtype is want.dtype
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def _alias_source(entry, name):
    """(sample, source of ``name`` in place of the op in one of the entry's samples)."""
    short = name.rsplit(".", 1)[-1]
    method = "{0}." + entry.fn + "("
    if name.startswith("Tensor."):
        old, new = method, (f"({{0}} * 1).{short}(" if short.endswith("_")
                            else f"{{0}}.{short}(")
    else:
        old, new = f"torch.{entry.fn}(", name + "("
    for k, sample in enumerate(entry.all_samples()):
        if old not in sample.call or not sample.aliases:
            continue
        source = sample.call.replace(old, new, 1)
        try:      # the first sample the form can run (an in-place form cannot broadcast self)
            sample_function(sample, source=source)(*_leaves(op_table.sample_inputs(entry, k)))
        except RuntimeError:
            continue
        return sample, source
    raise AssertionError(f"{entry.name}: no sample calls the op in a form {name} can replace")


def _outcome(fn, arrays):
    xs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    y = fn(*xs)
    grads = torch.autograd.grad(y, xs, torch.ones_like(y), allow_unused=True)
    return (type(y.grad_fn).__name__, y.detach().numpy(),
            [None if g is None else g.numpy() for g in grads])


ALIASES = [(e, n) for e in OTHERS
           for n in e.also + ((f"Tensor.{e.fn}_",) if e.inplace else ())]


@pytest.mark.parametrize("entry,name", ALIASES, ids=[n for _e, n in ALIASES])
def test_other_forms_agree(entry, name):
    """An alias (torch.divide, Tensor.clip) or the in-place form (on a non-leaf copy) gives
    the op's values, node and gradients."""
    sample, source = _alias_source(entry, name)
    k = entry.all_samples().index(sample)
    arrays = op_table.sample_inputs(entry, k)
    want = _outcome(sample_function(sample), arrays)
    got = _outcome(sample_function(sample, source=source), arrays)
    assert got[0] == want[0]
    np.testing.assert_array_equal(got[1], want[1])
    for a, b in zip(got[2], want[2]):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_array_equal(a, b)
    if name.endswith("_"):
        fn = sample_function(sample, source=source)
        assert gradcheck(fn, _leaves(arrays), **entry.gradcheck)


def _leaves(arrays):
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]


CHECKED = [(e, k, s) for e, k, s in op_table.SAMPLES if s.eps is not None]


@pytest.mark.parametrize("entry,k,sample", CHECKED, ids=[e.sample_id(k) for e, k, _ in CHECKED])
def test_gradcheck_and_gradgradcheck(entry, k, sample):
    """torch's gradcheck defaults (eps 1e-6, atol 1e-5, rtol 1e-3): for these smooth float64
    samples the central difference is off by eps^2 |f'''| / 6 (~1e-12) from truncation and by
    about u |f| / eps (~1e-10) from rounding, far inside; the float32 round trip of ``to``
    has its own options (derived at its entry, op_table/shapes.py)."""
    fn = sample_function(sample)
    options = dict(entry.gradcheck) or ({"eps": entry.eps} if entry.elementwise else {})
    arrays = op_table.sample_inputs(entry, k)
    assert gradcheck(fn, _leaves(arrays), **options)
    if entry.higher_order:
        assert gradgradcheck(fn, _leaves(arrays), **options)


def _wrong(row):
    right = row.apply

    def wrong(self, g, F):
        return [gi * 1.01 if gi is not None else None for gi in right(self, g, F)]
    return wrong


@pytest.mark.parametrize("row,entry", [("MulBackward0", "mul"), ("SumBackward1", "sum"),
                                       ("MmBackward0", "mm"), ("IndexBackward0", "__getitem__")])
def test_a_wrong_row_fails_its_entrys_checks(monkeypatch, row, entry):
    """The table's checks can fail: with a row's gradients off by 1%, gradcheck of the
    entry's samples that record the row fails (the finite-difference, golden and live suites
    fail the same way, checked by hand with the formula edited in derivatives.py)."""
    node = NODES[row]
    entry = op_table.BY_NAME[entry]
    using = []
    for k, sample in enumerate(entry.all_samples()):
        fn = sample_function(sample)
        xs = _leaves(op_table.sample_inputs(entry, k))
        if node in node_classes(fn(*xs)):
            using.append((fn, xs))
    assert using, f"no sample of {entry.name} records {row}"
    monkeypatch.setattr(node, "apply", _wrong(node))
    for fn, xs in using:
        assert gradcheck(fn, xs, raise_exception=False) is False
