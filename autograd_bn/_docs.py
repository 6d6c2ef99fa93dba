"""Docstrings of the operations, kept apart from their code (as PyTorch keeps _torch_docs.py).

One entry per operation, under its Tensor-method name; ``attach`` gives it to the method, to
the ``autograd_bn.<name>`` function and to their aliases, and writes the in-place variants'
(``add_``) from their out-of-place entry.  Each text says what PyTorch's does; where an op
records a node, its name is given, as it appears in ``grad_fn``.
"""

DOCS = {
    # arithmetic (broadcasting, PyTorch's type promotion)
    "add": "self + alpha * other, elementwise with broadcasting (AddBackward0).",
    "sub": "self - alpha * other, elementwise with broadcasting (SubBackward0).",
    "mul": "self * other, elementwise with broadcasting (MulBackward0).",
    "div": "self / other, true division (integers give floats) unless rounding_mode is "
           "'trunc' or 'floor' (DivBackward0).",
    "pow": "self ** exponent: PowBackward0 for a number exponent, PowBackward1 for a tensor.",
    "floor_divide": "self // other elementwise (not differentiable).",
    "remainder": "self % other elementwise, with the sign of other (not differentiable).",
    "maximum": "The elementwise larger of two tensors; ties share the gradient "
               "(MaximumBackward0).",
    "minimum": "The elementwise smaller of two tensors; ties share the gradient "
               "(MinimumBackward0).",
    "clamp": "Limit each element to [min, max] (either may be None); the gradient is 0 outside. "
             "Number bounds give ClampBackward1; tensor bounds (broadcast) give ClampBackward0, "
             "where a bound gets the gradient where self lies beyond it.",
    "where": "Elements of self where condition holds, else of other (WhereBackward0).",
    # functions (the elementwise ones are declared in ops/unary_ops.py, with their docstrings)
    "softmax": "exp(self) normalised to sum 1 along dim (SoftmaxBackward0).",
    "log_softmax": "log(softmax(self, dim)), computed stably (LogSoftmaxBackward0).",
    # comparisons and logic (boolean results, never differentiable)
    "eq": "self == other elementwise, as a bool tensor.",
    "ne": "self != other elementwise, as a bool tensor.",
    "lt": "self < other elementwise, as a bool tensor.",
    "le": "self <= other elementwise, as a bool tensor.",
    "gt": "self > other elementwise, as a bool tensor.",
    "ge": "self >= other elementwise, as a bool tensor.",
    "equal": "True when both tensors have the same shape and the same elements.",
    "isnan": "A bool tensor: True where an element is NaN.",
    "isfinite": "A bool tensor: True where an element is neither infinite nor NaN.",
    "logical_not": "A bool tensor: True where an element is zero (or False).",
    # reductions
    "sum": "The sum of all elements (SumBackward0), or along dim (SumBackward1, keepdim keeps "
           "the reduced dimensions with size 1).",
    "mean": "The mean of all elements (MeanBackward0) or along dim (MeanBackward1); floating "
            "tensors only.",
    "max": "The largest element (MaxBackward1, ties share the gradient); with dim, a named "
           "tuple (values, indices) (MaxBackward0); with a tensor, the elementwise maximum.",
    "min": "The smallest element (MinBackward1); with dim, (values, indices) (MinBackward0); "
           "with a tensor, the elementwise minimum.",
    "argmax": "The index of the largest element (of the flattened tensor, or along dim).",
    "argmin": "The index of the smallest element (of the flattened tensor, or along dim).",
    "all": "True when every element is nonzero (or along dim).",
    "any": "True when some element is nonzero (or along dim).",
    "norm": "The vector p-norm of all elements or along dim (LinalgVectorNormBackward0).",
    # linear algebra
    "matmul": "Matrix product with PyTorch's rules for 1-D, 2-D and batched operands "
              "(DotBackward0, MvBackward0, MmBackward0, or a batched decomposition).",
    "mm": "Product of two matrices (MmBackward0).",
    "mv": "Product of a matrix and a vector (MvBackward0).",
    "dot": "Inner product of two 1-D tensors (DotBackward0).",
    "outer": "Outer product of two 1-D tensors.",
    # shapes and views
    "reshape": "The same elements in a new shape: a view when possible (ViewBackward0), "
               "otherwise a copy; one size may be -1.",
    "view": "A view with a new shape; the tensor's memory must allow it (ViewBackward0).",
    "view_as": "self.view(other.shape).",
    "reshape_as": "self.reshape(other.shape).",
    "flatten": "Reshape dims start_dim..end_dim into one.",
    "squeeze": "Remove dimensions of size 1 (all, or dim) (SqueezeBackward0/1/2).",
    "unsqueeze": "Insert a dimension of size 1 at dim (UnsqueezeBackward0).",
    "t": "Transpose of a tensor with at most 2 dimensions (TBackward0).",
    "transpose": "Swap two dimensions (TransposeBackward0).",
    "permute": "Reorder the dimensions (PermuteBackward0).",
    "expand": "A view repeating dimensions of size 1 to the given sizes; -1 keeps a size "
              "(ExpandBackward0).",
    "expand_as": "self.expand(other.shape).",
    "clone": "A copy with its own memory that stays in the graph (CloneBackward0).",
    "contiguous": "self if its memory is in row-major order, else a contiguous copy.",
    "cat": "Join tensors along an existing dimension (CatBackward0).",
    "stack": "Join tensors along a new dimension (StackBackward0).",
    # dtypes
    "to": "The tensor in another dtype (ToCopyBackward0 for floating types); self if nothing "
          "changes.",
    "type_as": "self.to(other.dtype).",
    "float": "self.to(torch.float32).",
    "double": "self.to(torch.float64).",
    "long": "self.to(torch.int64).",
    "int": "self.to(torch.int32).",
    "bool": "self.to(torch.bool).",
    # in place only
    "zero_": "Fill with zeros in place (ZeroBackward0 when the tensor has a history).",
    "fill_": "Fill with one value in place (FillBackward2 when the tensor has a history; "
             "FillBackward3 for a 0-d tensor value, which gets the sum of the gradient).",
    "copy_": "Copy src's elements (broadcast, converted) into self in place (CopyBackwards).",
    "normal_": "Fill in place with normal samples, mean and std, from the random generator.",
    "uniform_": "Fill in place with uniform samples in [from, to) from the random generator.",
    "random_": "Fill in place with random integers in [from, to) from the random generator.",
}

