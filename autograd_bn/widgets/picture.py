"""Static pictures of the widgets, as SVG written by hand.

A widget's output in a notebook carries, beside the widget itself, an ``image/svg+xml``
picture of what it shows when it is displayed (``PictureMixin._repr_mimebundle_``).  A live
JupyterLab draws the widget; a reader without a kernel (GitHub, nbviewer, ``jupyter
nbconvert --to html``) sees the picture.  The SVG is text the browser lays out and shapes
(Bengali included), and it depends only on the numbers shown and the language: no time, no
random ids, so rebuilding a notebook gives the same bytes.

``Sheet`` lays parts out from top to bottom: lines of text, vectors, matrices side by side and
other SVG pictures.  Text widths are estimated (``EM`` per character), with room to spare.
Numbers carry ``data-value`` (full precision, Latin digits) like the live widget's HTML.
"""
from xml.sax.saxutils import escape

import numpy as np

from ..i18n import _, get_language, script
from . import _common as C

EM = 0.62                 # estimated width of a character, in font sizes
PAD = 10
LINE = 20
CELL_H = 22


def text_width(text, size=13):
    return len(str(text)) * size * EM


class Sheet:
    """An SVG picture built from the top down (``y`` is the next free line)."""

    def __init__(self, css):
        self.css, self.parts, self.y, self.width = css, [], PAD, 0.0

    def _grow(self, right):
        self.width = max(self.width, right)

    def text(self, line, size=13, colour="#000", bold=False, css=None, x=PAD):
        """One line of text."""
        if not line:
            return
        weight = ' font-weight="bold"' if bold else ""
        cls = f' class="{css}"' if css else ""
        self.parts.append(f'<text x="{x:g}" y="{self.y + size:g}" font-size="{size}" '
                          f'fill="{colour}"{weight}{cls}>{escape(str(line))}</text>')
        self._grow(x + text_width(line, size))
        self.y += size + 7

    def paragraph(self, text, size=13, css=None, chars=90):
        """Text wrapped at spaces into lines of at most ``chars`` characters."""
        line = ""
        for word in str(text).split():
            if line and len(line) + 1 + len(word) > chars:
                self.text(line, size, css=css)
                line = word
            else:
                line = f"{line} {word}" if line else word
        self.text(line, size, css=css)

    def note(self, line):
        """A grey line in italics: what the picture is."""
        self.parts.append(f'<text x="{PAD}" y="{self.y + 12}" font-size="12" fill="#666" '
                          f'font-style="italic">{escape(line)}</text>')
        self._grow(PAD + text_width(line, 12))
        self.y += 12 + 10

    def message(self, line, kind="error"):
        colour = {"error": "#b00020", "note": "#555"}[kind]
        if line:
            self.parts.append(f'<rect x="{PAD}" y="{self.y}" width="3" height="18" '
                              f'fill="{colour}"/>')
            self.text(line, 13, colour, css=f"agbn-{kind}", x=PAD + 10)

    def vector(self, name, values, native, css, index=None):
        """``name = (v, …)`` as in the widget, each number a tspan with data-value."""
        flat = np.asarray(values, dtype=float).reshape(-1)
        index = range(flat.size) if index is None else [int(k) for k in index]
        spans, plain = [], []
        for k in index:
            shown = C.fmt(flat[k], native)
            plain.append(shown)
            spans.append(f'<tspan class="agbn-entry" data-index="{k}" '
                         f'data-value="{float(flat[k])!r}">{escape(shown)}</tspan>')
        before = "…, " if len(index) and index[0] > 0 else ""
        after = ", …" if len(index) and index[-1] < flat.size - 1 else ""
        body = f"{before}{', '.join(spans)}{after}"
        line = f"{name} = ({before}{', '.join(plain)}{after})"
        self.parts.append(f'<text x="{PAD}" y="{self.y + 13}" font-size="13" class="{css}">'
                          f'<tspan font-weight="bold">{escape(name)}</tspan> = ({body})</text>')
        self._grow(PAD + text_width(line))
        self.y += LINE

    def matrices(self, tables, native):
        """Matrices side by side, tops aligned: ``tables`` is a list of (matrix, caption,
        css, rows, cols)."""
        x, bottom = PAD, self.y
        for m, caption, css, rows, cols in tables:
            w, h, svg = matrix_svg(m, caption, css, native, rows, cols)
            self.parts.append(f'<g transform="translate({x:g},{self.y:g})">{svg}</g>')
            x += w + 24
            bottom = max(bottom, self.y + h)
        self._grow(x - 24)
        self.y = bottom + 8

    def picture(self, svg, width, height):
        """Another SVG (a plot) placed at the left."""
        self.parts.append(f'<g transform="translate({PAD},{self.y:g})">{svg}</g>')
        self._grow(PAD + width)
        self.y += height + 6

    def svg(self):
        width, height = int(self.width + PAD + 0.999), int(self.y + PAD)
        code = script().script
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="agbn-static {self.css}" '
                f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
                f'font-family="{C.css_fonts()}" lang="{get_language()}" '
                f'data-script="{code}">'
                f'<rect width="100%" height="100%" fill="#fff" stroke="#ddd"/>'
                + "".join(self.parts) + "</svg>")


