"""The notebooks: rendering a lesson in one language, executing it in a fresh kernel, keeping
stable outputs, and writing the ``.ipynb`` files.
"""
import configparser
import copy
import os
import re
import sys
import tempfile
from pathlib import Path

from .catalogs import catalog_languages, translations, write_if_changed
from .lesson_source import translate_markdown
from .paths import LOCALES, NB_DIR, PROSE_DOMAIN, ROOT, SANITIZE_CFG, SOURCE_LANG

INTERNAL_TAGS = {"lang"}          # tags used by the build, not written into the notebook
CELL_TIMEOUT = 600

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


def notebook_languages():
    return [SOURCE_LANG] + [lang for lang in catalog_languages() if lang != SOURCE_LANG]


def notebook_path(lesson, lang):
    return NB_DIR / lang / f"{lesson.name}.ipynb"


def code_source(cell, lang):
    return cell.source.replace("{lang}", lang) if "lang" in cell.tags else cell.source


def render(lesson, lang, missing=None):
    """The notebook of a lesson in one language, without outputs."""
    import nbformat
    from nbformat import v4
    table = {} if lang == SOURCE_LANG else \
        translations(LOCALES / lang / "LC_MESSAGES" / f"{PROSE_DOMAIN}.po")

    def gettext(msg):
        if lang != SOURCE_LANG and msg not in table and missing is not None:
            missing.append(msg)
        return table.get(msg, msg)

    nb = v4.new_notebook()
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata = nbformat.from_dict({
        "autograd_bn": {
            "language": lang,
            "lesson": lesson.name,
            "source": lesson.rel,
            "generated_by": "python -m tools.build_notebooks (edit the source, not this file)",
        },
        "kernelspec": KERNELSPEC,
        "language_info": LANGUAGE_INFO,
    })
    for cell in lesson.cells:
        tags = [t for t in cell.tags if t not in INTERNAL_TAGS]
        meta = {"tags": tags} if tags else {}
        if cell.kind == "markdown":
            nb.cells.append(v4.new_markdown_cell(translate_markdown(cell.source, gettext),
                                                 id=cell.id, metadata=meta))
        else:
            nb.cells.append(v4.new_code_cell(code_source(cell, lang), id=cell.id, metadata=meta))
    return nb


def strip_outputs(nb):
    """A copy of a notebook without what execution adds (for comparisons)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


def load_sanitizers(path=SANITIZE_CFG):
    cfg = configparser.ConfigParser()
    cfg.read(path, encoding="utf-8")
    return [(re.compile(cfg[s]["regex"]), cfg[s]["replace"]) for s in cfg.sections()]


def _sanitized(outputs, rules):
    def clean(value):
        if isinstance(value, str):
            for rx, rep in rules:
                value = rx.sub(rep, value)
            return value
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("traceback", "metadata")}
        return value
    return clean([dict(o) for o in outputs])


class _CurrentEnvKernelSpecs:
    """A kernel spec manager whose only kernel is this Python (sys.executable)."""

    def __new__(cls):
        from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

        class Manager(KernelSpecManager):
            def get_kernel_spec(self, kernel_name):
                return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                        "{connection_file}"],
                                  display_name="Python 3 (ipykernel)", language="python")
        return Manager()


def execute(nb, workdir):
    """Run a notebook in a fresh kernel of the current environment; outputs are added in place."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    saved = {k: os.environ.get(k) for k in ("PYTHONPATH", "MPLCONFIGDIR", "AUTOGRAD_BN_LANG",
                                              "PYDEVD_DISABLE_FILE_VALIDATION")}
    with tempfile.TemporaryDirectory(prefix="mplconfig-") as mpl:
        try:
            paths = [str(ROOT)] + [p for p in (saved["PYTHONPATH"] or "").split(os.pathsep) if p]
            os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
            os.environ["MPLCONFIGDIR"] = mpl
            os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
            os.environ.pop("AUTOGRAD_BN_LANG", None)  # the notebook's first cell decides
            # nbval's comment marker `# NBVAL_RAISES_EXCEPTION` means "this cell fails on
            # purpose"; nbclient only knows the tag, so the tag is added for the run only
            # (nbval warns when a cell carries both).
            marked = [c for c in nb.cells if c.cell_type == "code" and "raises-exception" not in
                      c.metadata.get("tags", []) and re.search(
                          r"^\s*#\s*NBVAL_RAISES_EXCEPTION\s*$", c.source, re.M)]
            for c in marked:
                c.metadata.setdefault("tags", []).append("raises-exception")
            km = KernelManager(kernel_name="python3",
                               kernel_spec_manager=_CurrentEnvKernelSpecs())
            # Widget state (random model ids, PNG images) is not stored: a widget needs its
            # kernel anyway, and without it the build stays reproducible.
            client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, record_timing=False,
                                    allow_errors=False, store_widget_state=False,
                                    resources={"metadata": {"path": str(workdir)}})
            client.execute(cwd=str(workdir))
            for c in marked:
                c.metadata["tags"].remove("raises-exception")
                if not c.metadata["tags"]:
                    del c.metadata["tags"]
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    nb.metadata.language_info = copy.deepcopy(LANGUAGE_INFO)  # no Python patch version
    return nb


