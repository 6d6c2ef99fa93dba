"""GraphView: the graph behind a tensor as SVG, and its backward pass one node at a time.

``collect`` finds the nodes and edges, ``layout`` places them by depth from the output, and
``replay`` runs the backward pass the way the engine does (a heap on the nodes' sequence
numbers, latest first) with ``node.apply(g, ARRAYS)``, recording the gradient on every edge.
The replay never frees the graph's saved values and never writes any ``.grad``; tensor hooks
are not run.
"""
import heapq

import numpy as np

from ..i18n import _
from . import _common as C
from .jacobian import _widgets

E_NO_GRAPH = "This tensor has no graph: it does not require grad."
E_LEAF = "This tensor is a leaf: it was made by you, not by an operation, so it has no graph."
E_FREED = ("The graph's saved values were already freed by a backward pass, so it cannot be "
           "replayed. Draw the graph before calling .backward(), or call backward with "
           "retain_graph=True.")
E_REPLAY = "The backward pass failed at {name}: {message}"
E_GRADIENT = "The output is not a scalar: give GraphView a gradient of shape {shape}."

OUTPUT = "output"            # the id of the pseudo-node for the tensor itself


class Step:
    """One node run by the backward pass: the gradient it received and what it sent on."""

    def __init__(self, index, node_id, grad, sent):
        self.index, self.node_id, self.grad, self.sent = index, node_id, grad, sent

    def __repr__(self):
        return f"Step({self.index}, {self.node_id!r})"


def collect(t):
    """(nodes, edges): nodes {id: node} ("n0" is t.grad_fn), edges [(src id, dst id, slot)]
    for every (node, 0) entry of next_functions that is not None."""
    root = t.grad_fn
    ids, nodes, edges, stack = {root: "n0"}, {"n0": root}, [], [root]
    while stack:
        node = stack.pop()
        for slot, nxt in enumerate(node._next):
            if nxt is None:
                continue
            if nxt not in ids:
                ids[nxt] = f"n{len(ids)}"
                nodes[ids[nxt]] = nxt
                stack.append(nxt)
            edges.append((ids[node], ids[nxt], slot))
    return nodes, edges


def replay(t, nodes, gradient=None):
    """The engine's backward pass, recorded.  Returns (steps, leaf gradients {id: array}).

    Raises RuntimeError (with a translated message) when the graph cannot be replayed.
    """
    from ..autograd.engine import _late
    from ..autograd.graph import AccumulateGrad
    from ..autograd.grad_mode import GradMode, InFormula as formula
    ARRAYS = _late().ARRAYS
    ids = {node: nid for nid, node in nodes.items()}
    if gradient is None:
        if t.numel() != 1:
            raise RuntimeError(_(E_GRADIENT).format(shape=list(t.shape)))
        g0 = np.ones(t.shape, dtype=t.detach().numpy().dtype)
    else:
        g0 = np.asarray(gradient.detach().numpy() if hasattr(gradient, "detach") else gradient,
                        dtype=t.detach().numpy().dtype).reshape(t.shape)
    root = t.grad_fn
    buffers, queue, steps, leaves = {root: g0}, [(-root._seq, 0, root)], [], {}
    tie = 1
    prev_mode, prev_formula = GradMode.enabled, formula.active
    GradMode.enabled, formula.active = False, False
    try:
        with np.errstate(all="ignore"):
            while queue:
                node = heapq.heappop(queue)[2]
                g = buffers.pop(node)
                nid = ids[node]
                if node.__class__ is AccumulateGrad:
                    leaves[nid] = np.array(g, copy=True)
                    steps.append(Step(len(steps) + 1, nid, np.array(g, copy=True), []))
                    continue
                if node._saved is None:
                    raise RuntimeError(_(E_FREED))
                try:
                    grads = node.apply(g, ARRAYS)
                except Exception as exc:                  # noqa: BLE001
                    raise RuntimeError(_(E_REPLAY).format(name=type(node).__name__, message=exc))
                sent = []
                for slot, (nxt, gi) in enumerate(zip(node._next, grads)):
                    if nxt is None or gi is None:
                        continue
                    sent.append((ids[nxt], slot, np.array(gi, copy=True)))
                    if nxt in buffers:
                        buffers[nxt] = buffers[nxt] + gi
                    else:
                        buffers[nxt] = gi
                        heapq.heappush(queue, (-nxt._seq, tie, nxt))
                        tie += 1
                steps.append(Step(len(steps) + 1, nid, np.array(g, copy=True), sent))
    finally:
        GradMode.enabled, formula.active = prev_mode, prev_formula
    return steps, leaves


