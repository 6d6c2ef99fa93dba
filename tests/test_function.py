"""Custom autograd Functions (autograd_bn.autograd.Function), checked against facts recorded
from torch 2.13: node names and reprs, saved tensors and their version checks, the errors for
a backward that returns the wrong number, type or shape of gradients, needs_input_grad,
mark_non_differentiable, mark_dirty, set_materialize_grads, setup_context, once_differentiable.
"""
import re
import warnings

import numpy as np
import pytest

import autograd_bn as torch
from autograd_bn.autograd import Function, gradcheck, gradgradcheck, once_differentiable
from autograd_bn.autograd.graph import Node
from function_examples import exp_function, function_class, wrong_backward_functions

SECOND = ("Trying to backward through the graph a second time (or directly access saved tensors "
          "after they have already been freed).")


Exp = exp_function(torch)
WRONG = wrong_backward_functions(torch)


class Scale(Function):
    """A non-tensor argument: k gets no edge and must get a None gradient."""
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return x * k

    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None


def leaf(*values):
    return torch.from_numpy(np.array(values, dtype=np.float32)).requires_grad_()


def fn_class(name, forward, backward=None, **static):
    """An autograd_bn Function subclass ``name`` (see function_examples.function_class)."""
    return function_class(torch, name, forward, backward, **static)


def _double(ctx, x):
    return x * 2


def _save_input_and_square(ctx, x):
    ctx.save_for_backward(x)
    return x * x


def _square_backward(ctx, g):
    (x,) = ctx.saved_tensors
    return 2 * x * g


def test_forward_backward_and_names():
    x = leaf(1.0, 2.0)
    y = Exp.apply(x)
    assert isinstance(y.grad_fn, Node)
    assert type(y.grad_fn).__name__ == "ExpBackward" and y.grad_fn.name() == "ExpBackward"
    assert re.fullmatch(r"<torch\.autograd\.function\.ExpBackward object at 0x[0-9a-f]+>",
                        repr(y.grad_fn))
    assert repr(y) == "tensor([2.7183, 7.3891], grad_fn=<ExpBackward>)"
    assert y.grad_fn.next_functions[0][0].variable is x
    assert Exp._backward_cls is type(y.grad_fn)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp([1.0, 2.0]), rtol=1e-6)


def test_ctx_is_the_node_and_holds_attributes():
    x = leaf(1.0, 2.0)
    y = Scale.apply(x, 3.0)
    assert y.grad_fn.k == 3.0
    assert len(y.grad_fn.next_functions) == 1         # non-tensor arguments get no edge
    assert y.grad_fn.needs_input_grad == (True, False)
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_wrong_number_of_gradients():
    with pytest.raises(RuntimeError, match=re.escape(
            "function BadBackward returned an incorrect number of gradients (expected 1, got 2)")):
        WRONG["count"].apply(leaf(1.0, 2.0)).sum().backward()


def test_extra_none_gradients_are_allowed():
    Extra = fn_class("Extra", lambda ctx, x, k: x * k, lambda ctx, g: (g * 2, None, None))
    x = leaf(1.0)
    Extra.apply(x, 3).sum().backward()
    assert x.grad.tolist() == [2.0]


def test_wrong_gradient_shape_and_broadcastable_gradient():
    with pytest.raises(RuntimeError, match=re.escape(
            "Function BadShapeBackward returned an invalid gradient at index 0 - got [3] but "
            "expected shape compatible with [2]")):
        WRONG["shape"].apply(leaf(1.0, 2.0)).sum().backward()
    # expandable: summed back to [2]
    Wide = fn_class("Wide", _double, lambda ctx, g: torch.ones(3, 2))
    x = leaf(1.0, 2.0)
    Wide.apply(x).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_invalid_gradient_index_counts_tensor_inputs_only():
    B = fn_class("B", lambda ctx, k, x, y: x * k * y, lambda ctx, g: (None, g, torch.ones(3)))
    w = leaf(1.0, 2.0)
    B.apply(3, w, w.detach()).sum().backward()       # y needs no grad: its gradient is dropped
    with pytest.raises(RuntimeError, match=re.escape("returned an invalid gradient at index 1")):
        B.apply(3, w.detach(), w).sum().backward()


