"""The second half of the api_programs cases: cumsum/cumprod, layers and losses, normal,
cross-entropy options, saved tensors and a tutorial-style program (see api_programs.py)."""
from api_programs import case


# --- ranked API 5: cumsum / cumprod --------------------------------------------------------
def _grads(torch, rec, label, fn, x, g):
    x = x.detach().requires_grad_(True)
    y = fn(x)
    rec(label, y)
    y.backward(g)
    rec(label + "_grad", x.grad)


@case
def case_cumulative(torch, rec):
    torch.manual_seed(1)
    a = torch.randn(3, 5)
    g = torch.randn(3, 5)
    _grads(torch, rec, "cumsum1", lambda t: t.cumsum(1), a, g)
    _grads(torch, rec, "cumsum0", lambda t: torch.cumsum(t, dim=0), a, g)
    _grads(torch, rec, "cumprod1", lambda t: t.cumprod(1), a, g)
    _grads(torch, rec, "cumprod_neg", lambda t: torch.cumprod(t, -2), a, g)
    z = torch.tensor([[1.5, 2.0, 0.0, 3.0, -1.0], [0.0, 2.0, 0.5, 0.0, 4.0],
                      [1.0, 1.0, 1.0, 1.0, 0.0]])
    _grads(torch, rec, "cumprod_zeros", lambda t: t.cumprod(1), z, g)
    d = a.double()
    _grads(torch, rec, "cumsum_double", lambda t: t.cumsum(1), d, g.double())
    _grads(torch, rec, "cumprod_double", lambda t: t.cumprod(0), d, g.double())
    rec.call("int", lambda: torch.tensor([[1, 2], [3, 4]]).cumsum(1))
    rec.call("int32_prod", lambda: torch.tensor([1, 2, 3], dtype=torch.int32).cumprod(0))
    rec.call("bool", lambda: torch.tensor([True, False, True]).cumsum(0))
    rec.call("dtype_kw", lambda: torch.ones(3).cumsum(0, dtype=torch.float64))
    rec.call("float_to_long", lambda: torch.tensor([1.5, 2.5]).cumsum(0, dtype=torch.long))
    rec.call("scalar", lambda: torch.tensor(3.0).cumsum(0))
    rec.call("no_dim", lambda: torch.ones(2).cumsum())
    rec.call("bad_dim", lambda: torch.ones(2).cumsum(2))
    rec.call("axis", lambda: torch.ones(2, 2).cumsum(axis=1))
    rec.call("out", lambda: torch.cumsum(torch.ones(3), 0, out=torch.empty(0)))
    rec.call("empty", lambda: torch.ones(0, 2).cumprod(0))
    x64 = torch.tensor([[0.5, 1.5, -2.0], [3.0, 0.25, 0.0]], dtype=torch.float64,
                       requires_grad=True)
    rec.call("gradcheck_prod", lambda: torch.autograd.gradcheck(lambda t: t.cumprod(1), (x64,)))
    rec.call("gradcheck_sum", lambda: torch.autograd.gradcheck(lambda t: t.cumsum(0), (x64,)))
    y64 = torch.tensor([[0.5, 1.5, -2.0], [3.0, 0.25, 4.0]], dtype=torch.float64,
                       requires_grad=True)
    rec.call("gradgradcheck_prod",
             lambda: torch.autograd.gradgradcheck(lambda t: t.cumprod(1), (y64,)))
    rec.call("gradgradcheck_sum",
             lambda: torch.autograd.gradgradcheck(lambda t: t.cumsum(1), (y64,)))


# --- ranked APIs 2 and 8: layers and losses ----------------------------------------------
@case
def case_layers(torch, rec):
    nn = torch.nn
    rec.call("reprs", lambda: [repr(m) for m in (
        nn.Flatten(), nn.Flatten(0, 2), nn.Softmax(dim=1), nn.Softmax(), nn.LogSoftmax(1),
        nn.Dropout(), nn.Dropout(0.2, True), nn.BCELoss(), nn.BCEWithLogitsLoss(), nn.L1Loss(),
        nn.Sequential(nn.Flatten(), nn.Linear(4, 2), nn.LogSoftmax(dim=1)))])
    x = torch.arange(24.0).reshape(2, 3, 4).requires_grad_(True)
    rec.call("flatten", lambda: nn.Flatten()(x))
    rec.call("flatten_0_1", lambda: nn.Flatten(0, 1)(x).shape)
    rec.call("flatten_state", lambda: list(nn.Flatten().state_dict()))
    a = torch.tensor([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]], requires_grad=True)
    rec.call("softmax", lambda: nn.Softmax(dim=1)(a))
    rec.call("softmax_implicit", lambda: nn.Softmax()(a))
    rec.call("log_softmax", lambda: nn.LogSoftmax(dim=0)(a))
    rec.call("dropout_bad", lambda: nn.Dropout(1.5))
    rec.call("dropout_f_bad", lambda: torch.nn.functional.dropout(a, -0.1))
    rec.call("state_bce_weight", lambda: list(nn.BCELoss(weight=torch.ones(3)).state_dict()))
    rec.call("state_logits", lambda: list(nn.BCEWithLogitsLoss(
        pos_weight=torch.ones(3)).state_dict()))


