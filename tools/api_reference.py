"""Write docs/api.md, the API reference of autograd_bn, from the package's own docstrings.

    python -m tools.api_reference            # write docs/api.md
    python -m tools.api_reference --check    # exit 1 if docs/api.md is out of date
    python -m tools.api_reference --missing  # list public functions without a docstring

The public API is what a reader of the lessons reaches: the names of ``autograd_bn`` (the
``torch`` of the notebooks), the methods and properties of ``Tensor``, and the modules
``autograd``, ``autograd.functional``, ``nn``, ``nn.functional``, ``nn.init``, ``optim`` and
``widgets`` (their ``__all__``, or else their names without a leading underscore).  Each entry
shows the signature and the first paragraph of the docstring; public classes also list the
methods they define.  tests/test_api_reference.py fails when this page is out of date or a
public function, class or method has no docstring.
"""
import argparse
import importlib
import inspect
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "api.md"
PACKAGE = "autograd_bn"
SUBMODULES = ["autograd", "autograd.functional", "nn", "nn.functional", "nn.init", "optim",
              "widgets", "exercises"]
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

HEADER = """\
# API reference

Generated from the docstrings by `python -m tools.api_reference`: edit the docstrings, not
this page (`tests/test_api_reference.py` fails when it is out of date).  The lessons import the
package as `torch` (`import autograd_bn as torch`), and the names follow PyTorch's.
"""


def _module(name):
    return importlib.import_module(f"{PACKAGE}.{name}" if name else PACKAGE)


def public_names(mod):
    names = getattr(mod, "__all__", None)
    if names is None:
        names = [n for n in vars(mod) if not n.startswith("_")]
    out = []
    for n in names:
        obj = getattr(mod, n)
        if inspect.ismodule(obj):
            continue
        out.append(n)
    return sorted(set(out), key=lambda n: (n.lower(), n))


def summary(obj):
    doc = inspect.getdoc(obj) or ""
    first = doc.strip().split("\n\n")[0]
    return " ".join(first.split()).replace("|", "\\|")


def own_doc(obj):
    """The object's own docstring (for classes, not one inherited from a base class)."""
    if inspect.isclass(obj):
        return (obj.__dict__.get("__doc__") or "").strip()
    return (getattr(obj, "__doc__", None) or "").strip()


def signature(obj, name):
    try:
        sig = str(inspect.signature(obj))
    except (TypeError, ValueError):
        sig = "(...)"
    return _ADDRESS.sub("", f"{name}{sig}")


def is_function(obj):
    return inspect.isroutine(obj) or inspect.isclass(obj)


def class_members(cls):
    """(name, kind, object) for the public methods and properties the class itself defines."""
    out = []
    for n, raw in sorted(vars(cls).items(), key=lambda kv: (kv[0].lower(), kv[0])):
        if n.startswith("_"):
            continue
        if isinstance(raw, property):
            out.append((n, "property", raw))
        elif isinstance(raw, (staticmethod, classmethod)):
            out.append((n, "method", raw.__func__))
        elif inspect.isroutine(raw):
            out.append((n, "method", raw))
    return out


def _group(mod, names):
    """Names bound to the same object (or to forms of one declared op, ``__alias_of__``) are
    listed once, as aliases."""
    groups, seen = [], {}
    for n in names:
        obj = getattr(mod, n)
        key = id(inspect.unwrap(getattr(obj, "__alias_of__", obj))) if is_function(obj) \
            else ("value", n)
        if key in seen:
            groups[seen[key]][0].append(n)
        else:
            seen[key] = len(groups)
            groups.append(([n], obj))
    return groups


def _entry_lines(names, obj, qual):
    main = names[0]
    alias = f" (also {', '.join(f'`{a}`' for a in names[1:])})" if names[1:] else ""
    text = summary(obj) if own_doc(obj) else "*(no docstring)*"
    return [f"- `{signature(obj, main)}`{alias}: {text}"]


