"""``RemovableHandle``: what registering a hook returns (torch.utils.hooks.RemovableHandle)."""


class RemovableHandle:
    """``handle.remove()`` (or leaving a ``with handle:`` block) unregisters the hook."""
    __slots__ = ("_hooks", "_hook")

    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self):
        try:
            self._hooks.remove(self._hook)
        except ValueError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
