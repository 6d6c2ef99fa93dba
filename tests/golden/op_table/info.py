"""What an entry of the op table says (``OpInfo``), its samples (``Sample``, ``Arg``) and how
sample values are drawn.  Plain data and NumPy only: the torch-only golden recorder reads it.

A sample's ``call`` is Python source with ``torch`` bound to the library under test and
``{0}``, ``{1}`` ... standing for its tensor inputs (float leaves that require grad).  Constants
(index tensors, masks, targets) are literals in the source, so every suite runs literally the
same call on both libraries.
"""
import re
import zlib
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Arg:
    """One tensor input of a sample: its shape and how its values are drawn (``sampler`` and
    ``domain`` default to the entry's), or literal ``values``."""
    shape: tuple = (2, 3)
    sampler: str = ""
    domain: tuple = ()
    values: tuple = None
    shift: float = 0.0                 # added to the drawn values


@dataclass(frozen=True)
class Sample:
    call: str                          # source, {0} {1} ... the inputs
    args: tuple = (Arg(),)             # an Arg or a shape tuple per input
    eps: float = 1e-6                  # finite-difference step; None: a non-differentiable
    #                                    point (ties), where only the analytic rule is checked
    atol: float = 1e-7                 # finite-difference tolerance (tests/test_gradcheck_ops)
    fuzz: bool = True                  # a form the hypothesis fuzzer may apply to any tensor
    aliases: bool = True               # every alias of the op takes these arguments too

    @property
    def arity(self):
        return len(self.args)

    def arg(self, i):
        a = self.args[i]
        return a if isinstance(a, Arg) else Arg(tuple(a))

    def source(self, *names):
        return self.call.format(*names)


@dataclass(frozen=True)
class OpInfo:
    name: str                         # the entry (an op's public name)
    op: str = ""                      # the op's method/function name, if not ``name``
    kwargs: dict = field(default_factory=dict)
    samples: tuple = ()               # () for an elementwise op: its method call on one input
    domain: tuple = (-2.0, 2.0)       # inputs drawn uniformly from here
    sampler: str = "uniform"          # "uniform", "nonzero" (|x| >= 0.3), "offgrid" (away
    #                                   from integers and halves: rounding is continuous there),
    #                                   "positive" (in [0.5, 2]), "distinct" (no ties), "grid"
    #                                   (halves: + - * and sums of them round nowhere)
    fit: object = "{0}"               # maps any input into the domain (fuzzer, golden); one
    #                                   template, or one per input
    dtypes: tuple = ("float32", "float64", "int64")
    grad: str = "smooth"              # "smooth", or "zero" (piecewise constant ops)
    higher_order: bool = True         # has a second derivative (gradgradcheck)
    inplace: bool = True              # has Tensor.<op>_
    exact: bool = False               # values bit-identical to torch's (else within ulps)
    ulps: int = 1                     # float32 values within this many ulps of torch's ...
    relative_to: str = "element"      # ... of each element, or of the tensor's largest one
    #                                   ("tensor": sums, products, norms, where a result that
    #                                   cancels carries the rounding of its terms)
    also: tuple = ()                  # other public names of the same op, checked to agree:
    #                                   "Tensor.arctan", "torch.nn.functional.relu"
    eps: float = 1e-6                 # finite-difference step of gradcheck
    atol: float = 1e-7
    gradcheck: dict = field(default_factory=dict)   # options of autograd_bn's gradcheck
    gradgrad_rtol: float = None       # second derivatives against torch's, if not the default

    @property
    def fn(self):
        return self.op or self.name

    @property
    def elementwise(self):
        """Declared in autograd_bn/ops/unary_ops.py (a method on one tensor, no samples)."""
        return not self.samples

    def call(self, x="{0}"):
        """Source of the method call on ``x``: ``x.atan()``, ``x.round(decimals=1)``."""
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"{x}.{self.fn}({args})"

    def function_call(self, x="{0}"):
        """Source of the function call: ``torch.atan(x)``."""
        args = "".join(f", {k}={v!r}" for k, v in self.kwargs.items())
        return f"torch.{self.fn}({x}{args})"

    def all_samples(self):
        if self.samples:
            return self.samples
        return (Sample(self.call(), ((5,),), eps=self.eps, atol=self.atol),)

    def fits(self, arity):
        return (self.fit,) * arity if isinstance(self.fit, str) else tuple(self.fit)

    def fitted(self, x="{0}"):
        """The elementwise call on an input mapped into the domain (any value may come in)."""
        return self.call(self.fit.format(x))

    def fitted_sample(self, sample, *names):
        """``sample``'s call on inputs mapped into the domain first (fuzzer, golden)."""
        return sample.source(*(f.format(n) for f, n in zip(self.fits(sample.arity), names)))

    def sample_id(self, k):
        return self.name if k == 0 else f"{self.name}[{k}]"


def draw(entry, arg, rng):
    """float64 values for one input ``arg`` (an Arg) of ``entry``, drawn with ``rng``."""
    if arg.values is not None:
        return np.array(arg.values, dtype=np.float64)
    return _draw(entry, arg, rng) + arg.shift


def _draw(entry, arg, rng):
    shape, sampler = arg.shape, arg.sampler or entry.sampler
    lo, hi = arg.domain or entry.domain
    if sampler == "nonzero":
        return rng.uniform(0.3, max(abs(lo), abs(hi)), size=shape) * rng.choice([-1.0, 1.0], shape)
    if sampler == "positive":
        return rng.uniform(0.5, 2.0, size=shape)
    if sampler == "distinct":          # steps of 0.37: no ties, no two values too close
        n = int(np.prod(shape))
        return (rng.permutation(n) * 0.37 - n * 0.15).reshape(shape)
    if sampler == "grid":
        return rng.integers(int(2 * lo), int(2 * hi) + 1, size=shape) / 2.0
    if sampler == "offgrid":           # fractional parts in [0.1, 0.4] or [0.6, 0.9]
        scale = 10.0 ** -entry.kwargs.get("decimals", 0)
        whole = rng.integers(int(lo / scale), int(hi / scale), size=shape)
        part = rng.uniform(0.1, 0.4, size=shape) + rng.choice([0.0, 0.5], size=shape)
        return (whole + part) * scale
    return rng.uniform(lo, hi, size=shape)


def inputs(entry, rng, shape):
    """float64 values for an elementwise ``entry`` in ``shape``, drawn with ``rng``."""
    return draw(entry, Arg(tuple(shape)), rng)


def sample_inputs(entry, k, salt=""):
    """The float64 input arrays of ``entry``'s sample ``k`` (the same in every suite)."""
    sample = entry.all_samples()[k]
    rng = np.random.default_rng(zlib.crc32(f"{entry.sample_id(k)}{salt}".encode()))
    return [draw(entry, sample.arg(i), rng) for i in range(sample.arity)]


_FUNCTION = re.compile(r"torch\.((?:nn\.functional\.)?[A-Za-z_]\w*)\s*\(")
_METHOD = re.compile(r"[})\]]\s*\.([A-Za-z_]\w*)\b")


def names_used(source):
    """The public names a call exercises: ``torch.x`` functions, ``Tensor.x`` methods and
    properties (anything read off a tensor expression)."""
    found = {"torch." + m for m in _FUNCTION.findall(source)}
    found |= {"Tensor." + m for m in _METHOD.findall(source)}
    return found