def section(title, mod, qual):
    lines = [f"## `{title}`", ""]
    doc = summary(mod)
    if doc:
        lines += [doc, ""]
    groups = _group(mod, public_names(mod))
    funcs = [(n, o) for n, o in groups if inspect.isroutine(o)]
    classes = [(n, o) for n, o in groups if inspect.isclass(o)]
    values = [(n, o) for n, o in groups if not is_function(o)]
    if classes:
        lines += ["### Classes", ""]
        for names, cls in classes:
            lines += _entry_lines(names, cls, qual)
            if cls.__module__.startswith(PACKAGE) and cls.__name__ != "Tensor":
                # (Tensor's members have a section of their own)
                for n, kind, m in class_members(cls):
                    if kind == "property":
                        text = summary(m) if own_doc(m) else ""
                        lines.append(f"  - `.{n}` (property){': ' + text if text else ''}")
                    else:
                        text = summary(getattr(cls, n)) or "*(no docstring)*"
                        lines.append(f"  - `.{signature(m, n)}`: {text}")
        lines.append("")
    if funcs:
        lines += ["### Functions", ""]
        for names, fn in funcs:
            lines += _entry_lines(names, fn, qual)
        lines.append("")
    if values:
        lines += ["### Other names", ""]
        by_type = {}
        for names, value in values:
            by_type.setdefault(type(value).__name__, []).extend(names)
        for tname, names in sorted(by_type.items()):
            lines.append(f"- {tname}: " + ", ".join(f"`{n}`" for n in sorted(names)))
        lines.append("")
    return lines


def tensor_section():
    from autograd_bn import Tensor
    lines = ["## `autograd_bn.Tensor`", "", summary(Tensor) or "", ""]
    methods, props = [], []
    for n, kind, m in class_members(Tensor):
        (props if kind == "property" else methods).append((n, m))
    lines += ["### Properties", ""]
    for n, p in props:
        text = summary(p) if own_doc(p) else ""
        lines.append(f"- `.{n}`{': ' + text if text else ''}")
    lines += ["", "### Methods", ""]
    for n, m in methods:
        text = summary(m) if own_doc(m) else "*(no docstring)*"
        lines.append(f"- `.{signature(m, n)}`: {text}")
    lines.append("")
    return lines


def generate():
    lines = [HEADER]
    top = _module("")
    lines += section(PACKAGE, top, PACKAGE)
    lines += tensor_section()
    for name in SUBMODULES:
        lines += section(f"{PACKAGE}.{name}", _module(name), f"{PACKAGE}.{name}")
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def missing_docstrings():
    """Qualified names of public functions, classes and methods without a docstring."""
    missing = []

    def check_class(qual, cls):
        # a method that overrides a documented one (nn.Linear.forward) inherits its docstring
        for n, kind, m in class_members(cls):
            if kind == "method" and not inspect.getdoc(getattr(cls, n)):
                missing.append(f"{qual}.{n}")

    mods = [("", _module(""))] + [(n, _module(n)) for n in SUBMODULES]
    seen = set()
    for name, mod in mods:
        prefix = f"{PACKAGE}.{name}" if name else PACKAGE
        for n in public_names(mod):
            obj = getattr(mod, n)
            if not is_function(obj):
                continue
            qual = f"{prefix}.{n}"
            if not own_doc(obj):
                missing.append(qual)
            if inspect.isclass(obj) and obj.__module__.startswith(PACKAGE) and id(obj) not in seen:
                seen.add(id(obj))
                check_class(qual, obj)
    return missing


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if docs/api.md is out of date")
    ap.add_argument("--missing", action="store_true",
                    help="list public functions without a docstring")
    args = ap.parse_args(argv)
    if args.missing:
        names = missing_docstrings()
        print("\n".join(names))
        print(f"{len(names)} public functions, classes or methods have no docstring",
              file=sys.stderr)
        return 1 if names else 0
    text = generate()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python -m tools.api_reference",
                  file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
