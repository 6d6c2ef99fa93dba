"""The backward driver: walk the graph from the outputs to the leaves, iteratively.

Every node gets a sequence number when it is made, and a node is always made after the nodes
of its inputs, so every edge of the graph points from a later node to an earlier one.
Running nodes from the latest to the earliest is therefore a topological order: when a node
runs, every node that feeds it a gradient has already run.  A heap keyed on the sequence
number gives that order with no recursion and no counting pass, and only nodes that actually
receive a gradient are ever visited:

    pop the latest node; turn its gradient into one per input (``node.apply``);
    add each into the buffer of the node it flows to, queueing that node on first arrival.

AccumulateGrad nodes add into the leaves' ``.grad``.  A leaf with no gradient yet keeps the
arrived array itself, as torch does, when the engine owns it: an explicit flag goes with every
buffered gradient (see ``_lent``), so no ``.grad`` ever shares memory with an array somebody
else holds (the caller's gradient, a hook's, a custom backward's, another leaf's).
"""
import warnings
from heapq import heappop, heappush

import numpy as np

from ..creation import tensor as make_tensor
from ..i18n import _
from ..ops import derivatives as D
from ..ops.namespaces import ARRAYS, TENSORS
from ..ops.arguments import type_name
from ..ops.quiet import IGNORE, STATE, Quiet
from ..ops.registry import record
from ..ops.shape import stack
from ..tensor import Tensor
from .anomaly_mode import _State as _Anomaly, check_nan, report
from .grad_mode import GradMode, InFormula
from .graph import DROPPED, AccumulateGrad, edge_of

_ndarray = np.ndarray

NO_GRAD_FN = "element {i} of tensors does not require grad and does not have a grad_fn"
NOT_SCALAR = "grad can be implicitly created only for scalar outputs"
SHAPE_MISMATCH = ("Mismatch in shape: grad_output[{i}] has a shape of {g} and output[{i}] has a "
                  "shape of {o}.")
UNUSED_INPUT = ("The differentiated Tensor at index {i} appears to not have been used in the "
                "graph. Set allow_unused=True if this is the desired behavior.")
CREATE_GRAPH_CYCLE = (
    "Using backward() with create_graph=True will create a reference cycle between the "
    "parameter and its gradient which can cause a memory leak. We recommend using "
    "autograd.grad when creating the graph to avoid this. If you have to use this function, "
    "make sure to reset the .grad fields of your parameters to None after use to break the "
    "cycle and avoid the leak.")
_WARNED = set()
INPUT_NO_GRAD = "One of the differentiated Tensors does not require grad"


