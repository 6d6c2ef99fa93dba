"""autograd_bn.nn against torch 2.13's recorded answers (tests/golden/nn_cases.json, made by
tests/golden/make_nn_golden.py from the programs in tests/golden/nn_programs.py), plus the
behaviour of Module and Parameter that needs no oracle.

Exact: initial values (same seed, same numbers, bit for bit), every repr, every error
message, names of parameters/modules/state_dict keys.  Forward values and gradients: float32
rounding (rtol 1e-5, atol 1e-6 times the largest value), since NumPy's and torch's BLAS sum in
different orders.
"""
import copy
import json
import os
import pickle
import re
import sys
from collections import OrderedDict

import numpy as np
import pytest

import autograd_bn as torch
from autograd_bn import nn
import nn_programs as P

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "golden", "nn_cases.json"),
                        encoding="utf-8"))


def _tupled(x):
    return json.loads(json.dumps(x))


def assert_close(mine, theirs, path=""):
    if isinstance(theirs, dict):
        assert mine.keys() == theirs.keys(), path
        for k in theirs:
            assert_close(mine[k], theirs[k], f"{path}/{k}")
    elif isinstance(theirs, list) and theirs and isinstance(theirs[0], float):
        a, b = np.asarray(mine, np.float64), np.asarray(theirs, np.float64)
        scale = np.max(np.abs(b)) if b.size else 0.0
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6 * scale, err_msg=path)
    elif isinstance(theirs, list):
        assert len(mine) == len(theirs), path
        for i, (m, t) in enumerate(zip(mine, theirs)):
            assert_close(m, t, f"{path}[{i}]")
    elif isinstance(theirs, float):
        assert mine == pytest.approx(theirs, rel=1e-5, abs=1e-7), path
    else:
        assert mine == theirs, path


# --- golden ---------------------------------------------------------------------------------
@pytest.mark.parametrize("key", sorted(GOLDEN["init"]))
def test_init_exact(key):
    assert _tupled(P.init_values(torch)[key]) == GOLDEN["init"][key]


def _ordered_dict_as_recorded(text):
    """Python 3.12 prints ``OrderedDict({'k': v})`` where 3.11, on which the golden file was
    recorded, printed ``OrderedDict([('k', v)])`` (torch's state_dict repr is Python's)."""
    if sys.version_info < (3, 12) or not isinstance(text, str) or not text.startswith("OrderedDict({"):
        return text
    body = text[len("OrderedDict({"):-2]
    body = re.sub(r"^'([\w.]+)': ", r"('\1', ", body)
    body = re.sub(r", '([\w.]+)': ", r"), ('\1', ", body)
    return f"OrderedDict([{body})])"


@pytest.mark.parametrize("key", sorted(GOLDEN["texts"]))
def test_texts_exact(key):
    got = _ordered_dict_as_recorded(_tupled(P.texts(torch)[key]))
    assert got == GOLDEN["texts"][key]


@pytest.mark.parametrize("key", sorted(GOLDEN["forward_backward"]))
def test_forward_backward(key):
    assert_close(_tupled(P.forward_backward(torch)[key]), GOLDEN["forward_backward"][key], key)


# --- Parameter ---------------------------------------------------------------------------
def test_parameter_basics():
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    assert isinstance(p, nn.Parameter) and isinstance(p, torch.Tensor)
    assert type(p) is nn.Parameter
    assert p.is_leaf and p.requires_grad and p.grad_fn is None
    assert repr(p) == "Parameter containing:\ntensor([1., 2.], requires_grad=True)"
    assert repr(nn.Parameter()) == "Parameter containing:\ntensor([], requires_grad=True)"
    q = p * 2
    assert type(q) is torch.Tensor and q.grad_fn.name() == "MulBackward0"
    assert type(p.detach()) is torch.Tensor


def test_parameter_shares_data():
    t = torch.zeros(3)
    p = nn.Parameter(t)
    with torch.no_grad():
        p.add_(1)
    assert t.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("expr", ["p * 2", "2 * p", "p + p", "x @ p.t()", "p - x", "x / p",
                                  "p.sum()", "torch.cat([p, x])", "torch.maximum(x, p)",
                                  "torch.where(x > 0, p, x)", "p ** 2", "1 - p"])
