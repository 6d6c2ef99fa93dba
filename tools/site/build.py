"""Build the static JupyterLite site of the lessons: ``make site`` (or, in the site's
environment, ``python -m tools.site.build``).  Output: build/site/, served by any static file
server (``python -m http.server -d build/site``).

What it does:

1. takes Pyodide 0.27.7 from the pinned PyPI wheel (pyodide_dist.py), without the packages the
   lessons never load;
2. adds to its lock file the autograd_bn wheel built from this checkout, ipywidgets and comm
   (PyPI wheels, pinned in SITE_WHEELS) and agbn_site (the kernel's start-up settings, with the
   Noto Sans Bengali font: kernel_wheel.py), so that the lessons' imports load offline;
3. copies the notebooks (contents.py) and runs ``jupyter lite build`` with the local Pyodide,
   the kernel told to preload those packages and never to fall back to PyPI;
4. writes the landing page and the licence notes.

The front-end extension of the widgets is jupyterlab_widgets 3.0.15, the newest whose build
asks for the JupyterLab that JupyterLite 0.6 bundles (4.4); ipywidgets 8.1.7 is its Python side.
"""
import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import contents, kernel_wheel, pyodide_dist, stamp

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
SITE_WHEELS = ("ipywidgets==8.1.7", "comm==0.2.2")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
PRELOAD = ["numpy", "matplotlib", "ipywidgets", "autograd-bn", "agbn-site"]


def run(cmd, **kw):
    print("    $", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def configure(path, kernel_settings):
    """The kernel's settings and the site's name, merged into the built jupyter-lite.json."""
    config = json.loads(path.read_text())
    data = config["jupyter-config-data"]
    data["appName"] = "autograd_bn"
    plugin = data.setdefault("litePluginSettings", {}).setdefault(KERNEL_PLUGIN, {})
    plugin.update(kernel_settings)
    path.write_text(json.dumps(config, indent=2) + "\n")


def build(out, work):
    t0 = time.monotonic()
    if work.exists():
        shutil.rmtree(work)
    lite = work / "lite"
    dist = lite / "static" / "pyodide"
    wheels = work / "wheels"
    wheels.mkdir(parents=True)

    print("==> Pyodide from the pinned wheel", flush=True)
    wheel = pyodide_dist.download_wheel(BUILD / "cache")
    lock = pyodide_dist.extract(wheel, dist)

    print("==> Wheels of autograd_bn (this checkout), ipywidgets, comm and agbn_site", flush=True)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheels,
         ROOT])
    run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d",
         wheels, *SITE_WHEELS])
    found = {p.name.split("-")[0].lower(): p for p in wheels.glob("*.whl")}
    pyodide_dist.add_wheel(lock, dist, found["comm"], "comm", ["comm"], ["traitlets"])
    pyodide_dist.add_wheel(lock, dist, found["ipywidgets"], "ipywidgets", ["ipywidgets"],
                           ["comm", "ipython", "traitlets"])
    pyodide_dist.add_wheel(lock, dist, found["autograd_bn"], "autograd-bn", ["autograd_bn"],
                           ["numpy"])
    pyodide_dist.add_wheel(lock, dist, kernel_wheel.build(wheels), "agbn-site", ["agbn_site"],
                           ["matplotlib", "ipython"])
    pyodide_dist.write_lock(lock, dist)
    pyodide_dist.readme_licence(dist)

    print("==> Notebooks", flush=True)
    files = work / "contents"
    lessons = contents.write_contents(ROOT / "notebooks", files)
    settings = {
        "disablePyPIFallback": True,
        "loadPyodideOptions": {"packages": PRELOAD,
                               "env": {"PYTHONSTARTUP": kernel_wheel.STARTUP}},
    }
    (lite / "overrides.json").write_text(json.dumps({
        # no news pop-up and no update check: the site makes no request elsewhere
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                        "checkForUpdates": False},
        # the chain-rule pages the lessons link to (docs/explorer, contents.py) are the
        # site's own: their script runs when a link opens them in the HTML viewer
        "@jupyterlab/htmlviewer-extension:plugin": {"trustByDefault": True},
    }, indent=1))

    print("==> jupyter lite build", flush=True)
    if out.exists():
        shutil.rmtree(out)
    run([sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", lite,
         "--contents", files, "--output-dir", out, "--no-sourcemaps"], cwd=lite)

    configure(out / "jupyter-lite.json", settings)
    (out / "index.html").write_text(contents.landing_page(lessons), encoding="utf-8")
    shutil.copy2(ROOT / "tools" / "site" / "NOTICE.md", out / "NOTICE.md")
    (out / "agbn-site.json").write_text(json.dumps({
        "sources": stamp.source_digest(ROOT),
        "pyodide": pyodide_dist.PYODIDE_VERSION,
        "packages": pyodide_dist.packages_of(lock)}, indent=1, sort_keys=True) + "\n")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"==> Site in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: "
          f"{size / 1e6:.0f} MB, built in {time.monotonic() - t0:.0f} s.  Serve it with: "
          f"python -m http.server -b 127.0.0.1 -d {out}", flush=True)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=BUILD / "site")
    parser.add_argument("--work", type=Path, default=BUILD / "site-work")
    args = parser.parse_args(argv)
    build(args.out.resolve(), args.work.resolve())


if __name__ == "__main__":
    main()
