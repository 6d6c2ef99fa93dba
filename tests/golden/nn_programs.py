"""Programs over ``torch.nn`` / ``torch.optim`` that run unchanged on torch and autograd_bn.

Each takes the library as ``lib`` and returns plain JSON values (floats of float32 tensors are
exact as Python floats), so make_nn_golden.py can record torch's answers into nn_cases.json,
tests/test_nn.py and tests/test_optim.py replay them without torch, and
tests/live/test_nn_live.py compares both libraries directly.
"""
import math

SGD_CONFIGS = [
    {"lr": 0.1},
    {"lr": 0.1, "momentum": 0.9},
    {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3},
    {"lr": 0.05, "momentum": 0.5, "dampening": 0.1, "weight_decay": 0.1, "maximize": True},
]
ADAM_CONFIGS = [
    {"lr": 0.01},
    {"lr": 0.01, "amsgrad": True, "weight_decay": 1e-2},
    {"lr": 0.003, "betas": (0.8, 0.99), "eps": 1e-6, "maximize": True},
    {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True},
]
OPTIM_CONFIGS = [("SGD", c) for c in SGD_CONFIGS] + [("Adam", c) for c in ADAM_CONFIGS]


def values(t):
    return t.detach().reshape(-1).tolist()


def error_of(fn):
    try:
        fn()
    except Exception as e:          # noqa: BLE001
        return [type(e).__name__, str(e)]
    return None


# --- initialisation ------------------------------------------------------------------------
LINEAR_SHAPES = [(0, 2, 8), (0, 8, 3), (1, 784, 16), (7, 5, 1), (3, 1, 4)]


def init_values(lib):
    out = {}
    for seed, n_in, n_out in LINEAR_SHAPES:
        lib.manual_seed(seed)
        lin = lib.nn.Linear(n_in, n_out)
        out[f"linear_{seed}_{n_in}_{n_out}"] = [values(lin.weight), values(lin.bias),
                                                lib.rand(2).tolist()]
    I = lib.nn.init
    lib.manual_seed(3)
    w = lib.empty(4, 6)
    out["xavier_uniform"] = values(I.xavier_uniform_(w, gain=I.calculate_gain("tanh")))
    out["kaiming_uniform_relu"] = values(I.kaiming_uniform_(w, nonlinearity="relu"))
    out["kaiming_uniform_fan_out"] = values(I.kaiming_uniform_(w, a=0.1, mode="fan_out"))
    out["uniform"] = values(I.uniform_(w, -2.0, 3.0))
    out["normal"] = values(I.normal_(lib.empty(20), 1.0, 0.5))
    out["constant"] = values(I.constant_(w, 0.25))
    out["zeros_ones"] = values(I.zeros_(lib.empty(3))) + values(I.ones_(lib.empty(2)))
    out["gains"] = [I.calculate_gain(n) for n in ("linear", "sigmoid", "tanh", "relu",
                                                  "leaky_relu", "selu")]
    out["gain_leaky_sqrt5"] = I.calculate_gain("leaky_relu", math.sqrt(5))
    out["fans"] = list(I._calculate_fan_in_and_fan_out(lib.empty(5, 3, 2, 2)))
    out["fan_error"] = error_of(lambda: I._calculate_fan_in_and_fan_out(lib.empty(5)))
    out["gain_error"] = error_of(lambda: I.calculate_gain("swish"))
    p = lib.nn.Parameter(lib.ones(3))
    out["init_keeps_leaf"] = [I.uniform_(p) is p, p.is_leaf, p.requires_grad, p.grad_fn is None]
    return out


# --- text ----------------------------------------------------------------------------------
def _mlp(lib):
    nn = lib.nn
    return nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 3))


