"""The op table (tests/golden/op_table.py) against the declarations (autograd_bn/ops/unary_ops.py):
every declared op has an entry and every entry an op; each entry's forms agree with each other
(method, function, in-place, aliases) and pass autograd_bn's gradcheck and gradgradcheck.
(Against torch: tests/live/test_op_table_live.py; finite differences: test_gradcheck_ops.py.)"""
import zlib

import numpy as np
import pytest

import autograd_bn as torch
import op_table
from autograd_bn.autograd import gradcheck, gradgradcheck
from autograd_bn.ops.declare import DECLARED


def test_every_declared_op_has_an_entry():
    missing = sorted(set(DECLARED) - {e.fn for e in op_table.TABLE})
    assert not missing, "declared ops with no entry in tests/golden/op_table.py: " + ", ".join(
        missing)


def test_every_entry_is_a_declared_op():
    unknown = sorted(e.name for e in op_table.TABLE if e.fn not in DECLARED)
    assert not unknown, unknown


@pytest.mark.parametrize("entry", op_table.TABLE, ids=[e.name for e in op_table.TABLE])
def test_inplace_flag_is_the_declarations(entry):
    assert entry.inplace == (DECLARED[entry.fn].inplace_method is not None)


def _leaf(entry):
    x = op_table.inputs(entry, np.random.default_rng(zlib.crc32(entry.name.encode())), (2, 3))
    return torch.tensor(x.tolist(), dtype=torch.float64, requires_grad=True)


@pytest.mark.parametrize("entry", op_table.TABLE, ids=[e.name for e in op_table.TABLE])
def test_forms_agree(entry):
    x = _leaf(entry).detach()
    want = getattr(x, entry.fn)(**entry.kwargs)
    forms = [getattr(torch, entry.fn)(x, **entry.kwargs)]
    for alias in DECLARED[entry.fn].aliases:
        forms.append(getattr(x, alias)(**entry.kwargs))
    if entry.inplace:
        y = x.clone()
        assert getattr(y, entry.fn + "_")(**entry.kwargs) is y
        forms.append(y)
    for got in forms:
        assert got.dtype is want.dtype
        np.testing.assert_array_equal(got.numpy(), want.numpy())


@pytest.mark.parametrize("entry", op_table.TABLE, ids=[e.name for e in op_table.TABLE])
def test_gradcheck_and_gradgradcheck(entry):
    def fn(a):
        return getattr(a, entry.fn)(**entry.kwargs)
    x = _leaf(entry)
    assert gradcheck(fn, (x,), eps=entry.eps)
    if entry.higher_order:
        assert gradgradcheck(fn, (x,), eps=entry.eps)
