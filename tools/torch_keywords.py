"""Record torch 2.13's parameter names for every public function autograd_bn also has.

    python -m tools.torch_keywords            # write autograd_bn/_torch_keywords.json
    python -m tools.torch_keywords --check    # exit 1 if the file is out of date

It also writes autograd_bn/_torch_tensor_names.json, the public attribute names of
torch.Tensor (autograd_bn/_missing.py gives the ones autograd_bn lacks a clear error).

Needs torch 2.13.  For an operator of ATen (``torch.add``, ``Tensor.sum``, ...) the names come
from its schemas (``torch._C._jit_get_schemas_for_operator``), every overload that takes a
tensor, with ``self`` spelled ``input`` as torch's Python binding does; for a function written
in Python (``nn.functional.mse_loss``) from ``inspect.signature``.  Each entry maps a parameter
name to its position (``null`` for keyword-only ones).  autograd_bn/_keywords.py reads the file
to accept torch's names as keywords, and tests/test_keywords.py checks every public function.
"""
import argparse
import inspect
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "autograd_bn" / "_torch_keywords.json"
NAMES = ROOT / "autograd_bn" / "_torch_tensor_names.json"


def _schema_names(torch, name):
    """{param: position or None} over the tensor overloads of aten::name, or None."""
    try:
        schemas = torch._C._jit_get_schemas_for_operator("aten::" + name)
    except RuntimeError:
        return None
    names = {}
    for s in schemas:
        if not any("Tensor" in str(a.type) for a in s.arguments) and not (
                any(a.name in ("size", "out", "dtype") for a in s.arguments)):
            continue                       # TorchScript's int/float/str primitives
        if s.overload_name == "out" or s.overload_name.endswith("_out"):
            names.setdefault("out", None)  # the out= variants: only `out` is new
            continue
        pos = 0
        for a in s.arguments:
            n = "input" if a.name == "self" else a.name
            if a.kwarg_only and a.alias_info is not None and a.alias_info.is_write:
                names.setdefault("out", None)    # named outputs (max.dim_max): out=
                continue
            if a.kwarg_only:
                names.setdefault(n, None)
            else:
                if names.get(n) is None:
                    names[n] = pos
                pos += 1
    return names or None


def _python_names(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    names, pos = {}, 0
    for p in sig.parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            names[p.name] = pos
            pos += 1
        elif p.kind == p.KEYWORD_ONLY:
            names[p.name] = None
    return names


def _public(obj):
    return sorted(n for n in dir(obj) if not n.startswith("_") and callable(getattr(obj, n)))


def record():
    import torch
    import torch.nn.functional as TF

    import autograd_bn as ab
    import autograd_bn.nn.functional as AF
    table = {"torch": {}, "Tensor": {}, "nn.functional": {}}
    for name in _public(ab):
        tf = getattr(torch, name, None)
        if tf is None or isinstance(tf, type) or inspect.ismodule(tf):
            continue
        names = _schema_names(torch, name) if not inspect.isfunction(tf) else None
        names = names or _python_names(tf)
        if names:
            table["torch"][name] = names
    for name in _public(ab.Tensor):
        if not hasattr(torch.Tensor, name):
            continue
        tm = getattr(torch.Tensor, name)
        if inspect.isfunction(tm):           # written in Python (backward, norm ...): its own
            names = _python_names(tm)        # names, not the ATen operator's of that name
            if names:
                names.pop("self", None)
                names = {k: (v - 1 if v else v) for k, v in names.items()}
                table["Tensor"][name] = names
            continue
        names = _schema_names(torch, name)
        if names:
            names.pop("input", None)         # the method's self
            names.pop("out", None)           # methods have no out=
            names = {k: (v - 1 if v else v) for k, v in names.items()}
            table["Tensor"][name] = names
    for name in sorted(getattr(AF, "__all__", _public(AF))):
        tf = getattr(TF, name, None)
        if tf is not None and inspect.isfunction(tf):
            names = _python_names(tf)
            if names:
                table["nn.functional"][name] = names
    return json.dumps(table, indent=1, sort_keys=True) + "\n"


def tensor_names():
    """torch.Tensor's public attribute names, as JSON."""
    import torch
    return json.dumps(sorted(n for n in dir(torch.Tensor) if not n.startswith("_")),
                      indent=0) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    files = ((OUT, record()), (NAMES, tensor_names()))
    if args.check:
        for path, text in files:
            if path.read_text(encoding="utf-8") != text:
                print(f"{path} is out of date: run python -m tools.torch_keywords")
                return 1
        return 0
    for path, text in files:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
