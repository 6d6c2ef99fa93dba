"""The chain-rule explorer's picture: the graph as SVG at one point of its timeline.

The timeline runs the forward pass (node by node in the order they were made: each box then
shows the value it produced) and then the backward pass (each edge shows the gradient it
carries).  Each box and edge is a group placed with ``transform``; its text depends only on its
state, so ``Drawing`` keeps the texts and re-formats only what changed (incremental redraw).
A graph larger than graph_svg's window is drawn through it around the current node.

Every box carries data-node, data-forward (its place in the forward pass, 1-based) and
data-step (its backward step); every edge data-step, data-grad and data-slot, so that the
static page can replay the whole timeline with a few lines of JavaScript.
"""
import numpy as np

from ...i18n import _, get_language
from .. import _common as C
from ..graph_model import OUTPUT
from ..graph_svg import NODE_H, NODE_W, Window, fmt_grad, grad_attr

BOX_FILL = {"todo": "#ffffff", "value": "#eef3ff", "done": "#fff4d6"}


def short(value, bengali):
    """A value in a box or on an edge, in few characters: one number, "all 4.5", or the
    first entry and the shape ("0.0563, … [4, 2]"); the panel shows more."""
    if value is None or isinstance(value, tuple):
        return fmt_grad(value, bengali) if value is not None else ""
    a = np.asarray(value, dtype=float)
    flat = a.reshape(-1)
    if a.size <= 1 or np.all(flat == flat[0]):
        return fmt_grad(a, bengali)
    if a.size == 2:
        return C.fmt_vector(flat, bengali)
    return f"{C.fmt(flat[0], bengali, 3)}, … {C.fmt_shape(a.shape, bengali)}"


class Timeline:
    """Positions 0 .. forward + backward: ``k <= forward``: k nodes of the forward pass have
    run; beyond, ``k - forward`` steps of the backward pass."""

    def __init__(self, model):
        nodes = model.nodes
        self.order = sorted(nodes, key=lambda n: nodes[n]._seq)
        self.forward_index = {nid: i + 1 for i, nid in enumerate(self.order)}
        self.forward = len(self.order)
        self.backward = len(model.steps)
        self.model = model

    @property
    def length(self):
        return self.forward + self.backward

    def split(self, k):
        """(forward nodes run, backward steps run) at position k."""
        return (min(k, self.forward), max(0, k - self.forward))

    def current(self, k):
        f, b = self.split(k)
        if b:
            return self.model.steps[b - 1].node_id
        return self.order[f - 1] if f else None


