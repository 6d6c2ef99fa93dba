"""autograd_bn.nn / autograd_bn.optim against a live torch 2.13.

torch's float32 bits depend on the CPU (MKL sgemm's summation order, SLEEF/MKL vector paths),
autograd_bn's do not, so every comparison below is exact where the arithmetic is and otherwise
within a bound derived from the computation (tests/live/tolerance.py states the per-operation
facts; each check names the bound it uses):
* initial values of nn.Linear and nn.init: bit for bit (same generator, same formulas);
* reprs, state_dict keys, error messages: character for character;
* forward values, losses, gradients of the small networks: the running error bounds of
  tolerance.Network / cross_entropy / mse (torch's products gamma_{k+1} sum|a||b|, ours
  correctly rounded, exp/log/tanh 1 ulp a side, propagated through the layers);
* optimizers, step for step with torch (torch's parameters and state fed into autograd_bn
  after every step, so differences never compound): with identical gradients SGD and the
  moments bit for bit, Adam's parameters within tolerance.adam_step (torch's MKL sqrt is
  within 1 ulp, ours correctly rounded; with torch's sqrt patched in, Adam is bit for bit);
* 100-step training runs: at every step the loss and the gradients within the network bounds
  and the step within tolerance.sgd_step / adam_step for those gradient differences.
"""
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

import autograd_bn as bn  # noqa: E402
import autograd_bn.optim._kernels as K  # noqa: E402
import nn_programs as P  # noqa: E402
import tolerance as T  # noqa: E402

torch.set_num_threads(1)


def _plain(x):
    return json.loads(json.dumps(x))


def _np(t):
    return np.array(t.detach().numpy(), dtype=np.float64)


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