def layout(nodes, edges):
    """{id: (layer, position)}: layer = longest path from the output, positions ordered by
    the average position of each node's parents (one sweep, enough for small graphs)."""
    order = sorted(nodes, key=lambda nid: -nodes[nid]._seq)      # the engine's order
    depth = {nid: 0 for nid in nodes}
    parents = {nid: [] for nid in nodes}
    for src, dst, _slot in edges:
        parents[dst].append(src)
    for nid in order:                                            # parents come first
        for p in parents[nid]:
            depth[nid] = max(depth[nid], depth[p] + 1)
    layers = {}
    for nid in order:
        layers.setdefault(depth[nid], []).append(nid)
    pos = {}
    for d in sorted(layers):
        row = layers[d]
        if d:
            row.sort(key=lambda nid: np.mean([pos[p][1] for p in parents[nid]]))
        for k, nid in enumerate(row):
            pos[nid] = (d, k - (len(row) - 1) / 2)
    return pos


NODE_W, NODE_H, GAP_X, GAP_Y = 170, 46, 40, 74


def svg(t, nodes, edges, steps, upto, bengali=False):
    """The graph as an SVG string, with the gradients of the first ``upto`` steps shown."""
    pos = layout(nodes, edges)
    width_units = max([abs(k) for _d, k in pos.values()] + [0]) * 2 + 1
    width = int(width_units * (NODE_W + GAP_X)) + 40
    depth = max(d for d, _k in pos.values()) + 2
    height = depth * (NODE_H + GAP_Y) + 20

    def centre(nid):
        if nid == OUTPUT:
            return width / 2, 10 + NODE_H / 2
        d, k = pos[nid]
        return width / 2 + k * (NODE_W + GAP_X), 10 + (d + 1) * (NODE_H + GAP_Y) + NODE_H / 2

    done = {s.node_id: s for s in steps[:upto]}
    current = steps[upto - 1].node_id if 0 < upto <= len(steps) else None
    first_shape = {s.node_id: s.grad.shape for s in steps}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="agbn-graph" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" font-family="Noto Sans Bengali, '
           f'DejaVu Sans, sans-serif" font-size="12">',
           '<defs><marker id="agbn-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
           'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
           '<path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>']
    # edges: the output's own, then every next_functions entry
    all_edges = [(OUTPUT, "n0", 0)] + list(edges)
    pair_count, seen = {}, {}
    for src, dst, _slot in all_edges:
        pair_count[(src, dst)] = pair_count.get((src, dst), 0) + 1
    for src, dst, slot in all_edges:
        k = seen[(src, dst)] = seen.get((src, dst), -1) + 1
        n = pair_count[(src, dst)]
        (x1, y1), (x2, y2) = centre(src), centre(dst)
        y1 += NODE_H / 2
        y2 -= NODE_H / 2
        bend = (k - (n - 1) / 2) * 60
        cx, cy = (x1 + x2) / 2 + bend, (y1 + y2) / 2
        grad = None
        if src == OUTPUT:
            grad = steps[0].grad if steps and upto >= 1 else None
            step_no = 1 if steps else ""
        else:
            step_no = done[src].index if src in done else ""
            for d_id, d_slot, gi in (done[src].sent if src in done else ()):
                if d_id == dst and d_slot == slot:
                    grad = gi
        cls = "agbn-graph-edge" + (" agbn-graph-flowed" if grad is not None else "")
        colour = "#d62728" if grad is not None else "#999"
        label = C.fmt_array(grad, bengali) if grad is not None else ""
        lx, ly = (x1 + 2 * cx + x2) / 4, (y1 + 2 * cy + y2) / 4
        side, anchor = (-1, "end") if x2 + bend < x1 - 1 else (1, "start")  # label off the line
        out.append(f'<g class="{cls}" data-src="{src}" data-dst="{dst}" data-slot="{slot}" '
                   f'data-step="{step_no}" data-grad="{C.esc(_grad_attr(grad))}">'
                   f'<path d="M {x1:.1f} {y1:.1f} Q {cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}" '
                   f'fill="none" stroke="{colour}" stroke-width="1.5" '
                   f'marker-end="url(#agbn-arrow)"/>'
                   f'<text class="agbn-graph-grad" x="{lx + side * 6:.1f}" y="{ly:.1f}" '
                   f'text-anchor="{anchor}" fill="#d62728">{C.esc(label)}</text></g>')
    # nodes
    out.append(_box(OUTPUT, centre(OUTPUT), _("tensor"), C.fmt_shape(t.shape, bengali),
                    "agbn-graph-output", "", "", ""))
    for nid, node in nodes.items():
        leaf = type(node).__name__ == "AccumulateGrad"
        if leaf:
            shape = tuple(node.variable.shape)
        else:
            shape = first_shape.get(nid)
        shape_text = C.fmt_shape(shape, bengali) if shape is not None else "?"
        state = " agbn-graph-current" if nid == current else \
            (" agbn-graph-done" if nid in done else "")
        cls = ("agbn-graph-leaf" if leaf else "agbn-graph-fn") + state
        extra = ""
        if leaf and nid in done:
            extra = ".grad = " + C.fmt_array(done[nid].grad, bengali)
        step_no = next((s.index for s in steps if s.node_id == nid), "")
        # the box shows the class name (as torch prints the node); data-name holds name()
        out.append(_box(nid, centre(nid), type(node).__name__, shape_text, cls, node.name(),
                        step_no, extra))
    out.append("</svg>")
    return "".join(out)


