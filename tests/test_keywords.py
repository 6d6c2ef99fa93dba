"""Every public function accepts torch 2.13's parameter names as keywords.

autograd_bn/_torch_keywords.json holds torch's names for each function of the ``torch``
namespace, each ``Tensor`` method and each ``nn.functional`` function that autograd_bn also has
(recorded from torch's operator schemas and signatures by ``python -m tools.torch_keywords``;
tests/live/test_apis_live.py checks the file is current).  A name is accepted when it is one of
our own parameters (at the same position, or keyword-only) or _keywords.py renames it.  The
few names left out are listed in NOT_SUPPORTED with the reason.
"""
import inspect

import pytest

import autograd_bn as ab
import autograd_bn.nn.functional as AF
from autograd_bn import _keywords as K

TABLE = K.load_table()
NAMESPACES = {"torch": ab, "Tensor": ab.Tensor, "nn.functional": AF}
# (namespace, function, parameter): why autograd_bn does not take it
NOT_SUPPORTED = {
    ("torch", "tensor", "t"): "TorchScript's aten::tensor.t overload; torch's Python refuses it",
    ("torch", "as_tensor", "t"): "TorchScript's aten::as_tensor.list overload, as above",
    ("Tensor", "expand", "implicit"): "internal to torch's tracer",
    ("Tensor", "mm", "out_dtype"): "mixed-precision matmul (CUDA only in torch 2.13)",
    ("torch", "mm", "out_dtype"): "mixed-precision matmul (CUDA only in torch 2.13)",
    ("Tensor", "div_", "rounding_mode"): "floor/trunc division is not in the teaching subset",
}


def _accepted(fn):
    names = set(getattr(fn, "__torch_keywords__", {}))
    inner = fn
    while True:
        params = K._params(inner) or []
        names |= {n for n, k in params if k not in K._BY_POSITION}
        if not hasattr(inner, "__wrapped__"):
            break
        inner = inner.__wrapped__
    if any(k == inspect.Parameter.VAR_KEYWORD for n, k in (K._params(inner) or [])):
        names.add("**")
    return names


CASES = [(ns, name, p) for ns, entries in TABLE.items() for name, params in entries.items()
         for p in params if not p.startswith("_")]


def test_table_is_not_empty():
    assert len(TABLE["torch"]) > 50 and len(TABLE["Tensor"]) > 80


@pytest.mark.parametrize("ns,name", sorted({(ns, name) for ns, name, _p in CASES}))
def test_torch_names_accepted(ns, name):
    fn = getattr(NAMESPACES[ns], name)
    accepted = _accepted(fn)
    missing = [p for p in TABLE[ns][name] if not p.startswith("_") and p not in accepted
               and (ns, name, p) not in NOT_SUPPORTED]
    assert not missing, f"{ns}.{name} does not take {missing}"
