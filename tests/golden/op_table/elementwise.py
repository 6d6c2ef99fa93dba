"""The elementwise functions of one tensor (declared in autograd_bn/ops/unary_ops.py): one
entry each, no samples (the method call on one input drawn from the domain)."""
from .info import OpInfo

_UNIT = "({0}.tanh() * 0.9)"            # into (-0.9, 0.9)
_POSITIVE = "({0}.abs() + 0.5)"
_ROUNDING = dict(sampler="offgrid", grad="zero", exact=True)

ENTRIES = [
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
    OpInfo("tanh", also=("torch.nn.functional.tanh",)),
    OpInfo("sigmoid", also=("torch.nn.functional.sigmoid",)),
    OpInfo("erf"),
    OpInfo("relu", also=("torch.nn.functional.relu",), sampler="nonzero", exact=True, ulps=0),
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