def run_backward(roots, retain_graph, create_graph, capture=None):
    """Propagate ``roots`` [(node, gradient)] through the graph.

    Gradients are arrays, or tensors when ``create_graph``.  With ``capture`` (a set of
    nodes), the gradients reaching those nodes are returned instead of accumulated.
    """
    if not roots:
        return {}
    F = TENSORS if create_graph else ARRAYS
    # lent: the nodes whose gradient is not the engine's own array (see _lent); every other
    # gradient is an array the engine made and alone holds, which a leaf may keep as .grad
    buffers, queue, captured, lent = {}, [], {}, set()
    for node, g in roots:
        lent.add(node)                    # the caller's array (or the shared implicit 1)
        if node in buffers:
            buffers[node] = buffers[node] + g
        else:
            buffers[node] = g
            heappush(queue, (-node._seq, node))
    following = heappop(queue)[1]
    anomaly = _Anomaly.enabled
    node = None
    prev_mode, GradMode.enabled = GradMode.enabled, create_graph
    prev_formula, InFormula.active = InFormula.active, create_graph
    # torch never warns about inf * 0 or 1 / 0 in a backward pass; any formula may meet them
    # (g * other with an infinite other), so NumPy's warnings are off for the whole pass
    # (Quiet's work done inline where NumPy has the state variable: a call less per pass)
    quiet = STATE.set(IGNORE) if STATE is not None else Quiet().__enter__()
    try:
        while following is not None:
            node, following = following, None
            g = buffers.pop(node)
            if node._pre_hooks is not None or node._retain is not None:
                g = _run_hooks(node, g, create_graph)
                if g is None:                    # a hook dropped the gradient
                    if following is None and queue:
                        following = heappop(queue)[1]
                    continue
                if node._pre_hooks:
                    lent.add(node)                # a hook saw it (or gave its own)
            if capture is not None and node in capture:
                # (and go on: other inputs may lie beyond it)
                captured[node] = captured[node] + g if node in captured else g
                lent.add(node)
            if node.__class__ is AccumulateGrad:
                # as torch's AccumulateGrad::apply: a leaf that stopped requiring grad after
                # the graph was built (requires_grad_(False), detach_()) gets nothing
                if capture is None and node.variable._requires_grad:
                    _accumulate(node.variable, g, create_graph, node not in lent)
            else:
                grads = node.apply(g, F)
                if anomaly and _Anomaly.check_nan:
                    check_nan(node, grads)
                if not retain_graph and node._saved:
                    node._release()
                shared = None
                for nxt, gi in zip(node._next, grads):
                    if nxt is not None and gi is not None:
                        if nxt in buffers:
                            buffers[nxt] = buffers[nxt] + gi      # a new array: the engine's
                            lent.discard(nxt)
                            continue
                        buffers[nxt] = gi
                        if not create_graph and (not node.fresh_grads or gi is g
                                                 or gi.base is not None):
                            if shared is None:                # g itself, a view, or foreign
                                shared = _lent(node, g, grads, node not in lent)
                            if id(gi) in shared:
                                lent.add(nxt)
                        if following is None and not queue:
                            following = nxt   # the only node left to run: no heap needed
                        else:
                            heappush(queue, (-nxt._seq, nxt))
                            if following is not None:
                                heappush(queue, (-following._seq, following))
                                following = None
                grads = gi = shared = None
            if following is None and queue:
                following = heappop(queue)[1]
    except Exception:
        if anomaly and node is not None:
            report(node)                     # torch's warning: where the node was made
        raise
    finally:
        GradMode.enabled = prev_mode
        InFormula.active = prev_formula
        STATE.reset(quiet) if STATE is not None else quiet.__exit__(None, None, None)
    return captured


def _lent(node, g, grads, owned):
    """The ids (a tuple) of the gradients among ``grads = node.apply(g)`` that are not the
    engine's own array.  A row of the derivatives table (``fresh_grads``) returns new arrays or
    views of g: a view of g is the engine's own when g was and no other output is one too.
    Other nodes (a custom Function's backward) may return an array their author keeps."""
    if not node.fresh_grads:
        return tuple(map(id, grads))
    views, lent = 0, ()
    for gi in grads:
        if gi is g:
            views += 1
        elif gi is not None and gi.base is not None:
            if _aliases(gi.base, g):
                views += 1
            elif gi.base.__class__ is not _ndarray or gi.base.base is not None:
                lent += (id(gi),)                 # a view of an array nobody vouches for
    if views and (not owned or views > 1):
        lent += tuple(id(gi) for gi in grads
                      if gi is g or (gi is not None and _aliases(gi.base, g)))
    return lent


def _aliases(base, g):
    """True when ``base`` (an array's .base) is g's memory: g itself or g's own base."""
    return base is not None and (base is g or (g.__class__ is _ndarray and base is g.base))


