"""Pieces shared by the widgets: number formatting (Latin digits or the language's own),
colour-scaled matrices as HTML, message boxes, sliders with a readout in either digit set, and
the matplotlib settings for figures in the language's script.

Digits and fonts come from the language table (``autograd_bn.i18n.scripts``): a widget's
"native digits" are the digits of the language active when it draws.  (The attribute
``bengali`` of the widgets and the parameter ``bengali`` below mean "native digits on"; the
names are older than the table.)

Nothing here imports matplotlib at module level; ipywidgets is imported by the widget modules.
"""
import functools
import html
import math
import time

import numpy as np

from ..i18n import N_, _, digits_caption, get_language, script

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def font_family():
    """The fonts for figures and SVG text in the active language (its script's, then
    DejaVu Sans)."""
    return script().font_family


def css_fonts():
    """``font_family()`` as a CSS font-family value (for SVG and HTML)."""
    return ", ".join(f"'{name}'" for name in font_family()) + ", sans-serif"


def use_native_digits(option):
    """The digit option of a widget: None follows the active language's table row."""
    return script().native_by_default if option is None else bool(option)


def digits_option(native_digits, bengali_digits):
    """``native_digits``, or its older name ``bengali_digits`` when only that one is given."""
    return use_native_digits(bengali_digits if native_digits is None else native_digits)


def to_digits(text, native):
    """``text`` with its digits 0-9 written in the active language's own digits if ``native``."""
    text = str(text)
    if not native:
        return text
    digits = script().digits
    return text if digits == "0123456789" else text.translate(str.maketrans("0123456789",
                                                                             digits))


def fmt(value, bengali=False, digits=4):
    """One number, short: 4 significant digits, 'NaN' / '∞' spelled out, a power of ten with
    a superscript exponent (2.516×10⁻⁹).  ``bengali``: the language's own digits (the
    exponent keeps the superscript digits ⁰-⁹: Unicode has no superscript Bengali digits)."""
    v = float(value)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if v == 0:
        v = 0.0                                   # no "-0"
    text = f"{v:.{digits}g}"
    if "e" in text:
        mant, exp = text.split("e")
        return f"{to_digits(mant, bengali)}×{to_digits(10, bengali)}" + \
            str(int(exp)).translate(SUPERSCRIPTS)
    return to_digits(text, bengali)


def fmt_shape(shape, bengali=False):
    return to_digits("[" + ", ".join(str(int(s)) for s in shape) + "]", bengali)


def fmt_vector(values, bengali=False, limit=8):
    flat = np.asarray(values, dtype=float).reshape(-1)
    items = [fmt(v, bengali) for v in flat[:limit]]
    if flat.size > limit:
        items.append("…")
    return "(" + ", ".join(items) + ")"


def fmt_array(values, bengali=False):
    """A gradient in a few characters: a number, 'all 4.5', or the first entries."""
    a = np.asarray(values, dtype=float)
    if a.size == 1:
        return fmt(a.reshape(-1)[0], bengali)
    flat = a.reshape(-1)
    if a.size and np.all(flat == flat[0]):
        return _("all {value}").format(value=fmt(flat[0], bengali))
    return fmt_vector(flat, bengali, limit=4)


def sub(name, index):
    """x₁, y₂ ...: a component name with a 1-based subscript."""
    return f"{name}{str(index + 1).translate(SUBSCRIPTS)}"


def esc(text):
    return html.escape(str(text), quote=True)


def message_html(text, kind="error"):
    """A message box; kind "error" (red) or "note" (grey)."""
    if not text:
        return ""
    colour = {"error": "#b00020", "note": "#555"}[kind]
    return (f'<div class="agbn-{kind}" style="color:{colour};border-left:3px solid {colour};'
            f'padding:2px 8px;margin:4px 0;white-space:pre-wrap">{esc(text)}</div>')


def _colour(value, scale):
    """Diverging colour: blue for negative, red for positive, white for zero."""
    if not np.isfinite(value):
        return "#cccccc", "#000"
    t = 0.0 if scale == 0 else max(-1.0, min(1.0, value / scale))
    if t >= 0:
        r, g, b = 255, int(255 - 160 * t), int(255 - 175 * t)
    else:
        r, g, b = int(255 + 175 * t), int(255 + 120 * t), 255
    text = "#fff" if abs(t) > 0.75 else "#000"
    return f"#{r:02x}{g:02x}{b:02x}", text


