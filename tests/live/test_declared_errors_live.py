"""Every declared elementwise op (ops/unary_ops.py), under each of its names (aliases too), in
each of its forms (method, in-place method, function, in-place function), called wrongly
in the ways a learner might: the same exception class and text as torch 2.13.

The calls: an extra positional argument (1 or 1.5), two of them, an unknown keyword, a
list instead of a tensor, and, for ops with keyword-only parameters (round's decimals), the
keyword given positionally and with a wrong type.
"""
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

import autograd_bn as ab  # noqa: E402
from autograd_bn.ops.declare import DECLARED  # noqa: E402

# the arguments as written in a call: torch's text for a method depends on the call's form
# (``t.exp(1)`` says TensorBase.exp(), ``f = t.exp; f(1)`` Tensor.exp()), so each call is
# compiled from its source, as a learner writes it
BAD_CALLS = {"one": "1", "float": "1.5", "two": "1, 2", "keyword": "foo=1",
             "decimals_float": "decimals=1.5", "decimals_and_one": "1, decimals=1"}


def _forms():
    out = []
    for decl in DECLARED.values():
        methods, functions = decl.forms()
        for name in methods:
            out.append(("method", name))
        for name in functions:
            out.append(("function", name))
    return sorted(out)


def _outcome(fn):
    try:
        r = fn()
    except Exception as e:            # noqa: BLE001 (the class and text are compared)
        return type(e).__name__, str(e)
    return "ok", str(r.detach().numpy().tolist() if hasattr(r, "detach") else r)


def _call(lib, kind, name, arguments):
    t = lib.tensor([0.25, 1.5, -2.0])
    source = f"t.{name}({arguments})" if kind == "method" else f"lib.{name}(t, {arguments})"
    code = compile(source, "<learner>", "eval")
    return lambda: eval(code, {"t": t, "lib": lib})


def test_every_declared_form_is_listed():
    forms = _forms()
    assert ("method", "negative") in forms and ("function", "arccos_") in forms
    assert len(forms) > 4 * len(DECLARED)


@pytest.mark.parametrize("kind,name", _forms())
@pytest.mark.parametrize("call", sorted(BAD_CALLS))
def test_bad_call_matches_torch(kind, name, call):
    if not hasattr(torch.Tensor if kind == "method" else torch, name):
        pytest.skip(f"torch 2.13 has no {kind} {name}")
    theirs = _outcome(_call(torch, kind, name, BAD_CALLS[call]))
    mine = _outcome(_call(ab, kind, name, BAD_CALLS[call]))
    assert mine == theirs


@pytest.mark.parametrize("name", sorted(n for k, n in _forms() if k == "function"
                                        and not n.endswith("_")))
def test_list_instead_of_a_tensor_matches_torch(name):
    for lst in ([1.0, 2.0], 1), ([1.0, 2.0],):
        theirs = _outcome(lambda: getattr(torch, name)(*lst))
        mine = _outcome(lambda: getattr(ab, name)(*lst))
        assert mine == theirs


# the same class of bug among the binary operations' aliases: a call whose arguments do not
# fit named the internal function (sub(), binary_op.<locals>...op()), not subtract()/multiply()
ALIAS_CALLS = ["t.subtract()", "L.subtract(t)", "t.multiply()",
               "L.multiply(t)", "t.mul()", "L.mul(t)", "t.div()", "L.divide(t)",
               "t.true_divide()", "t.eq()", "L.eq(t)", "t.pow()", "t.maximum()", "L.maximum(t)",
               "t.sum(1, 2, 3, 4, 5)"]


@pytest.mark.parametrize("source", ALIAS_CALLS)
def test_binary_aliases_name_themselves(source):
    code = compile(source, "<learner>", "eval")
    theirs = _outcome(lambda: eval(code, {"t": torch.tensor([1.0, 2.0]), "L": torch}))
    mine = _outcome(lambda: eval(code, {"t": ab.tensor([1.0, 2.0]), "L": ab}))
    assert mine == theirs
