"""Regressions for bugs found in review; expected values and messages recorded from torch 2.13."""
import numpy as np
import pytest

import autograd_bn as torch


def _raises(cls, text, fn):
    with pytest.raises(cls) as info:
        fn()
    assert str(info.value) == text


def test_max_min_argmax_over_empty_dim():
    x = torch.zeros(0, 3)
    _raises(IndexError, "max(): Expected reduction dim 0 to have non-zero size.", lambda: x.max(0))
    _raises(IndexError, "min(): Expected reduction dim 0 to have non-zero size.",
            lambda: x.min(dim=-2))
    _raises(IndexError, "argmax(): Expected reduction dim 0 to have non-zero size.",
            lambda: x.argmax(0))
    _raises(IndexError, "argmax(): Expected reduction dim to be specified for input.numel() == 0.",
            lambda: x.argmax())


def test_repeated_reduction_dim():
    x = torch.zeros(2, 3)
    _raises(RuntimeError, "dim 1 appears multiple times in the list of dims",
            lambda: x.sum(dim=[1, -1]))
    _raises(RuntimeError, "dim 0 appears multiple times in the list of dims",
            lambda: x.mean(dim=(0, 0)))


def test_data_does_not_share_the_version_counter():
    x = torch.tensor([1., 2.], requires_grad=True)
    y = x ** 2
    x.data.add_(1)
    assert x._version == 0
    y.sum().backward()                 # torch: no in-place error, grad from the new values
    assert x.grad.tolist() == [4.0, 6.0]


def test_modified_leaf_message_has_no_stray_comma():
    x = torch.tensor([1., 2.], requires_grad=True)
    y = x.sin()
    x.detach().add_(1)
    _raises(RuntimeError,
            "one of the variables needed for gradient computation has been modified by an "
            "inplace operation: [torch.FloatTensor [2]] is at version 1; expected version 0 "
            "instead. Hint: enable anomaly detection to find the operation that failed to "
            "compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).",
            lambda: y.sum().backward())


@pytest.mark.parametrize("index,value,name", [
    ([0, 1], 0.0, "IndexPutBackward0"),
    ("mask", 0.0, "IndexPutBackward0"),
    ((slice(None), [0, 1]), 0.0, "IndexPutBackward0"),
    (slice(None), 0.0, "FillBackward3"),
    (Ellipsis, 0.5, "FillBackward3"),
    (slice(None), "vec", "CopyBackwards"),
    (0, 1.0, "CopySlices"),
    ((0, [0, 1]), 1.0, "CopySlices"),
])
def test_setitem_grad_fn_names(index, value, name):
    a = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
    b = a.clone()
    if isinstance(index, str):
        index = b > 3
    if isinstance(value, str):
        value = torch.tensor([7., 8., 9.])
    b[index] = value
    assert type(b.grad_fn).__name__ == name
    assert repr(b).endswith(f"grad_fn=<{name}>)")


def test_setitem_gradients():
    w = torch.arange(6.).view(2, 3)
    a = torch.zeros(2, 3, requires_grad=True)
    b = a.clone()
    c = torch.ones(1, 2, 1, requires_grad=True)
    b[[1, 0]] = c
    assert type(b.grad_fn.next_functions[1][0]).__name__ == "ViewBackward0"
    (b * w).sum().backward()
    assert c.grad.tolist() == [[[12.0], [3.0]]]
    assert a.grad.tolist() == [[0.0] * 3] * 2
    a.grad = None
    b = a.clone()
    c = torch.ones(3, requires_grad=True)
    b[:] = c
    assert type(b.grad_fn.next_functions[1][0]).__name__ == "ExpandBackward0"
    (b * w).sum().backward()
    assert c.grad.tolist() == [3.0, 5.0, 7.0]
    b = a.clone()
    c = torch.tensor(1., requires_grad=True)
    b[...] = c
    (b * w).sum().backward()
    assert c.grad.item() == 15.0


def test_setitem_value_shapes_and_types():
    a = torch.zeros(3)
    a[0] = torch.ones(1, 1)                  # leading 1s are dropped
    assert a.tolist() == [1.0, 0.0, 0.0]
    a = torch.zeros(3)
    a[True] = 5
    assert a.tolist() == [5.0, 5.0, 5.0]
    a = torch.zeros(2, 3)
    _raises(RuntimeError, "The expanded size of the tensor (3) must match the existing size (2) "
            "at non-singleton dimension 0.  Target sizes: [3].  Tensor sizes: [2]",
            lambda: a.__setitem__(0, torch.ones(2)))
    _raises(RuntimeError, "The expanded size of the tensor (3) must match the existing size (2) "
            "at non-singleton dimension 2.  Target sizes: [2, 1, 3].  Tensor sizes: [2, 2]",
            lambda: a.__setitem__((slice(None), None), torch.ones(2, 2)))
    _raises(RuntimeError, "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes "
            "provided (1) must be greater or equal to the number of dimensions in the tensor (2)",
            lambda: a.__setitem__(0, torch.ones(2, 3)))
    _raises(RuntimeError, "Index put requires the source and destination dtypes match, got Float "
            "for the destination and Double for the source.",
            lambda: a.__setitem__([0], torch.ones(3, dtype=torch.float64)))
    _raises(TypeError, "can't assign a list to a torch.FloatTensor",
            lambda: a.__setitem__(0, [1., 2., 3.]))
    _raises(TypeError, "can't assign a numpy.ndarray to a torch.FloatTensor",
            lambda: a.__setitem__(0, np.ones(3)))
    _raises(IndexError, "index 5 is out of bounds for dimension 0 with size 2",
            lambda: a.__setitem__(torch.tensor([0, 5]), 3.0))
    assert a.tolist() == [[0.0] * 3] * 2 and a._version == 0     # left as it was


def test_expand_messages():
    _raises(RuntimeError, "The expanded size of the tensor (3) must match the existing size (2) "
            "at non-singleton dimension 0.  Target sizes: [3, -1].  Tensor sizes: [2, 2]",
            lambda: torch.ones(2, 2).expand(3, -1))
    _raises(RuntimeError, "expand(torch.LongTensor{[2, 3]}, size=[3]): the number of sizes "
            "provided (1) must be greater or equal to the number of dimensions in the tensor (2)",
            lambda: torch.ones(2, 3, dtype=torch.int64).expand(3))


def test_integer_scalars_wrap_around():
    u = torch.tensor([3], dtype=torch.uint8)
    assert (u + 300).tolist() == [47]
    assert (u * -1).tolist() == [253]
    assert (-1 - u).tolist() == [252]
    assert (torch.tensor([3], dtype=torch.int32) * 2 ** 33).tolist() == [0]
    u.add_(-5)
    assert u.tolist() == [254] and u.dtype is torch.uint8


def test_integer_division_by_zero():
    x = torch.tensor([5, -5])
    for fn in (lambda: x // 0, lambda: x % 0, lambda: x // torch.tensor([0, 1]),
               lambda: x.div(0, rounding_mode="trunc"), lambda: x.div(0, rounding_mode="floor")):
        _raises(RuntimeError, "ZeroDivisionError", fn)
    f = torch.tensor([5., -5.])
    assert (f // 0).tolist() == [float("inf"), float("-inf")]


def test_bool_negation():
    msg = ("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
           "invert a mask, use the `~` or `logical_not()` operator instead.")
    _raises(RuntimeError, msg, lambda: -torch.tensor([True]))
    _raises(RuntimeError, msg, lambda: torch.tensor([True]).neg())


def test_cat_stack_empty():
    _raises(ValueError, "torch.cat(): expected a non-empty list of Tensors", lambda: torch.cat([]))
    _raises(RuntimeError, "stack expects a non-empty TensorList", lambda: torch.stack([]))


def test_numpy_scalars_are_python_scalars():
    x = torch.tensor([1., 2.])
    assert (x + np.float64(1.5)).dtype is torch.float32
    assert (np.float64(1.5) * x).dtype is torch.float32
    assert (torch.tensor([1, 2]) + np.int64(3)).dtype is torch.int64


def test_fill_with_a_non_scalar_tensor():
    _raises(RuntimeError, "fill_ only supports 0-dimension value tensor but got tensor with 1 "
            "dimensions.", lambda: torch.tensor([1., 2.]).fill_(torch.tensor([3, 4])))


def test_create_graph_grad_is_a_copy():
    x = torch.tensor([3.], requires_grad=True)
    (x ** 3).backward(create_graph=True)
    assert repr(x.grad) == "tensor([27.], grad_fn=<CopyBackwards>)"
    assert x.grad.grad_fn.next_functions[0][0] is None
    assert type(x.grad.grad_fn.next_functions[1][0]).__name__ == "MulBackward0"
    (x ** 3).backward(create_graph=True)
    assert repr(x.grad) == "tensor([54.], grad_fn=<AddBackward0>)"


def test_grad_assignment_messages():
    x = torch.tensor([1., 2.], requires_grad=True)
    _raises(RuntimeError, "attempting to assign a gradient of size '[3]' to a tensor of size "
            "'[2]'. Please ensure that the gradient and the tensor are the same size",
            lambda: setattr(x, "grad", torch.tensor([1., 2., 3.])))
    _raises(RuntimeError, "attempting to assign a gradient with dtype 'long int' to a tensor with "
            "grad_dtype 'Float'. The gradient must match the tensor's grad_dtype (defaults to the "
            "tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, "
            "or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a "
            "tensor and its gradient may break downstream systems that assume they match.",
            lambda: setattr(x, "grad", torch.tensor([1, 2])))


def test_hook_changing_size_or_type():
    x = torch.tensor([1., 2.], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g.sum())
    _raises(RuntimeError, "hook '<lambda>' has changed the size of value",
            lambda: y.sum().backward())

    def to_double(g):
        return g.double()
    x.register_hook(to_double)
    _raises(RuntimeError, "hook 'to_double' has changed the type of value (was torch.FloatTensor "
            "got torch.DoubleTensor)", lambda: (x * 2).sum().backward())


def test_against_torch_live():
    T = pytest.importorskip("torch")
    for mod in (T, torch):
        a = mod.zeros(2, 3, requires_grad=True)
        b = a.clone()
        b[b == 0] = 3.0
        assert type(b.grad_fn).__name__ == "IndexPutBackward0"
        u = mod.tensor([3], dtype=mod.uint8)
        assert (u - 5).tolist() == [254]
