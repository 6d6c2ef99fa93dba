"""GraphView's model: the graph behind a tensor, its layout, and its backward pass replayed.

``collect`` finds the nodes and edges, ``layout`` places them by depth from the output, and
``replay`` runs the backward pass the way the engine does (a heap on the nodes' sequence
numbers, latest first) with ``node.apply(g, ARRAYS)``, recording the gradient on every edge.
The replay never frees the graph's saved values and never writes any ``.grad``; tensor hooks
are not run.

A custom Function with several differentiable outputs reaches the engine through one small
slot node per output (see autograd/function_node.py); PyTorch shows one node with several
outputs, and so does this model: a slot is drawn as its Function's node and is never a step of
its own.  ``GraphModel`` keeps everything a drawing needs, indexed so that one step costs time
in proportion to what is drawn, not to the size of the graph.
"""
import heapq
import warnings

import numpy as np

from ..autograd.function_node import _OutputSlot
from ..autograd.grad_mode import GradMode, InFormula as formula
from ..autograd.graph import SECOND_BACKWARD, AccumulateGrad
from ..i18n import _
from ..ops.namespaces import ARRAYS

E_FREED = ("The graph's saved values were already freed by a backward pass, so it cannot be "
           "replayed. Draw the graph before calling .backward(), or call backward with "
           "retain_graph=True.")
E_REPLAY = "The backward pass failed at {name}: {message}"
E_GRADIENT = "The output is not a scalar: give GraphView a gradient of shape {shape}."
E_GRADIENT_SHAPE = ("The gradient has shape {got} but the output has shape {shape}: give "
                    "GraphView a gradient with one number per element of the output.")
E_GRADIENT_VALUES = "The gradient must be a tensor or numbers, not {type}."

MESSAGES = {"gradient": E_GRADIENT, "shape": E_GRADIENT_SHAPE, "values": E_GRADIENT_VALUES,
            "freed": E_FREED, "replay": E_REPLAY}


def message(key, fields):
    """One of MESSAGES in the language active now."""
    return _(MESSAGES[key]).format(**fields)


def _error(cls, key, **fields):
    """An exception with a translated message that remembers (key, fields), so that a widget
    can show it again in another language."""
    exc = cls(message(key, fields))
    exc.message = (key, fields)
    return exc


OUTPUT = "output"            # the id of the pseudo-node for the tensor itself
KEEP_COPY = 1 << 16          # gradients up to this many elements are copied when recorded


class Step:
    """One node run by the backward pass: the gradient it received and what it sent on.

    ``grad`` is an array; for a custom Function with several outputs it is a tuple with one
    gradient (or None) per output."""

    def __init__(self, index, node_id, grad, sent):
        self.index, self.node_id, self.grad, self.sent = index, node_id, grad, sent

    def __repr__(self):
        return f"Step({self.index}, {self.node_id!r})"


def through_slot(node, slot_cls=None):
    """The node a gradient for ``node`` is drawn going into: a multi-output Function's slot
    stands for the Function's own node."""
    slot_cls = slot_cls or _OutputSlot
    return node._next[0] if isinstance(node, slot_cls) else node


def collect(t):
    """(nodes, edges): nodes {id: node} ("n0" is t.grad_fn), edges [(src id, dst id, slot)]
    for every (node, 0) entry of next_functions that is not None."""
    slot_cls = _OutputSlot
    root = through_slot(t.grad_fn, slot_cls)
    ids, nodes, edges, stack = {root: "n0"}, {"n0": root}, [], [root]
    while stack:
        node = stack.pop()
        for slot, nxt in enumerate(node._next):
            if nxt is None:
                continue
            nxt = through_slot(nxt, slot_cls)
            if nxt not in ids:
                ids[nxt] = f"n{len(ids)}"
                nodes[ids[nxt]] = nxt
                stack.append(nxt)
            edges.append((ids[node], ids[nxt], slot))
    return nodes, edges


def initial_gradient(t, gradient):
    """The gradient the replay starts with, as an array of t's shape and dtype.

    Raises RuntimeError for a non-scalar t without gradient (as backward does) and ValueError
    for a gradient that is not numbers or has the wrong number of elements."""
    dtype = t.detach().numpy().dtype
    if gradient is None:
        if t.numel() != 1:
            raise _error(RuntimeError, "gradient", shape=list(t.shape))
        return np.ones(t.shape, dtype=dtype)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")                # complex -> float is no gradient
            raw = gradient.detach().numpy() if hasattr(gradient, "detach") else gradient
            g = np.asarray(raw, dtype=dtype)
    except Exception:                                     # noqa: BLE001 - reported below
        raise _error(ValueError, "values", type=type(gradient).__name__) from None
    if g.size != t.numel():
        raise _error(ValueError, "shape", got=list(g.shape), shape=list(t.shape))
    return g.reshape(t.shape)


