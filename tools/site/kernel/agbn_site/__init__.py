"""Settings of the site's Pyodide kernel, applied when the kernel starts (the site's
``PYTHONSTARTUP`` file calls ``configure()``).  Part of the JupyterLite site only, not of
autograd_bn.

Pyodide's matplotlib (3.8) cannot shape Bengali and has no Bengali font, so a figure with
Bengali words drawn by matplotlib comes out broken.  In the site, figures are therefore sent to
the page as SVG whose text stays text (``svg.fonttype: none``): the browser draws the words
with its own fonts and shapes them.  The Noto Sans Bengali font given to matplotlib here is
only for measuring and placing those words (and for the glyphs of images that stay raster).
"""
from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"


def configure():
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
