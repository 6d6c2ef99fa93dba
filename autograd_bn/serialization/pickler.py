"""Write the ``data.pkl`` of torch's zip format, opcode by opcode (pickle protocol 2).

The pickle must name torch's own rebuild functions (``torch._utils._rebuild_tensor_v2``,
``torch.FloatStorage``, ...) so that torch can load it, and torch need not be installed here,
so Python's Pickler (which imports every global it writes, to check it) cannot produce it.
This writer handles what a checkpoint holds: None, bool, int, float, str, bytes, tuple, list,
dict, OrderedDict (with a state_dict's ``_metadata``), dtypes, tensors and Parameters.  It walks
the object with an explicit stack; a tensor is written as

    _rebuild_tensor_v2(persistent_id(('storage', FloatStorage, key, 'cpu', numel)),
                       offset, size, stride, requires_grad, OrderedDict())

and its data (C-contiguous, little-endian) is stored under ``data/<key>``; tensors that share
one NumPy array share one storage.
"""
import struct
from collections import OrderedDict

import numpy as np

from .. import _dtype
from ..i18n import N_, _

CANNOT_SAVE = N_("autograd_bn.save cannot save an object of type {t}: it saves tensors, "
                 "Parameters, dtypes, numbers, strings, and tuples, lists and dicts of them "
                 "(a teaching subset of torch.save)")
STORAGE_TYPES = {"float32": "FloatStorage", "float64": "DoubleStorage", "int64": "LongStorage",
                 "int32": "IntStorage", "uint8": "ByteStorage", "bool": "BoolStorage"}

MARK, STOP, TUPLE, EMPTY_TUPLE, REDUCE = b"(", b".", b"t", b")", b"R"
EMPTY_LIST, APPENDS, EMPTY_DICT, SETITEMS, BUILD = b"]", b"e", b"}", b"u", b"b"
BINPERSID, NONE, TRUE, FALSE = b"Q", b"N", b"\x88", b"\x89"


def _global(out, module, name):
    out += b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def _int(out, v):
    if 0 <= v < 256:
        out += b"K" + bytes([v])
    elif 0 <= v < 65536:
        out += b"M" + struct.pack("<H", v)
    elif -2 ** 31 <= v < 2 ** 31:
        out += b"J" + struct.pack("<i", v)
    else:
        n = (v.bit_length() + 8) // 8
        out += b"\x8a" + bytes([n]) + v.to_bytes(n, "little", signed=True)


def _str(out, s):
    b = s.encode("utf-8")
    out += b"X" + struct.pack("<I", len(b)) + b


class Writer:
    """Pickle one object; ``records`` then holds the storages: [(key, bytes)]."""

    def __init__(self):
        self.out = bytearray(b"\x80\x02")
        self.records = []
        self._keys = {}

    def _storage_key(self, arr):
        # tensors holding the same NumPy array (a parameter and its state_dict entry) share
        # a storage; any other tensor gets its own, contiguous copy
        known = self._keys.get(id(arr))
        if known is not None:
            return known[0]
        key = str(len(self.records))
        data = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False)
        self.records.append((key, data.tobytes()))
        self._keys[id(arr)] = (key, arr)                  # keep arr alive: ids stay unique
        return key

    def _tensor(self, t, todo):
        out = self.out
        arr = t._data
        key = self._storage_key(arr)
        _global(out, "torch._utils", "_rebuild_tensor_v2")
        out += MARK + MARK
        _str(out, "storage")
        _global(out, "torch", STORAGE_TYPES[t.dtype.name])
        _str(out, key)
        _str(out, "cpu")
        _int(out, int(arr.size))
        out += TUPLE + BINPERSID
        _int(out, 0)
        self._ints(arr.shape)
        strides, n = [], 1
        for s in reversed(arr.shape):
            strides.append(n)
            n *= s
        self._ints(tuple(reversed(strides)))
        out += TRUE if t.requires_grad and not _is_parameter(t) else FALSE
        _global(out, "collections", "OrderedDict")
        out += EMPTY_TUPLE + REDUCE + TUPLE + REDUCE

    def _ints(self, values):
        self.out += MARK
        for v in values:
            _int(self.out, int(v))
        self.out += TUPLE

    def dump(self, obj):
        """Append the pickle of obj and STOP; return the bytes of data.pkl."""
        todo = [("obj", obj)]
        while todo:
            kind, value = todo.pop()
            if kind == "raw":
                self.out += value
            else:
                self._one(value, todo)
        self.out += STOP
        return bytes(self.out)

    def _one(self, obj, todo):
        out = self.out
        if obj is None:
            out += NONE
        elif obj is True or obj is False:
            out += TRUE if obj else FALSE
        elif isinstance(obj, (int, np.integer)) and not isinstance(obj, bool):
            _int(out, int(obj))
        elif isinstance(obj, (float, np.floating)):
            out += b"G" + struct.pack(">d", float(obj))
        elif isinstance(obj, str):
            _str(out, obj)
        elif isinstance(obj, bytes):
            out += b"C" + bytes([len(obj)]) + obj if len(obj) < 256 else (
                b"B" + struct.pack("<I", len(obj)) + obj)
        elif hasattr(obj, "_data") and hasattr(obj, "grad_fn"):
            if _is_parameter(obj):
                _global(out, "torch._utils", "_rebuild_parameter")
                out += MARK
                self._tensor(obj, todo)
                out += TRUE if obj.requires_grad else FALSE
                _global(out, "collections", "OrderedDict")
                out += EMPTY_TUPLE + REDUCE + TUPLE + REDUCE
            else:
                self._tensor(obj, todo)
        elif _is_dtype(obj):
            _global(out, "torch", obj.name)
        elif isinstance(obj, tuple):
            out += MARK
            todo.append(("raw", TUPLE))
            todo.extend(("obj", v) for v in reversed(obj))
        elif isinstance(obj, list):
            out += EMPTY_LIST + MARK
            todo.append(("raw", APPENDS))
            todo.extend(("obj", v) for v in reversed(obj))
        elif isinstance(obj, dict):
            ordered = isinstance(obj, OrderedDict)
            if ordered:
                _global(out, "collections", "OrderedDict")
                out += EMPTY_TUPLE + REDUCE
            else:
                out += EMPTY_DICT
            out += MARK
            meta = getattr(obj, "_metadata", None) if ordered else None
            if meta is not None:                 # BUILD with the state {'_metadata': ...}
                todo.append(("raw", BUILD))
                todo.append(("obj", {"_metadata": meta}))
            todo.append(("raw", SETITEMS))
            for k, v in reversed(list(obj.items())):
                todo.append(("obj", v))
                todo.append(("obj", k))
        else:
            raise TypeError(_(CANNOT_SAVE).format(t=type(obj).__name__))


def _is_parameter(t):
    return type(t).__name__ == "Parameter"


def _is_dtype(obj):
    return isinstance(obj, _dtype.dtype)
