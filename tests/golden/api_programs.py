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
    rec.call("type_cuda", lambda: t.type("torch.cuda.FloatTensor"))
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


import api_programs_more  # noqa: E402,F401  (registers the remaining cases)
