"""Build the English and Bengali notebooks from one source per lesson.

    python -m tools.build_notebooks              # catalogs + notebooks, executed (make notebooks)
    python -m tools.build_notebooks --no-execute # reuse the outputs of unchanged code cells
    python -m tools.build_notebooks --check      # exit 1 if a generated file is out of date

What it does, in order:

1. reads every lesson source ``lesson_sources/NN_name.md`` (format below);
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
Blocks that hold only math (``$$ ... $$``) and fenced code blocks are copied as they are.
Code is the same in every language, except in a cell tagged ``lang``: there ``{lang}`` is
replaced by the notebook's language code, so the first code cell of the Bengali notebook says
``torch.set_language("bn")`` and the English one ``torch.set_language("en")``.  This is the
only difference allowed between the code of two languages (tests/test_notebooks_sync.py).
Other tags (``raises-exception``, ``nbval-ignore-output``, ...) go into the cell's metadata.
"""
import argparse
import sys
from pathlib import Path

from .notebook_build.catalogs import (HEADER_COMMENT, _DATE_LINE, _new_catalog,  # noqa: F401
                                      _version, _without_dates, catalog_languages, coverage,
                                      merged_po, mo_bytes, po_text, read_po, translations,
                                      write_if_changed)
from .notebook_build.lesson_source import (_CELL_LINE, _HEADING, _ITEM,  # noqa: F401
                                           _MATH_OR_CODE, Cell, Lesson, _split_blocks,
                                           has_words, lessons, markdown_units, parse_lesson,
                                           prose_messages, translate_markdown)
from .notebook_build.message_extraction import (_module_tables,  # noqa: F401
                                                constant_messages, library_files,
                                                library_template, lesson_code_messages,
                                                prose_template)
from .notebook_build.notebook_files import (CELL_TIMEOUT, INTERNAL_TAGS,  # noqa: F401
                                            KERNELSPEC, LANGUAGE_INFO, _CurrentEnvKernelSpecs,
                                            _sanitized, _tidy_outputs, build_notebooks,
                                            carry_outputs, code_source, execute,
                                            keep_stable_outputs, load_sanitizers,
                                            notebook_languages, notebook_path, notebook_text,
                                            read_notebook, render, strip_outputs)
from .notebook_build.paths import (LIB_DOMAIN, LOCALES, NB_DIR, PKG, PKG_LOCALE,  # noqa: F401
                                   PROSE_DOMAIN, ROOT, SANITIZE_CFG, SOURCE_LANG, SRC_DIR)


def update_catalogs(log=print):
    """Steps 2-4: .pot files, merged .po files, compiled library .mo files."""
    all_lessons = lessons()
    pots = templates(all_lessons)
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


def templates(all_lessons=None):
    """{domain: the catalog template the build would write}."""
    all_lessons = lessons() if all_lessons is None else all_lessons
    return {PROSE_DOMAIN: prose_template(all_lessons), LIB_DOMAIN: library_template(all_lessons)}


def check(log=print, pots=None):
    """What would change, without writing or executing anything (empty list: all current).
    `pots`: the templates, if already computed (templates())."""
    stale = []
    all_lessons = lessons()
    pots = templates(all_lessons) if pots is None else pots
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
