"""Write the README's table of what autograd_bn supports, from the code itself.

    python -m tools.support_table            # rewrite the tables in README.md
    python -m tools.support_table --check    # exit 1 if they are out of date

Five rows, one per part of PyTorch a tutorial uses: the ``torch`` namespace, ``Tensor``
methods and attributes, ``nn``, ``nn.functional`` and ``autograd``; each lists the public names
autograd_bn has there (package-only helpers such as ``set_language`` left out).  The table
appears twice, between ``<!-- support-table:bn -->`` and ``<!-- support-table:en -->`` markers
and their ``<!-- /support-table -->`` ends; tests/test_support_table.py checks it is current.
"""
import argparse
import importlib
import inspect
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
OURS_ONLY = {"set_language", "get_language", "widgets", "functions", "creation", "printing",
             "tensor", "ops", "random", "i18n", "locale", "legacy", "serialization",
             "autograd", "nn", "optim", "cuda", "profiler", "testing"}
HEAD = {"bn": ("| অংশ | সংখ্যা | যা আছে |", "|---|---|---|"),
        "en": ("| Part | Count | What autograd_bn has |", "|---|---|---|")}


def _names(obj, skip=()):
    return sorted(n for n in dir(obj) if not n.startswith("_") and n not in skip
                  and not inspect.ismodule(getattr(obj, n, None)))


def rows():
    """[(part, names)] from the package as it is."""
    ab = importlib.import_module("autograd_bn")
    nn = importlib.import_module("autograd_bn.nn")
    nf = importlib.import_module("autograd_bn.nn.functional")
    ag = importlib.import_module("autograd_bn.autograd")
    autograd = sorted(set(ag.__all__) - {"functional"} | {"profiler.profile", "profiler.record_function",
                                         "graph.saved_tensors_hooks", "graph.save_on_cpu",
                                         "functional.jacobian", "functional.hessian",
                                         "functional.vjp", "functional.jvp", "functional.hvp",
                                         "functional.vhp"})
    return [("torch", _names(ab, OURS_ONLY) + ["cuda.is_available", "profiler.profile"]),
            ("Tensor", _names(ab.Tensor)),
            ("nn", sorted(n for n in nn.__all__ if n not in ("functional", "init")) +
             ["init." + n for n in getattr(importlib.import_module("autograd_bn.nn.init"),
                                           "__all__", [])]),
            ("nn.functional", sorted(nf.__all__)),
            ("autograd", autograd)]


def table(lang):
    lines = list(HEAD[lang])
    for part, names in rows():
        lines.append(f"| `{part}` | {len(names)} | " + ", ".join(f"`{n}`" for n in names) + " |")
    return "\n".join(lines)


def render(text):
    for lang in ("bn", "en"):
        pattern = re.compile(rf"(<!-- support-table:{lang} -->\n).*?(\n<!-- /support-table -->)",
                             re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no support-table:{lang} markers")
        text = pattern.sub(lambda m: m.group(1) + table(lang) + m.group(2), text)
    return text


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    old = README.read_text(encoding="utf-8")
    new = render(old)
    if args.check:
        if new != old:
            print("README.md's support tables are out of date: run python -m tools.support_table")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    print("wrote the support tables of README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
