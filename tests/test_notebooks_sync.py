"""The notebooks, their sources and the message catalogs agree with each other.

Every check here is mechanical drift detection: a sentence added to a lesson without a
translation, a notebook edited by hand instead of rebuilt, a code cell that differs between the
languages, a .mo older than its .po, a library message missing from the catalog, a glossary term
used inconsistently.  The fix is almost always `make notebooks` (python -m tools.build_notebooks)
and then translating what it reports in locales/<lang>/LC_MESSAGES/*.po.
"""
import gettext
import re
import string
from pathlib import Path

import pytest

pytest.importorskip("babel")
nbformat = pytest.importorskip("nbformat")

from tools import build_notebooks as B  # noqa: E402

LESSONS = B.lessons()
CATALOG_LANGS = [lang for lang in B.catalog_languages() if lang != B.SOURCE_LANG]
NB_LANGS = B.notebook_languages()
FIX = "run `make notebooks` (python -m tools.build_notebooks)"


def _po(lang, domain):
    return B.LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


def _untranslated(po_path, wanted):
    """The messages of `wanted` that the catalog lacks, leaves empty or marks fuzzy."""
    cat = B.read_po(po_path)
    bad = []
    for msg in wanted:
        m = cat.get(msg)
        if m is None:
            bad.append(("missing", msg))
        elif m.fuzzy:
            bad.append(("fuzzy", msg))
        elif not m.string:
            bad.append(("untranslated", msg))
    return bad


def _report(bad):
    return "\n".join(f"  {kind}: {msg[:100]!r}" for kind, msg in bad)


def test_there_is_a_lesson_and_a_translation():
    assert LESSONS, "no lesson source in lesson_sources/"
    assert "bn" in CATALOG_LANGS


# --------------------------------------------------------------------------- prose catalog
@pytest.mark.parametrize("lang", CATALOG_LANGS)
def test_prose_fully_translated(lang):
    wanted = dict.fromkeys(msg for lesson in LESSONS for msg, _c, _l in B.prose_messages(lesson))
    bad = _untranslated(_po(lang, B.PROSE_DOMAIN), wanted)
    assert not bad, (f"{len(bad)} prose message(s) not translated in "
                     f"locales/{lang}/LC_MESSAGES/notebooks.po ({FIX} first):\n" + _report(bad))


def test_fenced_code_is_copied_not_translated():
    """A ``` block of a lesson's prose is code: translators never see it, both languages show it
    as it is, and the style checks do not read its brackets as glosses."""
    text = "Predict `x.grad`:\n\n```python\nx = (a * b).sum()\n```\n\nThen answer."
    assert [kind for kind, _p, _m in B.markdown_units(text)] == ["block", "verbatim", "block"]
    assert B.translate_markdown(text, lambda m: f"<{m}>") == \
        "<Predict `x.grad`:>\n\n```python\nx = (a * b).sum()\n```\n\n<Then answer.>"
    assert "(a * b)" not in B._MATH_OR_CODE.sub(" ", text)


@pytest.fixture(scope="module")
def templates():
    """The catalog templates the build would write (Babel's extraction over the package: once)."""
    return B.templates(LESSONS)


@pytest.fixture(scope="module")
def stale_files(templates):
    """Every generated file that the build would change (renders every notebook: once)."""
    return B.check(log=lambda *_: None, pots=templates)


@pytest.mark.parametrize("domain", [B.PROSE_DOMAIN, B.LIB_DOMAIN])
def test_catalogs_current(domain, stale_files):
    """The .pot and every .po hold exactly the messages the build would write."""
    assert B.LOCALES.joinpath(f"{domain}.pot").exists(), FIX
    stale = [p for p in stale_files
             if Path(p).suffix in (".pot", ".po") and Path(p).stem == domain]
    assert not stale, f"out of date: {[str(Path(p).relative_to(B.ROOT)) for p in stale]}; {FIX}"


# --------------------------------------------------------------------------- library catalog
def test_library_messages_extractable():
    """Every `_()` call passes a message the extractor can see (literal or named constant)."""
    problems = B.constant_messages()[1]
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def library_messages(templates):
    return [m.id for m in templates[B.LIB_DOMAIN] if m.id]


