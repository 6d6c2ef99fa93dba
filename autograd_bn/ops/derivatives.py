"""The derivatives table: every backward node autograd_bn has, one row each.

A row reads like PyTorch's derivatives.yaml: the node's name, the forward it belongs to, and
for each input the gradient in terms of ``g`` (the incoming gradient), the saved values
``self``/``other``/``result`` and plain attributes.  ``F`` supplies the functions that have no
operator (see namespaces.py).  Formulas follow PyTorch's order of operations, so float
rounding matches too.  Adding an op = one row here + its forward in tensor methods + a test row.
"""
from ..i18n import _
from .registry import derivative as d, pieces
from .uint8_masks import warn_uint8_index

# --- elementwise arithmetic (broadcasting: gradients are summed back in OpNode.apply) -----
AddBackward0 = d("AddBackward0", "self + alpha * other", elementwise=True,
                 self=lambda F, g: g,
                 other=lambda F, g, alpha: g if alpha == 1 else g * alpha)
SubBackward0 = d("SubBackward0", "self - alpha * other", elementwise=True,
                 self=lambda F, g: g,
                 other=lambda F, g, alpha: -g if alpha == 1 else -g * alpha)
RsubBackward1 = d("RsubBackward1", "other - self  (other a scalar)", elementwise=True,
                  self=lambda F, g: -g)
MulBackward0 = d("MulBackward0", "self * other", elementwise=True,
                 self=lambda F, g, other: g * other,
                 other=lambda F, g, self: g * self)
DivBackward0 = d("DivBackward0", "self / other", noisy=True, elementwise=True,
                 self=lambda F, g, other: g / other,
                 other=lambda F, g, self, other: -g * ((self / other) / other))
# Inside formulas run under create_graph, a tensor meets a Python number as PyTorch's C++
# formulas do, through the Scalar overloads: one edge, the number kept as an attribute.
MulBackward1 = d("MulBackward1", "self * scalar  (in a formula)",
                 self=lambda F, g, scalar: g * scalar)
DivBackward1 = d("DivBackward1", "self / scalar  (in a formula)", noisy=True,
                 self=lambda F, g, scalar: g / scalar)
ReciprocalBackward0 = d("ReciprocalBackward0", "1 / self", noisy=True, elementwise=True,
                        self=lambda F, g, result: -g * (result * result))
NegBackward0 = d("NegBackward0", "-self", elementwise=True,
                 self=lambda F, g: -g)
PowBackward0 = d("PowBackward0", "self ** exponent  (exponent a scalar)", noisy=True, elementwise=True,
                 self=lambda F, g, self, exponent:
                     F.zeros_like(g) if exponent == 0
                     else g * (exponent * F.pow(self, exponent - 1)))
PowBackward1 = d("PowBackward1", "self ** exponent  (both tensors)", noisy=True, elementwise=True,
                 saves=("self", "other", "result"),
                 self=lambda F, g, self, other:
                     F.where(other == 0, 0.0, g * (other * F.pow(self, other - 1))),
                 other=lambda F, g, self, other, result:
                     g * F.where((self == 0) & (other >= 0), 0.0, result * F.log(self)))
# (base 0: torch's pow_backward_exponent gives 0 wherever the exponent is >= 0)
PowBackward2 = d("PowBackward2", "base ** self  (base a scalar)", noisy=True, elementwise=True,
                 self=lambda F, g, self, result, log_base, base_zero:
                     g * F.where(self >= 0, 0.0, result * log_base) if base_zero
                     else g * (result * log_base))

RemainderBackward0 = d("RemainderBackward0", "remainder(self, other)  (other a scalar)",
                       elementwise=True, self=lambda F, g: g)
RemainderBackward1 = d("RemainderBackward1", "remainder(self, other)", elementwise=True,
                       self=lambda F, g: g,
                       other=lambda F, g, self, other: -g * F.floor_div(self, other))
DivBackward2 = d("DivBackward2", "div(self, other, rounding_mode)  (a step function)",
                 elementwise=True,
                 self=lambda F, g: F.zeros_like(g), other=lambda F, g: F.zeros_like(g))


def _no_derivative(op):
    raise RuntimeError(_("derivative for aten::{op} is not implemented").format(op=op))