ALIASES = {"subtract": "sub", "multiply": "mul", "divide": "div", "true_divide": "div",
           "clip": "clamp", "concat": "cat", "concatenate": "cat",
           "ger": "outer"}

FUNCTIONS_ONLY = {
    "allclose": "True when all elements of a and b satisfy |a - b| <= atol + rtol * |b|.",
    "broadcast_shapes": "The shape that shapes broadcast to, or PyTorch's error.",
    "result_type": "The dtype PyTorch's type promotion gives an operation on a and b.",
}


def _doc_for(name):
    base = ALIASES.get(name, name)
    if base in DOCS:
        return DOCS[base]
    if name.endswith("_") and not name.endswith("__"):
        plain = ALIASES.get(name[:-1], name[:-1])
        if plain in DOCS:
            return "In-place version of ``{}``: {}".format(plain, DOCS[plain])
    return FUNCTIONS_ONLY.get(name)


def attach(*namespaces):
    """Give each operation in the namespaces (classes or modules) its docstring."""
    for ns in namespaces:
        for name in dir(ns):
            doc = _doc_for(name)
            if doc is None:
                continue
            fn = getattr(ns, name)
            fn = getattr(fn, "__func__", fn)
            if callable(fn) and not getattr(fn, "__doc__", None):
                try:
                    fn.__doc__ = doc
                except (AttributeError, TypeError):
                    pass
