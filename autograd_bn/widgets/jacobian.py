"""JacobianExplorer: a function's Jacobian by autograd and by finite differences, live.

The numbers come from evaluation.py (``evaluate`` works without any widget); the widget turns
them into HTML and pictures.  Small Jacobians (up to 10 x 10) are shown whole; larger ones as a
block of 8 x 8 chosen with two sliders, an overview picture of sampled rows, and sliders for
the block's components only (see _window.py); finite differences are computed for the block.
Bad input (an x that is not numbers, empty, too large, NaN or infinite; an unknown example; a
function that is not callable) is shown in the widget's message box, like a failing function;
a bad argument to a method (``set_x``, ``select``) raises ValueError with a translated message.
"""
import numpy as np

from ..i18n import _
from ..tensor import Tensor
from . import _common as C
from . import _window as W
from .evaluation import (E_X_NUMBERS, Evaluation, Evaluator, _call, _raised,  # noqa: F401
                         as_input, check_x, evaluate, fd_step, tolerance)
from .functions import examples, label
from .picture import PictureMixin, Sheet, picture_note
from .square import HEIGHT, WIDTH, SquarePicture, square_images

E_EXAMPLE = "There is no example {key}: choose one of {keys}."


def _widgets():
    import ipywidgets
    return ipywidgets


def _as_array(x):
    """x as a NumPy array: a tensor keeps its floating dtype, anything else is float64.
    Raises ValueError (translated) if x is not numbers."""
    if isinstance(x, Tensor):
        a = x.detach().numpy()
        return np.array(a, dtype=a.dtype if a.dtype.kind == "f" else np.float64)
    return np.array(as_input(x), dtype=np.float64)


def _start(x, default):
    """(array, message): x as an array, or an empty array and the reason it is not one."""
    if x is None:
        return np.asarray(default, dtype=np.float64), None
    try:
        return _as_array(x), None
    except ValueError as exc:
        return np.zeros(0), str(exc)


