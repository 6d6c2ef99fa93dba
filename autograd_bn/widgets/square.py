"""The picture of JacobianExplorer for maps R^2 -> R^2: a small square around x (left) and
its images under f and under the linearisation y + J (p - x) (right).

The picture is SVG written here, drawn at the size it is shown (so its text is as sharp as
the page's) and laid out by the browser, which also shapes Bengali labels.  Building it takes
well under a millisecond; the same SVG goes into the widget's static picture.
"""
from xml.sax.saxutils import escape

import numpy as np

import autograd_bn as torch
from ..autograd.grad_mode import no_grad
from ..i18n import _
from . import _common as C
from .picture import text_width


def square_images(f, x, jac, y, half):
    """The boundary of the square of half-side ``half`` around x (2 inputs), its image under f
    and under the linearisation y + J (p - x).  Returns three (k, 2) arrays (rows of NaN where
    f failed)."""
    t = np.linspace(-1.0, 1.0, 13)[:-1]
    one = np.ones_like(t)
    unit = np.concatenate([np.stack([t, -one], 1), np.stack([one, t], 1),
                           np.stack([-t, one], 1), np.stack([-one, -t], 1)])
    unit = np.concatenate([unit, unit[:1]])
    pts = x.reshape(1, 2) + half * unit
    image = np.full_like(pts, np.nan)
    with no_grad(), np.errstate(all="ignore"):
        for k, p in enumerate(pts):
            try:
                out = f(torch.from_numpy(p.copy()))
                image[k] = out.numpy().reshape(-1)[:2]
            except Exception:                             # noqa: BLE001 - a gap in the curve
                pass
    with np.errstate(all="ignore"):                       # NaN in J: a NaN curve
        linear = y.reshape(1, 2) + (pts - x.reshape(1, 2)) @ jac.T
    return pts, image, linear


def _fits(limits, data):
    """Whether the data box lies inside the limits and is not much smaller than them."""
    if limits is None:
        return False
    (x0, x1), (y0, y1) = limits
    (a0, a1), (b0, b1) = data
    inside = x0 <= a0 and a1 <= x1 and y0 <= b0 and b1 <= y1
    span = max(a1 - a0, b1 - b0)
    return inside and span >= 0.3 * (x1 - x0)


def _square_limits(data):
    (a0, a1), (b0, b1) = data
    cx, cy = (a0 + a1) / 2, (b0 + b1) / 2
    half = max(a1 - a0, b1 - b0, 1e-6) * 1.0
    return (cx - half, cx + half), (cy - half, cy + half)


def _box(*arrays):
    pts = np.concatenate([a for a in arrays])
    pts = pts[np.all(np.isfinite(pts), axis=1)]
    if not len(pts):
        return (-1.0, 1.0), (-1.0, 1.0)
    return (pts[:, 0].min(), pts[:, 0].max()), (pts[:, 1].min(), pts[:, 1].max())


PANEL = 220            # the side of each plot, in pixels (drawn at the size shown)
LEFT, TOP, GAP = 52, 30, 34
WIDTH, HEIGHT = 2 * (LEFT + PANEL) + GAP, TOP + PANEL + 30
BLUE, RED = "#1f77b4", "#d62728"


def ticks(lo, hi, count=4):
    """Round numbers between lo and hi, about ``count`` of them."""
    span = hi - lo
    if not np.isfinite(span) or span <= 0:
        return [lo]
    raw = span / count
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(k * power for k in (1, 2, 2.5, 5, 10) if k * power >= raw)
    first = np.ceil(lo / step - 1e-9) * step
    return [float(v) for v in np.arange(first, hi + step * 1e-9, step)]


