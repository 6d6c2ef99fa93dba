"""The CPU random generator: ``Generator``, the default generator and the seed functions.

A generator holds an MT19937 stream (``mt19937.MTStream``), the seed it was given and the
cached second value of the double Box-Muller (``normal.serial_normals``).  Its state
serialises to torch's 5056-byte layout, so states move freely between torch and autograd_bn.

Facts from torch 2.13 (by experiment):

* ``torch.Generator()`` starts from seed 67280421310721; the default generator of a fresh
  process from a non-deterministic seed.
* ``Generator.manual_seed`` takes ints in [-2**63, 2**64) (negative ones wrap to uint64),
  raises ``RuntimeError('manual_seed expected a long, but got float')`` for other types and
  ``ValueError('Overflow when unpacking long long')`` out of range; ``torch.manual_seed``
  first applies ``int()`` (so 1.5 -> 1 and '3' -> 3).  Both return the generator.
* ``seed()`` picks a non-deterministic 64-bit seed, applies it and returns it.
"""
import operator
import os

import numpy as np

from .. import _dtype
from .._device import check_device as _check_device, device as _device
from ..i18n import _
from ..tensor import Tensor
from .mt19937 import STATE_SIZE, MTStream

__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed",
           "get_rng_state", "set_rng_state", "resolve_generator"]

DEFAULT_RNG_SEED = 67280421310721
_U64 = 1 << 64


def _wrap_state(raw):
    """A uint8 Tensor for the state bytes (a NumPy array if Tensor lacks uint8)."""
    if np.dtype(np.uint8) in _dtype._BY_NP:
        return Tensor._from_array(raw, requires_grad=False)
    return raw


def _state_bytes(new_state):
    """The uint8 NumPy array inside a state given as a Tensor or an ndarray."""
    data = getattr(new_state, "_data", None)
    if data is None and isinstance(new_state, np.ndarray):
        data = new_state
    if data is None:
        raise TypeError(_("expected a torch.ByteTensor, but got {t}").format(
            t=type(new_state).__name__))
    if data.dtype != np.uint8:
        raise TypeError(_("RNG state must be a torch.ByteTensor"))
    return np.ascontiguousarray(data).reshape(-1)


def _seed_value(seed):
    if isinstance(seed, float) or not hasattr(seed, "__index__"):
        raise RuntimeError(_("manual_seed expected a long, but got {t}").format(
            t=type(seed).__name__))
    s = operator.index(seed)
    if not -(1 << 63) <= s < _U64:
        raise ValueError(_("Overflow when unpacking long long"))
    return s % _U64


class Generator:
    """A CPU random generator (``torch.Generator``)."""

    __slots__ = ("_stream", "_seed", "_next_double_normal", "_next_float_normal",
                 "__weakref__")

    def __init__(self, device="cpu"):
        if device is not None and str(device).split(":")[0] != "cpu":
            _check_device(device)                             # raises the usual error
        self._seed = DEFAULT_RNG_SEED
        self._stream = MTStream(DEFAULT_RNG_SEED)
        self._next_double_normal = None
        self._next_float_normal = None

    @property
    def device(self):
        return _device("cpu")

    def manual_seed(self, seed):
        """Seed the generator (low 32 bits feed MT19937); clears the cached normal."""
        s = _seed_value(seed)
        self._seed = s
        self._stream.seed(s)
        self._next_double_normal = None
        self._next_float_normal = None
        return self

    def seed(self):
        """Seed from the operating system's randomness; returns the seed."""
        s = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(s)
        return s

    def initial_seed(self):
        """Return the seed the generator was last seeded with, as ``torch.Generator.initial_seed``.

        That is the value given to ``manual_seed`` or chosen by ``seed``, the one stored in a state
        passed to ``set_state``, or torch's default 67280421310721 for a new generator.
        """
        return self._seed

    def get_state(self):
        """The state as a uint8 tensor of 5056 bytes in torch's layout (see ``mt19937``)."""
        return _wrap_state(self._raw_state())

    def _raw_state(self):
        raw = np.zeros(STATE_SIZE, np.uint8)
        raw[0:8].view("<u8")[0] = self._seed
        self._stream.pack(raw)
        if self._next_double_normal is not None:
            raw[5024:5032].view("<f8")[0] = self._next_double_normal
            raw[5040:5044].view("<i4")[0] = 1
        if self._next_float_normal is not None:
            raw[5048:5052].view("<f4")[0] = self._next_float_normal
            raw[5052] = 1
        return raw

    def set_state(self, new_state):
        """Restore a state from ``get_state`` (ours or torch's); returns the generator."""
        raw = _state_bytes(new_state)
        if raw.size != STATE_SIZE:
            raise RuntimeError(_("Expected a CPUGeneratorImplState of size {n} but found the "
                                 "input RNG state size to be {m}").format(n=STATE_SIZE,
                                                                          m=raw.size))
        raw = raw.copy()
        if not self._stream.unpack(raw):
            raise RuntimeError(_("Invalid mt19937 state"))
        self._seed = int(raw[0:8].view("<u8")[0])
        valid = raw[5040:5044].view("<i4")[0] != 0
        self._next_double_normal = float(raw[5024:5032].view("<f8")[0]) if valid else None
        self._next_float_normal = (float(raw[5048:5052].view("<f4")[0])
                                   if raw[5052] != 0 else None)
        return self

    def __repr__(self):
        return "<torch._C.Generator object at 0x{:x}>".format(id(self))

    def __getstate__(self):
        return {"state": self._raw_state()}

    def __setstate__(self, d):
        self.__init__()
        self.set_state(d["state"])


default_generator = Generator()
default_generator.seed()


def resolve_generator(generator):
    """The generator to draw from: ``generator`` or the default one."""
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(_("expected a torch.Generator, but got {t}").format(
            t=type(generator).__name__))
    return generator


def manual_seed(seed):
    """Seed the default generator (``int(seed)`` first, like torch); returns it."""
    return default_generator.manual_seed(int(seed))


def seed():
    """Seed the default generator non-deterministically; returns the seed."""
    return default_generator.seed()


def initial_seed():
    """The seed the default generator was last seeded with."""
    return default_generator.initial_seed()


def get_rng_state():
    """The default generator's state as a uint8 tensor (PyTorch's byte layout)."""
    return default_generator.get_state()


def set_rng_state(new_state):
    """Restore the default generator's state from get_rng_state()'s bytes."""
    default_generator.set_state(new_state)
