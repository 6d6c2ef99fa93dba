"""GraphView's picture: the graph as SVG at one step of the backward pass.

A graph that fits in ``WINDOW_LAYERS`` rows and ``WINDOW_COLS`` columns is drawn whole, as
before.  A larger one is drawn through a window of that size around the current node (around
the output before the first step): however large the graph, a step draws a few dozen nodes.
Each node and edge is an SVG group placed with ``transform``, so its text does not depend on
where the window is; ``Drawing`` keeps these texts and re-formats only the nodes and edges
whose state changed (done, current, gradient flowed), and everything when the language or the
digits change.
"""
import numpy as np

from ..i18n import _, get_language
from . import _common as C
from .graph_model import OUTPUT

NODE_W, NODE_H, GAP_X, GAP_Y = 170, 46, 40, 74
WINDOW_LAYERS, WINDOW_COLS = 10, 7
CACHE_LIMIT = 4096           # node and edge texts kept; more, and the cache starts again
GRAD_ATTR_LIMIT = 100        # data-grad holds at most this many numbers (then "…")
W_SHOWN = "Showing {shown} of {total} nodes: the part of the graph around the current node."


def fmt_grad(g, bengali):
    """A gradient in a few characters; a multi-output Function's, one per output."""
    if isinstance(g, tuple):
        return "(" + "; ".join("—" if p is None else C.fmt_array(p, bengali) for p in g) + ")"
    return C.fmt_array(g, bengali)


def grad_attr(g):
    if g is None:
        return ""
    if isinstance(g, tuple):
        return " | ".join(grad_attr(p) if p is not None else "None" for p in g)
    flat = np.asarray(g, dtype=float).reshape(-1)
    text = " ".join(repr(float(v)) for v in flat[:GRAD_ATTR_LIMIT])
    return text + " …" if flat.size > GRAD_ATTR_LIMIT else text


def shape_text(model, nid, bengali):
    node = model.nodes[nid]
    if type(node).__name__ == "AccumulateGrad":
        return C.fmt_shape(node.variable.shape, bengali)
    if getattr(node, "_multi", False):
        return " ".join(C.fmt_shape(m[0], bengali) for m in node._out_meta if m is not None)
    g = model.received.get(nid)
    if g is None:
        return "?"
    if isinstance(g, tuple):
        return " ".join("?" if p is None else C.fmt_shape(p.shape, bengali) for p in g)
    return C.fmt_shape(np.shape(g), bengali)


class Window:
    """The layers d0..d1 and the positions around ``centre`` (± ``half``) that are drawn."""

    def __init__(self, model, focus):
        rows, width = model.depth + 2, model.k_max - model.k_min + 1
        self.whole = rows <= WINDOW_LAYERS and width <= WINDOW_COLS
        if self.whole:                    # the old picture: centred on the output
            self.d0, self.d1 = -1, model.depth
            self.half = max(abs(model.k_min), abs(model.k_max))
            self.centre = 0.0
        else:
            fd, fk = model.pos[focus]
            n_rows = min(WINDOW_LAYERS, rows)
            self.d0 = int(max(-1, min(fd - 2, model.depth + 1 - n_rows)))
            self.d1 = self.d0 + n_rows - 1
            cols = min(WINDOW_COLS, int(round(width)))
            self.half = (cols - 1) / 2
            lo, hi = model.k_min + self.half, model.k_max - self.half
            self.centre = float(min(max(fk, lo), hi)) if lo <= hi else (lo + hi) / 2
        self.width = int((2 * self.half + 1) * (NODE_W + GAP_X)) + 40
        self.height = (self.d1 - self.d0 + 1) * (NODE_H + GAP_Y) + 20

    def nodes(self, model):
        """The ids of the nodes inside the window."""
        lo, hi = self.centre - self.half - 0.25, self.centre + self.half + 0.25
        out = []
        for d in range(self.d0, self.d1 + 1):
            row = model.rows.get(d, ())
            start = _bisect(row, lo)
            for k, nid in row[start:]:
                if k > hi:
                    break
                out.append(nid)
        return out

    def xy(self, pos):
        d, k = pos
        return (self.width / 2 + (k - self.centre) * (NODE_W + GAP_X),
                10 + (d - self.d0) * (NODE_H + GAP_Y) + NODE_H / 2)


