"""The notebooks the browser suite opens: found on disk, described (``NotebookInfo``) and copied
without their outputs for the test server (see labdriver.py).
"""
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LANGUAGES = ("en", "bn")

# The project's widgets: found in a notebook's code by name, and on the page by the CSS class
# of their outermost element (autograd_bn/widgets/__init__.py lists the classes).
WIDGET_KINDS = {
    "JacobianExplorer": "agbn-jacobian-explorer",
    "VJPExplorer": "agbn-vjp-explorer",
    "GraphView": "agbn-graph-view",
    "ChainRuleExplorer": "agbn-chain-explorer",
}


@dataclass
class NotebookInfo:
    """What the tests need to know about a notebook file, read from its JSON."""
    path: Path                          # absolute path in the repository
    rel: str                            # "notebooks/bn/01_autograd.ipynb" (also on the server)
    lang: str                           # "bn"
    lesson: str                         # "01_autograd"
    cells: list                         # the notebook's cells (dicts)
    widget_kinds: list = field(default_factory=list)

    @property
    def key(self):
        return f"{self.lang}/{self.lesson}"

    @property
    def code(self):
        return "\n".join(_source(c) for c in self.cells if c["cell_type"] == "code")

    @property
    def uses_widgets(self):
        return bool(self.widget_kinds) or bool(
            re.search(r"\bipywidgets\b|\binteract(ive)?\s*\(|\.widgets\b", self.code))

    @property
    def uses_matplotlib(self):
        return bool(re.search(r"\bmatplotlib\b|\bplt\.", self.code))

    def cell_id(self, index):
        return self.cells[index].get("id") or f"cell{index}"

    def raises_on_purpose(self, index):
        """(tagged, marked): the cell carries the `raises-exception` tag that JupyterLab honours
        (Run All goes on after it), or only nbval's NBVAL_RAISES_EXCEPTION comment (which
        JupyterLab ignores: Run All stops there)."""
        cell = self.cells[index]
        tagged = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        marked = "NBVAL_RAISES_EXCEPTION" in _source(cell)
        return tagged, marked


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def notebook_root():
    """The folder whose <lang>/*.ipynb are tested (AGBN_BROWSER_NOTEBOOKS overrides it, to try
    the suite itself on other notebooks)."""
    return Path(os.environ.get("AGBN_BROWSER_NOTEBOOKS", NOTEBOOKS))


def find_notebooks():
    """Every notebook that exists, in both languages, sorted by lesson then language."""
    found = []
    root = notebook_root()
    for lang in LANGUAGES:
        for path in sorted((root / lang).glob("[0-9]*.ipynb")):
            nb = json.loads(path.read_text(encoding="utf-8"))
            rel = f"notebooks/{lang}/{path.name}"      # in the repository and on the server
            info = NotebookInfo(path, rel, lang, path.stem, nb["cells"])
            info.widget_kinds = [k for k in WIDGET_KINDS if re.search(rf"\b{k}\s*\(", info.code)]
            found.append(info)
    found.sort(key=lambda i: (i.lesson, LANGUAGES.index(i.lang)))
    return found


def stripped_copy(info, dest):
    """Write the notebook without outputs or execution counts (prompts start as [ ])."""
    nb = json.loads(info.path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.get("metadata", {}).pop("widgets", None)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
