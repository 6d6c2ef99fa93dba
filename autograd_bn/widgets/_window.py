"""What the explorers share for inputs of any size: number sliders, the block of a large
Jacobian that is shown, and its overview picture.

Up to ``TABLE`` inputs (or outputs) every component has a slider and the whole Jacobian is a
table.  Beyond that the explorers show a block of ``BLOCK`` x ``BLOCK`` entries, chosen with
two sliders ("First row", "First column"), with sliders for the components of that block
only: the same few slider widgets are relabelled when the block moves, so their number never
grows with the input.
"""
import io

import numpy as np

from ..i18n import _
from . import _common as C
from .evaluation import BLOCK, MAX_ELEMENTS, TABLE, as_input  # noqa: F401 (used by the explorers)

E_COUNT = "{name} needs {n} numbers, but {m} were given."
W_RANGE = "{first}–{last} of {total}"
W_BLOCK = "Rows {r0}–{r1} and columns {c0}–{c1} of the {m} × {n} Jacobian."
W_OVERVIEW = ("The whole Jacobian at a glance: {rows} evenly spaced rows; each pixel shows the "
              "largest entry of about {cols} neighbouring columns. The black frame marks the "
              "block shown below.")
W_OVERVIEW_ALL = ("The whole Jacobian at a glance: {rows} evenly spaced rows, one pixel per "
                  "entry. The black frame marks the block shown below.")


def _widgets():
    import ipywidgets
    return ipywidgets


def whole(m, n):
    """Whether an m x n Jacobian is shown whole (a table with every entry)."""
    return m <= TABLE and n <= TABLE


def first(values):
    """The entries of a vector shown when no block is chosen: all of a short one, else the
    first BLOCK."""
    if values is None or np.size(values) <= TABLE:
        return None
    return np.arange(BLOCK)


def block(start, size, total):
    """The indices of a block of ``size`` from ``start`` (clamped to 0 .. total - size)."""
    size = min(size, total)
    start = int(min(max(start, 0), total - size))
    return np.arange(start, start + size)


class SlidersMixin(C.DigitsMixin):
    """Number sliders for some components of a vector (``_values``), reused as the block
    moves; a move sets that component and redraws, unless ``_quiet``.  ``sliders`` are the ones
    shown, ``_slider_index`` their components."""
    _quiet = False
    result = None
    last_redraw_seconds = None

    def _init_sliders(self, name, css, step, bounds, stretch):
        self._slider_spec = (name, css, step, bounds, stretch)
        self._pool, self.sliders, self._slider_index = [], [], []

    def _show_sliders(self, index):
        """Show sliders for the components ``index`` of ``_values``."""
        w = _widgets()
        name, css, step, bounds, stretch = self._slider_spec
        while len(self._pool) < len(index):
            box, slider, label = C.number_slider(w, "", 0.0, -1.0, 1.0, step, css, self.bengali)
            slider.observe(self._on_slider, names="value")
            self._pool.append((box, slider, label))
        values = self._values
        self._quiet = True
        try:
            for (_box, slider, label), i in zip(self._pool, index):
                v = float(values[i]) if np.isfinite(values[i]) else 0.0
                lo, hi = bounds(v)
                if stretch:
                    lo, hi = min(lo, v), max(hi, v)
                C.retarget(slider, lo, hi, v)
                slider.description = C.sub(name, int(i))
                label.value = C.fmt(v, self.bengali)
        finally:
            self._quiet = False
        shown = self._pool[:len(index)]
        self.sliders = [s for _b, s, _l in shown]
        self._slider_index = [int(i) for i in index]
        self._readouts = self._fixed_readouts + [(s, lab) for _b, s, lab in shown]
        self.slider_box.children = [b for b, _s, _l in shown]

    def _on_slider(self, change):
        if self._quiet:                 # being moved by the widget: it sets values itself
            return
        slider = change["owner"]
        for k, s in enumerate(self.sliders):
            if s is slider:
                self._values[self._slider_index[k]] = change["new"]
                self._readouts[len(self._fixed_readouts) + k][1].value = C.fmt(change["new"],
                                                                               self.bengali)
                break
        else:                                            # a fixed slider (the square's size)
            self._refresh_readouts()
        self.redraw()

    def _parse_values(self, values, name, count, dtype):
        """``values`` as a flat array of ``count`` numbers, or raise ValueError."""
        arr = as_input(values, dtype).reshape(-1)
        if arr.size != count:
            raise ValueError(_(E_COUNT).format(name=name, n=count, m=arr.size))
        return arr

    def _move_sliders(self, values):
        """Set ``_values`` to ``values`` (already checked) and the shown sliders with them,
        widening their bounds as needed; redraw once."""
        self._values[:] = values
        self._quiet = True
        try:
            for slider, i in zip(self.sliders, self._slider_index):
                v = float(values[i])
                if np.isfinite(v):
                    C.widen(slider, v)
                    slider.value = v
        finally:
            self._quiet = False
        self._refresh_readouts()
        self.redraw()


