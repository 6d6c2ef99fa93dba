"""Repository-wide pytest set-up (loaded for tests/ and for the notebooks run by nbval).

nbval starts each notebook's kernel in the notebook's folder, so the kernel finds autograd_bn
only if the package is installed (`make install` does it) or on PYTHONPATH: put the checkout
first on the kernels' PYTHONPATH, and give them a fresh matplotlib config directory and no
inherited AUTOGRAD_BN_LANG (each notebook chooses its language in its first cell).
"""
import os
import tempfile

import pytest

_ROOT = os.path.dirname(os.path.abspath(__file__))
_paths = [_ROOT] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(_paths))
os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="mplconfig-"))
os.environ.pop("AUTOGRAD_BN_LANG", None)
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


# --------------------------------------------------------------------------- both cores
# `python -m pytest` runs on pytest-xdist workers (addopts in pyproject.toml: -n auto
# --dist loadfile): one file at a time per worker, so a module's fixtures are built once and a
# notebook's cells (nbval) run in order in one kernel.  One change to loadfile: the browser
# suite's files (tests/browser/test_browser_*.py) are a single unit, so one worker runs them
# with one JupyterLab and one kernel per notebook.  (xdist's own `--dist loadgroup` with
# `xdist_group` marks would say the same, but with pytest >= 9.2 it silently stops grouping:
# pytest-xdist issue #1386.)  The long units go first: the browser suite, then the Binder build,
# then the notebooks, each to the next free worker; the short files fill in around them.
# `-n 0` runs serially (for a debugger, or a quick run of one file).
MAX_WORKERS = 4     # the browser suite alone takes ~100 s: more workers do not shorten a run
FIRST = ("site", "browser", "tests/test_binder.py")   # the longest units, longest first


def work_unit(nodeid):
    """The unit of work of a test: tests of one unit run in one worker, in order."""
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/browser/test_browser_"):
        return "browser"
    if path.startswith("tests/browser/test_site_"):
        return "site"                                 # one served site, one Chromium
    return path


def _rank(nodeid):
    unit = work_unit(nodeid)
    if unit in FIRST:
        return FIRST.index(unit)
    return len(FIRST) + (0 if unit.endswith(".ipynb") else 1)


@pytest.hookimpl(optionalhook=True)       # a hook of pytest-xdist
def pytest_xdist_auto_num_workers(config):
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None                                   # xdist's own handling of the variable
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:                            # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SuiteScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            return work_unit(nodeid)

    # hand out the units in the order of collection (longest first: see below), not by size
    config.option.loadscopereorder = False
    return SuiteScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """In an xdist worker, the long units first (every worker sorts alike, as xdist requires);
    the order within a unit is kept."""
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: _rank(item.nodeid))
