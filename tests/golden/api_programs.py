"""Small programs over the APIs of issue 14, run against a torch-like module.

Each ``case_*`` function takes the module (``torch`` or ``autograd_bn``) and a recorder ``rec``;
``rec(label, value)`` describes a value (a tensor by its printed text, dtype, shape and exact
bytes; anything else by its repr), ``rec.call(label, fn)`` records what ``fn()`` returns, or the
exception it raises (class and message), and the warnings it gives.  ``run_all(torch)`` returns
{case: [entries]}: make_api_golden.py stores torch's answers, tests/test_apis.py replays them
against autograd_bn, tests/live/test_apis_live.py compares the two libraries side by side.
Inputs are chosen so that float32 results are exact in both libraries (no libm drift).
"""
import warnings

CASES = {}


def case(fn):
    CASES[fn.__name__[5:]] = fn
    return fn


def describe(v):
    if isinstance(v, type):
        return repr(v)
    if hasattr(v, "indices") and hasattr(v, "values") and isinstance(v, tuple):
        return {"return_type": type(v).__name__, "repr": repr(v),
                "values": describe(v.values), "indices": describe(v.indices)}
    if hasattr(v, "grad_fn") and hasattr(v, "dtype") and hasattr(v, "detach"):
        d = v.detach().numpy()
        return {"repr": repr(v), "dtype": str(v.dtype), "shape": list(d.shape),
                "hex": d.tobytes().hex(), "grad_fn": type(v.grad_fn).__name__
                if v.grad_fn is not None else None, "requires_grad": v.requires_grad}
    if isinstance(v, (list, tuple)):
        return [describe(x) for x in v]
    return repr(v)


class Recorder:
    def __init__(self):
        self.entries = []

    def __call__(self, label, value):
        self.entries.append([label, describe(value)])

    def approx(self, label, v):
        """A tensor whose value comes from a sum of many terms: autograd_bn's summation order
        is not torch's, so the last bit may differ; recorded to 6 (float32) or 12 digits."""
        d = v.detach().numpy()
        digits = 6 if d.dtype.itemsize == 4 else 12
        self.entries.append([label, {"repr": repr(v), "dtype": str(v.dtype),
                                     "values": [f"{x:.{digits}g}" for x in d.ravel().tolist()]}])

    def call(self, label, fn):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                entry = [label, describe(fn())]
            except Exception as e:  # noqa: BLE001  (the exception is the answer)
                entry = [label, {"error": type(e).__name__, "message": str(e)}]
        ws = [f"{w.category.__name__}: {w.message}" for w in caught]
        if ws:
            entry.append(ws)
        self.entries.append(entry)


def run(torch, name):
    rec = Recorder()
    CASES[name](torch, rec)
    return rec.entries


def run_all(torch):
    return {name: run(torch, name) for name in CASES}


# --- crashes of issue 14 -----------------------------------------------------------------
@case
def case_keywords(torch, rec):
    a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    b = torch.tensor([[0.5, -1.0], [2.0, 0.25]])
    rec.call("matmul", lambda: torch.matmul(input=a, other=b))
    rec.call("add_alpha", lambda: torch.add(input=a, other=b, alpha=2))
    rec.call("sub_numpy_names", lambda: torch.sub(x1=a, x2=b))
    rec.call("exp_x", lambda: torch.exp(x=b))
    rec.call("sum_axis", lambda: a.sum(axis=0))
    rec.call("mean_axis", lambda: a.mean(axis=0))
    rec.call("sum_keepdims", lambda: a.sum(axis=1, keepdims=True))
    rec.call("torch_sum_axis", lambda: torch.sum(a, axis=1, keepdims=True))
    rec.call("max_dim_kw", lambda: torch.max(input=a, dim=1, keepdim=True))
    rec.call("max_other", lambda: torch.max(a, other=b))
    rec.call("method_max_axis", lambda: a.max(axis=0))
    rec.call("argmax_axis", lambda: a.argmax(axis=1))
    rec.call("reshape_shape", lambda: torch.reshape(input=a, shape=(4,)))
    rec.call("method_reshape_shape", lambda: a.reshape(shape=(1, 4)))
    rec.call("transpose_kw", lambda: torch.transpose(a, dim0=0, dim1=1))
    rec.call("where_kw", lambda: torch.where(condition=a > 2, input=a, other=b))
    rec.call("cat_axis", lambda: torch.cat([a, b], axis=1))
    rec.call("softmax_kw", lambda: torch.softmax(a, dim=0))
    rec.call("mul_other", lambda: a.mul(other=b))
    rec.call("pow_exponent", lambda: torch.pow(input=a, exponent=2))
    rec.call("clamp_kw", lambda: torch.clamp(input=a, min=1.5, max=3.0))


