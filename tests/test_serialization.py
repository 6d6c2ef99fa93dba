"""autograd_bn.save / load in torch's zip format, without torch installed.

A file written by torch 2.13 (tests/golden/files/torch_checkpoint.pt, made by
make_serialization_golden.py) must load with the same printed contents as in torch; our own
files must round-trip and have torch's layout; loading never runs code from the file.
tests/live/test_serialization_live.py checks both directions against a live torch.
"""
import io
import json
import os
import pickle
import zipfile

import pytest

import autograd_bn as ab

HERE = os.path.dirname(__file__)
GOLDEN = json.load(open(os.path.join(HERE, "golden", "serialization_cases.json"),
                        encoding="utf-8"))
TORCH_FILE = os.path.join(HERE, "golden", "files", "torch_checkpoint.pt")


def test_torch_file_loads_as_in_torch():
    obj = ab.load(TORCH_FILE)
    assert {k: repr(v) for k, v in obj.items()} == GOLDEN["printed"]
    assert repr(obj["state_dict"]._metadata) == GOLDEN["metadata"]
    assert type(obj["param"]) is ab.nn.Parameter


def test_state_dict_from_torch_file_loads_into_a_model():
    ab.manual_seed(0)
    model = ab.nn.Sequential(ab.nn.Linear(3, 2), ab.nn.ReLU(), ab.nn.Linear(2, 1))
    sd = ab.load(TORCH_FILE)["state_dict"]
    for p in model.parameters():
        p.data.zero_()
    model.load_state_dict(sd)
    assert ab.equal(model[0].weight.detach(), sd["0.weight"])
    assert ab.equal(model[2].bias.detach(), sd["2.bias"])


def test_round_trip_keeps_values_dtypes_and_flags(tmp_path):
    ab.manual_seed(1)
    m = ab.nn.Linear(2, 3)
    obj = {"sd": m.state_dict(), "p": m.weight, "t": ab.randn(2, 3).t(), "l": [ab.tensor(1),
           (2.5, "x", None, True)], "dt": ab.int32, "g": ab.ones(2, requires_grad=True),
           "big": -2 ** 40, "b": b"raw"}
    path = tmp_path / "ck.pt"
    ab.save(obj, path)
    back = ab.load(path)
    assert repr(back) == repr(obj)
    assert back["sd"]._metadata == obj["sd"]._metadata
    assert type(back["p"]) is ab.nn.Parameter and back["g"].requires_grad
    buf = io.BytesIO()
    ab.save(ab.ones(2, requires_grad=True) * 2, buf)       # a non-leaf: saved as torch does,
    buf.seek(0)                                             # a leaf that requires grad
    assert repr(ab.load(buf)) == "tensor([2., 2.], requires_grad=True)"


def test_layout_is_torchs(tmp_path):
    path = tmp_path / "model.pt"
    ab.save({"a": ab.ones(2), "b": ab.zeros(3, dtype=ab.int64)}, path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert all(n.startswith("model/") for n in names)
        assert {"model/data.pkl", "model/byteorder", "model/version", "model/data/0",
                "model/data/1"} <= set(names)
        assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
        assert z.read("model/byteorder") == b"little"
        assert z.read("model/data/1") == bytes(24)
    buf = io.BytesIO()
    ab.save(ab.ones(1), buf)
    assert zipfile.ZipFile(io.BytesIO(buf.getvalue())).namelist()[0].startswith("archive/")
    assert repr(ab.load(io.BytesIO(buf.getvalue()))) == "tensor([1.])"


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo should-not-run",))


def _zip_with(pkl):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/data.pkl", pkl)
        z.writestr("archive/version", b"3\n")
    buf.seek(0)
    return buf


def test_foreign_globals_are_refused_not_run(capfd):
    with pytest.raises(pickle.UnpicklingError, match="Unsupported global: GLOBAL "
                                                    "(posix|os|nt).system"):
        ab.load(_zip_with(pickle.dumps(_Evil(), protocol=2)))
    with pytest.raises(pickle.UnpicklingError):
        ab.load(_zip_with(pickle.dumps({"x": _Evil()}, protocol=2)), weights_only=False)
    assert "should-not-run" not in capfd.readouterr().out


def test_other_formats_and_objects_are_refused(tmp_path):
    path = tmp_path / "legacy.pt"
    path.write_bytes(pickle.dumps([1, 2]))
    with pytest.raises(RuntimeError, match="zip format"):
        ab.load(path)
    with pytest.raises(TypeError, match="teaching subset"):
        ab.save({"f": lambda: 1}, tmp_path / "x.pt")
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        ab.load(TORCH_FILE, map_location="cuda")