class _Panel:
    """One square plot: data coordinates (limits) to pixels."""

    def __init__(self, left, limits):
        self.left = left
        (self.x0, self.x1), (self.y0, self.y1) = limits

    def px(self, x, y):
        return (self.left + (x - self.x0) / (self.x1 - self.x0) * PANEL,
                TOP + PANEL - (y - self.y0) / (self.y1 - self.y0) * PANEL)

    def frame(self, title, native):
        out = [f'<rect x="{self.left}" y="{TOP}" width="{PANEL}" height="{PANEL}" '
               f'fill="none" stroke="#444"/>',
               f'<text x="{self.left + PANEL / 2:g}" y="{TOP - 10}" font-size="13" '
               f'text-anchor="middle">{escape(title)}</text>']
        for v in ticks(self.x0, self.x1):
            x, _y = self.px(v, self.y0)
            out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + PANEL}" '
                       f'stroke="#ddd"/><text x="{x:.1f}" y="{TOP + PANEL + 15}" '
                       f'font-size="11" text-anchor="middle">{escape(C.fmt(v, native, 3))}'
                       '</text>')
        for v in ticks(self.y0, self.y1):
            _x, y = self.px(self.x0, v)
            out.append(f'<line x1="{self.left}" y1="{y:.1f}" x2="{self.left + PANEL}" '
                       f'y2="{y:.1f}" stroke="#ddd"/><text x="{self.left - 5}" '
                       f'y="{y + 4:.1f}" font-size="11" text-anchor="end">'
                       f'{escape(C.fmt(v, native, 3))}</text>')
        return out

    def curve(self, points, colour, css, dashed=False):
        """A polyline through the finite points (a gap where a point is NaN)."""
        out, run = [], []
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        for p in list(points) + [(np.nan, np.nan)]:
            if np.all(np.isfinite(p)):
                run.append("{:.1f},{:.1f}".format(*self.px(*p)))
                continue
            if len(run) > 1:
                out.append(f'<polyline class="{css}" points="{" ".join(run)}" fill="none" '
                           f'stroke="{colour}" stroke-width="1.6"{dash}/>')
            run = []
        return out

    def dot(self, point, css):
        if not np.all(np.isfinite(point)):
            return []
        x, y = self.px(*point)
        return [f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{BLUE}"/>']


def square_svg(pts, image, linear, x, y, limits, native):
    """The two panels as SVG elements (WIDTH x HEIGHT pixels), without the <svg> element."""
    texts = (_("input: a square around x"), _("output: carried by f and by J"),
             _("f(square)"), _("y + J (p − x)"))
    left, right = _Panel(LEFT, limits[0]), _Panel(2 * LEFT + PANEL + GAP, limits[1])
    out = left.frame(texts[0], native) + right.frame(texts[1], native)
    out += left.curve(pts, BLUE, "agbn-square-input") + left.dot(x.reshape(2), "agbn-square-x")
    out += right.curve(image, BLUE, "agbn-square-image")
    out += right.curve(linear, RED, "agbn-square-linear", dashed=True)
    out += right.dot(y.reshape(2), "agbn-square-y")
    lx, ly = right.left + 8, TOP + 8
    width = max(text_width(t, 12) for t in texts[2:]) + 40
    out.append(f'<rect x="{lx}" y="{ly}" width="{width:g}" height="40" fill="#fff" '
               f'fill-opacity="0.85" stroke="#ccc"/>')
    for k, (colour, dash) in enumerate(((BLUE, ""), (RED, ' stroke-dasharray="6 4"'))):
        yy = ly + 13 + 16 * k
        out.append(f'<line x1="{lx + 6}" y1="{yy}" x2="{lx + 28}" y2="{yy}" stroke="{colour}" '
                   f'stroke-width="1.6"{dash}/><text x="{lx + 34}" y="{yy + 4}" '
                   f'font-size="12">{escape(texts[2 + k])}</text>')
    return "".join(out)


class SquarePicture:
    """The picture's axes: they stay put while the curves fit comfortably, so that a slider
    move does not make the picture jump.  ``render(...)`` returns the SVG."""

    def __init__(self):
        self.limits = [None, None]

    def render(self, pts, image, linear, x, y, native):
        boxes = [_box(pts), _box(image, linear)]
        for k, data in enumerate(boxes):
            if not _fits(self.limits[k], data):
                self.limits[k] = _square_limits(data)
        body = square_svg(pts, image, linear, x, y, self.limits, native)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="agbn-square-svg" '
                f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
                f'font-family="{C.css_fonts()}">{body}</svg>'), body
