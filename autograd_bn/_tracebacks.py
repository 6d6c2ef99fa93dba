"""Tracebacks in Jupyter and IPython that end at the learner's own line, as torch's do.

An error from torch is raised in C++, so IPython shows only the line of the notebook that
called it.  An error from autograd_bn is raised in Python, several frames deep inside the
library, and IPython would show all of them.  IPython's own way of hiding a frame, a local
``__tracebackhide__``, never hides the frame that raised, so ``install()`` registers an
exception handler in the running IPython shell instead: it removes the frames of autograd_bn's
modules from the traceback it shows and leaves everything else to IPython's formatting (the
``%xmode`` modes, colours, ``%pdb``).  ``%debug`` and ``%tb`` still get the whole traceback.

The full traceback, library frames included, comes back with IPython's switch for hidden
frames, ``%xmode --show`` (``%xmode --hide`` hides them again), or for a whole session with
the environment variable ``AUTOGRAD_BN_FULL_TRACEBACK=1`` set before ``import autograd_bn``.
Nothing happens outside IPython, or when the shell already has a custom exception handler.
"""
import os
import sys
import types

_PACKAGE = __name__.rsplit(".", 1)[0]
_PARSE_ERRORS = (OverflowError, SyntaxError, ValueError, TypeError, MemoryError)


_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def is_library_frame(frame):
    """Whether a frame runs code of autograd_bn: by its module (which also covers code the
    library compiles at run time into a namespace of its own) or by its file."""
    name = frame.f_globals.get("__name__") or ""
    path = frame.f_code.co_filename
    return (name == _PACKAGE or name.startswith(_PACKAGE + ".")
            or (os.path.isabs(path) and path.startswith(_DIR)))


def without_library_frames(tb):
    """A copy of the traceback chain ``tb`` without autograd_bn's frames (``tb`` itself if
    it has none)."""
    kept, removed = [], False
    while tb is not None:
        if is_library_frame(tb.tb_frame):
            removed = True
        else:
            kept.append(tb)
        tb = tb.tb_next
    if not removed:
        return kept[0] if kept else None
    out = None
    for entry in reversed(kept):
        out = types.TracebackType(out, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return out


def _show(shell, etype, value, tb, tb_offset=None):
    """The shell's custom exception handler (see IPython's ``set_custom_exc``)."""
    if tb is not None and tb.tb_frame.f_code.co_name != "run_code":
        # raised while IPython parsed the cell, before any code ran: what IPython does
        if issubclass(etype, IndentationError):
            shell.showindentationerror()
        elif issubclass(etype, _PARSE_ERRORS):
            shell.showsyntaxerror()
        else:
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    shown = tb
    if getattr(shell.InteractiveTB, "skip_hidden", True):
        shown = without_library_frames(tb)
    try:
        shell.showtraceback((etype, value, shown), tb_offset=tb_offset,
                            running_compiled_code=True)
    finally:
        sys.last_traceback = tb                  # %debug and %tb: the whole traceback
    return None


def install():
    """Register the handler in the running IPython shell, if there is one and it has no
    custom exception handler yet.  Returns whether it did."""
    if os.environ.get("AUTOGRAD_BN_FULL_TRACEBACK", "") not in ("", "0"):
        return False
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    shell = get() if get is not None else None
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    if getattr(shell, "_autograd_bn_tracebacks", False):
        return True
    if getattr(shell, "custom_exceptions", ()) not in ((), None):
        return False
    shell.set_custom_exc((Exception,), _show)
    shell._autograd_bn_tracebacks = True
    return True
