"""The cases of functional_cases.json, shared by the generator (run with real torch) and the
replaying tests (run with autograd_bn): each case is source text evaluated with ``torch``
bound to either module, so both sides run literally the same program.

``inputs``: a list of (values, dtype) pairs made into tensors; ``call``: source of an
expression using ``torch``, ``AF`` (autograd.functional), ``grad`` (autograd.grad) and the
tensors ``x0, x1, ...``.  Error cases give the expected exception type and message instead.
"""
X3 = ([0.5, -1.0, 2.0], "float64")
Y22 = ([[1.0, 2.0], [3.0, 0.5]], "float64")
P3 = ([0.7, 1.3, 2.1], "float64")
V3 = ([1.0, 0.0, 2.0], "float64")
M23 = ([[0.3, -1.2, 0.8], [1.1, 0.4, -0.6]], "float64")
F3 = ([0.25, -0.75, 1.5], "float32")

# programs of several ops (a single op's second derivatives are the op table's:
# tests/golden/op_table, replayed from engine_cases.json and live)
SCALAR_FUNCS = {
    "exp_mul": "lambda a: (a.exp() * a).sum()",
    "log": "lambda a: (a * a + 1).log().sum()",
    "mul_div": "lambda a: (a * a / (a + 3)).sum()",
    "pow": "lambda a: (a ** 3).sum() + ((a * a + 1) ** 0.5).sum()",
    "pow_tensor": "lambda a: ((a * a + 1) ** (a + 2)).sum()",
    "softmax": "lambda a: a.softmax(0)[0]",
    "log_softmax": "lambda a: a.log_softmax(0)[1]",
    "tanh_exp_chain": "lambda a: (a.tanh() * a.exp()).sum()",
    "sin_cos": "lambda a: (a.sin() * a.cos() + a.cos() ** 2).sum()",
    "sqrt_recip": "lambda a: ((a * a + 1).sqrt() + (a * a + 2).reciprocal()).sum()",
    "matmul": "lambda a: (torch.tensor([[0.25, -1.25, 0.75], [1.5, 0.375, -0.625]], "
              "dtype=torch.float64) @ a).tanh().sum()",
    "outer_quad": "lambda a: (a.unsqueeze(1) @ a.unsqueeze(0)).sigmoid().sum()",
    "mean_var": "lambda a: ((a - a.mean()) ** 2).mean()",
    "max_dim": "lambda a: (a.unsqueeze(0).expand(2, 3) * a.exp()).max(1).values.sum()",
    "where_clamp": "lambda a: torch.where(a > 0, a ** 3, a.exp()).sum() "
                   "+ a.clamp(-0.9, 1.0).pow(2).sum()",
    "index_cat": "lambda a: (torch.cat([a, a[[0, 2, 2]] * a[1]]) ** 2).sum() "
                 "+ (torch.stack([a, a.sin()]) ** 3).sum()",
    "abs_relu": "lambda a: (a.abs() * a).sum() + (a.relu() ** 3).sum()",
    "transpose_view": "lambda a: (a.reshape(1, 3).t() @ a.view(1, 3)).permute(1, 0).exp().sum()",
    "float32_chain": "lambda a: (a.float().exp() * a.float()).double().sum()",
}

CASES = []


def add(name, inputs, call, error=None):
    case = {"name": name, "inputs": inputs, "call": call}
    if error is not None:
        case["error"] = error
    CASES.append(case)


for key, src in SCALAR_FUNCS.items():
    add("hessian_" + key, [X3], "AF.hessian(%s, x0)" % src)
    add("hvp_" + key, [X3, V3], "AF.hvp(%s, x0, x1)" % src)
    add("vhp_" + key, [X3, V3], "AF.vhp(%s, x0, x1)" % src)
    add("grad3_" + key, [X3],
        "(lambda f: (lambda g1: (g1, grad(g1.sum(), x0, create_graph=True)[0]))"
        "(grad(f(x0), x0, create_graph=True)[0]))(%s)" % src)

VECTOR_FUNCS = {
    "sin_mul": ("lambda a: a.sin() * a", [X3], [V3]),
    "softmax": ("lambda a: a.softmax(0)", [X3], [V3]),
    "tuple_io": ("lambda a, b: ((a[:2] @ b).sigmoid() ** 2, (b * b).sum() * a)", [X3, Y22],
                 [([0.5, -1.0], "float64"), V3]),
    "tuple_out": ("lambda a: (a * 2, a.sum().reshape(1))", [X3], [V3, ([2.0], "float64")]),
    "tuple_in": ("lambda a, b: a.log_softmax(0) + b.sum()", [X3, Y22], [V3]),
    "matrix": ("lambda m: (m @ m.t()).tanh()", [M23], [([[1.0, 0.5], [-1.0, 2.0]], "float64")]),
    "unused_input": ("lambda a, b: a.exp()", [X3, Y22], [V3]),
    "float32": ("lambda a: a.exp() * a", [F3], [([1.0, 2.0, 3.0], "float32")]),
}

