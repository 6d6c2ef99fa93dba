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
import operator

import numpy as np

from . import _dtype
from .i18n import _
from .tensor import Tensor

MAX_DIMS = 64


def _tensor_class():
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
    """The dtype torch infers from the leaves (promoted: a Python float is the default
    dtype, a NumPy value or a tensor its own), or torch's error."""
    found, stack = [], [data]
    while stack:
        obj = stack.pop()
        if isinstance(obj, (str, bytes)):
            raise TypeError(_("new(): invalid data type '{t}'").format(t=_type_name(obj)))
        if isinstance(obj, (bool, np.bool_)) and not isinstance(obj, np.generic):
            found.append(_dtype.bool_)
        elif isinstance(obj, int):
            found.append(_dtype.int64)
        elif isinstance(obj, (float, complex)) and not isinstance(obj, np.generic):
            found.append(_dtype.get_default_dtype())
        elif isinstance(obj, _tensor_class()):
            found.append(obj.dtype)
        elif isinstance(obj, (np.ndarray, np.generic)):
            found.append(_dtype.from_numpy_dtype(obj.dtype) or _dtype.float64)
        elif is_sequence(obj):
            items = list(obj)
            if not items:                    # an empty sequence counts as the default dtype
                found.append(_dtype.get_default_dtype())
            stack.extend(reversed(items))
        else:
            raise RuntimeError(_("Could not infer dtype of {t}").format(t=_type_name(obj)))
    result = None
    for d in found:
        result = d if result is None else _dtype.promote(result, d)
    return result or _dtype.get_default_dtype()


def _store_check(leaf, kind):
    if isinstance(leaf, _tensor_class()):
        if kind != "float":                 # stored through __index__, as torch does
            if leaf.dtype.is_floating_point or leaf._data.size != 1:
                raise TypeError(_("only integer tensors of a single element can be converted "
                                  "to an index"))
        elif leaf._data.size != 1:
            raise ValueError(_("only one element tensors can be converted to Python scalars"))
        return
    if isinstance(leaf, (int, float, complex, np.number, np.bool_)):
        return
    if isinstance(leaf, np.ndarray):         # NumPy's own error, as torch converts it
        float(leaf) if kind == "float" else operator.index(leaf)
        return
    if kind == "float":
        raise TypeError(_("must be real number, not {t}").format(t=_type_name(leaf)))
    raise TypeError(_("'{t}' object cannot be interpreted as an integer").format(
        t=_type_name(leaf)))


def as_lists(data, bytes_too=False):
    """data with every sequence in it (ranges, tuples, ...) made a list (strings, NumPy
    arrays and, unless ``bytes_too``, bytes stay), for NumPy to read as torch would; data
    itself when nothing changes."""
    kept = (str, np.ndarray) if bytes_too else (str, bytes, np.ndarray)
    if not is_sequence(data) or isinstance(data, kept):
        return data
    changed = not isinstance(data, list)
    root = list(data)
    stack = [root]
    while stack:
        items = stack.pop()
        for i, v in enumerate(items):
            if is_sequence(v) and not isinstance(v, kept):
                changed |= not isinstance(v, list)
                items[i] = list(v)
                stack.append(items[i])
    return root if changed else data


def to_depth(data, depth):
    """data as nested lists down to ``depth`` levels (the sizes torch found): every sequence,
    tensor or array above the leaves becomes a list of its items, as torch stores them."""
    root = [data]
    level = [(root, 0)]
    for _d in range(depth):
        following = []
        for holder, i in level:
            items = list(holder[i])
            holder[i] = items
            following.extend((items, j) for j in range(len(items)))
        level = following
    return root[0]


def diagnose(data, dtype=None):
    """Raise torch's error for data that cannot become a tensor; else return its sizes and
    its dtype.  With a dtype given, torch infers
    nothing: each value must be storable in it."""
    if isinstance(data, np.ndarray):
        return list(data.shape), dtype
    if isinstance(data, (str, bytes)):
        raise TypeError(_("new(): invalid data type '{t}'").format(t=_type_name(data)))
    sizes = _sizes(data)
    if dtype is None:
        dtype = _infer(data)
    kind = "float" if dtype.is_floating_point else "int"
    if 0 in sizes:
        return sizes, dtype
    stack = [(data, 0)]                      # depth first, in order, as torch stores
    while stack:
        obj, dim = stack.pop()
        if dim == len(sizes):
            _store_check(obj, kind)
            continue
        if isinstance(obj, _tensor_class()) and not obj._data.ndim:
            raise TypeError(_("not a sequence"))
        try:               # anything iterable (a tensor: its rows; a dict: its keys), as
            items = list(obj)                # Python's PySequence_Fast, which torch uses
        except TypeError:
            raise TypeError(_("not a sequence")) from None
        if len(items) != sizes[dim]:
            raise ValueError(_("expected sequence of length {n} at dim {d} (got {g})")
                             .format(n=sizes[dim], d=dim, g=len(items)))
        stack.extend((item, dim + 1) for item in reversed(items))
    return sizes, dtype
