"""Issue 11, errors in autograd: the checks of autograd.grad/backward, hooks, anomaly detection,
gradcheck's text, in-place writes that overlap, ops without a derivative, losses and
nn.Linear, set_language.  Messages and values measured on torch 2.13 (the live suite
tests/live/test_errors_live.py compares them with torch directly)."""
import warnings

import numpy as np
import pytest

import autograd_bn as torch
from test_errors_arguments import check

F = torch.nn.functional
LEAF = "x = torch.tensor([1., 2.], requires_grad=True); w = torch.ones(2, requires_grad=True)"

GRAD_ARGUMENTS = [
    ("torch.autograd.grad((x * 2).sum(), inputs=[])", RuntimeError,
     "`inputs` argument to `grad()` cannot be empty."),
    ("(x * 2).sum().backward(inputs=[])", RuntimeError,
     "`inputs` argument to `backward()` cannot be empty."),
    ("torch.autograd.grad((x * 2).sum(), [x, 5])", RuntimeError,
     "all inputs have to be Tensors or GradientEdges, but got int"),
    ("torch.autograd.grad((x * 2).sum(), 'abc')", RuntimeError,
     "all inputs have to be Tensors or GradientEdges, but got str"),
    ("torch.autograd.grad((x * 2).sum(), 5)", TypeError, "'int' object is not iterable"),
    ("torch.autograd.grad(((x * 2).sum(), 3), x)", AssertionError,
     "Expected output to be a torch.Tensor"),
    ("torch.autograd.grad(x.sum(), x, grad_outputs=[torch.ones(1), torch.ones(1)])", RuntimeError,
     "Mismatch in shape: grad_output[0] has a shape of torch.Size([1]) and output[0] has a "
     "shape of torch.Size([])."),
    ("(x * 2).backward(gradient=[1., 1.])", TypeError,
     "gradients can be either Tensors or None, but got float"),
    ("torch.autograd.backward([x.sum(), x.sum()], grad_tensors=[torch.ones(())])", RuntimeError,
     "got 2 tensors and 1 gradients"),
    ("torch.autograd.grad(x.sum(), w, allow_unused=False, materialize_grads=True)", ValueError,
     "Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
     "allow_unused=False."),
    ("torch.autograd.grad(x.sum(), [torch.ones(2), 5])", RuntimeError,
     "One of the differentiated Tensors does not require grad"),
    ("torch.set_grad_enabled('yes')", TypeError,
     "set_grad_enabled(): argument 'enabled' (position 1) must be bool, not str"),
    ("torch.autograd.grad(x * x, x, torch.eye(3), is_grads_batched=True)", RuntimeError,
     "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the "
     "batch dimension. The sizes of the remaining dimensions are expected to match the shape of "
     "corresponding output, but a mismatch was detected: grad_output[0] has a shape of "
     "torch.Size([]) and output[0] has a shape of torch.Size([2]). If you only want some tensors "
     "in `grad_output` to be considered batched, consider using vmap."),
]


@pytest.mark.parametrize("statement,cls,message", GRAD_ARGUMENTS, ids=[c[0] for c in GRAD_ARGUMENTS])
def test_grad_and_backward_arguments(statement, cls, message):
    check(LEAF, statement, cls, message)
    assert torch.is_grad_enabled()


def test_grad_forms_torch_accepts():
    x = torch.tensor([1., 2.], requires_grad=True)
    assert torch.autograd.grad(x.sum(), {"a": x})["a"].tolist() == [1., 1.]
    with pytest.warns(FutureWarning, match="only_inputs argument is deprecated"):
        torch.autograd.grad(x.sum(), x, only_inputs=False)
    y = x * x * torch.tensor([3., 4.])
    (rows,) = torch.autograd.grad(y, x, torch.eye(2), is_grads_batched=True)
    assert rows.tolist() == [[6., 0.], [0., 16.]]
    torch.autograd.backward([], inputs=[x])            # nothing to do, as torch
    assert x.grad is None


