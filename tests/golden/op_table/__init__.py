"""The one table of op cases (PyTorch's OpInfo idea): one entry per differentiable op.

An entry (``info.OpInfo``) says how to call the op (its samples: source calls on float
inputs, keywords included), where the inputs come from, which dtypes it takes, whether its
gradient is smooth or zero, whether it has a second derivative and an in-place form, and how
closely its values follow torch (bit for bit, or within ``ulps``).  The suites read it:

* tests/test_gradcheck_ops.py: a finite-difference check of every sample (through
  tests/golden/op_cases.py, which adds the multi-op *programs*);
* tests/test_op_table.py: autograd_bn's gradcheck and gradgradcheck of every sample, the
  in-place and alias forms, and the coverage checks: every row of the derivatives table is
  reached, every public differentiable function or method has an entry, and every declared
  elementwise op has one;
* tests/golden/make_engine_golden.py: a recorded torch program per sample (first and, where
  the entry has one, second derivatives; engine_cases.json);
* tests/live/test_op_table_live.py: every sample against torch side by side, every dtype;
* tests/live/test_differential.py: the samples (and the entries' in-place forms) are the ops
  of the hypothesis fuzzer.

Multi-op programs are not entries: they live in their own tables (op_cases.PROGRAMS, the
Hessian programs of functional_cases.py, the engine programs of make_engine_golden.py).

The entries live by kind: elementwise.py (functions of one tensor, declared in
autograd_bn/ops/unary_ops.py), arithmetic.py, reductions.py, shapes.py, nn.py.  ``NOT_OPS``
lists the public names that are not differentiable operations, each group with its reason.
"""
from . import arithmetic, elementwise, nn, reductions, shapes
from .info import Arg, OpInfo, Sample, draw, inputs, names_used, sample_inputs  # noqa: F401

TABLE = (elementwise.ENTRIES + arithmetic.ENTRIES + reductions.ENTRIES + shapes.ENTRIES
         + nn.ENTRIES)
BY_NAME = {e.name: e for e in TABLE}
assert len(BY_NAME) == len(TABLE), "two entries share a name"

# every (entry, sample index, sample) of the table
SAMPLES = [(e, k, s) for e in TABLE for k, s in enumerate(e.all_samples())]


def covered_names(entry, declared_forms=None):
    """The public names an entry exercises: those its calls use, ``also``, its in-place
    method, and (elementwise ops) every form ``declared_forms`` (Declaration.forms()) gives."""
    names = set(entry.also)
    for sample in entry.all_samples():
        names |= names_used(sample.call)
    if entry.inplace:
        names.add(f"Tensor.{entry.fn}_")
    if declared_forms is not None:
        methods, functions = declared_forms
        names |= {"Tensor." + m for m in methods} | {"torch." + f for f in functions}
    return names


def not_ops():
    """The public names NOT_OPS lists, each as torch.x / Tensor.x."""
    out = set()
    for group in NOT_OPS.values():
        for n in group.split():
            out |= {n} if n.startswith(("torch.", "Tensor.")) else {"torch." + n, "Tensor." + n}
    return out


# Public names that are not differentiable operations (a value, not a graph, comes out);
# a bare name stands for both torch.name and Tensor.name.
NOT_OPS = {
    "creates a tensor (a leaf)": (
        "arange as_tensor empty empty_like eye from_numpy full full_like linspace ones "
        "ones_like rand rand_like randint randn randn_like randperm zeros zeros_like tensor "
        "Tensor.new_empty Tensor.new_full Tensor.new_ones Tensor.new_tensor Tensor.new_zeros "
        "BoolTensor ByteTensor DoubleTensor FloatTensor IntTensor LongTensor Tensor"),
    "integer or boolean result (no gradient in torch either)": (
        "all any argmax argmin eq equal ge gt le lt ne isfinite isnan torch.allclose "
        "Tensor.logical_not Tensor.floor_divide"),
    "fills in place with random numbers (the values do not depend on the input)": (
        "Tensor.normal_ Tensor.random_ Tensor.uniform_"),
    "converts out of the graph or describes the tensor": (
        "Tensor.item Tensor.tolist Tensor.numpy Tensor.detach Tensor.detach_ Tensor.data "
        "Tensor.dim Tensor.element_size Tensor.is_complex Tensor.is_contiguous "
        "Tensor.is_cuda Tensor.is_floating_point Tensor.is_leaf Tensor.is_quantized "
        "Tensor.is_sparse Tensor.layout Tensor.ndim Tensor.nelement Tensor.numel numel "
        "Tensor.shape Tensor.size Tensor.device Tensor.dtype Tensor.grad Tensor.grad_fn "
        "Tensor.requires_grad Tensor.retains_grad Tensor.cpu Tensor.cuda is_tensor "
        "torch.broadcast_shapes torch.result_type long int bool"),
    "autograd and library settings": (
        "Tensor.backward Tensor.register_hook Tensor.retain_grad Tensor.requires_grad_ "
        "enable_grad no_grad inference_mode set_grad_enabled is_grad_enabled "
        "is_anomaly_enabled is_anomaly_check_nan_enabled are_deterministic_algorithms_enabled "
        "is_deterministic_algorithms_warn_only_enabled use_deterministic_algorithms "
        "get_default_dtype set_default_dtype set_printoptions manual_seed seed initial_seed "
        "get_rng_state set_rng_state default_generator Generator save load device dtype Size "
        "float32 float64 int32 int64 uint8 torch.float torch.double cuda.is_available "
        "profiler.profile"),
}
