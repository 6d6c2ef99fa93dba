"""ChainRuleExplorer: a graph's forward pass, then its backward pass, with each node's chain rule.

``ChainRuleExplorer(t, names={"x": x, ...})`` shows the graph behind tensor ``t``;
``ChainRuleExplorer(fn)`` runs ``fn()`` while recording, so every node's value is known;
``ChainRuleExplorer("(x + 2) * (x + 2) * 3", names={"x": x})`` builds the graph of an
expression (expression.py: a safe subset, never ``eval``).  One slider (with a play button)
runs the forward pass node by node and then the backward pass; choosing a node in the row of
buttons (or, in the static page, clicking its box) shows its formulas (formulas.py).
Nothing is written to any ``.grad`` and the graph is not freed.
"""
import re

from ...i18n import _
from ...tensor import Tensor
from .. import _common as C
from ..graph import E_LEAF, step_number
from ..graph_model import GraphModel, message
from ..jacobian import _widgets
from ..picture import PictureMixin, Sheet, picture_note
from . import expression as X
from .draw import Drawing, Timeline
from .formulas import Formulas
from .mathml import to_mathml
from .summary import Summary
from .values import forward_values, trace

E_INPUT = ("The chain-rule explorer needs a tensor with a graph, a function or an expression, "
           "not {type}.")
E_NO_GRAPH = "This tensor has no graph: it does not require grad."
T_START = ("Press ▶ or move the slider: first the forward pass computes each node's value, "
           "then the backward pass sends the gradients back.")
T_FORWARD = "Forward pass, node {k} of {n}: {name} computes its value."
T_BACKWARD = "Backward pass, step {k} of {n}: {name} receives its gradient and passes it on."
T_DONE = "The backward pass is over: the leaves hold their gradients."
T_LEAF_FORWARD = "Forward pass, node {k} of {n}: the leaf {name} holds its value."
T_LEAF_BACKWARD = ("Backward pass, step {k} of {n}: AccumulateGrad adds the gradient to .grad "
                   "of {name}.")
T_LEAF_FORWARD_SHAPE = "Forward pass, node {k} of {n}: a leaf of shape {shape} holds its value."
T_LEAF_BACKWARD_SHAPE = ("Backward pass, step {k} of {n}: AccumulateGrad adds the gradient to "
                         ".grad of a leaf of shape {shape}.")
T_CHOOSE = "Choose a node to see its chain rule:"
E_NO_NODE = "There is no node {nid}."
BUTTONS = 40            # up to this many nodes, one button each; beyond, a drop-down list


def math_html(blocks, mathml=False):
    """The blocks of formulas.py as HTML: display math for MathJax ($$...$$) or MathML."""
    out = []
    for kind, text in blocks:
        if kind == "math":
            body = to_mathml(text, display=True) if mathml else f"$${text}$$"
            out.append(f'<div class="agbn-chain-math">{body}</div>')
        else:
            out.append(f'<div class="agbn-chain-text">{C.esc(text)}</div>')
    return "".join(out)


class ChainModel:
    """Everything the explorer (and the static page) shows, computed once."""

    def __init__(self, t, gradient=None, names=None, traced=None, bengali=False):
        self.tensor, self.names = t, dict(names or {})
        self.graph = GraphModel.of(t, gradient)
        self.error = self.graph.error
        values, labels, constants = forward_values(self.graph, t, traced, self.names)
        self.formulas = Formulas(self.graph, values, constants, bengali)
        self.formulas.labels = labels
        self.values, self.labels = self.formulas.values, labels
        self.timeline = Timeline(self.graph)
        self.drawing = Drawing(self.graph, self.timeline, self.values, labels)
        self.summary = Summary(self)

    def blocks(self, nid, k):
        """The formula blocks of node ``nid`` at timeline position ``k``."""
        return self.formulas.blocks(nid, self.timeline.split(k)[1])

    def caption(self, k, bengali):
        tl, m = self.timeline, self.graph
        f, b = tl.split(k)
        d = lambda v: C.to_digits(v, bengali)                      # noqa: E731
        if k == 0:
            return _(T_START)
        if b == 0:
            nid = tl.order[f - 1]
            return self._sentence(nid, (_(T_FORWARD), _(T_LEAF_FORWARD),
                                        _(T_LEAF_FORWARD_SHAPE)), d(f), d(tl.forward), bengali)
        text = self._sentence(m.steps[b - 1].node_id, (_(T_BACKWARD), _(T_LEAF_BACKWARD),
                                                       _(T_LEAF_BACKWARD_SHAPE)),
                              d(b), d(tl.backward), bengali)
        return text + (" " + _(T_DONE) if b == tl.backward else "")

    def _sentence(self, nid, messages, k, n, bengali):
        """A node's sentence (``messages``: translated already): an operation by name, a leaf
        by its name or else its shape."""
        node = self.graph.nodes[nid]
        if type(node).__name__ != "AccumulateGrad":
            return messages[0].format(k=k, n=n, name=self.name(nid))
        if nid in self.labels:
            return messages[1].format(k=k, n=n, name=self.labels[nid])
        return messages[2].format(k=k, n=n, shape=C.fmt_shape(node.variable.shape, bengali))

    def name(self, nid):
        label = self.labels.get(nid)
        node = type(self.graph.nodes[nid]).__name__
        return f"{node} ({label})" if label else node


