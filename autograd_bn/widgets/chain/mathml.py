"""The LaTeX of the chain-rule explorer as MathML Core, for pages without MathJax.

In a notebook the front end typesets the formulas (ipywidgets HTMLMath); the static page has
no network and ships no TeX engine, so its formulas are converted here, once, into MathML,
which browsers draw themselves.  Only the small subset of LaTeX that
``autograd_bn.ops.derivatives_tex`` and the explorer write is understood; anything else raises
``MathError`` (a test converts every formula of the table, so a new formula with a command
this module does not know fails there, not on a reader's screen).  Iterative throughout.
"""
import html
import re

TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[0-9\u09e6-\u09ef]+(?:\.[0-9\u09e6-\u09ef]+)?|\s+|.", re.S)
TEXT_COMMANDS = {"mathrm", "operatorname", "text", "mathbb", "mathbf"}
ARITY = {"frac": 2, "tfrac": 2, "sqrt": 1, "bar": 1}
IDENTIFIERS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ",
    "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ", "phi": "φ", "ell": "ℓ",
    "partial": "∂", "infty": "∞", "ln": "ln", "log": "log", "exp": "exp", "sin": "sin",
    "cos": "cos", "tanh": "tanh", "max": "max", "min": "min", "sinh": "sinh", "cosh": "cosh",
    "arctan": "arctan", "arcsin": "arcsin", "arccos": "arccos", "bmod": "mod",
}
OPERATORS = {
    "cdot": "⋅", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
    "neq": "≠", "leftarrow": "←", "rightarrow": "→", "to": "→", "top": "⊤", "odot": "⊙",
    "ldots": "…", "cdots": "⋯", "dots": "…", "sum": "∑", "|": "‖", "{": "{", "}": "}",
    "approx": "≈", "in": "∈", "mid": "∣", "lVert": "‖", "rVert": "‖", "lfloor": "⌊",
    "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
}
SPACES = {",": "0.1667em", ";": "0.2778em", ":": "0.2222em", "quad": "1em", " ": "0.25em"}
DOUBLE_STRUCK = {"1": "𝟙", "R": "ℝ"}
BOLD = {"1": "𝟏", "0": "𝟎"}


class MathError(ValueError):
    """LaTeX this converter does not understand."""


class _Group:
    __slots__ = ("kind", "items", "open")

    def __init__(self, kind, open_=""):
        self.kind, self.items, self.open = kind, [], open_


def _tokens(tex):
    """Tokens; a text command takes its braced argument as raw text: ("text", cmd, words)."""
    out, pos = [], 0
    for m in TOKEN.finditer(tex):
        if m.start() < pos:
            continue
        tok = m.group()
        if tok[:1] == "\\" and tok[1:] in TEXT_COMMANDS:
            start = tex.find("{", m.end())
            end = tex.find("}", start)
            if start < 0 or end < 0 or tex[m.end():start].strip():
                raise MathError(f"{tok} needs a braced argument")
            out.append(("text", tok[1:], tex[start + 1:end].replace("\\_", "_")))
            pos = end + 1
        elif not tok.isspace():
            out.append(tok)
    return out


def _parse(tex):
    """The token tree: groups for {...}, \\left...\\right and \\begin{pmatrix}...\\end."""
    toks = _tokens(tex)
    root = _Group("root")
    stack = [root]
    i = 0
    while i < len(toks):
        tok = toks[i]
        top = stack[-1]
        if tok == "{":
            g = _Group("brace")
            top.items.append(g)
            stack.append(g)
        elif tok == "}":
            if top.kind != "brace":
                raise MathError("unbalanced }")
            stack.pop()
        elif tok == "\\left":
            i += 1
            g = _Group("left", _delimiter(toks, i))
            top.items.append(g)
            stack.append(g)
        elif tok == "\\right":
            i += 1
            if top.kind != "left":
                raise MathError("\\right without \\left")
            top.items.append(("close", _delimiter(toks, i)))
            stack.pop()
        elif tok in ("\\begin", "\\end"):
            end = toks.index("}", i) if "}" in toks[i:] else len(toks)
            name = "".join(t for t in toks[i + 1:end + 1] if isinstance(t, str))
            if name != "{pmatrix}":
                raise MathError(f"unknown environment {name}")
            i = end
            if tok == "\\begin":
                g = _Group("matrix")
                top.items.append(g)
                stack.append(g)
            elif top.kind != "matrix":
                raise MathError("\\end without \\begin")
            else:
                stack.pop()
        else:
            top.items.append(tok)
        i += 1
    if len(stack) != 1:
        raise MathError("unbalanced braces or \\left/\\right")
    return root


def _delimiter(toks, i):
    if i >= len(toks) or not isinstance(toks[i], str):
        raise MathError("a delimiter must follow \\left or \\right")
    d = toks[i]
    return {"\\{": "{", "\\}": "}", "\\|": "‖", ".": "", "\\lfloor": "⌊",
            "\\rfloor": "⌋"}.get(d, d)


