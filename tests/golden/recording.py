"""What the make_*_golden.py recorders share: where the golden files live and how one is written.

The recorders run as scripts (``.venv/bin/python tests/golden/make_..._golden.py``), so this
folder is on sys.path and they import this module and their programs by plain name.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write_golden(name, record, **json_options):
    """Write ``record`` as JSON (with ``json_options``) and a final newline to tests/golden/name;
    return the path."""
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(record, f, **json_options)
        f.write("\n")
    return path