@case
def case_dropout_rng(torch, rec):
    F = torch.nn.functional
    torch.manual_seed(0)
    x = torch.arange(1.0, 13.0).reshape(3, 4).requires_grad_(True)
    y = F.dropout(x, 0.5)
    rec("mask", y)
    y.sum().backward()
    rec("grad", x.grad)
    rec("rand_after", torch.rand(3))
    torch.manual_seed(5)
    d = torch.nn.Dropout(p=0.3)
    rec.call("module_train", lambda: d(torch.ones(2, 5)))
    d.eval()
    rec.call("module_eval", lambda: d(torch.ones(2, 5)))
    rec.call("p0", lambda: F.dropout(x, 0.0) is x)
    rec.call("p1", lambda: F.dropout(x, 1.0))
    rec.call("not_training", lambda: F.dropout(x, 0.5, training=False) is x)
    rec.call("double", lambda: F.dropout(torch.ones(6, dtype=torch.float64), 0.25))
    z = torch.ones(4)
    rec.call("inplace", lambda: (F.dropout(z, 0.5, inplace=True) is z, z))
    rec("rand_end", torch.rand(2))


def _loss_grads(torch, rec, label, fn, *inputs, approx_grad=False):
    xs = [t.detach().requires_grad_(True) for t in inputs[:1]] + list(inputs[1:])
    out = fn(*xs)
    if out.dim() == 0:
        rec.approx(label, out)
    else:
        rec(label, out)
    out.sum().backward()
    if approx_grad:
        rec.approx(label + "_grad", xs[0].grad)
    else:
        rec(label + "_grad", xs[0].grad)


@case
def case_losses(torch, rec):
    F, nn = torch.nn.functional, torch.nn
    torch.manual_seed(2)
    p = torch.rand(4, 3)
    t = (torch.rand(4, 3) > 0.5).float()
    z = torch.randn(4, 3)
    w = torch.rand(3)
    for r in ("mean", "sum", "none"):
        c = (lambda v: v) if r == "none" else (lambda v: v.double())
        _loss_grads(torch, rec, "bce_" + r, lambda a, b: F.binary_cross_entropy(
            a, b, reduction=r), c(p), c(t))
        _loss_grads(torch, rec, "logits_" + r, lambda a, b: F.binary_cross_entropy_with_logits(
            a, b, reduction=r), c(z), c(t))
        _loss_grads(torch, rec, "l1_" + r, lambda a, b: F.l1_loss(a, b, reduction=r), c(z),
                    c(p))
    p, t, z, w = p.double(), t.double(), z.double(), w.double()
    _loss_grads(torch, rec, "bce_weight", lambda a, b: nn.BCELoss(weight=w)(a, b), p, t)
    _loss_grads(torch, rec, "logits_pos_weight",
                lambda a, b: nn.BCEWithLogitsLoss(pos_weight=w * 3)(a, b), z, t)
    _loss_grads(torch, rec, "logits_both",
                lambda a, b: nn.BCEWithLogitsLoss(weight=w, pos_weight=w + 1)(a, b), z, t)
    _loss_grads(torch, rec, "L1Loss", lambda a, b: nn.L1Loss()(a, b), z, p)
    _loss_grads(torch, rec, "bce_soft_target", lambda a, b: nn.BCELoss()(a, b), p,
                torch.rand(4, 3).double())
    _loss_grads(torch, rec, "bce_edges", lambda a, b: F.binary_cross_entropy(a, b),
                torch.tensor([0.0, 1.0, 0.5]), torch.tensor([1.0, 0.0, 1.0]))
    _loss_grads(torch, rec, "bce_double", lambda a, b: F.binary_cross_entropy(a, b),
                p.double(), t.double())
    _loss_grads(torch, rec, "logits_double", lambda a, b: F.binary_cross_entropy_with_logits(
        a, b), z.double(), t.double())
    rec.call("bce_range", lambda: F.binary_cross_entropy(torch.tensor([1.5]),
                                                         torch.tensor([1.0])))
    rec.call("bce_target_range", lambda: F.binary_cross_entropy(torch.tensor([0.5]),
                                                                torch.tensor([2.0])))
    rec.call("bce_size", lambda: F.binary_cross_entropy(torch.tensor([0.5, 0.5]),
                                                        torch.tensor([1.0])))
    rec.call("logits_size", lambda: F.binary_cross_entropy_with_logits(
        torch.tensor([0.5, 0.5]), torch.tensor([1.0])))
    rec.call("bad_reduction", lambda: F.binary_cross_entropy(p, t, reduction="avg"))
    x64 = torch.tensor([0.2, 0.7, 0.4], dtype=torch.float64, requires_grad=True)
    t64 = torch.tensor([0.0, 1.0, 0.3], dtype=torch.float64)
    rec.call("gradcheck_bce", lambda: torch.autograd.gradcheck(
        lambda a: F.binary_cross_entropy(a, t64), (x64,)))
    rec.call("gradgradcheck_bce", lambda: torch.autograd.gradgradcheck(
        lambda a: F.binary_cross_entropy(a, t64, reduction="sum"), (x64,)))
    rec.call("gradgradcheck_logits", lambda: torch.autograd.gradgradcheck(
        lambda a: F.binary_cross_entropy_with_logits(a, t64, pos_weight=t64 + 1), (x64,)))


