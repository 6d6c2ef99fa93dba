"""JacobianExplorer: a function's Jacobian by autograd and by finite differences, live.

``evaluate`` does the work without any widget (the tests call it too); the widget only turns
its result into HTML and a picture.
"""
import numpy as np

from ..i18n import _
from . import _common as C
from .functions import examples, label
from .square import square_images

E_CALL = "The function raised {type}: {message}"
E_NOT_TENSOR = "The function must return one tensor, but it returned {type}."
E_EMPTY = "The function returned a tensor with no elements."
E_NO_GRAD = ("The output does not require grad: it was not computed from x by differentiable "
             "operations (for example through .detach(), .data or a new tensor), so autograd "
             "has no Jacobian to give.")
E_X_NAN = "x contains NaN or infinity."
E_Y_NAN = "y = f(x) contains NaN or infinity at this x: the function is not defined here."
E_J_NAN = ("The Jacobian contains NaN or infinity at this x: the function is not "
           "differentiable here.")
E_FD_SHAPE = ("At a nearby point the function returned shape {other} instead of {shape}: its "
              "output shape must not depend on the value of x.")
E_FD_FAIL = "Finite differences failed: {message}"


class Evaluation:
    """What the explorers show for one x: arrays are NumPy, flattened to vectors/matrices."""
    x = y = jacobian = fd = None
    y_shape = ()
    max_diff = None
    max_pos = None
    agree = None
    error = None            # a message: nothing (or only x) can be shown
    note = None             # a message shown next to the results

    def __repr__(self):
        return f"Evaluation(error={self.error!r}, agree={self.agree!r})"


def _raised(exc):
    """The message for an exception raised by the user's function."""
    return _(E_CALL).format(type=type(exc).__name__, message=exc)


def _input(x_values, shape, dtype):
    """x as a NumPy array in ``dtype`` (float64 by default), reshaped to ``shape`` if given."""
    x_np = np.asarray(x_values, dtype=dtype or np.float64)
    return x_np if shape is None else x_np.reshape(shape)


def _call(f, x):
    """f(x) with NumPy's warnings silenced; an exception becomes a message."""
    from ..tensor import Tensor
    try:
        with np.errstate(all="ignore"):
            y = f(x)
    except Exception as exc:                              # noqa: BLE001 - shown to the user
        return None, _raised(exc)
    if not isinstance(y, Tensor):
        return None, _(E_NOT_TENSOR).format(type=type(y).__name__)
    if y.numel() == 0:
        return None, _(E_EMPTY)
    return y, None


def fd_step(dtype):
    return 1e-3 if np.dtype(dtype).itemsize <= 4 else 1e-6


def tolerance(dtype, scale):
    return (1e-2 if np.dtype(dtype).itemsize <= 4 else 1e-6) * (1.0 + scale)


def evaluate(f, x_values, shape=None, dtype=None, fd=True):
    """Evaluate f at x: y, the Jacobian by autograd (one ``autograd.grad`` per output with a
    one-hot vector) and, with ``fd``, by central finite differences.

    Never raises for a bad function: problems are returned in ``.error`` / ``.note``.
    """
    import autograd_bn as torch
    from ..autograd.engine import grad
    from ..autograd.grad_mode import enable_grad
    res = Evaluation()
    x_np = _input(x_values, shape, dtype)
    res.x = x_np.reshape(-1)
    if not np.all(np.isfinite(x_np)):
        res.error = _(E_X_NAN)
        return res
    x = torch.from_numpy(x_np.copy()).requires_grad_(True)
    with enable_grad():
        y, res.error = _call(f, x)
    if res.error:
        return res
    res.y_shape = tuple(y.shape)
    res.y = y.detach().numpy().astype(np.float64).reshape(-1)
    if not y.requires_grad:
        res.error = _(E_NO_GRAD)
        return res
    if not np.all(np.isfinite(res.y)):
        res.error = _(E_Y_NAN)
        return res
    m, n = y.numel(), x.numel()
    jac = np.zeros((m, n))
    onehot = np.zeros(m, dtype=y.detach().numpy().dtype)
    try:
        with np.errstate(all="ignore"):
            for i in range(m):
                onehot[:] = 0
                onehot[i] = 1
                g, = grad(y, x, torch.from_numpy(onehot.reshape(y.shape).copy()),
                          retain_graph=True, allow_unused=True)
                if g is not None:
                    jac[i] = g.numpy().reshape(-1)
    except Exception as exc:                              # noqa: BLE001
        res.error = _raised(exc)
        return res
    res.jacobian = jac
    if not np.all(np.isfinite(jac)):
        res.note = _(E_J_NAN)
    if fd:
        _finite_differences(f, x_np, res)
    return res


