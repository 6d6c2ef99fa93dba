"""Turning a learner's answer into something the checker can compare, and running learner code.

Every problem with an answer is raised as `BadAnswer(key, **fields)`, where `key` names a
message of `_messages.MESSAGES`; the checker prints it instead of a traceback.
"""
import re

import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor


class BadAnswer(Exception):
    """The answer cannot be checked: not given yet, of the wrong type, or its code failed."""

    def __init__(self, key, **fields):
        super().__init__(key)
        self.key = key
        self.fields = fields


class LearnerError(Exception):
    """The learner's code raised `error` while the checker ran it."""

    def __init__(self, error):
        super().__init__(repr(error))
        self.error = error


def _blank():
    pass


_BLANK_CODE = _blank.__code__.co_code


def is_blank_function(fn):
    """Whether a function's body is only `...` or `pass` (a template not filled in yet)."""
    code = getattr(fn, "__code__", None)
    return code is not None and code.co_code == _BLANK_CODE


def check_given(answer):
    if answer is Ellipsis:
        raise BadAnswer("blank")


def as_values(answer):
    """A number, a (nested) list or tuple of numbers, or a tensor -> float64 array."""
    check_given(answer)
    if isinstance(answer, (bool, np.bool_)) or answer is None or isinstance(answer, str):
        raise BadAnswer("type_values", got=type(answer).__name__)
    if isinstance(answer, Tensor):
        return np.asarray(answer.detach().tolist(), dtype=np.float64)
    if hasattr(answer, "tolist") and not isinstance(answer, (list, tuple)):
        answer = answer.tolist()      # a NumPy array, or a tensor of another library
    try:
        values = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise BadAnswer("type_values", got=type(answer).__name__) from None
    if values.dtype == object:
        raise BadAnswer("type_values", got=type(answer).__name__)
    return values


def as_shape(answer):
    """A shape: torch.Size, a tuple or list of whole numbers."""
    check_given(answer)
    if isinstance(answer, (list, tuple)) and all(
            isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in answer):
        return tuple(int(n) for n in answer)
    raise BadAnswer("type_shape", got=type(answer).__name__)


_NODE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def as_printed_name(answer):
    """What `print(t.grad_fn)` shows, reduced to the node's class name, or None.

    Accepted: the name as a string ("MulBackward0", "<MulBackward0 object at 0x...>"),
    None or "None", or the grad_fn object itself.  Numbers (a learner who expects a gradient
    where print shows None) come back as an array, for the diagnoses to recognise.
    """
    check_given(answer)
    if answer is None:
        return None
    if isinstance(answer, str):
        m = _NODE.search(answer.strip().lstrip("<"))
        if m is None:
            raise BadAnswer("type_name", got=repr(answer))
        return None if m.group(0) == "None" else m.group(0)
    if isinstance(answer, (int, float, list, tuple, Tensor, np.ndarray)) and \
            not isinstance(answer, bool) or hasattr(answer, "tolist"):
        try:
            return as_values(answer)          # numbers where print shows something else
        except BadAnswer:
            raise BadAnswer("type_name", got=type(answer).__name__) from None
    if type(answer).__name__.endswith("Backward") or "Backward" in type(answer).__name__:
        return type(answer).__name__          # the grad_fn object itself
    raise BadAnswer("type_name", got=type(answer).__name__)


def as_function(answer):
    """A function the learner wrote (not filled in yet: BadAnswer("blank"))."""
    check_given(answer)
    if isinstance(answer, type) or not callable(answer):
        raise BadAnswer("type_function", got=type(answer).__name__)
    if is_blank_function(answer):
        raise BadAnswer("blank")
    return answer


def as_function_class(answer):
    """A subclass of torch.autograd.Function with forward and backward written."""
    check_given(answer)
    if not (isinstance(answer, type) and issubclass(answer, Function)):
        raise BadAnswer("type_class", got=getattr(answer, "__name__", type(answer).__name__))
    methods = [answer.__dict__.get(name) for name in ("forward", "backward")]
    methods = [getattr(m, "__func__", m) for m in methods]
    if all(m is None or is_blank_function(m) for m in methods):
        raise BadAnswer("blank")
    return answer


def run_learner(fn, *args):
    """Call the learner's code; any exception it raises becomes a LearnerError."""
    try:
        return fn(*args)
    except Exception as error:   # noqa: BLE001 - the learner's error is reported, not raised
        raise LearnerError(error) from None


def same(a, b):
    """Whether two observations agree: None, names, shapes, or numbers to about 3 digits
    (a different shape, or anything that is not numbers, never agrees with numbers)."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (str, tuple)) or isinstance(b, (str, tuple)):
        return type(a) is type(b) and a == b
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-3, atol=1e-3))
