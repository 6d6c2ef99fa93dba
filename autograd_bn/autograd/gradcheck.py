"""gradcheck / gradgradcheck: compare backward with finite differences, as PyTorch does.

``gradcheck(func, inputs)`` builds two Jacobians for every (differentiable output, input that
requires grad) pair and compares them with ``allclose(analytical, numerical, rtol, atol)``:

* numerical: central differences ``(f(x + eps e_k) - f(x - eps e_k)) / (2 eps)``, perturbing one
  element of one input at a time, in place;
* analytical: one ``autograd.grad`` call per output element with a one-hot grad_output (run
  twice, to check the backward is deterministic within ``nondet_tol``).

It also checks that a zero grad_output gives zero gradients (``backward not multiplied by
grad_output``).  On failure it raises :class:`GradcheckError` (a RuntimeError) whose message
is PyTorch's (``Jacobian mismatch for output 0 with respect to input 0, numerical:...
analytical:...``, the Jacobians in the input's dtype); with ``raise_exception=False`` it returns
False instead.  ``gradgradcheck`` runs gradcheck on the function that maps
(inputs, grad_outputs) to the gradients, i.e. it checks second derivatives.

Only the slow, exact mode exists: ``fast_mode`` is accepted and gives the same verdicts (its
failure text is the slow mode's; PyTorch's fast mode prints products with random vectors).
Forward-mode AD and batched gradients are not implemented; their flags are accepted and ignored.
"""
import warnings

import numpy as np

from ..i18n import _
from ..random import sampling as _sampling
from ..tensor import Tensor
from .engine import grad as _grad

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError", "get_numerical_jacobian",
           "get_analytical_jacobian"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck and gradgradcheck when a check fails."""


NO_INPUT = ("gradcheck expects at least one input tensor to require gradient, but none of them "
            "have requires_grad=True.")
NOT_DOUBLE = ("Input #{idx} requires gradient and is not a double precision floating point or "
              "complex. This check will likely fail if all the inputs are not of double "
              "precision floating point or complex. ")
MISMATCH = ("Jacobian mismatch for output {out:d} with respect to input {inp:d},\n"
            "numerical:{numerical}\nanalytical:{analytical}\n")
NONDET = ("Backward is not reentrant, i.e., running backward with same input and grad_output "
          "multiple times gives different values, although analytical gradient matches "
          "numerical gradient.The tolerance for nondeterminism was {tol}.")
NOT_ZERO = "Numerical gradient for function expected to be zero"
BAD_SIZE = "Analytical gradient has incorrect size"
BAD_DTYPE = "Gradient has dtype mismatch"
NOT_MULTIPLIED = "backward not multiplied by grad_output"


def _as_tuple(x):
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _tensor_outputs(out):
    return tuple(o for o in _as_tuple(out) if isinstance(o, Tensor))


def _snapshot(out):
    """Copies (in float64) of a function's tensor outputs, flattened."""
    return [np.array(o._data, dtype=np.float64, copy=True).reshape(-1)
            for o in _tensor_outputs(out)]


def get_numerical_jacobian(func, inputs, eps=1e-6):
    """[input][output] arrays of shape (input numel, output numel), by central differences,
    for the inputs that require grad."""
    inputs = _as_tuple(inputs)
    base = _snapshot(func(*inputs))
    result = []
    for x in inputs:
        if not (isinstance(x, Tensor) and x.requires_grad):
            continue
        data = x._data
        jac = [np.zeros((data.size, b.size)) for b in base]
        for k in range(data.size):
            idx = np.unravel_index(k, data.shape) if data.ndim else ()
            orig = data[idx].item()
            data[idx] = orig - eps
            minus = _snapshot(func(*inputs))
            data[idx] = orig + eps
            plus = _snapshot(func(*inputs))
            data[idx] = orig
            for j, (p, m) in enumerate(zip(plus, minus)):
                if p.shape != base[j].shape or m.shape != base[j].shape:
                    raise AssertionError(_(
                        "Expected `func` to return outputs with the same shape when inputs are "
                        "perturbed on index {k} by {eps}, but got: shapes {a} and {b}.").format(
                        k=k, eps=eps, a=p.shape, b=m.shape))
                jac[j][k] = (p - m) / (2 * eps)
        result.append(jac)
    return result


def get_analytical_jacobian(inputs, output, nondet_tol=0.0, check_grad_dtypes=False):
    """[input] arrays of shape (input numel, output numel) for one output, by one backward per
    output element; also returns whether a second run reproduced them within nondet_tol."""
    diff = [x for x in _as_tuple(inputs) if isinstance(x, Tensor) and x.requires_grad]
    n_out = output.numel()
    runs = []
    for _run in range(2):
        jac = [np.zeros((x.numel(), n_out)) for x in diff]
        for k in range(n_out):
            onehot = np.zeros(n_out, dtype=output._data.dtype)
            onehot[k] = 1
            g_out = Tensor._from_array(onehot.reshape(output._data.shape))
            grads = _grad(output, diff, g_out, retain_graph=True, allow_unused=True)
            for i, (g, x) in enumerate(zip(grads, diff)):
                if g is None:
                    continue
                if tuple(g.shape) != tuple(x.shape):
                    raise GradcheckError(_(BAD_SIZE))
                if check_grad_dtypes and g.dtype is not x.dtype:
                    raise GradcheckError(_(BAD_DTYPE))
                jac[i][:, k] = np.asarray(g._data, dtype=np.float64).reshape(-1)
        runs.append(jac)
    reentrant = all(np.all(np.abs(a - b) <= nondet_tol) for a, b in zip(*runs))
    return runs[0], reentrant


