"""Record torch 2.13's answers to the programs of api_programs.py into api_cases.json.

Run with real torch installed (from the repository root):

    .venv/bin/python tests/golden/make_api_golden.py

tests/test_apis.py replays the file without torch.
"""
import torch

import api_programs as P
from recording import write_golden


def main():
    torch.set_num_threads(1)
    record = {"torch": torch.__version__, "cases": P.run_all(torch)}
    print("wrote", write_golden("api_cases.json", record, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
