"""Write tests/golden/files/torch_checkpoint.pt with torch 2.13's torch.save, and the printed
form of what it holds into serialization_cases.json (tests/test_serialization.py loads the
file with autograd_bn.load, without torch).

    .venv/bin/python tests/golden/make_serialization_golden.py
"""
import os

import torch

from recording import HERE, write_golden


def checkpoint(torch):
    """The object saved: a state_dict, views, Parameters, several dtypes, nested containers."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    base = torch.arange(12.0).reshape(3, 4)
    return {"state_dict": model.state_dict(), "transposed": base.t(), "sliced": base[1:, 2:],
            "param": torch.nn.Parameter(torch.tensor([1.5, -2.0])),
            "frozen": torch.nn.Parameter(torch.ones(2), requires_grad=False),
            "long": torch.tensor([[1, -2], [3, 4]]), "int32": torch.tensor([7], dtype=torch.int32),
            "uint8": torch.tensor([0, 255], dtype=torch.uint8), "bool": torch.tensor([True, False]),
            "double": torch.tensor(3.25, dtype=torch.float64), "empty": torch.zeros(0, 2),
            "grad": torch.tensor([1.0, 2.0], requires_grad=True), "dtype": torch.float64,
            "meta": {"epoch": 3, "loss": 0.125, "name": "run", "shape": (2, 3), "ok": None}}


def describe(obj):
    return {k: repr(v) for k, v in obj.items()}


def main():
    path = os.path.join(HERE, "files", "torch_checkpoint.pt")
    obj = checkpoint(torch)
    torch.save(obj, path)
    record = {"torch": torch.__version__, "printed": describe(torch.load(path)),
              "metadata": repr(torch.load(path)["state_dict"]._metadata)}
    print("wrote", path, write_golden("serialization_cases.json", record, indent=1,
                                      ensure_ascii=False))


if __name__ == "__main__":
    main()
