"""``torch.save`` and ``torch.load`` in torch's zip format, both directions.

A file written here loads in torch 2.13 (``torch.load``, weights_only or not) and a file torch
writes of tensors, Parameters, dicts and state_dicts loads here.  The format (torch's facts):
a zip archive, every record stored uncompressed under one folder (``<name>/``): ``data.pkl``
(the pickled object, tensors as calls of ``torch._utils._rebuild_tensor_v2`` on persistent
storage ids), ``byteorder``, ``version``, and each storage's raw little-endian bytes as
``data/<key>``.

Loading never runs code from the file: like torch 2.13's default ``weights_only=True``, the
unpickler accepts only the globals a checkpoint of tensors needs (see ``_ALLOWED``) and raises
torch's ``UnpicklingError`` for any other; ``weights_only=False`` is accepted but loads the
same way.  What is left out: views keep no shared storage after loading (each tensor gets its
own copy), ``map_location`` may only name the CPU, and the legacy non-zip format is refused.
"""
import io
import os
import pickle
import zipfile
from collections import OrderedDict

import numpy as np

from .. import _dtype
from .._device import check_device as _check_device
from ..tensor import Tensor
from ..i18n import N_, _
from .pickler import STORAGE_TYPES, Writer

__all__ = ["save", "load"]

NOT_ZIP = N_("autograd_bn.load reads torch's zip format (torch.save since PyTorch 1.6); this "
             "file is in another format")
UNSUPPORTED_GLOBAL = N_(
    "Weights only load failed. This file can still be loaded, to do so you have two options, "
    "\x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. \n\t(1) In "
    "PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will "
    "likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
    "file from a trusted source.\n\t(2) Alternatively, to load with `weights_only=True` please "
    "check the recommended steps in the following error message.\n\tWeightsUnpickler error: "
    "Unsupported global: GLOBAL {name} was not an allowed global by default. Please use "
    "`torch.serialization.add_safe_globals([{name}])` or the "
    "`torch.serialization.safe_globals([{name}])` context manager to allowlist this global if "
    "you trust this class/function.\n\nCheck the documentation of torch.load to learn more "
    "about types accepted by default with weights_only "
    "https://pytorch.org/docs/stable/generated/torch.load.html.")
NO_DTYPE = N_("autograd_bn cannot load a tensor of {t}: it has only the dtypes float32, "
              "float64, int64, int32, uint8 and bool (a teaching subset of torch)")


class _StorageType:
    """What ``torch.FloatStorage`` & co. stand for while loading: a NumPy dtype."""

    def __init__(self, np_dtype):
        self.np = np.dtype(np_dtype).newbyteorder("<")


_STORAGES = {name: _StorageType(_dtype._BY_NAME[dt].np) for dt, name in STORAGE_TYPES.items()}


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False,
                       backward_hooks=None, metadata=None):
    item = storage.itemsize
    if storage.size:
        view = np.lib.stride_tricks.as_strided(storage[storage_offset:], tuple(size),
                                               tuple(s * item for s in stride))
    else:
        view = storage[:0].reshape(tuple(size))
    arr = np.array(view, dtype=storage.dtype.newbyteorder("="), copy=True)
    t = Tensor._from_array(arr)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _rebuild_parameter(data, requires_grad, backward_hooks=None, *state):
    from ..nn.parameter import Parameter   # nn is a heavy part: loaded only for a Parameter
    return Parameter(data, requires_grad)


_ALLOWED = {("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
            ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
            ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter,
            ("collections", "OrderedDict"): OrderedDict}
_ALLOWED.update({("torch", name): st for name, st in _STORAGES.items()})
_ALLOWED.update({("torch", d.name): d for d in _dtype.ALL})


class _Unpickler(pickle.Unpickler):
    def __init__(self, data, read_record):
        super().__init__(io.BytesIO(data))
        self._read = read_record
        self._storages = {}

    def find_class(self, module, name):
        found = _ALLOWED.get((module, name))
        if found is not None:
            return found
        if module == "torch" and name.endswith("Storage"):
            raise RuntimeError(_(NO_DTYPE).format(t=name))
        raise pickle.UnpicklingError(_(UNSUPPORTED_GLOBAL).format(name=f"{module}.{name}"))

    def persistent_load(self, pid):
        kind, storage_type, key, _location, _numel = pid
        if kind != "storage" or not isinstance(storage_type, _StorageType):
            raise pickle.UnpicklingError(_(UNSUPPORTED_GLOBAL).format(name=repr(storage_type)))
        arr = self._storages.get(key)
        if arr is None:
            arr = np.frombuffer(self._read(f"data/{key}"), dtype=storage_type.np)
            self._storages[key] = arr
        return arr


def _archive_name(f):
    if isinstance(f, (str, os.PathLike)):
        return os.path.splitext(os.path.basename(os.fspath(f)))[0] or "archive"
    return "archive"


def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    """Save obj (tensors, Parameters, state_dicts, and dicts/lists/tuples of them) to the
    path or binary file f, in torch's zip format: torch.load reads it."""
    w = Writer()
    data = w.dump(obj)
    name = _archive_name(f)
    records = [("data.pkl", data), (".format_version", b"1"), (".storage_alignment", b"64"),
               ("byteorder", b"little")]
    records += [(f"data/{key}", raw) for key, raw in w.records]
    records += [("version", b"3\n")]
    target = open(f, "wb") if isinstance(f, (str, os.PathLike)) else f
    try:
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as z:
            for rec, raw in records:
                info = zipfile.ZipInfo(f"{name}/{rec}", date_time=(1980, 1, 1, 0, 0, 0))
                z.writestr(info, raw)
    finally:
        if target is not f:
            target.close()


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
         **pickle_load_args):
    """Load what torch.save (or save here) wrote to the path or binary file f.

    Only tensors, Parameters, dtypes, numbers, strings and containers are rebuilt: any other
    global in the file raises torch's weights-only UnpicklingError, whatever weights_only says.
    """
    if map_location is not None and not callable(map_location) and not isinstance(
            map_location, dict):
        _check_device(map_location)
    source = open(f, "rb") if isinstance(f, (str, os.PathLike)) else f
    try:
        if not zipfile.is_zipfile(source):
            raise RuntimeError(_(NOT_ZIP))
        if hasattr(source, "seek"):
            source.seek(0)
        with zipfile.ZipFile(source) as z:
            names = z.namelist()
            pkl = next(n for n in names if n.endswith("data.pkl") and n.count("/") == 1)
            prefix = pkl[:-len("data.pkl")]
            return _Unpickler(z.read(pkl), lambda rec: z.read(prefix + rec)).load()
    finally:
        if source is not f:
            source.close()
