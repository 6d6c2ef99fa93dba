"""Higher-level differentiation of whole functions, as ``torch.autograd.functional``.

``vjp``, ``jvp``, ``jacobian``, ``hessian``, ``vhp`` and ``hvp`` take a function of tensors and
the point to differentiate at.  Inputs and outputs may be a tensor or a tuple of tensors; the
results have the same structure (a jacobian of tuple outputs and tuple inputs is a tuple of
tuples ``[output][input]``).  Everything is computed with reverse mode: ``jvp`` and ``hvp`` use
the double-backward trick (the gradient of a vector-Jacobian product with respect to the vector
it was taken with), which works because gradients computed with ``create_graph=True`` are
themselves differentiable.

``vectorize=True`` and ``strategy="forward-mode"`` are accepted for compatibility and give the
same values (PyTorch computes them with vmap / forward AD); ``strict=True`` raises PyTorch's
errors when an output does not depend on an input.
"""
from ..creation import zeros_like
from ..i18n import _
from ..ops.shape import stack
from ..tensor import Tensor
from .engine import grad as _grad
from .grad_mode import GradMode, enable_grad, set_grad_enabled

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]

NOT_TENSOR_AT = ("The {arg} given to {fn} must be either a Tensor or a tuple of Tensors but the "
                 "value at index {i} has type {t}.")
NOT_TENSOR = ("The {arg} given to {fn} must be either a Tensor or a tuple of Tensors but the "
              "given {arg} has type {t}.")
V_LENGTH = "v is a tuple of invalid length: should be {n} but got {m}."
V_SINGLE = "The given v should contain a single Tensor."
V_SIZE = "{prefix}v has invalid size: should be {want} but got {got}."
V_NONE_OUT = ("The vector v can only be None if the user-provided function returns a single "
              "Tensor with a single element.")
V_NONE_IN = ("The vector v can only be None if the input to the user-provided function is a "
             "single Tensor with a single element.")
SINGLE_TENSOR = "The function given to {fn} should return a single Tensor"
SINGLE_ELEMENT = "The Tensor returned by the function given to {fn} should contain a single element"
STRATEGY = ('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
            'function has more outputs than inputs, "forward-mode" tends to be more performant. '
            'Otherwise, prefer to use "reverse-mode".')
FWD_CREATE_GRAPH = ('torch.autograd.functional.jacobian: `create_graph=True` and '
                    '`strategy="forward-mode"` are not supported together (yet). Please either '
                    'set `create_graph=False` or `strategy="reverse-mode"`.')
FWD_NOT_VECTORIZED = ("Computing Jacobian using forward-AD or forward-over-reverse Hessian is"
                      "only implemented for `vectorize=True`.")
STRICT_VECTORIZE = ("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are "
                    "not supported together. Please either set `strict=False` or "
                    "`vectorize=False`.")

# strict mode: what _check_requires_grad and _fill_in_zeros say
INDEPENDENT_OUTPUT = ("The output of the user-provided function is independent of input {i}. "
                      "This is not allowed in strict mode.")
OUTPUT_NO_GRAD = ("Output {i} of the user-provided function does not require gradients. The "
                  "outputs must be computed in a differentiable manner from the input when "
                  "running in strict mode.")
GRAD_INPUT_NO_GRAD = ("The gradient with respect to input {i} is independent of the inputs of "
                      "the user-provided function. This is not allowed in strict mode.")
JACOBIAN_NO_GRAD = ("While computing the hessian, found that the jacobian of the user-provided "
                    "function with respect to input {i} is independent of the input. This is not "
                    "allowed in strict mode. You should ensure that your function is twice "
                    "differentiable and that the jacobian depends on the inputs (this would be "
                    "violated by a linear function for example).")
HESSIAN_NO_GRAD = ("The hessian of the user-provided function with respect to input {i} is "
                   "independent of the input. This is not allowed in strict mode. You should "
                   "ensure that your function is thrice differentiable and that the hessian "
                   "depends on the inputs.")
