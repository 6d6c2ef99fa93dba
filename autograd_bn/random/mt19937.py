"""The Mersenne Twister word stream behind every random function, and its state bytes.

PyTorch's CPU generator is the classic 32-bit MT19937 seeded with ``init_genrand`` (the low
32 bits of the seed).  NumPy's ``MT19937`` bit generator produces the same words after
``_legacy_seeding(seed)``, so the raw stream comes from NumPy's C code, vectorised.

Word conventions (measured on torch 2.13):

* a 32-bit draw is one word;
* a 64-bit draw is two words, the first one the high half.

State layout of ``torch.get_rng_state()`` (5056 bytes, little-endian, found by experiment):

=======  ======  =====================================================================
offset   type    meaning
=======  ======  =====================================================================
0        u64     initial seed (the full 64-bit value given to manual_seed)
8        i32     ``left``: draws until the next twist, plus one (1 right after seeding)
12       i32     ``seeded`` (1)
16       u64     ``next``: index of the next word in the key (0 right after seeding)
24       624*u64 the key, one 32-bit word per 64-bit slot
5016     f64     unused by torch 2.13 (written 0)
5024     f64     cached second normal of the double Box-Muller (rule 4 of the spec)
5032     f64     unused (written 0)
5040     i32     1 when the cached double normal is valid
5048     f32     cached float normal (never filled by rand/randn; kept for round trips)
5052     u8      1 when the cached float normal is valid
=======  ======  =====================================================================

NumPy's position ``pos`` (0..624, 624 = twist before the next word) maps to
``left = 625 - pos`` and ``next = pos``.
"""
import sys

import numpy as np

__all__ = ["MTStream", "STATE_SIZE"]

STATE_SIZE = 5056
_N = 624
_MASK32 = 0xFFFFFFFF
_SHIFT32 = np.uint64(32)
_LITTLE = sys.byteorder == "little"


class MTStream:
    """MT19937 words as NumPy arrays, seeded like torch, with torch's state bytes."""

    __slots__ = ("_bg", "_fresh_next")

    def __init__(self, seed):
        self._bg = np.random.MT19937()
        self._fresh_next = 0
        self.seed(seed)

    def seed(self, seed):
        """init_genrand with the low 32 bits of ``seed`` (a non-negative int)."""
        self._bg._legacy_seeding(int(seed) & _MASK32)
        # Right after seeding torch reports next == 0 (NumPy says pos == 624); remember
        # the value torch would show until the first draw.
        self._fresh_next = 0

    # ----------------------------------------------------------------- drawing words
    def words32(self, n):
        """``n`` 32-bit draws as a uint64 array (values below 2**32)."""
        if n <= 0:
            return np.empty(0, np.uint64)
        self._fresh_next = None
        return self._bg.random_raw(int(n))

    def words64(self, n):
        """``n`` 64-bit draws: each is two words, the first one the high half."""
        w = self.words32(2 * n)
        hi = w[0::2]
        hi <<= _SHIFT32
        hi |= w[1::2]
        return hi

    # ----------------------------------------------------------------- uniforms
    def uniform32(self, n):
        """``n`` float32 uniforms in [0, 1): (word & 0xFFFFFF) * 2**-24."""
        w = self.words32(n)
        np.bitwise_and(w, np.uint64(0xFFFFFF), out=w)
        d = w.view(np.int64).astype(np.float32)
        d *= np.float32(2.0 ** -24)
        return d

    def uniform64(self, n):
        """``n`` float64 uniforms in [0, 1): (64-bit draw & (2**53 - 1)) * 2**-53."""
        if _LITTLE:
            w = self.words32(2 * n).view(np.uint32)  # [hi0, 0, lo0, 0, hi1, 0, ...]
            v = np.empty(2 * n, np.uint32)            # as uint64: [lo, hi & mask] = the value
            v[0::2] = w[2::4]
            np.bitwise_and(w[0::4], np.uint32(0x1FFFFF), out=v[1::2])
            v = v.view(np.int64)
        else:
            w = self.words32(2 * n)
            v = w[0::2] & np.uint64(0x1FFFFF)
            v <<= _SHIFT32
            v |= w[1::2]
            v = v.view(np.int64)
        d = v.astype(np.float64)
        d *= 2.0 ** -53
        return d

    # ----------------------------------------------------------------- state bytes
    def pack(self, out):
        """Write the MT part (bytes 8..5016) of torch's state layout into ``out`` (uint8)."""
        st = self._bg.state["state"]
        pos = int(st["pos"])
        nxt = pos if self._fresh_next is None else self._fresh_next
        out[8:12].view("<i4")[0] = _N + 1 - pos
        out[12:16].view("<i4")[0] = 1
        out[16:24].view("<u8")[0] = nxt
        out[24:24 + 8 * _N].view("<u8")[:] = st["key"]

    def unpack(self, raw):
        """Load bytes 8..5016 of torch's layout; False when torch would call them invalid."""
        left = int(raw[8:12].view("<i4")[0])
        seeded = int(raw[12:16].view("<i4")[0])
        nxt = int(raw[16:24].view("<u8")[0])
        if not (seeded != 0 and 0 < left <= _N and nxt <= _N):
            return False
        pos = _N + 1 - left
        if left != 1 and nxt != pos:
            # torch would read key[next...] and twist ``left - 1`` draws later; states made
            # by torch itself always satisfy next + left == 625 (or left == 1).
            return False
        key = (raw[24:24 + 8 * _N].view("<u8") & np.uint64(_MASK32)).astype(np.uint32)
        self._bg.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._fresh_next = nxt if nxt != pos else None
        return True
