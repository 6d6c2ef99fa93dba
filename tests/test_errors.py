"""Every error of torch-compat.md section 3: exact class and message (measured on torch 2.13),
and after the error the tensors involved are unchanged and still usable."""
import warnings

import numpy as np
import pytest

import autograd_bn as torch

SECOND = ("Trying to backward through the graph a second time (or directly access saved tensors "
          "after they have already been freed). Saved intermediate values of the graph are freed "
          "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
          "backward through the graph a second time or if you need to access saved tensors after "
          "calling backward.")
LEAF = "a leaf Variable that requires grad is being used in an in-place operation."
VIEW_LEAF = "a view of a leaf Variable that requires grad is being used in an in-place operation."
MODIFIED = ("one of the variables needed for gradient computation has been modified by an "
            "inplace operation: [torch.FloatTensor [2, 2]], which is output 0 of Exp, is at "
            "version 1; expected version 0 instead. Hint: enable anomaly detection to find the "
            "operation that failed to compute its gradient, with "
            "torch.autograd.set_detect_anomaly(True, check_nan=False).")
NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information.")


def leaf():
    return torch.tensor([[1.0, -2.0], [3.0, 0.5]], requires_grad=True)


def raises(cls, message, fn):
    with pytest.raises(Exception) as e:
        fn()
    assert type(e.value) is cls, f"{type(e.value).__name__}: {e.value}"
    assert str(e.value) == message
    return e.value


def same(t, values, requires_grad=None, grad_fn=None):
    assert t.tolist() == values
    if requires_grad is not None:
        assert t.requires_grad is requires_grad
    if grad_fn is not None:
        assert type(t.grad_fn).__name__ == grad_fn


def usable(x):
    """x still works: it computes, backpropagates and accumulates."""
    before = None if x.grad is None else x.grad.tolist()
    (x * 2).sum().backward()
    want = np.full(x.shape, 2.0) + (0 if before is None else np.array(before))
    assert x.grad.tolist() == want.tolist()


def test_backward_non_scalar():
    x = leaf()
    y = x * 2
    raises(RuntimeError, "grad can be implicitly created only for scalar outputs", y.backward)
    same(y, [[2.0, -4.0], [6.0, 1.0]], grad_fn="MulBackward0")
    assert x.grad is None
    y.backward(torch.ones(2, 2))            # the graph survived the failed call
    assert x.grad.tolist() == [[2.0, 2.0], [2.0, 2.0]]


def test_second_backward():
    x = leaf()
    y = (x * x).sum()
    y.backward()
    g = x.grad.tolist()
    raises(RuntimeError, SECOND, y.backward)
    assert x.grad.tolist() == g
    assert y.item() == 14.25
    usable(x)


def test_second_backward_via_autograd_grad():
    x = leaf()
    y = x.exp().sum()
    torch.autograd.grad(y, x)
    raises(RuntimeError, SECOND, lambda: torch.autograd.grad(y, x))


def test_no_saved_values_backward_twice_is_fine():
    x = leaf()
    y = (x + 2).sum()
    y.backward()
    y.backward()
    assert x.grad.tolist() == [[2.0, 2.0], [2.0, 2.0]]


@pytest.mark.parametrize("op", [
    lambda x: x.add_(1), lambda x: x.mul_(2), lambda x: x.zero_(), lambda x: x.fill_(3.0),
    lambda x: x.sub_(1), lambda x: x.div_(2), lambda x: x.exp_(), lambda x: x.copy_(x * 0),
], ids=["add_", "mul_", "zero_", "fill_", "sub_", "div_", "exp_", "copy_"])
def test_inplace_on_leaf(op):
    x = leaf()
    raises(RuntimeError, LEAF, lambda: op(x))
    same(x, [[1.0, -2.0], [3.0, 0.5]], requires_grad=True)
    assert x._version == 0 and x.is_leaf
    usable(x)


def test_iadd_on_leaf():
    x = leaf()
    alias = x

    def f():
        nonlocal x
        x += 1
    raises(RuntimeError, LEAF, f)
    assert x is alias
    same(x, [[1.0, -2.0], [3.0, 0.5]], requires_grad=True)
    usable(x)


@pytest.mark.parametrize("index,message", [
    (0, VIEW_LEAF), ((0, 1), VIEW_LEAF), (slice(0, 1), VIEW_LEAF), (None, VIEW_LEAF),
    ((Ellipsis, 0), VIEW_LEAF), (Ellipsis, LEAF), (slice(None), LEAF), ([0, 1], LEAF),
])
def test_setitem_on_leaf(index, message):
    x = leaf()
    def f():
        x[index] = 5.0
    raises(RuntimeError, message, f)
    same(x, [[1.0, -2.0], [3.0, 0.5]], requires_grad=True)
    assert x._version == 0
    usable(x)


