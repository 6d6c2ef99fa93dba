"""Grad mode: whether operations record the graph (`no_grad`, `enable_grad`, ...).

As in PyTorch, the autograd state is per thread: each thread starts with grad mode on, and
`no_grad` in one thread (or a backward pass running there) leaves the others alone.
Each manager works both as a context manager and as a decorator, with or without (), also on
generator functions (grad mode is then set around each step of the generator).
"""
import functools
import inspect
import threading

from ..i18n import _


class _GradMode(threading.local):
    """Per-thread: whether operations record the graph."""
    enabled = True


class _InFormula(threading.local):
    """Per-thread: True while the engine runs backward formulas under create_graph."""
    active = False


GradMode = _GradMode()
InFormula = _InFormula()


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
        if inspect.isgeneratorfunction(func):
            return _generator_wrapper(func, self.clone)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return wrapper

    def clone(self):
        return self.__class__()


def _generator_wrapper(func, make_manager):
    """Wrap a generator function so that each of its steps runs under a fresh manager (the
    caller's grad mode is back in force whenever the generator yields)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        gen = func(*args, **kwargs)
        try:
            with make_manager():
                request = gen.send(None)
            while True:
                try:
                    sent = yield request
                except GeneratorExit:
                    with make_manager():
                        gen.close()
                    raise
                except BaseException as exc:     # thrown in by the caller
                    with make_manager():
                        request = gen.throw(exc)
                else:
                    with make_manager():
                        request = gen.send(sent)
        except StopIteration as stop:
            return stop.value
    return wrapper


class no_grad(_GradModeManager):
    """Operations inside record no graph: results have requires_grad=False."""
    _target = False


class enable_grad(_GradModeManager):
    """Turn graph recording back on inside a no_grad block."""
    _target = True


class set_grad_enabled:
    """Set grad mode now; used as a context manager, restore the old mode on exit."""

    def __init__(self, mode):
        if mode.__class__ is not bool:
            raise TypeError(_("set_grad_enabled(): argument 'enabled' (position 1) must be bool, "
                              "not {type}").format(type=type(mode).__name__))
        self._prev = GradMode.enabled
        self.mode = mode
        GradMode.enabled = mode

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        GradMode.enabled = self._prev
        return False

    def __call__(self, func):
        GradMode.enabled = self._prev
        mode = self.mode
        if inspect.isgeneratorfunction(func):
            return _generator_wrapper(func, lambda: set_grad_enabled(mode))

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

    def clone(self):
        """A new manager of the same mode (used when decorating a function)."""
        return self.__class__(not self._target)
