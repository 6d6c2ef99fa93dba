"""Grad mode: whether operations record the graph (`no_grad`, `enable_grad`, ...).

The flag is process-wide (PyTorch's is per thread; a tutorial runs one thread).
Each manager works both as a context manager and as a decorator, with or without ().
"""
import functools


class GradMode:
    enabled = True


def is_grad_enabled():
    """True when operations record the graph (outside no_grad)."""
    return GradMode.enabled


class _GradModeManager:
    _target = True

    def __new__(cls, func=None):
        self = super().__new__(cls)
        self._prev = []
        if callable(func):            # used bare: @no_grad
            return self(func)
        return self

    def __init__(self, func=None):
        pass

    def __enter__(self):
        self._prev.append(GradMode.enabled)
        GradMode.enabled = self._target

    def __exit__(self, *exc):
        GradMode.enabled = self._prev.pop()
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return func(*args, **kwargs)
        return wrapper

    def clone(self):
        return self.__class__()


class no_grad(_GradModeManager):
    """Operations inside record no graph: results have requires_grad=False."""
    _target = False


class enable_grad(_GradModeManager):
    """Turn graph recording back on inside a no_grad block."""
    _target = True


class set_grad_enabled:
    """Set grad mode now; used as a context manager, restore the old mode on exit."""

    def __init__(self, mode):
        self._prev = GradMode.enabled
        self.mode = bool(mode)
        GradMode.enabled = self.mode

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        GradMode.enabled = self._prev
        return False

    def __call__(self, func):
        GradMode.enabled = self._prev
        mode = self.mode

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return func(*args, **kwargs)
        return wrapper


class inference_mode(no_grad):
    """Accepted for compatibility; behaves as no_grad."""

    def __new__(cls, mode=True):
        if callable(mode):
            return no_grad.__new__(cls, mode)
        self = super().__new__(cls)
        self._target = not mode
        return self
