"""``device``: only the CPU exists here, but torch code names it (``t.device``, ``to("cpu")``)."""
from .i18n import _


class device:
    """Only the CPU exists here; ``device("cpu")`` is accepted wherever torch takes a device."""
    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        if str(type).split(":")[0] != "cpu":
            raise RuntimeError(_("autograd_bn runs on the CPU only; device {d!r} is not "
                                 "available").format(d=type))
        self.type, self.index = "cpu", index

    def __repr__(self):
        return "device(type='cpu')"

    def __str__(self):
        return "cpu"

    def __eq__(self, other):
        return str(other) == "cpu"

    def __hash__(self):
        return hash("cpu")
