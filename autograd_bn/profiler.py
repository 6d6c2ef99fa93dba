"""``torch.profiler``: the newer spelling of ``torch.autograd.profiler`` (CPU only).

``profile(activities=[ProfilerActivity.CPU])`` and ``record_function`` work as in
autograd/profiler.py (that module's doc says what is left out); asking for CUDA activity
raises torch's error for a build without CUDA.
"""
import enum

from .autograd import profiler as _p
from .cuda import _lazy_init

record_function = _p.record_function

__all__ = ["profile", "record_function", "ProfilerActivity"]


class ProfilerActivity(enum.Enum):
    """The kinds of activity to profile: only CPU exists here."""
    CPU = 0
    CUDA = 1


class profile(_p.profile):
    """Time the operations run inside the block (see torch.autograd.profiler.profile)."""

    def __init__(self, *, activities=None, schedule=None, on_trace_ready=None,
                 record_shapes=False, profile_memory=False, with_stack=False, with_flops=False,
                 with_modules=False, experimental_config=None, execution_trace_observer=None,
                 acc_events=False, use_cuda=None, custom_trace_id_callback=None):
        if activities is not None and ProfilerActivity.CUDA in activities:
            _lazy_init()
        super().__init__(record_shapes=record_shapes, profile_memory=profile_memory,
                         with_stack=with_stack)

    def step(self):
        """Accepted (there is no schedule here)."""
        return None