@case
def case_out(torch, rec):
    a = torch.tensor([1.0, 2.0, 3.0])
    b = torch.tensor([0.5, 0.25, 2.0])
    o = torch.empty(3)
    rec.call("add_out", lambda: torch.add(a, b, out=o))
    rec("out_after", o)
    rec.call("same_object", lambda: torch.mul(a, b, out=o) is o)
    rec.call("resized", lambda: torch.add(a, b, out=torch.zeros(5)))
    rec.call("empty_out", lambda: torch.matmul(a, b, out=torch.empty(0)))
    rec.call("int_into_float", lambda: torch.add(torch.tensor([1, 2]), 1, out=torch.zeros(2)))
    rec.call("float_into_long", lambda: torch.add(a, b, out=torch.zeros(3, dtype=torch.long)))
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    rec.call("needs_grad", lambda: torch.mul(w, 2.0, out=torch.empty(3)))
    with torch.no_grad():
        rec.call("no_grad_ok", lambda: torch.mul(w, 2.0, out=torch.empty(3)))
    rec.call("sum_out", lambda: torch.sum(a, 0, out=torch.empty(0)))
    m = torch.tensor([[1.0, 5.0], [4.0, 2.0]])
    rec.call("max_out", lambda: torch.max(m, 1, out=(torch.empty(0),
                                                   torch.empty(0, dtype=torch.long))))
    x = torch.zeros(3)
    v = x[1:]
    rec.call("version", lambda: (torch.add(a[1:], b[1:], out=v), x, x._version))


@case
def case_gradgradcheck_rng(torch, rec):
    torch.manual_seed(0)
    x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
    rec.call("check", lambda: torch.autograd.gradgradcheck(lambda t: (t * t * t, t * 2.0), (x,)))
    rec("rand_after", torch.rand(2))
    torch.manual_seed(7)
    y = torch.tensor([[0.5, -1.5, 2.0]], dtype=torch.float64, requires_grad=True)
    rec.call("check2", lambda: torch.autograd.gradgradcheck(lambda t: (t * t).sum(1), (y,)))
    rec("randn_after", torch.randn(3))


@case
def case_type_names(torch, rec):
    t = torch.ones(2)
    rec.call("type", lambda: type(t))
    rec.call("class", lambda: torch.Tensor)
    rec.call("parameter", lambda: type(torch.nn.Parameter(torch.ones(1))))
    rec.call("isinstance", lambda: isinstance(t, torch.Tensor))


# --- ranked APIs 1, 4, 6, 9 --------------------------------------------------------------
@case
def case_legacy_types(torch, rec):
    rec.call("float_list", lambda: torch.FloatTensor([1, 2]))
    rec.call("long_trunc", lambda: torch.LongTensor([1.7, -2.5]))
    rec.call("double_nested", lambda: torch.DoubleTensor([[1, 2]]))
    rec.call("int", lambda: torch.IntTensor([1]))
    rec.call("byte", lambda: torch.ByteTensor([1]))
    rec.call("bool", lambda: torch.BoolTensor([1, 0]))
    rec.call("sizes", lambda: torch.FloatTensor(2, 3).shape)
    rec.call("empty", lambda: torch.FloatTensor())
    rec.call("from_float_tensor", lambda: torch.FloatTensor(torch.tensor([1.0, 2.0])))
    rec.call("from_long_tensor", lambda: torch.FloatTensor(torch.tensor([1, 2])))
    rec.call("scalar", lambda: torch.FloatTensor(2.5))
    rec.call("repr_class", lambda: torch.FloatTensor)
    t = torch.ones(2)
    rec.call("isinstance_float", lambda: isinstance(t, torch.FloatTensor))
    rec.call("isinstance_long", lambda: isinstance(t, torch.LongTensor))
    rec.call("type_name", lambda: t.type())
    rec.call("long_type_name", lambda: torch.tensor([1]).type())
    rec.call("type_class", lambda: t.type(torch.DoubleTensor))
    rec.call("type_string", lambda: t.type("torch.LongTensor"))
    rec.call("type_dtype", lambda: t.type(torch.float64))
    rec.call("type_dtype_kw", lambda: t.type(dtype=torch.int32))
    rec.call("type_same", lambda: t.type(torch.FloatTensor))
    rec.call("type_bad", lambda: t.type("foo"))
    rec.call("type_grad", lambda: torch.ones(2, requires_grad=True).type(torch.float64))
    rec.call("dtype_attr", lambda: torch.LongTensor.dtype)


@case
def case_new_constructors(torch, rec):
    f = torch.ones(2)
    i = torch.ones(2, dtype=torch.int64)
    d = torch.ones(2, dtype=torch.float64)
    rec.call("new_ones_long", lambda: i.new_ones(3))
    rec.call("new_ones_sizes", lambda: f.new_ones(2, 3))
    rec.call("new_zeros_tuple", lambda: f.new_zeros((2, 3)))
    rec.call("new_full", lambda: f.new_full((2,), 7))
    rec.call("new_full_int_size", lambda: f.new_full(2, 7))
    rec.call("new_empty_shape", lambda: f.new_empty(2).shape)
    rec.call("new_tensor", lambda: f.new_tensor([1, 2]))
    rec.call("new_tensor_double", lambda: d.new_tensor([1, 2]))
    rec.call("new_tensor_copy", lambda: f.new_tensor(torch.ones(2)))
    rec.call("new_ones_dtype", lambda: f.new_ones(2, dtype=torch.int32))
    rec.call("new_ones_grad", lambda: f.new_ones(2, requires_grad=True))
    rec.call("new_zeros_device", lambda: f.new_zeros(2, device="cpu"))