def _reachable(nodes):
    seen, stack = set(nodes), list(nodes)
    while stack:
        for nxt in stack.pop()._next:
            if nxt is not None and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _run_hooks(node, g, create_graph):
    hooks, retain = node._pre_hooks, node._retain
    t = g if create_graph else Tensor._from_array(g)
    for hook in list(hooks or ()):
        new = hook(t)
        if new is DROPPED:
            return None
        if new is not None:
            if not isinstance(new, Tensor):
                raise TypeError(_("expected Variable, but hook returned '{t}'").format(
                    t=type_name(new)))
            if new.shape != t.shape:
                raise RuntimeError(_("hook '{name}' has changed the size of value").format(
                    name=getattr(hook, "__name__", type(hook).__name__)))
            if new.dtype is not t.dtype:
                raise RuntimeError(_("hook '{name}' has changed the type of value (was {a} got "
                                     "{b})").format(name=getattr(hook, "__name__",
                                                                 type(hook).__name__),
                                                    a=t.dtype.legacy_name,
                                                    b=new.dtype.legacy_name))
            t = new
    target = retain() if retain is not None else None
    if target is not None:
        grad = t if create_graph else Tensor._from_array(t._data.copy())
        target._grad = grad if target._grad is None else target._grad + grad
    return t if create_graph else t._data


def _accumulate(var, g, create_graph, owned=False):
    """Add gradient g into var.grad; ``owned``: g is the engine's own array (see _lent)."""
    cur = var._grad
    if create_graph:
        if cur is not None:
            var._grad = cur + g
        elif g.requires_grad:
            # torch stores a copy of a differentiable gradient, recorded as CopyBackwards
            out = Tensor._from_array(g._data.copy())
            var._grad = record(D.CopyBackwards, out, (Tensor._from_array(out._data), g))
        else:
            var._grad = Tensor._from_array(g._data.copy())      # torch clones it too
    elif cur is None:
        d = var._data
        if g.dtype == d.dtype and g.shape == d.shape:
            # Like torch, keep the gradient array itself when it is the engine's own (a fresh
            # array, or a view with its base's exact layout, such as the transpose of a
            # transpose); else copy it.
            keep = None
            flags = g.flags if owned else None
            if owned and flags.writeable and flags.c_contiguous:
                base = g.base
                if base is None:
                    keep = g
                elif (base.base is None and base.dtype == g.dtype and base.shape == g.shape
                      and base.strides == g.strides):
                    keep = base
            var._grad = Tensor._from_array(keep if keep is not None else g.copy())
        else:
            var._grad = Tensor._from_array(np.array(g, dtype=d.dtype).reshape(d.shape))
    else:
        cur._data += g       # in place, as torch: the same tensor, its grad_fn kept
        cur._bump_version()


_ONES = {}


def _one(d):
    """The implicit gradient of a one-element output: a shared, read-only 1 (never written)."""
    key = (d.shape, d.dtype)
    one = _ONES.get(key)
    if one is None:
        one = np.ones(d.shape, dtype=d.dtype)
        one.flags.writeable = False
        _ONES[key] = one
    return one


def _root_grad(i, t, gradient, create_graph):
    if gradient is None:
        if t._data.size != 1:
            raise RuntimeError(_(NOT_SCALAR))
        if create_graph:                  # may become a leaf's .grad: a writable array
            return Tensor._from_array(np.ones(t._data.shape, dtype=t._data.dtype))
        return _one(t._data)
    if not isinstance(gradient, Tensor):
        gradient = make_tensor(gradient, dtype=t.dtype)
    if gradient._data.shape != t._data.shape:
        raise RuntimeError(_(SHAPE_MISMATCH).format(i=i, g=gradient.shape, o=t.shape))
    if create_graph:
        return gradient
    g = gradient._data
    return g if g.dtype == t._data.dtype else g.astype(t._data.dtype)


def _as_list(x):
    if x is None:
        return []
    return [x] if isinstance(x, Tensor) else list(x)


def _as_tuple(x):
    """torch's reading of ``tensors``/``inputs``: a tensor alone, a dict's values, or
    ``tuple(x)`` (so a number fails with Python's own "not iterable")."""
    if isinstance(x, Tensor):
        return (x,)
    if type(x) is dict:
        return tuple(x.values())
    return tuple(x)


