"""The engine's golden test suite (the tests/ files that replay recorded torch 2.13 results; no
torch needed) run by pytest inside the site's Pyodide kernel (wasm32, numpy 2.0): the numbers
printed in the browser are those printed on CPython.

Pyodide's distribution has no pytest, so the test hands the kernel pure-Python wheels of pytest
and its two dependencies (pip download from the package index, or pip's cache), together with
the test files, and runs ``pytest.main`` there.  The kernel is the one a learner gets: a
fresh page of lesson 1 (not run), opened offline like the lessons (site_page.py).  The count of passed
tests goes to tests/browser/artifacts/site-golden.txt.
"""
import base64
import importlib.metadata
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

import labdriver
from site_page import LiteSession

pytestmark = [pytest.mark.browser, pytest.mark.site]

REASON = labdriver.missing_reason()
if REASON and not os.environ.get("CI"):
    pytest.skip(f"site tests skipped: {REASON}", allow_module_level=True)

TESTS = labdriver.ROOT / "tests"
GOLDEN_FILES = ("test_engine_golden.py", "test_functional.py", "test_gradcheck_ops.py",
                "test_higher_order.py", "test_nn.py", "test_optim.py", "test_printing.py",
                "test_random.py")
RUNNER_WHEELS = ("pytest", "pluggy", "iniconfig")
WORK = "/tmp/agbn-golden"

_EXECUTE_JS = r"""
async (code) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  let out = '';
  const future = kernel.requestExecute({code, store_history: false});
  future.onIOPub = msg => {
    const t = msg.header.msg_type;
    if (t === 'stream') out += msg.content.text;
    if (t === 'error') out += msg.content.ename + ': ' + msg.content.evalue + '\n';
  };
  const reply = await future.done;
  return {status: reply.content.status, out};
}
"""


def _bundle():
    """The test files, the golden data and the runner's wheels in one zip (base64)."""
    wheels = Path(tempfile.mkdtemp(prefix="agbn-runner-"))
    pins = [f"{name}=={importlib.metadata.version(name)}" for name in RUNNER_WHEELS]
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    "-q", "-d", str(wheels), *pins], check=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("conftest.py",) + GOLDEN_FILES:
            z.write(TESTS / name, f"tests/{name}")
        for path in sorted((TESTS / "golden").iterdir()):
            if path.is_file() and path.suffix in (".py", ".json"):
                z.write(path, f"tests/golden/{path.name}")
        for path in sorted(wheels.glob("*.whl")):
            z.write(path, f"wheels/{path.name}")
        z.writestr("pytest.ini", "[pytest]\n")
    return base64.b64encode(buf.getvalue()).decode()


def _code(bundle):
    args = ["-q", "-p", "no:cacheprovider", "-p", "no:faulthandler", "--capture=sys",
            "-o", "addopts=", "--rootdir", WORK, "-c", f"{WORK}/pytest.ini",
            *[f"{WORK}/tests/{name}" for name in GOLDEN_FILES]]
    return f"""
import base64, io, os, sys, zipfile
import micropip
zipfile.ZipFile(io.BytesIO(base64.b64decode({bundle!r}))).extractall({WORK!r})
await micropip.install(["emfs:" + os.path.join({WORK!r}, "wheels", w)
                        for w in sorted(os.listdir(os.path.join({WORK!r}, "wheels")))], deps=False)
import pytest
print("RUNNER", sys.platform, pytest.__version__)
import numpy, autograd_bn
print("VERSIONS", numpy.__version__, autograd_bn.__file__)
print("EXIT", int(pytest.main({args!r})))
"""


def test_golden_suite_in_pyodide(site_lab):
    # a fresh page of lesson 1, not run (the start page has no code cell, hence no kernel)
    info = labdriver.find_notebooks()[0]
    s = LiteSession(site_lab.browser, site_lab.server, info)
    try:
        s.begin()
        deadline = time.monotonic() + s.OPEN_TIMEOUT
        while True:
            st = s.state()
            if st and st["status"] == "idle" and st["kernel"] not in ("", "No Kernel", "Kernel"):
                break
            assert time.monotonic() < deadline, f"no kernel: {st}"
            time.sleep(0.5)
        t0 = time.monotonic()
        result = s.page.evaluate(_EXECUTE_JS, _code(_bundle()))
        seconds = time.monotonic() - t0
        out = result["out"]
        labdriver.ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (labdriver.ARTIFACTS / "site-golden.txt").write_text(
            f"{seconds:.0f} s\n{out[-20000:]}")
        assert not s.outside, f"requests not to 127.0.0.1: {s.outside[:5]}"
        assert result["status"] == "ok", out[-3000:]
        assert "RUNNER emscripten" in out, out[-3000:]
        summary = [line for line in out.splitlines() if re.search(r"\d+ (passed|failed)", line)]
        assert summary, out[-3000:]
        site_lab.announce(f"site: golden suite in Pyodide: {summary[-1].strip()} "
                          f"({seconds:.0f} s)")
        assert "EXIT 0" in out, out[-6000:]
        assert not re.search(r"\d+ (failed|error)", summary[-1]), out[-6000:]
    finally:
        s.close()