ZEROS_MESSAGES = {
    "back": INDEPENDENT_OUTPUT,
    "back_trick": ("The gradient with respect to the input is independent of entry {i} in the "
                   "grad_outputs when using the double backward trick to compute forward mode "
                   "gradients. This is not allowed in strict mode."),
    "double_back": ("The jacobian of the user-provided function is independent of input {i}. "
                    "This is not allowed in strict mode."),
    "double_back_trick": ("The hessian of the user-provided function is independent of entry "
                          "{i} in the grad_jacobian. This is not allowed in strict mode as it "
                          "prevents from using the double backward trick to replace forward mode "
                          "AD."),
}
JAC_CREATE_GRAPH = ("The jacobian of the user-provided function is independent of input {i}. "
                    "This is not allowed in strict mode when create_graph=True.")
HESS_CREATE_GRAPH = ("The hessian of the user-provided function is independent of input {i}. "
                     "This is not allowed in strict mode when create_graph=True.")
JAC_INDEPENDENT = ("Output {i} of the user-provided function is independent of input {j}. This "
                   "is not allowed in strict mode.")


# --- structure helpers -----------------------------------------------------------------------
def _as_tuple(value, arg, fn):
    """(was it a tuple, the tuple); PyTorch's TypeError for anything but tensors."""
    is_tuple = isinstance(value, tuple)
    items = value if is_tuple else (value,)
    for i, el in enumerate(items):
        if not isinstance(el, Tensor):
            message = NOT_TENSOR_AT if is_tuple else NOT_TENSOR
            raise TypeError(_(message).format(arg=arg, fn=fn, i=i, t=type(el)))
    return is_tuple, items


def _unpack(result, flags):
    """Undo ``_as_tuple``: flags is one bool, or (outer, inner) for nested tuples."""
    if isinstance(flags, tuple):
        outer, inner = flags
        if not inner:
            result = tuple(el[0] for el in result)
        return result if outer else result[0]
    return result if flags else result[0]


def _prepare(inputs, create_graph, need_graph):
    """New tensor objects for the inputs: views that keep history when create_graph, else
    detached copies that require grad when ``need_graph``."""
    out = []
    for t in inputs:
        if create_graph and t.requires_grad:
            out.append(t.view_as(t))
        else:
            out.append(t.detach().requires_grad_(need_graph))
    return tuple(out)


def _finish(values, create_graph):
    """Detach results unless the caller asked for a graph (nested tuples allowed)."""
    if values and isinstance(values[0], tuple):
        return tuple(_finish(v, create_graph) for v in values)
    if create_graph:
        return tuple(values)
    return tuple(v.detach() for v in values)


def _validate_v(v, other, other_is_tuple):
    if len(v) != len(other):
        if other_is_tuple:
            raise RuntimeError(_(V_LENGTH).format(n=len(other), m=len(v)))
        raise RuntimeError(_(V_SINGLE))
    for i, (a, b) in enumerate(zip(v, other)):
        if a.shape != b.shape:
            prefix = "Entry {i} in ".format(i=i) if other_is_tuple else ""
            raise RuntimeError(_(V_SIZE).format(prefix=prefix, want=b.shape, got=a.shape))


def _check_requires_grad(values, kind, strict):
    if not strict:
        return
    for i, t in enumerate(values):
        if t is None:
            raise RuntimeError(_(INDEPENDENT_OUTPUT).format(i=i))
        if not t.requires_grad:
            message = {"hessian": HESSIAN_NO_GRAD, "jacobian": JACOBIAN_NO_GRAD,
                       "grad_inputs": GRAD_INPUT_NO_GRAD}.get(kind, OUTPUT_NO_GRAD)
            raise RuntimeError(_(message).format(i=i))