def _leaf(tok):
    """MathML for one token that is not a group."""
    if isinstance(tok, tuple) and tok[0] == "text":
        _k, cmd, words = tok
        if cmd == "text":
            return f"<mtext>{html.escape(words)}</mtext>"
        if cmd == "mathbb":
            return f"<mi>{html.escape(''.join(DOUBLE_STRUCK.get(c, c) for c in words))}</mi>"
        if cmd == "mathbf":
            return f"<mn>{html.escape(''.join(BOLD.get(c, c) for c in words))}</mn>"
        variant = ' mathvariant="normal"' if len(words) == 1 else ""
        return f"<mi{variant}>{html.escape(words)}</mi>"
    if tok[:1] == "\\":
        name = tok[1:]
        if name in IDENTIFIERS:
            return f"<mi>{IDENTIFIERS[name]}</mi>"
        if name in OPERATORS:
            large = ' largeop="false"' if name == "sum" else ""
            return f"<mo{large}>{html.escape(OPERATORS[name])}</mo>"
        if name in SPACES:
            return f'<mspace width="{SPACES[name]}"/>'
        raise MathError(f"unknown command \\{name}")
    if tok[0].isdigit() or "\u09e6" <= tok[0] <= "\u09ef":
        return f"<mn>{tok}</mn>"
    if tok.isalpha():
        return f"<mi>{html.escape(tok)}</mi>"
    if tok in "^_&":
        raise MathError(f"misplaced {tok}")
    return f"<mo>{html.escape({'-': '−', '*': '∗'}.get(tok, tok))}</mo>"


def _row(parts):
    return parts[0] if len(parts) == 1 else "<mrow>" + "".join(parts) + "</mrow>"


def _linear(items):
    """MathML of a group's items whose subgroups are converted already (strings marked
    ("ml", text)); returns a list of MathML pieces, with "&" and "\\\\" kept for matrices."""
    out, i = [], 0

    def atom(k):
        if k >= len(items):
            raise MathError("a command is missing its argument")
        it = items[k]
        if isinstance(it, tuple) and it[0] == "ml":
            return it[1]
        if it in ("&", "\\\\", "^", "_") or (isinstance(it, tuple) and it[0] == "close"):
            raise MathError("a command is missing its argument")
        return _leaf(it)

    while i < len(items):
        it = items[i]
        if isinstance(it, tuple) and it[0] == "ml":
            out.append(it[1])
        elif isinstance(it, tuple) and it[0] == "close":
            out.append(f"<mo>{html.escape(it[1])}</mo>" if it[1] else "")
        elif it in ("&", "\\\\"):
            out.append(it)
        elif it in ("^", "_"):
            base = out.pop() if out and out[-1] not in ("&", "\\\\") else "<mrow></mrow>"
            script = atom(i + 1)
            i += 1
            other = "_" if it == "^" else "^"
            if i + 1 < len(items) and items[i + 1] == other:
                second = atom(i + 2)
                i += 2
                sub, sup = (script, second) if it == "_" else (second, script)
                out.append(f"<msubsup>{base}{sub}{sup}</msubsup>")
            else:
                out.append(f"<m{'sup' if it == '^' else 'sub'}>{base}{script}</m"
                           f"{'sup' if it == '^' else 'sub'}>")
        elif isinstance(it, str) and it[1:] in ARITY and it[:1] == "\\":
            name = it[1:]
            args = [atom(i + 1 + k) for k in range(ARITY[name])]
            i += ARITY[name]
            if name in ("frac", "tfrac"):
                style = ' displaystyle="false"' if name == "tfrac" else ""
                out.append(f"<mfrac{style}>{args[0]}{args[1]}</mfrac>")
            elif name == "sqrt":
                out.append(f"<msqrt>{args[0]}</msqrt>")
            else:
                out.append(f'<mover accent="true">{args[0]}<mo>¯</mo></mover>')
        else:
            out.append(_leaf(it))
        i += 1
    return out


def _matrix(parts):
    rows, row, cell = [], [], []
    for p in parts + ["\\\\"]:
        if p in ("&", "\\\\"):
            row.append("<mtd>" + "".join(cell) + "</mtd>")
            cell = []
            if p == "\\\\":
                rows.append("<mtr>" + "".join(row) + "</mtr>")
                row = []
        else:
            cell.append(p)
    return "<mrow><mo>(</mo><mtable>" + "".join(rows) + "</mtable><mo>)</mo></mrow>"


def to_mathml(tex, display=False):
    """``tex`` as a ``<math>`` element (MathML Core)."""
    root = _parse(tex)
    # post-order without recursion: a group is converted once all its subgroups are
    stack, done = [(root, False)], {}
    while stack:
        g, visited = stack.pop()
        if not visited:
            stack.append((g, True))
            stack.extend((it, False) for it in g.items if isinstance(it, _Group))
            continue
        items = [("ml", done.pop(id(it))) if isinstance(it, _Group) else it for it in g.items]
        parts = _linear(items)
        if g.kind == "matrix":
            done[id(g)] = _matrix(parts)
            continue
        if "&" in parts or "\\\\" in parts:
            raise MathError("& or \\\\ outside a matrix")
        if g.kind == "left":
            opening = f"<mo>{html.escape(g.open)}</mo>" if g.open else ""
            done[id(g)] = "<mrow>" + opening + "".join(parts) + "</mrow>"
        else:
            done[id(g)] = _row(parts) if parts else "<mrow></mrow>"
    mode = ' display="block"' if display else ""
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML"{mode}>{done[id(root)]}</math>'
