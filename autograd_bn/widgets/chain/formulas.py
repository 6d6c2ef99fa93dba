"""A node's chain rule as LaTeX: its row of derivatives_tex written with symbols and with the
graph's numbers.

``node_tex(node)`` finds the row (one source: the table keyed by the row's name in its module).
``Formulas.blocks(nid, upto_backward)`` returns what the explorer shows for a node, a list of
("text", str) and ("math", LaTeX) blocks: the forward line r = ... = value, then for each input
with an edge ∂L/∂a = ∂L/∂r · ∂r/∂a = (symbols) = (numbers) = the gradient the engine sent.
"""
import weakref

import numpy as np

from ...i18n import _
from ...ops import derivatives as D
from ...ops import derivatives_linear as DL
from ...ops import derivatives_tex as T
from ...nn import functional as NF
from ...ops.registry import OpNode
from ...ops import views as V
from .. import _common as C
from ..graph_model import through_slot
from .values import tex_value

T_FORWARD = "Forward: the node's output r from its inputs"
T_BACKWARD = "Backward: the chain rule for each input"
T_NOT_YET = "The gradient reaches this node at backward step {k}."
T_UNIFORM = ("Every element of these tensors holds the same number, so one number stands for "
             "the whole tensor.")
T_RECEIVED = "Gradients that arrive along several edges are added:"
T_LEGEND = "r̄ = ∂L/∂r is the gradient arriving at this node; L is the graph's output."
T_LEAF = "A leaf: AccumulateGrad adds the gradient that reaches it to .grad."
T_INPUTS = "Inputs: {pairs}."
T_CONSTANT = "a number"

_KEYS = weakref.WeakKeyDictionary()       # a row made and dropped (a test's) leaves it
# Forward passes of simple rows, to fill in values a graph did not keep (``derive_missing``).
FORWARD = {
    "AddBackward0": lambda a, b, alpha=1, **_k: a + b * alpha,
    "SubBackward0": lambda a, b, alpha=1, **_k: a - b * alpha,
    "MulBackward0": lambda a, b, **_k: a * b,
    "DivBackward0": lambda a, b, **_k: a / b,
    "NegBackward0": lambda a, **_k: -a,
}


def _module_keys():
    """{node class: key}: the rows of derivatives.py (and nn.functional) by their name in the
    module, derivatives_linear.py's as "linear:<name>", every other OpNode subclass (a row
    made anywhere, with its ``forward``) by its class name."""
    if not _KEYS:
        for prefix, module in (("", D), ("linear:", DL), ("", NF)):
            for name, obj in vars(module).items():
                if isinstance(obj, type) and issubclass(obj, OpNode):
                    _KEYS.setdefault(obj, prefix + name)
        _KEYS[V.CopySlices] = "views:CopySlices"
        stack = list(OpNode.__subclasses__())
        while stack:
            cls = stack.pop()
            stack.extend(cls.__subclasses__())
            if cls.forward:                       # not a base class such as PiecesNode
                _KEYS.setdefault(cls, cls.__name__)
    return _KEYS


def table_rows():
    """{key: node class} of every row of the derivatives table (and the other OpNodes)."""
    return {key: cls for cls, key in _module_keys().items()}


def missing_rows():
    """The keys of rows that have no entry in derivatives_tex.TEX."""
    _KEYS.clear()
    return sorted(key for key in table_rows() if key not in T.TEX)


def node_key(cls):
    """The key of a node class in derivatives_tex.TEX, or None for a node that is no row."""
    return _module_keys().get(cls)


def node_tex(node):
    """The Tex of a node: its table row, AccumulateGrad's or a custom Function's."""
    name = type(node).__name__
    if name == "AccumulateGrad":
        return T.ACCUMULATE
    key = node_key(type(node))
    if key is None:
        return T.TEX.get(name, T.FUNCTION)
    return T.TEX[key]


