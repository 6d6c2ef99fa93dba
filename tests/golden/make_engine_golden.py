"""Record torch 2.13's behaviour on small autograd programs into ``engine_cases.json``.

Run with real torch installed, from the repository root:

    .venv/bin/python tests/golden/make_engine_golden.py

Each case is Python source run with ``torch`` bound to the real torch (see engine_programs.py for
what is recorded: forward values and leaf grads as exact bytes, grad_fn names and the whole
next_functions structure, repr text, stdout, warnings, error class and message).
tests/test_engine_golden.py replays every case against autograd_bn, without torch.

``approx`` marks programs using transcendental functions (exp, log, tanh, sigmoid, sin, cos,
sqrt, pow with float exponents, norm, softmax): their values may differ from torch by a few ulp.
Everything else (+ - * / @ of small integers and halves, shapes, indexing) is compared bit for bit.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "engine_cases.json")
sys.path.insert(0, HERE)
import numpy as np  # noqa: E402
import op_table  # noqa: E402  (one recorded program per sample of every entry)


def T(values, dtype=None, rg=False):
    """Source text making a tensor from literal values."""
    args = repr(values)
    if dtype:
        args += f", dtype=torch.{dtype}"
    if rg:
        args += ", requires_grad=True"
    return f"torch.tensor({args})"


A22 = T([[1.0, -2.0], [3.0, 0.5]], rg=True)
B22 = T([[2.0, 1.0], [-1.0, 4.0]], rg=True)
A23 = T([[1.0, 2.0, -3.0], [0.5, -1.0, 2.0]], rg=True)
V3 = T([1.0, -2.0, 4.0], rg=True)
W3 = T([0.5, 3.0, -1.0], rg=True)
P3 = T([0.5, 1.25, 2.0], rg=True)          # positive, for log/sqrt/pow

CASES = []


def case(name, src, approx=False):
    CASES.append({"name": name, "src": src.strip() + "\n", "approx": approx})


# --- the tutorial ------------------------------------------------------------------------------
case("tutorial_graph", """
x = torch.ones(2, 2, requires_grad=True)
print(x)
y = x + 2
print(y)
print(y.grad_fn)
z = y * y * 3
out = z.mean()
print(z, out)
before = x.grad is None
out.backward()
print(x.grad)
""")
case("tutorial_requires_grad_", f"""
a = torch.tensor([[1.5409960746765137, -0.293428897857666], [-2.1787893772125244, 0.5684312582015991]])
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)
print(b)
""")
case("tutorial_vjp", """
x = torch.tensor([-1.0845223665237427, -1.3985954523086548, 0.40334683656692505], requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)
print(x.requires_grad)
print((x ** 2).requires_grad)
with torch.no_grad():
    print((x ** 2).requires_grad)
