"""The Python signatures of torch's binary ops, as torch prints them in its argument errors
(see arguments.py): per op, the method's and the function's."""
_OUT = ", *, Tensor out = None"
_T_OR_N = ["(Tensor other)", "(Number other)"]
_FN_T_OR_N = ["(Tensor input, Tensor other" + _OUT + ")", "(Tensor input, Number other)"]
_CMP_FN = ["(Tensor input, Tensor other" + _OUT + ")", "(Tensor input, Number other" + _OUT + ")"]
_BITWISE_FN = ["(Tensor input, Tensor other" + _OUT + ")", "(Number self, Tensor other)",
               "(Tensor input, Number other" + _OUT + ")"]


def _tensor_only(name="other"):
    return ([f"(Tensor {name})"], [f"(Tensor input, Tensor {name}{_OUT})"])


METHOD, FUNCTION = {}, {}
for _op, (_m, _f) in {
    "add": (["(Tensor other, *, Number alpha = 1)"],
            ["(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)"]),
    "sub": (["(Tensor other, *, Number alpha = 1)"],
            ["(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)"]),
    "subtract": (["(Tensor other, *, Number alpha = 1)", "(Number other, Number alpha = 1)"],
                 ["(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)",
                  "(Tensor input, Number other, Number alpha = 1)"]),
    "mul": _tensor_only(),
    "multiply": (_T_OR_N, _FN_T_OR_N),
    "div": (["(Tensor other)", "(Tensor other, *, str rounding_mode)",
             "(Number other, *, str rounding_mode)"],
            ["(Tensor input, Tensor other" + _OUT + ")",
             "(Tensor input, Tensor other, *, str rounding_mode, Tensor out = None)",
             "(Tensor input, Number other, *, str rounding_mode)"]),
    "divide": (["(Tensor other)", "(Tensor other, *, str rounding_mode)", "(Number other)",
                "(Number other, *, str rounding_mode)"],
               ["(Tensor input, Tensor other" + _OUT + ")",
                "(Tensor input, Tensor other, *, str rounding_mode, Tensor out = None)",
                "(Tensor input, Number other)", "(Tensor input, Number other, *, str rounding_mode)"]),
    "true_divide": (_T_OR_N, _FN_T_OR_N),
    "pow": (["(Tensor exponent)", "(Number exponent)"],
            ["(Tensor input, Tensor exponent" + _OUT + ")",
             "(Number self, Tensor exponent" + _OUT + ")",
             "(Tensor input, Number exponent" + _OUT + ")"]),
    "floor_divide": (_T_OR_N, _FN_T_OR_N),
    "remainder": (_T_OR_N, _BITWISE_FN),
    "maximum": _tensor_only(),
    "minimum": _tensor_only(),
    "matmul": _tensor_only(),
    "mm": _tensor_only("mat2"),
    "dot": _tensor_only("tensor"),
    "mv": _tensor_only("vec"),
    "outer": _tensor_only("vec2"),
    "ger": _tensor_only("vec2"),
    "copy_": (["(Tensor other, bool non_blocking = False)"], None),
    "where": (["(Tensor condition, Tensor other)", "(Tensor condition, Number other)"],
              ["(Tensor condition)", "(Tensor condition, Tensor input, Tensor other" + _OUT + ")",
               "(Tensor condition, Number self, Tensor other)",
               "(Tensor condition, Tensor input, Number other)",
               "(Tensor condition, Number self, Number other)"]),
}.items():
    METHOD[_op], FUNCTION[_op] = _m, _f
for _op in ("eq", "ne", "lt", "le", "gt", "ge"):
    METHOD[_op], FUNCTION[_op] = _T_OR_N, _CMP_FN
for _op in ("bitwise_and", "bitwise_or", "bitwise_xor"):
    METHOD[_op], FUNCTION[_op] = _T_OR_N, _BITWISE_FN

_DTYPE = "torch.dtype dtype = None"
METHOD["sum"] = METHOD["mean"] = ["(*, " + _DTYPE + ")",
                                  "(tuple of ints dim, bool keepdim = False, *, " + _DTYPE + ")"]
FUNCTION["sum"] = ["(Tensor input, *, " + _DTYPE + ")",
                   "(Tensor input, tuple of ints dim, bool keepdim = False, *, " + _DTYPE
                   + ", Tensor out = None)"]
FUNCTION["mean"] = ["(Tensor input, *, " + _DTYPE + ", Tensor out = None)",
                    "(Tensor input, tuple of ints dim, bool keepdim = False, *, " + _DTYPE
                    + ", Tensor out = None)"]
METHOD["max"] = METHOD["min"] = ["()", "(Tensor other)", "(int dim, bool keepdim = False)"]
FUNCTION["max"] = FUNCTION["min"] = [
    "(Tensor input, *, Tensor out = None)", "(Tensor input, Tensor other, *, Tensor out = None)",
    "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)"]
