"""A small, safe expression language for the chain-rule explorer.

``build(text, names)`` reads an expression a learner typed (ASCII or Bengali digits ০-৯), checks
it against an allow-list and evaluates it with autograd_bn, so that the result has a graph.
Nothing is passed to ``eval``: the text is parsed with ``ast`` and walked by hand (iteratively).
Allowed: numbers, the given tensor names, + - * / ** @, unary minus, parentheses and calls of
FUNCTIONS with positional arguments.  Everything else (attribute access, subscripts, dunder
names, lambdas, comprehensions, keywords, strings, imports, statements) is refused with an
``ExpressionError`` whose message is in the language of ``set_language``; so are expressions
that would take too long: an exponent larger than MAX_EXPONENT in absolute value, a result
larger than MAX_ELEMENTS elements, more than MAX_NODES operations, more than MAX_LENGTH
characters.  Refusing or failing changes nothing: no tensor is modified.
"""
import ast
import math

import numpy as np

import autograd_bn as torch

from ...i18n import _
from ...tensor import Tensor

BENGALI_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
MAX_LENGTH, MAX_NODES, MAX_EXPONENT, MAX_ELEMENTS = 500, 200, 100, 1_000_000
FUNCTIONS = ("exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "sum",
             "mean")

E_EMPTY = "Type an expression, for example (x + 2) * (x + 2) * 3."
E_SYNTAX = "This is not an expression I can read: {detail}"
E_TOO_LONG = "The expression is too long: at most {n} characters."
E_TOO_MANY = "The expression is too large: at most {n} operations."
E_NOT_ALLOWED = ("“{what}” is not allowed here. You may use numbers, the names {names}, "
                 "+ - * / ** @, parentheses and the functions {functions}.")
E_DUNDER = "Names with double underscores, like {name}, are not allowed."
E_UNKNOWN = "Unknown name {name}. You may use the names {names} and the functions {functions}."
E_CALL = "{name} is a function: call it with parentheses, like {name}(x)."
E_NOT_CALLABLE = "{name} is a tensor, not a function: it cannot be called."
E_ARGS = "{name} takes exactly one argument."
E_EXPONENT = "The exponent {value} is too large: at most {n} in absolute value."
E_SIZE = "The result would have {n} elements: at most {limit} are allowed."
E_NUMBER = "The number {text} is too large."
E_FAILED = "The expression could not be computed: {detail}"
E_NO_GRAPH = "The result has no graph: use at least one of the names {names}."

OPS = {ast.Add: "__add__", ast.Sub: "__sub__", ast.Mult: "__mul__", ast.Div: "__truediv__",
       ast.Pow: "__pow__", ast.MatMult: "__matmul__"}
SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**",
          ast.MatMult: "@"}
# what a refused node is called in the message
WHAT = {ast.Attribute: ".", ast.Subscript: "[ ]", ast.Lambda: "lambda", ast.Compare: "==",
        ast.BoolOp: "and / or", ast.IfExp: "if … else", ast.Dict: "{ }", ast.Set: "{ }",
        ast.List: "[ ]", ast.Tuple: ",", ast.ListComp: "[ … for … ]",
        ast.SetComp: "{ … for … }", ast.DictComp: "{ … for … }",
        ast.GeneratorExp: "( … for … )", ast.Starred: "*", ast.NamedExpr: ":=",
        ast.JoinedStr: "f'…'", ast.Await: "await", ast.Yield: "yield",
        ast.YieldFrom: "yield"}


class ExpressionError(ValueError):
    """An expression that was refused or failed; ``str()`` is the translated message."""


def _fail(message, **fields):
    raise ExpressionError(_(message).format(**fields))


def _names_text(names):
    return ", ".join(sorted(names)) or "—"


def parse(text, names):
    """The checked ast of ``text`` (Bengali digits read as ASCII)."""
    if not isinstance(text, str) or not text.strip():
        _fail(E_EMPTY)
    if len(text) > MAX_LENGTH:
        _fail(E_TOO_LONG, n=MAX_LENGTH)
    source = text.translate(BENGALI_DIGITS).strip()
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        _fail(E_SYNTAX, detail=exc.msg)
    except (ValueError, RecursionError, MemoryError):
        _fail(E_TOO_MANY, n=MAX_NODES)
    count = 0
    allowed = {"names": _names_text(names), "functions": ", ".join(FUNCTIONS)}
    for node in ast.walk(tree):
        count += 1
        if count > MAX_NODES:
            _fail(E_TOO_MANY, n=MAX_NODES)
        _check(node, names, allowed)
    return tree