def matrix_html(m, bengali=False, row_name="y", col_name="x", css="agbn-matrix", caption="",
                rows=None, cols=None):
    """A colour-scaled matrix with its numbers.  Each entry is a <td> with data-row,
    data-col and data-value (the full-precision value, Latin digits) for tests.  ``rows`` /
    ``cols``: the indices of the entries in a larger matrix (default 0, 1, ...)."""
    m = np.atleast_2d(np.asarray(m, dtype=float))
    rows = range(m.shape[0]) if rows is None else [int(i) for i in rows]
    cols = range(m.shape[1]) if cols is None else [int(j) for j in cols]
    finite = m[np.isfinite(m)]
    scale = float(np.max(np.abs(finite))) if finite.size else 0.0
    cell = "padding:2px 6px;text-align:right;font-family:monospace;border:1px solid #ddd"
    head = "".join(f'<th style="padding:2px 6px;font-weight:normal">{esc(sub(col_name, j))}</th>'
                   for j in cols)
    out = []
    for a, i in enumerate(rows):
        tds = []
        for b, j in enumerate(cols):
            v = m[a, b]
            bg, fg = _colour(v, scale)
            tds.append(f'<td class="agbn-entry" data-row="{i}" data-col="{j}" '
                       f'data-value="{float(v)!r}" style="{cell};background:{bg};'
                       f'color:{fg}">{esc(fmt(v, bengali))}</td>')
        out.append(f'<tr><th style="padding:2px 6px;font-weight:normal">'
                   f'{esc(sub(row_name, i))}</th>{"".join(tds)}</tr>')
    table = (f'<table class="{css}" style="border-collapse:collapse"><tr><th></th>{head}</tr>'
             f'{"".join(out)}</table>')
    if not caption:
        return table
    # The caption on one line above the table, in a box as wide as the wider of the two: two
    # matrices side by side then start at the same height in every language, and a long
    # caption widens its box instead of running into its neighbour (a table's own <caption>
    # does not widen the table).
    return (f'<div class="agbn-matrix-box" style="display:inline-block;vertical-align:top;'
            f'margin-right:18px"><div class="agbn-matrix-caption" style="white-space:nowrap;'
            f'height:1.5em;line-height:1.5em;'
            f'margin-bottom:2px">{esc(caption)}</div>{table}</div>')


def vector_html(name, values, bengali=False, css="agbn-vector", index=None):
    """A vector as ``name = (v, ...)``; with ``index`` only those entries, with "…" where
    entries are left out.  Each entry is a span with data-index and data-value."""
    flat = np.asarray(values, dtype=float).reshape(-1)
    index = range(flat.size) if index is None else [int(k) for k in index]
    parts = [f'<span class="agbn-entry" data-index="{k}" data-value="{float(flat[k])!r}">'
             f'{esc(fmt(flat[k], bengali))}</span>' for k in index]
    if len(index) and index[0] > 0:
        parts.insert(0, "…")
    if len(index) and index[-1] < flat.size - 1:
        parts.append("…")
    return f'<div class="{css}"><b>{esc(name)}</b> = ({", ".join(parts)})</div>'


def number_slider(widgets, description, value, lo, hi, step, css, bengali):
    """A FloatSlider whose readout is a Label, so that it can show Bengali digits.
    Returns (box, slider, label)."""
    slider = widgets.FloatSlider(value=float(value), min=lo, max=hi, step=step,
                                 description=description, readout=False,
                                 continuous_update=True,
                                 layout=widgets.Layout(width="320px"))
    slider.add_class(css)
    label = widgets.Label(fmt(slider.value, bengali))
    label.add_class("agbn-slider-readout")
    return widgets.HBox([slider, label]), slider, label


BIGGEST = 1e300        # slider bounds stay finite, whatever the value


def slider_range(value, span=3.0):
    """Bounds for a slider around a starting value (0 if it is not finite)."""
    v = float(value) if np.isfinite(value) else 0.0
    half = max(span, 2 * abs(v))
    return max(v - half, -BIGGEST), min(v + half, BIGGEST)


def retarget(slider, lo, hi, value):
    """Give a slider new bounds and value in an order that never clamps the value."""
    slider.min, slider.max = min(lo, slider.min), max(hi, slider.max)
    slider.value = value
    slider.min, slider.max = lo, hi


