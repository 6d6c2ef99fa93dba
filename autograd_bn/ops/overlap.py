"""torch's memory-overlap checks for operations that write into a tensor.

An in-place op (``x.add_(y)``, ``x += y``, ``x.copy_(y)``, ``x[1:] = y``) reads its inputs
while it writes its output.  torch refuses when an input and the output share some memory
but not all of it in the same layout (``x[1:] = x[:-1]``, ``h += h.T``): the result would
depend on the order of the writes.  As torch's get_overlap_status, the test is made on the
memory ranges of tensors that are dense; anything else is "too hard" and let through.
"""
import numpy as np

from ..i18n import N_, _

PARTIAL_OVERLAP = N_("unsupported operation: some elements of the input tensor and the "
                     "written-to tensor refer to a single memory location. Please clone() the "
                     "tensor before performing the operation.")


def _root(a):
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def _dense(a):
    """torch's is_non_overlapping_and_dense (strides in bytes; NumPy's negative strides,
    which torch cannot make, count as not dense)."""
    expected = a.itemsize
    for size, stride in sorted(((n, s) for n, s in zip(a.shape, a.strides) if n != 1),
                               key=lambda p: p[1]):
        if stride != expected:
            return False
        expected *= size
    return True


def partial_overlap(out, src):
    """True when arrays ``out`` and ``src`` share part of their memory, or all of it with
    different strides."""
    if out is src or out.size == 0 or src.size == 0 or _root(out) is not _root(src):
        return False
    if not (_dense(out) and _dense(src)):
        return False
    a = out.__array_interface__["data"][0]
    b = src.__array_interface__["data"][0]
    a_end, b_end = a + out.size * out.itemsize, b + src.size * src.itemsize
    if a == b and a_end == b_end:
        return out.strides != src.strides
    return a < b_end and b < a_end


def check(out, *inputs):
    """torch's error when the output array overlaps one of the inputs' arrays in part."""
    for src in inputs:
        if src is not None and partial_overlap(out, src):
            raise RuntimeError(_(PARTIAL_OVERLAP))