def test_inplace_on_leaf_allowed_under_no_grad():
    x = leaf()
    with torch.no_grad():
        x.add_(1)
        x[0] = 5.0
    same(x, [[5.0, 5.0], [4.0, 1.5]], requires_grad=True)
    assert x.is_leaf
    usable(x)


def test_modified_saved_tensor():
    x = leaf()
    y = x.exp()
    y.add_(1)
    raises(RuntimeError, MODIFIED, lambda: y.sum().backward())
    assert x.grad is None
    assert y._version == 1
    usable(x)


def test_broadcast_mismatch():
    a = torch.ones(2, 3, requires_grad=True)
    b = torch.ones(2, 2)
    msg = "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1"
    for f in (lambda: a + b, lambda: a * b, lambda: a - b, lambda: a / b):
        raises(RuntimeError, msg, f)
    same(b, [[1.0, 1.0], [1.0, 1.0]])
    usable(a)


@pytest.mark.parametrize("sa,sb,message", [
    ((2, 3), (2, 3), "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    ((3,), (4,), "inconsistent tensor size, expected tensor [3] and src [4] to have the same "
                 "number of elements, but got 3 and 4 elements respectively"),
    ((2, 3), (4,), "size mismatch, got input (2), mat (2x3), vec (4)"),
    ((), (3,), "both arguments to matmul need to be at least 1D, but they are 0D and 1D"),
])
def test_matmul_shapes(sa, sb, message):
    a = torch.ones(sa, requires_grad=True)   # (a tuple: torch.ones() with no size raises)
    b = torch.ones(sb)
    raises(RuntimeError, message, lambda: a @ b)
    raises(RuntimeError, message, lambda: torch.matmul(a, b))
    assert a.shape == sa and a.requires_grad
    usable(a)


def test_gradient_of_wrong_shape():
    x = leaf()
    y = x * 2
    raises(RuntimeError, "Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and "
                         "output[0] has a shape of torch.Size([2, 2]).",
           lambda: y.backward(torch.ones(3)))
    assert x.grad is None
    y.backward(torch.ones(2, 2))
    assert x.grad.tolist() == [[2.0, 2.0], [2.0, 2.0]]


def test_numpy_of_requires_grad():
    x = leaf()
    msg = "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
    raises(RuntimeError, msg, x.numpy)
    raises(RuntimeError, msg, lambda: (x * 1).numpy())
    assert x.detach().numpy().tolist() == [[1.0, -2.0], [3.0, 0.5]]
    usable(x)


def test_backward_without_grad_fn():
    x = torch.ones(2)
    y = (x * 2).sum()
    raises(RuntimeError, "element 0 of tensors does not require grad and does not have a grad_fn",
           y.backward)
    assert y.item() == 4.0 and x.grad is None


def test_grad_of_non_leaf_warns():
    x = leaf()
    y = x * 2
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert y.grad is None
    assert [(c.category, str(c.message)) for c in w] == [(UserWarning, NON_LEAF_GRAD)]
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        y.retain_grad()
        y.sum().backward()
        assert y.grad.tolist() == [[1.0, 1.0], [1.0, 1.0]]
    assert w == []


def test_requires_grad_on_integer_tensor():
    raises(RuntimeError, "Only Tensors of floating point and complex dtype can require gradients",
           lambda: torch.tensor([1, 2, 3], requires_grad=True))
    raises(RuntimeError, "Only Tensors of floating point and complex dtype can require gradients",
           lambda: torch.ones(2, dtype=torch.int64, requires_grad=True))


def test_requires_grad_on_existing_integer_tensor():
    x = torch.tensor([1, 2, 3])
    raises(RuntimeError, "only Tensors of floating point dtype can require gradients",
           x.requires_grad_)
    def setter():
        x.requires_grad = True
    raises(RuntimeError, "only Tensors of floating point and complex dtype can require gradients",
           setter)
    assert not x.requires_grad and x.tolist() == [1, 2, 3]


def test_requires_grad_false_on_non_leaf():
    x = leaf()
    y = x * 2
    def f():
        y.requires_grad = False
    raises(RuntimeError, "you can only change requires_grad flags of leaf variables. If you want "
                         "to use a computed variable in a subgraph that doesn't require "
                         "differentiation use var_no_grad = var.detach().", f)
    assert y.requires_grad
    y.sum().backward()
    assert x.grad is not None


def test_autograd_grad_unused_input():
    x = leaf()
    w = torch.ones(2, requires_grad=True)
    y = (x * 2).sum()
    raises(RuntimeError, "The differentiated Tensor at index 1 appears to not have been used in "
                         "the graph. Set allow_unused=True if this is the desired behavior.",
           lambda: torch.autograd.grad(y, [x, w]))
    g = torch.autograd.grad(y, [x, w], allow_unused=True)
    assert g[1] is None and g[0].tolist() == [[2.0, 2.0], [2.0, 2.0]]
