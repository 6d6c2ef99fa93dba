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