def test_library_messages_in_template(library_messages):
    pot = B.read_po(B.LOCALES / f"{B.LIB_DOMAIN}.pot")
    missing = [m for m in library_messages if m not in pot]
    assert not missing, (f"{len(missing)} library message(s) missing from "
                         f"locales/autograd_bn.pot ({FIX}):\n" +
                         _report([("missing", m) for m in missing]))


@pytest.mark.parametrize("lang", CATALOG_LANGS)
def test_library_messages_translated(lang, library_messages):
    bad = _untranslated(_po(lang, B.LIB_DOMAIN), library_messages)
    assert not bad, (f"{len(bad)} library message(s) not translated in "
                     f"locales/{lang}/LC_MESSAGES/autograd_bn.po:\n" + _report(bad))


@pytest.mark.parametrize("lang", CATALOG_LANGS)
def test_mo_matches_po(lang):
    """The .mo shipped in the package holds exactly the translated messages of the .po."""
    mo = B.PKG_LOCALE / lang / "LC_MESSAGES" / f"{B.LIB_DOMAIN}.mo"
    assert mo.exists(), f"{mo.relative_to(B.ROOT)} missing; {FIX}"
    with open(mo, "rb") as f:
        compiled = dict(gettext.GNUTranslations(f)._catalog)
    compiled.pop("", None)
    assert compiled == B.translations(_po(lang, B.LIB_DOMAIN)), \
        f"{mo.relative_to(B.ROOT)} is stale against its .po; {FIX}"


def _fields(text):
    out = set()
    for _lit, name, spec, conv in string.Formatter().parse(text):
        if name is not None:
            out.add((name, spec or "", conv or ""))
    return out