for key, (src, ins, vs) in VECTOR_FUNCS.items():
    n_in = len(ins)
    xs = ", ".join("x%d" % i for i in range(n_in))
    arg = xs if n_in == 1 else "(%s)" % xs
    vargs = ", ".join("x%d" % (n_in + i) for i in range(len(vs)))
    varg = vargs if len(vs) == 1 else "(%s)" % vargs
    add("jacobian_" + key, ins, "AF.jacobian(%s, %s)" % (src, arg))
    add("vjp_" + key, ins + vs, "AF.vjp(%s, %s, %s)" % (src, arg, varg))

add("jvp_sin_mul", [X3, V3], "AF.jvp(lambda a: a.sin() * a, x0, x1)")
add("jvp_softmax", [X3, V3], "AF.jvp(lambda a: a.softmax(0), x0, x1)")
add("jvp_matrix", [M23, ([[1.0, 0.0, 2.0], [0.5, -1.0, 0.0]], "float64")],
    "AF.jvp(lambda m: (m @ m.t()).tanh(), x0, x1)")
add("jvp_tuple", [X3, Y22, V3, ([[0.0, 1.0], [1.0, 0.0]], "float64")],
    "AF.jvp(lambda a, b: ((a[:2] @ b).sigmoid() ** 2, (b * b).sum() * a), (x0, x1), (x2, x3))")
add("hessian_tuple", [X3, Y22], "AF.hessian(lambda a, b: (a[:2] @ b @ a[1:]).tanh(), (x0, x1))")
add("hessian_linear", [X3], "AF.hessian(lambda a: (a * 2).sum(), x0)")
add("jacobian_create_graph", [X3],
    "(lambda j: (j, j.requires_grad))(AF.jacobian(lambda a: a.exp() * a, x0, create_graph=True))")
add("vjp_scalar_no_v", [X3], "AF.vjp(lambda a: (a ** 2).sum(), x0)")
add("jvp_scalar_input", [([1.5], "float64")], "AF.jvp(lambda a: a.exp() * 3, x0)")
add("jacobian_vectorize", [X3], "AF.jacobian(lambda a: a.exp() * a, x0, vectorize=True)")
add("power_4", [([2.0], "float64")],
    "(lambda g1: (lambda g2: (g1, g2, grad(g2.sum(), x0, create_graph=True)[0]))"
    "(grad(g1.sum(), x0, create_graph=True)[0]))(grad((x0 ** 4).sum(), x0, create_graph=True)[0])")

# errors (type, message) that strict mode and argument checks raise
ERRORS = [
    ("strict_jacobian", [X3, Y22], "AF.jacobian(lambda a, b: a * 2, (x0, x1), strict=True)"),
    ("strict_vjp_output", [X3], "AF.vjp(lambda a: x0.detach() * 1, x0, x0, strict=True)"),
    ("strict_vjp_independent", [X3, Y22],
     "AF.vjp(lambda a, b: a * 2, (x0, x1), x0, strict=True)"),
    ("strict_jacobian_create_graph", [X3],
     "AF.jacobian(lambda a: a * 2, x0, create_graph=True, strict=True)"),
    ("strict_hessian_linear", [X3], "AF.hessian(lambda a: (a * 2).sum(), x0, strict=True)"),
    ("strict_hvp", [X3], "AF.hvp(lambda a: (a * 2).sum(), x0, x0, strict=True)"),
    ("strict_vhp", [X3], "AF.vhp(lambda a: (a * 2).sum(), x0, x0, strict=True)"),
    ("strict_jvp", [X3], "AF.jvp(lambda a: x0.detach() * 1, x0, x0, strict=True)"),
    ("vjp_needs_v", [X3], "AF.vjp(lambda a: a * 2, x0)"),
    ("jvp_needs_v", [X3], "AF.jvp(lambda a: a * 2, x0)"),
    ("v_bad_size", [X3, ([1.0, 2.0], "float64")], "AF.vjp(lambda a: a * 2, x0, x1)"),
    ("v_bad_size_tuple", [X3, ([1.0, 2.0], "float64")],
     "AF.jvp(lambda a, b: a * b, (x0, x0), (x1, x0))"),
    ("v_bad_length", [X3], "AF.jvp(lambda a, b: a * b, (x0, x0), (x0,))"),
    ("v_single", [X3], "AF.vjp(lambda a: a * 2, x0, (x0, x0))"),
    ("hessian_not_scalar", [X3], "AF.hessian(lambda a: a * 2, x0)"),
    ("hessian_tuple_output", [X3], "AF.hessian(lambda a: (a.sum(), a.sum()), x0)"),
    ("hvp_not_scalar", [X3], "AF.hvp(lambda a: a * 2, x0, x0)"),
    ("vhp_tuple_output", [X3], "AF.vhp(lambda a: (a.sum(),), x0, x0)"),
    ("inputs_not_tensor", [X3], "AF.jacobian(lambda a: a * 2, 3.0)"),
    ("inputs_tuple_not_tensor", [X3], "AF.jacobian(lambda a, b: a * 2, (x0, 3.0))"),
    ("strict_vectorize", [X3], "AF.jacobian(lambda a: a * 2, x0, strict=True, vectorize=True)"),
    ("forward_mode_create_graph", [X3],
     "AF.jacobian(lambda a: a * 2, x0, create_graph=True, strategy='forward-mode')"),
]
for name, ins, call in ERRORS:
    add("error_" + name, ins, call, error=True)


