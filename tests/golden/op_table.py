"""The one table of elementwise op cases (PyTorch's OpInfo idea): one entry per op.

Each entry says how to call the op, where its inputs come from, which dtypes it takes, whether
its gradient is smooth or zero (rounding), whether it has a second derivative and an in-place
form, and how closely its values follow torch.  The suites read it and nothing else:

* tests/golden/op_cases.py -> tests/test_gradcheck_ops.py: a finite-difference case per entry;
* tests/test_op_table.py: gradcheck and gradgradcheck (autograd_bn's), the in-place form, and
  the coverage checks (every declared op has an entry, every entry an op);
* tests/golden/make_engine_golden.py: a recorded torch program per entry (engine_cases.json);
* tests/live/test_op_table_live.py: each entry against torch side by side, every dtype;
* tests/live/test_differential.py: the entries are ops of the hypothesis fuzzer.

The table is plain data (source templates and numbers), so the torch-only golden recorder
reads it too.  ``{0}`` in a template is the input tensor.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OpInfo:
    name: str                         # the entry (a declared op, or op + variant)
    op: str = ""                      # the op's name, if not ``name``
    kwargs: dict = field(default_factory=dict)
    domain: tuple = (-2.0, 2.0)       # inputs drawn uniformly from here
    sampler: str = "uniform"          # "uniform", "nonzero" (|x| >= 0.3), "offgrid" (away
    #                                   from integers and halves: rounding is continuous there)
    fit: str = "{0}"                  # maps any input into the domain (fuzzer, golden)
    dtypes: tuple = ("float32", "float64", "int64")
    grad: str = "smooth"              # "smooth", or "zero" (piecewise constant ops)
    higher_order: bool = True         # has a second derivative (gradgradcheck)
    inplace: bool = True              # has Tensor.<op>_
    exact: bool = False               # values bit-identical to torch's (else within ulps)
    ulps: int = 1                     # float32 values within this many ulps of torch's
    eps: float = 1e-6                 # finite-difference step of gradcheck
    atol: float = 1e-7

    @property
    def fn(self):
        return self.op or self.name

    def call(self, x="{0}"):
        """Source of the method call on ``x``: ``x.atan()``, ``x.round(decimals=1)``."""
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"{x}.{self.fn}({args})"

    def function_call(self, x="{0}"):
        """Source of the function call: ``torch.atan(x)``."""
        args = "".join(f", {k}={v!r}" for k, v in self.kwargs.items())
        return f"torch.{self.fn}({x}{args})"

    def fitted(self, x="{0}"):
        """The call on an input mapped into the domain first (any value may come in)."""
        return self.call(self.fit.format(x))


_UNIT = "({0}.tanh() * 0.9)"            # into (-0.9, 0.9)
_POSITIVE = "({0}.abs() + 0.5)"
_ROUNDING = dict(sampler="offgrid", grad="zero", exact=True)

TABLE = [
    OpInfo("exp"),
    OpInfo("exp2", domain=(-3.0, 3.0)),
    OpInfo("expm1"),
    OpInfo("log", domain=(0.3, 3.0), fit=_POSITIVE),
    OpInfo("log2", domain=(0.3, 3.0), fit=_POSITIVE),
    OpInfo("log10", domain=(0.3, 3.0), fit=_POSITIVE),
    OpInfo("log1p", domain=(-0.6, 3.0), fit=_POSITIVE),
    OpInfo("sqrt", domain=(0.3, 3.0), fit=_POSITIVE),     # (torch's is not always IEEE's)
    OpInfo("rsqrt", domain=(0.3, 3.0), fit=_POSITIVE, exact=True, ulps=0),
    OpInfo("square", exact=True, ulps=0),
    OpInfo("reciprocal", sampler="nonzero", fit=_POSITIVE, exact=True, ulps=0),
    OpInfo("sin"),
    OpInfo("cos"),
    OpInfo("atan", domain=(-4.0, 4.0)),
    OpInfo("asin", domain=(-0.9, 0.9), fit=_UNIT),
    OpInfo("acos", domain=(-0.9, 0.9), fit=_UNIT),
    OpInfo("sinh"),
    OpInfo("cosh"),
    OpInfo("tanh"),
    OpInfo("sigmoid"),
    OpInfo("erf"),
    OpInfo("relu", sampler="nonzero", exact=True, ulps=0),
    OpInfo("neg", exact=True, ulps=0),
    OpInfo("abs", sampler="nonzero", exact=True, ulps=0),
    OpInfo("sign", sampler="nonzero", grad="zero", exact=True, ulps=0),
    OpInfo("sgn", sampler="nonzero", grad="zero", exact=True, ulps=0),
    OpInfo("floor", domain=(-3.0, 3.0), **_ROUNDING),
    OpInfo("ceil", domain=(-3.0, 3.0), **_ROUNDING),
    OpInfo("trunc", domain=(-3.0, 3.0), **_ROUNDING),
    OpInfo("round", domain=(-3.0, 3.0), **_ROUNDING),
    OpInfo("round_decimals", op="round", kwargs={"decimals": 1}, domain=(-3.0, 3.0),
           sampler="offgrid", grad="zero", dtypes=("float32", "float64")),
    OpInfo("round_decimals_negative", op="round", kwargs={"decimals": -1},
           domain=(-30.0, 30.0), sampler="offgrid", grad="zero",
           dtypes=("float32", "float64")),
    OpInfo("frac", domain=(-3.0, 3.0), sampler="offgrid", exact=True, ulps=0,
           dtypes=("float32", "float64")),
]
BY_NAME = {e.name: e for e in TABLE}
assert len(BY_NAME) == len(TABLE), "two entries share a name"


def inputs(entry, rng, shape):
    """float64 values for ``entry``, drawn from its domain with ``rng`` (a NumPy Generator)."""
    lo, hi = entry.domain
    x = rng.uniform(lo, hi, size=shape)
    if entry.sampler == "nonzero":
        x = rng.uniform(0.3, max(abs(lo), abs(hi)), size=shape) * rng.choice([-1.0, 1.0], shape)
    elif entry.sampler == "offgrid":     # fractional parts in [0.1, 0.4] or [0.6, 0.9]
        scale = 10.0 ** -entry.kwargs.get("decimals", 0)
        whole = rng.integers(int(lo / scale), int(hi / scale), size=shape)
        part = rng.uniform(0.1, 0.4, size=shape) + rng.choice([0.0, 0.5], size=shape)
        x = (whole + part) * scale
    return x