def _net_class(lib):
    class Net(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = _mlp(lib)
            self.act = lib.nn.Tanh()
            self.head = lib.nn.Linear(3, 1, bias=False)
            self.scale = lib.nn.Parameter(lib.tensor(2.0))

        def forward(self, x):
            return self.head(self.act(self.body(x))) * self.scale
    return Net


def texts(lib):
    nn = lib.nn
    lib.manual_seed(0)
    out = {}
    model = _mlp(lib)
    out["sequential"] = repr(model)
    out["linear_nobias"] = repr(nn.Linear(3, 2, bias=False))
    out["relu_inplace"] = repr(nn.ReLU(inplace=True))
    out["activations"] = [repr(nn.Tanh()), repr(nn.Sigmoid()), repr(nn.MSELoss()),
                          repr(nn.CrossEntropyLoss())]
    out["parameter"] = repr(model[0].bias)
    out["parameter_str"] = str(model[2].weight)
    out["parameter_nograd"] = repr(nn.Parameter(lib.tensor([1.0, 2.0]), requires_grad=False))
    net = _net_class(lib)()
    out["net"] = repr(net)
    out["named_parameters"] = [(n, list(p.shape)) for n, p in net.named_parameters()]
    out["named_children"] = [n for n, _ in net.named_children()]
    out["named_modules"] = [n for n, _ in net.named_modules()]
    out["modules"] = [type(m).__name__ for m in net.modules()]
    out["state_dict"] = repr(model.state_dict())
    out["state_keys"] = list(net.state_dict().keys())
    out["load_ok"] = repr(model.load_state_dict(_mlp(lib).state_dict()))
    sd = model.state_dict()
    del sd["2.bias"]
    sd["2.extra"] = lib.zeros(1)
    sd["3.weight"] = lib.zeros(1)
    out["load_missing_unexpected"] = error_of(lambda: model.load_state_dict(sd))
    out["load_non_strict"] = repr(model.load_state_dict(sd, strict=False))
    bad = _mlp(lib).state_dict()
    bad["0.weight"] = lib.zeros(3, 3)
    out["load_size_mismatch"] = error_of(lambda: model.load_state_dict(bad))
    out["setattr_error"] = error_of(lambda: setattr(model[0], "weight", lib.zeros(8, 2)))
    out["getattr_error"] = error_of(lambda: model[0].nonexistent)
    out["index_error"] = error_of(lambda: model[5])
    out["slice"] = repr(model[1:])
    out["train_flags"] = [m.training for m in model.eval().modules()] + \
        [m.training for m in model.train().modules()]
    for name, kw in (("SGD", {"lr": 0.1, "momentum": 0.9}), ("Adam", {"lr": 0.01})):
        out["repr_" + name] = repr(getattr(lib.optim, name)(model.parameters(), **kw))
    out["optim_errors"] = [
        error_of(lambda: lib.optim.SGD([], lr=0.1)),
        error_of(lambda: lib.optim.SGD(model[0].weight, lr=0.1)),
        error_of(lambda: lib.optim.SGD(model.parameters(), lr=-1)),
        error_of(lambda: lib.optim.SGD(model.parameters(), lr=0.1, nesterov=True)),
        error_of(lambda: lib.optim.SGD(model.parameters(), momentum=-0.5)),
        error_of(lambda: lib.optim.Adam(model.parameters(), betas=(1.0, 0.9))),
        error_of(lambda: lib.optim.Adam(model.parameters(), betas=(0.9, 1.5))),
        error_of(lambda: lib.optim.Adam(model.parameters(), eps=-1)),
        error_of(lambda: lib.optim.Adam(model.parameters(), weight_decay=-1)),
        error_of(lambda: lib.optim.SGD([{"params": [model[0].weight]},
                                        {"params": [model[0].weight]}], lr=0.1)),
        error_of(lambda: lib.optim.SGD([model(lib.ones(1, 2))], lr=0.1)),
    ]
    return out


# --- forward, loss, gradients ----------------------------------------------------------------
def forward_backward(lib):
    nn = lib.nn
    lib.manual_seed(1)
    x = lib.randn(5, 2)
    target = lib.randint(0, 3, (5,))
    reg_target = lib.randn(5, 3)
    model = _mlp(lib)
    out = {}
    y = model(x)
    out["output"] = values(y)
    out["grad_fn"] = [y.grad_fn.name(), [None if f is None else type(f).__name__
                                         for f, _ in y.grad_fn.next_functions]]
    loss = nn.CrossEntropyLoss()(y, target)
    loss.backward()
    out["ce"] = loss.item()
    out["ce_grad_fn"] = loss.grad_fn.name()
    out["ce_grads"] = [values(p.grad) for p in model.parameters()]
    model.zero_grad()
    out["zero_grad_none"] = [p.grad is None for p in model.parameters()]
    loss = nn.MSELoss()(model(x), reg_target)
    loss.backward()
    out["mse"] = loss.item()
    out["mse_grads"] = [values(p.grad) for p in model.parameters()]
    model.zero_grad(set_to_none=False)
    out["zero_grad_zeros"] = [p.grad.abs().sum().item() for p in model.parameters()]
    net = _net_class(lib)()
    z = net(x).sum()
    z.backward()
    out["net_grads"] = [values(p.grad) for p in net.parameters()]
    F = nn.functional
    out["functional"] = [values(F.relu(x)), values(F.softmax(x, dim=1)),
                         values(F.log_softmax(x, dim=0)),
                         F.cross_entropy(y, target, reduction="sum").item(),
                         values(F.mse_loss(y, reg_target, reduction="none")),
                         values(F.linear(x, model[0].weight)),
                         values(F.linear(x[0], model[0].weight, model[0].bias))]
    w = model[0].weight
    out["param_ops"] = [
        (w * 2).grad_fn.name(), (2 * w).grad_fn.name(), (w + w).grad_fn.name(),
        (x @ w.t()).grad_fn.name(), type(w * 2).__name__,
        [None if f is None else type(f).__name__ for f, _ in (x @ w.t()).grad_fn.next_functions]]
    s = (w * w).sum() + (w + w).sum() + (x @ w.t()).sum()
    out["param_op_grad"] = values(lib.autograd.grad(s, w)[0])
    return out


# --- optimizers ----------------------------------------------------------------------------
def optimizer_trajectory(lib, name, config, steps=30, hook=None):
    """Parameters after each step, with gradients drawn from the seeded generator.

    ``hook(stage, i, params, opt)``, when given, is called with stage "backward" once the
    gradients are set and with "step" after the step (the live tests use it to run autograd_bn
    step for step with torch)."""
    lib.manual_seed(11)
    a = lib.nn.Parameter(lib.randn(4, 3))
    b = lib.nn.Parameter(lib.randn(3))
    c = lib.nn.Parameter(lib.randn(2))
    opt = getattr(lib.optim, name)([{"params": [a, b]}, {"params": [c], "lr": 0.02}],
                                   **config)
    traj = []
    for step in range(steps):
        scale = 10.0 ** (-(step % 4))
        a.grad = lib.randn(4, 3) * scale
        b.grad = lib.randn(3) * scale
        c.grad = None if step % 3 == 0 else lib.randn(2)
        if hook is not None:
            hook("backward", step, [a, b, c], opt)
        opt.step()
        if hook is not None:
            hook("step", step, [a, b, c], opt)
        traj.append(values(a) + values(b) + values(c))
    sd = opt.state_dict()
    state = {str(k): {n: (values(v) if hasattr(v, "reshape") else v) for n, v in s.items()}
             for k, s in sd["state"].items()}
    groups = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()}
              for g in sd["param_groups"]]
    return {"trajectory": traj, "state": state, "param_groups": groups}


