"""VJPExplorer: v^T J two ways, as a product with the full Jacobian and with y.backward(v).

f runs once at x (``Evaluator``); every move of a v slider then costs one matrix-vector
product with the Jacobian kept from the start and one ``y.backward(v, retain_graph=True)``.
The product with the whole Jacobian is made when it has at most ``FULL_ENTRIES`` (10^6)
entries (8 MB, one backward pass per row to build); beyond that only backward gives v^T J,
which is the point of it, and a note says so.  Large v and x are shown by blocks as in
JacobianExplorer.
"""
import numpy as np

import autograd_bn as torch
from ..autograd.grad_mode import enable_grad
from ..i18n import _
from . import _common as C
from . import _window as W
from .evaluation import FULL_ENTRIES, Evaluator, Failed, _raised, as_input, check_x, evaluate
from .functions import LESSON_X, doubling
from .jacobian import _start, _widgets
from .picture import PictureMixin, Sheet, picture_note

LESSON_V = [0.1, 1.0, 0.0001]
E_V_SIZE = ("f(x) has {m} elements but v has {n}: v needs one entry per element of "
            "y = f(x).")
E_V_NAN = "v contains NaN or infinity ({name} = {value}): give it a finite value."
N_EXPLICIT = ("The whole Jacobian would have {m} × {n} = {size} entries, more than the {limit} "
              "multiplied out here: one y.backward(v) gives vᵀJ without ever building it.")


class VJPResult:
    """v, the Jacobian (the rows ``rows`` and columns ``cols`` shown), v^T J by the explicit
    product (None when the Jacobian is too large to build), x.grad after y.backward(v), and
    whether they agree."""
    v = jacobian = explicit = backward = rows = cols = None
    max_diff = None
    agree = None
    error = None
    note = None
    evaluation = None


class VJPState:
    """f evaluated once at x, and the whole Jacobian if it is small enough."""

    def __init__(self, f, x_np, bengali=False):
        self.ev = Evaluator(f, x_np, bengali)
        self.error, self.note, self.jacobian = self.ev.error, None, None
        if self.error:
            return
        m, n = self.ev.m, self.ev.n
        if m * n <= FULL_ENTRIES:
            try:
                self.jacobian = self.ev.rows(np.arange(m))
            except Failed as exc:
                self.error = str(exc)
        else:
            self.note = _(N_EXPLICIT).format(m=C.to_digits(m, bengali), n=C.to_digits(n, bengali),
                                             size=C.to_digits(m * n, bengali),
                                             limit=C.to_digits(FULL_ENTRIES, bengali))

    def result(self, v, rows=None, cols=None, bengali=False):
        out = VJPResult()
        out.v = v = np.asarray(v, dtype=np.float64).reshape(-1)
        ev = self.ev
        out.error, out.note = self.error, self.note
        if ev.error:
            out.evaluation = evaluate(None, None, evaluator=ev)
            return out
        out.rows = np.arange(ev.m) if rows is None else np.asarray(rows, dtype=int)
        out.cols = np.arange(ev.n) if cols is None else np.asarray(cols, dtype=int)
        if ev.m != v.size:
            out.rows = out.rows[out.rows < ev.m]
        out.evaluation = evaluate(None, None, fd=False, evaluator=ev, rows=out.rows,
                                  cols=out.cols)
        out.error = out.error or out.evaluation.error
        if out.error:
            return out
        if ev.m != v.size:
            out.error = _(E_V_SIZE).format(m=C.to_digits(ev.m, bengali),
                                           n=C.to_digits(v.size, bengali))
            return out
        bad = np.flatnonzero(~np.isfinite(v))
        if bad.size:
            out.error = _(E_V_NAN).format(name=C.sub("v", int(bad[0])),
                                          value=C.fmt(v[bad[0]], bengali))
            return out
        out.jacobian = out.evaluation.jacobian
        if self.jacobian is not None:
            out.explicit = v @ self.jacobian
        x, y = ev.x, ev.y
        x.grad = None
        with enable_grad():
            try:
                with np.errstate(all="ignore"):
                    y.backward(torch.tensor(v.reshape(y.shape), dtype=y.dtype), inputs=[x],
                               retain_graph=True)
            except Exception as exc:                      # noqa: BLE001 - shown to the user
                out.error = _raised(exc)
                return out
        g, x.grad = x.grad, None
        out.backward = np.zeros(ev.n) if g is None else g.numpy().astype(float).reshape(-1)
        if out.explicit is not None:
            diff = np.abs(out.explicit - out.backward)
            out.max_diff = float(np.max(diff)) if diff.size else 0.0
            scale = float(np.max(np.abs(out.explicit))) if out.explicit.size else 0.0
            rtol = 1e-4 if ev.x_np.dtype.itemsize <= 4 else 1e-10
            out.agree = bool(np.all(np.isfinite(diff)) and out.max_diff <= rtol * (1.0 + scale))
        return out