# torch's node for ops it has no formula for (floor_divide): backward through it raises
NotImplemented_ = d("NotImplemented", "an op without a derivative (floor_divide)",
                    elementwise=True,
                    self=lambda F, g, op: _no_derivative(op),
                    other=lambda F, g, op: _no_derivative(op))

# --- elementwise functions ---------------------------------------------------------------
ExpBackward0 = d("ExpBackward0", "exp(self)", self=lambda F, g, result: g * result)
LogBackward0 = d("LogBackward0", "log(self)", noisy=True, self=lambda F, g, self: g / self)
SqrtBackward0 = d("SqrtBackward0", "sqrt(self)", noisy=True, self=lambda F, g, result: g / (2 * result))
SinBackward0 = d("SinBackward0", "sin(self)", self=lambda F, g, self: g * F.cos(self))
CosBackward0 = d("CosBackward0", "cos(self)", self=lambda F, g, self: g * -F.sin(self))
TanhBackward0 = d("TanhBackward0", "tanh(self)",
                  self=lambda F, g, result: g * (1 - result * result))
SigmoidBackward0 = d("SigmoidBackward0", "sigmoid(self)",
                     self=lambda F, g, result: g * (1 - result) * result)
ReluBackward0 = d("ReluBackward0", "relu(self)",
                  self=lambda F, g, result: F.where(result <= 0, 0.0, g))
AbsBackward0 = d("AbsBackward0", "abs(self)", self=lambda F, g, self: g * F.sgn(self))
# sign and sgn are piecewise constant: torch records a node whose gradient is zero (for real
# inputs sgn's is torch's efficient zero tensor, not differentiable either)
SignBackward0 = d("SignBackward0", "sign(self)", self=lambda F, g: F.zeros_like(g))
SgnBackward0 = d("SgnBackward0", "sgn(self)", self=lambda F, g: F.zeros_like(g))
AtanBackward0 = d("AtanBackward0", "atan(self)", self=lambda F, g, self: g / (self * self + 1))
AsinBackward0 = d("AsinBackward0", "asin(self)", noisy=True,
                  self=lambda F, g, self: g * F.rsqrt(-self * self + 1))
AcosBackward0 = d("AcosBackward0", "acos(self)", noisy=True,
                  self=lambda F, g, self: g * -F.rsqrt(-self * self + 1))
SinhBackward0 = d("SinhBackward0", "sinh(self)", self=lambda F, g, self: g * F.cosh(self))
CoshBackward0 = d("CoshBackward0", "cosh(self)", self=lambda F, g, self: g * F.sinh(self))
Log1PBackward0 = d("Log1PBackward0", "log1p(self)", noisy=True,
                   self=lambda F, g, self: g / (self + 1))
Expm1Backward0 = d("Expm1Backward0", "expm1(self)", self=lambda F, g, result: g * (result + 1))
Log2Backward0 = d("Log2Backward0", "log2(self)", noisy=True,
                  self=lambda F, g, self: g / (self * 0.6931471805599453))
Log10Backward0 = d("Log10Backward0", "log10(self)", noisy=True,
                   self=lambda F, g, self: g / (self * 2.3025850929940456))
Exp2Backward0 = d("Exp2Backward0", "exp2(self)",
                  self=lambda F, g, result: g * result * 0.6931471805599453)
RsqrtBackward0 = d("RsqrtBackward0", "rsqrt(self)", noisy=True,
                   self=lambda F, g, result: -0.5 * g * F.pow(result, 3))
ErfBackward0 = d("ErfBackward0", "erf(self)",            # 2 / sqrt(pi), as torch's double
                 self=lambda F, g, self: 1.1283791670955126 * F.exp(-F.pow(self, 2)) * g)
FracBackward0 = d("FracBackward0", "frac(self)", self=lambda F, g: g)
# rounding is piecewise constant: a node whose gradient is zero, as torch's
FloorBackward0 = d("FloorBackward0", "floor(self)", self=lambda F, g: F.zeros_like(g))
CeilBackward0 = d("CeilBackward0", "ceil(self)", self=lambda F, g: F.zeros_like(g))
TruncBackward0 = d("TruncBackward0", "trunc(self)", self=lambda F, g: F.zeros_like(g))
RoundBackward0 = d("RoundBackward0", "round(self)", self=lambda F, g: F.zeros_like(g))
RoundBackward1 = d("RoundBackward1", "round(self, *, decimals)", self=lambda F, g: F.zeros_like(g))
ClampBackward1 = d("ClampBackward1", "clamp(self, min, max)  (scalar bounds)",
                   self=lambda F, g, self, min, max:
                       F.where(((self >= min) if min is not None else (self == self))
                               & ((self <= max) if max is not None else (self == self)),
                               g, 0.0))