def symbolic(tex):
    """A formula with each placeholder replaced by its symbol."""
    return T.PLACEHOLDER.sub(lambda m: T.SYMBOLS.get(m.group(1), r"\mathrm{%s}" % m.group(1)
                                                     .replace("_", r"\_")), tex)


def input_symbol(name, k):
    return "a_{%d}" % (k + 1) if name == "*" else T.SYMBOLS.get(name, name)


class Formulas:
    """The numbers of one graph, ready to be put into formulas."""

    def __init__(self, model, values, constants, bengali):
        self.model, self.values, self.constants = model, values, constants
        self.bengali = bengali
        self.ids = {node: nid for nid, node in model.nodes.items()}
        self.labels = {}
        self.sent, self.incoming = {}, {}
        for (src, dst, slot), g in model.edge_grad.items():
            self.sent[(src, slot)] = g
            self.incoming.setdefault(dst, []).append(g)
        self.derive_missing()

    def derive_missing(self):
        """Values the graph did not keep, computed again from their inputs (forward order)
        for the simple elementwise rows of FORWARD; the rest stay unknown."""
        nodes = self.model.nodes
        for nid in sorted(nodes, key=lambda n: nodes[n]._seq):
            fn = FORWARD.get(type(nodes[nid]).__name__)
            if fn is None or self.values.get(nid) is not None:
                continue
            count = len(nodes[nid]._next)
            args = [self.slot_value(nid, k) for k in range(count)]
            if any(a is None for a in args):
                continue
            attrs = getattr(nodes[nid], "_attrs", None) or {}
            dtype = np.result_type(*[np.asarray(a).dtype for a in args if hasattr(a, "dtype")]
                                   or [np.float32])
            with np.errstate(all="ignore"):
                value = np.asarray(fn(*[np.asarray(a) for a in args], **attrs))
            self.values[nid] = value.astype(dtype, copy=False)

    def child(self, node, k):
        nxt = node._next[k] if k < len(node._next) else None
        return None if nxt is None else self.ids.get(through_slot(nxt))

    def slot_value(self, nid, k):
        """The value of input k of node nid: its producer's, a traced or saved constant."""
        node = self.model.nodes[nid]
        child = self.child(node, k)
        if child is not None and self.values.get(child) is not None:
            return self.values[child]
        if k in self.constants.get(nid, {}):
            return self.constants[nid][k]
        order = (None, "_self", "_other") if type(node).__name__ == "AddmmBackward0" \
            else ("_self", "_other")
        if k < len(order) and order[k] is not None:
            saved = getattr(node, order[k], None)
            if saved is not None:
                return getattr(saved, "_data", saved)
        return None

    def lookup(self, nid, tex):
        """{placeholder: value} for a node (values not known are left out)."""
        node = self.model.nodes[nid]
        out = {"result": self.values.get(nid), "g": self.model.received.get(nid)}
        for k, (name, _local, _grad) in enumerate(tex.inputs if not tex.variadic else ()):
            out[name] = self.slot_value(nid, k)
        attrs = getattr(node, "_attrs", None) or {}
        for name, value in attrs.items():
            out.setdefault(name, value)
        return out

    def numeric(self, text, known, ew=True):
        """A formula with the numbers of ``known`` put in; (LaTeX or None, uniform)."""
        missing, uniform = False, False

        def put(m):
            nonlocal missing, uniform
            name = m.group(1)
            tex, same = tex_value(known.get(name), self.bengali, ew)
            if tex is None:
                if name in known and known[name] is not None and name not in ("g", "result"):
                    return T.SYMBOLS.get(name, r"\mathrm{%s}" % name.replace("_", r"\_"))
                missing = True
                return ""
            uniform = uniform or same
            if tex.startswith("-") and m.start() > 0:
                tex = r"\left(" + tex + r"\right)"
            return "{" + tex + "}"
        out = T.PLACEHOLDER.sub(put, text)
        return (None if missing else out), uniform

    def blocks(self, nid, upto_backward):
        """The explanation of node ``nid`` once ``upto_backward`` backward steps have run."""
        b = self.bengali
        m = self.model
        node = m.nodes[nid]
        tex = node_tex(node)
        known = self.lookup(nid, tex)
        out, uniform = [], False
        ew = tex.elementwise
        value, same = tex_value(self.values.get(nid), b, ew)
        uniform = uniform or same
        if tex is T.ACCUMULATE:
            out.append(("text", _(T_LEAF)))
            if value is not None:
                out.append(("math", "a = " + value))
        else:
            out.append(("text", _(T_FORWARD)))
            line = "r = " + symbolic(tex.forward)
            num, same = self.numeric(tex.forward, known, ew)
            uniform = uniform or same
            if num is not None and num != value:
                line += " = " + num
            if value is not None:
                line += " = " + value
            out.append(("math", line))
            pairs = self._inputs_text(nid, tex)
            if pairs:
                out.append(("text", pairs))
        out.append(("text", _(T_BACKWARD)))
        step = m.step_of.get(nid)
        if step is None or step > upto_backward:
            if step is not None:
                out.append(("text", _(T_NOT_YET).format(k=C.to_digits(step, b))))
            out.extend(self._backward(nid, tex, None, node))
        else:
            parts = self.incoming.get(nid, [])
            if len(parts) > 1:
                out.append(("text", _(T_RECEIVED)))
                total, same = tex_value(m.received[nid], b, ew)
                terms = " + ".join(tex_value(p, b, ew)[0] for p in parts)
                out.append(("math", r"\bar{r} = " + terms + " = " + total))
            lines, same = self._backward(nid, tex, known, node), False
            for kind, line in lines:
                uniform = uniform or (kind == "uniform")
            out.extend(line for line in lines if line[0] != "uniform")
        out.append(("text", _(T_LEGEND)))
        if uniform:
            out.append(("text", _(T_UNIFORM)))
        return out

    def _inputs_text(self, nid, tex):
        node = self.model.nodes[nid]
        pairs = []
        for k in range(len(node._next)):
            spec = tex.inputs[min(k, len(tex.inputs) - 1)] if tex.inputs else ("*",)
            child = self.child(node, k)
            what = self._label(child) if child is not None else _(T_CONSTANT)
            pairs.append(f"{input_symbol(spec[0], k)} = {what}")
        return _(T_INPUTS).format(pairs=", ".join(pairs)) if pairs else ""

    def _label(self, nid):
        return self.labels.get(nid) or \
            f"{type(self.model.nodes[nid]).__name__} ({nid})"

    def _backward(self, nid, tex, known, node):
        """[("math", line) ...] per input with an edge; ("uniform", "") if a value was."""
        m = self.model
        lines = []
        if tex is T.ACCUMULATE:
            line = r"\frac{\partial L}{\partial a} = \bar{r}"
            if known is not None:
                g, same = tex_value(m.received.get(nid), self.bengali)
                line += " = " + g
                if same:
                    lines.append(("uniform", ""))
            return [("math", line)] + lines
        for k in range(len(node._next)):
            child = self.child(node, k)
            if child is None:
                continue
            name, local, grad = tex.inputs[min(k, len(tex.inputs) - 1)]
            a = input_symbol(name, k)
            line = r"\frac{\partial L}{\partial %s} = " % a
            if local is not None:
                line += r"\bar{r} \cdot \frac{\partial r}{\partial %s} = " % a
            line += symbolic(grad)
            if known is not None:
                num, same = self.numeric(grad, known, tex.elementwise)
                sent = self.sent.get((nid, k))
                value, same2 = tex_value(sent, self.bengali, tex.elementwise)
                if num is not None and num != value:
                    line += " = " + num
                if value is not None:
                    line += " = " + value
                if same or same2:
                    lines.append(("uniform", ""))
            lines.append(("math", line))
        return lines