def make_inputs(torch, specs):
    # from_numpy, so the values are exactly the float64 ones on both sides
    import numpy as np
    return [torch.from_numpy(np.array(values, dtype=dtype)) for values, dtype in specs]


def encode(torch, value):
    """A JSON-able description of a result: tensors, tuples, bools, None."""
    if isinstance(value, torch.Tensor):
        t = value.detach()
        return {"tensor": t.double().tolist() if t.dtype.is_floating_point else t.tolist(),
                "dtype": str(t.dtype).split(".")[-1], "shape": list(t.shape),
                "requires_grad": bool(value.requires_grad)}
    if isinstance(value, (tuple, list)):
        return {"tuple": [encode(torch, v) for v in value]}
    if isinstance(value, bool) or value is None:
        return {"value": value}
    raise TypeError("cannot encode %r" % (value,))


def run(torch, case):
    """Run one case; ("ok", encoded result) or ("error", type name, message)."""
    from importlib import import_module
    AF = import_module(torch.__name__ + ".autograd.functional")
    grad = torch.autograd.grad
    env = {"torch": torch, "AF": AF, "grad": grad}
    for i, t in enumerate(make_inputs(torch, case["inputs"])):
        env["x%d" % i] = t
    if case["call"].count("grad(") and "x0" in env:
        env["x0"].requires_grad_(True)
    try:
        result = eval(case["call"], env)
    except Exception as e:  # noqa: BLE001  (the error is the recorded result)
        return ("error", type(e).__name__, str(e))
    return ("ok", encode(torch, result))


HIGHER_ORDER_PREFIXES = ("hessian_", "hvp_", "vhp_", "grad3_", "power_")


def is_higher_order(case):
    return case["name"].startswith(HIGHER_ORDER_PREFIXES)


def compare(expected, got, path="result", single=False):
    """Assert that two encoded results agree (float64 to 1e-10 relative, float32 to 1e-6;
    ``single``: the computation went through float32, so float32's tolerance throughout)."""
    import numpy as np
    assert expected.keys() == got.keys(), "%s: %s vs %s" % (path, expected, got)
    if "tuple" in expected:
        assert len(expected["tuple"]) == len(got["tuple"]), path
        for i, (e, g) in enumerate(zip(expected["tuple"], got["tuple"])):
            compare(e, g, "%s[%d]" % (path, i), single)
        return
    if "value" in expected:
        assert expected["value"] == got["value"], path
        return
    assert expected["dtype"] == got["dtype"], "%s: dtype %s vs %s" % (
        path, expected["dtype"], got["dtype"])
    assert expected["shape"] == got["shape"], "%s: shape %s vs %s" % (
        path, expected["shape"], got["shape"])
    assert expected["requires_grad"] == got["requires_grad"], "%s: requires_grad" % path
    tol = {"rtol": 1e-6, "atol": 1e-7} if expected["dtype"] == "float32" or single else \
        {"rtol": 1e-10, "atol": 1e-12}
    np.testing.assert_allclose(np.asarray(got["tensor"], dtype=np.float64),
                               np.asarray(expected["tensor"], dtype=np.float64),
                               err_msg=path, **tol)


def load(path=None):
    import json
    import os
    path = path or os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "functional_cases.json")
    with open(path) as f:
        return json.load(f)["cases"]
