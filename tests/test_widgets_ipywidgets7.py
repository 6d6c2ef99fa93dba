"""The widgets' Python side on ipywidgets 7.7.1, the version Colab ships (it does not support
ipywidgets 8): the widget test files run in a separate virtual environment with
ipywidgets==7.7.1 (build/venv-ipywidgets7, made once by pip from the package index or its
cache, reused while its requirements are unchanged).

Runs when AGBN_IPYWIDGETS7=1 (``.ci/run`` sets it; creating the environment and running the
widget tests takes a few minutes, so ``make test`` leaves it out and says so).
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from side_venv import side_venv

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / "build" / "venv-ipywidgets7"
REQUIREMENTS = ["ipywidgets==7.7.1", "numpy", "matplotlib", "pytest", "hypothesis"]
WIDGET_TESTS = ["tests/test_widgets.py", "tests/test_widgets_adversarial.py",
                "tests/test_widgets_language.py", "tests/test_widgets_unavailable.py"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("AGBN_IPYWIDGETS7") != "1",
                       reason="ipywidgets 7.7.1 check: set AGBN_IPYWIDGETS7=1 (.ci/run does)"),
]


def _python():
    return side_venv(VENV, REQUIREMENTS)


def test_widget_tests_pass_on_ipywidgets_7_7_1():
    python = _python()
    version = subprocess.run([str(python), "-c", "import ipywidgets; print(ipywidgets.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == "7.7.1"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("AGBN_IPYWIDGETS7", None)
    run = subprocess.run([str(python), "-m", "pytest", "-o", "addopts=", "-p", "no:cacheprovider",
                          "-q", "-W", "ignore::DeprecationWarning", *WIDGET_TESTS],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    tail = (run.stdout + run.stderr)[-4000:]
    assert run.returncode == 0, tail
    assert " passed" in tail and " failed" not in tail, tail
