"""Why Python data cannot become a tensor, in torch's words (torch.tensor, as_tensor, ...).

The fast path in creation.py hands nested lists to NumPy.  When NumPy refuses them, or makes
something torch would not (an array of strings or objects), ``diagnose`` walks the data the
way torch's tensor_new.cpp does and raises torch's error:

1. the sizes, following the first element down while it is a sequence (a string is one, and
   so is a string's first character: ``too many dimensions 'str'``);
2. the dtype, from every leaf (a string or bytes leaf: ``new(): invalid data type``; anything
   that is neither a number nor a sequence: ``Could not infer dtype of ...``);
3. the values, stored level by level: each level must be a sequence of the first one's length
   (``not a sequence``, ``expected sequence of length 2 at dim 1 (got 1)``), each leaf a number
   of the dtype (or a one-element tensor).
"""
import numpy as np

from .i18n import _

MAX_DIMS = 64


def _tensor_class():
    from .tensor import Tensor
    return Tensor


def is_sequence(obj):
    """Python's PySequence_Check, as torch sees our objects: lists, tuples, ranges, strings,
    bytes and NumPy arrays are sequences; tensors, NumPy scalars, dicts and sets are not."""
    if isinstance(obj, (_tensor_class(), np.generic, dict, set, frozenset)):
        return False
    return isinstance(obj, (list, tuple, range, str, bytes, np.ndarray)) or (
        hasattr(type(obj), "__getitem__") and hasattr(type(obj), "__len__"))


def _type_name(obj):
    k = type(obj)
    if k is _tensor_class():
        return "Tensor"
    return k.__name__ if k.__module__ == "builtins" else k.__module__ + "." + k.__name__


def _sizes(data):
    sizes, seq = [], data
    while is_sequence(seq):
        n = len(seq)
        sizes.append(n)
        if len(sizes) > MAX_DIMS:
            raise ValueError(_("too many dimensions '{t}'").format(t=_type_name(seq)))
        if n == 0:
            break
        seq = seq[0]
    return sizes


def _infer(data):
    """The kind of the leaves: "float", "int" or "bool" (promoted), or torch's error."""
    kinds, stack = set(), [data]
    while stack:
        obj = stack.pop()
        if isinstance(obj, (str, bytes)):
            raise TypeError(_("new(): invalid data type '{t}'").format(t=_type_name(obj)))
        if isinstance(obj, (bool, np.bool_)):
            kinds.add("bool")
        elif isinstance(obj, (int, np.integer)):
            kinds.add("int")
        elif isinstance(obj, (float, np.floating, complex)):
            kinds.add("float")
        elif isinstance(obj, _tensor_class()):
            kinds.add("float" if obj.dtype.is_floating_point else "int")
        elif isinstance(obj, np.ndarray):
            kinds.add("float" if obj.dtype.kind in "fc" else "int")
        elif is_sequence(obj):
            items = list(obj)
            if not items:
                kinds.add("float")             # an empty sequence counts as the default dtype
            stack.extend(reversed(items))
        else:
            raise RuntimeError(_("Could not infer dtype of {t}").format(t=_type_name(obj)))
    return "float" if "float" in kinds else "int" if "int" in kinds else "bool" if kinds else "float"


def _store_check(leaf, kind):
    if isinstance(leaf, _tensor_class()):
        if leaf._data.size != 1:
            raise ValueError(_("only one element tensors can be converted to Python scalars"))
        return
    if isinstance(leaf, (int, float, complex, np.number, np.bool_)):
        return
    if kind == "float":
        raise TypeError(_("must be real number, not {t}").format(t=_type_name(leaf)))
    raise TypeError(_("'{t}' object cannot be interpreted as an integer").format(
        t=_type_name(leaf)))


def as_lists(data):
    """data with every sequence in it (ranges, tuples, ...) made a list (strings, bytes and
    NumPy arrays stay), for NumPy to read as torch would."""
    if not is_sequence(data) or isinstance(data, (str, bytes, np.ndarray)):
        return data
    root = list(data)
    stack = [root]
    while stack:
        items = stack.pop()
        for i, v in enumerate(items):
            if is_sequence(v) and not isinstance(v, (str, bytes, np.ndarray)):
                items[i] = list(v)
                stack.append(items[i])
    return root


def diagnose(data):
    """Raise torch's error for data that cannot become a tensor; else return its sizes and
    the kind of its values ("float", "int" or "bool")."""
    if isinstance(data, np.ndarray):
        return list(data.shape), None
    if isinstance(data, (str, bytes)):
        raise TypeError(_("new(): invalid data type '{t}'").format(t=_type_name(data)))
    sizes = _sizes(data)
    kind = _infer(data)
    if 0 in sizes:
        return sizes, kind
    stack = [(data, 0)]                      # depth first, in order, as torch stores
    while stack:
        obj, dim = stack.pop()
        if dim == len(sizes):
            _store_check(obj, kind)
            continue
        if not is_sequence(obj) or isinstance(obj, (str, bytes)):
            raise TypeError(_("not a sequence"))
        items = list(obj)
        if len(items) != sizes[dim]:
            raise ValueError(_("expected sequence of length {n} at dim {d} (got {g})")
                             .format(n=sizes[dim], d=dim, g=len(items)))
        stack.extend((item, dim + 1) for item in reversed(items))
    return sizes, kind