def _grad_attr(g):
    if g is None:
        return ""
    return " ".join(repr(float(v)) for v in np.asarray(g, dtype=float).reshape(-1))


def _box(nid, xy, title, shape, cls, name, step_no, extra):
    x, y = xy
    fill = {"agbn-graph-output": "#eef3ff"}.get(cls.split()[0], "#ffffff")
    if "agbn-graph-leaf" in cls:
        fill = "#eaf6ea"
    if "agbn-graph-done" in cls:
        fill = "#fff4d6"
    stroke, width = ("#d62728", 3) if "agbn-graph-current" in cls else ("#444", 1)
    lines = [f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-weight="bold">'
             f'{C.esc(title)}</text>',
             f'<text x="{x:.1f}" y="{y + 10:.1f}" text-anchor="middle" fill="#333">'
             f'{C.esc(shape)}</text>']
    if extra:
        lines.append(f'<text class="agbn-graph-leaf-grad" x="{x:.1f}" y="{y + NODE_H / 2 + 14:.1f}"'
                     f' text-anchor="middle" fill="#d62728">{C.esc(extra)}</text>')
    return (f'<g class="agbn-graph-node {cls}" data-node="{nid}" data-name="{C.esc(name)}" '
            f'data-step="{step_no}"><rect x="{x - NODE_W / 2:.1f}" y="{y - NODE_H / 2:.1f}" '
            f'width="{NODE_W}" height="{NODE_H}" rx="8" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width}"/>{"".join(lines)}</g>')


class GraphView(C.DigitsMixin, _widgets().VBox):
    """The graph behind ``t`` with a step control for its backward pass.

    ``gradient``: the vector for a non-scalar ``t`` (as in ``t.backward(gradient)``).
    Draw the graph before ``t.backward()``: backward frees the values a replay needs.
    """

    def __init__(self, t, gradient=None, *, bengali_digits=None):
        w = _widgets()
        self.bengali = C.use_bengali_digits(bengali_digits)
        self.tensor = t
        self.nodes, self.edges, self.steps, self.leaf_grads = {}, [], [], {}
        self.error = None
        if t.grad_fn is None:
            self.error = _(E_LEAF) if t.requires_grad else _(E_NO_GRAPH)
        else:
            self.nodes, self.edges = collect(t)
            try:
                self.steps, self.leaf_grads = replay(t, self.nodes, gradient)
            except RuntimeError as exc:
                self.error = str(exc)
        self.svg_html = w.HTML()
        self.svg_html.add_class("agbn-graph-svg")
        self.step_slider = w.IntSlider(value=0, min=0, max=len(self.steps),
                                       description=_("Step"), readout=False)
        self.step_slider.add_class("agbn-step-slider")
        self.step_label = w.Label()
        self.step_label.add_class("agbn-slider-readout")
        self.prev_button = w.Button(description=_("◀ Back"))
        self.prev_button.add_class("agbn-step-prev")
        self.next_button = w.Button(description=_("Step ▶"))
        self.next_button.add_class("agbn-step-next")
        self.reset_button = w.Button(description=_("Start again"))
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
        """Show the backward pass after ``k`` nodes have run (0: before it starts)."""
        self.step_slider.value = max(0, min(len(self.steps), int(k)))

    @property
    def svg(self):
        return self.svg_html.value

    def redraw(self):
        """Re-render the step counter, the graph picture and the explanation for the slider's step.

        Called whenever the step slider moves (``step`` moves it); there is no need to call it
        directly.
        """
        b = self.bengali
        k = self.step_slider.value
        n = len(self.steps)
        self.step_label.value = C.to_digits(f"{k}/{n}", b)
        if self.nodes:
            self.svg_html.value = svg(self.tensor, self.nodes, self.edges, self.steps, k, b)
        self.text.value = f'<div class="agbn-step-explanation">{C.esc(self.explain(k))}</div>'

    def explain(self, k):
        """The sentence under the step control for step ``k``."""
        b = self.bengali
        if not self.steps:
            return ""
        if k == 0:
            return _("Press “Step ▶” to run the backward pass one node at a time. It starts "
                     "with the gradient {grad} at the output.").format(
                         grad=C.fmt_array(self.steps[0].grad, b))
        s = self.steps[k - 1]
        node = self.nodes[s.node_id]
        head = _("Step {k} of {n}:").format(k=C.to_digits(k, b), n=C.to_digits(len(self.steps), b))
        if type(node).__name__ == "AccumulateGrad":
            text = _("AccumulateGrad adds the gradient {grad} to .grad of the leaf of shape "
                     "{shape}.").format(grad=C.fmt_array(s.grad, b),
                                        shape=C.fmt_shape(node.variable.shape, b))
        else:
            text = _("{name} receives the gradient {grad} and sends one gradient along each "
                     "of its {count} edges.").format(name=type(node).__name__,
                                                     grad=C.fmt_array(s.grad, b),
                                                     count=C.to_digits(len(s.sent), b))
        if k == len(self.steps):
            text += " " + _("The backward pass is over: these are the leaves' .grad.")
        return f"{head} {text}"
