"""Write the static chain-rule pages the lessons link to: docs/explorer/<lesson>-<lang>.html.

    python -m tools.chain_pages            # write the pages
    python -m tools.chain_pages --check    # exit 1 if a committed page is out of date

For every lesson source with a code cell ``chain-explorer``, and every notebook language, the
lesson's code cells before it run in a fresh namespace (as the notebook runs them; cells tagged
``raises-exception`` are left out), then the cell's last line, the ``ChainRuleExplorer(...)``
call, gives the explorer whose ``export_html`` is the page: the same graph and numbers as the
notebook, and no kernel, network or MathJax needed to read it.
"""
import argparse
import contextlib
import io
import sys

from tools.notebook_build.lesson_source import lessons
from tools.notebook_build.notebook_files import code_source, notebook_languages
from tools.notebook_build.paths import ROOT

OUT = ROOT / "docs" / "explorer"
CELL = "chain-explorer"


def page_path(lesson, lang):
    return OUT / f"{lesson}-{lang}.html"


def build(lesson, lang):
    """The page's HTML for one lesson and language."""
    import matplotlib
    matplotlib.use("Agg")
    import autograd_bn
    ns = {"__name__": "__lesson__"}
    with contextlib.redirect_stdout(io.StringIO()):        # the lesson's own printing
        return _run(lesson, lang, ns, autograd_bn)


def _run(lesson, lang, ns, autograd_bn):
    try:
        for cell in lesson.cells:
            if cell.kind != "code" or "raises-exception" in cell.tags:
                continue
            source = code_source(cell, lang)
            if cell.id == CELL:
                *body, last = source.rstrip().splitlines()
                exec(compile("\n".join(body), f"<{lesson.name}:{cell.id}>", "exec"), ns)
                explorer = eval(compile(last, f"<{lesson.name}:{cell.id}>", "eval"), ns)
                return explorer.export_html()
            exec(compile(source, f"<{lesson.name}:{cell.id}>", "exec"), ns)
    finally:
        autograd_bn.set_language("en")
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    stale = []
    for lesson in lessons():
        if not any(c.id == CELL for c in lesson.cells):
            continue
        for lang in notebook_languages():
            text = build(lesson, lang)
            path = page_path(lesson.name, lang)
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old == text:
                continue
            if args.check:
                stale.append(path.relative_to(ROOT).as_posix())
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT).as_posix()}")
    if stale:
        print("out of date (run python -m tools.chain_pages): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