# --- ranked API 7: torch.normal ------------------------------------------------------------
@case
def case_normal(torch, rec):
    torch.manual_seed(0)
    m = torch.arange(20.0).reshape(4, 5).requires_grad_(True)
    s = (torch.arange(20.0).reshape(4, 5) / 10).requires_grad_(True)
    rec.call("tensor_tensor", lambda: torch.normal(m, s))
    rec.call("tensor_float", lambda: torch.normal(m, 2.5))
    rec.call("tensor_default", lambda: torch.normal(mean=m))
    rec.call("float_tensor", lambda: torch.normal(1.5, s))
    rec.call("float_float", lambda: torch.normal(2.0, 3.0, size=(3, 7)))
    rec.call("float_float_tuple", lambda: torch.normal(2.0, 3.0, (20,), dtype=torch.float64))
    rec.call("requires_grad", lambda: torch.normal(0.0, 1.0, (2,), requires_grad=True))
    rec.call("double", lambda: torch.normal(m.detach().double(), 0.5))
    rec.call("broadcast", lambda: torch.normal(torch.zeros(2, 1), torch.ones(3)))
    rec.call("no_size", lambda: torch.normal(0.0, 1.0))
    rec.call("negative_std", lambda: torch.normal(m, -1.0))
    rec.call("negative_std_tensor", lambda: torch.normal(m, -s - 1))
    rec.call("long_mean", lambda: torch.normal(torch.zeros(2, dtype=torch.long), 1.0))
    rec.call("out", lambda: torch.normal(m.detach(), s.detach(), out=torch.empty(0)))
    g = torch.Generator().manual_seed(3)
    rec.call("generator", lambda: torch.normal(m.detach(), 1.0, generator=g))
    x = torch.normal(m, s)
    x.sum().backward()
    rec("grad_mean", m.grad)
    rec("grad_std", s.grad)
    rec("rand_after", torch.rand(3))


@case
def case_cross_entropy_options(torch, rec):
    # (gradients to 12 digits: log_softmax's backward sums in another order than torch's)
    nn, F = torch.nn, torch.nn.functional
    torch.manual_seed(4)
    x = torch.randn(5, 3, dtype=torch.float64)
    t = torch.tensor([0, 2, 1, 2, -100])
    w = torch.tensor([0.5, 2.0, 1.0], dtype=torch.float64)
    for r in ("mean", "sum", "none"):
        _loss_grads(torch, rec, "weight_" + r, lambda a, b: F.cross_entropy(
            a, b, weight=w, reduction=r), x, t, approx_grad=True)
        _loss_grads(torch, rec, "smooth_" + r, lambda a, b: F.cross_entropy(
            a, b, label_smoothing=0.1, reduction=r), x, t, approx_grad=True)
        _loss_grads(torch, rec, "both_" + r, lambda a, b: F.cross_entropy(
            a, b, weight=w, label_smoothing=0.2, reduction=r), x, t, approx_grad=True)
    _loss_grads(torch, rec, "module", lambda a, b: nn.CrossEntropyLoss(
        weight=w, label_smoothing=0.05)(a, b), x, t, approx_grad=True)
    _loss_grads(torch, rec, "one_sample", lambda a, b: F.cross_entropy(
        a, b, weight=w), x[0], torch.tensor(1), approx_grad=True)
    rec.call("repr", lambda: nn.CrossEntropyLoss(weight=w, label_smoothing=0.1))
    rec.call("state", lambda: list(nn.CrossEntropyLoss(weight=w).state_dict()))
    rec.call("grad_fn", lambda: type(F.cross_entropy(x.requires_grad_(True), t,
                                                     weight=w).grad_fn).__name__)