def test_parameter_operands_get_edges(expr):
    """A Parameter is a tensor to every op: each use of it must reach its AccumulateGrad."""
    p = nn.Parameter(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    x = torch.tensor([[0.5, -1.0], [2.0, 0.25]])
    ref = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    out = eval(expr, {"torch": torch, "p": p, "x": x})
    expected = eval(expr, {"torch": torch, "p": ref, "x": x})
    out.sum().backward()
    expected.sum().backward()
    assert p.grad is not None and p.grad.tolist() == ref.grad.tolist()


def test_parameter_deepcopy_and_pickle():
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    for q in (copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert type(q) is nn.Parameter and q.requires_grad and q.tolist() == [1.0, 2.0]
        assert q._data is not p._data


# --- Module ---------------------------------------------------------------------------------
class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 3)
        self.out = nn.Linear(3, 1)
        self.register_buffer("count", torch.zeros(1))
        self.plain = 5

    def forward(self, x):
        return self.out(self.fc(x).relu())


def test_registration_and_iteration():
    m = Tiny()
    assert [n for n, _ in m.named_parameters()] == ["fc.weight", "fc.bias", "out.weight",
                                                    "out.bias"]
    assert [n for n, _ in m.named_children()] == ["fc", "out"]
    assert [n for n, _ in m.named_modules()] == ["", "fc", "out"]
    assert list(m.state_dict()) == ["count", "fc.weight", "fc.bias", "out.weight", "out.bias"]
    assert m.plain == 5 and "plain" not in m._parameters
    assert isinstance(m.state_dict(), OrderedDict)
    assert all(not v.requires_grad for v in m.state_dict().values())
    assert m(torch.ones(4, 2)).shape == torch.Size([4, 1])
    m.fc = None
    assert [n for n, _ in m.named_children()] == ["out"]
    del m.out
    assert list(m.named_parameters()) == []


def test_shared_parameters_listed_once():
    lin = nn.Linear(2, 2)
    seq = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(seq.parameters())) == 2
    assert len(list(seq.modules())) == 3


def test_train_eval_zero_grad():
    m = Tiny()
    assert all(x.training for x in m.modules())
    m.eval()
    assert not any(x.training for x in m.modules())
    m(torch.ones(1, 2)).sum().backward()
    m.zero_grad(set_to_none=False)
    assert all(p.grad is not None and p.grad.abs().sum().item() == 0 for p in m.parameters())
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())


def test_load_state_dict_copies_values():
    torch.manual_seed(0)
    a, b = Tiny(), Tiny()
    assert repr(b.load_state_dict(a.state_dict())) == "<All keys matched successfully>"
    for (n1, p1), (n2, p2) in zip(a.named_parameters(), b.named_parameters()):
        assert n1 == n2 and p1.tolist() == p2.tolist() and p1 is not p2
    assert type(b.fc.weight) is nn.Parameter


def test_linear_grad_fn_and_higher_order():
    """AddmmBackward0 works under create_graph like any node: same as matmul + add."""
    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    x = torch.randn(4, 3, requires_grad=True)
    w = lin.weight.detach().clone().requires_grad_()
    b = lin.bias.detach().clone().requires_grad_()
    x2 = x.detach().clone().requires_grad_()
    results = []
    for inp, out in ((x, lin(x)), (x2, x2 @ w.t() + b)):
        g, = torch.autograd.grad((out ** 3).sum(), inp, create_graph=True)
        g.sum().backward()
        results.append(inp.grad.numpy())
    assert lin(x).grad_fn.name() == "AddmmBackward0"
    np.testing.assert_allclose(results[0], results[1], rtol=1e-5)
    np.testing.assert_allclose(lin.weight.grad.numpy(), w.grad.numpy(), rtol=1e-5)
    np.testing.assert_allclose(lin.bias.grad.numpy(), b.grad.numpy(), rtol=1e-5)


def test_linear_saved_tensor_checked():
    lin = nn.Linear(2, 2)
    x = torch.ones(3, 2, requires_grad=True)
    y = lin(x)
    with torch.no_grad():
        lin.weight.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_sequential_container():
    seq = nn.Sequential(OrderedDict([("a", nn.Linear(2, 2)), ("b", nn.Tanh())]))
    assert repr(seq).startswith("Sequential(\n  (a): Linear")
    assert len(seq) == 2 and isinstance(seq[-1], nn.Tanh)
    seq.append(nn.Sigmoid())
    assert [type(m).__name__ for m in seq] == ["Linear", "Tanh", "Sigmoid"]
    del seq[0]
    assert list(seq._modules) == ["0", "1"]


def test_module_errors():
    class NoInit(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(1, 1)
    with pytest.raises(AttributeError, match="cannot assign module before Module.__init__"):
        NoInit()
    with pytest.raises(NotImplementedError, match='missing the required "forward"'):
        nn.Module()(1)
    m = nn.Linear(1, 1)
    with pytest.raises(KeyError, match="attribute 'forward' already exists"):
        m.register_parameter("forward", None)
    with pytest.raises(TypeError, match=r"cannot assign 'torch.FloatTensor' object to parameter"):
        m.register_parameter("p", torch.ones(1))


def test_bengali_messages():
    torch.set_language("bn")
    try:
        with pytest.raises(RuntimeError) as info:
            nn.Linear(2, 2).load_state_dict({})
        assert any("\u0980" <= ch <= "\u09ff" for ch in str(info.value))
        assert '"weight", "bias"' in str(info.value)
    finally:
        torch.set_language("en")