def _bisect(row, lo):
    a, b = 0, len(row)
    while a < b:
        m = (a + b) // 2
        if row[m][0] < lo:
            a = m + 1
        else:
            b = m
    return a


class Drawing:
    """Draws a GraphModel at a step, keeping the SVG text of every node and edge it drew."""

    def __init__(self, model):
        self.model = model
        self.cache, self.key = {}, None
        self.formatted = 0              # node and edge texts formatted (tests, benchmarks)
        self.bend = {}
        count = {}
        for e in [(OUTPUT, "n0", 0)] + list(model.edges):
            count[e[:2]] = count.get(e[:2], 0) + 1
        seen = {}
        for e in [(OUTPUT, "n0", 0)] + list(model.edges):
            k = seen[e[:2]] = seen.get(e[:2], -1) + 1
            self.bend[e] = (k - (count[e[:2]] - 1) / 2) * 60

    def focus(self, upto):
        m = self.model
        return m.steps[upto - 1].node_id if 0 < upto <= len(m.steps) else "n0"

    def svg(self, upto, bengali):
        """(the SVG text, the Window) after ``upto`` steps."""
        m = self.model
        key = (bengali, get_language())
        if key != self.key or len(self.cache) > CACHE_LIMIT:
            self.cache, self.key = {}, key
        win = Window(m, self.focus(upto))
        shown = win.nodes(m)
        visible = set(shown)
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="agbn-graph" width="{win.width}" '
               f'height="{win.height}" viewBox="0 0 {win.width} {win.height}" '
               f'font-family="{C.css_fonts()}" font-size="12">',
               '<defs><marker id="agbn-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
               'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
               '<path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>']
        drawn = dict.fromkeys(shown, 0)
        for src in shown:
            for e in m.out_edges[src]:
                if e[1] in visible:
                    drawn[src] += 1
                    drawn[e[1]] += 1
                    out.append(self._edge(e, upto, win, bengali))
        for nid in shown:
            out.append(self._node(nid, upto, win, bengali))
            hidden = len(m.out_edges[nid]) + m.in_count[nid] - drawn[nid]
            if hidden and not win.whole:
                x, y = win.xy(m.pos[nid])
                out.append(f'<text class="agbn-graph-more" data-hidden="{hidden}" '
                           f'x="{x + NODE_W / 2 - 4:.1f}" y="{y + NODE_H / 2 - 4:.1f}" '
                           f'text-anchor="end" fill="#888" font-size="10">'
                           f'+{C.esc(C.to_digits(hidden, bengali))}</text>')
        out.append("</svg>")
        text = "".join(out)
        if not win.whole:
            note = _(W_SHOWN).format(shown=C.to_digits(len(shown), bengali),
                                     total=C.to_digits(len(m.pos), bengali))
            text = f'<div class="agbn-graph-window">{C.esc(note)}</div>' + text
        return text, win

    # --- one node, one edge ------------------------------------------------------------
    def _placed(self, key, text, position, win):
        """The SVG text of ``key`` placed at ``position``: ``text()`` is called once per key (its
        "{XY}" marks where the coordinates go) and kept in the cache."""
        parts = self.cache.get(key)
        if parts is None:
            parts = self.cache[key] = text().split("{XY}", 1)
            self.formatted += 1
        x, y = win.xy(position)
        return f"{parts[0]}{x:.1f} {y:.1f}{parts[1]}"

    def _node(self, nid, upto, win, bengali):
        m = self.model
        at = m.step_of.get(nid)
        state = 0 if at is None or at > upto else (2 if at == upto else 1)
        return self._placed((nid, state), lambda: self._node_text(nid, state, bengali),
                            m.pos[nid], win)

    def _node_text(self, nid, state, bengali):
        m = self.model
        if nid == OUTPUT:
            return _box(OUTPUT, _("tensor"), C.fmt_shape(m.shape, bengali), "agbn-graph-output",
                        "", "", "")
        node = m.nodes[nid]
        leaf = type(node).__name__ == "AccumulateGrad"
        cls = ("agbn-graph-leaf" if leaf else "agbn-graph-fn") + \
            ("", " agbn-graph-done", " agbn-graph-current")[state]
        extra = ""
        if leaf and state:
            extra = ".grad = " + fmt_grad(m.leaf_grads.get(nid, m.received.get(nid)), bengali)
        # the box shows the class name (as torch prints the node); data-name holds name()
        return _box(nid, type(node).__name__, shape_text(m, nid, bengali), cls, node.name(),
                    m.step_of.get(nid, ""), extra)

    def _edge(self, e, upto, win, bengali):
        m = self.model
        src = e[0]
        at = 1 if src == OUTPUT else m.step_of.get(src)
        flowed = bool(m.steps) and at is not None and at <= upto
        return self._placed((e, flowed), lambda: self._edge_text(e, flowed, bengali),
                            m.pos[src], win)

    def _edge_text(self, e, flowed, bengali):
        m = self.model
        src, dst, slot = e
        grad = None
        if flowed:
            grad = m.output_grad if src == OUTPUT else m.edge_grad.get(e)
        step_no = (1 if m.steps else "") if src == OUTPUT else m.step_of.get(src, "")
        (sd, sk), (dd, dk) = m.pos[src], m.pos[dst]
        x1, y1 = 0.0, NODE_H / 2
        x2 = (dk - sk) * (NODE_W + GAP_X)
        y2 = (dd - sd) * (NODE_H + GAP_Y) - NODE_H / 2
        bend = self.bend[e]
        cx, cy = (x1 + x2) / 2 + bend, (y1 + y2) / 2
        cls = "agbn-graph-edge" + (" agbn-graph-flowed" if grad is not None else "")
        colour = "#d62728" if grad is not None else "#999"
        label = fmt_grad(grad, bengali) if grad is not None else ""
        lx, ly = (x1 + 2 * cx + x2) / 4, (y1 + 2 * cy + y2) / 4
        side, anchor = (-1, "end") if x2 + bend < x1 - 1 else (1, "start")  # label off the line
        return (f'<g class="{cls}" data-src="{src}" data-dst="{dst}" data-slot="{slot}" '
                f'data-step="{step_no}" data-grad="{C.esc(grad_attr(grad))}" '
                f'transform="translate({{XY}})">'
                f'<path d="M {x1:.1f} {y1:.1f} Q {cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}" '
                f'fill="none" stroke="{colour}" stroke-width="1.5" '
                f'marker-end="url(#agbn-arrow)"/>'
                f'<text class="agbn-graph-grad" x="{lx + side * 6:.1f}" y="{ly:.1f}" '
                f'text-anchor="{anchor}" fill="#d62728">{C.esc(label)}</text></g>')


