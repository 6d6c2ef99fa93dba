"""Regressions for issue 11, "wrong values or gradients": an adversarial run against torch.

Every expected value, gradient, grad_fn name, warning and message below was recorded from
torch 2.13 (CPU) by running the same lines with ``torch``; these tests replay them without
torch.  tests/live/test_adversarial_values.py runs the same classes of input live against torch.
"""
import warnings

import numpy as np
import pytest

import autograd_bn as torch


def _raises(cls, text, fn):
    with pytest.raises(cls) as info:
        fn()
    assert str(info.value) == text


def _bits(t):
    """A tensor's values as a list that tells -0.0 from 0.0 and compares NaN equal."""
    return [repr(v) for v in np.asarray(t.detach().numpy(), dtype=np.float64).ravel().tolist()]


def _quiet(fn):
    """Run fn, failing on any warning (NumPy's RuntimeWarnings must not leak)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn()


# --- a leaf that stops requiring grad after the graph was built ------------------------------
def test_leaf_that_stopped_requiring_grad_gets_no_grad():
    a = torch.tensor([1., 2.], requires_grad=True)
    b = a * 2
    a.requires_grad_(False)
    (b * a).sum().backward()
    assert a.grad is None

    a = torch.tensor([1., 2.], requires_grad=True)
    b = a * 2
    b.sum().backward(retain_graph=True)
    a.requires_grad = False
    b.sum().backward()
    assert a.grad.tolist() == [2., 2.]          # the first pass only

    a = torch.tensor([1., 2.], requires_grad=True)
    b = a * 2
    a.detach_()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")            # torch's create_graph reference-cycle note
        b.sum().backward(create_graph=True)
    assert a.grad is None


def test_leaf_hooks_still_run_and_turning_it_back_on_accumulates():
    a = torch.tensor([1., 2.], requires_grad=True)
    seen = []
    a.register_hook(lambda g: seen.append(g.tolist()))
    b = a * 2
    a.requires_grad_(False)
    b.sum().backward()
    assert seen == [[2., 2.]] and a.grad is None
    a.requires_grad_(True)
    (a * 2).sum().backward()
    b = a * 3
    a.requires_grad_(False)
    a.requires_grad_(True)
    b.sum().backward()
    assert a.grad.tolist() == [5., 5.]


def test_backward_inputs_that_do_not_require_grad():
    a = torch.tensor([1., 2.], requires_grad=True)
    c = torch.tensor([1., 2.], requires_grad=True)
    b = a * c
    a.requires_grad_(False)
    _raises(RuntimeError, "can't retain_grad on Tensor that has requires_grad=False",
            lambda: b.sum().backward(inputs=[a]))
    b.sum().backward(inputs=[c])
    assert a.grad is None and c.grad.tolist() == [1., 2.]
    _raises(RuntimeError, "One of the differentiated Tensors does not require grad",
            lambda: torch.autograd.grad(b.sum(), a))
