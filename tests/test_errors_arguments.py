"""Issue 11, errors: arguments of the wrong type or value get torch's exception class and text
(measured on torch 2.13; tests/live/test_errors_live.py compares the same classes live), and a
failing call leaves every tensor as it was.

Each case is (setup, failing statement, class, message): the setup runs, every tensor it made
is recorded (values, dtype, requires_grad, grad_fn, version), the statement must raise exactly
that error, and the tensors must be unchanged afterwards.
"""
import numpy as np
import pytest

import autograd_bn as torch


def _state(ns):
    return {k: (v.dtype, v.tolist(), v.requires_grad, type(v.grad_fn).__name__, v._version)
            for k, v in ns.items() if isinstance(v, torch.Tensor)}


def check(setup, statement, cls, message):
    ns = {"torch": torch, "np": np, "F": torch.nn.functional}
    exec(setup, ns)
    before = _state(ns)
    with pytest.raises(Exception) as e:
        exec(statement, ns)
    assert type(e.value) is cls, f"{type(e.value).__name__}: {e.value}"
    assert str(e.value) == message
    after = _state(ns)
    assert {k: after[k] for k in before} == before, "a failing call changed a tensor"


X = "x = torch.tensor([1., 2.]); xi = torch.tensor([1, 2]); m = torch.ones(2, 2)"

OPERANDS = [
    ("x + None", TypeError, "unsupported operand type(s) for +: 'Tensor' and 'NoneType'"),
    ("x + 'a'", TypeError, "unsupported operand type(s) for +: 'Tensor' and 'str'"),
    ("x + [1., 2.]", TypeError, "unsupported operand type(s) for +: 'Tensor' and 'list'"),
    ("x / (1, 2)", TypeError, "unsupported operand type(s) for /: 'Tensor' and 'tuple'"),
    ("'a' - x", TypeError, "unsupported operand type(s) for -: 'str' and 'Tensor'"),
    ("x * [1., 2.]", TypeError,
     "only integer tensors of a single element can be converted to an index"),
    ("x * 'a'", TypeError,
     "only integer tensors of a single element can be converted to an index"),
    ("x < None", TypeError, "'<' not supported between instances of 'Tensor' and 'NoneType'"),
    ("x ** [1.]", TypeError,
     "unsupported operand type(s) for ** or pow(): 'Tensor' and 'list'"),
    ("x @ [1., 2.]", TypeError, "unsupported operand type(s) for @: 'Tensor' and 'list'"),
    ("xi & [1, 2]", TypeError, "unsupported operand type(s) for &: 'Tensor' and 'list'"),
    ("x += None", TypeError, "unsupported operand type(s) for +=: 'Tensor' and 'NoneType'"),
    ("torch.add(x, 'a')", TypeError, "add(): argument 'other' (position 2) must be Tensor, not str"),
    ("x.add(None)", TypeError,
     "add(): argument 'other' (position 1) must be Tensor, not NoneType"),
    ("x.mul_([1., 2.])", TypeError, "mul_(): argument 'other' (position 1) must be Tensor, not list"),
    ("torch.maximum(x, 2.0)", TypeError,
     "maximum(): argument 'other' (position 2) must be Tensor, not float"),
    ("x.minimum(2)", TypeError, "minimum(): argument 'other' (position 1) must be Tensor, not int"),
    ("torch.exp([1., 2.])", TypeError, "exp(): argument 'input' (position 1) must be Tensor, not list"),
    ("torch.exp(x, 'a')", TypeError, "exp() takes 1 positional argument but 2 were given"),
    ("x.copy_([1., 2.])", TypeError, "copy_(): argument 'other' (position 1) must be Tensor, not list"),
    ("torch.eq(x, None)", TypeError,
     "eq() received an invalid combination of arguments - got (Tensor, NoneType), but expected "
     "one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, Number "
     "other, *, Tensor out = None)\n"),
    ("x.multiply([1., 2.])", TypeError,
     "multiply() received an invalid combination of arguments - got (list), but expected one "
     "of:\n * (Tensor other)\n      didn't match because some of the arguments have invalid "
     "types: (!list of [float, float]!)\n * (Number other)\n      didn't match because some of "
     "the arguments have invalid types: (!list of [float, float]!)\n"),
    ("torch.pow('a', x)", TypeError,
     "pow() received an invalid combination of arguments - got (str, Tensor), but expected one "
     "of:\n * (Tensor input, Tensor exponent, *, Tensor out = None)\n * (Number self, Tensor "
     "exponent, *, Tensor out = None)\n * (Tensor input, Number exponent, *, Tensor out = None)\n"),
    ("x.sum('a')", TypeError,
     "sum() received an invalid combination of arguments - got (str), but expected one of:\n"
     " * (*, torch.dtype dtype = None)\n * (tuple of ints dim, bool keepdim = False, *, "
     "torch.dtype dtype = None)\n"),
    ("x.div(2, rounding_mode='round')", RuntimeError,
     "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'round'"),
    ("x.div_(2, rounding_mode='bad')", RuntimeError,
     "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'bad'"),
    ("torch.div(x, 2, rounding_mode=5)", TypeError,
     "div() received an invalid combination of arguments - got (Tensor, int, rounding_mode=int), "
     "but expected one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor "
     "input, Tensor other, *, str rounding_mode, Tensor out = None)\n * (Tensor input, Number "
     "other, *, str rounding_mode)\n"),
    ("torch.where(xi, x, x)", RuntimeError,
     "where expected condition to be a boolean tensor, but got a tensor with dtype Long"),
    ("x.where(x > 1, 'a')", TypeError,
     "where() received an invalid combination of arguments - got (Tensor, str), but expected "
     "one of:\n * (Tensor condition, Tensor other)\n      didn't match because some of the "
     "arguments have invalid types: (Tensor, !str!)\n * (Tensor condition, Number other)\n"
     "      didn't match because some of the arguments have invalid types: (Tensor, !str!)\n"),
]


