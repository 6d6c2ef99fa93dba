"""The numbers behind JacobianExplorer and VJPExplorer, without any widget (the tests call it).

``Evaluator`` runs f once at x and then gives rows of the Jacobian (one ``autograd.grad`` with
a one-hot vector each) and columns of its finite-difference estimate (two calls of f each) on
demand, each computed once.  A widget therefore asks only for what it shows: the whole
Jacobian when it is small, else a block of it and a sample of rows for an overview.

Limits (see ``MAX_ELEMENTS``): x and y = f(x) have at most 10,000 elements each.  One
backward pass of the ready-made functions costs about 0.05 ms at 10,000 elements and 1-2 ms at
100,000, and an explorer's move needs about 60 of them, so 10,000 keeps a move well under
100 ms with room for slower functions.  A table shows at most ``TABLE`` x ``TABLE`` numbers.
"""
import numpy as np

import autograd_bn as torch
from ..autograd.engine import grad
from ..autograd.grad_mode import enable_grad, no_grad
from ..tensor import Tensor
from ..i18n import _
from . import _common as C

MAX_ELEMENTS = 10_000      # of x and of y = f(x)
FULL_ENTRIES = 1_000_000   # evaluate() computes the whole Jacobian up to this many entries
TABLE = 10                 # the whole Jacobian as a table up to TABLE x TABLE, else a block
BLOCK = 8                  # the block shown of a larger Jacobian: BLOCK x BLOCK
OVERVIEW = 48              # the overview picture: up to OVERVIEW sampled rows x column bins

E_CALL = "The function raised {type}: {message}"
E_NOT_TENSOR = "The function must return one tensor, but it returned {type}."
E_NOT_CALLABLE = "f must be a function of one tensor, not {type}."
E_EMPTY = "The function returned a tensor with no elements."
E_NO_GRAD = ("The output does not require grad: it was not computed from x by differentiable "
             "operations (for example through .detach(), .data or a new tensor), so autograd "
             "has no Jacobian to give.")
E_X_NAN = "x contains NaN or infinity ({name} = {value}): give it a finite value."
E_X_EMPTY = "x has no elements: give at least one number."
E_X_NUMBERS = "x must be a tensor or numbers, not {type}."
E_X_TOO_BIG = ("x has {n} elements, more than the {limit} this explorer can show: try a "
               "smaller x, for example x[:{limit}].")
E_Y_TOO_BIG = ("f(x) has {n} elements, more than the {limit} this explorer can show: try a "
               "smaller x or a function with fewer outputs.")
E_Y_NAN = "y = f(x) contains NaN or infinity at this x: the function is not defined here."
E_J_NAN = ("The Jacobian contains NaN or infinity at this x: the function is not "
           "differentiable here.")
E_FD_SHAPE = ("At a nearby point the function returned shape {other} instead of {shape}: its "
              "output shape must not depend on the value of x.")
E_FD_FAIL = "Finite differences failed: {message}"


class Evaluation:
    """What the explorers show for one x: arrays are NumPy, flattened to vectors/matrices.

    ``jacobian`` and ``fd`` hold the rows ``rows`` and columns ``cols`` of the m x n Jacobian
    (``size`` = (m, n)): all of them when it is small.  ``max_pos`` is (row, column) in the
    whole Jacobian.  ``overview``: the largest entry of each block of columns in the rows
    ``overview_rows``; the blocks start at ``overview_cols``."""
    x = y = jacobian = fd = None
    rows = cols = overview = overview_rows = overview_cols = None
    size = (0, 0)
    y_shape = ()
    max_diff = None
    max_pos = None
    agree = None
    error = None            # a message: nothing (or only x) can be shown
    note = None             # a message shown next to the results

    def __repr__(self):
        return f"Evaluation(error={self.error!r}, agree={self.agree!r})"


def _raised(exc):
    """The message for an exception raised by the user's function."""
    return _(E_CALL).format(type=type(exc).__name__, message=exc)


def as_input(values, dtype=None, shape=None):
    """x as a NumPy array (float64 unless ``dtype``), or raise ValueError with a message."""
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")                 # complex -> float drops a part
            x = np.asarray(values, dtype=dtype or np.float64)
        return x if shape is None else x.reshape(shape)
    except Exception:                                      # noqa: BLE001 - reported
        raise ValueError(_(E_X_NUMBERS).format(type=type(values).__name__)) from None


