"""``LabServer``: the JupyterLab that the browser suite talks to, from start to stop (see
labdriver.py).
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from lab_notebooks import ROOT, stripped_copy

# JupyterLab user settings for the test server.
USER_SETTINGS = {
    # No "Would you like to receive news?" pop-up over the notebook, no update check.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
    # Every cell in the DOM and laid out, so selectors, fonts and screenshots see all of them.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # The served copy is never written back.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    def __init__(self, notebooks, python=sys.executable):
        self.notebooks = notebooks
        self.python = str(python)           # the environment JupyterLab and its kernel run in
        self.tmp = Path(tempfile.mkdtemp(prefix="agbn-browser-"))
        self.root = self.tmp / "root"
        self.port = _free_port()
        self.token = secrets.token_hex(24)
        self.proc = None
        self.log_path = self.tmp / "jupyterlab.log"

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, rel):
        return f"{self.base}/lab/tree/{rel}?token={self.token}&reset"

    def start(self, timeout=60):
        dirs = {name: self.tmp / name for name in
                ("config", "data", "runtime", "ipython", "mpl", "settings", "workspaces")}
        for d in dirs.values():
            d.mkdir(parents=True)
        for plugin, values in USER_SETTINGS.items():
            pkg, name = plugin.rsplit("/", 1)
            f = dirs["settings"] / pkg / f"{name}.jupyterlab-settings"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(json.dumps(values), encoding="utf-8")
        for info in self.notebooks:
            stripped_copy(info, self.root / "notebooks" / info.lang / info.path.name)

        env = dict(os.environ)
        env.update(JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
                   JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), IPYTHONDIR=str(dirs["ipython"]),
                   MPLCONFIGDIR=str(dirs["mpl"]), PYDEVD_DISABLE_FILE_VALIDATION="1")
        env.pop("AUTOGRAD_BN_LANG", None)
        env.pop("JUPYTER_PATH", None)
        paths = [str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
        cmd = [self.python, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
               f"--LabApp.user_settings_dir={dirs['settings']}",
               f"--LabApp.workspaces_dir={dirs['workspaces']}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}",
                                            timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log()}")

    def log(self, tail=4000):
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-tail:]
        except OSError:
            return ""

    def stop(self):
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.poll() is None:
                req = urllib.request.Request(f"{self.base}/api/shutdown", method="POST",
                                             headers={"Authorization": f"token {self.token}"})
                try:
                    urllib.request.urlopen(req, timeout=5).close()
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.terminate()
                    try:
                        proc.wait(timeout=5)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait(timeout=5)
            # Kernels started by the server are in its process group (its own session): end
            # any that outlived it.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self._log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
