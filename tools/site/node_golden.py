"""The engine's golden test suite inside Pyodide, run by Node.js: no browser, no site server.

    python -m tools.site.node_golden [--pyodide DIR] [pytest arguments ...]

The same test files as tests/browser/test_site_golden.py (read from it), run by pytest in
Pyodide 0.27.7 (wasm32, numpy 2.0.2) against this checkout's ``autograd_bn`` source tree, in
about a minute instead of a site build and a browser session: the quick loop for work on the
numbers Pyodide prints.  Needs ``node`` and the Pyodide distribution that ``make site`` unpacks
(build/site/static/pyodide by default).  pytest and its two dependencies are pure-Python wheels,
fetched with pip (or taken from pip's cache) at the versions of the running interpreter.
Extra arguments go to pytest, e.g. ``-k printed`` or ``-x``; the exit status is pytest's.
"""
import argparse
import ast
import importlib.metadata
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "build" / "site" / "static" / "pyodide"
RUNNER_WHEELS = ("pytest", "pluggy", "iniconfig")
PACKAGES = ["numpy", "micropip", "pygments", "packaging"]   # pytest imports pygments

# The checkout is mounted at /agbn, the wheels at /wheels; prints pytest's exit status.
_PYTHON = """
import os, sys, micropip
await micropip.install(["emfs:/wheels/" + w for w in sorted(os.listdir("/wheels"))
                        if w.endswith(".whl")], deps=False)
import pytest
sys.path.insert(0, "/agbn")
os.chdir("/tmp")
import numpy, autograd_bn
print("PYODIDE", sys.platform, "numpy", numpy.__version__, autograd_bn.__file__, flush=True)
EXIT = int(pytest.main(json.loads(ARGS)))
"""

_NODE = """
const { loadPyodide } = require(process.argv[2] + '/pyodide.js');
const fs = require('fs');
(async () => {
  const py = await loadPyodide({ indexURL: process.argv[2] + '/' });
  await py.loadPackage(JSON.parse(process.argv[5]), { messageCallback: () => {} });
  for (const [at, dir] of [['/agbn', process.argv[3]], ['/wheels', process.argv[4]]]) {
    py.FS.mkdirTree(at);
    py.FS.mount(py.FS.filesystems.NODEFS, { root: dir }, at);
  }
  py.globals.set('ARGS', process.argv[6]);
  await py.runPythonAsync('import json\\n' + fs.readFileSync(process.argv[7], 'utf8'));
  process.exit(py.globals.get('EXIT'));
})().catch(e => { console.error(String(e)); process.exit(3); });
"""


def golden_files():
    """GOLDEN_FILES of tests/browser/test_site_golden.py (one list for both runners)."""
    tree = ast.parse((ROOT / "tests" / "browser" / "test_site_golden.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "GOLDEN_FILES"
                                                for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise RuntimeError("GOLDEN_FILES not found in tests/browser/test_site_golden.py")


def _wheels(into):
    pins = [f"{name}=={importlib.metadata.version(name)}" for name in RUNNER_WHEELS]
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    "-q", "-d", str(into), *pins], check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyodide", type=Path, default=DIST,
                        help="the Pyodide distribution (default: build/site/static/pyodide)")
    opts, extra = parser.parse_known_args(argv)
    dist = opts.pyodide.resolve()
    if not (dist / "pyodide.js").is_file():
        sys.exit(f"no Pyodide distribution in {dist}: run `make site` or give --pyodide DIR")
    node = shutil.which("node")
    if node is None:
        sys.exit("node (Node.js) is not installed")
    args = ["-q", "-p", "no:cacheprovider", "-p", "no:faulthandler", "--capture=sys",
            "-o", "addopts=", "--rootdir", "/agbn/tests", "-c", "/wheels/pytest.ini",
            *[f"/agbn/tests/{name}" for name in golden_files()], *extra]
    with tempfile.TemporaryDirectory(prefix="agbn-node-golden-") as tmp:
        tmp = Path(tmp)
        wheels = tmp / "wheels"
        wheels.mkdir()
        _wheels(wheels)
        (wheels / "pytest.ini").write_text("[pytest]\n")
        (tmp / "run.js").write_text(_NODE)
        (tmp / "run.py").write_text(_PYTHON)
        done = subprocess.run([node, str(tmp / "run.js"), str(dist), str(ROOT), str(wheels),
                               json.dumps(PACKAGES), json.dumps(args), str(tmp / "run.py")])
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
