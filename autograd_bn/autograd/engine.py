"""The backward driver: walk the graph from the outputs to the leaves, iteratively.

1. Count, for every node reachable from the roots, how many edges lead into it.
2. Start from the roots; a node runs once every edge into it has delivered its gradient
   (Kahn's topological order, with an explicit stack: no recursion, any depth).
3. Running a node turns its gradient into one gradient per input; they are summed into the
   buffers of the next nodes.  AccumulateGrad nodes add into the leaves' ``.grad``.
"""
import numpy as np

from ..i18n import _
from .grad_mode import GradMode
from .graph import AccumulateGrad, edge_of

NO_GRAD_FN = "element {i} of tensors does not require grad and does not have a grad_fn"
NOT_SCALAR = "grad can be implicitly created only for scalar outputs"
SHAPE_MISMATCH = ("Mismatch in shape: grad_output[{i}] has a shape of {g} and output[{i}] has a "
                  "shape of {o}.")
UNUSED_INPUT = ("One of the differentiated Tensors appears to not have been used in the graph. "
                "Set allow_unused=True if this is the desired behavior.")
INPUT_NO_GRAD = "One of the differentiated Tensors does not require grad"


def run_backward(roots, retain_graph, create_graph, capture=None):
    """Propagate ``roots`` [(node, gradient)] through the graph.

    Gradients are arrays, or tensors when ``create_graph``.  With ``capture`` (node -> slot),
    the gradients reaching those nodes are returned instead of accumulated into ``.grad``.
    """
    from ..ops.namespaces import ARRAYS, TENSORS
    F = TENSORS if create_graph else ARRAYS
    buffers, deps = {}, {}
    for node, g in roots:
        buffers[node] = buffers[node] + g if node in buffers else g
    stack, seen = list(buffers), set(buffers)
    while stack:                                   # 1. count incoming edges
        for nxt, _ in stack.pop().next_functions:
            if nxt is not None:
                deps[nxt] = deps.get(nxt, 0) + 1
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    captured = {}
    ready = [n for n in buffers if n not in deps]
    prev_mode, GradMode.enabled = GradMode.enabled, create_graph
    try:
        while ready:                               # 2. run nodes in topological order
            node = ready.pop()
            g = buffers.pop(node, None)
            grads = ()
            if g is not None:
                g = _run_hooks(node, g, create_graph)
                if capture is not None and node in capture:
                    captured[node] = g
                elif node.__class__ is AccumulateGrad:
                    if capture is None:
                        _accumulate(node.variable, g, create_graph)
                else:
                    grads = node.apply(g, F)
                    if not retain_graph:
                        node._release()
            for i, (nxt, _) in enumerate(node.next_functions):
                if nxt is None:
                    continue
                gi = grads[i] if grads else None       # 3. sum into the next buffers
                if gi is not None:
                    prev = buffers.get(nxt)
                    buffers[nxt] = gi if prev is None else prev + gi
                deps[nxt] -= 1
                if deps[nxt] == 0:
                    ready.append(nxt)
    finally:
        GradMode.enabled = prev_mode
    return captured


def _run_hooks(node, g, create_graph):
    hooks = node.variable._hooks if node.__class__ is AccumulateGrad else node._pre_hooks
    retain = node._retain
    if not hooks and retain is None:
        return g
    from ..tensor import Tensor
    t = g if create_graph else Tensor._from_array(g)
    for hook in list(hooks or ()):
        new = hook(t)
        if new is not None:
            t = new
    target = retain() if retain is not None else None
    if target is not None:
        grad = t if create_graph else Tensor._from_array(t._data.copy())
        target._grad = grad if target._grad is None else target._grad + grad
    return t if create_graph else t._data


def _accumulate(var, g, create_graph):
    from ..tensor import Tensor
    cur = var._grad
    if create_graph:
        var._grad = g if cur is None else cur + g
    elif cur is None:
        var._grad = Tensor._from_array(np.array(g, dtype=var._data.dtype, copy=True)
                                       .reshape(var._data.shape))
    elif cur.requires_grad:
        var._grad = cur + Tensor._from_array(g)
    else:
        cur._data += g


def _root_grad(i, t, gradient, create_graph):
    from ..tensor import Tensor
    if gradient is None:
        if t._data.size != 1:
            raise RuntimeError(_(NOT_SCALAR))
        g = np.ones(t._data.shape, dtype=t._data.dtype)
        return Tensor._from_array(g) if create_graph else g
    if not isinstance(gradient, Tensor):
        from ..creation import tensor as make
        gradient = make(gradient, dtype=t.dtype)
    if gradient._data.shape != t._data.shape:
        raise RuntimeError(_(SHAPE_MISMATCH).format(i=i, g=gradient.shape, o=t.shape))
    if create_graph:
        return gradient
    g = gradient._data
    return g if g.dtype == t._data.dtype else g.astype(t._data.dtype)


def _as_list(x):
    if x is None:
        return []
    from ..tensor import Tensor
    return [x] if isinstance(x, Tensor) else list(x)


def _roots(tensors, grad_tensors, create_graph):
    tensors = _as_list(tensors)
    grads = _as_list(grad_tensors) if grad_tensors is not None else [None] * len(tensors)
    if len(grads) != len(tensors):
        raise RuntimeError(_("grad can be implicitly created only for scalar outputs"))
    roots = []
    for i, (t, g) in enumerate(zip(tensors, grads)):
        node = edge_of(t)
        if node is None:
            raise RuntimeError(_(NO_GRAD_FN).format(i=i))
        roots.append((node, _root_grad(i, t, g, create_graph)))
    return roots


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Compute the gradient of ``tensors`` and add it into the leaves' ``.grad``."""
    if grad_variables is not None:
        grad_tensors = grad_variables
    if retain_graph is None:
        retain_graph = create_graph
    roots = _roots(tensors, grad_tensors, create_graph)
    if inputs is not None:
        wanted = _as_list(inputs)
        capture = {edge_of(t): t for t in wanted}
        got = run_backward(roots, retain_graph, create_graph, capture)
        for node, t in capture.items():
            if node in got:
                _accumulate(t, got[node], create_graph)
        return
    run_backward(roots, retain_graph, create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """Return the gradients of ``outputs`` with respect to ``inputs`` (nothing accumulates)."""
    from ..tensor import Tensor
    single = isinstance(inputs, Tensor)
    inputs = _as_list(inputs)
    if retain_graph is None:
        retain_graph = create_graph
    if allow_unused is None:
        allow_unused = materialize_grads
    capture = {}
    for t in inputs:
        node = edge_of(t)
        if node is None:
            raise RuntimeError(_(INPUT_NO_GRAD))
        capture[node] = t
    roots = _roots(outputs, grad_outputs, create_graph)
    got = run_backward(roots, retain_graph, create_graph, capture)
    result = []
    for t in inputs:
        g = got.get(edge_of(t))
        if g is None:
            if not allow_unused:
                raise RuntimeError(_(UNUSED_INPUT))
            if materialize_grads:
                g = np.zeros_like(t._data)
        if g is not None and not create_graph:
            g = Tensor._from_array(np.array(g, dtype=t._data.dtype).reshape(t._data.shape))
        result.append(g)
    return tuple(result)
