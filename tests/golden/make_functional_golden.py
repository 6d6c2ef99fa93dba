"""Record torch 2.13's results for the cases of functional_cases.py into functional_cases.json.

Run with real torch installed (from the repository root):

    .venv/bin/python tests/golden/make_functional_golden.py

tests/test_functional.py and tests/test_higher_order.py replay the file without torch.
"""
import torch

import functional_cases
from recording import write_golden


def main():
    torch.set_default_dtype(torch.float32)
    records = []
    for case in functional_cases.CASES:
        outcome = functional_cases.run(torch, case)
        record = dict(case)
        if outcome[0] == "ok":
            if case.get("error"):
                raise SystemExit("case %s was expected to fail but did not" % case["name"])
            record["result"] = outcome[1]
        else:
            if not case.get("error"):
                raise SystemExit("case %s failed in torch: %s: %s" % (case["name"], *outcome[1:]))
            record["error"] = {"type": outcome[1], "message": outcome[2]}
        records.append(record)
    out = write_golden("functional_cases.json", {"torch": torch.__version__, "cases": records},
                       indent=1)
    print("wrote %d cases to %s" % (len(records), out))


if __name__ == "__main__":
    main()