@pytest.mark.parametrize("lang", CATALOG_LANGS)
@pytest.mark.parametrize("domain", [B.PROSE_DOMAIN, B.LIB_DOMAIN])
def test_translations_keep_format_fields(lang, domain):
    """`{name}` fields (library) and `$math$` / `code` spans (prose) survive translation."""
    bad = []
    for msgid, msgstr in B.translations(_po(lang, domain)).items():
        if domain == B.LIB_DOMAIN:
            if _fields(msgid) != _fields(msgstr):
                bad.append(msgid)
        else:
            spans = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`", re.S)
            if sorted(set(spans.findall(msgid))) != sorted(set(spans.findall(msgstr))):
                bad.append(msgid)
    assert not bad, "translation changes the fields/math/code of:\n" + \
        _report([("changed", m) for m in bad])


# --------------------------------------------------------------------------- notebooks
@pytest.mark.parametrize("lang", NB_LANGS)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.name)
def test_notebook_matches_build(lesson, lang):
    """The committed notebook is what the build produces from source + catalog (outputs aside)."""
    path = B.notebook_path(lesson, lang)
    assert path.exists(), f"{path.relative_to(B.ROOT)} missing; {FIX}"
    stored = B.strip_outputs(nbformat.read(str(path), as_version=4))
    built = B.strip_outputs(B.render(lesson, lang))
    assert [c.get("id") for c in stored.cells] == [c.get("id") for c in built.cells], FIX
    for s, b in zip(stored.cells, built.cells):
        assert s == b, f"{path.relative_to(B.ROOT)}: cell {s.get('id')!r} differs; {FIX}"
    assert stored.metadata == built.metadata, FIX


@pytest.mark.parametrize("lang", NB_LANGS)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.name)
def test_notebook_executed(lesson, lang):
    """Every code cell of a committed notebook ran, in order, so nbval compares all of them."""
    nb = nbformat.read(str(B.notebook_path(lesson, lang)), as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), \
        f"code cells not all executed in order: {counts}; run `make notebooks`"


_SET_LANGUAGE = re.compile(r"""\bset_language\((["'])([A-Za-z_-]+)\1\)""")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.name)
def test_code_cells_identical_across_languages(lesson):
    """Only the language chosen in the first code cell may differ between languages."""
    nbs = {lang: nbformat.read(str(B.notebook_path(lesson, lang)), as_version=4)
           for lang in NB_LANGS}
    ref_lang = B.SOURCE_LANG
    ref = [c for c in nbs[ref_lang].cells if c.cell_type == "code"]
    for lang, nb in nbs.items():
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert [c.id for c in code] == [c.id for c in ref], f"{lang}: code cells differ"
        for k, (a, b) in enumerate(zip(code, ref)):
            langs = [m.group(2) for m in _SET_LANGUAGE.finditer(a.source)]
            if k == 0:
                assert langs == [lang], f"{lang}: first code cell must set_language({lang!r})"
            else:
                assert not langs, f"{lang}: set_language outside the first code cell ({a.id})"
            norm = _SET_LANGUAGE.sub("set_language(LANG)", a.source)
            assert norm == _SET_LANGUAGE.sub("set_language(LANG)", b.source), \
                f"{lang}: code cell {a.id!r} differs from {ref_lang}"
            assert a.metadata.get("tags", []) == b.metadata.get("tags", []), a.id


# --------------------------------------------------------------------------- glossary
_BN = "\u0980-\u09FF\u200c\u200d"


def glossary_table(header):
    """The rows (lists of cells) of the table of locales/glossary.md whose first header cell
    is `header` (the glossary has several tables: terms, code words, words to avoid)."""
    rows, current = [], None
    for line in (B.LOCALES / "glossary.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            current = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current is None:
            current = cells[0]
        elif current == header and not set(line) <= set("|-: "):
            rows.append(cells)
    return rows


def glossary():
    """[(english, bengali)] from the table of terms of locales/glossary.md."""
    rows = []
    for cells in glossary_table("English"):
        if len(cells) >= 2 and re.search(f"[{_BN}]", cells[1]) and re.search(r"[A-Za-z]", cells[0]):
            rows.append((cells[0], cells[1]))
    return rows


def _body(nb):
    """Markdown prose of a notebook: no headings, code spans or math."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = "\n".join(l for l in cell.source.splitlines() if not l.lstrip().startswith("#"))
        parts.append(B._MATH_OR_CODE.sub(" ", text))
    return "\n\n".join(parts)


def _en_pattern(term):
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?:s|es)?(?!\w)", re.I)


def _bn_pattern(term):
    return re.compile(f"(?<![{_BN}])" + re.escape(term) + f"[{_BN}]*")


def _uses(text, terms, pattern):
    """{term: [match, ...]} with a longer term winning over a shorter one inside it."""
    taken = [False] * len(text)
    uses = {}
    for term in sorted(terms, key=len, reverse=True):
        for m in pattern(term).finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            uses.setdefault(term, []).append(m)
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return uses


def test_glossary_is_consistent():
    rows = glossary()
    assert len(rows) >= 20
    for col in (0, 1):
        names = [r[col].lower() for r in rows]
        dup = {n for n in names if names.count(n) > 1}
        assert not dup, f"glossary: more than one row for {dup}"


@pytest.mark.parametrize("lang", CATALOG_LANGS)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.name)
def test_glossary(lesson, lang):
    """The translation uses the glossary's terms, with the English in brackets at first use."""
    rows = glossary()
    bn_of = dict(rows)
    en_of = {bn: en for en, bn in rows}
    en_text = _body(nbformat.read(str(B.notebook_path(lesson, B.SOURCE_LANG)), as_version=4))
    tr_text = _body(nbformat.read(str(B.notebook_path(lesson, lang)), as_version=4))
    en_uses = _uses(en_text, bn_of, _en_pattern)
    tr_uses = _uses(tr_text, en_of, _bn_pattern)
    problems = []
    for en in en_uses:
        if bn_of[en] not in tr_uses:
            problems.append(f"the English lesson uses {en!r}, the {lang} one never says "
                            f"{bn_of[en]!r}")
    # the term, its case ending or compound (টেনসরের, পাতা-টেনসরের), at most one more word
    # (জ্যাকোবিয়ান ম্যাট্রিক্স), then the English in brackets
    bracket = re.compile(rf"[{_BN}-]*(?:\s+[{_BN}-]+)?\s*\(([^()]*)\)")
    for bn, matches in tr_uses.items():
        first = matches[0]
        m = bracket.match(tr_text, first.end())
        if not (m and re.search(r"(?<!\w)" + re.escape(en_of[bn]), m.group(1), re.I)):
            context = tr_text[first.start():first.end() + 40].replace("\n", " ")
            problems.append(f"first use of {bn!r} lacks '({en_of[bn]})': {context!r}")
    assert not problems, "\n".join(problems)