# --- ranked APIs 9-10: saved tensors --------------------------------------------------------
@case
def case_saved_tensors(torch, rec):
    torch.manual_seed(0)
    x = torch.randn(3, requires_grad=True)
    y = x.pow(2)
    rec.call("pow_self_equal", lambda: x.equal(y.grad_fn._saved_self))
    rec.call("pow_self_is", lambda: x is y.grad_fn._saved_self)
    rec.call("pow_exponent", lambda: y.grad_fn._saved_exponent)
    e = x.exp()
    rec.call("exp_result_equal", lambda: e.equal(e.grad_fn._saved_result))
    rec.call("exp_result_is", lambda: e is e.grad_fn._saved_result)
    m = x * 3.0
    rec.call("mul_scalar_other", lambda: m.grad_fn._saved_other)
    rec.call("mul_scalar_self", lambda: m.grad_fn._saved_self)
    w = torch.ones(3, requires_grad=True)
    p = x * w
    rec.call("mul_both", lambda: (p.grad_fn._saved_self is x, p.grad_fn._saved_other is w))
    rec.call("raw_type", lambda: type(e.grad_fn._raw_saved_result))
    rec.call("sum_sizes", lambda: x.sum(0).grad_fn._saved_self_sym_sizes)
    e.sum().backward()
    rec.call("after_backward", lambda: e.grad_fn._saved_result)
    rec.call("unknown", lambda: e.grad_fn._saved_foo)
    log = []

    def pack_hook(t):
        log.append("Packing " + repr(t))
        return t

    def unpack_hook(t):
        log.append("Unpacking " + repr(t))
        return t

    a = torch.ones(3, requires_grad=True)
    b = torch.ones(3, requires_grad=True) * 2
    with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
        y2 = a * b
        z2 = y2.exp()
    z2.sum().backward()
    rec("hook_log", log)
    rec("hook_grad", a.grad)

    def pack_double(t):
        return t * 2

    def unpack_half(t):
        return t / 2
    c = torch.tensor([1.5, -2.0], requires_grad=True)
    with torch.autograd.graph.saved_tensors_hooks(pack_double, unpack_half):
        d = c * c
    d.sum().backward()
    rec("roundtrip_grad", c.grad)
    with torch.autograd.graph.save_on_cpu():
        q = x * x
    rec.call("save_on_cpu", lambda: (q.grad_fn._saved_self is x, q.grad_fn._saved_self.equal(x)))
    q.sum().backward()
    rec("save_on_cpu_grad", x.grad)


# --- the kind of code the tutorials run (our own programs in their style) --------------------
@case
def case_tutorial_style(torch, rec):
    x = torch.arange(12, dtype=torch.float32)
    rec.call("type", lambda: type(x))
    X = x.reshape(3, 4)
    rec.call("sum_axis0", lambda: X.sum(axis=0))
    rec.call("sum_axes", lambda: X.sum(axis=[0, 1]))
    rec.call("normalise", lambda: X / X.sum(axis=1, keepdims=True))
    rec.call("mean_axis", lambda: X.mean(axis=0))
    rec.call("cumsum_axis", lambda: X.cumsum(axis=0))
    rec.call("float_tensor", lambda: torch.FloatTensor([[1, 2], [3, 4]]).type())
    rec.call("new_zeros", lambda: X.new_zeros(2, 2))
    rec.call("matmul_kw", lambda: torch.matmul(input=X, other=X.T))
    y = torch.arange(4.0, requires_grad=True)
    z = 2 * torch.dot(y, y)
    z.backward()
    rec("grad_dot", y.grad)
    y.grad.zero_()
    torch.autograd.Variable(y).sum()
    (y * y).backward(gradient=torch.ones(len(y)))
    rec("grad_vec", y.grad)
    # a polynomial fitted with nn, in double so every step is exact in both libraries
    torch.manual_seed(0)
    xs = torch.linspace(-1.0, 1.0, 50, dtype=torch.float64)
    ys = 0.5 - xs + 2.0 * xs * xs * xs
    p = torch.tensor([1, 2, 3])
    xx = xs.unsqueeze(-1).pow(p)
    model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1)).double()
    loss_fn = torch.nn.MSELoss(reduction="sum")
    for t in range(20):
        loss = loss_fn(model(xx), ys)
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for param in model.parameters():
                param -= 1e-3 * param.grad
    rec.approx("poly_loss", loss)
    rec.approx("poly_weight", model[0].weight)
    rec.call("model", lambda: model)