def test_gradient_for_non_tensor_and_non_tensor_gradient():
    with pytest.raises(RuntimeError, match=re.escape(
            "function NotNoneBackward returned a gradient different than None at position 2, "
            "but the corresponding forward input was not a Variable")):
        WRONG["not_none"].apply(leaf(1.0, 2.0), 3).sum().backward()
    Num = fn_class("Num", _double, lambda ctx, g: 3.0)
    with pytest.raises(RuntimeError, match=re.escape("expected Variable or None (got float)")):
        Num.apply(leaf(1.0)).sum().backward()


def test_gradient_dtype_is_cast_to_the_input():
    D = fn_class("D", _double, lambda ctx, g: g.double())
    x = leaf(1.0, 2.0)
    D.apply(x).sum().backward()
    assert x.grad.dtype is torch.float32


def test_saved_output_modified_in_place():
    x = leaf(1.0, 2.0)
    y = Exp.apply(x)
    y.add_(1)
    with pytest.raises(RuntimeError) as e:
        y.sum().backward()
    assert str(e.value).startswith(
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; "
        "expected version 0 instead.")


def test_saved_input_modified_in_place():
    Sq = fn_class("Sq", _save_input_and_square, _square_backward)
    a = leaf(1.0, 2.0)
    b = a * 1
    y = Sq.apply(b)
    b.mul_(2)
    with pytest.raises(RuntimeError, match=re.escape(
            "[torch.FloatTensor [2]], which is output 0 of Mul, is at version 1; expected "
            "version 0 instead.")):
        y.sum().backward()


def test_saved_tensors_are_freed_after_backward():
    x = leaf(1.0, 2.0)
    y = Exp.apply(x)
    y.sum().backward(retain_graph=True)
    assert len(y.grad_fn.saved_tensors) == 1
    y.sum().backward()
    with pytest.raises(RuntimeError, match=re.escape(SECOND)):
        y.grad_fn.saved_tensors
    with pytest.raises(RuntimeError, match=re.escape(SECOND)):
        y.sum().backward()


def test_backward_twice_without_touching_saved_tensors_is_fine():
    def save_and_double(ctx, x):
        ctx.save_for_backward(x)
        return x * 2
    N = fn_class("N", save_and_double, lambda ctx, g: g * 2)
    x = leaf(1.0)
    y = N.apply(x)
    y.sum().backward()
    y.sum().backward()
    assert x.grad.tolist() == [4.0]


def test_no_graph_without_grad():
    x = leaf(1.0)
    with torch.no_grad():
        y = Scale.apply(x, 2.0)
    assert not y.requires_grad and y.grad_fn is None
    z = Scale.apply(torch.ones(2), 2.0)
    assert z.grad_fn is None


def test_returned_input_is_a_new_tensor():
    Ident = fn_class("Ident", lambda ctx, x: x, lambda ctx, g: g)
    x = leaf(1.0, 2.0)
    y = Ident.apply(x)
    assert y is not x and y.grad_fn.name() == "IdentBackward"
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_non_differentiable_outputs_and_materialized_zeros():
    seen = {}

    class ND(Function):
        @staticmethod
        def forward(ctx, x):
            i = x.argmax()
            ctx.mark_non_differentiable(i)
            return x * 2, i

        @staticmethod
        def backward(ctx, g, gi):
            seen["gi"] = gi
            return g * 2
    x = leaf(1.0, 3.0)
    a, i = ND.apply(x)
    assert not i.requires_grad and i.grad_fn is None
    assert a.grad_fn.name() == "NDBackward"
    a.sum().backward()
    assert seen["gi"].tolist() == 0 and seen["gi"].dtype is torch.int64
    assert x.grad.tolist() == [2.0, 2.0]