class JacobianExplorer(PictureMixin, W.SlidersMixin, W.WindowMixin, _widgets().VBox):
    """Sliders for x; y = f(x), the Jacobian by autograd and by finite differences and, for a
    map R^2 -> R^2, how a small square around x is carried by f and by J.

    ``JacobianExplorer(f, x)`` explores your function (x: a tensor or nested list); with no
    function it starts on ``example`` ("doubling", "square", "rotation", "polar", "softmax"),
    at ``x`` if given.
    """

    def __init__(self, f=None, x=None, *, example=None, native_digits=None, square=0.25,
                 bengali_digits=None):
        w = _widgets()
        self.bengali = C.digits_option(native_digits, bengali_digits)
        self._entries = {k: (fn, np.asarray(x0, dtype=np.float64), None)
                         for k, (fn, x0) in examples().items()}
        self._problem = None
        if example is not None and example not in self._entries:
            self._problem = _(E_EXAMPLE).format(key=repr(example),
                                                keys=", ".join(self._entries))
            example = None
        if f is not None:
            self._entries = {"user": (f,) + _start(x, [0.0]), **self._entries}
        elif x is not None:                     # a ready-made function at your point
            key = example or "square"
            self._entries[key] = (self._entries[key][0],) + _start(x, [0.0])
        key = "user" if f is not None else (example or "square")
        self.dropdown = w.Dropdown(options=self._options(), value=key,
                                   layout=w.Layout(width="480px"))
        self._labelled(self.dropdown, "function")
        self.dropdown.add_class("agbn-function-select")
        self.slider_box = w.VBox()
        self.slider_box.add_class("agbn-input-sliders")
        self.size_box, self.size_slider, size_label = C.number_slider(
            w, "", square, 0.01, 1.0, 0.01, "agbn-square-size", self.bengali)
        self._labelled(self.size_slider, "square_size")
        self._fixed_readouts = [(self.size_slider, size_label)]
        self._readouts = list(self._fixed_readouts)
        self._init_sliders("x", "agbn-input-slider", 0.01, C.slider_range, stretch=False)
        self.xy_html = C.html_widget(w, "agbn-xy")
        self.block_html = C.html_widget(w, "agbn-block-caption-box")
        self.jac_html = C.html_widget(w, "agbn-jacobian-matrix")
        self.fd_html = C.html_widget(w, "agbn-fd-matrix")
        self.diff_html = C.html_widget(w, "agbn-fd-difference")
        self.message = C.html_widget(w, "agbn-message")
        self.overview_html = C.html_widget(w, "agbn-overview-text")
        self.overview_image = w.Image(format="png")
        self.overview_image.add_class("agbn-overview-plot")
        self.overview = w.VBox([self.overview_html, self.overview_image])
        self.overview.add_class("agbn-overview")
        self.overview.layout.display = "none"
        self.image = C.html_widget(w, "agbn-square-plot")      # an SVG picture
        self.picture = w.VBox([self.size_box, self.image])
        self.picture.add_class("agbn-square")
        self._picture, self._square_body = SquarePicture(), None
        self._evaluator, self._ev_key = None, None
        window = self._window_controls(w)
        matrices = w.HBox([self.jac_html, self.fd_html])
        super().__init__([self.dropdown, self.slider_box, window, self.message, self.xy_html,
                          self.overview, self.block_html, matrices, self.diff_html,
                          self.picture, self._digits_box(w, self.bengali)])
        self.add_class("agbn-jacobian-explorer")
        self.dropdown.observe(self._on_select, names="value")
        self.size_slider.observe(self._on_slider, names="value")
        self._build_sliders()
        self.redraw()

    def __repr__(self):
        return f"JacobianExplorer(function={self.dropdown.value!r}, x={self.x.tolist()!r})"

    def _options(self):
        return [(label(k), k) for k in self._entries]

    def _relabel_more(self):
        key, self._quiet = self.dropdown.value, True
        try:
            self.dropdown.options = self._options()
            self.dropdown.value = key
        finally:
            self._quiet = False

    # --- state ---------------------------------------------------------------------------
    @property
    def function(self):
        return self._entries[self.dropdown.value][0]

    @property
    def x(self):
        """The current point, shaped like the function's input."""
        return self._values.astype(self._dtype).reshape(self._shape)

    def _build_sliders(self):
        f, x0, self._x_problem = self._entries[self.dropdown.value]
        self._shape, self._dtype = x0.shape, x0.dtype
        self._values = x0.astype(np.float64).reshape(-1).copy()
        self._quiet = True
        try:
            self.row_slider.value = self.col_slider.value = 1
        finally:
            self._quiet = False
        self._r0 = self._c0 = 0
        n = self._values.size
        if n > W.TABLE and n <= W.MAX_ELEMENTS:
            self._show_sliders(W.block(0, W.BLOCK, n))
        else:
            self._show_sliders(np.arange(n) if n <= W.TABLE else [])

    def _window_moved(self):
        n = self._values.size
        if n > W.TABLE:
            self._show_sliders(W.block(self._c0, W.BLOCK, n))

    def select(self, key):
        """Switch to a ready-made function (or "user") and redraw."""
        if key not in self._entries:
            raise ValueError(_(E_EXAMPLE).format(key=repr(key), keys=", ".join(self._entries)))
        self.dropdown.value = key

    def set_x(self, values):
        """Move the sliders to ``values`` (any shape with the right number of entries) and
        redraw once.  NaN or infinity is taken, and reported in the message box."""
        self._move_sliders(self._parse_values(values, "x", self._values.size, np.float64))

    def _on_select(self, _change):
        if self._quiet:
            return
        self._problem = None
        self._build_sliders()
        self.redraw()

    # --- drawing -------------------------------------------------------------------------
    def _evaluate(self):
        b = self.bengali
        x_np = self.x
        problem = self._problem or self._x_problem or check_x(x_np, b)
        if problem:
            res = Evaluation()
            res.x, res.error = x_np.reshape(-1), problem
            self._evaluator = None
            return res
        key = (self.dropdown.value, x_np.tobytes())
        if key != self._ev_key:
            self._evaluator, self._ev_key = Evaluator(self.function, x_np, b), key
        ev = self._evaluator
        if ev.error:
            return evaluate(None, None, evaluator=ev)
        self._set_window(ev.m, ev.n)
        rows, cols = self._window_index()
        return evaluate(None, None, evaluator=ev, rows=rows, cols=cols,
                        overview=not W.whole(ev.m, ev.n))

    @C.timed
    def redraw(self):
        """Re-evaluate the function at the current x and re-render everything shown.

        That is x, y = f(x), the Jacobian by autograd and by finite differences (the block
        shown of a large one, with an overview), their largest difference and, for a function
        from 2 numbers to 2, the picture of a small square and its image. Called on every
        slider or dropdown change; the evaluation is kept in ``result`` and the time taken in
        ``last_redraw_seconds``.
        """
        b = self.bengali
        res = self.result = self._evaluate()
        show = res.rows is not None
        if not show:
            self.window_box.layout.display = "none"
        self.xy_html.value = C.xy_html(res.x if res.x is not None and res.x.size else None,
                                       res.y, b, res.cols if show else W.first(res.x),
                                       res.rows if show else W.first(res.y))
        self.message.value = (C.message_html(res.error) if res.error else
                              C.message_html(res.note, "note") if res.note else "")
        if res.jacobian is None:
            self.jac_html.value = self.fd_html.value = self.diff_html.value = ""
            self.block_html.value = ""
            self.picture.layout.display = self.overview.layout.display = "none"
            return
        self._window_readouts(res.rows, res.cols)
        self.block_html.value = self._block_caption(res.rows, res.cols)
        self.jac_html.value = C.jacobian_html(res.jacobian, b, res.rows, res.cols)
        self._draw_fd(res, b)
        self._draw_overview(res, b)
        self._draw_square(res, b)

    def _draw_fd(self, res, b):
        if res.fd is None:
            self.fd_html.value = self.diff_html.value = ""
            return
        self.fd_html.value = C.matrix_html(res.fd, b, css="agbn-matrix agbn-fd",
                                           caption=_("The same by finite differences"),
                                           rows=res.rows, cols=res.cols)
        self.diff_html.value = C.agreement_html("agbn-fd-diff", res.agree, res.max_diff,
                                                self._fd_text(res, b))

    @staticmethod
    def _fd_text(res, b):
        i, j = res.max_pos
        text = _("Largest difference: {diff} (row {row}, column {col})").format(
            diff=C.fmt(res.max_diff, b), row=C.to_digits(i + 1, b), col=C.to_digits(j + 1, b))
        verdict = _("they agree") if res.agree else _("they do NOT agree")
        return f"{text}: {verdict}"

    def _draw_overview(self, res, b):
        if res.overview is None:
            self.overview.layout.display = "none"
            return
        self.overview.layout.display = None
        self.overview_html.value = W.overview_caption(res, b)
        self.overview_image.value = W.overview_png(res, res.rows, res.cols)

    def _draw_square(self, res, b):
        if res.x.size != 2 or res.y.size != 2:
            self.picture.layout.display = "none"
            return
        self.picture.layout.display = None
        half = self.size_slider.value
        pts, image, linear = square_images(
            lambda t: self.function(t.reshape(self._shape)), res.x, res.jacobian, res.y, half)
        self.square = {"square": pts, "image": image, "linear": linear}
        self.image.value, self._square_body = self._picture.render(pts, image, linear, res.x,
                                                                  res.y, b)

    # --- the static picture --------------------------------------------------------------
    def static_svg(self):
        """What the widget shows now, as one SVG (see picture.py): the function, x and y, the
        two Jacobians (the block shown of a large one), their largest difference and, for a
        map R^2 -> R^2, the picture of the square."""
        b, res = self.bengali, self.result
        sheet = Sheet("agbn-jacobian-explorer")
        sheet.note(picture_note())
        sheet.text(f"{C.label_text('function')}: {label(self.dropdown.value)}", bold=True)
        sheet.message(res.error) if res.error else sheet.message(res.note, "note")
        show = res.rows is not None
        if res.x is not None and res.x.size:
            sheet.vector("x", res.x, b, "agbn-x", res.cols if show else W.first(res.x))
        if res.y is not None:
            sheet.vector("y = f(x)", res.y, b, "agbn-y", res.rows if show else W.first(res.y))
        if res.jacobian is None:
            return sheet.svg()
        sheet.text(self._block_text(res.rows, res.cols), 12, "#333")
        tables = [(res.jacobian, _("Jacobian J by autograd"), "agbn-autograd", res.rows,
                   res.cols)]
        if res.fd is not None:
            tables.append((res.fd, _("The same by finite differences"), "agbn-fd", res.rows,
                           res.cols))
        sheet.matrices(tables, b)
        if res.fd is not None:
            mark = "✓" if res.agree else "✗"
            sheet.text(f"{mark} {self._fd_text(res, b)}", css="agbn-fd-diff",
                       colour="#000" if res.agree else "#b00020")
        if self.picture.layout.display is None and self._square_body:
            sheet.picture(self._square_body, WIDTH, HEIGHT)
        return sheet.svg()