def _tidy_outputs(nb):
    """Shorten the tracebacks of cells that fail on purpose (tagged raises-exception).

    IPython's traceback lists the cell's own frame, then every frame below it, then the error
    line.  autograd_bn already leaves its own frames out in IPython (autograd_bn/_tracebacks.py);
    this keeps the stored notebook to the cell's frame and the error line whatever else a
    traceback holds: frames carry absolute paths and line numbers that change with every edit,
    and say nothing to a reader.  The exception's class and message (`ename`,
    `evalue`), which nbval compares, are untouched; nbval never compares tracebacks.
    """
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and len(out["traceback"]) > 4:
                tb = out["traceback"]
                out["traceback"] = tb[:3] + tb[-1:]
        _coalesce_streams(cell)


def _coalesce_streams(cell):
    """Join consecutive outputs of the same stream: how the kernel splits printed text into
    messages depends on timing, and the stored notebook should not."""
    merged = []
    for out in cell.get("outputs", []):
        prev = merged[-1] if merged else None
        if (prev is not None and out.get("output_type") == "stream"
                and prev.get("output_type") == "stream" and prev.get("name") == out.get("name")):
            text = prev["text"] if isinstance(prev["text"], str) else "".join(prev["text"])
            more = out["text"] if isinstance(out["text"], str) else "".join(out["text"])
            prev["text"] = text + more
        else:
            merged.append(out)
    if "outputs" in cell:
        cell["outputs"] = merged


def keep_stable_outputs(new, old, rules):
    """Where a cell's outputs equal the stored ones after sanitising, keep the stored ones."""
    if old is None:
        return new
    _tidy_outputs(old)
    by_id = {c.get("id"): c for c in old.cells if c.cell_type == "code"}
    for cell in new.cells:
        prev = by_id.get(cell.get("id"))
        if cell.cell_type != "code" or prev is None or prev.source != cell.source:
            continue
        if prev.execution_count == cell.execution_count and \
                _sanitized(prev.outputs, rules) == _sanitized(cell.outputs, rules):
            cell.outputs = prev.outputs
    return new


def carry_outputs(new, old):
    """--no-execute: give unchanged code cells their stored outputs (others stay unrun)."""
    if old is None:
        return new
    by_id = {c.get("id"): c for c in old.cells if c.cell_type == "code"}
    for cell in new.cells:
        prev = by_id.get(cell.get("id"))
        if cell.cell_type == "code" and prev is not None and prev.source == cell.source:
            cell.outputs = prev.outputs
            cell.execution_count = prev.execution_count
    return new


def notebook_text(nb):
    import nbformat
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def read_notebook(path):
    import nbformat
    return nbformat.read(str(path), as_version=4) if Path(path).exists() else None


def build_notebooks(all_lessons, run=True, log=print):
    rules = load_sanitizers()
    for lesson in all_lessons:
        for lang in notebook_languages():
            path = notebook_path(lesson, lang)
            missing = []
            nb = render(lesson, lang, missing)
            for msg in missing:
                log(f"warning: {lang}/{lesson.name}: untranslated, shown in English: "
                    f"{msg[:60]!r}")
            old = read_notebook(path)
            if run:
                path.parent.mkdir(parents=True, exist_ok=True)
                log(f"executing {path.relative_to(ROOT)} ...")
                execute(nb, path.parent)
                _tidy_outputs(nb)
                keep_stable_outputs(nb, old, rules)
            else:
                carry_outputs(nb, old)
            if write_if_changed(path, notebook_text(nb), compare=lambda s: s):
                log(f"wrote {path.relative_to(ROOT)}")