@pytest.mark.parametrize("statement,cls,message", OPERANDS, ids=[c[0] for c in OPERANDS])
def test_operands_of_the_wrong_type(statement, cls, message):
    check(X, statement, cls, message)


def test_comparisons_with_none_are_identity_comparisons():
    x = torch.tensor([1., 2.])
    assert (x == None) is False and (x != None) is True     # noqa: E711  (torch's answer)
    assert (x == "a") is False and (x == [1., 2.]) is False
    assert (7 // torch.tensor([2., 3.])).tolist() == [3., 2.]
    assert (7 % torch.tensor([2, 3])).tolist() == [1, 1]


SHAPES_AND_LISTS = [
    ("torch.softmax(x)", TypeError, 'softmax() missing 1 required positional arguments: "dim"'),
    ("x.log_softmax()", TypeError, 'log_softmax() missing 1 required positional arguments: "dim"'),
    ("x.softmax(None)", TypeError, "softmax(): argument 'dim' (position 1) must be int, not NoneType"),
    ("torch.softmax(x, 0, 5)", TypeError,
     "softmax(): argument 'dtype' (position 3) must be torch.dtype, not int"),
    ("torch.cat(x)", TypeError,
     "cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"),
    ("torch.concat(5)", TypeError,
     "concat(): argument 'tensors' (position 1) must be tuple of Tensors, not int"),
    ("torch.cat([x, [1., 2.]])", TypeError, "expected Tensor as element 1 in argument 0, but got list"),
    ("torch.stack((x, None))", TypeError,
     "expected Tensor as element 1 in argument 0, but got NoneType"),
    ("torch.stack([x], 'a')", TypeError, "stack(): argument 'dim' (position 2) must be int, not str"),
    ("m.reshape(-2, 2)", RuntimeError, "invalid shape dimension -2 at index 0 of shape [-2, 2]"),
    ("m.view(-1, -1)", RuntimeError, "only one dimension can be inferred"),
    ("torch.ones(0).reshape(0, -1)", RuntimeError,
     "cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension "
     "size -1 can be any value and is ambiguous"),
    ("m.reshape('a')", TypeError, "reshape(): argument 'shape' (position 1) must be tuple of ints, not str"),
    ("m.view(2, 2.5)", TypeError,
     "view(): argument 'size' failed to unpack the object at pos 2 with error \"type must be "
     "tuple of ints,but got float\""),
    ("float(x)", ValueError, "only one element tensors can be converted to Python scalars"),
    ("int(xi)", ValueError, "only one element tensors can be converted to Python scalars"),
    ("bool(torch.ones(0))", RuntimeError, "Boolean value of Tensor with no values is ambiguous"),
    ("x[1:].detach_()", RuntimeError,
     "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel "
     "(DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP "
     "buckets, and hence detach_() cannot be called on these gradients. To fix this error, "
     "please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the "
     "solution."),
]


@pytest.mark.parametrize("statement,cls,message", SHAPES_AND_LISTS,
                         ids=[c[0] for c in SHAPES_AND_LISTS])
def test_shapes_lists_and_conversions(statement, cls, message):
    check(X, statement, cls, message)


CREATION = [
    ("torch.zeros(2, dtype='float32')", TypeError, "zeros(): argument 'dtype' must be torch.dtype, not str"),
    ("torch.ones(2, 3, dtype=np.float32)", TypeError,
     "ones(): argument 'dtype' must be torch.dtype, not type"),
    ("torch.full((2,), 1., requires_grad='yes')", TypeError,
     "full(): argument 'requires_grad' must be bool, not str"),
    ("torch.tensor([1.], requires_grad=None)", TypeError,
     "tensor(): argument 'requires_grad' must be bool, not NoneType"),
    ("torch.zeros_like(x, requires_grad=1)", TypeError,
     "zeros_like(): argument 'requires_grad' must be bool, not int"),
    ("torch.as_tensor([1.], dtype=5)", TypeError, "as_tensor(): argument 'dtype' must be torch.dtype, not int"),
    ("torch.rand(2, dtype='x')", TypeError,
     "rand() received an invalid combination of arguments - got (int, dtype=str), but expected "
     "one of:\n * (tuple of ints size, *, torch.Generator generator, Tensor out = None, "
     "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool "
     "pin_memory = False, bool requires_grad = False)\n * (tuple of ints size, *, Tensor out = "
     "None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
     "bool pin_memory = False, bool requires_grad = False)\n"),
    ("torch.zeros(2.5)", TypeError, "zeros(): argument 'size' (position 1) must be tuple of ints, not float"),
    ("torch.ones((2, 2.5))", TypeError,
     "ones(): argument 'size' failed to unpack the object at pos 2 with error \"type must be "
     "tuple of ints,but got float\""),
    ("torch.zeros((True,))", TypeError,
     "zeros(): argument 'size' (position 1) must be tuple of ints, but found element of type "
     "bool at pos 0"),
    ("torch.zeros(-1)", RuntimeError, "zeros: Dimension size must be non-negative."),
    ("torch.zeros()", TypeError, 'zeros() missing 1 required positional arguments: "size"'),
    ("torch.full(2, 1.)", TypeError, "full(): argument 'size' (position 1) must be tuple of ints, not int"),
    ("torch.full((2,), 'a')", TypeError, "full(): argument 'fill_value' (position 2) must be Number, not str"),
    ("torch.arange(0, 5, -1)", RuntimeError, "upper bound and lower bound inconsistent with step sign"),
    ("torch.arange(0, float('inf'))", RuntimeError, "unsupported range: 0 -> inf"),
    ("torch.arange('a')", TypeError, "arange(): argument 'end' (position 1) must be Number, not str"),
    ("torch.eye(-1)", RuntimeError, "n must be greater or equal to 0, got -1"),
    ("torch.eye(2, -1)", RuntimeError, "m must be greater or equal to 0, got -1"),
    ("torch.eye(2.5)", TypeError, "eye(): argument 'n' (position 1) must be int, not float"),
    ("torch.tensor(['a'])", ValueError, "too many dimensions 'str'"),
    ("torch.tensor('a')", TypeError, "new(): invalid data type 'str'"),
    ("torch.tensor([1, 'a'])", TypeError, "new(): invalid data type 'str'"),
    ("torch.tensor([[1, 2], [3]])", ValueError, "expected sequence of length 2 at dim 1 (got 1)"),
    ("torch.tensor([[1, 2], 3])", TypeError, "not a sequence"),
    ("torch.tensor([1., [2]])", TypeError, "must be real number, not list"),
    ("torch.tensor([1, [2]])", TypeError, "'list' object cannot be interpreted as an integer"),
    ("torch.tensor(None)", RuntimeError, "Could not infer dtype of NoneType"),
    ("torch.tensor([1, None])", RuntimeError, "Could not infer dtype of NoneType"),
    ("torch.tensor({1, 2})", RuntimeError, "Could not infer dtype of set"),
    ("torch.tensor([x, x])", ValueError, "only one element tensors can be converted to Python scalars"),
    ("torch.tensor(np.array(['a']))", TypeError,
     "can't convert np.ndarray of type numpy.str_. The only supported types are: float64, "
     "float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, "
     "uint16, uint8, and bool."),
    ("torch.device('foo')", RuntimeError,
     "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, "
     "xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device "
     "string: foo"),
    ("torch.zeros(2, device='cuda')", AssertionError, "Torch not compiled with CUDA enabled"),
    ("torch.ones(2, device=5)", RuntimeError, "Cannot access accelerator device when none is available."),
    ("x.to('cuda')", AssertionError, "Torch not compiled with CUDA enabled"),
    ("x.cuda()", AssertionError, "Torch not compiled with CUDA enabled"),
    ("x.to('cpu', 'float32')", TypeError,
     "to() received an invalid combination of arguments - got (str, str), but expected one of:\n"
     " * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool "
     "copy = False, *, torch.memory_format memory_format = None)\n * (torch.dtype dtype, bool "
     "non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n"
     " * (Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format "
     "memory_format = None)\n"),
]


@pytest.mark.parametrize("statement,cls,message", CREATION, ids=[c[0] for c in CREATION])
def test_making_tensors(statement, cls, message):
    check(X, statement, cls, message)


def test_good_data_and_conversions_as_torch():
    assert torch.tensor(range(3)).dtype is torch.int64
    assert torch.tensor([torch.ones(1), torch.ones(1)]).shape == (2,)
    assert torch.tensor([[], [1]]).shape == (2, 0) and torch.tensor([[], [1]]).dtype is torch.float32
    x = torch.tensor([1., 2.])
    assert x.to("cpu") is x and x.to(device="cpu") is x and x.to(torch.device("cpu")) is x
    assert x.to(torch.float32) is x and x.to("cpu", copy=True) is not x
    y = x.to(torch.zeros(1, dtype=torch.float64))
    assert y.dtype is torch.float64 and y.tolist() == [1., 2.]
    assert x.to("cpu", dtype=torch.float64).dtype is torch.float64
    assert repr(torch.device("cuda:1")) == "device(type='cuda', index=1)"
    assert torch.device("cpu") != "cpu" and torch.device("cpu") == torch.device("cpu")
    assert torch.zeros(2, requires_grad=None).requires_grad is False


def test_list_of_ndarrays_warns_once():
    from autograd_bn import creation
    creation._WARNED.discard("arrays")
    with pytest.warns(UserWarning, match="Creating a tensor from a list of numpy.ndarrays is "
                                         "extremely slow"):
        t = torch.tensor([np.ones(2), np.zeros(2)])
    assert t.dtype is torch.float64 and t.tolist() == [[1., 1.], [0., 0.]]
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.tensor([np.ones(2)])                    # once per process, as torch
