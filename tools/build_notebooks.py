"""Build the English and Bengali notebooks from one source per lesson.

    python -m tools.build_notebooks              # catalogs + notebooks, executed (make notebooks)
    python -m tools.build_notebooks --no-execute # reuse the outputs of unchanged code cells
    python -m tools.build_notebooks --check      # exit 1 if a generated file is out of date

What it does, in order:

1. reads every lesson source ``notebooks/src/NN_name.md`` (format below);
2. extracts the prose messages into ``locales/notebooks.pot`` and the library's messages (every
   ``_("...")`` / ``N_("...")`` in ``autograd_bn/**/*.py``, with Babel's Python extractor) into
   ``locales/autograd_bn.pot``;
3. merges both templates into ``locales/<lang>/LC_MESSAGES/*.po`` (a changed English message
   turns its translation fuzzy, a new one is added untranslated);
4. compiles the library catalog into ``autograd_bn/locale/<lang>/LC_MESSAGES/autograd_bn.mo``,
   which ships inside the package;
5. writes ``notebooks/<lang>/NN_name.ipynb`` for English and every catalog language: markdown
   cells translated paragraph by paragraph, code cells identical in every language;
6. executes each notebook in a fresh kernel of the current Python environment (the notebook's
   folder as working directory, a fresh ``MPLCONFIGDIR``) and saves it with its outputs.

Re-running the build gives byte-identical files: cell ids come from the source, metadata is
fixed, files whose messages did not change are not rewritten (the dates in catalog headers
stay), and a cell's new outputs replace the stored ones only if they differ after the
sanitising rules of ``tests/nbval_sanitize.cfg`` (object addresses).  A cell that fails on
purpose keeps a short traceback: its own frame and the error line (see ``_tidy_outputs``).

Lesson source format
--------------------
A lesson is a Markdown file cut into cells by lines of the form::

    %% markdown <cell-id>
    %% code <cell-id> [tag ...]

Markdown is written in English.  Each block separated by blank lines is one message for
translators: a heading (the text after the ``#``s), one item of a ``-`` list, or a paragraph.
Blocks that hold only math (``$$ ... $$``) are copied as they are.  Code is the same in every
language, except in a cell tagged ``lang``: there ``{lang}`` is replaced by the notebook's
language code, so the first code cell of the Bengali notebook says
``torch.set_language("bn")`` and the English one ``torch.set_language("en")``.  This is the
only difference allowed between the code of two languages (tests/test_notebooks_sync.py).
Other tags (``raises-exception``, ``nbval-ignore-output``, ...) go into the cell's metadata.
"""
import argparse
import ast
import configparser
import copy
import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC_DIR = ROOT / "notebooks" / "src"
NB_DIR = ROOT / "notebooks"
LOCALES = ROOT / "locales"
PKG = ROOT / "autograd_bn"
PKG_LOCALE = PKG / "locale"
SANITIZE_CFG = ROOT / "tests" / "nbval_sanitize.cfg"

SOURCE_LANG = "en"
PROSE_DOMAIN = "notebooks"
LIB_DOMAIN = "autograd_bn"
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
HEADER_COMMENT = ("# {title} for autograd_bn.\n"
                  "# This file is distributed under the same license as the autograd_bn project.\n"
                  "# Generated and merged by `python -m tools.build_notebooks`; edit only msgstr.\n"
                  "#")
_DATE_LINE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.M)


# --------------------------------------------------------------------------- lesson sources
@dataclass
class Cell:
    kind: str                     # "markdown" | "code"
    id: str
    tags: list
    source: str
    line: int                     # 1-based line of the cell's first content line


@dataclass
class Lesson:
    name: str                     # "01_autograd"
    path: Path
    cells: list = field(default_factory=list)

    @property
    def rel(self):
        return self.path.relative_to(ROOT).as_posix()