def _fail(message, raise_exception):
    if raise_exception:
        raise GradcheckError(message)
    return False


def _mismatch_message(a, n, out_idx, inp_idx, output, inp, rtol, atol):
    """torch's text: both Jacobians printed as tensors of the input's dtype."""
    dt = inp._data.dtype
    return _(MISMATCH).format(out=out_idx, inp=inp_idx,
                              numerical=Tensor._from_array(n.astype(dt)),
                              analytical=Tensor._from_array(a.astype(dt)))


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False,
              check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None):
    """True when the analytical Jacobians of ``func`` at ``inputs`` match finite differences."""
    if not (check_forward_ad or check_backward_ad):
        raise AssertionError(_("Expected at least one of check_forward_ad or check_backward_ad "
                               "to be True"))
    if check_batched_grad and not check_backward_ad:
        raise AssertionError(_("Setting check_batched_grad=True requires check_backward_ad to "
                               "be True"))
    if check_batched_forward_grad and not check_forward_ad:
        raise AssertionError(_("Setting check_batched_forward_grad=True requires "
                               "check_forward_ad to be True"))
    try:
        return _gradcheck(func, _as_tuple(inputs), eps, atol, rtol, nondet_tol,
                          check_grad_dtypes)
    except GradcheckError:
        if raise_exception:
            raise
        return False


def _gradcheck(func, inputs, eps, atol, rtol, nondet_tol, check_grad_dtypes):
    diff_inputs = []
    for idx, x in enumerate(inputs):
        if isinstance(x, Tensor) and x.requires_grad:
            if x.dtype.name != "float64":
                warnings.warn(_(NOT_DOUBLE).format(idx=idx), UserWarning, stacklevel=3)
            diff_inputs.append(x)
    if not diff_inputs:
        raise ValueError(_(NO_INPUT))
    func_out = _tensor_outputs(func(*inputs))
    outputs = [o for o in func_out if o.requires_grad]
    numerical = get_numerical_jacobian(func, inputs, eps)      # [input][output]
    if not outputs:
        for per_input in numerical:
            for jac in per_input:
                if np.any(jac != 0):
                    raise GradcheckError(_(NOT_ZERO))
        return True
    diff_positions = [k for k, o in enumerate(func_out) if o.requires_grad]
    for i, k in enumerate(diff_positions):
        output = func_out[k]
        analytical, reentrant = get_analytical_jacobian(inputs, output, nondet_tol,
                                                        check_grad_dtypes)
        for j, x in enumerate(diff_inputs):
            a, n = analytical[j], numerical[j][k]
            if not np.all(np.abs(a - n) <= atol + rtol * np.abs(n)):
                raise GradcheckError(_mismatch_message(a, n, i, j, output, x, rtol, atol))
        if not reentrant:
            raise GradcheckError(_(NONDET).format(tol=nondet_tol))
    _check_multiplied_by_grad_output(outputs, diff_inputs)
    return True


def _check_multiplied_by_grad_output(outputs, diff_inputs):
    zeros = [Tensor._from_array(np.zeros_like(o._data)) for o in outputs]
    grads = _grad(outputs, diff_inputs, zeros, allow_unused=True)
    for g, x in zip(grads, diff_inputs):
        if g is None:
            continue
        if np.any(g._data != 0):
            raise GradcheckError(_(NOT_MULTIPLIED))
        if g.dtype is not x.dtype:
            raise GradcheckError(_("grad is incorrect type"))
        if tuple(g.shape) != tuple(x.shape):
            raise GradcheckError(_("grad is incorrect size"))


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    """gradcheck of the gradients of ``func``: checks its second derivatives.

    Without ``grad_outputs``, random ones in [-1, 1) are drawn from the global generator, as
    torch does (``uniform_(-1, 1)``, one tensor per output), with requires_grad=True, so derivatives with respect to them are checked
    too.
    """
    if not (check_fwd_over_rev or check_rev_over_rev):
        raise AssertionError(_("Expected at least one of check_fwd_over_rev or "
                               "check_rev_over_rev to be True"))
    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        outputs = [o for o in _tensor_outputs(func(*inputs)) if o.requires_grad]
        grad_outputs = []
        for o in outputs:                 # as torch.testing.make_tensor(low=-1, high=1):
            npdtype = o._data.dtype if o.dtype.is_floating_point else np.float64
            data = np.empty(o._data.shape, dtype=npdtype)   # uniform_ on the global generator
            g = Tensor._from_array(_sampling.uniform_(data, -1.0, 1.0))
            g.requires_grad_(True)
            grad_outputs.append(g)
        grad_outputs = tuple(grad_outputs)
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n_out = len(grad_outputs)
    diff_idx = {i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad}

    def first_derivatives(*args):
        input_args = args[:len(args) - n_out]
        gos = args[len(args) - n_out:]
        outs = [o for o in _tensor_outputs(func(*input_args)) if o.requires_grad]
        diff = [x for i, x in enumerate(input_args) if i in diff_idx]
        grads = _grad(outs, diff, list(gos), create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivatives, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, nondet_tol=nondet_tol,
                     check_undefined_grad=check_undefined_grad,
                     check_grad_dtypes=check_grad_dtypes, check_batched_grad=check_batched_grad,
                     fast_mode=fast_mode, check_forward_ad=check_fwd_over_rev,
                     check_backward_ad=check_rev_over_rev, masked=masked)