def check_x(x_np, bengali=False):
    """The message for an x the explorers cannot use (None if it is fine)."""
    if x_np.size == 0:
        return _(E_X_EMPTY)
    if x_np.size > MAX_ELEMENTS:
        return _(E_X_TOO_BIG).format(n=C.to_digits(x_np.size, bengali),
                                     limit=C.to_digits(MAX_ELEMENTS, bengali))
    flat = x_np.reshape(-1)
    bad = np.flatnonzero(~np.isfinite(flat))
    if bad.size:
        return _(E_X_NAN).format(name=C.sub("x", int(bad[0])), value=C.fmt(flat[bad[0]], bengali))
    return None


def _call(f, x):
    """f(x) with NumPy's warnings silenced; an exception becomes a message."""
    try:
        with np.errstate(all="ignore"):
            y = f(x)
    except Exception as exc:                              # noqa: BLE001 - shown to the user
        return None, _raised(exc)
    if not isinstance(y, Tensor):
        return None, _(E_NOT_TENSOR).format(type=type(y).__name__)
    if y.numel() == 0:
        return None, _(E_EMPTY)
    return y, None


def fd_step(dtype):
    return 1e-3 if np.dtype(dtype).itemsize <= 4 else 1e-6


def tolerance(dtype, scale):
    return (1e-2 if np.dtype(dtype).itemsize <= 4 else 1e-6) * (1.0 + scale)


class Evaluator:
    """f at one finite x: y once, then Jacobian rows and finite-difference columns on demand.

    ``error`` says why nothing can be computed.  ``rows`` / ``fd_columns`` raise
    ``Failed`` (its message for the user) when f or its backward fails."""

    def __init__(self, f, x_np, bengali=False):
        self.f, self.x_np, self.error = f, x_np, None
        self._rows, self._cols, self._onehot = {}, {}, None
        self.x = torch.from_numpy(x_np.copy()).requires_grad_(True)
        self.y = None
        if not callable(f):
            self.error = _(E_NOT_CALLABLE).format(type=type(f).__name__)
            return
        with enable_grad():
            y, self.error = _call(f, self.x)
        if self.error:
            return
        self.y_shape = tuple(y.shape)
        self.y_np = y.detach().numpy().astype(np.float64).reshape(-1)
        self.m, self.n = y.numel(), x_np.size
        if self.m > MAX_ELEMENTS:
            self.error = _(E_Y_TOO_BIG).format(n=C.to_digits(self.m, bengali),
                                               limit=C.to_digits(MAX_ELEMENTS, bengali))
        elif not y.requires_grad:
            self.error = _(E_NO_GRAD)
        elif not np.all(np.isfinite(self.y_np)):
            self.error = _(E_Y_NAN)
        self.y = y

    def rows(self, index):
        """The Jacobian's rows ``index`` (an int array), shape (len(index), n)."""
        missing = [int(i) for i in index if int(i) not in self._rows]
        if missing:
            y = self.y
            if self._onehot is None:
                self._onehot = np.zeros(self.m, dtype=y.detach().numpy().dtype)
            onehot = self._onehot
            try:
                with np.errstate(all="ignore"):
                    for i in missing:
                        onehot[:] = 0
                        onehot[i] = 1
                        g, = grad(y, self.x, torch.from_numpy(onehot.reshape(y.shape).copy()),
                                  retain_graph=True, allow_unused=True)
                        self._rows[i] = (np.zeros(self.n) if g is None else
                                         g.numpy().astype(np.float64).reshape(-1))
            except Exception as exc:                      # noqa: BLE001
                raise Failed(_raised(exc)) from None
        return np.array([self._rows[int(i)] for i in index]).reshape(len(index), self.n)

    def fd_columns(self, index):
        """Central finite differences for the columns ``index``, shape (m, len(index))."""
        h = fd_step(self.x_np.dtype)
        flat = self.x_np.reshape(-1)
        for j in (int(j) for j in index):
            if j in self._cols:
                continue
            step = h * max(1.0, abs(float(flat[j])))
            cols = []
            for sign in (1.0, -1.0):
                xp = flat.copy()
                xp[j] += sign * step
                with no_grad():
                    yp, err = _call(self.f, torch.from_numpy(xp.reshape(self.x_np.shape)))
                if err:
                    raise Failed(_(E_FD_FAIL).format(message=err))
                if tuple(yp.shape) != self.y_shape:
                    raise Failed(_(E_FD_SHAPE).format(other=list(yp.shape),
                                                      shape=list(self.y_shape)))
                cols.append(yp.numpy().astype(np.float64).reshape(-1))
            self._cols[j] = (cols[0] - cols[1]) / (2 * step)
        return np.array([self._cols[int(j)] for j in index]).reshape(len(index), self.m).T


