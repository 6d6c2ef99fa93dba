"""The two translation templates: the notebooks' prose messages and the library's messages
(Babel's Python extractor plus the string constants passed to ``_()`` by name).
"""
import ast

from .catalogs import _new_catalog
from .lesson_source import lessons, prose_messages
from .paths import PKG, ROOT

def prose_template(all_lessons=None):
    cat = _new_catalog("Notebook prose (translations template)")
    for lesson in all_lessons if all_lessons is not None else lessons():
        for msg, cid, line in prose_messages(lesson):
            cat.add(msg, locations=[(lesson.rel, line)], auto_comments=[f"cell: {cid}"])
    return cat


def library_files():
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def lesson_code_messages(all_lessons=None):
    """The `_("...")` calls in the lessons' code cells: [(message, lesson path, line)].

    Code is the same in every language, so words a code cell prints or puts into a figure
    come from the library's catalog at run time (`from autograd_bn.i18n import _`); they are
    extracted into the library's template with the lesson as their location.
    """
    import io

    from babel.messages.extract import extract
    found = []
    for lesson in all_lessons if all_lessons is not None else lessons():
        for cell in lesson.cells:
            if cell.kind != "code" or "_(" not in cell.source:
                continue
            for lineno, msg, _comments, _ctx in extract(
                    "python", io.BytesIO(cell.source.encode("utf-8")),
                    keywords={"_": None}):
                if msg:
                    found.append((msg, lesson.rel, cell.line + lineno - 1))
    return found


def library_template(all_lessons=None):
    """Every message of the package: what Babel's Python extractor finds in `_("...")` and
    `N_("...")` calls, plus the module-level string constants passed to `_()` by name
    (`_(NOT_SCALAR)`), which Babel cannot see, and the `_("...")` of the lessons' code cells.
    """
    from babel.messages.extract import extract_from_file
    cat = _new_catalog("Messages of the autograd_bn library (translations template)")
    for path in library_files():
        rel = path.relative_to(ROOT).as_posix()
        for lineno, msg, comments, _ctx in extract_from_file(
                "python", str(path), keywords={"_": None, "N_": None},
                comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
            if isinstance(msg, tuple):  # plural forms are not used by the library
                msg = msg[0]
            if msg:
                cat.add(msg, locations=[(rel, lineno)], auto_comments=list(comments))
    found, _problems = constant_messages()
    for msg, rel, lineno in found + lesson_code_messages(all_lessons):
        cat.add(msg, locations=[(rel, lineno)])
    return cat


def _module_tables():
    """{path: (tree, {name: str constant}, {name: (module path, name)})} of the package."""
    modules = {}
    for path in library_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        consts, imports = {}, {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name):
                v = node.value
                if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and \
                        v.func.id == "N_" and v.args:
                    v = v.args[0]
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    consts[node.targets[0].id] = v.value
            elif isinstance(node, ast.ImportFrom) and node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                target = base.joinpath(*node.module.split(".")) if node.module else base
                for alias in node.names:
                    imports[alias.asname or alias.name] = (target, alias.name)
        modules[path] = (tree, consts, imports)
    return modules


def constant_messages():
    """Messages passed to `_()` through a name, and the `_()` calls nobody can extract.

    `_(NAME)` resolves NAME to a module-level string constant of its module, following
    `from .x import NAME`; otherwise to what the module assigns to NAME (`message = A if c else
    B`), a parameter's default value or what the module's calls pass for it; `_(a if c else b)` is resolved branch by branch, and
    a dict lookup `{k: A, ...}[key]` / `.get(key, B)` value by value.  Returns ([(message, path, line)], ["path:line: reason"]).
    """
    modules = _module_tables()

    def resolve(path, name, depth=0):
        if path not in modules or depth > 5:
            return None
        _tree, consts, imports = modules[path]
        if name in consts:
            return consts[name]
        if name in imports:
            target, orig = imports[name]
            for cand in (target.with_suffix(".py"), target / "__init__.py"):
                if cand in modules:
                    return resolve(cand, orig, depth + 1)
        return None

    found, problems = [], []
    for path, (tree, _consts, _imports) in modules.items():
        rel = path.relative_to(ROOT).as_posix()
        defaults = {}  # name -> expressions it may hold: parameter defaults, local assignments
        for f in ast.walk(tree):
            if isinstance(f, ast.Assign):
                for t in f.targets:
                    if isinstance(t, ast.Name):
                        defaults.setdefault(t.id, []).append(f.value)
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                pos = f.args.posonlyargs + f.args.args
                for a, d in zip(pos[len(pos) - len(f.args.defaults):], f.args.defaults):
                    defaults.setdefault(a.arg, []).append(d)
                for a, d in zip(f.args.kwonlyargs, f.args.kw_defaults):
                    defaults.setdefault(a.arg, []).append(d)
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # what the module's own calls pass: _warn_once(SOME_MESSAGE)
                pos = [a.arg for a in f.args.posonlyargs + f.args.args]
                for call in ast.walk(tree):
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and \
                            call.func.id == f.name:
                        for a, v in zip(pos, call.args):
                            defaults.setdefault(a, []).append(v)
                        for kw in call.keywords:
                            if kw.arg:
                                defaults.setdefault(kw.arg, []).append(kw.value)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "_" and node.args):
                continue
            todo, seen = [node.args[0]], set()
            while todo:
                arg = todo.pop()
                if id(arg) in seen:
                    continue
                seen.add(id(arg))
                if isinstance(arg, ast.IfExp):
                    todo += [arg.body, arg.orelse]
                elif isinstance(arg, ast.Dict):
                    todo += [v for v in arg.values if v is not None]
                elif isinstance(arg, ast.Subscript):
                    todo.append(arg.value)                        # TABLE[key], {...}[key]
                elif isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and \
                        arg.func.attr == "get":
                    todo += [arg.func.value] + arg.args[1:]       # TABLE.get(key, default)
                elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    pass  # Babel's extractor has it
                elif isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and \
                        arg.func.id == "N_":
                    pass  # _(N_("...")): Babel's extractor has it
                elif isinstance(arg, ast.Name) and resolve(path, arg.id) is not None:
                    found.append((resolve(path, arg.id), rel, node.lineno))
                elif isinstance(arg, ast.Name) and arg.id in defaults:
                    todo += [d for d in defaults[arg.id] if d is not None]
                else:
                    problems.append(f"{rel}:{node.lineno}: _() of a computed string cannot be "
                                    "extracted; pass a literal or a module-level constant")
    return found, problems