HOOKS = [
    ("x.register_hook(lambda g: 5); (x * 2).sum().backward()", TypeError,
     "expected Variable, but hook returned 'int'"),
    ("y = x * 2; y.register_hook(lambda g: np.ones(2)); y.sum().backward()", TypeError,
     "expected Variable, but hook returned 'numpy.ndarray'"),
    ("y = x * 2; y.grad_fn.register_prehook(lambda go: 5); y.sum().backward()", TypeError,
     "expected tuple, but hook returned 'int'"),
    ("y = x * 2; y.grad_fn.register_prehook(lambda go: (torch.ones(3),)); y.sum().backward()",
     RuntimeError, "hook '<lambda>' has changed the size of value"),
    ("y = x * 2; y.grad_fn.register_prehook(lambda go: go + go); y.sum().backward()",
     RuntimeError, "hook '<lambda>' has returned an incorrect number of values (got 2, but "
                   "expected 1)"),
]


@pytest.mark.parametrize("statement,cls,message", HOOKS, ids=[c[0] for c in HOOKS])
def test_hooks_returning_the_wrong_thing(statement, cls, message):
    check(LEAF, statement, cls, message)


NO_DERIVATIVE = [
    ("(x // 2).sum().backward()", RuntimeError, "derivative for aten::floor_divide is not implemented"),
    ("(7 % x).sum().backward()", RuntimeError, "derivative for aten::remainder is not implemented"),
    ("h = x * 1; y = 2 ** h; h.add_(1); y.sum().backward()", RuntimeError,
     "one of the variables needed for gradient computation has been modified by an inplace "
     "operation: [torch.FloatTensor [2]], which is output 0 of Add, is at version 1; "
     "expected version 0 instead. Hint: enable anomaly detection to find the operation that "
     "failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, "
     "check_nan=False)."),
]


@pytest.mark.parametrize("statement,cls,message", NO_DERIVATIVE, ids=[c[0] for c in NO_DERIVATIVE])
def test_ops_without_a_derivative_and_saved_exponents(statement, cls, message):
    check(LEAF, statement, cls, message)