def vector_jacobian(f, x_values, v_values, shape=None, dtype=None):
    """Compute v^T J both ways.  ``y.backward(v, inputs=[x])`` runs on a fresh copy of x, so no
    tensor of the caller (not even one f closes over) gets a .grad."""
    out = VJPResult()
    try:
        x_np = as_input(x_values, dtype, shape)
        out.v = as_input(v_values).reshape(-1)
    except ValueError as exc:
        out.error = str(exc)
        return out
    out.error = check_x(x_np)
    if out.error:
        return out
    return VJPState(f, x_np).result(out.v)


class VJPExplorer(PictureMixin, W.SlidersMixin, W.WindowMixin, _widgets().VBox):
    """Sliders for v; v^T J as an explicit product with the Jacobian and by one
    ``y.backward(v)``.  With no arguments: the lesson's y = 2^k x at the lesson's x, with
    v = [0.1, 1.0, 0.0001]."""

    def __init__(self, f=None, x=None, v=None, *, native_digits=None, bengali_digits=None):
        w = _widgets()
        self.bengali = b = C.digits_option(native_digits, bengali_digits)
        self.f = f if f is not None else doubling
        x0, problem = _start(x, LESSON_X if f is None else [0.0])
        self._x, self._shape, self._dtype = x0.reshape(-1), x0.shape, x0.dtype
        self._problem = problem or check_x(x0, b)
        self._state = None if self._problem else VJPState(self.f, x0, b)
        m = self._state.ev.m if self._state and not self._state.ev.error else None
        v0, v_problem = _start(v, LESSON_V if f is None else np.ones(m or 1))
        self._problem = self._problem or v_problem
        self._values = v0.astype(np.float64).reshape(-1).copy()
        self.slider_box = w.VBox()
        self.slider_box.add_class("agbn-v-sliders")
        self._fixed_readouts, self._readouts = [], []
        self._init_sliders("v", "agbn-v-slider", 0.0001, lambda _v: (-2.0, 2.0), stretch=True)
        self.xy_html = C.html_widget(w, "agbn-xy")
        self.block_html = C.html_widget(w, "agbn-block-caption-box")
        self.jac_html = C.html_widget(w, "agbn-jacobian-matrix")
        self.explicit_html = C.html_widget(w, "agbn-vjp-explicit")
        self.backward_html = C.html_widget(w, "agbn-vjp-backward")
        self.agree_html = C.html_widget(w, "agbn-vjp-agree")
        self.message = C.html_widget(w, "agbn-message")
        window = self._window_controls(w)
        super().__init__([self.slider_box, window, self.message, self.xy_html, self.block_html,
                          self.jac_html, self.explicit_html, self.backward_html, self.agree_html,
                          self._digits_box(w, b)])
        self.add_class("agbn-vjp-explorer")
        self._set_window(self._values.size, self._x.size)
        self._window_moved()
        self.redraw()

    def __repr__(self):
        return f"VJPExplorer(x={self._x.tolist()!r}, v={self.v.tolist()!r})"

    @property
    def v(self):
        return self._values.copy()

    def set_v(self, values):
        """Move the v sliders to ``values`` and redraw once.  NaN or infinity is taken, and
        reported in the message box."""
        self._move_sliders(self._parse_values(values, "v", self._values.size, np.float64))

    def _window_moved(self):
        m = self._values.size
        self._show_sliders(np.arange(m) if m <= W.TABLE else W.block(self._r0, W.BLOCK, m))

    @C.timed
    def redraw(self):
        """Recompute vᵀJ for the current v and re-render x, y, v, J and the two results.

        The two results are the explicit product with the Jacobian and x.grad after one
        ``y.backward(v)``, with whether they agree. Called on every slider change; the computation
        is kept in ``result`` and the time taken in ``last_redraw_seconds``.
        """
        b = self.bengali
        rows, cols = self._window_index()
        if self._problem:
            r = VJPResult()
            r.v, r.error = self._values, self._problem
        else:
            r = self._state.result(self._values, rows, cols, b)
        self.result = r
        ev = r.evaluation
        y = ev.y if ev is not None else None
        x = self._x if self._x.size else None
        yrows = rows if y is not None and y.size == self._values.size else W.first(y)
        self.xy_html.value = (C.xy_html(x, y, b, cols if x is not None else None, yrows)
                              + C.vector_html("v", self._values, b, "agbn-v", rows))
        self.message.value = (C.message_html(r.error) if r.error else
                              C.message_html(r.note, "note") if r.note else "")
        if r.error:
            self.jac_html.value = self.explicit_html.value = self.block_html.value = ""
            self.backward_html.value = self.agree_html.value = ""
            return
        self._window_readouts(r.rows, r.cols)
        self.block_html.value = self._block_caption(r.rows, r.cols)
        self.jac_html.value = C.jacobian_html(r.jacobian, b, r.rows, r.cols)
        self.explicit_html.value = "" if r.explicit is None else C.vector_html(
            _("vᵀJ, multiplying by the whole Jacobian"), r.explicit, b, "agbn-explicit", r.cols)
        self.backward_html.value = C.vector_html(
            _("x.grad after one y.backward(v)"), r.backward, b, "agbn-backward", r.cols)
        if r.agree is None:
            self.agree_html.value = ""
            return
        self.agree_html.value = C.agreement_html("agbn-agreement", r.agree, r.max_diff,
                                                 self._agree_text(r, b))

    @staticmethod
    def _agree_text(r, b):
        if r.agree:
            text = _("The two agree (largest difference {diff}).")
        else:
            text = _("The two differ (largest difference {diff}).")
        return text.format(diff=C.fmt(r.max_diff, b))

    def static_svg(self):
        """What the widget shows now, as one SVG (see picture.py): x, y, v, the Jacobian,
        vᵀJ both ways and whether they agree."""
        b, r = self.bengali, self.result
        rows, cols = self._window_index()
        sheet = Sheet("agbn-vjp-explorer")
        sheet.note(picture_note())
        sheet.message(r.error) if r.error else sheet.message(r.note, "note")
        ev = r.evaluation
        y = ev.y if ev is not None else None
        if self._x.size:
            sheet.vector("x", self._x, b, "agbn-x", cols)
        if y is not None:
            sheet.vector("y = f(x)", y, b, "agbn-y",
                         rows if y.size == self._values.size else W.first(y))
        sheet.vector("v", self._values, b, "agbn-v", rows)
        if r.error:
            return sheet.svg()
        sheet.text(self._block_text(r.rows, r.cols), 12, "#333")
        sheet.matrices([(r.jacobian, _("Jacobian J by autograd"), "agbn-autograd", r.rows,
                         r.cols)], b)
        if r.explicit is not None:
            sheet.vector(_("vᵀJ, multiplying by the whole Jacobian"), r.explicit, b,
                         "agbn-explicit", r.cols)
        sheet.vector(_("x.grad after one y.backward(v)"), r.backward, b, "agbn-backward",
                     r.cols)
        if r.agree is not None:
            sheet.text(("✓ " if r.agree else "✗ ") + self._agree_text(r, b),
                       colour="#000" if r.agree else "#b00020", css="agbn-agreement")
        return sheet.svg()
