"""The elementwise forward operations, gathered for their users (ops/methods.py, functions.py,
the tensor namespace of the backward formulas) from the modules that hold them:

    operands.py     what an operand is, PyTorch's type promotion, the arrays an op computes on
    arithmetic.py   + - * / ** // % (each made by ``binary_op``)
    clamp_where.py  clamp/clip, where, maximum, minimum
    comparison.py   == != < <= > >=, the logical and bitwise operations, isnan, isfinite

The unary functions (exp, sin, ...) are declared in unary_ops.py; the backward formulas are in
derivatives.py.
"""
from .arithmetic import (add, add_, binary_op, div, floor_divide, mul, pow,  # noqa: F401
                         pow_tensor, remainder, rfloordiv, rpow, rremainder, rsub, sub, sub_,
                         true_div)
from .clamp_where import (clamp, clamp_entry, clamp_tensor, maximum, minimum,  # noqa: F401
                          where)
from .comparison import (bitwise_and, bitwise_not, bitwise_or, bitwise_xor, compare,  # noqa: F401
                         eq, ge, gt, isfinite, isnan, le, logical, logical_not, lt, ne)
from .operands import (NOT_IMPLEMENTED, as_operand, operands, result_dtype,  # noqa: F401
                       tensor_operand, wrap)