class Drawing:
    def __init__(self, model, timeline, values, labels):
        self.model, self.timeline = model, timeline
        self.values, self.labels = values, labels
        self.cache, self.key = {}, None
        self.formatted = 0

    def svg(self, k, bengali, selected=None, whole=False):
        """The SVG at position k (through a window around the current node, unless
        ``whole`` or the graph is small)."""
        m, tl = self.model, self.timeline
        key = (bengali, get_language(), selected)
        if key != self.key or len(self.cache) > 4096:
            self.cache, self.key = {}, key
        f, b = tl.split(k)
        focus = tl.current(k) or "n0"
        win = Window(m, focus)
        if whole and not win.whole:
            win.whole, win.d0, win.d1, win.centre = True, -1, m.depth, 0.0
            win.half = max(abs(m.k_min), abs(m.k_max))
            win.width = int((2 * win.half + 1) * (NODE_W + 40)) + 40
            win.height = (win.d1 - win.d0 + 1) * (NODE_H + 74) + 20
        shown = win.nodes(m)
        visible = set(shown)
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="agbn-chain-graph" '
               f'width="{win.width}" height="{win.height}" viewBox="0 0 {win.width} '
               f'{win.height}" font-family="{C.css_fonts()}" '
               f'font-size="12"><defs><marker id="agbn-chain-arrow" viewBox="0 0 10 10" '
               f'refX="10" refY="5" markerWidth="7" markerHeight="7" '
               f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/>'
               f'</marker></defs>']
        for src in shown:
            for e in m.out_edges[src]:
                if e[1] in visible:
                    out.append(self._placed(("e", e, self._edge_state(e, b)), m.pos[src], win,
                                            bengali))
        for nid in shown:
            out.append(self._placed(("n", nid, self._node_state(nid, f, b, k)), m.pos[nid],
                                    win, bengali))
        out.append("</svg>")
        text = "".join(out)
        if not win.whole:
            note = _("Showing {shown} of {total} nodes: the part of the graph around the "
                     "current node.").format(shown=C.to_digits(len(shown), bengali),
                                             total=C.to_digits(len(m.pos), bengali))
            text = f'<div class="agbn-graph-window">{C.esc(note)}</div>' + text
        return text

    def _node_state(self, nid, f, b, k):
        tl, m = self.timeline, self.model
        if nid == OUTPUT:
            return ("value" if f == tl.forward else "todo", False, nid == self.key[2])
        ran = tl.forward_index[nid] <= f
        step = m.step_of.get(nid)
        state = "done" if step is not None and step <= b else ("value" if ran else "todo")
        return (state, nid == tl.current(k), nid == self.key[2])

    def _edge_state(self, e, b):
        m = self.model
        at = 1 if e[0] == OUTPUT else m.step_of.get(e[0])
        return bool(m.steps) and at is not None and at <= b

    def _placed(self, key, pos, win, bengali):
        parts = self.cache.get(key)
        if parts is None:
            text = self._edge_text(key[1], key[2], bengali) if key[0] == "e" else \
                self._node_text(key[1], key[2], bengali)
            parts = self.cache[key] = text.split("{XY}", 1)
            self.formatted += 1
        x, y = win.xy(pos)
        return f"{parts[0]}{x:.1f} {y:.1f}{parts[1]}"

    def _node_text(self, nid, state, bengali):
        m, tl = self.model, self.timeline
        phase, current, selected = state
        if nid == OUTPUT:
            title, name, fwd, step = "L", "output", "", ""
        else:
            node = m.nodes[nid]
            title = type(node).__name__
            name, fwd, step = node.name(), tl.forward_index[nid], m.step_of.get(nid, "")
        label = self.labels.get(nid if nid != OUTPUT else "n0")
        value = self.values.get(nid if nid != OUTPUT else "n0")
        if phase == "todo" or value is None:
            line = C.fmt_shape(m.shape if nid == OUTPUT else _shape(m, nid), bengali)
        else:
            line = "= " + short(value, bengali)
        if label:
            line = f"{label} {line}"
        cls = "agbn-chain-node agbn-chain-" + phase + (" agbn-chain-current" if current else "") \
            + (" agbn-chain-selected" if selected else "")
        stroke, width = ("#d62728", 3) if current else (("#1f77b4", 3) if selected else ("#444", 1))
        extra = ""
        if phase == "done" and nid != OUTPUT and title == "AccumulateGrad":
            extra = (f'<text class="agbn-chain-leaf-grad" x="0" y="{NODE_H / 2 + 14:.1f}" '
                     f'text-anchor="middle" fill="#d62728">.grad = '
                     f'{C.esc(short(m.received.get(nid), bengali))}</text>')
        return (f'<g class="{cls}" data-node="{nid}" data-name="{C.esc(name)}" '
                f'data-forward="{fwd}" data-step="{step}" tabindex="0" '
                f'transform="translate({{XY}})"><rect x="{-NODE_W / 2:.1f}" '
                f'y="{-NODE_H / 2:.1f}" width="{NODE_W}" height="{NODE_H}" rx="8" '
                f'fill="{BOX_FILL[phase]}" stroke="{stroke}" stroke-width="{width}"/>'
                f'<text x="0" y="-6" text-anchor="middle" font-weight="bold">{C.esc(title)}'
                f'</text><text class="agbn-chain-value" x="0" y="10" text-anchor="middle" '
                f'fill="#333">{C.esc(line)}</text>{extra}</g>')

    def _edge_text(self, e, flowed, bengali):
        m = self.model
        src, dst, slot = e
        grad = (m.output_grad if src == OUTPUT else m.edge_grad.get(e)) if flowed else None
        step = (1 if m.steps else "") if src == OUTPUT else m.step_of.get(src, "")
        (sd, sk), (dd, dk) = m.pos[src], m.pos[dst]
        x2 = (dk - sk) * (NODE_W + 40)
        y1, y2 = NODE_H / 2, (dd - sd) * (NODE_H + 74) - NODE_H / 2
        bend = 60 * (slot - 0.5) if e[0] != OUTPUT and _twin(m, e) else 0
        cx, cy = x2 / 2 + bend, (y1 + y2) / 2
        colour = "#d62728" if grad is not None else "#999"
        label = short(grad, bengali) if grad is not None else ""
        lx, ly = (2 * cx + x2) / 4, (y1 + 2 * cy + y2) / 4
        return (f'<g class="agbn-chain-edge{" agbn-chain-flowed" if grad is not None else ""}" '
                f'data-src="{src}" data-dst="{dst}" data-slot="{slot}" data-step="{step}" '
                f'data-grad="{C.esc(grad_attr(grad))}" transform="translate({{XY}})">'
                f'<path d="M 0 {y1:.1f} Q {cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}" fill="none" '
                f'stroke="{colour}" stroke-width="1.5" marker-end="url(#agbn-chain-arrow)"/>'
                f'<text class="agbn-chain-grad" x="{lx + (6 if bend >= 0 else -6):.1f}" '
                f'y="{ly:.1f}" text-anchor="{"start" if bend >= 0 else "end"}" fill="#d62728">'
                f'{C.esc(label)}</text></g>')


def _twin(model, e):
    """Whether another edge joins the same two nodes (y * y): then the edges bend apart."""
    return sum(1 for f in model.out_edges[e[0]] if f[1] == e[1]) > 1


def _shape(model, nid):
    node = model.nodes[nid]
    if type(node).__name__ == "AccumulateGrad":
        return node.variable.shape
    g = model.received.get(nid)
    return getattr(g, "shape", ()) if g is not None and not isinstance(g, tuple) else ()