ClampBackward0 = d("ClampBackward0", "clamp(self, min, max)  (tensor bounds)", elementwise=True,
                   self=lambda F, g, in_range: F.where(in_range, g, 0.0),
                   min=lambda F, g, below: F.where(below, g, 0.0),
                   max=lambda F, g, above: F.where(above, g, 0.0))
MaximumBackward0 = d("MaximumBackward0", "maximum(self, other)  (ties share)", elementwise=True,
                     self=lambda F, g, self, other:
                         F.where(self < other, 0.0, F.where(self == other, g / 2, g)),
                     other=lambda F, g, self, other:
                         F.where(self > other, 0.0, F.where(self == other, g / 2, g)))
MinimumBackward0 = d("MinimumBackward0", "minimum(self, other)  (ties share)", elementwise=True,
                     self=lambda F, g, self, other:
                         F.where(self > other, 0.0, F.where(self == other, g / 2, g)),
                     other=lambda F, g, self, other:
                         F.where(self < other, 0.0, F.where(self == other, g / 2, g)))
WhereBackward0 = d("WhereBackward0", "where(condition, self, other)", elementwise=True,
                   self=lambda F, g, condition: F.where(condition, g, 0.0),
                   other=lambda F, g, condition: F.where(condition, 0.0, g))
ToCopyBackward0 = d("ToCopyBackward0", "self.to(dtype)",
                    self=lambda F, g, self_dtype: F.cast(g, self_dtype))
CloneBackward0 = d("CloneBackward0", "clone(self)", self=lambda F, g: g)

# --- reductions ----------------------------------------------------------------------------
SumBackward0 = d("SumBackward0", "sum(self)",
                 self=lambda F, g, self_shape: F.expand(g, self_shape))
SumBackward1 = d("SumBackward1", "sum(self, dim, keepdim)",
                 self=lambda F, g, self_shape, kept_shape: F.expand(F.reshape(g, kept_shape),
                                                                    self_shape))
MeanBackward0 = d("MeanBackward0", "mean(self)",
                  self=lambda F, g, self_shape, numel: F.expand(g, self_shape) / numel)
MeanBackward1 = d("MeanBackward1", "mean(self, dim, keepdim)",
                  self=lambda F, g, self_shape, kept_shape, numel:
                      F.expand(F.reshape(g, kept_shape), self_shape) / numel)
MaxBackward1 = d("MaxBackward1", "max(self)  (all elements; ties share the gradient)", noisy=True,
                 self=lambda F, g, self, result: F.evenly_distribute(g, self, result))
MinBackward1 = d("MinBackward1", "min(self)  (all elements; ties share the gradient)", noisy=True,
                 self=lambda F, g, self, result: F.evenly_distribute(g, self, result))
MaxBackward0 = d("MaxBackward0", "max(self, dim, keepdim).values",
                 self=lambda F, g, self_shape, kept_shape, dim, indices:
                     F.select_back(F.reshape(g, kept_shape), self_shape, dim, indices))
MinBackward0 = d("MinBackward0", "min(self, dim, keepdim).values",
                 self=lambda F, g, self_shape, kept_shape, dim, indices:
                     F.select_back(F.reshape(g, kept_shape), self_shape, dim, indices))


def _norm_backward(F, g, x, norm, ord, dims):
    """torch's linalg_vector_norm_backward, step for step (so 0/0 and the second derivative
    at 0 come out as torch's): g and norm have the reduced dims kept; None for ord 0."""
    if ord == 0.0:
        return None                                  # torch: an undefined gradient
    if ord == 1.0:
        return F.sgn(x) * g
    if ord == 2.0:
        return g * F.masked_fill(x / norm, norm == 0)
    if ord in (float("inf"), float("-inf")):
        ax = F.abs(x)
        mask = F.cast((ax == norm) | F.isnan(ax), g.dtype)     # the arg-extremes, or NaNs
        return F.sgn(x) * ((g / F.sum(mask, dims, True)) * mask)
    if ord < 1.0:
        scaled = F.sgn(x) * F.masked_fill(F.pow(F.abs(x), ord - 1.0), x == 0)
        return scaled * g * F.pow(norm, 1.0 - ord)
    scaled = (F.sgn(x) * F.pow(F.abs(x), ord - 1.0) if ord < 2.0
              else x * F.pow(F.abs(x), ord - 2.0))
    return scaled * F.masked_fill(g / F.pow(norm, ord - 1.0), norm == 0)