def matrix_svg(m, caption, css, native, rows=None, cols=None):
    """A colour-scaled matrix as in ``_common.matrix_html``: (width, height, svg)."""
    m = np.atleast_2d(np.asarray(m, dtype=float))
    rows = list(range(m.shape[0])) if rows is None else [int(i) for i in rows]
    cols = list(range(m.shape[1])) if cols is None else [int(j) for j in cols]
    finite = m[np.isfinite(m)]
    scale = float(np.max(np.abs(finite))) if finite.size else 0.0
    texts = [[C.fmt(m[a, b], native) for b in range(len(cols))] for a in range(len(rows))]
    col_w = [max([text_width(C.sub("x", j))] + [text_width(texts[a][b]) for a in
                                                 range(len(rows))]) + 14
             for b, j in enumerate(cols)]
    head_w = max(text_width(C.sub("y", i)) for i in rows) + 12
    top = 20 if caption else 0
    out = []
    if caption:
        out.append(f'<text x="0" y="14" font-size="13" class="agbn-caption">'
                   f'{escape(caption)}</text>')
    x = head_w
    for b, j in enumerate(cols):
        out.append(f'<text x="{x + col_w[b] / 2:g}" y="{top + 15}" font-size="13" '
                   f'text-anchor="middle">{escape(C.sub("x", j))}</text>')
        x += col_w[b]
    for a, i in enumerate(rows):
        y = top + CELL_H * (a + 1)
        out.append(f'<text x="{head_w / 2:g}" y="{y + 15}" font-size="13" '
                   f'text-anchor="middle">{escape(C.sub("y", i))}</text>')
        x = head_w
        for b, j in enumerate(cols):
            v = m[a, b]
            bg, fg = C._colour(v, scale)
            out.append(f'<rect x="{x:g}" y="{y}" width="{col_w[b]:g}" height="{CELL_H}" '
                       f'fill="{bg}" stroke="#ddd"/>'
                       f'<text class="agbn-entry" data-row="{i}" data-col="{j}" '
                       f'data-value="{float(v)!r}" x="{x + col_w[b] - 6:g}" y="{y + 15}" '
                       f'font-size="13" font-family="monospace" text-anchor="end" '
                       f'fill="{fg}">{escape(texts[a][b])}</text>')
            x += col_w[b]
    width = max(head_w + sum(col_w), text_width(caption) if caption else 0)
    return width, top + CELL_H * (len(rows) + 1), "".join(out)


def picture_note():
    return _("A picture of the widget as it started. Run the notebook to use the widget.")


class PictureMixin:
    """Puts ``static_svg()`` beside the widget in its output (see the module docstring).
    A picture that fails is left out: the widget itself must still show."""

    def _repr_mimebundle_(self, **kwargs):
        base = getattr(super(), "_repr_mimebundle_", None)     # ipywidgets 7: none
        data = base(**kwargs) if base is not None else None
        if isinstance(data, dict):
            try:
                data["image/svg+xml"] = self.static_svg()
            except Exception:                       # noqa: BLE001 - the widget still shows
                pass
        return data

    def static_svg(self):
        raise NotImplementedError