def _resolve(source, names):
    """(tensor, traced values) from a tensor, a function or an expression."""
    if isinstance(source, Tensor):
        return source, None
    if isinstance(source, str):
        with trace() as t:
            _tree, result = X.build(source, names)
        return result, t
    if callable(source):
        with trace() as t:
            result = source()
        return result, t
    raise TypeError(_(E_INPUT).format(type=type(source).__name__))


class ChainRuleExplorer(PictureMixin, C.DigitsMixin, _widgets().VBox):
    """The forward and backward pass of a graph, node by node, with each node's chain rule."""
    last_redraw_seconds = None

    def __init__(self, source, gradient=None, *, names=None, native_digits=None,
                 bengali_digits=None):
        w = _widgets()
        self.bengali = C.digits_option(native_digits, bengali_digits)
        self.names, self.gradient, self.model, self.error = dict(names or {}), gradient, None, None
        self.selected = None
        self.message = C.html_widget(w, "agbn-message")
        self.expression = w.Text(value=source if isinstance(source, str) else "",
                                 continuous_update=False, layout=w.Layout(width="420px"))
        self._labelled(self.expression, "expression")
        self.expression.add_class("agbn-chain-expression")
        self.build_button = self._labelled(w.Button(), "build")
        self.build_button.add_class("agbn-chain-build")
        self.build_button.on_click(lambda _b: self.set_expression(self.expression.value))
        self.slider = w.IntSlider(value=0, min=0, max=0, readout=False)
        self._labelled(self.slider, "step")
        self.slider.add_class("agbn-chain-slider")
        self.play = w.Play(value=0, min=0, max=0, interval=900)
        self.play.add_class("agbn-chain-play")
        w.jslink((self.play, "value"), (self.slider, "value"))
        self.prev_button = self._labelled(w.Button(), "back")
        self.prev_button.add_class("agbn-chain-prev")
        self.next_button = self._labelled(w.Button(), "next")
        self.next_button.add_class("agbn-chain-next")
        self.prev_button.on_click(lambda _b: self.step(self.slider.value - 1))
        self.next_button.on_click(lambda _b: self.step(self.slider.value + 1))
        self.step_label = w.Label()
        self.step_label.add_class("agbn-slider-readout")
        self.caption_html = C.html_widget(w, "agbn-chain-caption")
        self.svg_html = C.html_widget(w, "agbn-chain-svg")
        self.summary_html = C.html_widget(w, "agbn-chain-summary-box")
        # one button per node; a larger graph gets a drop-down list instead
        self._buttons = w.ToggleButtons(options=[], value=None, style={"button_width": "auto"})
        self._list = w.Dropdown(options=[], value=None, layout=w.Layout(display="none"))
        for chooser in (self._buttons, self._list):
            chooser.add_class("agbn-chain-nodes")
            chooser.observe(self._on_node, names="value")
        self.node_buttons = self._buttons
        self.choose = w.Label()
        self.formula = w.HTMLMath()
        self.formula.add_class("agbn-chain-formula")
        self.slider.observe(lambda _c: self.redraw(), names="value")
        expr_box = w.HBox([self.expression, self.build_button])
        expr_box.add_class("agbn-chain-expression-box")
        controls = w.HBox([self.play, self.prev_button, self.next_button, self.slider,
                           self.step_label])
        controls.add_class("agbn-chain-controls")
        super().__init__([self.message, expr_box, controls, self.caption_html, self.svg_html,
                          self.summary_html, self.choose, self._buttons, self._list,
                          self.formula,
                          self._digits_box(w, self.bengali)])
        self.add_class("agbn-chain-explorer")
        try:
            tensor, traced = _resolve(source, self.names)
            self._load(tensor, traced)
        except (X.ExpressionError, TypeError) as exc:
            self.error = str(exc)
        self.redraw()

    def __repr__(self):
        n = len(self.model.graph.nodes) if self.model else 0
        return f"ChainRuleExplorer({n} nodes, position {self.slider.value}/{self.slider.max})"

    # --- loading a graph -------------------------------------------------------------
    def _load(self, tensor, traced):
        if not isinstance(tensor, Tensor):
            raise TypeError(_(E_INPUT).format(type=type(tensor).__name__))
        if tensor.grad_fn is None:
            raise TypeError(_(E_LEAF) if tensor.requires_grad else _(E_NO_GRAPH))
        model = ChainModel(tensor, self.gradient, self.names, traced, self.bengali)
        self.model, self.error = model, None
        n = model.timeline.length
        self.slider.max = self.play.max = n
        self.slider.value = 0
        self.selected = None
        order = list(reversed(model.timeline.order))
        small = len(order) <= BUTTONS
        self._buttons.layout.display = None if small else "none"
        self._list.layout.display = "none" if small else None
        self._quiet = True
        try:
            for chooser in (self._buttons, self._list):
                chooser.options = [(self._button_label(nid), nid) for nid in order] \
                    if (chooser is self._buttons) == small else []
                chooser.value = None
        finally:
            self._quiet = False
        self.node_buttons = self._buttons if small else self._list

    def _button_label(self, nid):
        label = self.model.labels.get(nid)
        name = type(self.model.graph.nodes[nid]).__name__
        return f"{name} · {label}" if label else f"{name} · {C.to_digits(nid[1:], self.bengali)}"

    def set_expression(self, text):
        """Draw the graph of an expression over ``names``; a bad one leaves everything as it
        was and shows why (also returned)."""
        try:
            tensor, traced = _resolve(str(text), self.names)
            self._load(tensor, traced)
        except (X.ExpressionError, TypeError) as exc:
            self.error = str(exc)
            self.message.value = C.message_html(self.error)
            return self.error
        self.redraw()
        return None

    # --- stepping --------------------------------------------------------------------
    def step(self, k):
        """Go to position ``k`` of the timeline (clamped): forward nodes first, then backward."""
        self.slider.value = step_number(k, self.slider.max)

    def select(self, nid):
        """Show the chain rule of node ``nid`` ("n0" is the output's node)."""
        if self.model is None or nid not in self.model.graph.nodes:
            raise ValueError(_(E_NO_NODE).format(nid=nid))
        self.node_buttons.value = nid

    def _on_node(self, change):
        if getattr(self, "_quiet", False):
            return
        self.selected = change["new"]
        self.redraw()

    @property
    def svg(self):
        return self.svg_html.value

    def static_svg(self):
        """What the explorer shows now, as one SVG (see picture.py): the step, its caption and
        the graph (the formulas need the live widget's MathJax)."""
        b, k = self.bengali, self.slider.value
        sheet = Sheet("agbn-chain-explorer")
        sheet.note(picture_note())
        m = self.model
        if m is None:
            sheet.message(self.error)
            return sheet.svg()
        sheet.text(f"{C.label_text('step')}: {C.to_digits(f'{k}/{self.slider.max}', b)}",
                   bold=True)
        sheet.paragraph(m.caption(k, b), css="agbn-chain-caption-text")
        graph = m.drawing.svg(k, b, self.selected or m.timeline.current(k) or "n0")
        width = float(re.search(r'width="([0-9.]+)"', graph).group(1))
        height = float(re.search(r'height="([0-9.]+)"', graph).group(1))
        sheet.picture(graph, width, height)
        return sheet.svg()

    @C.timed
    def redraw(self):
        """Draw the slider's position: caption, graph and the chosen node's formulas."""
        b, k = self.bengali, self.slider.value
        self.step_label.value = C.to_digits(f"{k}/{self.slider.max}", b)
        self.choose.value = _(T_CHOOSE)
        m = self.model
        if m is None:
            self.message.value = C.message_html(self.error)
            return
        m.formulas.bengali = b
        error = m.error
        self.message.value = C.message_html(
            message(*error) if isinstance(error, tuple) else (error or self.error))
        caption = C.esc(m.caption(k, b))
        self.caption_html.value = f'<div class="agbn-chain-caption-text">{caption}</div>'
        nid = self.selected or m.timeline.current(k) or "n0"
        self.svg_html.value = m.drawing.svg(k, b, nid)
        self.summary_html.value = m.summary.html(k, b)
        self.formula.value = math_html(m.blocks(nid, k))

    def export_html(self, path=None, title=None):
        """The whole forward and backward sequence as a self-contained HTML page (no kernel, no
        network); written to ``path`` when given, and returned."""
        from .export import page      # export.py imports this module: loaded on first export
        if self.model is None:
            raise ValueError(self.error)
        text = page(self.model, self.bengali, title)
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return text