def test_rounding_ops_record_torch_nodes():
    x = torch.tensor([3., -4.], requires_grad=True)
    z = torch.tensor([2., 3.], requires_grad=True)
    assert type((x // 2).grad_fn).__name__ == "NotImplemented"
    assert [n is None for n, _ in (z.detach() // x).grad_fn.next_functions] == [False]
    y = x % z
    assert type(y.grad_fn).__name__ == "RemainderBackward1"
    y.sum().backward()
    assert x.grad.tolist() == [1., 1.] and z.grad.tolist() == [-1., 2.]
    x.grad = None
    y = x.div(2, rounding_mode="trunc")
    assert type(y.grad_fn).__name__ == "DivBackward2"
    y.sum().backward()
    assert x.grad.tolist() == [0., 0.]


OVERLAP = ("unsupported operation: some elements of the input tensor and the written-to tensor "
           "refer to a single memory location. Please clone() the tensor before performing the "
           "operation.")


@pytest.mark.parametrize("statement", ["x[1:] = x[:-1]", "x[:2] = x[1:3]", "h.add_(h.t())",
                                       "h += h.T", "x[:3].mul_(x[1:])", "x[1:].copy_(x[:3])",
                                       "x[1:].clamp_(x[:3])"])
def test_overlapping_in_place_writes(statement):
    check("x = torch.arange(4.); h = torch.arange(9.).reshape(3, 3)", statement, RuntimeError,
          OVERLAP)


def test_in_place_writes_that_torch_allows():
    h = torch.arange(9.).reshape(3, 3)
    h.mul_(h)                                 # the same memory, the same layout
    h.copy_(h)
    h[0] = h[0]
    x = torch.arange(8.)
    x[:4].add_(x[4:])                         # disjoint parts of one tensor
    assert x.tolist() == [4., 6., 8., 10., 4., 5., 6., 7.]


LOSSES = [
    ("F.mse_loss(x, w, reduction='foo')", ValueError, "foo is not a valid value for reduction"),
    ("torch.nn.MSELoss(reduction='foo')(x, w)", ValueError, "foo is not a valid value for reduction"),
    ("F.cross_entropy(m, torch.tensor([1, 0]), reduction=None)", ValueError,
     "None is not a valid value for reduction"),
    ("F.nll_loss(m, torch.tensor([1.]), reduction='foo')", ValueError,
     "foo is not a valid value for reduction"),
    ("F.cross_entropy(m, torch.tensor([1, 0], dtype=torch.int32))", RuntimeError,
     "expected target dtype to be Long or Byte, but got Int"),
    ("F.nll_loss(m, torch.tensor([True, False]))", RuntimeError,
     "expected target dtype to be Long or Byte, but got Bool"),
    ("F.cross_entropy(m, torch.ones(2, 2, dtype=torch.int64))", RuntimeError,
     "Expected floating point type for target with class probabilities, got Long"),
    ("F.cross_entropy(m, torch.ones(2, 2), ignore_index=1)", RuntimeError,
     "ignore_index is not supported for floating point target"),
    ("F.cross_entropy(m, torch.ones(2, 3))", RuntimeError,
     "0D or 1D target tensor expected, multi-target not supported"),
    ("F.nll_loss(m, torch.ones(3))", ValueError,
     "Expected input batch_size (2) to match target batch_size (3)."),
    ("torch.nn.Linear(2, 3)(torch.ones(4, 2, dtype=torch.int64))", RuntimeError,
     "mat1 and mat2 must have the same dtype, but got Long and Float"),
    ("torch.nn.Linear(2, 3)(torch.ones(5, 4, 2, dtype=torch.float64))", RuntimeError,
     "mat1 and mat2 must have the same dtype, but got Double and Float"),
    ("torch.nn.Linear(2, 3)(torch.tensor(1.))", RuntimeError,
     "both arguments to linear need to be at least 1D, but they are 0D and 2D"),
]


@pytest.mark.parametrize("statement,cls,message", LOSSES, ids=[c[0] for c in LOSSES])
def test_losses_and_linear(statement, cls, message):
    check(LEAF + "; m = torch.tensor([[1., 2.], [0., -1.]], requires_grad=True)", statement,
          cls, message)


def test_cross_entropy_with_probabilities_as_torch():
    x = torch.tensor([[1., 2., 3.], [0., 1., -1.]], dtype=torch.float64, requires_grad=True)
    t = torch.tensor([[0.2, 0.3, 0.5], [1., 0., 0.]], dtype=torch.float64)
    golden = {   # torch 2.13: value, x.grad, grad_fn
        ("mean", 0.0): (1.2576059644443804, [[-0.05498471341480979, -0.027635764472601174,
                                              0.08262047788741089], [-0.37763576447260117,
                                                                     0.3326204778874109,
                                                                     0.04501528658519022]],
                        "DivBackward1"),
        ("sum", 0.1): (2.5452119288887607, [[-0.12330276016295291, -0.0586048622785357,
                                             0.18190762244148845], [-0.6886048622785357,
                                                                    0.6319076224414885,
                                                                    0.0566972398370471]],
                       "NegBackward0"),
    }
    for (reduction, smoothing), (value, grad, node) in golden.items():
        x.grad = None
        loss = torch.nn.CrossEntropyLoss(reduction=reduction, label_smoothing=smoothing)(x, t)
        loss.backward()
        assert type(loss.grad_fn).__name__ == node
        assert loss.item() == pytest.approx(value, rel=1e-15)
        np.testing.assert_allclose(x.grad.tolist(), grad, rtol=1e-14)
    loss = F.cross_entropy(x, t, reduction="none")
    np.testing.assert_allclose(loss.tolist(), [1.1076059644443805, 1.4076059644443804],
                               rtol=1e-15)


@pytest.mark.parametrize("shape", [(2,), (4, 3, 2)])
def test_linear_graph_is_at_linear(shape):
    layer = torch.nn.Linear(2, 3)
    y = layer(torch.ones(shape, requires_grad=True))
    assert type(y.grad_fn).__name__ == "ViewBackward0" and y.shape == shape[:-1] + (3,)
    addmm = y.grad_fn.next_functions[0][0]
    assert type(addmm).__name__ == "AddmmBackward0"
    assert type(addmm.next_functions[1][0]).__name__ == "ViewBackward0"


def test_set_language_falls_back_to_english_with_a_warning():
    try:
        for bad in (123, True, ["bn"], b"bn", "xx"):
            torch.set_language("bn")
            with pytest.warns(UserWarning):
                torch.set_language(bad)
            assert torch.get_language() == "en"
    finally:
        torch.set_language("en")


def test_anomaly_detection():
    x = torch.tensor([0., 1.], requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        manager = torch.autograd.detect_anomaly()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with manager:
            assert torch.is_anomaly_enabled() and torch.is_anomaly_check_nan_enabled()
            y = x / x
            with pytest.raises(RuntimeError, match=r"^Function 'DivBackward0' returned nan "
                                                   r"values in its 1th output\.$"):
                y.sum().backward()
    assert not torch.is_anomaly_enabled()
    text = [str(w.message) for w in caught]
    assert len(text) == 1 and text[0].startswith("Error detected in DivBackward0. Traceback of "
                                                 "forward call that caused the error:\n")
    assert "y = x / x" in text[0] and "autograd_bn" not in text[0]
    with torch.autograd.set_detect_anomaly(True, check_nan=False):
        assert torch.is_anomaly_enabled() and not torch.is_anomaly_check_nan_enabled()
        (x / x).sum().backward()                   # NaN passes unchecked
        h = x.exp()
        h.add_(1)
        with pytest.warns(UserWarning, match="Error detected in ExpBackward0"):
            with pytest.raises(RuntimeError, match="Hint: the backtrace further above shows the "
                                                   "operation that failed"):
                h.sum().backward()
    assert not torch.is_anomaly_enabled()
    with pytest.warns(UserWarning), pytest.raises(TypeError):   # torch's is no decorator
        torch.autograd.detect_anomaly()(lambda: None)


def test_gradcheck_failure_text_is_torch():
    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * x
    x = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)
    with pytest.raises(torch.autograd.GradcheckError) as e:
        torch.autograd.gradcheck(Bad.apply, (x,))
    assert str(e.value) == (
        "Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor([[2.0000, "
        "0.0000],\n        [0.0000, 4.0000]], dtype=torch.float64)\nanalytical:tensor([[1., 0.],"
        "\n        [0., 2.]], dtype=torch.float64)\n")


def test_no_numpy_warnings_leak():
    inf, nan = float("inf"), float("nan")
    x = torch.tensor([0., -1., inf, -inf, nan, 1e30], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x.long(), x.to(torch.int32), x.to(torch.uint8), x.detach().double().float()
        torch.tensor([1e300], dtype=torch.float64).float()
        torch.linspace(0, inf, 3)
        F.mse_loss(x, x.detach() * 0).backward()
        assert torch.tensor([nan, 2.5]).long().tolist() == [-9223372036854775808, 2]


def test_leaf_hooks_fire_in_registration_order():
    x = torch.ones(2, requires_grad=True)
    order = []
    x.register_hook(lambda g: order.append("a"))
    x.register_hook(lambda g: order.append("b"))
    (x * 2).sum().backward()
    assert order == ["a", "b"]                       # torch 2.13's order
    y = torch.tensor([3., -4.], requires_grad=True) // 1
    assert type(y.grad_fn).__name__ == "NotImplemented" and y.tolist() == [3., -4.]
