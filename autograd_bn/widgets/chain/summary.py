"""A large graph summarised: one row per layer, repeated structure collapsed.

A leaf's AccumulateGrad that feeds a single node, and a view of such a leaf (the TBackward0 of
a weight), belong to the node they feed: nn.Linear becomes one
row ``AddmmBackward0 + TBackward0 + 2 × AccumulateGrad``.  The rows follow the forward pass.
A run of rows that repeats (the same kinds of node, in the same order, at least MIN_REPEAT
times) is shown as its first and last copy with one row between that says how many copies
were left out.  Each row's text depends only on its state (value computed, gradient
received), so a redraw re-formats only the rows whose state changed.
"""
from ...i18n import _, get_language
from .. import _common as C
from ..graph_svg import fmt_grad

# nodes that only view a parameter (a weight's transpose): they join the layer that uses it
VIEWS = {"TBackward0", "TransposeBackward0", "PermuteBackward0", "ViewBackward0",
         "ReshapeAliasBackward0", "UnsqueezeBackward0", "ExpandBackward0", "SqueezeBackward0",
         "SqueezeBackward1"}
SUMMARY_MIN = 12            # graphs with more nodes than this get the summary table
MIN_REPEAT, MAX_UNIT = 3, 4
T_HEAD = "The graph layer by layer ({rows} rows for {nodes} nodes)"
T_REPEAT = "… the same {unit} node groups again, {count} more times …"
T_NODES = "Nodes"
T_VALUE = "Value"
T_GRAD = "Gradient received"


def groups(model):
    """[(head id, [member ids])] in forward order: each node that is no parameter-side node
    heads a group; parameter-side nodes join the group of the node they feed."""
    nodes = model.nodes
    parents = {nid: [] for nid in nodes}
    children = {nid: [] for nid in nodes}
    for src, dst, _slot in model.edges:
        parents[dst].append(src)
        children[src].append(dst)
    side = set()
    for nid in sorted(nodes, key=lambda n: nodes[n]._seq):            # inputs first
        kind = type(nodes[nid]).__name__
        if len(parents[nid]) == 1 and nid != "n0" and (
                kind == "AccumulateGrad" or (kind in VIEWS and children[nid]
                                             and all(c in side for c in children[nid]))):
            side.add(nid)
    owner = {}
    for nid in sorted(nodes, key=lambda n: -nodes[n]._seq):           # consumers first
        if nid in side:
            p = parents[nid][0]
            owner[nid] = owner.get(p, p)
    members = {nid: [] for nid in nodes if nid not in side}
    for nid, head in owner.items():
        members[head].append(nid)
    return [(head, members[head]) for head in sorted(members, key=lambda n: nodes[n]._seq)]


def signature(model, group):
    head, members = group
    kinds = sorted(type(model.nodes[m]).__name__ for m in members)
    return (type(model.nodes[head]).__name__,) + tuple(kinds)


def rows(model):
    """The table's rows: ("group", index, group) or ("repeat", unit length, copies left out)."""
    gs = groups(model)
    sig = [signature(model, g) for g in gs]
    out, i = [], 0
    while i < len(gs):
        for unit in range(1, MAX_UNIT + 1):
            copies = 1
            while sig[i + copies * unit:i + (copies + 1) * unit] == sig[i:i + unit] \
                    and i + (copies + 1) * unit <= len(gs):
                copies += 1
            if copies >= MIN_REPEAT:
                out.extend(("group", i + k, gs[i + k]) for k in range(unit))
                out.append(("repeat", unit, copies - 2))
                last = i + (copies - 1) * unit
                out.extend(("group", last + k, gs[last + k]) for k in range(unit))
                i += copies * unit
                break
        else:
            out.append(("group", i, gs[i]))
            i += 1
    return out


class Summary:
    """The summary table of a ChainModel, re-formatting only rows whose state changed."""

    def __init__(self, chain):
        self.chain = chain
        self.rows = rows(chain.graph) if len(chain.graph.nodes) > SUMMARY_MIN else []
        self.cache, self.key = {}, None

    def html(self, k, bengali):
        if not self.rows:
            return ""
        g, tl = self.chain.graph, self.chain.timeline
        key = (bengali, get_language())
        if key != self.key:
            self.cache, self.key = {}, key
        f, b = tl.split(k)
        body = []
        for row in self.rows:
            if row[0] == "repeat":
                state = ("repeat",)
            else:
                head = row[2][0]
                step = g.step_of.get(head)
                state = (tl.forward_index[head] <= f, step is not None and step <= b)
            ck = (row[1], row[0], state)
            text = self.cache.get(ck)
            if text is None:
                text = self.cache[ck] = self._row(row, state, bengali)
            body.append(text)
        head = _(T_HEAD).format(rows=C.to_digits(len(self.rows), bengali),
                                nodes=C.to_digits(len(g.nodes), bengali))
        cols = "".join(f"<th>{C.esc(c)}</th>" for c in ("#", _(T_NODES), _(T_VALUE), _(T_GRAD)))
        return (f'<table class="agbn-chain-summary" style="border-collapse:collapse">'
                f'<caption style="text-align:left">{C.esc(head)}</caption><tr>{cols}</tr>'
                f'{"".join(body)}</table>')

    def _row(self, row, state, bengali):
        cell = 'style="padding:2px 8px;border-top:1px solid #ddd"'
        if row[0] == "repeat":
            text = _(T_REPEAT).format(unit=C.to_digits(row[1], bengali),
                                      count=C.to_digits(row[2], bengali))
            return f'<tr class="agbn-chain-repeat"><td {cell} colspan="4">{C.esc(text)}</td></tr>'
        index, (head, members) = row[1], row[2]
        g, m = self.chain.graph, self.chain
        names = [type(g.nodes[head]).__name__]
        kinds = {}
        for nid in members:
            kinds[type(g.nodes[nid]).__name__] = kinds.get(type(g.nodes[nid]).__name__, 0) + 1
        names += [(f"{C.to_digits(n, bengali)} × {k}" if n > 1 else k) for k, n in kinds.items()]
        label = m.labels.get(head)
        value = m.values.get(head)
        shown = fmt_grad(value, bengali) if state[0] and value is not None else ""
        grad = fmt_grad(g.received[head], bengali) if state[1] else ""
        return (f'<tr class="agbn-chain-layer" data-node="{head}"><td {cell}>'
                f'{C.to_digits(index + 1, bengali)}</td><td {cell}>{C.esc(" + ".join(names))}'
                f'{C.esc(f" ({label})") if label else ""}</td><td {cell}>{C.esc(shown)}</td>'
                f'<td {cell}>{C.esc(grad)}</td></tr>')
