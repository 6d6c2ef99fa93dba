"""VJPExplorer: v^T J two ways, as a product with the full Jacobian and with y.backward(v)."""
import numpy as np

from ..i18n import _
from . import _common as C
from .functions import LESSON_X, doubling
from .jacobian import _as_array, _call, _input, _raised, _widgets, evaluate

LESSON_V = [0.1, 1.0, 0.0001]
E_V_SIZE = ("f(x) has {m} elements but v has {n}: v needs one entry per element of "
            "y = f(x).")


class VJPResult:
    """v, J, v^T J by the explicit product, x.grad after y.backward(v), and whether they agree."""
    v = jacobian = explicit = backward = None
    max_diff = None
    agree = None
    error = None
    evaluation = None


def vector_jacobian(f, x_values, v_values, shape=None, dtype=None):
    """Compute v^T J both ways.  ``y.backward(v, inputs=[x])`` runs on a fresh copy of x, so no
    tensor of the caller (not even one f closes over) gets a .grad."""
    import autograd_bn as torch
    from ..autograd.grad_mode import enable_grad
    out = VJPResult()
    ev = out.evaluation = evaluate(f, x_values, shape=shape, dtype=dtype, fd=False)
    v = np.asarray(v_values, dtype=np.float64).reshape(-1)
    out.v = v
    if ev.error:
        out.error = ev.error
        return out
    if ev.y.size != v.size:
        out.error = _(E_V_SIZE).format(m=ev.y.size, n=v.size)
        return out
    out.jacobian = ev.jacobian
    out.explicit = v @ ev.jacobian
    x_np = _input(x_values, shape, dtype)
    x = torch.from_numpy(x_np.copy()).requires_grad_(True)
    with enable_grad():
        y, err = _call(f, x)
        if err:
            out.error = err
            return out
        try:
            with np.errstate(all="ignore"):
                y.backward(torch.tensor(v.reshape(y.shape), dtype=y.dtype), inputs=[x])
        except Exception as exc:                          # noqa: BLE001 - shown to the user
            out.error = _raised(exc)
            return out
    g = x.grad
    out.backward = np.zeros(x_np.size) if g is None else g.numpy().astype(float).reshape(-1)
    diff = np.abs(out.explicit - out.backward)
    out.max_diff = float(np.max(diff)) if diff.size else 0.0
    scale = float(np.max(np.abs(out.explicit))) if out.explicit.size else 0.0
    rtol = 1e-4 if x_np.dtype.itemsize <= 4 else 1e-10
    out.agree = bool(np.all(np.isfinite(diff)) and out.max_diff <= rtol * (1.0 + scale))
    return out


class VJPExplorer(C.SlidersMixin, _widgets().VBox):
    """Sliders for v; v^T J as an explicit product with the Jacobian and by one
    ``y.backward(v)``.  With no arguments: the lesson's y = 2^k x at the lesson's x, with
    v = [0.1, 1.0, 0.0001]."""

    def __init__(self, f=None, x=None, v=None, *, bengali_digits=None):
        w = _widgets()
        self.bengali = C.use_bengali_digits(bengali_digits)
        self.f = f if f is not None else doubling
        x0 = _as_array(x) if x is not None else np.array(LESSON_X if f is None else [0.0])
        self._x, self._shape, self._dtype = x0.reshape(-1), x0.shape, x0.dtype
        first = evaluate(self.f, self._x, self._shape, self._dtype, fd=False)
        if v is not None:
            v0 = _as_array(v).reshape(-1)
        elif f is None:
            v0 = np.array(LESSON_V)
        else:
            v0 = np.ones(first.y.size if first.y is not None else 1)
        self.slider_box = w.VBox()
        self.slider_box.add_class("agbn-v-sliders")
        self._readouts = []
        self.slider_box.children = self._make_sliders(w, "v", v0, "agbn-v-slider", 0.0001,
                                                      lambda _v: (-2.0, 2.0), stretch=True)
        self.xy_html = C.html_widget(w, "agbn-xy")
        self.jac_html = C.html_widget(w, "agbn-jacobian-matrix")
        self.explicit_html = C.html_widget(w, "agbn-vjp-explicit")
        self.backward_html = C.html_widget(w, "agbn-vjp-backward")
        self.agree_html = C.html_widget(w, "agbn-vjp-agree")
        self.message = C.html_widget(w, "agbn-message")
        super().__init__([self.slider_box, self.message, self.xy_html, self.jac_html,
                          self.explicit_html, self.backward_html, self.agree_html,
                          self._digits_box(w, self.bengali)])
        self.add_class("agbn-vjp-explorer")
        self.redraw()

    def __repr__(self):
        return f"VJPExplorer(x={self._x.tolist()!r}, v={self.v.tolist()!r})"

    @property
    def v(self):
        return np.array([s.value for s in self.sliders])

    def set_v(self, values):
        """Move the v sliders to ``values`` and redraw once."""
        self._move_sliders(values)

    @C.timed
    def redraw(self):
        """Recompute vᵀJ for the current v and re-render x, y, v, J and the two results.

        The two results are the explicit product with the Jacobian and x.grad after one
        ``y.backward(v)``, with whether they agree. Called on every slider change; the computation
        is kept in ``result`` and the time taken in ``last_redraw_seconds``.
        """
        b = self.bengali
        r = self.result = vector_jacobian(self.f, self._x, self.v, self._shape, self._dtype)
        ev = r.evaluation
        self.xy_html.value = C.xy_html(ev.x, ev.y, b) + C.vector_html("v", r.v, b, "agbn-v")
        self.message.value = C.message_html(r.error)
        if r.error:
            self.jac_html.value = self.explicit_html.value = ""
            self.backward_html.value = self.agree_html.value = ""
        else:
            self.jac_html.value = C.jacobian_html(r.jacobian, b)
            self.explicit_html.value = C.vector_html(
                _("vᵀJ, multiplying by the whole Jacobian"), r.explicit, b, "agbn-explicit")
            self.backward_html.value = C.vector_html(
                _("x.grad after one y.backward(v)"), r.backward, b, "agbn-backward")
            if r.agree:
                text = _("The two agree (largest difference {diff}).")
            else:
                text = _("The two differ (largest difference {diff}).")
            self.agree_html.value = C.agreement_html(
                "agbn-agreement", r.agree, r.max_diff, text.format(diff=C.fmt(r.max_diff, b)))