def training_losses(lib, name, config, steps=100, loss="ce", hook=None):
    """A full training run: seeded data, nn.Linear model, optimizer; the loss at every step.

    ``hook(stage, i, model, opt, x, target)``, when given, is called with stage "backward"
    after the backward pass and with "step" after the step (the live tests use it to run
    autograd_bn step for step with torch)."""
    nn = lib.nn
    lib.manual_seed(0)
    x = lib.randn(64, 2)
    y = lib.randint(0, 3, (64,))
    t = lib.randn(64, 3)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(),
                          nn.Linear(16, 3))
    opt = getattr(lib.optim, name)(model.parameters(), **config)
    loss_fn = nn.CrossEntropyLoss() if loss == "ce" else nn.MSELoss()
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        value = loss_fn(model(x), y if loss == "ce" else t)
        value.backward()
        target = y if loss == "ce" else t
        if hook is not None:
            hook("backward", len(losses), model, opt, x, target)
        opt.step()
        if hook is not None:
            hook("step", len(losses), model, opt, x, target)
        losses.append(value.item())
    return {"losses": losses, "params": [values(p) for p in model.parameters()]}

# Training runs skip `maximize`: maximizing a loss only makes it grow without bound.
TRAINING_CONFIGS = [(n, c) for n, c in OPTIM_CONFIGS if not c.get("maximize")]