def widen(slider, value):
    """Stretch a slider's bounds, if needed, so that they take ``value``."""
    slider.min, slider.max = min(slider.min, value), max(slider.max, value)


def html_widget(widgets, css):
    """An empty HTML widget with the CSS class ``css``."""
    box = widgets.HTML()
    box.add_class(css)
    return box


def xy_html(x, y, bengali, cols=None, rows=None):
    """The vectors x and, unless it is None, y = f(x) (only the entries ``cols`` of x and
    ``rows`` of y when given)."""
    parts = [vector_html("x", x, bengali, "agbn-x", cols)] if x is not None else []
    if y is not None:
        parts.append(vector_html("y = f(x)", y, bengali, "agbn-y", rows))
    return "".join(parts)


def jacobian_html(jacobian, bengali, rows=None, cols=None):
    """The Jacobian by autograd as a colour-scaled matrix."""
    return matrix_html(jacobian, bengali, css="agbn-matrix agbn-autograd",
                       caption=_("Jacobian J by autograd"), rows=rows, cols=cols)


def agreement_html(css, agree, value, text):
    """A ✓ / ✗ line with data-agree and data-value (the largest difference) for tests."""
    mark = "✓" if agree else "✗"
    return (f'<div class="{css}" data-agree="{str(agree).lower()}" data-value="{value!r}">'
            f'{mark} {esc(text)}</div>')


def timed(redraw):
    """Decorate a widget's ``redraw``: the seconds it takes go to ``last_redraw_seconds``."""
    @functools.wraps(redraw)
    def wrapper(self):
        start = time.perf_counter()
        self._relabel()
        redraw(self)
        self.last_redraw_seconds = time.perf_counter() - start
    return wrapper


# Every label of a widget (descriptions of controls): drawn in the language active when the
# widget draws, so a widget made or redrawn after set_language speaks the new language.
WIDGET_LABELS = {
    "function": N_("Function"),
    "square_size": N_("Square size"),
    "step": N_("Step"),
    "back": N_("◀ Back"),
    "next": N_("Step ▶"),
    "reset": N_("Start again"),
    "first_row": N_("First row"),
    "first_col": N_("First column"),
}


def label_text(key):
    if key == "digits":                 # the checkbox of the language's own digits
        return digits_caption()
    return _(WIDGET_LABELS[key])


class LabelsMixin:
    """Labels that follow the language: ``_labelled(widget, key)`` sets ``widget.description``
    (or ``attr``) to WIDGET_LABELS[key] in the language active now, and ``_relabel()`` (run at
    the start of every redraw) sets them all again when the language changed since."""
    _label_lang = None

    def _labelled(self, widget, key, attr="description"):
        if "_labels" not in self.__dict__:
            self._labels = []
        self._labels.append((widget, attr, key))
        setattr(widget, attr, label_text(key))
        self._label_lang = get_language()
        return widget

    def _relabel(self):
        lang = get_language()
        if lang == self._label_lang:
            return False
        self._label_lang = lang
        for widget, attr, key in self.__dict__.get("_labels", ()):
            setattr(widget, attr, label_text(key))
            if key == "digits":
                _show_digits_box(widget)
        self._relabel_more()
        return True

    def _relabel_more(self):
        """Labels that are not a single attribute (a dropdown's options)."""


class DigitsMixin(LabelsMixin):
    """A checkbox that switches the widget's numbers between Latin and Bengali digits."""

    def _digits_box(self, widgets, bengali):
        """The checkbox of the language's own digits (hidden for a language without them)."""
        box = widgets.Checkbox(value=bool(bengali), indent=False)
        self._labelled(box, "digits")
        box.add_class("agbn-digits-toggle")
        box.observe(self._on_digits, names="value")
        _show_digits_box(box)
        return box

    def _refresh_readouts(self):
        for slider, label in getattr(self, "_readouts", []):
            label.value = fmt(slider.value, self.bengali)

    def _on_digits(self, change):
        self.bengali = bool(change["new"])
        self._refresh_readouts()
        self.redraw()


def _show_digits_box(box):
    box.layout.display = None if digits_caption() else "none"


def mpl_figure(figsize):
    """A matplotlib Figure outside pyplot (no global state), with its Agg canvas."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    with matplotlib.rc_context({"font.family": font_family()}):
        fig = Figure(figsize=figsize, dpi=80)
        FigureCanvasAgg(fig)
    return fig
