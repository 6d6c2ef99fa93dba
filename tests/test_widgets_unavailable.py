"""`import autograd_bn.widgets` without the notebook extra (ipywidgets, matplotlib) says what to
install, in the reader's language, instead of a bare "No module named 'ipywidgets'".

The missing package is simulated in a fresh interpreter by a meta-path finder that refuses it,
so the test runs whether or not the extra is installed here.
"""
import ast
import json
import os
import subprocess
import sys
import textwrap

import pytest

from autograd_bn import i18n

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTALL = 'pip install "autograd_bn[notebooks]"'

PROGRAM = textwrap.dedent('''
    import importlib.abc, json, sys

    BLOCKED = sys.argv[1]
    LANG = sys.argv[2]

    class Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] == BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    sys.meta_path.insert(0, Refuse())
    import autograd_bn                      # the library itself needs neither package
    if LANG != "env":
        autograd_bn.set_language(LANG)
    try:
        import autograd_bn.widgets
    except ImportError as exc:
        print(json.dumps({"type": type(exc).__name__,
                          "module_not_found": isinstance(exc, ModuleNotFoundError),
                          "name": exc.name, "message": str(exc),
                          "language": autograd_bn.get_language()}))
    else:
        print(json.dumps(None))
''')


def _import_without(package, lang, env_lang=None):
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRAD_BN_LANG"}
    env["PYTHONPATH"] = os.pathsep.join([ROOT] + [p for p in env.get("PYTHONPATH", "").split(
        os.pathsep) if p])
    if env_lang:
        env["AUTOGRAD_BN_LANG"] = env_lang
    proc = subprocess.run([sys.executable, "-c", PROGRAM, package, lang], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _template():
    """The English message as the catalog knows it (the msgid of its `_()` call)."""
    path = os.path.join(ROOT, "autograd_bn", "widgets", "__init__.py")
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    found = [node.args[0].value for node in ast.walk(tree)
             if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
             and node.args and isinstance(node.args[0], ast.Constant)
             and "autograd_bn.widgets needs" in node.args[0].value]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("package", ["ipywidgets", "matplotlib"])
def test_english_message_says_what_to_install(package):
    err = _import_without(package, "en")
    assert err is not None, f"autograd_bn.widgets imported without {package}"
    assert err["module_not_found"], err          # still an ImportError/ModuleNotFoundError
    assert err["name"] == package
    assert INSTALL in err["message"] and package in err["message"], err["message"]
    assert err["message"] == _template().format(package=package)


@pytest.mark.parametrize("how", ["set_language", "AUTOGRAD_BN_LANG"])
def test_bengali_message_from_the_catalog(how):
    if how == "set_language":
        err = _import_without("ipywidgets", "bn")
    else:
        err = _import_without("ipywidgets", "env", env_lang="bn")
    assert err is not None and err["language"] == "bn"
    msg = err["message"]
    assert any("\u0980" <= ch <= "\u09FF" for ch in msg), msg
    assert INSTALL in msg and "ipywidgets" in msg, msg
    i18n.set_language("bn")
    try:
        expected = i18n._(_template()).format(package="ipywidgets")
    finally:
        i18n.set_language("en")
    assert msg == expected