_CELL_LINE = re.compile(r"^%% (markdown|code) ([A-Za-z0-9_-]{1,64})((?: [A-Za-z0-9_-]+)*)\s*$")


def parse_lesson(path):
    path = Path(path)
    lesson = Lesson(path.stem, path)
    seen = set()
    current = None
    lines = path.read_text(encoding="utf-8").splitlines()
    for no, line in enumerate(lines, 1):
        if line.startswith("%% "):
            m = _CELL_LINE.match(line)
            if not m:
                raise ValueError(f"{path}:{no}: bad cell line {line!r}")
            kind, cid, tags = m.group(1), m.group(2), m.group(3).split()
            if cid in seen:
                raise ValueError(f"{path}:{no}: duplicate cell id {cid!r}")
            seen.add(cid)
            current = Cell(kind, cid, tags, [], no + 1)
            lesson.cells.append(current)
        elif current is None:
            if line.strip():
                raise ValueError(f"{path}:{no}: text before the first cell line")
        else:
            current.source.append(line)
    for cell in lesson.cells:
        cell.source = "\n".join(cell.source).strip("\n")
    return lesson


def lessons():
    return [parse_lesson(p) for p in sorted(SRC_DIR.glob("[0-9]*.md"))]


# --------------------------------------------------------------------------- markdown blocks
_HEADING = re.compile(r"^(#{1,6}) +(.*\S)\s*$")
_ITEM = re.compile(r"^([-*]) +")
_MATH_OR_CODE = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`", re.S)


def _split_blocks(text):
    """Blocks separated by blank lines; a $$ or ``` block stays whole even across blank lines."""
    blocks, cur, fence = [], [], None
    for line in text.split("\n"):
        s = line.strip()
        if fence is None and not s:
            if cur:
                blocks.append("\n".join(cur))
                cur = []
            continue
        cur.append(line)
        for marker in ("$$", "```"):
            if s.startswith(marker) or (marker == "$$" and s.endswith(marker)):
                n = s.count(marker)
                if fence is None and n % 2 == 1:
                    fence = marker
                elif fence == marker and n % 2 == 1:
                    fence = None
    if cur:
        blocks.append("\n".join(cur))
    return blocks


def has_words(text):
    """Whether a block has prose outside math and code spans (else it is copied verbatim)."""
    return re.search(r"[^\W\d_]", _MATH_OR_CODE.sub("", text)) is not None


def markdown_units(text):
    """[(kind, prefix, text)] for one markdown cell.

    kind is "block" (a message starting a new block), "item" (a message continuing a list) or
    "verbatim" (math only, copied as it is); prefix is the markup kept outside the message
    ("## ", "- ").  A list gives one message per item.
    """
    units = []
    for block in _split_blocks(text):
        lines = block.split("\n")
        m = _HEADING.match(block) if len(lines) == 1 else None
        if m:
            units.append(("block", m.group(1) + " ", m.group(2)))
        elif _ITEM.match(lines[0]):
            items = []
            for line in lines:
                if _ITEM.match(line):
                    items.append([line])
                else:
                    items[-1].append(line)
            for k, item in enumerate(items):
                first = item[0]
                prefix = _ITEM.match(first).group(0)
                msg = "\n".join([first[len(prefix):]] + [x.strip() for x in item[1:]])
                units.append(("item" if k else "block", prefix, msg))
        elif has_words(block):
            units.append(("block", "", block))
        else:
            units.append(("verbatim", "", block))
    return units


def prose_messages(lesson):
    """[(message, cell id, line)] of a lesson, in order."""
    out = []
    for cell in lesson.cells:
        if cell.kind != "markdown":
            continue
        for kind, _prefix, msg in markdown_units(cell.source):
            if kind != "verbatim":
                out.append((msg, cell.id, cell.line))
    return out


def translate_markdown(text, gettext):
    """Rebuild a markdown cell with each message passed through gettext."""
    parts = []
    for kind, prefix, msg in markdown_units(text):
        piece = msg if kind == "verbatim" else prefix + gettext(msg)
        if kind == "item" and parts:
            parts[-1] += "\n" + piece
        else:
            parts.append(piece)
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- catalogs
def _new_catalog(title, locale=None):
    from babel.messages.catalog import Catalog
    cat = Catalog(locale=locale, project="autograd_bn", version=_version(),
                  copyright_holder="autograd_bn contributors", charset="utf-8",
                  msgid_bugs_address="")
    cat.header_comment = HEADER_COMMENT.format(title=title)
    return cat


def _version():
    text = (PKG / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def prose_template(all_lessons=None):
    cat = _new_catalog("Notebook prose (translations template)")
    for lesson in all_lessons if all_lessons is not None else lessons():
        for msg, cid, line in prose_messages(lesson):
            cat.add(msg, locations=[(lesson.rel, line)], auto_comments=[f"cell: {cid}"])
    return cat


def library_files():
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def library_template():
    """Every message of the package: what Babel's Python extractor finds in `_("...")` and
    `N_("...")` calls, plus the module-level string constants passed to `_()` by name
    (`_(NOT_SCALAR)`), which Babel cannot see.
    """
    from babel.messages.extract import extract_from_file
    cat = _new_catalog("Messages of the autograd_bn library (translations template)")
    for path in library_files():
        rel = path.relative_to(ROOT).as_posix()
        for lineno, msg, comments, _ctx in extract_from_file(
                "python", str(path), keywords={"_": None, "N_": None},
                comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
            if isinstance(msg, tuple):  # plural forms are not used by the library
                msg = msg[0]
            if msg:
                cat.add(msg, locations=[(rel, lineno)], auto_comments=list(comments))
    found, _problems = constant_messages()
    for msg, rel, lineno in found:
        cat.add(msg, locations=[(rel, lineno)])
    return cat


def _module_tables():
    """{path: (tree, {name: str constant}, {name: (module path, name)})} of the package."""
    modules = {}
    for path in library_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        consts, imports = {}, {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name):
                v = node.value
                if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and \
                        v.func.id == "N_" and v.args:
                    v = v.args[0]
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    consts[node.targets[0].id] = v.value
            elif isinstance(node, ast.ImportFrom) and node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                target = base.joinpath(*node.module.split(".")) if node.module else base
                for alias in node.names:
                    imports[alias.asname or alias.name] = (target, alias.name)
        modules[path] = (tree, consts, imports)
    return modules


def constant_messages():
    """Messages passed to `_()` through a name, and the `_()` calls nobody can extract.

    `_(NAME)` resolves NAME to a module-level string constant of its module, following
    `from .x import NAME`; otherwise to what the module assigns to NAME (`message = A if c else
    B`), a parameter's default value or what the module's calls pass for it; `_(a if c else b)` is resolved branch by branch, and
    a dict lookup `{k: A, ...}[key]` / `.get(key, B)` value by value.  Returns ([(message, path, line)], ["path:line: reason"]).
    """
    modules = _module_tables()

    def resolve(path, name, depth=0):
        if path not in modules or depth > 5:
            return None
        _tree, consts, imports = modules[path]
        if name in consts:
            return consts[name]
        if name in imports:
            target, orig = imports[name]
            for cand in (target.with_suffix(".py"), target / "__init__.py"):
                if cand in modules:
                    return resolve(cand, orig, depth + 1)
        return None

    found, problems = [], []
    for path, (tree, _consts, _imports) in modules.items():
        rel = path.relative_to(ROOT).as_posix()
        defaults = {}  # name -> expressions it may hold: parameter defaults, local assignments
        for f in ast.walk(tree):
            if isinstance(f, ast.Assign):
                for t in f.targets:
                    if isinstance(t, ast.Name):
                        defaults.setdefault(t.id, []).append(f.value)
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                pos = f.args.posonlyargs + f.args.args
                for a, d in zip(pos[len(pos) - len(f.args.defaults):], f.args.defaults):
                    defaults.setdefault(a.arg, []).append(d)
                for a, d in zip(f.args.kwonlyargs, f.args.kw_defaults):
                    defaults.setdefault(a.arg, []).append(d)
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # what the module's own calls pass: _warn_once(SOME_MESSAGE)
                pos = [a.arg for a in f.args.posonlyargs + f.args.args]
                for call in ast.walk(tree):
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and \
                            call.func.id == f.name:
                        for a, v in zip(pos, call.args):
                            defaults.setdefault(a, []).append(v)
                        for kw in call.keywords:
                            if kw.arg:
                                defaults.setdefault(kw.arg, []).append(kw.value)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "_" and node.args):
                continue
            todo, seen = [node.args[0]], set()
            while todo:
                arg = todo.pop()
                if id(arg) in seen:
                    continue
                seen.add(id(arg))
                if isinstance(arg, ast.IfExp):
                    todo += [arg.body, arg.orelse]
                elif isinstance(arg, ast.Dict):
                    todo += [v for v in arg.values if v is not None]
                elif isinstance(arg, ast.Subscript):
                    todo.append(arg.value)                        # TABLE[key], {...}[key]
                elif isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and \
                        arg.func.attr == "get":
                    todo += [arg.func.value] + arg.args[1:]       # TABLE.get(key, default)
                elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    pass  # Babel's extractor has it
                elif isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and \
                        arg.func.id == "N_":
                    pass  # _(N_("...")): Babel's extractor has it
                elif isinstance(arg, ast.Name) and resolve(path, arg.id) is not None:
                    found.append((resolve(path, arg.id), rel, node.lineno))
                elif isinstance(arg, ast.Name) and arg.id in defaults:
                    todo += [d for d in defaults[arg.id] if d is not None]
                else:
                    problems.append(f"{rel}:{node.lineno}: _() of a computed string cannot be "
                                    "extracted; pass a literal or a module-level constant")
    return found, problems


def read_po(path, locale=None):
    from babel.messages.pofile import read_po as _read
    with open(path, "rb") as f:
        return _read(f, locale=locale)


def po_text(catalog):
    from babel.messages.pofile import write_po
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, include_lineno=False, sort_output=False,
             sort_by_file=False, ignore_obsolete=True, include_previous=False)
    return buf.getvalue().decode("utf-8")


def _without_dates(text):
    return _DATE_LINE.sub("", text)


def write_if_changed(path, text, compare=_without_dates):
    """Write text unless the file has the same content (dates in headers aside)."""
    path = Path(path)
    if path.exists() and compare(path.read_text(encoding="utf-8")) == compare(text):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def catalog_languages():
    return sorted(p.name for p in LOCALES.iterdir()
                  if p.is_dir() and (p / "LC_MESSAGES").is_dir()) if LOCALES.is_dir() else []


def merged_po(template, po_path, lang):
    """The catalog at po_path (or a new one) updated from template, not yet written."""
    if Path(po_path).exists():
        cat = read_po(po_path, locale=lang)
    else:
        cat = _new_catalog(f"{lang} translation", locale=lang)
        cat.header_comment = template.header_comment.replace("translations template",
                                                             f"{lang} translation")
        cat.fuzzy = False
        cat.last_translator = "autograd_bn contributors"
        cat.language_team = "autograd_bn contributors"
    cat.update(template, no_fuzzy_matching=False, update_header_comment=False,
               update_creation_date=False)
    return cat


def mo_bytes(catalog):
    from babel.messages.mofile import write_mo
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def translations(po_path):
    """{msgid: msgstr} of the translated, non-fuzzy messages of a .po file."""
    if not Path(po_path).exists():
        return {}
    cat = read_po(po_path)
    return {m.id: m.string for m in cat if m.id and m.string and not m.fuzzy}


def coverage(po_path):
    """(translated, fuzzy, untranslated) counts of a .po file."""
    cat = read_po(po_path)
    t = f = u = 0
    for m in cat:
        if not m.id:
            continue
        if m.fuzzy:
            f += 1
        elif m.string:
            t += 1
        else:
            u += 1
    return t, f, u


def update_catalogs(log=print):
    """Steps 2-4: .pot files, merged .po files, compiled library .mo files."""
    all_lessons = lessons()
    pots = {PROSE_DOMAIN: prose_template(all_lessons), LIB_DOMAIN: library_template()}
    for problem in constant_messages()[1]:
        log("warning: " + problem)
    for domain, pot in pots.items():
        if write_if_changed(LOCALES / f"{domain}.pot", po_text(pot)):
            log(f"wrote locales/{domain}.pot")
    for lang in catalog_languages():
        for domain, pot in pots.items():
            po_path = LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
            cat = merged_po(pot, po_path, lang)
            if write_if_changed(po_path, po_text(cat)):
                log(f"wrote {po_path.relative_to(ROOT)}")
            t, f, u = coverage(po_path)
            log(f"{lang}/{domain}: {t} translated, {f} fuzzy, {u} untranslated")
        lib_po = LOCALES / lang / "LC_MESSAGES" / f"{LIB_DOMAIN}.po"
        mo_path = PKG_LOCALE / lang / "LC_MESSAGES" / f"{LIB_DOMAIN}.mo"
        data = mo_bytes(read_po(lib_po, locale=lang))
        if not mo_path.exists() or mo_path.read_bytes() != data:
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            mo_path.write_bytes(data)
            log(f"wrote {mo_path.relative_to(ROOT)}")
    return all_lessons


# --------------------------------------------------------------------------- notebooks
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

    IPython's traceback lists the cell's own frame, then every frame inside autograd_bn, then
    the error line.  The stored notebook keeps the cell's frame and the error line: the
    library's frames carry absolute paths and line numbers that change with every edit of the
    library, and say nothing to a reader.  The exception's class and message (`ename`,
    `evalue`), which nbval compares, are untouched; nbval never compares tracebacks.
    """
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and len(out["traceback"]) > 4:
                tb = out["traceback"]
                out["traceback"] = tb[:3] + tb[-1:]


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


