"""GraphView: the graph behind a tensor as SVG, and its backward pass one node at a time.

graph_model.py finds the graph and replays the backward pass (``collect``, ``replay``,
``layout``); graph_svg.py draws it, whole when it is small and through a window around the
current node when it is large.  Bad input (not a tensor, no graph, a gradient of the wrong
shape, a graph already freed) is shown in the widget's message box; a bad argument to
``step`` or ``explain`` raises TypeError / ValueError with a translated message.
"""
import math
import numbers
import re

from ..i18n import _
from ..tensor import Tensor
from . import _common as C
from .graph_model import (E_FREED, E_GRADIENT, E_REPLAY, OUTPUT, GraphModel, Step,  # noqa: F401
                          collect, layout, message, replay)
from .graph_svg import Drawing, fmt_grad
from .jacobian import _widgets
from .picture import PictureMixin, Sheet, picture_note

E_NO_GRAPH = "This tensor has no graph: it does not require grad."
E_LEAF = "This tensor is a leaf: it was made by you, not by an operation, so it has no graph."
E_NOT_A_TENSOR = "GraphView draws the graph behind a tensor, not behind {type}."
E_STEP_TYPE = "A step is a whole number from 0 to {n}, not {value}."
E_NO_STEP = "There is no step {k}: the steps of this backward pass are 0 to {n}."


def svg(t, nodes, edges, steps, upto, bengali=False):
    """The graph as an SVG string, with the gradients of the first ``upto`` steps shown."""
    model = GraphModel(tuple(t.shape), nodes, edges, steps)
    return Drawing(model).svg(upto, bengali)[0]


def step_number(k, n, clamp=True):
    """``k`` as a step from 0 to n: an integer (or a float with an integer value; ±∞ is the
    first or last step when ``clamp``).  Out of range: clamped, or ValueError."""
    value = k
    if isinstance(k, numbers.Integral):
        k = int(k)
    elif isinstance(k, numbers.Real) and not math.isnan(k) and (math.isinf(k) or k == int(k)):
        k = (n + 1 if k > 0 else -1) if math.isinf(k) else int(k)
    else:
        raise (TypeError if not isinstance(k, numbers.Real) else ValueError)(
            _(E_STEP_TYPE).format(n=n, value=repr(value)))
    if 0 <= k <= n:
        return k
    if clamp:
        return max(0, min(n, k))
    raise ValueError(_(E_NO_STEP).format(k=repr(value), n=n))