def _layers(params, acts):
    """tolerance.Network layers from a Sequential's parameters (weight, bias pairs) and the
    activations between its Linear layers."""
    ws = [_np(p) for p in params]
    layers = []
    for i in range(0, len(ws), 2):
        layers.append(("linear", ws[i], ws[i + 1]))
        if i // 2 < len(acts):
            layers.append((acts[i // 2],))
    return layers


def forward_backward_bounds():
    """{key: bound} for nn_programs.forward_backward, from torch's own inputs and parameters
    (rebuilt from the same seed; checked against the program's output)."""
    torch.manual_seed(1)
    x = torch.randn(5, 2)
    target = torch.randint(0, 3, (5,)).numpy()
    reg = _np(torch.randn(5, 3))
    model = P._mlp(torch)
    net = P._net_class(torch)()
    x = _np(x)
    # Linear(2, 8) -> ReLU -> Linear(8, 3): products of 3 and 9 terms, propagated
    mlp = T.Network(x, _layers(model.parameters(), ["relu"]))
    z, e_z = mlp.output
    ce, e_ce, g_ce, e_gce = T.cross_entropy(z, e_z, target)
    mse, e_mse, g_mse, e_gmse = T.mse(z, e_z, reg)
    # Net: body, tanh, head (3 terms, no bias), times the scale 2.0 (exact), summed: the head's
    # output gradient is the scale, exactly; the scale's gradient the sum of the head's outputs
    body = _layers(net.body.parameters(), ["relu"]) + [("tanh",),
                                                         ("linear", _np(net.head.weight), None)]
    netb = T.Network(x, body)
    out, e_out = netb.output
    # net.parameters() lists the module's own parameter (scale) before its children's
    net_grads = [T.sums(out, 0, e_out)] + netb.backward(np.full_like(out, _np(net.scale)), 0.0)
    assert [n for n, _p in net.named_parameters()][0] == "scale"
    w1, b1 = _np(model[0].weight), _np(model[0].bias)
    ce_sum = T.cross_entropy(z, e_z, target, reduction="sum")
    functional = [
        np.zeros_like(x),                                   # relu: exact
        T.softmax(x, axis=1)[1],
        T.log_softmax(x, 0.0, axis=0)[1],
        ce_sum[1],
        T.mse(z, e_z, reg, reduction="none")[1],
        T.product(x, w1.T),                                 # 2 terms, no bias
        T.product(x[0], w1.T, bias=b1),
    ]
    # (w*w).sum() + (w+w).sum() + (x @ w.t()).sum(): the gradient 2w + 2 + sum_n x_n, the last
    # a product of 5 terms; w + w, 1 + 1 are exact, the two additions of the three parts may
    # flip on each side
    col = T.product(np.ones((w1.shape[0], x.shape[0])), x)
    param_op = col + 2 * 2 * T.U32 * (2 * np.abs(w1) + 2 + np.abs(x).sum(0))
    return {"output": e_z, "ce": e_ce, "ce_grads": mlp.backward(g_ce, e_gce), "mse": e_mse,
            "mse_grads": mlp.backward(g_mse, e_gmse), "net_grads": net_grads,
            "functional": functional, "param_op_grad": param_op, "_output": z}


def test_forward_backward():
    mine, theirs = _plain(P.forward_backward(bn)), _plain(P.forward_backward(torch))
    bounds = forward_backward_bounds()
    # the rebuilt inputs are the program's: its output is theirs to float32 rounding
    T.assert_within(np.float32(bounds.pop("_output")).ravel(), theirs["output"],
                    bounds["output"].ravel(), "rebuilt output")
    for key, t in theirs.items():
        m = mine[key]
        if key not in bounds:
            assert m == t, key
        elif isinstance(t, float):
            T.assert_within(m, t, bounds[key], key)
        elif isinstance(t[0], list):
            assert len(m) == len(t) == len(bounds[key]), key
            for i, (a, b, e) in enumerate(zip(m, t, bounds[key])):
                T.assert_within(a, b, e, f"{key}[{i}]")
        else:
            T.assert_within(m, t, bounds[key], key)


# --- optimizers, step for step -------------------------------------------------------------
class TorchRecord:
    """A hook for nn_programs that records torch's parameters, gradients and optimizer state
    around every step."""

    def __init__(self):
        self.steps = []

    def __call__(self, stage, i, params, opt, *batch):
        params = list(params.parameters()) if hasattr(params, "parameters") else params
        if stage == "backward":
            self.steps.append({
                "p0": [_np(p) for p in params], "batch": [b.numpy() for b in batch],
                "g": [None if p.grad is None else _np(p.grad) for p in params]})
            return
        rec = self.steps[i]
        rec["p1"] = [_np(p) for p in params]
        rec["state"] = [{k: np.array(v.numpy()) for k, v in opt.state[p].items()}
                        for p in params]
        rec["lr"] = [next(g["lr"] for g in opt.param_groups if any(q is p for q in g["params"]))
                     for p in params]


def _feed(params, opt, rec):
    """Put torch's parameters and optimizer state after the step into autograd_bn's."""
    with bn.no_grad():
        for p, t, st in zip(params, rec["p1"], rec["state"]):
            p.copy_(bn.from_numpy(np.float32(t)))
            assert sorted(opt.state[p]) == sorted(st)
            for k, v in st.items():
                opt.state[p][k].copy_(bn.from_numpy(np.array(v)))


def step_bound(name, config, rec, j, e_g):
    """Bound on |ours - torch| for parameter j after step rec (tolerance.sgd_step /
    adam_step), the gradients differing by at most e_g."""
    cfg = dict(config, lr=rec["lr"][j])
    st = rec["state"][j]
    if name == "SGD":
        return T.sgd_step(cfg, rec["g"][j], rec["p0"][j], rec["p1"][j],
                          st.get("momentum_buffer"), first=rec["first"][j], e_g=e_g)
    v = st["max_exp_avg_sq"] if config.get("amsgrad") else st["exp_avg_sq"]
    return T.adam_step(cfg, rec["p1"][j], st["exp_avg"], v, float(st["step"]), e_g)


def follow(name, config, record, grad_bounds=None, check_state=False):
    """The hook that runs autograd_bn step for step with torch's ``record``: after each step it
    checks our parameters (and, with identical gradients, our state bit for bit), then feeds
    torch's parameters and state in.  ``grad_bounds(rec)`` gives the bound on the gradients'
    difference (None: identical gradients), checked before the step."""
    e_grads = {}

    def hook(stage, i, params, opt, *batch):
        params = list(params.parameters()) if hasattr(params, "parameters") else params
        rec = record.steps[i]
        if stage == "backward":
            for b_ours, b_torch in zip(batch, rec["batch"]):
                assert np.array_equal(b_ours.numpy(), b_torch)
            assert all(np.array_equal(_np(p), q) for p, q in zip(params, rec["p0"]))
            e_grads[i] = grad_bounds(rec) if grad_bounds else [0.0] * len(params)
            for j, (p, g, e) in enumerate(zip(params, rec["g"], e_grads[i])):
                assert (p.grad is None) == (g is None)
                if g is not None:
                    T.assert_within(_np(p.grad), g, e, f"step {i} grad {j}")
            return
        prev = record.steps[i - 1]["state"] if i else [{}] * len(params)
        rec["first"] = [len(st) == 0 for st in prev]         # a parameter's first step
        for j, p in enumerate(params):
            if rec["g"][j] is None:            # not stepped: unchanged, bit for bit
                assert np.array_equal(_np(p), rec["p1"][j])
                continue
            e = step_bound(name, config, rec, j, e_grads[i][j])
            T.assert_within(_np(p), rec["p1"][j], e, f"step {i} param {j}")
            if check_state:
                for k, v in rec["state"][j].items():
                    assert np.array_equal(opt.state[p][k].numpy(), v), (i, j, k)
        _feed(params, opt, rec)
    return hook


def _isolated(lib, name, config, steps=100, hook=None):
    rng = np.random.default_rng(0)
    shapes = [(16, 2), (16,), (3, 16), (3,), (40, 33)]
    init = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    params = [lib.nn.Parameter(lib.tensor(a)) for a in init]
    opt = getattr(lib.optim, name)([{"params": params[:2]},
                                    {"params": params[2:], "lr": config.get("lr", 1e-3) / 2}],
                                   **config)
    out = []
    for i in range(steps):
        for p, s in zip(params, shapes):
            g = (rng.standard_normal(s) * 10.0 ** rng.integers(-6, 1)).astype(np.float32)
            p.grad = lib.tensor(g)
        if hook is not None:
            hook("backward", i, params, opt)
        opt.step()
        if hook is not None:
            hook("step", i, params, opt)
        out.append(np.concatenate([p.detach().numpy().ravel() for p in params]).copy())
    return np.array(out)


@pytest.mark.parametrize("name,config", P.OPTIM_CONFIGS, ids=str)
def test_optimizer_with_identical_gradients(name, config):
    """100 steps, gradients from 1e-6 to 1, step for step: SGD and the moments bit for bit,
    Adam's parameters within adam_step's bound for e_g = 0 (the 1-ulp sqrt difference)."""
    record = TorchRecord()
    _isolated(torch, name, config, hook=record)
    _isolated(bn, name, config, hook=follow(name, config, record, check_state=True))


@pytest.mark.parametrize("name,config", [c for c in P.OPTIM_CONFIGS if c[0] == "Adam"], ids=str)
def test_adam_bit_for_bit_with_torch_sqrt(name, config, monkeypatch):
    monkeypatch.setattr(K, "sqrt", lambda x: torch.from_numpy(np.ascontiguousarray(x))
                        .sqrt().numpy())
    a, t = _isolated(bn, name, config), _isolated(torch, name, config)
    assert np.array_equal(a.view(np.uint32), t.view(np.uint32))
    a = P.optimizer_trajectory(bn, name, config)["trajectory"]
    assert a == P.optimizer_trajectory(torch, name, config)["trajectory"]


def network_bounds(loss):
    """grad_bounds for training_losses' model: Linear(2, 16), ReLU, Linear(16, 16), ReLU,
    Linear(16, 3) on 64 inputs, cross-entropy or MSE (tolerance.Network and the loss bounds),
    at torch's parameters before the step; also keeps the loss's bound in rec["e_loss"]."""
    def bounds(rec):
        x, target = rec["batch"]
        params = rec["p0"]
        layers = [("linear", params[0], params[1]), ("relu",), ("linear", params[2], params[3]),
                  ("relu",), ("linear", params[4], params[5])]
        net = T.Network(x, layers)
        z, e_z = net.output
        if loss == "ce":
            _l, rec["e_loss"], g, e_g = T.cross_entropy(z, e_z, target)
        else:
            _l, rec["e_loss"], g, e_g = T.mse(z, e_z, target)
        return net.backward(g, e_g)
    return bounds


@pytest.mark.parametrize("loss", ["ce", "mse"])
@pytest.mark.parametrize("name,config", P.TRAINING_CONFIGS, ids=str)
def test_training_run_step_for_step(name, config, loss):
    """100 steps with torch's parameters and state fed in after each: the loss and gradients
    within the network's bounds, the step within the optimizer's bound for them."""
    record = TorchRecord()
    theirs = P.training_losses(torch, name, config, loss=loss, hook=record)
    mine = P.training_losses(bn, name, config, loss=loss,
                             hook=follow(name, config, record, network_bounds(loss)))
    T.assert_within(mine["losses"], theirs["losses"], [r["e_loss"] for r in record.steps],
                    "losses")


@pytest.mark.parametrize("name,config", P.OPTIM_CONFIGS, ids=str)
def test_optimizer_state_dict(name, config):
    """nn_programs.optimizer_trajectory (two groups, a parameter without gradient every third
    step), step for step with identical gradients: parameters within the step bound, moments
    and buffers bit for bit, the same param_groups and state keys.

    Only the square root differs (with torch's patched in, the trajectory is bit for bit:
    test_adam_bit_for_bit_with_torch_sqrt); amsgrad's max is exact on both sides.  Run freely,
    Adam with amsgrad and weight decay 0.01 takes torch's 1-ulp-off sqrt at step 1 into c[0]:
    1 ulp of 0.096 (7.5e-9), which then stays in it for the remaining 29 steps (the update
    depends on the parameter only through 0.01 p) while c[0] shrinks to 0.0009, 8e-6 relative
    on 8 of 510 values: one rounding, which no rtol on the later values can express.  Step for
    step, each step is held to its own bound (tolerance.adam_step with e_g = 0)."""
    record = TorchRecord()
    theirs = _plain(P.optimizer_trajectory(torch, name, config, hook=record))
    mine = _plain(P.optimizer_trajectory(bn, name, config,
                                         hook=follow(name, config, record, check_state=True)))
    assert mine["param_groups"] == theirs["param_groups"]
    assert mine["state"].keys() == theirs["state"].keys()
    for k in theirs["state"]:
        assert mine["state"][k].keys() == theirs["state"][k].keys()