def _keep(g):
    """A recorded gradient: a copy if small, else the array itself (nothing writes to it)."""
    a = np.asarray(g)
    return a.copy() if a.size <= KEEP_COPY else a


def _shown(g, node):
    """What a node received, for the record: a multi-output Function's gradients by output."""
    parts = getattr(g, "parts", None)
    if parts is None:
        return _keep(g)
    count = len(getattr(node, "_out_meta", ()) or ()) or (max(parts) + 1)
    return tuple(_keep(parts[k]) if k in parts else None for k in range(count))


def _is_freed(exc):
    return isinstance(exc, RuntimeError) and str(exc) == _(SECOND_BACKWARD)


def replay(t, nodes, gradient=None):
    """The engine's backward pass, recorded.  Returns (steps, leaf gradients {id: array}).

    Raises RuntimeError (with a translated message) when the graph cannot be replayed, and
    ValueError when ``gradient`` does not fit ``t``.
    """
    slot_cls = _OutputSlot
    ids = {node: nid for nid, node in nodes.items()}
    g0 = initial_gradient(t, gradient)
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
                slot = isinstance(node, slot_cls)
                if node.__class__ is AccumulateGrad:
                    nid = ids[node]
                    leaves[nid] = _keep(g)
                    steps.append(Step(len(steps) + 1, nid, leaves[nid], []))
                    continue
                try:
                    grads = node.apply(g, ARRAYS)
                except Exception as exc:                  # noqa: BLE001
                    if _is_freed(exc):
                        raise _error(RuntimeError, "freed") from None
                    raise _error(RuntimeError, "replay", name=type(node).__name__,
                                 message=exc) from None
                sent = []
                for k, (nxt, gi) in enumerate(zip(node._next, grads)):
                    if nxt is None or gi is None:
                        continue
                    if not slot:                  # (a slot only passes its output on)
                        sent.append((ids[through_slot(nxt, slot_cls)], k, _keep(gi)))
                    if nxt in buffers:
                        buffers[nxt] = buffers[nxt] + gi
                    else:
                        buffers[nxt] = gi
                        heapq.heappush(queue, (-nxt._seq, tie, nxt))
                        tie += 1
                if not slot:
                    steps.append(Step(len(steps) + 1, ids[node], _shown(g, node), sent))
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
            row.sort(key=lambda nid: sum(pos[p][1] for p in parents[nid]) / len(parents[nid]))
        for k, nid in enumerate(row):
            pos[nid] = (d, k - (len(row) - 1) / 2)
    return pos


class GraphModel:
    """Nodes, edges, layout and steps, indexed for drawing (``GraphModel.of(t, gradient)``).

    ``error`` holds the replay's message when it failed (the graph is still drawn): a string,
    or (key of MESSAGES, fields) to be translated when shown."""

    @classmethod
    def of(cls, t, gradient=None):
        nodes, edges = collect(t)
        steps, leaf_grads, error = [], {}, None
        try:
            steps, leaf_grads = replay(t, nodes, gradient)
        except (RuntimeError, ValueError) as exc:
            error = getattr(exc, "message", None) or str(exc)
        return cls(tuple(t.shape), nodes, edges, steps, leaf_grads, error)

    def __init__(self, shape, nodes, edges, steps=(), leaf_grads=None, error=None):
        self.shape, self.nodes, self.edges = tuple(shape), nodes, edges
        self.steps, self.leaf_grads, self.error = list(steps), leaf_grads or {}, error
        self.pos = layout(nodes, edges)
        self.pos[OUTPUT] = (-1, 0.0)
        self.step_of = {s.node_id: s.index for s in self.steps}
        self.received = {s.node_id: s.grad for s in self.steps}
        self.output_grad = None
        if self.steps:
            first = self.steps[0].grad
            self.output_grad = first if not isinstance(first, tuple) else \
                next(p for p in first if p is not None)
        self.edge_grad = {}
        for s in self.steps:
            for dst, slot, gi in s.sent:
                self.edge_grad[(s.node_id, dst, slot)] = gi
        self.out_edges = {nid: [] for nid in self.pos}
        self.in_count = dict.fromkeys(self.pos, 0)
        for e in [(OUTPUT, "n0", 0)] + list(edges):
            self.out_edges[e[0]].append(e)
            self.in_count[e[1]] += 1
        self.rows = {}
        for nid, (d, k) in self.pos.items():
            self.rows.setdefault(d, []).append((k, nid))
        for row in self.rows.values():
            row.sort()
        self.depth = max(self.rows)
        ks = [row[0][0] for row in self.rows.values()] + [row[-1][0] for row in self.rows.values()]
        self.k_min, self.k_max = min(ks), max(ks)
