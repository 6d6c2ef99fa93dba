"""The derivatives table written as mathematics: one entry per row of derivatives*.py.

The chain-rule explorer (autograd_bn.widgets.chain) shows these formulas; a test checks that
every row of the table has an entry here, with one formula per input of the row, and that
every placeholder an input's formula uses is a parameter of that row's Python formula.

An entry is keyed by the row's name in its module (``MulBackward0``; rows of
derivatives_linear.py as ``linear:SelectBackward0``, because some names repeat there).
``ew(forward, self=local, ...)`` is an elementwise row: each input gets its local derivative
∂r/∂input and the gradient it receives is ``@g`` times it.  ``vj(forward, self=gradient, ...)``
gives the gradient itself (a vector-Jacobian product that is no elementwise product).

Placeholders start with ``@``: ``@g`` is the gradient arriving at the node (∂L/∂r),
``@result`` the node's output r, ``@self`` / ``@other`` / ``@mat1`` ... the row's inputs, any
other name one of the node's attributes (``@alpha``, ``@numel``).  The explorer writes each
formula twice: with the symbols of SYMBOLS and with the numbers of the graph.
"""
import re

PLACEHOLDER = re.compile(r"@([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")

# The symbol each placeholder stands for in the symbolic formula.
SYMBOLS = {
    "g": r"\bar{r}", "result": "r", "self": "a", "other": "b", "mat1": "B", "mat2": "C",
    "min": r"\ell", "max": "u", "src": "s", "value": "v", "grad_output": "h",
    "alpha": r"\alpha", "exponent": "k", "scalar": "c", "numel": "n", "log_base": r"\ln c",
    "scale": r"\tfrac{1}{N}", "total": "N", "ord": "p", "dim": "d", "dims": "d",
    "self_shape": r"\mathrm{shape}(a)", "g_shape": r"\mathrm{shape}(\bar{r})",
    "bias_shape": r"\mathrm{shape}(a)", "src_shape": r"\mathrm{shape}(s)",
    "base_shape": r"\mathrm{shape}(a)", "index": "i", "indices": "i", "target": "t",
    "condition": "q", "weight": "w", "weight_arr": "w", "pos_weight": "p_{+}", "in_range": r"\ell \le a \le u", "below": r"a < \ell",
    "above": r"a > u", "mask": "m", "inverse": r"\pi^{-1}", "dim0": "d", "dim1": "e",
    "self_dtype": r"\mathrm{dtype}(a)", "value_dtype": r"\mathrm{dtype}(v)",
}


class Tex:
    """One row as mathematics: ``forward`` (the right side of r = ...) and, per input in
    the row's order, (name, local derivative or None, gradient formula)."""

    def __init__(self, forward, inputs, variadic=False, elementwise=False):
        self.forward, self.inputs, self.variadic = forward, tuple(inputs), variadic
        self.elementwise = elementwise

    def __repr__(self):
        return f"Tex({self.forward!r}, {[i[0] for i in self.inputs]})"


def ew(forward, **local):
    """An elementwise row: each input's gradient is @g times its local derivative."""
    return Tex(forward, [(name, d, r"@g \cdot " + _bracket(d)) for name, d in local.items()],
               elementwise=True)


def _bracket(d):
    """A local derivative as a factor: a sum or a negative term gets parentheses."""
    return f"\\left({d}\\right)" if d.startswith("-") or " + " in d or " - " in d else d


def vj(forward, **grads):
    """A row whose gradients are given whole (no elementwise local derivative)."""
    return Tex(forward, [(name, None, gr) for name, gr in grads.items()])


RESHAPE = vj(r"\mathrm{reshape}(@self)", self=r"\mathrm{reshape}(@g, @self_shape)")
SCATTER = vj(r"@self[@index]", self=r"\mathrm{scatter}(@g, @index, @self_shape)")
MAXDIM = r"\mathrm{scatter}_{@dim}(@g, @indices, @self_shape)"
SETITEM = vj(r"@self[@index] \leftarrow @src", self=r"\mathrm{zero}_{@index}(@g)",
             src=r"\mathrm{sum\_to}(@g[@index], @src_shape)")
