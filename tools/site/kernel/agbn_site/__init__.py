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

Pyodide's matplotlib 3.8 measures the height of an "x" in the text font to place the exponents
of mathtext (the tick labels of a log axis: 10^-1).  With the Bengali figures' font family
(Noto Sans Bengali first, which has no "x") that prints "Font 'default' does not have a glyph
for 'x'" to the cell's stderr and measures a dummy box.  matplotlib 3.9 and later take that
height from the maths font instead; here 3.8 is told to do the same when the text font has no
"x" (the figures in CPython, with matplotlib 3.11, print nothing).
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


def _patch_mathtext_xheight():
    try:
        from matplotlib import _mathtext
    except ImportError:
        return
    fonts = getattr(_mathtext, "TruetypeFonts", None)
    if fonts is None or getattr(fonts.get_xheight, "_agbn_site", False):
        return
    get_xheight = fonts.get_xheight

    def get_xheight_of_a_font_with_x(self, fontname, fontsize, dpi):
        try:
            lacks_x = self._get_font(fontname).get_char_index(ord("x")) == 0
        except (AttributeError, KeyError, ValueError):
            lacks_x = False
        return get_xheight(self, "rm" if lacks_x else fontname, fontsize, dpi)

    get_xheight_of_a_font_with_x._agbn_site = True
    fonts.get_xheight = get_xheight_of_a_font_with_x


def configure():
    _patch_kernel()
    _patch_mathtext_xheight()
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
