"""The core is layered (issue 13, item 4): read from the source, not from a running import.

* No function imports a module of autograd_bn in the core files; elsewhere such an import says
  why on its line or the line above (a ``#`` comment).
* The module-level imports between autograd_bn's modules form no cycle (a cycle is what the
  function-level imports used to hide).
* ``import autograd_bn`` loads none of the heavy parts (nn, optim, widgets, plotting): checked
  in a fresh interpreter with ``python -X importtime``, by the modules it lists, not by time.
"""
import ast
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "autograd_bn")
CORE = ("tensor.py", "autograd/graph.py", "autograd/engine.py", "ops/registry.py")


def _modules():
    """{dotted name: (path, is package)} of every module of autograd_bn."""
    found = {}
    for folder, _dirs, files in os.walk(PACKAGE):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                parts = os.path.relpath(path, ROOT)[:-3].split(os.sep)
                is_package = parts[-1] == "__init__"
                if is_package:
                    parts = parts[:-1]
                found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _targets(module, is_package, node):
    """The autograd_bn modules an import statement names (``from . import x``: module x)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "autograd_bn"]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != "autograd_bn":
        return []
    return [target + "." + a.name if target + "." + a.name in MODULES else target
            for a in node.names]


def _imports(source, module, is_package):
    """(module-level targets, [(line, targets) of imports inside a def or class])."""
    tree = ast.parse(source)
    top = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            top.update(_targets(module, is_package, node))
        elif isinstance(node, (ast.If, ast.Try)):          # module level all the same
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    top.update(_targets(module, is_package, sub))
    inner = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    targets = _targets(module, is_package, sub)
                    if targets:
                        inner.append((sub.lineno, targets))
    return top, sorted(set((line, tuple(t)) for line, t in inner))


GRAPH = {}
INNER = {}
for _name, (_path, _is_package) in MODULES.items():
    with open(_path, encoding="utf-8") as _f:
        GRAPH[_name], INNER[_name] = _imports(_f.read(), _name, _is_package)


def _module_of(relative):
    return "autograd_bn." + relative[:-3].replace("/", ".")


@pytest.mark.parametrize("relative", CORE)
def test_core_modules_import_at_module_level_only(relative):
    assert _module_of(relative) in MODULES, relative
    assert INNER[_module_of(relative)] == []


def test_other_function_level_imports_say_why():
    unexplained = []
    for module, found in INNER.items():
        if not found:
            continue
        with open(MODULES[module][0], encoding="utf-8") as f:
            lines = f.read().splitlines()
        for lineno, targets in found:
            here, above = lines[lineno - 1], lines[lineno - 2] if lineno > 1 else ""
            if "#" not in here and not above.strip().startswith("#"):
                unexplained.append(f"{module}:{lineno} imports {', '.join(targets)}")
    assert unexplained == []


def _cycles(graph):
    """Cycles met by a depth-first search (iterative): a grey module reached again closes one."""
    state, cycles = {}, []
    for start in sorted(graph):
        if start in state:
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = "grey"
        while stack:
            module, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[module] = "black"
                stack.pop()
                path.pop()
            elif child not in graph or state.get(child) == "black":
                continue
            elif state.get(child) == "grey":
                cycles.append(path[path.index(child):] + [child])
            else:
                state[child] = "grey"
                path.append(child)
                stack.append((child, iter(sorted(graph[child]))))
    return cycles


def test_module_level_imports_have_no_cycle():
    assert _cycles(GRAPH) == []


def test_the_checks_see_imports_and_cycles():
    # the checks above must be able to fail: they find what is there
    assert "autograd_bn.tensor" in GRAPH["autograd_bn.autograd.engine"]
    assert "autograd_bn.autograd.graph" in GRAPH["autograd_bn.ops.registry"]
    assert "autograd_bn.ops.namespaces" in GRAPH["autograd_bn.autograd.engine"]
    assert "autograd_bn.ops.elementwise" in GRAPH["autograd_bn.ops.tensor_namespace"]
    source = ("import numpy\nfrom . import graph\nfrom .. import tensor as T\n"
              "def f():\n    import warnings\n    from ..ops.shape import view_of\n")
    top, inner = _imports(source, "autograd_bn.autograd.engine", False)
    assert top == {"autograd_bn.autograd.graph", "autograd_bn.tensor"}
    assert inner == [(6, ("autograd_bn.ops.shape",))]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


HEAVY = ("autograd_bn.nn", "autograd_bn.optim", "autograd_bn.widgets", "autograd_bn.testing",
         "matplotlib", "ipywidgets", "PIL", "IPython", "scipy", "torch")


def test_import_loads_no_heavy_part():
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", "import autograd_bn"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines()
              if line.startswith("import time:") and line.count("|") == 2}
    assert "autograd_bn.autograd.engine" in loaded and "autograd_bn.ops.methods" in loaded
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []
