"""A Binder build, simulated as far as this machine allows.

repo2docker reads only binder/: it installs apt.txt with apt, runs
``pip install -r binder/requirements.txt`` from the repository root in an environment with the
Python of runtime.txt, then runs postBuild.  This test does the same from binder/ alone, in a
fresh virtual environment and a copy of the checkout (git's tracked and untracked, not ignored
files), with no PYTHONPATH, so the notebooks import the *installed* package: then it runs
postBuild and executes the lessons with a kernel of that environment.

What only this test proves is about the *environment*: the pins install together, postBuild
works, the package installed from the checkout carries its message catalog, the kernel of that
environment runs the lessons and draws their figures with a Bengali font.  That the lessons run
and print what they should is nbval's job (it executes every notebook of both languages) and
JupyterLab's (tests/browser); and the code cells are the same in every language
(tests/test_notebooks_sync.py).  So the lessons run here once each, in their translated
(Bengali) version, which also exercises the catalog; the English copies would repeat the same
code in the same environment.

It cannot use Docker or Ubuntu's packages: apt.txt is only checked against this machine's
Debian packages.  pip needs PyPI (its cache is reused: a second run takes about a minute).  The
build prints a line per step (pip install, postBuild, each notebook) as it goes.
"""
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
SOURCE_LANG = "en"          # the notebooks' language of writing; the others are translations

pytestmark = pytest.mark.slow


def _python_for(runtime):
    """An interpreter of the version runtime.txt asks for, or None."""
    m = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert m, f"binder/runtime.txt should read python-X.Y, not {runtime!r}"
    want = (int(m.group(1)), int(m.group(2)))
    if sys.version_info[:2] == want:
        return sys.executable
    return shutil.which(f"python{want[0]}.{want[1]}")


def _checkout_files():
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: cannot tell which files a clone would hold")
    return [p for p in out.decode().split("\0") if p and (ROOT / p).is_file()]


def _run(cmd, on_stderr=None, timeout=None, **kw):
    """subprocess.run with captured output; on_stderr sees each stderr line as it comes (in
    this thread: it may print)."""
    if on_stderr is None:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    else:
        lines = queue.Queue()
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              **kw) as p:
            out, err = [], []

            def pump(stream, keep, tell):
                for line in stream:
                    keep.append(line)
                    if tell:
                        lines.put(line)
            readers = [threading.Thread(target=pump, args=(p.stdout, out, False), daemon=True),
                       threading.Thread(target=pump, args=(p.stderr, err, True), daemon=True)]
            for r in readers:
                r.start()
            deadline = time.monotonic() + (timeout or float("inf"))
            while p.poll() is None or not lines.empty():
                try:
                    on_stderr(lines.get(timeout=0.2))
                except queue.Empty:
                    pass
                if time.monotonic() > deadline:
                    p.kill()
                    raise subprocess.TimeoutExpired(cmd, timeout)
            for r in readers:
                r.join()
            while not lines.empty():
                on_stderr(lines.get())
        proc = subprocess.CompletedProcess(cmd, p.returncode, "".join(out), "".join(err))
    if proc.returncode:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    return proc


def _progress(announce, line, repo):
    """The EXECUTE script's `DONE path seconds` lines, as progress on the terminal."""
    if line.startswith("DONE "):
        _done, path, seconds = line.split()
        announce(f"binder: {Path(path).relative_to(repo)} ran in {float(seconds):.0f} s")


EXECUTE = textwrap.dedent('''
    import json, sys, time
    import nbformat
    from nbclient import NotebookClient

    report = {}
    for path in sys.argv[1:]:
        nb = nbformat.read(path, as_version=4)
        # which autograd_bn did the kernel import?  (the last cell says)
        nb.cells.append(nbformat.v4.new_code_cell(
            "import autograd_bn as _m\\nprint('AUTOGRAD_BN_FILE ' + _m.__file__)"))
        t0 = time.monotonic()
        # a cell tagged raises-exception may fail; any other error fails the notebook
        NotebookClient(nb, kernel_name="python3", timeout=600,
                       resources={"metadata": {"path": path.rsplit("/", 1)[0]}}).execute()
        outputs = []
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                text = out.get("text", "") or "\\n".join(out.get("traceback", []))
                text += out.get("data", {}).get("text/plain", "")
                outputs.append({"type": out["output_type"], "text": text,
                                "png": "image/png" in out.get("data", {})})
        report[path] = {"seconds": round(time.monotonic() - t0, 1), "outputs": outputs}
        print("DONE", path, report[path]["seconds"], file=sys.stderr, flush=True)
    print(json.dumps(report))
''')


def test_binder_files():
    for name in ("requirements.txt", "runtime.txt", "apt.txt", "postBuild"):
        assert (BINDER / name).is_file(), f"binder/{name} is missing"
    reqs = [l.strip() for l in (BINDER / "requirements.txt").read_text().splitlines()
            if l.strip() and not l.startswith("#")]
    assert reqs[-1] in (".", "-e ."), "binder/requirements.txt must install the package (`.`)"
    loose = [r for r in reqs[:-1] if "==" not in r]
    assert not loose, f"unpinned requirements: {loose}"
    pins = dict(r.split("==", 1) for r in reqs[:-1])
    for name in ("numpy", "ipywidgets", "matplotlib", "jupyterlab", "ipykernel"):
        assert name in pins, f"{name} is not pinned in binder/requirements.txt"
    assert tuple(int(p) for p in pins["matplotlib"].split(".")[:2]) >= (3, 11)
    post = (BINDER / "postBuild").read_text()
    assert "set -e" in post and os.access(BINDER / "postBuild", os.X_OK)
    assert "fonts-noto-core" in (BINDER / "apt.txt").read_text().split()


def test_readme_binder_links_point_at_notebooks():
    """The README's Binder badges open `urlpath=lab/tree/PATH`: PATH must be a notebook here
    (Binder serves the repository root)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = re.findall(r"mybinder\.org/v2/gh/[^)\s]*?[?&]urlpath=lab/tree/([^)&\s]+)", readme)
    assert paths, "no Binder badge with urlpath=lab/tree/... in README.md"
    missing = [p for p in paths if not (ROOT / p).is_file()]
    assert not missing, f"README.md's Binder links open files that do not exist: {missing}"


def test_binder_build_runs_the_lessons(tmp_path, announce):
    runtime = (BINDER / "runtime.txt").read_text().strip()
    python = _python_for(runtime)
    if python is None:
        pytest.skip(f"no interpreter for {runtime} on this machine")

    # apt.txt: on Binder these come from Ubuntu; here, check Debian has them installed.
    if shutil.which("dpkg"):
        apt = (BINDER / "apt.txt").read_text().split()
        missing = [p for p in apt if subprocess.run(["dpkg", "-s", p], capture_output=True)
                   .returncode]
        assert not missing, (f"apt.txt packages not installed here: {missing} "
                             "(apt-get install -y --no-install-recommends " + " ".join(missing) + ")")

    repo = tmp_path / "repo"
    for rel in _checkout_files():
        dest = repo / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest)
    shutil.rmtree(repo / "tests", ignore_errors=True)       # Binder needs none of it

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "JUPYTER", "IPYTHON", "VIRTUAL_ENV", "MPL",
                                "AUTOGRAD_BN"))}
    home = tmp_path / "home"
    home.mkdir()
    venv = tmp_path / "venv"
    env.update(HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_CACHE_DIR=os.environ.get("PIP_CACHE_DIR",
                                            str(Path.home() / ".cache" / "pip")),
               JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               IPYTHONDIR=str(home / ".ipython"), MPLCONFIGDIR=str(home / ".config/matplotlib"),
               PATH=str(venv / "bin") + os.pathsep + os.environ.get("PATH", ""),
               PYDEVD_DISABLE_FILE_VALIDATION="1")

    t0 = time.monotonic()
    announce("binder: new venv, pip install -r binder/requirements.txt (pinned; ~100 packages)")
    _run([python, "-m", "venv", str(venv)], env=env)
    vpy = str(venv / "bin" / "python")
    # --no-compile: no .pyc for the ~100 packages up front (about 10 s of CPU); the few modules
    # the kernel imports are compiled as they are imported, as usual
    _run([vpy, "-m", "pip", "install", "--quiet", "--no-compile", "-r", "binder/requirements.txt"],
         cwd=repo, env=env, timeout=900)
    announce(f"binder: installed in {time.monotonic() - t0:.0f} s; running postBuild")
    _run(["bash", "binder/postBuild"], cwd=repo, env=env, timeout=300)

    notebooks = sorted(str(p) for p in repo.glob("notebooks/*/[0-9]*.ipynb")
                       if p.parent.name != SOURCE_LANG)
    assert notebooks, "no translated notebooks to run"
    announce(f"binder: executing {len(notebooks)} notebooks in that environment")
    # run from outside the checkout: only the installed package can be imported
    proc = _run([vpy, "-c", EXECUTE, *notebooks], cwd=tmp_path, env=env, timeout=900,
                on_stderr=lambda line: _progress(announce, line, repo))
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    announce(f"binder: done in {time.monotonic() - t0:.0f} s")

    for path, result in report.items():
        texts = [o["text"] for o in result["outputs"]]
        # (the kernel may send one printed line in several stream messages: join them first)
        where = re.findall(r"AUTOGRAD_BN_FILE (\S+)", "".join(texts))
        assert where and where[0].startswith(str(venv)), (
            f"{path}: the kernel imported autograd_bn from {where}, not from the environment")
        glyphs = [t for t in texts if re.search(r"Glyph \d+ .*missing from font", t)]
        assert not glyphs, f"{path}: figure text without a font: {glyphs[:2]}"
        if "/bn/" in path:
            errors = [o["text"] for o in result["outputs"] if o["type"] == "error"]
            # the library's messages come from the .mo file shipped in the package
            assert all(re.search("[\u0980-\u09FF]", t) for t in errors), (
                f"{path}: an error message is not in Bengali (is the catalog in the wheel?)")
