"""What a built site was made from: a digest of the files that go into it, written by the build
into build/site/agbn-site.json and checked by the site tests (tests/browser/site_server.py)."""
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ("autograd_bn/**/*.py", "autograd_bn/locale/**/*.mo", "notebooks/**/*.ipynb",
          "docs/explorer/*.html", "tools/site/**/*.py", "tools/site/**/*.md", "pyproject.toml")


def source_digest(root=ROOT):
    digest = hashlib.sha256()
    files = sorted({p for pattern in INPUTS for p in root.glob(pattern) if p.is_file()
                    and "__pycache__" not in p.parts})
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