def _grad_or_none(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None):
    """autograd.grad over the outputs that require grad; None for unreached inputs."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    keep = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not keep:
        return (None,) * len(inputs)
    outs = [o for o, _g in keep]
    gos = [g for _o, g in keep]
    if all(g is None for g in gos):
        gos = None
    return _grad(outs, list(inputs), gos, retain_graph=retain_graph, create_graph=create_graph,
                 allow_unused=True)


def _zeros_like(t, requires_grad=False):
    z = zeros_like(t)
    if requires_grad:
        z.requires_grad_(True)
    return z


def _fill_in_zeros(grads, refs, strict, create_graph, stage):
    out = []
    for i, g in enumerate(grads):
        if g is None:
            if strict:
                raise RuntimeError(_(ZEROS_MESSAGES[stage]).format(i=i))
            g = _zeros_like(refs[i])
        elif strict and create_graph and not g.requires_grad:
            message = HESS_CREATE_GRAPH if "double" in stage else JAC_CREATE_GRAPH
            raise RuntimeError(_(message).format(i=i))
        out.append(g)
    return tuple(out)


def _grad_mode_after(create_graph):
    return True if create_graph else GradMode.enabled


def _outputs(out, fn, strict):
    """(was it a tuple, the tuple) of what the user's function returned, checked as PyTorch
    does (tensors only; in strict mode, each must require grad)."""
    outputs_tuple, outputs = _as_tuple(out, "outputs of the user-provided function", fn)
    _check_requires_grad(outputs, "outputs", strict)
    return outputs_tuple, outputs


def _last_grad(outputs, inputs, v, refs, strict, create_graph, stage):
    """The final autograd.grad of vjp / jvp / vhp / hvp, in the grad mode the caller returns
    to (enabled when create_graph); an unreached input gets zeros like its ``refs`` entry."""
    with set_grad_enabled(_grad_mode_after(create_graph)):
        grads = _grad_or_none(outputs, inputs, v, create_graph=create_graph)
        return _fill_in_zeros(grads, refs, strict, create_graph, stage)


def _pair(outputs, outputs_tuple, result, result_tuple, create_graph):
    """(func(inputs), result), detached unless create_graph, in the structure given."""
    return (_unpack(_finish(outputs, create_graph), outputs_tuple),
            _unpack(_finish(result, create_graph), result_tuple))


# --- the public functions ----------------------------------------------------------------------
def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J): the vector-Jacobian product of ``func`` at ``inputs``."""
    with enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _prepare(inputs, create_graph, True)
        outputs_tuple, outputs = _outputs(func(*inputs), "vjp", strict)
        if v is not None:
            _t, v = _as_tuple(v, "v", "vjp")
            v = _prepare(v, create_graph, False)
            _validate_v(v, outputs, outputs_tuple)
        elif len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError(_(V_NONE_OUT))
    result = _last_grad(outputs, inputs, v, inputs, strict, create_graph, "back")
    return _pair(outputs, outputs_tuple, result, inputs_tuple, create_graph)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v): the Jacobian-vector product, by the double-backward trick."""
    with enable_grad():
        inputs_tuple, inputs, v = _inputs_and_v(inputs, v, create_graph, "jvp")
        outputs_tuple, outputs = _outputs(func(*inputs), "jvp", strict)
        # Any finite vector will do: the vjp is linear in it, so it leaves no trace in the
        # gradient of the vjp with respect to it.
        dummies = tuple(_zeros_like(o, requires_grad=True) for o in outputs)
        grad_inputs = _grad_or_none(outputs, inputs, dummies, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict)
    result = _last_grad(grad_inputs, dummies, v, outputs, strict, create_graph, "back_trick")
    return _pair(outputs, outputs_tuple, result, outputs_tuple, create_graph)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs``: shape ``output.shape + input.shape`` for each
    (output, input) pair, nested as the tuples of outputs and inputs are."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError(_(STRATEGY))
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError(_(FWD_CREATE_GRAPH))
        if not vectorize:
            raise NotImplementedError(_(FWD_NOT_VECTORIZED))
    with enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _prepare(inputs, create_graph, True)
        outputs_tuple, outputs = _outputs(func(*inputs), "jacobian", strict)
        if vectorize and strict:
            raise RuntimeError(_(STRICT_VECTORIZE))
        result = []
        for i, out in enumerate(outputs):
            rows = [[] for _t in inputs]
            flat = out.reshape(-1)
            for j in range(out.numel()):
                vj = _grad_or_none((flat[j],), inputs, retain_graph=True,
                                   create_graph=create_graph)
                for k, (g, inp) in enumerate(zip(vj, inputs)):
                    if g is not None:
                        if strict and create_graph and not g.requires_grad:
                            raise RuntimeError(_(JAC_CREATE_GRAPH).format(i=i))
                        rows[k].append(g)
                    else:
                        if strict:
                            raise RuntimeError(_(JAC_INDEPENDENT).format(i=i, j=k))
                        rows[k].append(_zeros_like(inp))
            per_input = []
            for k, inp in enumerate(inputs):
                shape = tuple(out.shape) + tuple(inp.shape)
                if rows[k]:
                    per_input.append(stack(rows[k], 0).view(shape))
                else:                                   # an output with no elements
                    per_input.append(_zeros_like(inp).reshape(-1)[:0].reshape(shape))
            result.append(tuple(per_input))
        return _unpack(_finish(tuple(result), create_graph), (outputs_tuple, inputs_tuple))


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function: a tensor of shape ``input.shape * 2`` for one input,
    a tuple of tuples ``[i][j]`` for a tuple of inputs."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError(_('Expected strategy to be either "forward-mode" or '
                               '"reverse-mode".'))

    def scalar_func(*inp):
        out = func(*inp)
        out_tuple, _outs = _outputs(out, "hessian", strict)
        if out_tuple:
            raise RuntimeError(_(SINGLE_TENSOR).format(fn="hessian"))
        if out.numel() != 1:
            raise RuntimeError(_(SINGLE_ELEMENT).format(fn="hessian"))
        return out.squeeze()

    def jac_func(*inp):
        if outer_jacobian_strategy == "forward-mode":
            inp = tuple(t.requires_grad_(True) for t in inp)
        jac = jacobian(scalar_func, inp, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        return jac

    result = jacobian(jac_func, inputs, create_graph=create_graph, strict=strict,
                      vectorize=vectorize, strategy=outer_jacobian_strategy)
    return _unpack(result, (inputs_tuple, inputs_tuple))


def _scalar_output(func, inputs, fn, strict):
    outputs_tuple, outputs = _outputs(func(*inputs), fn, strict)
    if outputs_tuple:
        raise RuntimeError(_(SINGLE_TENSOR).format(fn=fn))
    if outputs[0].numel() != 1:
        raise RuntimeError(_(SINGLE_ELEMENT).format(fn=fn))
    return outputs_tuple, outputs


def _inputs_and_v(inputs, v, create_graph, fn):
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", fn)
    inputs = _prepare(inputs, create_graph, True)
    if v is not None:
        _t, v = _as_tuple(v, "v", fn)
        v = _prepare(v, create_graph, False)
        _validate_v(v, inputs, inputs_tuple)
    elif len(inputs) != 1 or inputs[0].numel() != 1:
        raise RuntimeError(_(V_NONE_IN))
    return inputs_tuple, inputs, v


def _gradient_with_graph(func, inputs, v, create_graph, strict, name):
    """The start of vhp and hvp (under enable_grad): the checked inputs and v, the scalar
    output and its gradient, recorded so that it can be differentiated again."""
    inputs_tuple, inputs, v = _inputs_and_v(inputs, v, create_graph, name)
    outputs_tuple, outputs = _scalar_output(func, inputs, name, strict)
    jac = _grad_or_none(outputs, inputs, create_graph=True)
    _check_requires_grad(jac, "jacobian", strict)
    return inputs_tuple, inputs, v, outputs_tuple, outputs, jac


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H) for a scalar function."""
    with enable_grad():
        inputs_tuple, inputs, v, outputs_tuple, outputs, jac = _gradient_with_graph(
            func, inputs, v, create_graph, strict, "vhp")
    result = _last_grad(jac, inputs, v, inputs, strict, create_graph, "double_back")
    return _pair(outputs, outputs_tuple, result, inputs_tuple, create_graph)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v) for a scalar function, by the double-backward trick."""
    with enable_grad():
        inputs_tuple, inputs, v, outputs_tuple, outputs, jac = _gradient_with_graph(
            func, inputs, v, create_graph, strict, "hvp")
        dummies = tuple(_zeros_like(t, requires_grad=True) for t in inputs)
        double_back = _grad_or_none(jac, inputs, dummies, create_graph=True)
        _check_requires_grad(jac, "hessian", strict)
    result = _last_grad(double_back, dummies, v, inputs, strict, create_graph,
                        "double_back_trick")
    return _pair(outputs, outputs_tuple, result, inputs_tuple, create_graph)