def _make_grads(outputs, grads):
    """torch.autograd's _make_grads: check each given gradient against its output (shape,
    type); pair the others with the implicit 1 of a one-element output (the engine checks the
    rest).  Outputs without a gradient pair are dropped, as zip drops them."""
    made = []
    for t, g in zip(outputs, grads):
        if not isinstance(t, Tensor):
            raise AssertionError(_("Expected output to be a torch.Tensor"))
        if isinstance(g, Tensor):
            if g._data.shape != t._data.shape:
                raise RuntimeError(_(SHAPE_MISMATCH).format(i=_index(grads, g), g=g.shape,
                                                            o=t.shape))
        elif g is None:
            if t.requires_grad:
                if t._data.size != 1:
                    raise RuntimeError(_(NOT_SCALAR))
                if not t.dtype.is_floating_point:
                    raise RuntimeError(_("grad can be implicitly created only for real scalar "
                                         "outputs but got {t}").format(t=t.dtype))
        else:
            raise TypeError(_("gradients can be either Tensors or None, but got {t}").format(
                t=type(g).__name__))
        made.append(g)
    return made


def _index(seq, item):
    for i, v in enumerate(seq):
        if v is item:
            return i
    return 0


def _roots(tensors, grad_tensors, create_graph):
    if grad_tensors is None and not create_graph and tensors.__class__ is Tensor:
        node = edge_of(tensors)
        d = tensors._data
        if node is None:
            raise RuntimeError(_(NO_GRAD_FN).format(i=0))
        if d.size != 1:
            raise RuntimeError(_(NOT_SCALAR))
        return [(node, _one(d))]
    tensors = _as_tuple(tensors)
    if grad_tensors is None:
        grads = (None,) * len(tensors)
    elif isinstance(grad_tensors, Tensor):
        grads = (grad_tensors,)
    else:
        grads = tuple(grad_tensors)
    grads = _make_grads(tensors, grads)
    if len(grads) != len(tensors):
        raise RuntimeError(_("got {n} tensors and {m} gradients").format(n=len(tensors),
                                                                       m=len(grads)))
    roots = []
    for i, (t, g) in enumerate(zip(tensors, grads)):
        node = edge_of(t)
        if node is None:
            raise RuntimeError(_(NO_GRAD_FN).format(i=i))
        roots.append((node, _root_grad(i, t, g, create_graph)))
    return roots