def _finite_differences(f, x_np, res):
    import autograd_bn as torch
    from ..autograd.grad_mode import no_grad
    n = x_np.size
    h = fd_step(x_np.dtype)
    fd = np.zeros((res.y.size, n))
    flat = x_np.reshape(-1)
    for j in range(n):
        step = h * max(1.0, abs(float(flat[j])))
        cols = []
        for sign in (1.0, -1.0):
            xp = flat.copy()
            xp[j] += sign * step
            with no_grad():
                yp, err = _call(f, torch.from_numpy(xp.reshape(x_np.shape)))
            if err:
                res.note = _(E_FD_FAIL).format(message=err)
                return
            if tuple(yp.shape) != res.y_shape:
                res.note = _(E_FD_SHAPE).format(other=list(yp.shape), shape=list(res.y_shape))
                return
            cols.append(yp.numpy().astype(np.float64).reshape(-1))
        fd[:, j] = (cols[0] - cols[1]) / (2 * step)
    res.fd = fd
    diff = np.abs(fd - res.jacobian)
    diff[~np.isfinite(diff)] = np.inf
    k = int(np.argmax(diff))
    res.max_diff = float(diff.reshape(-1)[k])
    res.max_pos = divmod(k, n)
    finite = np.abs(res.jacobian[np.isfinite(res.jacobian)])
    scale = float(finite.max()) if finite.size else 0.0
    res.agree = bool(res.max_diff <= tolerance(x_np.dtype, scale))


# --------------------------------------------------------------------------- the widget
def _widgets():
    import ipywidgets
    return ipywidgets


