"""Gettext catalogs: reading and writing .po files, merging a template into them, compiling .mo
files, and writing a generated file only when it changed (dates in catalog headers aside).
"""
import io
import re
from pathlib import Path

from .paths import LOCALES, PKG

HEADER_COMMENT = ("# {title} for autograd_bn.\n"
                  "# This file is distributed under the same license as the autograd_bn project.\n"
                  "# Generated and merged by `python -m tools.build_notebooks`; edit only msgstr.\n"
                  "#")
_DATE_LINE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.M)


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