def _unsqueeze_dims(F, t, dims, keepdim):
    """torch's unsqueeze_multiple: the reduced dims put back, one unsqueeze each."""
    if keepdim or not dims:
        return t
    for dim in dims:                                  # sorted: each lands where it was
        t = F.unsqueeze(t, dim)
    return t


LinalgVectorNormBackward0 = d(
    "LinalgVectorNormBackward0", "linalg.vector_norm(self, ord, dim, keepdim)", noisy=True,
    self=lambda F, g, self, result, ord, dims, keepdim:
        _norm_backward(F, _unsqueeze_dims(F, g, dims, keepdim), self,
                       _unsqueeze_dims(F, result, dims, keepdim), ord, dims))

# --- linear algebra ------------------------------------------------------------------------
MmBackward0 = d("MmBackward0", "self @ mat2  (2-D @ 2-D)",
                self=lambda F, g, other, layout: F.mm_left_grad(g, other, layout[0]),
                other=lambda F, g, self, layout: F.mm_right_grad(g, self, layout[1]))
DotBackward0 = d("DotBackward0", "self @ tensor  (1-D @ 1-D)",
                 self=lambda F, g, other: g * other,
                 other=lambda F, g, self: g * self)
MvBackward0 = d("MvBackward0", "self @ vec  (2-D @ 1-D)",
                self=lambda F, g, other: F.outer(g, other),
                other=lambda F, g, self: F.matmul(F.mT(self), g))
BmmBackward0 = d("BmmBackward0", "bmm(self, mat2)  (3-D @ 3-D, inside batched matmul)",
                 self=lambda F, g, other: F.matmul(g, F.mT(other)),
                 other=lambda F, g, self: F.matmul(F.mT(self), g))

# --- shape and views (the gradient is the inverse view) ------------------------------------
def _back_to_shape(F, g, self_shape):
    """The gradient of an op that only reshapes (a view, squeeze, unsqueeze): g, read in the
    input's shape.  Eight nodes share it."""
    return F.reshape(g, self_shape)


ViewBackward0 = d("ViewBackward0", "view/reshape/flatten(self, shape)", self=_back_to_shape)
ReshapeAliasBackward0 = d("ReshapeAliasBackward0", "reshape(self, shape)  (a strided view)",
                          self=_back_to_shape)
UnsafeViewBackward0 = d("UnsafeViewBackward0", "reshape(self, shape)  (a copy)",
                        self=_back_to_shape)
SqueezeBackward0 = d("SqueezeBackward0", "squeeze(self)", self=_back_to_shape)
SqueezeBackward1 = d("SqueezeBackward1", "squeeze(self, dim)", self=_back_to_shape)
SqueezeBackward2 = d("SqueezeBackward2", "squeeze(self, dims)", self=_back_to_shape)
SqueezeBackward4 = d("SqueezeBackward4", "squeeze(self, dim)  (inside 1-D @ 2-D)",
                     self=_back_to_shape)
UnsqueezeBackward0 = d("UnsqueezeBackward0", "unsqueeze(self, dim)", self=_back_to_shape)
TBackward0 = d("TBackward0", "t(self)", self=lambda F, g: F.mT(g) if g.ndim == 2 else g)
TransposeBackward0 = d("TransposeBackward0", "transpose(self, dim0, dim1)",
                       self=lambda F, g, dim0, dim1: F.transpose(g, dim0, dim1))
PermuteBackward0 = d("PermuteBackward0", "permute(self, dims)",
                     self=lambda F, g, inverse: F.permute(g, inverse))
ExpandBackward0 = d("ExpandBackward0", "expand(self, size)",
                    self=lambda F, g, self_shape: F.sum_to(g, self_shape))
