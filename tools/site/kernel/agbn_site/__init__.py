"""Settings of the site's Pyodide kernel, applied when the kernel starts (the site's
``PYTHONSTARTUP`` file calls ``configure()``).  Part of the JupyterLite site only, not of
autograd_bn.

Pyodide's matplotlib (3.8) cannot shape Bengali and has no Bengali font, so a figure with
Bengali words drawn by matplotlib comes out broken.  In the site, figures are therefore sent to
the page as SVG whose text stays text (``svg.fonttype: none``): the browser draws the words
with its own fonts and shapes them.  The Noto Sans Bengali font given to matplotlib here is
only for measuring and placing those words (and for the glyphs of images that stay raster).

A cell tagged ``raises-exception`` fails on purpose.  JupyterLab tells the kernel so (the tag
comes with the cell's metadata in the execute request) and expects Run All to go on after it,
but the JupyterLab that JupyterLite 0.6 bundles stops Run All at any error reply.  So here such
a cell's traceback is written to the cell's stderr (red, as an error is shown) and the kernel
replies "ok": the lesson's code is unchanged and Run All goes on.  Any other error is reported
as usual.
"""
from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"


def _tagged_raises(kernel):
    parent = kernel._parent_header
    try:
        parent = parent.to_py() if hasattr(parent, "to_py") else parent
        tags = (parent.get("metadata") or {}).get("tags") or []
    except AttributeError:
        return False
    return "raises-exception" in list(tags)


def _patch_kernel():
    try:
        from pyodide_kernel.kernel import PyodideKernel
    except ImportError:                       # not in the site's kernel
        return
    if getattr(PyodideKernel.run, "_agbn_site", False):
        return
    run = PyodideKernel.run

    async def run_keeping_on(self, code):
        results = await run(self, code)
        if results.get("status") == "error" and _tagged_raises(self):
            import sys
            sys.stderr.write("\n".join(results.pop("traceback", [])) + "\n")
            results.pop("ename", None)
            results.pop("evalue", None)
            results["status"] = "ok"
            results.setdefault("payload", [])
        return results

    run_keeping_on._agbn_site = True
    PyodideKernel.run = run_keeping_on


def configure():
    _patch_kernel()
    import matplotlib
    from matplotlib import font_manager
    for font in sorted(FONTS.glob("*.ttf")):
        font_manager.fontManager.addfont(str(font))
    matplotlib.rcParams["svg.fonttype"] = "none"
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    # read by matplotlib-inline when pyplot is first imported
    shell.config.InlineBackend.figure_formats = {"svg"}
    shell.config.InlineBackend.rc = {"svg.fonttype": "none"}
