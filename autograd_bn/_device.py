"""torch.device, and the checks that a tensor is asked for on the CPU (torch's errors for a
build without CUDA otherwise: see cuda.py) and without pinned memory."""
from . import cuda as _cuda
from .i18n import N_, _
from .ops.arguments import parser_error

_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve",
                 "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
                 "privateuseone")
NO_ACCELERATOR = N_("Cannot access accelerator device when none is available.")


class device:
    """A device, as ``torch.device``: any of torch's device types can be named, but tensors
    live only on the CPU (naming another device for a tensor raises torch's error)."""
    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        if isinstance(type, int) and not isinstance(type, bool):
            if type < 0:
                raise RuntimeError(_("Device index must not be negative"))
            raise RuntimeError(_(NO_ACCELERATOR))
        if not isinstance(type, str):
            raise parser_error("device", ["(torch.device device)", "(str type, int index = -1)"],
                               (type,) if index is None else (type, index))
        name, colon, number = type.partition(":")
        if name not in _DEVICE_TYPES:
            raise RuntimeError(_("Expected one of {types} device type at start of device string: "
                                 "{s}").format(types=", ".join(_DEVICE_TYPES), s=type))
        if colon:
            if not number.isdigit() or index is not None:
                raise RuntimeError(_("Invalid device string: '{s}'").format(s=type))
            index = int(number)
        if index is not None and index < 0:
            raise RuntimeError(_("Device index must not be negative"))
        self.type, self.index = name, index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


def _check_device(dev):
    """A tensor asked for on device ``dev``: the CPU, or torch's error for a build without
    that device."""
    if dev is None:
        return
    d = dev if isinstance(dev, device) else device(dev)
    if d.type == "cpu":
        return
    if d.type == "cuda":
        _cuda._lazy_init()                   # torch's AssertionError
    raise RuntimeError(_("autograd_bn runs on the CPU only; device {d!r} is not available")
                       .format(d=str(d)))


check_device = _check_device


PIN_MEMORY = N_("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory "
                "allocator is available on this system.")


def check_pin_memory(pin):
    """pin_memory=True: torch's RuntimeError for a system without an accelerator."""
    if pin:
        raise RuntimeError(_(PIN_MEMORY))