def _box(nid, title, shape, cls, name, step_no, extra):
    fill = {"agbn-graph-output": "#eef3ff"}.get(cls.split()[0], "#ffffff")
    if "agbn-graph-leaf" in cls:
        fill = "#eaf6ea"
    if "agbn-graph-done" in cls:
        fill = "#fff4d6"
    stroke, width = ("#d62728", 3) if "agbn-graph-current" in cls else ("#444", 1)
    lines = [f'<text x="0" y="-6" text-anchor="middle" font-weight="bold">{C.esc(title)}</text>',
             f'<text x="0" y="10" text-anchor="middle" fill="#333">{C.esc(shape)}</text>']
    if extra:
        lines.append(f'<text class="agbn-graph-leaf-grad" x="0" y="{NODE_H / 2 + 14:.1f}"'
                     f' text-anchor="middle" fill="#d62728">{C.esc(extra)}</text>')
    return (f'<g class="agbn-graph-node {cls}" data-node="{nid}" data-name="{C.esc(name)}" '
            f'data-step="{step_no}" transform="translate({{XY}})"><rect x="{-NODE_W / 2:.1f}" '
            f'y="{-NODE_H / 2:.1f}" width="{NODE_W}" height="{NODE_H}" rx="8" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width}"/>{"".join(lines)}</g>')