d = x.detach()
print(d.requires_grad)
print(x.eq(d).all())
""", approx=True)

# --- every sample of the op table (tests/golden/op_table): the op, its first derivative and,
# where the entry has one, its second (the gradient made with create_graph is recorded, then
# differentiated again into the leaves' grads) ------------------------------------------------
def _literal(values):
    """Source of float32 values (each float64 literal is exactly its float32 value)."""
    return repr(np.asarray(values, dtype=np.float32).astype(np.float64).tolist())


def _table_program(entry, k, sample):
    arrays = op_table.sample_inputs(entry, k)
    names = [f"x{i}" for i in range(sample.arity)]
    lines = [f"{n} = torch.tensor({_literal(a)}, requires_grad=True)"
             for n, a in zip(names, arrays)]
    lines.append(f"r = {sample.source(*names)}")
    if entry.higher_order and sample.eps is not None:
        grads = ", ".join(f"g{i}" for i in range(sample.arity))
        lines.append(f"{grads}, = torch.autograd.grad((r * r).sum(), [{', '.join(names)}], "
                     "create_graph=True)")
        lines.append("(" + " + ".join(f"g{i}.sum()" for i in range(sample.arity)) + ").backward()")
        # values only: the double-backward graph's nodes are autograd_bn's own formulas'
        # (torch has ThresholdBackwardBackward0 ... where they differ)
        lines.append(f"{grads}, = [g.detach() for g in ({grads},)]")
    else:
        lines.append("(r * r).sum().backward()")
    return "\n".join(lines)


TABLE_CASES = set()
for _entry, _k, _sample in op_table.SAMPLES:
    case(f"op_{_entry.sample_id(_k)}", _table_program(_entry, _k, _sample),
         approx=not _entry.exact)
    TABLE_CASES.add(f"op_{_entry.sample_id(_k)}")

case("dot_mv", f"""
v = {V3}
w = {W3}
m = {A23}
d = v @ w
mv = m @ v
(d + mv.sum()).backward()
""")

# --- broadcasting, dtypes, accumulation -----------------------------------------------------
case("broadcast_add_mul", f"""
a = {T([[1.0], [2.0], [-3.0]], rg=True)}
b = {T([1.0, -2.0, 0.5, 4.0], rg=True)}
r = (a + b) * b - a / 2
r.sum().backward()
""")
case("broadcast_scalar_tensor", f"""
a = {A22}
s = torch.tensor(3.0, requires_grad=True)
r = a * s + s
r.mean().backward()
""")
case("int_float_promotion", f"""
i = torch.tensor([1, 2, 3])
f = {T([0.5, -1.0, 2.0], rg=True)}
r = i * f + i
q = i / 2
s = i + 1.5
n = i * 2
d = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
e = d * torch.tensor([3.0, 4.0])
(r.sum() + e.sum()).backward()
""")
case("grad_accumulates", f"""
x = {V3}
(x * 2).sum().backward()
g1 = x.grad.clone()
(x * x).sum().backward()
""")
case("reuse_same_tensor", f"""
x = {V3}
y = x * x + x
z = y * y
z.sum().backward()
""")
case("float64_chain", f"""
x = torch.tensor([1.0, -2.0, 0.25], dtype=torch.float64, requires_grad=True)
y = (x * 3 - 1) / (x + 4)
y.sum().backward()
print(y)
""")
case("explicit_gradient", f"""
x = {A22}
y = x * 3
y.backward(torch.tensor([[1.0, 0.5], [2.0, -1.0]]))
""")
case("autograd_grad", f"""
x = {V3}
y = (x * x).sum()
(g,) = torch.autograd.grad(y, x)
""")
case("retain_grad_nonleaf", f"""
x = {V3}
h = x * 2
h.retain_grad()
y = (h * h).sum()
y.backward()
""")
case("detach_and_no_grad", f"""
x = {V3}
d = x.detach()
with torch.no_grad():
    n = x * 2
e = x * 2
p = d * 2
flag = torch.is_grad_enabled()
""")
case("requires_grad_flags", f"""
x = {V3}
c = torch.tensor([1.0, 2.0, 3.0])
y = x + c
z = c * 2
r1 = y.requires_grad
r2 = z.requires_grad
l1 = x.is_leaf
l2 = y.is_leaf
""")
case("next_functions_constants", f"""
x = {V3}
c = torch.tensor([1.0, 2.0, 3.0])
y = x * c
z = c * x
w = 2 - x
q = x ** 2
print(y.grad_fn.next_functions)
print(z.grad_fn.next_functions)
print(w.grad_fn.next_functions)
print(q.grad_fn.next_functions)
acc = y.grad_fn.next_functions[0][0]
print(acc)
print(acc.next_functions)
same = acc.variable is x
""")
case("inplace_nonleaf", f"""
x = {V3}
y = x * 2
y.add_(1)
y.mul_(3)
y.sum().backward()
""")
case("inplace_no_grad_leaf", f"""
x = {V3}
with torch.no_grad():
    x.add_(1)
    x.mul_(2)
y = (x * x).sum()
y.backward()
""")
case("setitem_nonleaf", f"""
x = {V3}
y = x * 2
y[0] = 5.0
y.sum().backward()
""")
case("setitem_with_grad_value", f"""
x = {V3}
w = torch.tensor(3.0, requires_grad=True)
y = x * 1
y[1] = w * 2
(y * y).sum().backward()
""")
case("zero_grad_between", f"""
x = {V3}
(x * 3).sum().backward()
x.grad.zero_()
(x * x).sum().backward()
""")
case("version_counter", f"""
x = torch.tensor([1.0, 2.0, 3.0])
v0 = x._version
x.add_(1)
v1 = x._version
x[0] = 2.0
v2 = x._version
v = x.view(3)
v.mul_(2)
v3 = x._version
v4 = v._version
y = {V3}
y0 = y._version
""")
for i, idx in enumerate(["0", "...", ":", "[0, 1]", "x > 0", "0, 1", "None", "0:1", "0:2",
                         ":, 0:2", "0, [0, 1]", "..., 0", "True", "torch.tensor(0)"]):
    case(f"err_leaf_setitem_{i}", f"""