def _check(node, names, allowed):
    if isinstance(node, (ast.Expression, ast.Load, ast.operator, ast.unaryop)):
        if isinstance(node, ast.operator) and type(node) not in OPS:
            _fail(E_NOT_ALLOWED, what=type(node).__name__, **allowed)
        if isinstance(node, ast.unaryop) and not isinstance(node, (ast.USub, ast.UAdd)):
            _fail(E_NOT_ALLOWED, what=type(node).__name__, **allowed)
        return
    if isinstance(node, (ast.BinOp, ast.UnaryOp)):
        return
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            _fail(E_NOT_ALLOWED, what=repr(v)[:20], **allowed)
        return
    if isinstance(node, ast.Name):
        if node.id.startswith("__") or node.id.endswith("__"):
            _fail(E_DUNDER, name=node.id)
        if node.id not in names and node.id not in FUNCTIONS:
            _fail(E_UNKNOWN, name=node.id, **allowed)
        return
    if isinstance(node, ast.Call):
        f = node.func
        if not isinstance(f, ast.Name):
            _fail(E_NOT_ALLOWED, what=WHAT.get(type(f), type(f).__name__), **allowed)
        if f.id.startswith("__"):
            _fail(E_DUNDER, name=f.id)
        if f.id in names and f.id not in FUNCTIONS:
            _fail(E_NOT_CALLABLE, name=f.id)
        if f.id not in FUNCTIONS:
            _fail(E_UNKNOWN, name=f.id, **allowed)
        if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            _fail(E_ARGS, name=f.id)
        return
    what = WHAT.get(type(node), type(node).__name__)
    if isinstance(node, ast.Attribute) and node.attr.startswith("__"):
        _fail(E_DUNDER, name=node.attr)
    _fail(E_NOT_ALLOWED, what=what, **allowed)


def _size(a, b):
    """The number of elements of a broadcast (or matrix) result, or None if unknown."""
    try:
        shapes = [tuple(np.shape(getattr(v, "_data", v))) for v in (a, b)]
        return int(np.prod(np.broadcast_shapes(*shapes), dtype=np.float64))
    except ValueError:
        return None


def evaluate(tree, names):
    """Evaluate a checked tree with autograd_bn; returns the result (a Tensor or number)."""
    functions = {name: getattr(torch, name) for name in FUNCTIONS}
    stack, results = [(tree.body, False)], []
    while stack:
        node, ready = stack.pop()
        if isinstance(node, ast.Constant):
            if isinstance(node.value, int) and abs(node.value) > 10 ** 15:
                _fail(E_NUMBER, text=str(node.value)[:20])
            results.append(float(node.value) if isinstance(node.value, int) else node.value)
        elif isinstance(node, ast.Name):
            results.append(names[node.id])
        elif not ready:
            stack.append((node, True))
            kids = [node.left, node.right] if isinstance(node, ast.BinOp) else \
                [node.operand] if isinstance(node, ast.UnaryOp) else node.args
            stack.extend((k, False) for k in reversed(kids))
        elif isinstance(node, ast.UnaryOp):
            v = results.pop()
            results.append(-v if isinstance(node.op, ast.USub) else v)
        elif isinstance(node, ast.Call):
            results.append(_call(functions[node.func.id], results.pop()))
        else:
            b, a = results.pop(), results.pop()
            results.append(_binary(node.op, a, b))
    return results[0]


def _call(fn, v):
    return fn(v if isinstance(v, torch.Tensor) else torch.tensor(float(v)))


def _binary(op, a, b):
    if isinstance(op, ast.Pow) and not hasattr(b, "_data"):
        if not math.isfinite(b) or abs(b) > MAX_EXPONENT:
            _fail(E_EXPONENT, value=f"{b:g}", n=MAX_EXPONENT)
    if isinstance(op, ast.Pow) and hasattr(b, "_data"):
        big = np.abs(b._data[np.isfinite(b._data)]) if b._data.size else np.zeros(0)
        if big.size and float(big.max()) > MAX_EXPONENT:
            _fail(E_EXPONENT, value=f"{float(big.max()):g}", n=MAX_EXPONENT)
    if isinstance(op, ast.MatMult):
        n = None
    else:
        n = _size(a, b)
    if n is not None and n > MAX_ELEMENTS:
        _fail(E_SIZE, n=n, limit=MAX_ELEMENTS)
    if not hasattr(a, "_data") and not hasattr(b, "_data"):
        try:
            with np.errstate(all="raise"):
                return float(getattr(np.float64(a), OPS[type(op)])(np.float64(b)))
        except (FloatingPointError, ZeroDivisionError, OverflowError) as exc:
            _fail(E_FAILED, detail=str(exc))
    return getattr(a, OPS[type(op)])(b) if hasattr(a, "_data") else \
        getattr(b, "__r" + OPS[type(op)][2:])(a)


def build(text, names):
    """(the tree, the result tensor) of an expression over the tensors ``names`` {name: t}."""
    tree = parse(text, names)
    try:
        result = evaluate(tree, names)
    except ExpressionError:
        raise
    except Exception as exc:                     # noqa: BLE001 - torch's own message, shown
        _fail(E_FAILED, detail=str(exc))
    if not isinstance(result, Tensor) or result.grad_fn is None:
        _fail(E_NO_GRAPH, names=_names_text(names))
    return tree, result
