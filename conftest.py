"""Repository-wide pytest set-up (loaded for tests/ and for the notebooks run by nbval).

nbval starts each notebook's kernel in the notebook's folder, so the kernel finds autograd_bn
only if the package is installed (`make install` does it) or on PYTHONPATH: put the checkout
first on the kernels' PYTHONPATH, and give them a fresh matplotlib config directory and no
inherited AUTOGRAD_BN_LANG (each notebook chooses its language in its first cell).
"""
import os
import tempfile

_ROOT = os.path.dirname(os.path.abspath(__file__))
_paths = [_ROOT] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(_paths))
os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="mplconfig-"))
os.environ.pop("AUTOGRAD_BN_LANG", None)
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
