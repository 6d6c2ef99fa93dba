"""save/load against a live torch 2.13: our files load in torch, torch's load here."""
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

import make_serialization_golden as G  # noqa: E402
import autograd_bn as ab  # noqa: E402


def _printed(obj):
    return {k: repr(v) for k, v in obj.items()}


@pytest.mark.parametrize("weights_only", [True, False])
def test_our_file_loads_in_torch(tmp_path, weights_only):
    path = tmp_path / "ours.pt"
    ab.save(G.checkpoint(ab), path)
    theirs = torch.load(path, weights_only=weights_only)
    assert _printed(theirs) == _printed(G.checkpoint(torch))
    assert type(theirs["param"]) is torch.nn.Parameter
    assert theirs["state_dict"]._metadata == G.checkpoint(torch)["state_dict"]._metadata
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    model.load_state_dict(theirs["state_dict"])


def test_torch_file_loads_here(tmp_path):
    path = tmp_path / "theirs.pt"
    torch.save(G.checkpoint(torch), path)
    assert _printed(ab.load(path)) == _printed(torch.load(path))


def test_module_state_dict_round_trip(tmp_path):
    torch.manual_seed(3)
    t = torch.nn.Linear(4, 2)
    torch.save(t.state_dict(), tmp_path / "t.pt")
    ab.manual_seed(0)
    a = ab.nn.Linear(4, 2)
    a.load_state_dict(ab.load(tmp_path / "t.pt"))
    x = [[1.0, -1.0, 0.5, 2.0]]
    assert repr(a(ab.tensor(x))).replace("AddmmBackward0", "X") == \
        repr(t(torch.tensor(x))).replace("AddmmBackward0", "X")
    ab.save(a.state_dict(), tmp_path / "a.pt")
    t2 = torch.nn.Linear(4, 2)
    t2.load_state_dict(torch.load(tmp_path / "a.pt"))
    assert torch.equal(t2.weight, t.weight)


def test_golden_file_is_current():
    # the committed torch file loads in torch to what the golden json says
    import json
    import os
    here = os.path.join(os.path.dirname(__file__), "..", "golden")
    golden = json.load(open(os.path.join(here, "serialization_cases.json"), encoding="utf-8"))
    assert _printed(torch.load(os.path.join(here, "files", "torch_checkpoint.pt"))) == \
        golden["printed"]
