"""What can be checked mechanically about the Bengali of the catalogs and notebooks.

The rules are written in locales/glossary.md; this file reads them from there:

- the words of the table "Words to avoid" appear in no Bengali message (some only where the
  English message contains a given word: ভগ্নাংশ where it says "float");
- digits in prose and messages are ASCII (section "Numbers");
- a Bengali case ending or postposition after a placeholder, math or code is joined to it with a
  hyphen and the genitive: `{name}-এর`, `$v$-এর দিকে`, never `{name} এর`, `$v$ দিকে`;
- a library message that uses a term of the glossary says it with the glossary's Bengali word
  (unless the English word stays in the message as a name from the code: `torch.Tensor`);
- in each Bengali lesson the English of a term is given in brackets at most once, and two
  bracketed glosses never follow each other with at most one word between them.

(The glossary's first-use rule and the placeholders, math and code kept by every translation
are checked in tests/test_notebooks_sync.py.)
"""
import re
from collections import Counter

import pytest

pytest.importorskip("babel")
nbformat = pytest.importorskip("nbformat")

from tools import build_notebooks as B  # noqa: E402

from test_notebooks_sync import _BN, _en_pattern, _uses, glossary, glossary_table  # noqa: E402

LANG = "bn"
DOMAINS = [B.PROSE_DOMAIN, B.LIB_DOMAIN]
LESSONS = B.lessons()
BENGALI_DIGITS = re.compile("[\u09e6-\u09ef]")
# code, math and placeholders: what a translation copies unchanged
_SPAN = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`|\{[^{}\s]*\}", re.S)


def catalog(domain):
    """{msgid: msgstr} of the translated messages of the Bengali catalog of `domain`."""
    return B.translations(B.LOCALES / LANG / "LC_MESSAGES" / f"{domain}.po")


def avoid_rules():
    """[(regex, word, reason, english_regex or None)] from the glossary's "Words to avoid"."""
    rules = []
    for cells in glossary_table("Avoid"):
        word, write, why = cells[0], cells[1], cells[2]
        only = cells[3] if len(cells) > 3 and cells[3] else None
        end = f"(?![{_BN}])" if len(word) <= 2 else ""
        rules.append((re.compile(f"(?<![{_BN}])" + re.escape(word) + end), word,
                      f"write {write}: {why}",
                      re.compile(r"(?<!\w)" + re.escape(only), re.I) if only else None))
    return rules


def avoided_words(msgid, msgstr, rules):
    """[(word, advice)] of the avoided words in one translation."""
    found = []
    for rx, word, advice, only in rules:
        if only is not None and not only.search(msgid):
            continue
        if rx.search(msgstr):
            found.append((word, advice))
    return found


def test_glossary_has_the_style_tables():
    words = [r[1] for r in avoid_rules()]
    assert len(words) >= 15 and "চাবি" in words and "সে" in words
    assert {c[0] for c in glossary_table("Code word")} >= {"import", "call", "object"}


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_avoided_words(domain):
    rules = avoid_rules()
    bad = [f"  {word!r} ({advice}) in: {msgstr[:90]!r}"
           for msgid, msgstr in catalog(domain).items()
           for word, advice in avoided_words(msgid, msgstr, rules)]
    assert not bad, f"{domain}.po uses words that locales/glossary.md avoids:\n" + "\n".join(bad)


def foreign_digits(msgid, msgstr):
    """The Bengali digits of a translation, unless the message names the Bengali digits."""
    if "Bengali digits" in msgid:
        return []
    return BENGALI_DIGITS.findall(msgstr)


@pytest.mark.parametrize("domain", DOMAINS)
def test_ascii_digits(domain):
    bad = [f"  {msgstr[:90]!r}" for msgid, msgstr in catalog(domain).items()
           if foreign_digits(msgid, msgstr)]
    assert not bad, (f"{domain}.po: Bengali digits where the glossary's rule wants ASCII "
                     "digits (section Numbers):\n" + "\n".join(bad))


# A case ending or a postposition written apart from the placeholder, math or code before it.
_ENDINGS = "এর|এ|র|কে|তে|য়|টি|গুলো"
_POSTPOSITIONS = "দিকে|ওপর|ওপরে|উপর|সঙ্গে|জন্য|কাছে|সাপেক্ষে|মধ্যে|ভেতরে|ভেতর"
_DETACHED = re.compile(rf"(?:\$|`|\}})[ \t]+(?:{_ENDINGS}|{_POSTPOSITIONS})(?![{_BN}])")


def detached_endings(msgstr):
    return [msgstr[max(0, m.start() - 30):m.end()] for m in _DETACHED.finditer(msgstr)]


@pytest.mark.parametrize("domain", DOMAINS)
def test_endings_joined_to_placeholders(domain):
    bad = [f"  ...{piece!r}" for msgstr in catalog(domain).values()
           for piece in detached_endings(msgstr)]
    assert not bad, (f"{domain}.po: write `{{name}}-এর`, `$v$-এর দিকে` (hyphen, genitive), "
                     "not a detached ending or postposition:\n" + "\n".join(bad))