class GraphView(PictureMixin, C.DigitsMixin, _widgets().VBox):
    """The graph behind ``t`` with a step control for its backward pass.

    ``gradient``: the vector for a non-scalar ``t`` (as in ``t.backward(gradient)``).
    Draw the graph before ``t.backward()``: backward frees the values a replay needs.
    """
    last_redraw_seconds = None

    def __init__(self, t, gradient=None, *, native_digits=None, bengali_digits=None):
        w = _widgets()
        self.bengali = C.digits_option(native_digits, bengali_digits)
        self.tensor = t
        self.model, self.error = None, None
        if not isinstance(t, Tensor):
            self.error = _(E_NOT_A_TENSOR).format(type=type(t).__name__)
        elif t.grad_fn is None:
            self.error = _(E_LEAF) if t.requires_grad else _(E_NO_GRAPH)
        else:
            self.model = GraphModel.of(t, gradient)
            self.error = self._message()
        m = self.model
        self.nodes, self.edges = (m.nodes, m.edges) if m else ({}, [])
        self.steps, self.leaf_grads = (m.steps, m.leaf_grads) if m else ([], {})
        self._drawing = Drawing(m) if m else None
        self.svg_html = w.HTML()
        self.svg_html.add_class("agbn-graph-svg")
        self.step_slider = w.IntSlider(value=0, min=0, max=len(self.steps), readout=False)
        self._labelled(self.step_slider, "step")
        self.step_slider.add_class("agbn-step-slider")
        self.step_label = w.Label()
        self.step_label.add_class("agbn-slider-readout")
        self.prev_button = self._labelled(w.Button(), "back")
        self.prev_button.add_class("agbn-step-prev")
        self.next_button = self._labelled(w.Button(), "next")
        self.next_button.add_class("agbn-step-next")
        self.reset_button = self._labelled(w.Button(), "reset")
        self.reset_button.add_class("agbn-step-reset")
        self.text = w.HTML()
        self.text.add_class("agbn-step-text")
        self.message = w.HTML(C.message_html(self.error))
        self.message.add_class("agbn-message")
        controls = w.HBox([self.prev_button, self.next_button, self.reset_button,
                           self.step_slider, self.step_label])
        controls.add_class("agbn-step-controls")
        super().__init__([self.message, controls, self.text, self.svg_html,
                          self._digits_box(w, self.bengali)])
        self.add_class("agbn-graph-view")
        self.prev_button.on_click(lambda _b: self.step(self.step_slider.value - 1))
        self.next_button.on_click(lambda _b: self.step(self.step_slider.value + 1))
        self.reset_button.on_click(lambda _b: self.step(0))
        self.step_slider.observe(lambda _c: self.redraw(), names="value")
        self.redraw()

    def __repr__(self):
        return f"GraphView({len(self.nodes)} nodes, step {self.step_slider.value}/{len(self.steps)})"

    def step(self, k):
        """Show the backward pass after ``k`` nodes have run (0: before it starts; beyond the
        last step, the last)."""
        self.step_slider.value = step_number(k, len(self.steps))

    @property
    def svg(self):
        return self.svg_html.value

    @C.timed
    def redraw(self):
        """Re-render the step counter, the graph picture and the explanation for the slider's step.

        Called whenever the step slider moves (``step`` moves it); there is no need to call it
        directly.  A large graph is drawn through a window around the current node.
        """
        b = self.bengali
        k = self.step_slider.value
        n = len(self.steps)
        self.step_label.value = C.to_digits(f"{k}/{n}", b)
        if self._drawing is not None:
            self.svg_html.value = self._drawing.svg(k, b)[0]
        self.error = self._message()
        self.message.value = C.message_html(self.error)
        self.text.value = f'<div class="agbn-step-explanation">{C.esc(self.explain(k))}</div>'

    def _message(self):
        """The error, in the language active now (it may have changed since)."""
        if self.model is None:
            t = self.tensor
            if not isinstance(t, Tensor):
                return _(E_NOT_A_TENSOR).format(type=type(t).__name__)
            return _(E_LEAF) if t.requires_grad else _(E_NO_GRAPH)
        error = self.model.error
        return message(*error) if isinstance(error, tuple) else error

    def explain(self, k):
        """The sentence under the step control for step ``k`` (0 to the number of steps)."""
        b = self.bengali
        n = len(self.steps)
        k = step_number(k, n, clamp=False)
        if not self.steps:
            return ""
        if k == 0:
            return _("Press “Step ▶” to run the backward pass one node at a time. It starts "
                     "with the gradient {grad} at the output.").format(
                         grad=fmt_grad(self.model.output_grad, b))
        s = self.steps[k - 1]
        node = self.nodes[s.node_id]
        head = _("Step {k} of {n}:").format(k=C.to_digits(k, b), n=C.to_digits(n, b))
        if type(node).__name__ == "AccumulateGrad":
            text = _("AccumulateGrad adds the gradient {grad} to .grad of the leaf of shape "
                     "{shape}.").format(grad=fmt_grad(s.grad, b),
                                        shape=C.fmt_shape(node.variable.shape, b))
        else:
            # three sentences, not "each of its 1 edges": each language words them its own way
            count = len(s.sent)
            if count == 0:
                text = _("{name} receives the gradient {grad}; it has no edge to send a "
                         "gradient along.")
            elif count == 1:
                text = _("{name} receives the gradient {grad} and sends one gradient along "
                         "its only edge.")
            else:
                text = _("{name} receives the gradient {grad} and sends one gradient along "
                         "each of its {count} edges.")
            text = text.format(name=type(node).__name__, grad=fmt_grad(s.grad, b),
                               count=C.to_digits(count, b))
        if k == n:
            text += " " + _("The backward pass is over: these are the leaves' .grad.")
        return f"{head} {text}"

    def static_svg(self):
        """What the widget shows now, as one SVG (see picture.py): the step, its explanation
        and the graph."""
        b, k, n = self.bengali, self.step_slider.value, len(self.steps)
        sheet = Sheet("agbn-graph-view")
        sheet.note(picture_note())
        sheet.message(self._message())
        if self.model is None:
            return sheet.svg()
        sheet.text(f"{C.label_text('step')}: {C.to_digits(f'{k}/{n}', b)}", bold=True)
        sheet.paragraph(self.explain(k), css="agbn-step-explanation")
        graph = self._drawing.svg(k, b)[0]
        width = float(re.search(r'width="([0-9.]+)"', graph).group(1))
        height = float(re.search(r'height="([0-9.]+)"', graph).group(1))
        sheet.picture(graph, width, height)
        return sheet.svg()
