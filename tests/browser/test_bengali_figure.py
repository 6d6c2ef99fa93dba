"""Bengali in matplotlib figures is shaped, not just drawn glyph by glyph (no browser needed).

matplotlib 3.11 shapes complex scripts (libraqm/HarfBuzz): the conjunct "ক্র" (ka, virama, ra)
becomes one cluster hardly wider than "ক".  Unshaped, the three glyphs sit side by side and the
pair is much wider (about 78 px against 45 px here; shaped, about 52 px).  The widgets draw their
figures with the font family below; the browser tests check that the figures in the notebooks
are images and that matplotlib found every glyph.
"""
import os

import pytest

import labdriver

FONT_FAMILY = ["Noto Sans Bengali", "DejaVu Sans"]


def _width(fig, text):
    t = fig.text(0.1, 0.5, text, fontsize=40, family=FONT_FAMILY)
    fig.canvas.draw()
    return t.get_window_extent(fig.canvas.get_renderer()).width


def test_bengali_conjunct_is_shaped():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from matplotlib import font_manager
    import matplotlib.pyplot as plt

    version = tuple(int(p) for p in matplotlib.__version__.split(".")[:2])
    assert version >= (3, 11), f"matplotlib {matplotlib.__version__}: Bengali needs >= 3.11"
    try:
        font_manager.findfont("Noto Sans Bengali", fallback_to_default=False)
    except ValueError:
        reason = f"font Noto Sans Bengali not found (Debian, as root: {labdriver.APT_INSTALL})"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)

    fig = plt.figure(figsize=(4, 2), dpi=100)
    try:
        ka = _width(fig, "ক")
        conjunct = _width(fig, "ক্র")
        word = _width(fig, "ক্রম")          # a conjunct and a following letter
    finally:
        plt.close(fig)
    assert conjunct < 1.4 * ka, (f"'ক্র' is {conjunct:.0f} px wide against {ka:.0f} px for 'ক': "
                                 "matplotlib did not shape the conjunct")
    assert word > conjunct