def untranslated_terms(msgid, msgstr, rows):
    """Glossary terms of a library message whose Bengali word the translation lacks."""
    bn_of = dict(rows)
    text = _SPAN.sub(" ", msgid)
    missing = []
    for en, matches in _uses(text, bn_of, _en_pattern).items():
        if bn_of[en] in msgstr:
            continue
        if any(m.group(0) in msgstr for m in matches):      # a name from the code, kept
            continue
        missing.append((en, bn_of[en]))
    return missing


def test_library_uses_glossary_terms():
    rows = glossary()
    bad = [f"  {en!r} -> {bn!r} in: {msgstr[:90]!r}"
           for msgid, msgstr in catalog(B.LIB_DOMAIN).items()
           for en, bn in untranslated_terms(msgid, msgstr, rows)]
    assert not bad, "library messages that do not use the glossary's term:\n" + "\n".join(bad)


# --------------------------------------------------------------------------- glosses
_GLOSS = re.compile(r"\(([^()]*)\)")


def _prose(nb):
    """The markdown of a notebook, headings included, with each math or code span replaced by
    one mark (its brackets are not glosses, but count for brackets in a row)."""
    text = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return B._MATH_OR_CODE.sub("\u00a7", text)


def english_glosses(text):
    """[(start, end, gloss)] of the bracketed English glosses: `(gradient)`, not `(\u09e7)`,
    not a bracket holding code, math or Bengali."""
    out = []
    for m in _GLOSS.finditer(text):
        inner = m.group(1).strip()
        if re.search(r"[A-Za-z]", inner) and not re.search(f"[{_BN}`$]", inner):
            out.append((m.start(), m.end(), inner))
    return out


def _key(gloss):
    words = gloss.lower().split()
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def repeated_glosses(text):
    counts = Counter(_key(g) for _s, _e, g in english_glosses(text))
    return sorted(k for k, n in counts.items() if n > 1)


def glosses_in_a_row(text):
    """Two brackets (at least one an English gloss) with at most one word between them."""
    brackets = [(m.start(), m.end(), m.group(1)) for m in _GLOSS.finditer(text)]
    glosses = {s for s, _e, _g in english_glosses(text)}
    bad = []
    for (s1, e1, g1), (s2, e2, g2) in zip(brackets, brackets[1:]):
        between = text[e1:s2]
        if (s1 in glosses or s2 in glosses) and "\n" not in between \
                and len(between.split()) <= 1:
            bad.append(text[s1:e2])
    return bad


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.name)
def test_one_gloss_per_term(lesson):
    text = _prose(nbformat.read(str(B.notebook_path(lesson, LANG)), as_version=4))
    again = repeated_glosses(text)
    assert not again, (f"{lesson.name} ({LANG}): English given in brackets more than once "
                       f"for {again}; keep it at the term's first use")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.name)
def test_no_glosses_in_a_row(lesson):
    text = _prose(nbformat.read(str(B.notebook_path(lesson, LANG)), as_version=4))
    bad = glosses_in_a_row(text)
    assert not bad, f"{lesson.name} ({LANG}): brackets in a row: {bad}"


# --------------------------------------------------------------------------- the checks fail
# Each rule above must be able to fail: the same functions on text that breaks it.
def test_the_checks_catch_what_they_should():
    rules = avoid_rules()
    assert avoided_words("Unexpected key(s)", "অপ্রত্যাশিত চাবিগুলো", rules)
    assert avoided_words("a tensor", "সে হিসাব করে", rules)
    assert not avoided_words("a tensor", "সেই হিসাব, সেটি, সেখানে", rules)
    assert avoided_words("floating point dtype", "ভগ্নাংশ dtype", rules)
    assert not avoided_words("the fraction of points", "বিন্দুর ভগ্নাংশ", rules)
    assert foreign_digits("index 0", "০ নম্বর") and not foreign_digits("index 0", "0 নম্বর")
    assert not foreign_digits("Bengali digits (0-9)", "বাংলা অঙ্ক (০-৯)")
    assert detached_endings("[{shape}]]{origin} এর সংস্করণ") and detached_endings("$v$ দিকে")
    assert not detached_endings("{origin}-এর সংস্করণ, $v$-এর দিকে, `x` এবং $y$ এখানে")
    rows = glossary()
    assert untranslated_terms("v needs one entry per element", "v-তে একটি করে মান", rows)
    assert not untranslated_terms("expected torch.Tensor", "torch.Tensor প্রত্যাশিত", rows)
    assert repeated_glosses("টেনসর (tensor) ... টেনসরগুলো (tensors)") == ["tensor"]
    assert glosses_in_a_row("গ্রেডিয়েন্ট অবরোহণ (gradient descent) (\u00a7)")
    assert glosses_in_a_row("বায়াস (bias) ভেক্টর (vector) $b$")
    assert not glosses_in_a_row("ভেক্টর (vector), যার নাম বায়াস (bias)")
