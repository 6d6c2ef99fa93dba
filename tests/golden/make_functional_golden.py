"""Record torch 2.13's results for the cases of functional_cases.py into functional_cases.json.

Run with real torch installed (from the repository root):

    .venv/bin/python tests/golden/make_functional_golden.py

tests/test_functional.py and tests/test_higher_order.py replay the file without torch.
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import functional_cases  # noqa: E402

OUT = os.path.join(HERE, "functional_cases.json")


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
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": records}, f, indent=1)
        f.write("\n")
    print("wrote %d cases to %s" % (len(records), OUT))


if __name__ == "__main__":
    main()
