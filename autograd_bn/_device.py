"""``device``: only the CPU exists here, but torch code names it (``t.device``, ``to("cpu")``).

``device("cuda")`` can be named, as in torch; putting a tensor there (``check_device``) raises
torch's error for a build without CUDA (see cuda.py).
"""
from . import cuda as _cuda
from .i18n import N_, _


class device:
    """Where a tensor lives: only the CPU exists here; ``device("cpu")`` is accepted wherever
    torch takes a device.  ``device("cuda")`` can be named, as in torch, but putting a tensor
    there raises torch's error for a build without CUDA."""
    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        kind, _sep, num = str(type).partition(":")
        if kind not in ("cpu", "cuda"):
            raise RuntimeError(_("autograd_bn runs on the CPU only; device {d!r} is not "
                                 "available").format(d=type))
        self.type, self.index = kind, int(num) if num else index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type,
                                                                          other.index)

    def __hash__(self):
        return hash((self.type, self.index))


def check_device(dev):
    """Accept None, "cpu" and device("cpu"); a CUDA device raises torch's AssertionError, any
    other name autograd_bn's RuntimeError."""
    if dev is not None and device(dev).type == "cuda":
        _cuda._lazy_init()


PIN_MEMORY = N_("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory "
                "allocator is available on this system.")


def check_pin_memory(pin):
    """pin_memory=True: torch's RuntimeError for a system without an accelerator."""
    if pin:
        raise RuntimeError(_(PIN_MEMORY))