# (these three rows also serve F.take(g, index) in formulas under create_graph)
SelectBackward0 = d("SelectBackward0", "self[index]  (an integer along dim)",
                    self=lambda F, g, self_shape, index: F.scatter_into(g, self_shape, index))
SliceBackward0 = d("SliceBackward0", "self[start:stop:step]  (along dim)",
                   self=lambda F, g, self_shape, index: F.scatter_into(g, self_shape, index))
def _uint8_index_warning(n):
    """torch's deprecation warning, once per uint8 mask, when a backward formula indexes with
    the masks again (as torch's index_put/index do); None, so ``or`` goes on to the formula."""
    if n:
        for _i in range(n):
            warn_uint8_index(4)


IndexBackward0 = d("IndexBackward0", "self[indices]  (integer arrays or a mask)",
                   self=lambda F, g, self_shape, index, uint8_masks:
                       _uint8_index_warning(uint8_masks)
                       or F.scatter_into(g, self_shape, index, accumulate=True))
CatBackward0 = pieces("CatBackward0", "cat(tensors, dim): input i gets g[slices[i]]")
StackBackward0 = pieces("StackBackward0", "stack(tensors, dim): input i gets g.select(dim, i)")
AsStridedBackward0 = d("AsStridedBackward0", "a view, re-read from its base after an in-place change",
                       self=lambda F, g, base_shape, base_size, index: F.reshape(
                           F.scatter_into(g, (base_size,), index, accumulate=True), base_shape))
ZeroBackward0 = d("ZeroBackward0", "self.zero_()", self=lambda F, g: F.zeros_like(g))
FillBackward2 = d("FillBackward2", "self.fill_(value)", self=lambda F, g: F.zeros_like(g))
FillBackward3 = d("FillBackward3", "self.fill_(value), self[...] = value  (value a 0-d tensor)",
                        self=lambda F, g: F.zeros_like(g),
                        value=lambda F, g, value_dtype: F.sum_all(g, value_dtype))
CopyBackwards = d("CopyBackwards", "self.copy_(src), self[...] = src", elementwise=True,
                  self=lambda F, g: F.zeros_like(g), other=lambda F, g: g)
CopyBackwards._namespace = "torch::autograd::"
CopySlices = d("CopySlices", "self[index] = src  (in place)",
               self=lambda F, g, index, uint8_masks:
                   _uint8_index_warning(uint8_masks) or F.zero_at(g, index),
               src=lambda F, g, index, src_shape, uint8_masks:
                   _uint8_index_warning(uint8_masks) or F.sum_to(F.take(g, index), src_shape))
CopySlices._namespace = "torch::autograd::"
# x[index] = value written into x itself, not through a view: torch's setitem then uses
# index_put_ (integer arrays, masks), fill_ (one value everywhere, FillBackward3) or copy_
# (CopyBackwards).  F.zero_at(g, index) in formulas records this row too (no src).
IndexPutBackward0 = d("IndexPutBackward0", "self[indices] = values  (in place)",
                      self=lambda F, g, index, uint8_masks:
                          _uint8_index_warning(uint8_masks) or F.zero_at(g, index),
                      src=lambda F, g, index, src_shape, uint8_masks:
                          _uint8_index_warning(uint8_masks)
                          or F.sum_to(F.take(g, index), src_shape))

# --- neural-network functions ----------------------------------------------------------------
LogSoftmaxBackward0 = d("LogSoftmaxBackward0", "log_softmax(self, dim)", noisy=True,
                        self=lambda F, g, result, dim:
                            g - F.exp(result) * F.sum(g, dim, True))
SoftmaxBackward0 = d("SoftmaxBackward0", "softmax(self, dim)", noisy=True,
                     self=lambda F, g, result, dim:
                         result * (g - F.sum(g * result, dim, True)))
NllLossBackward0 = d("NllLossBackward0", "nll_loss(self, target, reduction)", noisy=True,
                     self=lambda F, g, self, target, valid, reduction, total:
                         F.nll_backward(g, self, target, valid, reduction, total))
MseLossBackward0 = d("MseLossBackward0", "mse_loss(self, target, reduction)", noisy=True,
                     saves=("self", "other"),
                     self=lambda F, g, self, other, scale: (self - other) * (2 * scale) * g,
                     other=lambda F, g, self, other, scale: (other - self) * (2 * scale) * g)
