"""Structural guards for the hot path's attribute reads (no timing here).

CPython (3.11+) specialises an attribute read only when the object's class has no
``__getattr__``; with one, every ``t._data`` or ``node._next`` takes the slow generic path.
So the missing-name message of Tensor and the ``grad_fn._saved_*`` attributes are class
attributes, and these tests check that they stay so and still behave as before.
"""
import pytest

import autograd_bn as ab
from autograd_bn.autograd.graph import Node


@pytest.mark.parametrize("cls", [ab.Tensor, ab.nn.Parameter, Node,
                                 type(ab.ones(1, requires_grad=True).exp().grad_fn)])
def test_no_getattr_hook(cls):
    assert not any("__getattr__" in vars(k) or "__getattribute__" in vars(k)
                   for k in cls.__mro__ if k is not object)


def test_absent_torch_names_are_hidden_and_explained():
    t = ab.ones(2)
    assert not hasattr(t, "unfold") and not hasattr(ab.Tensor, "unfold")
    assert "unfold" not in dir(t) and "unfold" not in dir(ab.Tensor)
    assert "sum" in dir(t) and "sum" in dir(ab.Tensor) and "shape" in dir(t)
    with pytest.raises(AttributeError, match="teaching subset"):
        t.unfold
    with pytest.raises(AttributeError, match=r"^type object 'Tensor' has no attribute 'unfold'$"):
        ab.Tensor.unfold
    with pytest.raises(AttributeError, match=r"^'Tensor' object has no attribute 'unfold'$"):
        t.unfold = 1
    # a name torch does not have either: Python's message, as torch gives
    with pytest.raises(AttributeError, match=r"^'Tensor' object has no attribute 'shapee'$"):
        t.shapee


def test_a_subclass_may_use_an_absent_name():
    class Mine(ab.Tensor):
        pass
    m = Mine._from_array(ab.ones(2)._data)
    with pytest.raises(AttributeError, match="teaching subset"):
        m.unfold
    m.unfold = 5
    assert m.unfold == 5
    del m.unfold
    assert not hasattr(m, "unfold")


def test_saved_attributes_of_a_node_class():
    x = ab.ones(2, requires_grad=True)
    node = (x ** 3).grad_fn
    assert node._saved_exponent == 3 and node._saved_self is x
    assert type(node._raw_saved_self).__name__ == "SavedTensor"
    s = x.sum(0).grad_fn
    assert s._saved_self_sym_sizes == (2,)
    with pytest.raises(AttributeError, match=r"^'PowBackward0' object has no attribute "
                                             r"'_saved_foo'$"):
        node._saved_foo


@pytest.mark.parametrize("inline", [True, False])
def test_warnings_off_in_ops_and_backward_with_or_without_the_inline_state(inline, monkeypatch):
    # the binary ops and the backward pass set NumPy's error state inline (ops/quiet.py's
    # STATE); where NumPy has no such variable they fall back to quiet.call / Quiet
    import numpy as np
    from autograd_bn.autograd import engine
    from autograd_bn.ops import arithmetic
    if not inline:
        monkeypatch.setattr(engine, "STATE", None)
        monkeypatch.setattr(arithmetic, "_STATE", None)
    x = ab.tensor([0.0, 1.0], requires_grad=True)
    with np.errstate(all="raise"):
        y = x * float("inf") * 0          # inf * 0: NaN silently, as in torch
        y.sum().backward()
    assert np.isnan(y._data).all() and np.isnan(x.grad._data).all()
