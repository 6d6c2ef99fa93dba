"""What Python's introspection says about the ops and nodes is true (issue 13, item 2): the
declared ops carry their own names, signatures and docstrings (Tensor.exp is ``Tensor.exp
(self)``, autograd_bn.exp is ``exp(input)``); a node class has its formula row as docstring and
is found by name, with torch's repr; the compiled ``apply`` functions show their source lines
in tracebacks."""
import inspect
import pydoc
import traceback

import pytest

import autograd_bn as torch
from autograd_bn.ops import derivatives as D, registry
from autograd_bn.ops.declare import DECLARED

NAMES = sorted(DECLARED)


@pytest.mark.parametrize("name", NAMES)
def test_method_names_and_signature_are_the_ops(name):
    method = getattr(torch.Tensor, name)
    assert method.__name__ == name
    assert method.__qualname__ == "Tensor." + name
    params = list(inspect.signature(method).parameters.values())
    assert params[0].name == "self"
    assert all(p.kind is p.KEYWORD_ONLY for p in params[1:])
    text = pydoc.render_doc(method, renderer=pydoc.plaintext)
    assert f"Tensor.{name}(self" in text.replace("\n", " ") or f"{name}(self" in text
    assert DECLARED[name].doc in " ".join(text.split())


@pytest.mark.parametrize("name", NAMES)
def test_function_has_torchs_parameter_names(name):
    fn = getattr(torch, name)
    assert fn.__qualname__ == name
    assert list(inspect.signature(fn).parameters)[0] == "input"
    assert fn.__doc__ == DECLARED[name].doc


@pytest.mark.parametrize("name", [n for n in NAMES if DECLARED[n].inplace_method])
def test_inplace_forms_are_named(name):
    method = getattr(torch.Tensor, name + "_")
    assert method.__qualname__ == f"Tensor.{name}_"
    assert method.__doc__.startswith(f"In-place version of ``{name}``")
    assert hasattr(torch, name + "_") == (DECLARED[name].inplace_function is not None)


def test_round_signature_is_torchs():
    assert str(inspect.signature(torch.round)) == "(input, *, decimals=0)"
    assert str(inspect.signature(torch.Tensor.round)) == "(self, *, decimals=0)"
    assert str(inspect.signature(torch.exp)) == "(input)"


def test_node_classes_have_their_row_as_docstring_and_torchs_repr():
    classes = [v for v in vars(D).values() if isinstance(v, type) and issubclass(v, registry.OpNode)]
    assert len(classes) >= 60
    for cls in classes:
        name = cls.__name__
        assert repr(cls) == f"<class '{name}'>"
        assert cls.__doc__.startswith(f"{name}: the backward node of {cls.forward}.")
        assert "autograd_bn/ops/derivatives.py line" in cls.__doc__
        filename, line = cls.row
        with open(filename, encoding="utf-8") as f:
            first = f.read().splitlines()[line - 1]
        assert first.strip() and first.rstrip() in cls.__doc__     # the row starts there
        assert f'"{name}"' in cls.__doc__
    assert registry.NODES["ExpBackward0"] is D.ExpBackward0
    assert "g * result" in D.ExpBackward0.__doc__


def test_node_of_a_grad_fn_is_found_by_name():
    x = torch.tensor([0.5], requires_grad=True)
    node = x.atan().grad_fn
    assert registry.NODES[type(node).__name__] is type(node)
    assert repr(node).startswith("<AtanBackward0 object at 0x")


def test_compiled_apply_shows_its_source_in_tracebacks():
    x = torch.tensor([1.0], requires_grad=True)
    y = x.exp()
    y.backward()
    with pytest.raises(RuntimeError) as info:
        y.backward()
    frames = traceback.extract_tb(info.value.__traceback__)
    apply = [f for f in frames if f.name == "apply"]
    assert apply, [f.filename for f in frames]
    assert apply[-1].filename.endswith("ExpBackward0_apply.py")
    assert apply[-1].filename != "<string>"
    assert apply[-1].line == "raise RuntimeError(_(SECOND_BACKWARD))"