def check(log=print):
    """What would change, without writing or executing anything (empty list: all current)."""
    stale = []
    all_lessons = lessons()
    pots = {PROSE_DOMAIN: prose_template(all_lessons), LIB_DOMAIN: library_template()}
    for domain, pot in pots.items():
        path = LOCALES / f"{domain}.pot"
        if not path.exists() or _without_dates(path.read_text("utf-8")) != \
                _without_dates(po_text(pot)):
            stale.append(path)
        for lang in catalog_languages():
            po_path = LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
            if not po_path.exists() or _without_dates(po_path.read_text("utf-8")) != \
                    _without_dates(po_text(merged_po(pot, po_path, lang))):
                stale.append(po_path)
    for lesson in all_lessons:
        for lang in notebook_languages():
            path = notebook_path(lesson, lang)
            old = read_notebook(path)
            if old is None or strip_outputs(old) != strip_outputs(render(lesson, lang)):
                stale.append(path)
    for p in stale:
        log(f"out of date: {Path(p).relative_to(ROOT)}")
    return stale


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m tools.build_notebooks", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-execute", action="store_true",
                    help="do not run the notebooks; unchanged code cells keep their outputs")
    ap.add_argument("--check", action="store_true",
                    help="only report out-of-date files (exit status 1 if any)")
    args = ap.parse_args(argv)
    if args.check:
        return 1 if check() else 0
    all_lessons = update_catalogs()
    build_notebooks(all_lessons, run=not args.no_execute)
    return 0


if __name__ == "__main__":
    sys.exit(main())
