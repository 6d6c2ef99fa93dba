"""The classic autograd tutorial, steps 2-13 of /work/shared/spec/tutorial.md, run unchanged
with ``import autograd_bn as torch``: its stdout must be the text torch 2.13 prints (object
addresses sanitised to 0x...).

The script is the literal tutorial code with ``torch.manual_seed(0)`` as its first line, so
steps 6 and 10 draw their values from autograd_bn's generator.  A second version replaces the
two randn calls by the exact float32 values torch's generator gives, so a failure there points
at the engine rather than at the random numbers.
"""
import contextlib
import io
import re

import pytest

STEPS = {
    2: ("x = torch.ones(2, 2, requires_grad=True)\n"
        "print(x)\n",
        "tensor([[1., 1.],\n"
        "        [1., 1.]], requires_grad=True)\n"),
    3: ("y = x + 2\n"
        "print(y)\n",
        "tensor([[3., 3.],\n"
        "        [3., 3.]], grad_fn=<AddBackward0>)\n"),
    4: ("print(y.grad_fn)\n",
        "<AddBackward0 object at 0x...>\n"),
    5: ("z = y * y * 3\n"
        "out = z.mean()\n"
        "print(z, out)\n",
        "tensor([[27., 27.],\n"
        "        [27., 27.]], grad_fn=<MulBackward0>) tensor(27., grad_fn=<MeanBackward0>)\n"),
    6: ("a = {RANDN_2_2}\n"
        "a = ((a * 3) / (a - 1))\n"
        "print(a.requires_grad)\n"
        "a.requires_grad_(True)\n"
        "print(a.requires_grad)\n"
        "b = (a * a).sum()\n"
        "print(b.grad_fn)\n"
        "print(b)\n",
        "False\n"
        "True\n"
        "<SumBackward0 object at 0x...>\n"
        "tensor(93.3274, grad_fn=<SumBackward0>)\n"),
    7: ("print(x.grad)\n"
        "out.backward()\n"
        "print(x.grad)\n",
        "None\n"
        "tensor([[4.5000, 4.5000],\n"
        "        [4.5000, 4.5000]])\n"),
    10: ("x = {RANDN_3}\n"
         "y = x * 2\n"
         "while y.data.norm() < 1000:\n"
         "    y = y * 2\n"
         "print(y)\n",
         "tensor([-1110.5509, -1432.1617,   413.0272], grad_fn=<MulBackward0>)\n"),
    11: ("v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)\n"
         "y.backward(v)\n"
         "print(x.grad)\n",
         "tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])\n"),
    12: ("print(x.requires_grad)\n"
         "print((x ** 2).requires_grad)\n"
         "with torch.no_grad():\n"
         "    print((x ** 2).requires_grad)\n",
         "True\nTrue\nFalse\n"),
    13: ("print(x.requires_grad)\n"
         "y = x.detach()\n"
         "print(y.requires_grad)\n"
         "print(x.eq(y).all())\n",
         "True\nFalse\ntensor(True)\n"),
}

# torch.manual_seed(0); torch.randn(2, 2); torch.randn(3): the exact float32 values.
LITERALS = {
    "RANDN_2_2": "torch.tensor([[1.5409960746765137, -0.293428897857666], "
                 "[-2.1787893772125244, 0.5684312582015991]])",
    "RANDN_3": "torch.tensor([-1.0845223665237427, -1.3985954523086548, 0.40334683656692505], "
               "requires_grad=True)",
}
RANDN = {"RANDN_2_2": "torch.randn(2, 2)", "RANDN_3": "torch.randn(3, requires_grad=True)"}

HEADER = "import autograd_bn as torch\ntorch.manual_seed(0)\n"
SCRIPT = HEADER + "".join(src.format(**RANDN) for src, _ in STEPS.values())
LITERAL_SCRIPT = HEADER + "".join(src.format(**LITERALS) for src, _ in STEPS.values())
EXPECTED = "".join(out for _, out in STEPS.values())


def sanitise(text):
    return re.sub(r"0x[0-9a-fA-F]+", "0x...", text)


def run(script):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(script, "<tutorial>", "exec"), {"__name__": "__tutorial__"})
    return sanitise(buf.getvalue())


def test_tutorial_steps_2_to_13():
    assert run(SCRIPT) == EXPECTED


def test_tutorial_with_torchs_random_values_written_in():
    assert run(LITERAL_SCRIPT) == EXPECTED


@pytest.mark.parametrize("step", sorted(STEPS))
def test_tutorial_step_by_step(step):
    """Each step's own output, running the steps before it first (pinpoints a failing step)."""
    before = HEADER + "".join(STEPS[s][0].format(**RANDN) for s in STEPS if s < step)
    buf = io.StringIO()
    ns = {}
    with contextlib.redirect_stdout(buf):
        exec(compile(before, "<tutorial>", "exec"), ns)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(STEPS[step][0].format(**RANDN), f"<step {step}>", "exec"), ns)
    assert sanitise(buf.getvalue()) == STEPS[step][1]


def test_tutorial_graph_structure():
    """Section 2 of torch-compat: the graph behind ``out``."""
    import autograd_bn as torch
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    out = (y * y * 3).mean()
    mean = out.grad_fn
    assert type(mean).__name__ == "MeanBackward0" and len(mean.next_functions) == 1
    mul3, nr = mean.next_functions[0]
    assert type(mul3).__name__ == "MulBackward0" and nr == 0
    assert mul3.next_functions[1] == (None, 0)
    yy = mul3.next_functions[0][0]
    assert type(yy).__name__ == "MulBackward0"
    assert yy.next_functions[0][0] is yy.next_functions[1][0] is y.grad_fn
    add = y.grad_fn
    assert type(add).__name__ == "AddBackward0" and add.next_functions[1] == (None, 0)
    acc = add.next_functions[0][0]
    assert type(acc).__name__ == "AccumulateGrad"
    assert acc.next_functions == () and acc.variable is x
    assert re.fullmatch(r"<AddBackward0 object at 0x[0-9a-f]+>", repr(add))
