"""autograd_bn.nn / autograd_bn.optim against a live torch 2.13.

Tolerances, stated per check:
* initial values of nn.Linear and nn.init: bit for bit (same generator, same formulas);
* reprs, state_dict keys, error messages: character for character;
* forward values, losses, gradients: float32 rounding (rtol 1e-5, atol 1e-6 x max |value|);
* optimizers fed identical gradients, 100 steps: SGD bit for bit; Adam rtol 1e-6, atol 1e-8
  (torch's MKL sqrt is 1 ulp off on ~0.6% of elements, which moves a parameter by ~1e-9; with
  torch's own sqrt patched in, Adam is bit for bit too, checked below);
* 100-step training runs (nn.Linear + ReLU, cross-entropy and MSE): the loss at every step to
  rtol 5e-6 (observed at most ~1e-6), parameters after 100 steps to atol 1e-4 (observed up to
  2.3e-5 for Adam+amsgrad on MSE: Adam divides by sqrt of tiny second moments and so enlarges
  the ulp-level differences of matmul and exp).
"""
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

import autograd_bn as bn  # noqa: E402
import autograd_bn.optim._kernels as K  # noqa: E402
import nn_programs as P  # noqa: E402

torch.set_num_threads(1)


def _plain(x):
    return json.loads(json.dumps(x))


@pytest.mark.parametrize("seed", [0, 1, 123])
@pytest.mark.parametrize("shape", [(1, 1), (2, 8), (13, 7), (300, 64), (3, 1000)])
def test_linear_init_bit_for_bit(seed, shape):
    torch.manual_seed(seed)
    bn.manual_seed(seed)
    t, a = torch.nn.Linear(*shape), bn.nn.Linear(*shape)
    assert np.array_equal(t.weight.detach().numpy(), a.weight.detach().numpy())
    assert np.array_equal(t.bias.detach().numpy(), a.bias.detach().numpy())
    assert torch.rand(3).tolist() == bn.rand(3).tolist()       # the generators stay in step
    assert repr(t) == repr(a)
    assert repr(t.bias) == repr(a.bias)


def test_init_functions():
    assert _plain(P.init_values(bn)) == _plain(P.init_values(torch))


def test_texts():
    mine, theirs = _plain(P.texts(bn)), _plain(P.texts(torch))
    for key in theirs:
        assert mine[key] == theirs[key], key


def test_forward_backward():
    mine, theirs = _plain(P.forward_backward(bn)), _plain(P.forward_backward(torch))
    for key, t in theirs.items():
        m = mine[key]
        if isinstance(t, float):
            assert m == pytest.approx(t, rel=1e-5), key
        elif isinstance(t, list) and t and isinstance(t[0], list) and t[0] and \
                isinstance(t[0][0], float):
            for a, b in zip(m, t):
                np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6 * np.max(np.abs(b)))
        elif isinstance(t, list) and t and isinstance(t[0], float):
            np.testing.assert_allclose(m, t, rtol=1e-5, atol=1e-6 * np.max(np.abs(t)))
        elif key == "functional":
            for a, b in zip(m, t):
                np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
        else:
            assert m == t, key


def _isolated(lib, name, config, steps=100):
    rng = np.random.default_rng(0)
    shapes = [(16, 2), (16,), (3, 16), (3,), (40, 33)]
    init = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    params = [lib.nn.Parameter(lib.tensor(a)) for a in init]
    opt = getattr(lib.optim, name)([{"params": params[:2]},
                                    {"params": params[2:], "lr": config.get("lr", 1e-3) / 2}],
                                   **config)
    out = []
    for _ in range(steps):
        for p, s in zip(params, shapes):
            g = (rng.standard_normal(s) * 10.0 ** rng.integers(-6, 1)).astype(np.float32)
            p.grad = lib.tensor(g)
        opt.step()
        out.append(np.concatenate([p.detach().numpy().ravel() for p in params]).copy())
    return np.array(out)


@pytest.mark.parametrize("name,config", P.OPTIM_CONFIGS, ids=str)
def test_optimizer_with_identical_gradients(name, config):
    a, t = _isolated(bn, name, config), _isolated(torch, name, config)
    if name == "SGD":
        assert np.array_equal(a.view(np.uint32), t.view(np.uint32))
    else:
        np.testing.assert_allclose(a, t, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name,config", [c for c in P.OPTIM_CONFIGS if c[0] == "Adam"], ids=str)
def test_adam_bit_for_bit_with_torch_sqrt(name, config, monkeypatch):
    monkeypatch.setattr(K, "sqrt", lambda x: torch.from_numpy(np.ascontiguousarray(x))
                        .sqrt().numpy())
    a, t = _isolated(bn, name, config), _isolated(torch, name, config)
    assert np.array_equal(a.view(np.uint32), t.view(np.uint32))


@pytest.mark.parametrize("loss", ["ce", "mse"])
@pytest.mark.parametrize("name,config", P.TRAINING_CONFIGS, ids=str)
def test_training_run_step_for_step(name, config, loss):
    mine = P.training_losses(bn, name, config, loss=loss)
    theirs = P.training_losses(torch, name, config, loss=loss)
    np.testing.assert_allclose(mine["losses"], theirs["losses"], rtol=5e-6, atol=0)
    for a, b in zip(mine["params"], theirs["params"]):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-4)


@pytest.mark.parametrize("name,config", P.OPTIM_CONFIGS, ids=str)
def test_optimizer_state_dict(name, config):
    mine = _plain(P.optimizer_trajectory(bn, name, config))
    theirs = _plain(P.optimizer_trajectory(torch, name, config))
    assert mine["param_groups"] == theirs["param_groups"]
    assert mine["state"].keys() == theirs["state"].keys()
    np.testing.assert_allclose(mine["trajectory"], theirs["trajectory"], rtol=1e-6, atol=0)