def test_set_materialize_grads_false_passes_none():
    seen = {}

    class NM(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            seen["g"] = (g1, g2)
            return g1 * 2 if g2 is None else g1 * 2 + g2 * 3
    x = leaf(1.0, 2.0)
    a, b = NM.apply(x)
    a.sum().backward()
    assert seen["g"][1] is None and x.grad.tolist() == [2.0, 2.0]


def test_two_outputs_both_used():
    Two = fn_class("Two", lambda ctx, x: (x * 2, x * 3), lambda ctx, a, b: a * 2 + b * 3)
    x = leaf(1.0, 2.0)
    a, b = Two.apply(x)
    assert a.grad_fn.name() == b.grad_fn.name() == "TwoBackward"
    (a.sum() + (b * b).sum()).backward()
    np.testing.assert_allclose(x.grad.numpy(), [2 + 18 * 1.0, 2 + 18 * 2.0])


def test_mark_dirty():
    class AddOne(Function):
        @staticmethod
        def forward(ctx, x):
            x.add_(1)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g
    w = leaf(1.0, 2.0)
    with pytest.raises(RuntimeError, match=re.escape(
            "a leaf Variable that requires grad has been used in an in-place operation.")):
        AddOne.apply(w)
    v = w.clone()
    out = AddOne.apply(v)
    assert out is v and v.grad_fn.name() == "AddOneBackward" and v._version == 2
    (v * v).sum().backward()
    assert w.grad.tolist() == [6.0, 8.0]      # the failed call above already added 1 to w


def test_setup_context_style():
    def setup_context(ctx, inputs, output):
        ctx.k = inputs[1]
    SC = fn_class("SC", lambda x, k: x * k, lambda ctx, g: (g * ctx.k, None),
                  setup_context=setup_context)
    x = leaf(1.0, 2.0)
    SC.apply(x, 5.0).sum().backward()
    assert x.grad.tolist() == [5.0, 5.0]


def test_missing_methods_and_instantiation():
    NoBack = fn_class("NoBack", _double)
    with pytest.raises(NotImplementedError, match="You must implement either the backward or "
                                                  "vjp method"):
        NoBack.apply(leaf(1.0)).sum().backward()

    class NoFwd(Function):
        pass
    with pytest.raises(NotImplementedError, match="You must implement the forward function"):
        NoFwd.apply(leaf(1.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        inst = Exp()
    with pytest.raises(RuntimeError, match="Legacy autograd function with non-static forward"):
        inst(leaf(1.0))


def test_double_backward_through_a_custom_function():
    x = torch.from_numpy(np.array([0.5, -1.0])).requires_grad_()
    y = Exp.apply(x * x)
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    xs = np.array([0.5, -1.0])
    np.testing.assert_allclose(g.detach().numpy(), 2 * xs * np.exp(xs * xs), rtol=1e-14)
    np.testing.assert_allclose(h.numpy(), (2 + 4 * xs * xs) * np.exp(xs * xs), rtol=1e-14)
    assert gradcheck(Exp.apply, (x,)) and gradgradcheck(Exp.apply, (x,))


def test_once_differentiable():
    O = fn_class("O", _save_input_and_square, once_differentiable(_square_backward))
    w = leaf(1.0, 2.0)
    (g,) = torch.autograd.grad(O.apply(w).sum(), w, create_graph=True)
    assert g.tolist() == [2.0, 4.0] and g.grad_fn is None    # the grad_output needs no grad
    y = O.apply(w * 1)
    (g,) = torch.autograd.grad((y * y).sum(), w, create_graph=True)
    assert g.tolist() == [4.0, 32.0]
    assert g.grad_fn.next_functions[0][0].name() == "Error"
    with pytest.raises(RuntimeError, match=re.escape(
            "trying to differentiate twice a function that was marked with "
            "@once_differentiable")):
        g.sum().backward()