class WindowMixin:
    """The two block sliders ("First row", "First column", 1-based) and their readouts."""
    _r0 = _c0 = 0

    def _window_controls(self, w):
        self.row_slider = w.IntSlider(value=1, min=1, max=1, readout=False,
                                      continuous_update=True)
        self.col_slider = w.IntSlider(value=1, min=1, max=1, readout=False,
                                      continuous_update=True)
        self._labelled(self.row_slider, "first_row")
        self._labelled(self.col_slider, "first_col")
        self.row_slider.add_class("agbn-block-row")
        self.col_slider.add_class("agbn-block-col")
        self._row_label, self._col_label = w.Label(), w.Label()
        for label in (self._row_label, self._col_label):
            label.add_class("agbn-slider-readout")
        self._row_box = w.HBox([self.row_slider, self._row_label])
        self._col_box = w.HBox([self.col_slider, self._col_label])
        box = w.VBox([self._row_box, self._col_box])
        box.add_class("agbn-block-controls")
        box.layout.display = "none"
        self.row_slider.observe(self._on_window, names="value")
        self.col_slider.observe(self._on_window, names="value")
        self.window_box = box
        return box

    def _set_window(self, m, n):
        """Configure the block sliders for an m x n Jacobian (hidden when it is whole)."""
        self._size = (m, n)
        show = not whole(m, n)
        self.window_box.layout.display = None if show else "none"
        self._quiet = True
        try:
            for slider, total, box in ((self.row_slider, m, self._row_box),
                                       (self.col_slider, n, self._col_box)):
                top = max(1, total - min(BLOCK, total) + 1)
                slider.max = max(top, slider.min)
                slider.value = min(slider.value, top)
                box.layout.display = None if show and top > 1 else "none"
        finally:
            self._quiet = False
        self._r0, self._c0 = self.row_slider.value - 1, self.col_slider.value - 1

    def _window_index(self):
        """(rows, cols) shown of the m x n Jacobian."""
        m, n = self._size
        if whole(m, n):
            return np.arange(m), np.arange(n)
        return block(self._r0, BLOCK, m), block(self._c0, BLOCK, n)

    def _window_readouts(self, rows, cols):
        b = self.bengali
        m, n = self._size
        for label, idx, total in ((self._row_label, rows, m), (self._col_label, cols, n)):
            label.value = _(W_RANGE).format(first=C.to_digits(idx[0] + 1, b),
                                            last=C.to_digits(idx[-1] + 1, b),
                                            total=C.to_digits(total, b)) if len(idx) else ""

    def _block_text(self, rows, cols):
        """Which block of a large Jacobian is shown ("" for a whole one)."""
        b = self.bengali
        m, n = self._size
        if whole(m, n) or rows is None or cols is None or not len(rows) or not len(cols):
            return ""
        return _(W_BLOCK).format(r0=C.to_digits(rows[0] + 1, b), r1=C.to_digits(rows[-1] + 1, b),
                                 c0=C.to_digits(cols[0] + 1, b), c1=C.to_digits(cols[-1] + 1, b),
                                 m=C.to_digits(m, b), n=C.to_digits(n, b))

    def _block_caption(self, rows, cols):
        text = self._block_text(rows, cols)
        return f'<div class="agbn-block-caption">{C.esc(text)}</div>' if text else ""

    def _on_window(self, _change):
        if self._quiet:
            return
        self._r0, self._c0 = self.row_slider.value - 1, self.col_slider.value - 1
        self._window_moved()
        self.redraw()

    def _window_moved(self):
        """The block moved: show the sliders of its components."""


# --------------------------------------------------------------------------- overview picture
def colours(values):
    """RGB (uint8) of the diverging colour scale of matrix_html, for an array of values."""
    v = np.asarray(values, dtype=float)
    finite = v[np.isfinite(v)]
    scale = float(np.max(np.abs(finite))) if finite.size else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.clip(v / scale, -1.0, 1.0) if scale else np.zeros_like(v)
    t = np.nan_to_num(t)
    pos, neg = np.maximum(t, 0), np.minimum(t, 0)
    rgb = np.stack([255 + 175 * neg, 255 - 160 * pos + 120 * neg, 255 - 175 * pos], axis=-1)
    rgb[~np.isfinite(v)] = 204                           # grey, as in the tables
    return rgb.astype(np.uint8)


def overview_png(res, rows, cols, pixels=240):
    """The overview as PNG bytes, scaled up to about ``pixels`` wide, with a black frame
    around the block (``rows`` x ``cols``) shown in the tables."""
    from PIL import Image
    img = colours(res.overview)
    h, w = img.shape[:2]
    s = max(1, pixels // max(h, w))
    img = np.repeat(np.repeat(img, s, axis=0), s, axis=1)
    r0 = int(np.searchsorted(res.overview_rows, rows[0]))
    r1 = max(r0 + 1, int(np.searchsorted(res.overview_rows, rows[-1], side="right")))
    c0 = max(0, int(np.searchsorted(res.overview_cols, cols[0], side="right")) - 1)
    c1 = max(c0 + 1, int(np.searchsorted(res.overview_cols, cols[-1], side="right")))
    y0, y1, x0, x1 = r0 * s, min(r1 * s, img.shape[0]) - 1, c0 * s, min(c1 * s, img.shape[1]) - 1
    img[y0:y1 + 1, [x0, x1]] = 0
    img[[y0, y1], x0:x1 + 1] = 0
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="png", compress_level=1)
    return buf.getvalue()


def overview_caption(res, bengali):
    n = res.size[1]
    per = max(1, int(round(n / max(1, len(res.overview_cols)))))
    message = W_OVERVIEW if len(res.overview_cols) < n else W_OVERVIEW_ALL
    text = _(message).format(rows=C.to_digits(len(res.overview_rows), bengali),
                             cols=C.to_digits(per, bengali))
    return f'<div class="agbn-overview-caption">{C.esc(text)}</div>'
