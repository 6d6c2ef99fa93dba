"""The comparison nbval makes between a cell's stored outputs and a new run, for outputs read
from the browser (nbval itself needs a Jupyter kernel, which the site does not have).

As nbval (0.11) does it: streams of one name are joined; each output's text fields are
compared after the sanitising rules of tests/nbval_sanitize.cfg; stream text, ``text/plain``,
``text/html``, ``text/latex`` and ``image/svg+xml`` data and an error's ``ename`` / ``evalue``
are compared; images, widget views and tracebacks are not; a cell tagged
``nbval-ignore-output`` (or marked ``# NBVAL_IGNORE_OUTPUT``) is not compared; ``nbval-skip``
cells are not run by nbval and not compared here.  One difference is the site's: its figures
are SVG (text drawn by the browser), the stored ones PNG, so a figure's image is compared in
neither form; its ``text/plain`` (``<Figure size 450x450 with 1 Axes>``) is.  And a cell tagged
``raises-exception`` shows its traceback on stderr in the site (tools/site/kernel/agbn_site: so
that Run All goes on); its last line, ``RuntimeError: message``, is compared with the stored
error's ``ename: evalue``.
"""
import configparser
import re
from pathlib import Path

CFG = Path(__file__).resolve().parents[1] / "nbval_sanitize.cfg"
COMPARED = ("text/plain", "text/html", "text/latex")
IGNORE_TAGS = ("nbval-ignore-output", "nbval-skip")
IGNORE_MARKS = ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def sanitizers(path=CFG):
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


def _text(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def comparable(outputs, rules):
    """The outputs as nbval compares them: a list of (kind, text)."""
    def clean(text):
        for rx, rep in rules:
            text = rx.sub(rep, text)
        return text

    items = []
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            key = f"stream:{out['name']}"
            if items and items[-1][0] == key:
                items[-1] = (key, items[-1][1] + _text(out["text"]))
            else:
                items.append((key, _text(out["text"])))
        elif kind in ("execute_result", "display_data"):
            for mime in COMPARED:
                if mime in out.get("data", {}):
                    items.append((f"{kind}:{mime}", _text(out["data"][mime])))
        elif kind == "error":
            items.append(("error", f"{out['ename']}: {out['evalue']}"))
    return [(k, clean(v)) for k, v in items]


def ignored(cell):
    tags = cell.get("metadata", {}).get("tags", [])
    source = _text(cell.get("source", ""))
    return any(t in tags for t in IGNORE_TAGS) or any(m in source for m in IGNORE_MARKS)


def raises(cell):
    return "raises-exception" in cell.get("metadata", {}).get("tags", [])


def error_from_stderr(items):
    """The site's form of an expected error (its traceback on stderr) as nbval's (ename: evalue)."""
    out = []
    for kind, text in items:
        if kind == "stream:stderr":
            lines = [ln for ln in ANSI.sub("", text).splitlines() if ln.strip()]
            if lines and re.match(r"^[\w.]+(Error|Exception|Warning)\b.*: ", lines[-1]):
                kind, text = "error", lines[-1]
        out.append((kind, text))
    return out


def differences(ref_cells, new_cells, rules):
    """Cells whose new outputs differ from the stored ones: [(cell id, expected, got)]."""
    found = []
    by_id = {c["id"]: c for c in new_cells}
    for cell in ref_cells:
        if cell["cell_type"] != "code" or ignored(cell):
            continue
        new = by_id.get(cell.get("id"))
        got = comparable(new["outputs"], rules) if new else None
        if got and raises(cell):
            got = error_from_stderr(got)
        expected = comparable(cell.get("outputs", []), rules)
        if got != expected:
            found.append((cell.get("id"), expected, got))
    return found
