"""The values of a graph's nodes in the forward pass, and numbers written as LaTeX.

Nodes do not keep the tensor they produced (autograd/graph.py), so ``forward_values`` gathers
what the graph itself still holds: the output, the leaves, each node's saved result and the
inputs its consumers saved.  Anything else is known when the forward pass ran inside
``trace()`` (the explorer does that for an expression or a function it is given) or when the
tensor was passed by name.  A value that none of these gives stays unknown (None): the
explorer then shows the node's shape only.
"""
import contextlib
import math
import threading

import numpy as np

from ...ops import registry
from .. import _common as C
from ..graph_model import OUTPUT

KEEP = 1 << 16                 # traced values up to this many elements are copied
SMALL = 6                      # arrays up to this many elements are written out whole


class Trace:
    """What ``record`` told us: {node: output array} and {node: the inputs that were no
    tensors (Python numbers), by slot}."""

    def __init__(self):
        self.outputs, self.constants = {}, {}
        self.thread = threading.get_ident()

    def __call__(self, node, out, inputs):
        if threading.get_ident() != self.thread:     # another thread's graph: not ours
            return
        data = out._data
        self.outputs[node] = data.copy() if data.size <= KEEP else data
        consts = {k: v for k, v in enumerate(inputs) if not hasattr(v, "_data")}
        if consts:
            self.constants[node] = consts


@contextlib.contextmanager
def trace():
    """Record the output of every node made inside the block (yields the Trace)."""
    t = Trace()
    registry.observers.append(t)
    try:
        yield t
    finally:
        registry.observers.remove(t)


def _data(value):
    """The array of a saved tensor or a SavedOutput; a Python number as it is."""
    if value is None:
        return None
    data = getattr(value, "_data", None)
    if data is None:
        data = getattr(value, "data", None)
    return value if data is None else data


def forward_values(model, t, traced=None, names=None):
    """({node id: array or None}, {node id: name}, {node id: {slot: constant}})."""
    ids = {node: nid for nid, node in model.nodes.items()}
    values = dict.fromkeys(model.nodes)
    labels, constants = {}, {}
    values[OUTPUT] = t._data
    for node, nid in ids.items():
        if type(node).__name__ == "AccumulateGrad":
            values[nid] = node.variable._data
        if traced is not None and node in traced.outputs:
            values[nid] = traced.outputs[node]
        if traced is not None and node in traced.constants:
            constants[nid] = traced.constants[node]
    for node, nid in ids.items():
        result = getattr(node, "_result", None)
        if result is not None and values[nid] is None:
            values[nid] = _data(result)
        for saved in (getattr(node, "_self", None), getattr(node, "_other", None)):
            fn = getattr(saved, "grad_fn", None)
            if fn in ids and values[ids[fn]] is None:
                values[ids[fn]] = saved._data
    values["n0"] = t._data if values["n0"] is None else values["n0"]
    for name, tensor in (names or {}).items():
        node = getattr(tensor, "grad_fn", None)
        if node is None:
            ref = getattr(tensor, "_acc", None)
            node = ref() if ref is not None else None
        if node in ids:
            labels[ids[node]] = name
            if values[ids[node]] is None:
                values[ids[node]] = tensor._data
    return values, labels, constants


# --------------------------------------------------------------------------- numbers as LaTeX
def tex_number(v, bengali):
    """One number in LaTeX: 4 significant digits, a power of ten as × 10^{k}."""
    v = float(v)
    if math.isnan(v):
        return r"\mathrm{NaN}"
    if math.isinf(v):
        return r"\infty" if v > 0 else r"-\infty"
    text = f"{0.0 if v == 0 else v:.4g}"
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant} \\times 10^{{{int(exp)}}}"
    return C.to_digits(text, bengali)


def _shape_tex(shape, bengali):
    return C.to_digits("[" + ", ".join(str(int(s)) for s in shape) + "]", bengali)


def tex_value(value, bengali, elementwise=True):
    """(LaTeX, uniform) for a value, or (None, False) when it has no numeric form.

    ``uniform``: an array of several elements that are all equal, written as one number in an
    elementwise formula (the explorer says so once under the formulas), else as that number
    times a tensor of ones."""
    if value is None or isinstance(value, (str, slice, type(Ellipsis))):
        return None, False
    if isinstance(value, (bool, np.bool_)):
        return ("1" if value else "0"), False
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(s, (int, np.integer)) for s in value):
            return _shape_tex(value, bengali), False
        return None, False
    try:
        a = np.asarray(_data(value))
        if a.dtype.kind not in "biuf":
            return None, False
        a = a.astype(float)
    except (TypeError, ValueError):
        return None, False
    if a.size == 1:
        return tex_number(a.reshape(-1)[0], bengali), False
    flat = a.reshape(-1)
    if a.size and np.all(flat == flat[0]):
        if elementwise:
            return tex_number(flat[0], bengali), True
        return (tex_number(flat[0], bengali) + r" \cdot \mathbf{1}_{"
                + _shape_tex(a.shape, bengali) + "}"), False
    if a.size <= SMALL and a.ndim <= 2:
        rows = a.reshape(1, -1) if a.ndim == 1 else a
        body = r" \\ ".join(" & ".join(tex_number(v, bengali) for v in row) for row in rows)
        return r"\begin{pmatrix} " + body + r" \end{pmatrix}", False
    first = " & ".join(tex_number(v, bengali) for v in flat[:3])
    return (r"\begin{pmatrix} " + first + r" & \cdots \end{pmatrix}_{"
            + _shape_tex(a.shape, bengali) + "}"), False
