"""autograd_bn.optim against torch 2.13's recorded answers (tests/golden/nn_cases.json).

* Optimizer alone (gradients given, 30 steps, two parameter groups, a parameter without a
  gradient on some steps): SGD bit for bit; Adam to rtol 1e-6 (the one step that is not bit
  for bit is torch's MKL sqrt, 1 ulp off on a few elements in a thousand; with this data the
  recorded trajectories happen to be bit-identical too).  state_dict contents and param_groups
  equal.
* Full training runs (nn.Linear model, seeded data, 100 steps, cross-entropy and MSE): the
  loss at every step to rtol 5e-6 (observed: at most 1e-6; about half the steps bit-identical),
  the differences coming from float32 rounding in matmul/exp, not from the optimizers.
"""
import copy
import json
import os

import numpy as np
import pytest

import autograd_bn as torch
from autograd_bn import nn
import nn_programs as P

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "golden", "nn_cases.json"),
                        encoding="utf-8"))


def _config(c):
    c = dict(c)
    if "betas" in c:
        c["betas"] = tuple(c["betas"])
    return c


def _id(case):
    return case[0] + "-" + "-".join(f"{k}={v}" for k, v in case[1].items())


@pytest.mark.parametrize("case", GOLDEN["optim"], ids=_id)
def test_optimizer_trajectory(case):
    name, config, expected = case
    mine = json.loads(json.dumps(P.optimizer_trajectory(torch, name, _config(config))))
    a = np.array(mine["trajectory"], np.float32)
    b = np.array(expected["trajectory"], np.float32)
    if name == "SGD":
        assert np.array_equal(a.view(np.uint32), b.view(np.uint32))
    else:
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=0)
    assert mine["param_groups"] == expected["param_groups"]
    assert mine["state"].keys() == expected["state"].keys()
    for k, st in expected["state"].items():
        assert mine["state"][k].keys() == st.keys()
        for n, v in st.items():
            np.testing.assert_allclose(mine["state"][k][n], v, rtol=1e-6, atol=0)


@pytest.mark.parametrize("case", GOLDEN["training"], ids=lambda c: _id(c) + "-" + c[2])
def test_training_losses(case):
    name, config, loss, expected = case
    mine = P.training_losses(torch, name, _config(config), loss=loss)["losses"]
    np.testing.assert_allclose(mine, expected, rtol=5e-6, atol=0)


# --- behaviour ------------------------------------------------------------------------------
def _model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))


def _train(model, opt, steps=5):
    x = torch.randn(8, 2)
    for _ in range(steps):
        opt.zero_grad()
        model(x).pow(2).mean().backward()
        opt.step()


@pytest.mark.parametrize("make", [lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
                                  lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True)])
def test_state_dict_roundtrip_continues_identically(make):
    m1 = _model()
    o1 = make(m1.parameters())
    _train(m1, o1)
    m2 = _model()
    m2.load_state_dict(m1.state_dict())
    o2 = make(m2.parameters())
    o2.load_state_dict(copy.deepcopy(o1.state_dict()))   # torch shares the tensors too
    torch.manual_seed(5)
    _train(m1, o1)
    torch.manual_seed(5)
    _train(m2, o2)
    for p1, p2 in zip(m1.parameters(), m2.parameters()):
        assert p1.tolist() == p2.tolist()


def test_zero_grad_and_skipping_params_without_grad():
    m = _model()
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    before = [p.tolist() for p in m.parameters()]
    opt.step()                                   # no gradients yet: nothing moves
    assert [p.tolist() for p in m.parameters()] == before
    _train(m, opt, 1)
    opt.zero_grad(set_to_none=False)
    assert all(p.grad.abs().sum().item() == 0 for p in m.parameters())
    opt.zero_grad()
    assert all(p.grad is None for p in m.parameters())


def test_step_closure_and_versions():
    m = _model()
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    x = torch.randn(3, 2)
    y = m(x).sum()

    def closure():
        opt.zero_grad()
        loss = m(x).sum()
        loss.backward()
        return loss
    assert opt.step(closure).item() == pytest.approx(y.item())
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()                               # the step changed saved weights


def test_add_param_group_and_defaults():
    m = _model()
    opt = torch.optim.Adam([{"params": m[0].parameters()}], lr=0.1)
    opt.add_param_group({"params": m[2].parameters(), "lr": 0.5})
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert opt.param_groups[1]["betas"] == (0.9, 0.999)
    assert list(opt.param_groups[0]) == ["params", "lr", "betas", "eps", "weight_decay",
                                         "amsgrad", "maximize", "foreach", "capturable",
                                         "differentiable", "fused", "decoupled_weight_decay"]
    with pytest.raises(ValueError, match="some parameters appear in more than one"):
        opt.add_param_group({"params": [m[0].weight]})
    with pytest.warns(UserWarning, match="duplicate parameters"):
        torch.optim.SGD([m[0].weight, m[0].weight], lr=0.1)


def test_load_state_dict_errors():
    m = _model()
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="different number of parameter groups"):
        opt.load_state_dict({"state": {}, "param_groups": []})
    bad = opt.state_dict()
    bad["param_groups"][0]["params"] = [0]
    with pytest.raises(ValueError, match="doesn't match the size"):
        opt.load_state_dict(bad)
