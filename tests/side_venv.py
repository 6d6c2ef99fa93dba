"""A throwaway virtual environment under build/ with pinned packages (ipywidgets 7.7.1,
JupyterLab 3 ...), made once and remade only when its requirement list changes."""
import subprocess
import venv


def side_venv(path, requirements):
    """The python of the environment at ``path`` with exactly ``requirements`` installed."""
    python = path / "bin" / "python"
    stamp = path / "requirements.txt"
    wanted = "\n".join(requirements)
    if not (python.exists() and stamp.exists() and stamp.read_text() == wanted):
        venv.EnvBuilder(clear=True, with_pip=True).create(path)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)
        stamp.write_text(wanted)
    return python
