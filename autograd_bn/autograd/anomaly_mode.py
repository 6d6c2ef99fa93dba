"""Anomaly detection, as ``torch.autograd.detect_anomaly`` / ``set_detect_anomaly``.

While it is on, every node made remembers where in the program it was made (the Python
stack, without the library's own frames).  When a node fails in a backward pass, the error
is preceded by torch's warning "Error detected in MulBackward0. Traceback of forward call
that caused the error: ..." with that stack; with ``check_nan`` a node whose gradients
contain NaN fails with "Function 'DivBackward0' returned nan values in its 0th output.".
As in torch the mode is global (all threads), and ``detect_anomaly`` warns that it is slow.
"""
import os
import traceback
import warnings

from ..i18n import _

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


class _State:
    enabled = False
    check_nan = True


def is_anomaly_enabled():
    """True while anomaly detection is on."""
    return _State.enabled


def is_anomaly_check_nan_enabled():
    """True while anomaly detection also checks gradients for NaN."""
    return _State.check_nan


class detect_anomaly:
    """Context manager that turns anomaly detection on inside its block (and warns, as torch
    does, that it slows everything down)."""

    def __init__(self, check_nan=True):
        self.prev, self.prev_check_nan = _State.enabled, _State.check_nan
        self.check_nan = check_nan
        warnings.warn(_("Anomaly Detection has been enabled. This mode will increase the runtime "
                        "and should only be enabled for debugging."), UserWarning, stacklevel=2)

    def __enter__(self):
        _State.enabled, _State.check_nan = True, self.check_nan

    def __exit__(self, *exc):
        _State.enabled, _State.check_nan = self.prev, self.prev_check_nan
        return False


class set_detect_anomaly:
    """Turn anomaly detection on or off now; as a context manager, only inside its block."""

    def __init__(self, mode, check_nan=True):
        self.prev, self.prev_check_nan = _State.enabled, _State.check_nan
        _State.enabled, _State.check_nan = bool(mode), bool(check_nan)

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        _State.enabled, _State.check_nan = self.prev, self.prev_check_nan
        return False


def forward_trace():
    """The stack of the program's own frames at this point, as traceback prints it."""
    frames = [f for f in traceback.extract_stack()[:-1]
              if not os.path.abspath(f.filename).startswith(_PACKAGE)]
    return "".join(traceback.format_list(frames))


def remember(node):
    """Called for each new node while the mode is on."""
    node._anomaly_trace = forward_trace()


def report(node):
    """torch's warning before the error of a failing node."""
    trace = node.__dict__.get("_anomaly_trace")
    if trace is None:
        return
    warnings.warn(_("Error detected in {name}. Traceback of forward call that caused the "
                    "error:\n{trace}").format(name=node.name(), trace=trace), UserWarning,
                  stacklevel=3)


def check_nan(node, grads):
    """torch's error when a node's gradients hold NaN (outputs counted from 0)."""
    import numpy as np
    for i, g in enumerate(grads):
        if g is None:
            continue
        data = getattr(g, "_data", g)
        if data.dtype.kind == "f" and np.isnan(data).any():
            raise RuntimeError(_("Function '{name}' returned nan values in its {i}th output.")
                               .format(name=node.name(), i=i))
