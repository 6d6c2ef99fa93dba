"""Run NumPy without its floating-point warnings, as torch computes: inf * 0 is NaN, 1e38 * 10
is inf, inf - inf is NaN, silently.

``np.errstate(all="ignore")`` does this but costs about as much as a small elementwise op, so
``call`` sets NumPy's error-state context variable directly (what errstate does inside, in
NumPy 2), falling back to errstate where that variable is not there.  The state is per thread
and per context, as errstate's.
"""
import numpy as np

try:
    from numpy._core._ufunc_config import _extobj_contextvar as _STATE
    with np.errstate(all="ignore"):
        _IGNORE = _STATE.get()
except (ImportError, AttributeError):      # another NumPy: the public, slower way
    _STATE = None


# For the hottest callers (the binary ops, the backward pass), which set the state inline
# (one call less): ``token = STATE.set(IGNORE)`` ... ``STATE.reset(token)``; STATE is None
# where NumPy has no such variable (use ``call`` or ``Quiet`` then).
STATE = _STATE
IGNORE = _IGNORE if _STATE is not None else None


def call(kernel, *args):
    """kernel(*args) with NumPy's floating-point warnings off."""
    if _STATE is None:
        with np.errstate(all="ignore"):
            return kernel(*args)
    token = _STATE.set(_IGNORE)
    try:
        return kernel(*args)
    finally:
        _STATE.reset(token)


class Quiet:
    """The same as a context manager (for longer stretches: a backward pass)."""
    __slots__ = ("_token", "_errstate")

    def __enter__(self):
        if _STATE is None:
            self._errstate = np.errstate(all="ignore")
            self._errstate.__enter__()
        else:
            self._token = _STATE.set(_IGNORE)
        return self

    def __exit__(self, *exc):
        if _STATE is None:
            self._errstate.__exit__(*exc)
        else:
            _STATE.reset(self._token)
