"""The picture of JacobianExplorer for maps R^2 -> R^2: a small square around x (left) and
its images under f and under the linearisation y + J (p - x) (right).

Speed: redrawing a whole matplotlib figure costs 40-60 ms, mostly tick labels.  The axes
limits therefore stay put while the curves fit comfortably; then only the curves are drawn
over a saved background (blitting) and the pixels are encoded as PNG, a few milliseconds.
A full draw happens when the language, the digits or the limits change.
"""
import io

import numpy as np

import autograd_bn as torch
from ..autograd.grad_mode import no_grad
from ..i18n import _
from . import _common as C


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


class SquarePicture:
    """A persistent two-panel figure; ``render(...)`` returns PNG bytes."""

    def __init__(self):
        import matplotlib
        from matplotlib.ticker import MaxNLocator
        self.fig = C.mpl_figure((7.5, 3.4))
        with matplotlib.rc_context({"font.family": C.FONT_FAMILY}):
            self.axes = self.fig.subplots(1, 2)
            for ax in self.axes:
                ax.set_aspect("equal", adjustable="box")
                ax.grid(True, alpha=0.3)
                ax.tick_params(labelsize=8)
                ax.xaxis.set_major_locator(MaxNLocator(4))
                ax.yaxis.set_major_locator(MaxNLocator(4))
            ax_in, ax_out = self.axes
            self.lines = {
                "square": ax_in.plot([], [], color="#1f77b4", animated=True)[0],
                "x": ax_in.plot([], [], "o", color="#1f77b4", animated=True)[0],
                "image": ax_out.plot([], [], color="#1f77b4", animated=True)[0],
                "linear": ax_out.plot([], [], "--", color="#d62728", animated=True)[0],
                "y": ax_out.plot([], [], "o", color="#1f77b4", animated=True)[0],
            }
            self.fig.subplots_adjust(left=0.08, right=0.98, bottom=0.1, top=0.88, wspace=0.25)
        self.limits = [None, None]
        self.key = None                  # (language texts, digits) of the saved background
        self.background = None
        self.full_draws = 0

    def render(self, pts, image, linear, x, y, bengali):
        import matplotlib
        boxes = [_box(pts), _box(image, linear)]
        texts = (_("input: a square around x"), _("output: carried by f and by J"),
                 _("f(square)"), _("y + J (p − x)"))
        key = (texts, bengali)
        stale = self.background is None or key != self.key
        for k, data in enumerate(boxes):
            if not _fits(self.limits[k], data):
                self.limits[k] = _square_limits(data)
                stale = True
        with matplotlib.rc_context({"font.family": C.FONT_FAMILY}):
            if stale:
                self._draw_background(texts, bengali)
                self.key = key
            canvas = self.fig.canvas
            canvas.restore_region(self.background)
            data = {"square": pts, "x": x.reshape(1, 2), "image": image, "linear": linear,
                    "y": y.reshape(1, 2)}
            for name, line in self.lines.items():
                line.set_data(data[name][:, 0], data[name][:, 1])
                line.axes.draw_artist(line)
            return _png(np.asarray(canvas.buffer_rgba()))

    def _draw_background(self, texts, bengali):
        from matplotlib.lines import Line2D
        ax_in, ax_out = self.axes
        for ax, (xlim, ylim) in zip(self.axes, self.limits):
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)
            ax.xaxis.set_major_formatter(C.digit_formatter(bengali))
            ax.yaxis.set_major_formatter(C.digit_formatter(bengali))
        ax_in.set_title(texts[0], fontsize=10, y=1.02)      # a fixed y: no auto-placement
        ax_out.set_title(texts[1], fontsize=10, y=1.02)
        proxies = [Line2D([], [], color="#1f77b4"), Line2D([], [], ls="--", color="#d62728")]
        ax_out.legend(proxies, texts[2:], loc="upper left", fontsize=8)
        self.fig.canvas.draw()
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self.full_draws += 1


def _png(rgba):
    from PIL import Image
    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=1)
    return buf.getvalue()