ONES = r"\mathbf{1}_{@self_shape}"

TEX = {
    # elementwise arithmetic
    "AddBackward0": ew(r"@self + @alpha \, @other", self="1", other="@alpha"),
    "SubBackward0": ew(r"@self - @alpha \, @other", self="1", other="-@alpha"),
    "RsubBackward1": ew(r"@other - @self", self="-1"),
    "MulBackward0": ew(r"@self \cdot @other", self="@other", other="@self"),
    "DivBackward0": ew(r"\frac{@self}{@other}", self=r"\frac{1}{@other}",
                       other=r"-\frac{@self}{@other^{2}}"),
    "MulBackward1": ew(r"@self \cdot @scalar", self="@scalar"),
    "DivBackward1": ew(r"\frac{@self}{@scalar}", self=r"\frac{1}{@scalar}"),
    "ReciprocalBackward0": ew(r"\frac{1}{@self}", self=r"-@result^{2}"),
    "NegBackward0": ew(r"-@self", self="-1"),
    "PowBackward0": ew(r"@self^{@exponent}", self=r"@exponent \, @self^{@exponent - 1}"),
    "PowBackward1": ew(r"@self^{@other}", self=r"@other \, @self^{@other - 1}",
                       other=r"@result \, \ln @self"),
    "PowBackward2": ew(r"c^{@self}", self=r"@result \, @log_base"),
    "RemainderBackward0": ew(r"@self \bmod @other", self="1"),
    "RemainderBackward1": ew(r"@self \bmod @other", self="1",
                             other=r"-\left\lfloor \frac{@self}{@other} \right\rfloor"),
    "DivBackward2": ew(r"\mathrm{round}\left(\frac{@self}{@other}\right)", self="0", other="0"),
    "NotImplemented_": vj(r"\mathrm{floor\_divide}(@self, @other)",
                          self=r"\mathrm{undefined}", other=r"\mathrm{undefined}"),
    # elementwise functions
    "ExpBackward0": ew(r"e^{@self}", self="@result"),
    "LogBackward0": ew(r"\ln @self", self=r"\frac{1}{@self}"),
    "SqrtBackward0": ew(r"\sqrt{@self}", self=r"\frac{1}{2 \, @result}"),
    "SinBackward0": ew(r"\sin @self", self=r"\cos @self"),
    "CosBackward0": ew(r"\cos @self", self=r"-\sin @self"),
    "TanhBackward0": ew(r"\tanh @self", self=r"1 - @result^{2}"),
    "SigmoidBackward0": ew(r"\sigma(@self)", self=r"(1 - @result) \, @result"),
    "ReluBackward0": ew(r"\max(0, @self)", self=r"\mathbb{1}[@result > 0]"),
    "AbsBackward0": ew(r"|@self|", self=r"\mathrm{sgn}(@self)"),
    "SignBackward0": ew(r"\mathrm{sign}(@self)", self="0"),
    "SgnBackward0": ew(r"\mathrm{sgn}(@self)", self="0"),
    "ClampBackward1": ew(r"\mathrm{clamp}(@self, @min, @max)",
                         self=r"\mathbb{1}[@min \le @self \le @max]"),
    "ClampBackward0": ew(r"\mathrm{clamp}(@self, @min, @max)", self=r"\mathbb{1}[@in_range]",
                         min=r"\mathbb{1}[@below]", max=r"\mathbb{1}[@above]"),
    "MaximumBackward0": ew(r"\max(@self, @other)",
                           self=r"\mathbb{1}[@self > @other] + \frac{1}{2}\mathbb{1}[@self = @other]",
                           other=r"\mathbb{1}[@other > @self] + \frac{1}{2}\mathbb{1}[@self = @other]"),
    "MinimumBackward0": ew(r"\min(@self, @other)",
                           self=r"\mathbb{1}[@self < @other] + \frac{1}{2}\mathbb{1}[@self = @other]",
                           other=r"\mathbb{1}[@other < @self] + \frac{1}{2}\mathbb{1}[@self = @other]"),
    "WhereBackward0": ew(r"\mathrm{where}(@condition, @self, @other)",
                         self=r"\mathbb{1}[@condition]", other=r"1 - \mathbb{1}[@condition]"),
    "ToCopyBackward0": vj(r"@self", self=r"\mathrm{cast}(@g, @self_dtype)"),
    "CloneBackward0": ew(r"@self", self="1"),
    "AtanBackward0": ew(r"\arctan @self", self=r"\frac{1}{1 + @self^{2}}"),
    "AsinBackward0": ew(r"\arcsin @self", self=r"\frac{1}{\sqrt{1 - @self^{2}}}"),
    "AcosBackward0": ew(r"\arccos @self", self=r"-\frac{1}{\sqrt{1 - @self^{2}}}"),
    "SinhBackward0": ew(r"\sinh @self", self=r"\cosh @self"),
    "CoshBackward0": ew(r"\cosh @self", self=r"\sinh @self"),
    "Log1PBackward0": ew(r"\ln(1 + @self)", self=r"\frac{1}{1 + @self}"),
    "Expm1Backward0": ew(r"e^{@self} - 1", self="@result + 1"),
    "Log2Backward0": ew(r"\log_{2} @self", self=r"\frac{1}{@self \, \ln 2}"),
    "Log10Backward0": ew(r"\log_{10} @self", self=r"\frac{1}{@self \, \ln 10}"),
    "Exp2Backward0": ew(r"2^{@self}", self=r"@result \, \ln 2"),
    "RsqrtBackward0": ew(r"\frac{1}{\sqrt{@self}}", self=r"-\frac{1}{2} \, @result^{3}"),
    "ErfBackward0": ew(r"\mathrm{erf}(@self)", self=r"\frac{2}{\sqrt{\pi}} \, e^{-@self^{2}}"),
    "FracBackward0": ew(r"@self - \mathrm{trunc}(@self)", self="1"),
    "FloorBackward0": ew(r"\lfloor @self \rfloor", self="0"),
    "CeilBackward0": ew(r"\lceil @self \rceil", self="0"),
    "TruncBackward0": ew(r"\mathrm{trunc}(@self)", self="0"),
    "RoundBackward0": ew(r"\mathrm{round}(@self)", self="0"),
    "RoundBackward1": ew(r"\mathrm{round}(@self)", self="0"),
    "NormalBackward1": ew(r"\mathrm{normal}(@self, s)", self="0"),
    "NormalBackward2": ew(r"\mathrm{normal}(m, @self)", self="0"),
    "NormalBackward3": ew(r"\mathrm{normal}(@self, @other)", self="0", other="0"),
    # reductions
    "CumsumBackward0": vj(r"\mathrm{cumsum}_{d}(@self)",
                          self=r"\mathrm{revcumsum}_{@dim}(@g)"),
    "CumprodBackward0": vj(r"\mathrm{cumprod}_{d}(@self)",
                           self=r"\frac{\mathrm{revcumsum}_{@dim}(@g \odot @result)}{@self}"),
    "SumBackward0": vj(r"\sum @self", self=r"@g \cdot \mathbf{1}_{@self_shape}"),
    "SumBackward1": vj(r"\sum_{d} @self", self=r"\mathrm{expand}(@g, @self_shape)"),
    "MeanBackward0": vj(r"\frac{1}{@numel} \sum @self", self=r"\frac{@g}{@numel} \cdot " + ONES),
    "MeanBackward1": vj(r"\frac{1}{@numel} \sum_{d} @self",
                        self=r"\frac{1}{@numel} \, \mathrm{expand}(@g, @self_shape)"),
    "MaxBackward1": vj(r"\max @self", self=r"@g \cdot \frac{\mathbb{1}[@self = @result]}"
                                           r"{\sum \mathbb{1}[@self = @result]}"),
    "MinBackward1": vj(r"\min @self", self=r"@g \cdot \frac{\mathbb{1}[@self = @result]}"
                                           r"{\sum \mathbb{1}[@self = @result]}"),
    "MaxBackward0": vj(r"\max_{d} @self", self=MAXDIM),
    "MinBackward0": vj(r"\min_{d} @self", self=MAXDIM),
    "LinalgVectorNormBackward0": vj(
        r"\|@self\|_{@ord}",
        self=r"@g \cdot \frac{\mathrm{sgn}(@self) \, |@self|^{@ord - 1}}{@result^{@ord - 1}}"),
    # linear algebra
    "MmBackward0": vj(r"@self \, @other", self=r"@g \, @other^{\top}", other=r"@self^{\top} @g"),
    "DotBackward0": vj(r"@self \cdot @other", self=r"@g \, @other", other=r"@g \, @self"),
    "MvBackward0": vj(r"@self \, @other", self=r"@g \, @other^{\top}", other=r"@self^{\top} @g"),
    "BmmBackward0": vj(r"@self \, @other", self=r"@g \, @other^{\top}", other=r"@self^{\top} @g"),
    "AddmmBackward0": vj(r"@self + @mat1 \, @mat2", self=r"\mathrm{sum\_to}(@g, @bias_shape)",
                         mat1=r"@g \, @mat2^{\top}", mat2=r"@mat1^{\top} @g"),
    # shape and views
    "ViewBackward0": RESHAPE, "ReshapeAliasBackward0": RESHAPE, "UnsafeViewBackward0": RESHAPE,
    "SqueezeBackward0": RESHAPE, "SqueezeBackward1": RESHAPE, "SqueezeBackward2": RESHAPE,
    "SqueezeBackward4": RESHAPE, "UnsqueezeBackward0": RESHAPE,
    "TBackward0": vj(r"@self^{\top}", self=r"@g^{\top}"),
    "TransposeBackward0": vj(r"\mathrm{transpose}_{@dim0, @dim1}(@self)",
                             self=r"\mathrm{transpose}_{@dim0, @dim1}(@g)"),
    "PermuteBackward0": vj(r"\mathrm{permute}(@self)", self=r"\mathrm{permute}(@g, @inverse)"),
    "ExpandBackward0": vj(r"\mathrm{expand}(@self)", self=r"\mathrm{sum\_to}(@g, @self_shape)"),
    "SelectBackward0": SCATTER, "SliceBackward0": SCATTER,
    "IndexBackward0": vj(r"@self[@index]", self=r"\mathrm{scatter\_add}(@g, @index, @self_shape)"),
    "CatBackward0": Tex(r"\mathrm{cat}(a_{1}, \ldots, a_{n})", [("*", None, r"@g[@slices]")],
                        variadic=True),
    "StackBackward0": Tex(r"\mathrm{stack}(a_{1}, \ldots, a_{n})",
                          [("*", None, r"@g[@slices]")], variadic=True),
    "AsStridedBackward0": vj(r"\mathrm{view}(@self)",
                             self=r"\mathrm{reshape}(\mathrm{scatter\_add}(@g, @index), @base_shape)"),
    "ZeroBackward0": ew("0", self="0"),
    "FillBackward2": ew("v", self="0"),
    "FillTensorBackward3": vj("@value", self=r"0", value=r"\sum @g"),
    "CopyBackwards": vj("@other", self="0", other="@g"),
    "CopySlices": SETITEM, "IndexPutBackward0": SETITEM,
    "FillBackward3": vj("@value", self="0", value=r"\sum @g"),
    "SetitemCopyBackwards": SETITEM,
    "views:CopySlices": Tex(r"a \text{ with } a[i] \leftarrow f(a[i])",
                            [("self", None, r"\mathrm{zero}_{i}(@g) + \bar{a}_{f}[i]"),
                             ("*", None, r"\bar{f}(@g[i])")], variadic=True),
    # neural-network functions
    "LogSoftmaxBackward0": vj(r"@self - \ln \sum_{d} e^{@self}",
                              self=r"@g - e^{@result} \sum_{@dim} @g"),
    "SoftmaxBackward0": vj(r"\frac{e^{@self}}{\sum_{d} e^{@self}}",
                           self=r"@result \odot \left(@g - \sum_{@dim} @g \odot @result\right)"),
    "NllLossBackward0": vj(r"-\frac{1}{N} \sum_{j} @self_{j, t_{j}}",
                           self=r"-\frac{@g}{@total} \, \mathbb{1}[k = @target]"),
    "MseLossBackward0": vj(r"\frac{1}{N} \sum (@self - @other)^{2}",
                           self=r"(@self - @other) \cdot 2 \, @scale \cdot @g",
                           other=r"(@other - @self) \cdot 2 \, @scale \cdot @g"),
    "NllLossBackward0Weighted": vj(
        r"-\frac{1}{N} \sum_{j} w_{t_{j}} \, @self_{j, t_{j}}",
        self=r"-\frac{@g \, @weight_arr}{@total} \, \mathbb{1}[k = @target]"),
    "BinaryCrossEntropyBackward0": vj(
        r"-\frac{1}{n} \sum w \left(b \ln @self + (1 - b) \ln(1 - @self)\right)",
        self=r"\frac{@g \, @weight}{@numel} \cdot \frac{@self - @other}{@self \, (1 - @self)}",
        other="0"),
    "BinaryCrossEntropyWithLogitsBackward0": vj(
        r"\mathrm{bce}(\sigma(@self), b)",
        self=r"\frac{@g \, @weight}{@numel} \left(\sigma(@self) \, (1 + (@pos_weight - 1) \, "
             r"@other) - @pos_weight \, @other\right)",
        other="0"),
    # rows for formulas differentiated again (derivatives_linear.py)
    "linear:SelectBackwardBackward0": vj(r"\mathrm{scatter}(@self, i)",
                                         self=r"\mathrm{sum\_to}(@g[@index], @g_shape)"),
    "linear:SliceBackwardBackward0": vj(r"\mathrm{scatter}(@self, i)",
                                        self=r"\mathrm{sum\_to}(@g[@index], @g_shape)"),
    "linear:IndexPutImplBackward0": vj(r"\mathrm{scatter\_add}(@self, i)",
                                       self=r"\mathrm{sum\_to}(@g[@index], @g_shape)"),
    "linear:SelectBackward0": vj(r"@self[i]", self=r"\mathrm{scatter}(@g, @index, @g_shape)"),
    "linear:SliceBackward0": vj(r"@self[i]", self=r"\mathrm{scatter}(@g, @index, @g_shape)"),
    "linear:IndexBackward0": vj(r"@self[i]",
                                self=r"\mathrm{scatter\_add}(@g, @index, @g_shape)"),
    "linear:IndexPutBackward0": vj(r"\mathrm{zero}_{i}(@self)", self=r"\mathrm{zero}_{@index}(@g)"),
    "linear:ScatterBackward0": vj(r"\mathrm{scatter}_{d}(@self, i)",
                                  self=r"\mathrm{gather}_{@dim}(@g, @indices)"),
    "linear:GatherBackward0": vj(r"\mathrm{gather}_{d}(@self, i)",
                                 self=r"\mathrm{scatter}_{@dim}(@g, @indices, @g_shape)"),
    "linear:NllLossBackwardBackward0": vj(
        r"\mathrm{nll\_backward}(h, a)",
        grad_output=r"-\frac{1}{@total} \sum_{j} @g_{j, @target_{j}}", self="0"),
    "linear:MaskedFillBackward0": vj(r"\mathrm{masked\_fill}(@self, m, 0)",
                                     self=r"\mathrm{masked\_fill}(@g, @mask, 0)"),
}

# Nodes that are no row of the table.
ACCUMULATE = Tex(r"a", [], elementwise=True)                      # a leaf: AccumulateGrad adds @g to a.grad
FUNCTION = Tex(r"f(a_{1}, \ldots, a_{n})", [("*", None, r"\mathrm{backward}(@g)")], True)


def placeholders(text):
    """The placeholder names a formula uses, in order of appearance."""
    return PLACEHOLDER.findall(text)
