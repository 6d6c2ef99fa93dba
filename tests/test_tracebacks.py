"""Errors in IPython and Jupyter show the learner's line, not autograd_bn's frames, as torch's
errors do (autograd_bn/_tracebacks.py); `%xmode --show` or AUTOGRAD_BN_FULL_TRACEBACK=1 brings
the full traceback back, and %debug always has it.

Each case runs a fresh IPython shell in a subprocess (the handler belongs to the shell), and one
case runs a real Jupyter kernel, as the notebooks do.
"""
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANSI = re.compile(r"\x1b\[[0-9;]*m")
LIBRARY_FILE = re.compile(r"autograd_bn[/\\][\w/\\]*\.py")

SHELL = r"""
import sys
from IPython.testing.globalipapp import start_ipython
ip = start_ipython()
{before}
for cell in {cells!r}:
    print("=== " + cell.splitlines()[0], flush=True)
    ip.run_cell(cell)
    sys.stdout.flush()
"""


def run_shell(cells, before="", full=False):
    """{first line of the cell: what the shell printed for it} for cells run in order."""
    env = dict(os.environ)
    env.pop("AUTOGRAD_BN_FULL_TRACEBACK", None)
    if full:
        env["AUTOGRAD_BN_FULL_TRACEBACK"] = "1"
    env["PYTHONPATH"] = os.pathsep.join([ROOT] + [p for p in env.get("PYTHONPATH", "").split(
        os.pathsep) if p])
    code = SHELL.format(before=before, cells=cells)
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    out = {}
    for block in ANSI.sub("", r.stdout + r.stderr).split("=== ")[1:]:
        head, _, body = block.partition("\n")
        out[head] = body
    return out


SETUP = "import autograd_bn as torch\nx = torch.ones(3, requires_grad=True)\ny = x * 2"
NOT_SCALAR = "y.backward()"
MISMATCH = "torch.ones(2, 3) + torch.ones(2, 2)"
HOOK = ("def hook(g):\n    raise ValueError('from my hook')\n"
        "h = x.exp()\nh.register_hook(hook)\nh.sum().backward()")
INPLACE = "e = x.exp()\ne.add_(1)\ne.sum().backward()"
PLAIN = "1 / 0"
SYNTAX = "x = ("


@pytest.fixture(scope="module")
def hidden():
    return run_shell([SETUP, NOT_SCALAR, MISMATCH, HOOK, INPLACE, PLAIN, SYNTAX,
                      NOT_SCALAR,
                      "import sys, traceback\nprint('LAST', [f.f_globals.get('__name__') for "
                      "f, _n in traceback.walk_tb(sys.last_traceback)][-1])",
                      "%xmode --show", "z = y.sum(); z.backward(); z.backward()",
                      "%xmode --hide", "z2 = y.sum(); z2.backward(); z2.backward()"])


def test_library_frames_are_hidden(hidden):
    for cell, message in ((NOT_SCALAR, "grad can be implicitly created only for scalar"),
                          (MISMATCH, "must match the size of tensor b (2)"),
                          (INPLACE, "modified by an inplace operation")):
        text = hidden[cell.splitlines()[0]]
        assert message in text, text
        assert not LIBRARY_FILE.search(text) and "File " not in text, text
        assert "Cell In[" in text and "----> " in text, text      # the learner's line stays


def test_the_learners_own_function_called_by_the_library_stays(hidden):
    text = hidden[HOOK.splitlines()[0]]
    assert "raise ValueError('from my hook')" in text and "in hook(g)" in text, text
    assert "h.sum().backward()" in text and not LIBRARY_FILE.search(text), text


def test_other_errors_look_as_ipython_shows_them(hidden):
    plain = run_shell([PLAIN, SYNTAX])                      # no autograd_bn imported at all
    strip = re.compile(r"In\[\d+\]")
    for cell in (PLAIN, SYNTAX):
        assert strip.sub("", hidden[cell]) == strip.sub("", plain[cell]), (hidden[cell],
                                                                            plain[cell])
    assert "ZeroDivisionError" in hidden[PLAIN] and "SyntaxError" in hidden[SYNTAX]


def test_debugging_keeps_the_whole_traceback(hidden):
    # %debug and %tb read sys.last_traceback: it still reaches the frame that raised
    lines = [ln for text in hidden.values() for ln in text.splitlines() if ln.startswith("LAST")]
    assert lines[-1].startswith("LAST autograd_bn."), lines


def test_xmode_show_brings_the_library_frames_back(hidden):
    shown = hidden["z = y.sum(); z.backward(); z.backward()"]
    again = hidden["z2 = y.sum(); z2.backward(); z2.backward()"]
    assert "Trying to backward through the graph a second time" in shown
    assert LIBRARY_FILE.search(shown) and "engine.py" in shown, shown
    assert not LIBRARY_FILE.search(again), again                  # %xmode --hide


def test_environment_variable_keeps_full_tracebacks():
    out = run_shell([SETUP, NOT_SCALAR], full=True)
    assert LIBRARY_FILE.search(out[NOT_SCALAR]) and "engine.py" in out[NOT_SCALAR]


def test_an_existing_custom_handler_is_left_alone():
    before = ("ip.set_custom_exc((ZeroDivisionError,), "
              "lambda self, et, ev, tb, tb_offset=None: print('MINE'))")
    out = run_shell([SETUP, PLAIN, NOT_SCALAR], before=before)
    assert "MINE" in out[PLAIN]
    assert "engine.py" in out[NOT_SCALAR]                     # not installed: IPython as usual


def test_in_a_jupyter_kernel():
    """What a notebook shows: the error output of a real ipykernel."""
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    from tools.build_notebooks import execute
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP),
                nbformat.v4.new_code_cell(NOT_SCALAR, metadata={"tags": ["raises-exception"]})]
    execute(nb, ROOT)
    err = nb.cells[1].outputs[0]
    assert err["output_type"] == "error" and err["ename"] == "RuntimeError"
    text = ANSI.sub("", "\n".join(err["traceback"]))
    assert "y.backward()" in text and not LIBRARY_FILE.search(text), text