@case
def case_variable(torch, rec):
    V = torch.autograd.Variable
    x = torch.ones(2, requires_grad=True)
    rec.call("plain", lambda: V(torch.ones(2)))
    rec.call("requires_grad", lambda: V(torch.ones(2), requires_grad=True))
    rec.call("type", lambda: type(V(torch.ones(2))))
    rec.call("isinstance", lambda: isinstance(torch.ones(2), V))
    rec.call("of_leaf", lambda: (V(x).requires_grad, V(x).is_leaf, V(x) is x))
    rec.call("of_nonleaf", lambda: V(x * 2))
    rec.call("list", lambda: V([1]))
    rec.call("class", lambda: V)
    rec.call("volatile", lambda: V(torch.ones(2), volatile=True))
    rec.call("empty", lambda: V())
    rec.call("int_grad", lambda: V(torch.ones(2, dtype=torch.long), requires_grad=True))
    z = torch.zeros(2)
    v = V(z)
    v[0] = 5.0
    rec("shares_data", z)
    y = V(torch.tensor([2.0]), requires_grad=True)
    (y * y).backward()
    rec("grad", y.grad)


@case
def case_devices(torch, rec):
    x = torch.ones(2)
    rec.call("is_available", lambda: torch.cuda.is_available())
    rec.call("device_count", lambda: torch.cuda.device_count())
    rec.call("to_cpu", lambda: x.to("cpu"))
    rec.call("to_device_cpu", lambda: x.to(torch.device("cpu")))
    rec.call("to_cpu_dtype", lambda: x.to("cpu", torch.float64))
    rec.call("to_kw", lambda: x.to(device="cpu", dtype=torch.float64))
    rec.call("to_cuda", lambda: x.to("cuda"))
    rec.call("cuda_method", lambda: x.cuda())
    rec.call("zeros_cuda", lambda: torch.zeros(2, device="cuda"))
    rec.call("tensor_cuda0", lambda: torch.tensor([1.0], device="cuda:0"))
    rec.call("ones_cpu", lambda: torch.ones(2, device="cpu"))
    rec.call("randn_cpu", lambda: torch.randn(2, device="cpu").shape)
    rec.call("arange_cpu", lambda: torch.arange(3, device=torch.device("cpu")))
    rec.call("device_repr", lambda: (torch.device("cuda:0"), str(torch.device("cuda", 1)),
                                    torch.device("cpu")))
    rec.call("is_cuda", lambda: x.is_cuda)
    rec.call("pin_memory", lambda: torch.ones(2, pin_memory=True))
    rec.call("size_kw", lambda: torch.ones(size=(2, 3)).shape)
    rec.call("ones_out", lambda: torch.ones(2, out=torch.empty(0)))
    rec.call("pick", lambda: torch.device("cuda" if torch.cuda.is_available() else "cpu"))
    for label, fn in (("linear", lambda: torch.nn.Linear(2, 2, device="cuda")),
                      ("linear_cpu", lambda: torch.nn.Linear(2, 2, device="cpu").weight.shape),
                      ("zeros_like", lambda: torch.zeros_like(x, device="cuda")),
                      ("ones_like_cpu", lambda: torch.ones_like(x, device="cpu")),
                      ("arange", lambda: torch.arange(3, device="cuda")),
                      ("randn", lambda: torch.randn(2, device="cuda")),
                      ("rand_cpu", lambda: torch.rand(2, device="cpu").shape),
                      ("full", lambda: torch.full((2,), 1.0, device="cuda")),
                      ("eye", lambda: torch.eye(2, device="cuda")),
                      ("linspace", lambda: torch.linspace(0, 1, 3, device="cuda")),
                      ("to_kw_cuda", lambda: x.to(device="cuda")),
                      ("new_ones_cuda", lambda: x.new_ones(2, device="cuda"))):
        rec.call("cuda_" + label, fn)


@case
def case_module_to(torch, rec):
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    w = m[0].weight
    rec.call("double", lambda: m.double() is m)
    rec("weight", m[0].weight)
    rec.call("same_param", lambda: m[0].weight is w)
    rec.call("float", lambda: m.float()[2].bias)
    rec.call("to_dtype", lambda: m.to(torch.float64)[0].weight.dtype)
    rec.call("to_cpu", lambda: m.to("cpu") is m)
    rec.call("to_device", lambda: m.to(torch.device("cpu")) is m)
    rec.call("to_tensor", lambda: m.to(torch.ones(1))[0].weight.dtype)
    rec.call("cpu", lambda: m.cpu() is m)
    rec.call("to_long", lambda: m.to(torch.long))
    rec.call("to_cuda", lambda: m.to("cuda"))
    rec.call("cuda", lambda: m.cuda())
    x = torch.tensor([[1.0, -2.0]])
    m.double()
    out = m(x.double())
    out.sum().backward()
    rec("grad_dtype", m[0].weight.grad.dtype)
    m.float()
    rec("grad_after_float", m[0].weight.grad.dtype)


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
