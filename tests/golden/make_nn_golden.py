"""Record torch 2.13's answers to the programs of nn_programs.py into nn_cases.json.

Run with real torch installed (from the repository root):

    .venv/bin/python tests/golden/make_nn_golden.py

tests/test_nn.py and tests/test_optim.py replay the file without torch.
"""
import torch

import nn_programs as P
from recording import write_golden


def main():
    torch.set_num_threads(1)
    record = {
        "torch": torch.__version__,
        "init": P.init_values(torch),
        "texts": P.texts(torch),
        "forward_backward": P.forward_backward(torch),
        "optim": [[name, config, P.optimizer_trajectory(torch, name, config)]
                  for name, config in P.OPTIM_CONFIGS],
        "training": [[name, config, loss, P.training_losses(torch, name, config, loss=loss)["losses"]]
                     for name, config in P.TRAINING_CONFIGS for loss in ("ce", "mse")],
    }
    print("wrote", write_golden("nn_cases.json", record, indent=None, ensure_ascii=False))


if __name__ == "__main__":
    main()