class Failed(Exception):
    """A computation the user's function made impossible; ``str()`` is the message."""


def default_index(m, n):
    """All rows and columns if the Jacobian has at most FULL_ENTRIES entries, else the first
    BLOCK of each."""
    if m * n <= FULL_ENTRIES:
        return np.arange(m), np.arange(n)
    return np.arange(min(m, BLOCK)), np.arange(min(n, BLOCK))


def evaluate(f, x_values, shape=None, dtype=None, fd=True, rows=None, cols=None,
             overview=False, evaluator=None, bengali=False):
    """Evaluate f at x: y, the Jacobian by autograd (one ``autograd.grad`` per output with a
    one-hot vector) and, with ``fd``, by central finite differences.

    ``rows`` / ``cols`` choose the part of the Jacobian computed (default: see
    ``default_index``); ``overview`` adds the overview of sampled rows.  ``evaluator``: an
    ``Evaluator`` of f at this x to reuse.  Never raises for a bad function or x: problems are
    returned in ``.error`` / ``.note``.
    """
    res = Evaluation()
    if evaluator is None:
        try:
            x_np = as_input(x_values, dtype, shape)
        except ValueError as exc:
            res.error = str(exc)
            return res
        res.x = x_np.reshape(-1)
        res.error = check_x(x_np, bengali)
        if res.error:
            return res
        evaluator = Evaluator(f, x_np, bengali)
    ev = evaluator
    res.x = ev.x_np.reshape(-1)
    if ev.error:
        res.error = ev.error
        y = getattr(ev, "y_np", None)
        res.y = y if y is not None and y.size <= MAX_ELEMENTS else None
        return res
    res.y_shape, res.y, res.size = ev.y_shape, ev.y_np, (ev.m, ev.n)
    all_rows, all_cols = default_index(ev.m, ev.n)
    res.rows = np.asarray(all_rows if rows is None else rows, dtype=int)
    res.cols = np.asarray(all_cols if cols is None else cols, dtype=int)
    try:
        res.jacobian = ev.rows(res.rows)[:, res.cols]
        if overview:
            _overview(ev, res)
    except Failed as exc:
        res.error, res.jacobian = str(exc), None
        return res
    if not np.all(np.isfinite(res.jacobian)):
        res.note = _(E_J_NAN)
    if fd:
        try:
            res.fd = ev.fd_columns(res.cols)[res.rows]
        except Failed as exc:
            res.note = str(exc)
            return res
        _compare(ev, res)
    return res


def _compare(ev, res):
    diff = np.abs(res.fd - res.jacobian)
    diff[~np.isfinite(diff)] = np.inf
    k = int(np.argmax(diff)) if diff.size else 0
    res.max_diff = float(diff.reshape(-1)[k]) if diff.size else 0.0
    i, j = divmod(k, max(1, res.cols.size))
    res.max_pos = (int(res.rows[i]), int(res.cols[j])) if diff.size else (0, 0)
    finite = np.abs(res.jacobian[np.isfinite(res.jacobian)])
    scale = float(finite.max()) if finite.size else 0.0
    res.agree = bool(res.max_diff <= tolerance(ev.x_np.dtype, scale))


def _overview(ev, res):
    """Up to OVERVIEW evenly spaced rows; in each, the entry of largest size of every block of
    about n / OVERVIEW columns (NaN wins, so that it shows)."""
    m, n = ev.m, ev.n
    sample = np.unique(np.linspace(0, m - 1, min(m, OVERVIEW)).round().astype(int))
    starts = np.unique(np.linspace(0, n, min(n, OVERVIEW) + 1)[:-1].round().astype(int))
    rows = ev.rows(sample)
    with np.errstate(invalid="ignore"):
        hi = np.maximum.reduceat(rows, starts, axis=1)
        lo = np.minimum.reduceat(rows, starts, axis=1)
        res.overview = np.where(np.abs(hi) >= np.abs(lo), hi, lo)
    res.overview[np.isnan(hi) | np.isnan(lo)] = np.nan
    res.overview_rows, res.overview_cols = sample, starts
