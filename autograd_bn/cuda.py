"""torch.cuda as a CPU-only build of torch has it: no GPU, and torch's own error on use.

``is_available()`` is False and ``device_count()`` 0, so tutorial code that picks
``"cuda" if torch.cuda.is_available() else "cpu"`` runs on the CPU; a tensor or module sent
to a CUDA device raises ``AssertionError: Torch not compiled with CUDA enabled``, as there.
"""
from .i18n import N_, _

NOT_COMPILED = N_("Torch not compiled with CUDA enabled")


def is_available():
    """False: autograd_bn has no GPU support."""
    return False


def device_count():
    """0: no CUDA devices."""
    return 0


def is_initialized():
    """False: CUDA is never initialised here."""
    return False


def manual_seed(seed):
    """Accepted and ignored (there is no CUDA generator), as torch does without CUDA."""
    return None


manual_seed_all = manual_seed


def _lazy_init():
    raise AssertionError(_(NOT_COMPILED))


def current_device():
    """Raises torch's error: there is no CUDA device."""
    _lazy_init()


def synchronize(device=None):
    """Raises torch's error: there is no CUDA device."""
    _lazy_init()
