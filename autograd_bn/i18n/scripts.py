"""Which languages the library speaks, and how each one writes numbers and text.

A language is available when its compiled catalog ships in the package
(``autograd_bn/locale/<code>/LC_MESSAGES/autograd_bn.mo``); English needs none.  The table
``SCRIPTS`` adds what a catalog cannot say: the language's own digits, whether widgets and
figures use them by default, the fonts that draw its script, and its ISO 15924 script code.
A language with a catalog but no row here works with Latin digits and the default fonts.

Adding a language (Hindi, say) is a catalog and a row (plus, if it has digits of its own,
the caption of the widgets' checkbox for them)::

    "hi": Script("hi", "Deva", "०१२३४५६७८९", False, ("Noto Sans Devanagari",)),
    DIGITS_LABELS["hi"] = N_("Devanagari digits (०-९)")

Digits: the glossary's rule for Bengali (locales/glossary.md, "Numbers") is ASCII digits in
prose and messages, the same as in code, outputs and math.  Widgets and figures are outputs,
so they follow it too; a widget's checkbox switches its numbers to the Bengali digits.
"""
import os
from dataclasses import dataclass


LATIN = "0123456789"


def N_(message):
    """Mark a message for the catalog (this module is below autograd_bn.i18n, which
    translates; it imports nothing of the package)."""
    return message
FALLBACK_FONTS = ("DejaVu Sans",)       # matplotlib's own font: Latin, Greek, maths


@dataclass(frozen=True)
class Script:
    """How one language writes: ``digits`` are its own 0-9 (Latin if it has none),
    ``native_by_default`` whether widgets start with them, ``fonts`` the font families tried
    first for its text, ``script`` the ISO 15924 code."""
    code: str
    script: str = "Latn"
    digits: str = LATIN
    native_by_default: bool = False
    fonts: tuple = ()

    @property
    def font_family(self):
        """The fonts for figures and SVG text: the script's, then the fallback."""
        return list(self.fonts) + [f for f in FALLBACK_FONTS if f not in self.fonts]


SCRIPTS = {
    "en": Script("en"),
    "bn": Script("bn", "Beng", "০১২৩৪৫৬৭৮৯", False, ("Noto Sans Bengali",)),
}

# The caption of the widgets' checkbox that switches to a language's own digits (a language
# without digits of its own has no checkbox).
DIGITS_LABELS = {
    "bn": N_("Bengali digits (০-৯)"),
}


def digits_caption(code, translate):
    """The checkbox caption of ``code``'s own digits, passed through ``translate`` ("" if it
    has none)."""
    return translate(DIGITS_LABELS[code]) if code in DIGITS_LABELS else ""


def locale_dir():
    """Where the compiled catalogs ship: ``autograd_bn/locale``."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")


def available(domain="autograd_bn", directory=None):
    """"en" and every language whose catalog ships in ``directory`` (default: the package's)."""
    directory = locale_dir() if directory is None else directory
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        names = []
    found = [n for n in names if n != "en" and
             os.path.isfile(os.path.join(directory, n, "LC_MESSAGES", domain + ".mo"))]
    return ("en", *found)


def script(code):
    """The row of ``code`` (a row with Latin digits and default fonts if it has none)."""
    row = SCRIPTS.get(code)
    return row if row is not None else Script(code)