def _check_inputs(inputs):
    """The engine's checks of ``inputs``, in its order."""
    for t in inputs:
        if not isinstance(t, Tensor):
            raise RuntimeError(_("all inputs have to be Tensors or GradientEdges, but got "
                                 "{t}").format(t=type(t).__name__))


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Compute the gradient of ``tensors`` and add it into the leaves' ``.grad``."""
    if grad_variables is not None:
        warnings.warn(_("`grad_variables` is deprecated. Use `grad_tensors` instead."),
                      FutureWarning, stacklevel=3)
        if grad_tensors is not None:
            raise RuntimeError(_("`grad_tensors` and `grad_variables` (deprecated) arguments "
                                 "both passed to `backward()`. Please only use "
                                 "`grad_tensors`."))
        grad_tensors = grad_variables
    wanted = None
    if inputs is not None:
        wanted = _as_tuple(inputs)
        if not wanted:
            raise RuntimeError(_("`inputs` argument to `backward()` cannot be empty."))
    if retain_graph is None:
        retain_graph = create_graph
    if not isinstance(tensors, Tensor) and not _as_tuple(tensors):
        if grad_tensors is not None and not isinstance(grad_tensors, Tensor):
            tuple(grad_tensors)                   # (torch reads them: a number is an error)
        for t in wanted or ():                    # nothing to differentiate; the inputs are
            _check_inputs((t,))                   # still checked, as torch's engine does
            if t.grad_fn is None:
                t.retain_grad()
        return
    roots = _roots(tensors, grad_tensors, create_graph)
    if create_graph and "cycle" not in _WARNED:         # torch says this once per process
        _WARNED.add("cycle")
        warnings.warn(_(CREATE_GRAPH_CYCLE), UserWarning, stacklevel=3)
    if wanted is not None:
        _check_inputs(wanted)
        for t in wanted:
            if t.grad_fn is None:
                t.retain_grad()       # torch does so: a leaf that needs no grad is an error
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
    if materialize_grads and allow_unused is False:
        raise ValueError(_("Expected allow_unused to be True or not passed when "
                           "materialize_grads=True, but got: allow_unused=False."))
    if allow_unused is None:
        allow_unused = materialize_grads
    if not isinstance(outputs, Tensor):
        outputs = tuple(outputs)
    keys = list(inputs) if type(inputs) is dict else None
    inputs = _as_tuple(inputs)
    if not inputs:
        raise RuntimeError(_("`inputs` argument to `grad()` cannot be empty."))
    if not only_inputs:
        warnings.warn(_("only_inputs argument is deprecated and is ignored now (defaults to "
                        "True). To accumulate gradient for other parts of the graph, please "
                        "use torch.autograd.backward."), FutureWarning, stacklevel=3)
    if is_grads_batched:
        return _batched(outputs, inputs, grad_outputs, retain_graph, create_graph,
                        allow_unused, materialize_grads, keys)
    if retain_graph is None:
        retain_graph = create_graph
    roots = _roots(outputs, grad_outputs, create_graph)
    capture = {}
    for t in inputs:                      # each input checked in turn, as torch's engine
        _check_inputs((t,))
        node = edge_of(t)
        if node is None:
            raise RuntimeError(_(INPUT_NO_GRAD))
        capture[node] = t
    if not allow_unused:                     # say so before running (and freeing) anything
        reached = _reachable([node for node, _g in roots])
        for i, node in enumerate(capture):
            if node not in reached:
                raise RuntimeError(_(UNUSED_INPUT).format(i=i))
    got = run_backward(roots, retain_graph, create_graph, capture)
    result = []
    for i, t in enumerate(inputs):
        g = got.get(edge_of(t))
        if g is None:
            if not allow_unused:
                raise RuntimeError(_(UNUSED_INPUT).format(i=i))
            if materialize_grads:
                g = np.zeros_like(t._data)
        if g is not None and not create_graph:
            g = Tensor._from_array(np.array(g, dtype=t._data.dtype).reshape(t._data.shape))
        result.append(g)
    if keys is not None:
        return dict(zip(keys, result))
    return tuple(result)


def _batched(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused,
             materialize_grads, keys):
    """grad(..., is_grads_batched=True): one vector-Jacobian product per row of the first
    dimension of every grad_output (torch runs them through vmap; here, one after another),
    the results stacked."""
    outs = (outputs,) if isinstance(outputs, Tensor) else tuple(outputs)
    gos = (grad_outputs,) if isinstance(grad_outputs, Tensor) else tuple(grad_outputs or ())
    for i, (t, g) in enumerate(zip(outs, gos)):
        if isinstance(g, Tensor) and g[0]._data.shape != t._data.shape:   # (0-d: IndexError)
            raise RuntimeError(_(
                "If `is_grads_batched=True`, we interpret the first dimension of each "
                "grad_output as the batch dimension. The sizes of the remaining dimensions are "
                "expected to match the shape of corresponding output, but a mismatch was "
                "detected: grad_output[{i}] has a shape of {g} and output[{i}] has a shape of "
                "{o}. If you only want some tensors in `grad_output` to be considered batched, "
                "consider using vmap.").format(i=i, g=type(g.shape)(g._data.shape[2:]), o=t.shape))
    # (torch reports grad_output[0][0]'s shape without its first dim: the same here)
    n = next((g._data.shape[0] for g in gos if isinstance(g, Tensor)), 0)
    rows = []
    for b in range(n):
        row = grad(outs, inputs, [g[b] if isinstance(g, Tensor) else g for g in gos],
                   retain_graph=True if b < n - 1 else retain_graph,
                   create_graph=create_graph, allow_unused=allow_unused,
                   materialize_grads=materialize_grads)
        rows.append(row)
    result = tuple(None if rows[0][j] is None else stack([r[j] for r in rows])
                   for j in range(len(inputs)))
    return dict(zip(keys, result)) if keys is not None else result
