"""Shared fixtures of the autograd_bn test suite.

* ``torch_oracle``: the real torch 2.13, or the test is skipped when torch is not installed
  (only the live differential tests need it; golden tests replay recorded torch output).
* ``programs``: tests/golden/engine_programs.py, the runner that executes a small program
  against a torch-like module and describes everything it did (see that file).
* ``fresh_state`` (autouse): default dtype, print options, grad mode and the message language
  (English) are restored after every test, so one failing test cannot leak state into the next.
* ``announce``: a function that prints one line on the terminal at once, for the long tests
  (the browser suite, the Binder build) to say what they have done; also from an xdist worker,
  whose output pytest otherwise shows only at the end, if at all.
"""
import contextlib
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "golden")
if GOLDEN_DIR not in sys.path:
    sys.path.insert(0, GOLDEN_DIR)

TORCH_SKIP_REASON = "torch 2.13 not installed: live differential tests need it"


@pytest.fixture(scope="session")
def torch_oracle():
    torch = pytest.importorskip("torch", reason=TORCH_SKIP_REASON)
    return torch


@pytest.fixture(scope="session")
def programs():
    import engine_programs
    return engine_programs


def announcer(config):
    """A function printing one line on the real terminal now, capture or not, xdist or not."""
    capman = config.pluginmanager.getplugin("capturemanager")
    reporter = config.pluginmanager.getplugin("terminalreporter")
    worker = getattr(config, "workerinput", {}).get("workerid")

    def announce(line):
        with capman.global_and_fixture_disabled() if capman else contextlib.nullcontext():
            if worker is None and reporter is not None:
                reporter.ensure_newline()
                if getattr(getattr(reporter, "_tw", None), "width_of_current_line", 0):
                    reporter.write("\n")             # after a row of progress dots
                reporter.write_line(line)
            else:
                # an xdist worker: its stdout is not the terminal, but its stderr is the one
                # pytest was started with
                sys.stderr.write(f"\n[{worker}] {line}\n")
                sys.stderr.flush()
    return announce


@pytest.fixture(scope="session")
def announce(pytestconfig):
    return announcer(pytestconfig)


@pytest.fixture(autouse=True)
def fresh_state():
    yield
    import autograd_bn
    from autograd_bn.autograd.grad_mode import GradMode
    autograd_bn.set_default_dtype(autograd_bn.float32)
    autograd_bn.set_printoptions(profile="default")
    GradMode.enabled = True
    autograd_bn.set_language("en")