class JacobianExplorer(C.SlidersMixin, _widgets().VBox):
    """Sliders for x; y = f(x), the Jacobian by autograd and by finite differences and, for a
    map R^2 -> R^2, how a small square around x is carried by f and by J.

    ``JacobianExplorer(f, x)`` explores your function (x: a tensor or nested list); with no
    function it starts on ``example`` ("doubling", "square", "rotation", "polar", "softmax"),
    at ``x`` if given.
    """

    def __init__(self, f=None, x=None, *, example=None, bengali_digits=None, square=0.25):
        w = _widgets()
        self.bengali = C.use_bengali_digits(bengali_digits)
        self._examples = examples()
        self._user = None
        if f is None and x is not None:        # a ready-made function at your point
            key = example or "square"
            self._examples[key] = (self._examples[key][0], _as_array(x).tolist())
        if f is not None:
            x0 = _as_array(x) if x is not None else np.zeros(1)
            self._user = (f, x0)
        keys = (["user"] if self._user else []) + list(self._examples)
        key = "user" if self._user else (example or "square")
        self.dropdown = w.Dropdown(options=[(label(k), k) for k in keys], value=key,
                                   description=_("Function"),
                                   layout=w.Layout(width="480px"))
        self.dropdown.add_class("agbn-function-select")
        self.slider_box = w.VBox()
        self.slider_box.add_class("agbn-input-sliders")
        self.size_box, self.size_slider, size_label = C.number_slider(
            w, _("Square size"), square, 0.01, 1.0, 0.01, "agbn-square-size", self.bengali)
        self.xy_html = C.html_widget(w, "agbn-xy")
        self.jac_html = C.html_widget(w, "agbn-jacobian-matrix")
        self.fd_html = C.html_widget(w, "agbn-fd-matrix")
        self.diff_html = C.html_widget(w, "agbn-fd-difference")
        self.message = C.html_widget(w, "agbn-message")
        self.image = w.Image(format="png")
        self.image.add_class("agbn-square-plot")
        self.picture = w.VBox([self.size_box, self.image])
        self.picture.add_class("agbn-square")
        self._size_readout = (self.size_slider, size_label)
        self._readouts = [self._size_readout]
        self._picture = None
        matrices = w.HBox([self.jac_html, self.fd_html])
        super().__init__([self.dropdown, self.slider_box, self.message, self.xy_html, matrices,
                          self.diff_html, self.picture, self._digits_box(w, self.bengali)])
        self.add_class("agbn-jacobian-explorer")
        self.dropdown.observe(self._on_select, names="value")
        self.size_slider.observe(self._on_slider, names="value")
        self._build_sliders()
        self.redraw()

    def __repr__(self):
        return f"JacobianExplorer(function={self.dropdown.value!r}, x={self.x.tolist()!r})"

    # --- state ---------------------------------------------------------------------------
    @property
    def function(self):
        key = self.dropdown.value
        return self._user[0] if key == "user" else self._examples[key][0]

    @property
    def x(self):
        """The current point, shaped like the function's input."""
        vals = np.array([s.value for s in self.sliders], dtype=self._dtype)
        return vals.reshape(self._shape)

    def _build_sliders(self):
        w = _widgets()
        key = self.dropdown.value
        x0 = self._user[1] if key == "user" else np.asarray(self._examples[key][1], float)
        self._shape, self._dtype = x0.shape, x0.dtype
        self._start = x0.reshape(-1)
        self._readouts = [self._size_readout]
        self.slider_box.children = self._make_sliders(w, "x", self._start, "agbn-input-slider",
                                                      0.01, C.slider_range)

    def select(self, key):
        """Switch to a ready-made function (or "user") and redraw."""
        self.dropdown.value = key

    def set_x(self, values):
        """Move the sliders to ``values`` (any shape with the right number of entries) and
        redraw once."""
        self._move_sliders(values)

    def _on_select(self, _change):
        self._build_sliders()
        self.redraw()

    # --- drawing -------------------------------------------------------------------------
    @C.timed
    def redraw(self):
        """Re-evaluate the function at the current x and re-render everything shown.

        That is x, y = f(x), the Jacobian by autograd and by finite differences, their largest
        difference and, for a function from 2 numbers to 2, the picture of a small square and its
        image. Called on every slider or dropdown change; the evaluation is kept in ``result`` and
        the time taken in ``last_redraw_seconds``.
        """
        b = self.bengali
        res = self.result = evaluate(self.function, self.x, dtype=self._dtype)
        self.xy_html.value = C.xy_html(res.x, res.y, b)
        self.message.value = (C.message_html(res.error) if res.error else
                              C.message_html(res.note, "note") if res.note else "")
        if res.jacobian is None:
            self.jac_html.value = self.fd_html.value = self.diff_html.value = ""
            self.picture.layout.display = "none"
        else:
            self.jac_html.value = C.jacobian_html(res.jacobian, b)
            self._draw_fd(res, b)
            self._draw_square(res, b)

    def _draw_fd(self, res, b):
        if res.fd is None:
            self.fd_html.value = self.diff_html.value = ""
            return
        self.fd_html.value = C.matrix_html(res.fd, b, css="agbn-matrix agbn-fd",
                                           caption=_("The same by finite differences"))
        i, j = res.max_pos
        text = _("Largest difference: {diff} (row {row}, column {col})").format(
            diff=C.fmt(res.max_diff, b), row=C.to_digits(i + 1, b), col=C.to_digits(j + 1, b))
        verdict = _("they agree") if res.agree else _("they do NOT agree")
        self.diff_html.value = C.agreement_html("agbn-fd-diff", res.agree, res.max_diff,
                                                f"{text}: {verdict}")

    def _draw_square(self, res, b):
        if res.x.size != 2 or res.y.size != 2:
            self.picture.layout.display = "none"
            return
        self.picture.layout.display = None
        half = self.size_slider.value
        pts, image, linear = square_images(
            lambda t: self.function(t.reshape(self._shape)), res.x, res.jacobian, res.y, half)
        self.square = {"square": pts, "image": image, "linear": linear}
        if self._picture is None:
            from .square import SquarePicture
            self._picture = SquarePicture()
        self.image.value = self._picture.render(pts, image, linear, res.x, res.y, b)


def _as_array(x):
    from ..tensor import Tensor
    if isinstance(x, Tensor):
        a = x.detach().numpy()
        return np.array(a, dtype=a.dtype if a.dtype.kind == "f" else np.float64)
    return np.array(x, dtype=np.float64)