x = {A22}
x[{idx}] = 5.
""")
case("double_backward", f"""
x = {T([1.0, 2.0, -1.0], rg=True)}
y = (x ** 3).sum()
(g,) = torch.autograd.grad(y, x, create_graph=True)
g.sum().backward()
""")
case("hook_on_tensor", f"""
x = {V3}
y = x * 2
h = y.register_hook(lambda g: g * 10)
y.sum().backward()
""")
case("retain_graph_twice", f"""
x = {V3}
y = (x * x).sum()
y.backward(retain_graph=True)
y.backward()
""")
case("no_saved_twice", f"""
x = {A22}
y = (x + 2).sum()
y.backward()
y.backward()
""")

# --- errors of torch-compat section 3 ---------------------------------------------------------
case("err_not_scalar", f"""
x = {A22}
y = x * 2
y.backward()
""")
case("err_second_backward", f"""
x = {A22}
y = (x * x).sum()
y.backward()
y.backward()
""")
case("err_leaf_add_", f"""
x = {A22}
x.add_(1)
""")
case("err_leaf_iadd", f"""
x = {A22}
x += 1
""")
case("err_leaf_zero_", f"""
x = {A22}
x.zero_()
""")
case("err_leaf_setitem", f"""
x = {A22}
x[0] = 5.
""")
case("err_modified_saved", f"""
x = {A22}
y = x.exp()
y.add_(1)
y.sum().backward()
""", approx=True)
case("err_modified_saved_input", f"""
x = {A22}
h = x * 1
y = h * h
h.mul_(2)
y.sum().backward()
""")
case("err_broadcast", f"""
a = torch.ones(2, 3, requires_grad=True)
b = torch.ones(2, 2)
c = a + b
""")
case("err_mm", f"""
a = {A23}
b = torch.ones(2, 3)
c = a @ b
""")
case("err_dot", """
a = torch.ones(3, requires_grad=True)
b = torch.ones(4)
c = a @ b
""")
case("err_mv", """
a = torch.ones(2, 3, requires_grad=True)
b = torch.ones(4)
c = a @ b
""")
case("err_0d_matmul", """
a = torch.tensor(2.0, requires_grad=True)
b = torch.ones(3)
c = a @ b
""")
case("err_grad_shape", f"""
x = {A22}
y = x * 2
y.backward(torch.ones(3))
""")
case("err_numpy_requires_grad", f"""
x = {A22}
n = x.numpy()
""")
case("err_no_grad_fn", """
x = torch.ones(2)
y = (x * 2).sum()
y.backward()
""")
case("warn_nonleaf_grad", f"""
x = {A22}
y = x * 2
g = y.grad
is_none = g is None
""")
case("err_int_requires_grad", """
x = torch.tensor([1, 2, 3], requires_grad=True)
""")
case("err_int_requires_grad_", """
x = torch.tensor([1, 2, 3])
x.requires_grad_()
""")
case("err_nonleaf_requires_grad_false", f"""
x = {V3}
y = x * 2
y.requires_grad = False
""")
case("err_view", f"""
x = {A23}
y = x.t().view(6)
""")
case("err_index_out_of_bounds", f"""
x = {V3}
y = x[3]
""")
case("err_dim_out_of_range", f"""
x = {A22}
y = x.sum(dim=2)
""")
case("err_autograd_grad_unused", f"""
x = {V3}
w = {W3}
y = (x * 2).sum()
g = torch.autograd.grad(y, [x, w])
""")
case("err_item_many", f"""
x = {V3}
v = x.item()
""")


def _rounds(torch, P, src, rec):
    """Whether torch's float32 run of a table program rounded anywhere: its float64 twin
    (the same float32 inputs, 29 more bits) gives other values.  An exact op's program is
    then compared within the rounding budget, like a transcendental one (the op's values
    themselves are compared bit for bit in tests/live/test_op_table_live.py)."""
    wide = P.run(torch, src.replace("requires_grad=True)", "dtype=torch.float64, "
                                                           "requires_grad=True)"))
    for name, t in rec["tensors"].items():
        for key in ("value", "grad"):
            e, w = t[key], wide["tensors"].get(name, {}).get(key)
            if e is None or w is None or e["dtype"] not in ("float32", "float64"):
                continue
            a, b = P.decode(e).astype(np.float64), P.decode(w).astype(np.float64)
            if a.shape != b.shape or not np.array_equal(a, b, equal_nan=True):
                return True
    return False


def main():
    import torch
    sys.path.insert(0, HERE)
    import engine_programs as P

    np.random.seed(0)
    assert torch.__version__.startswith("2.13"), torch.__version__
    out = []
    for c in CASES:
        torch.set_default_dtype(torch.float32)
        rec = P.run(torch, c["src"], c["name"])
        c = dict(c, torch=rec)
        if c["name"] in TABLE_CASES and not c["approx"] and _rounds(torch, P, c["src"], rec):
            c["approx"] = c["rounds"] = True
        out.append(c)
    with open(OUT, "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": out}, f, indent=1,
                  sort_keys=True)
        f.write("\n")
    print(f"wrote {len(out)} cases to {OUT}")


if __name__ == "__main__":
    main()
