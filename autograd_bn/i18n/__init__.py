"""One message catalog for every user-facing text of the library.

Messages are written in English (PyTorch's exact wording for errors) and looked up in a
gettext catalog for the active language.  English needs no catalog, so importing the library
never touches the disk for translations; a catalog is loaded the first time a language is
chosen.  Use ``_`` for a message and ``.format(**fields)`` for its ``{fields}``: a translation
keeps the same fields.

The languages are data: every catalog shipped in ``autograd_bn/locale`` is a language
(``languages()``), and ``scripts.SCRIPTS`` says how each one writes digits and which fonts
draw it (``script()``).
"""
import os
import warnings

from . import scripts as _languages

DOMAIN = "autograd_bn"
_LOCALE_DIR = _languages.locale_dir()   # the package's catalogs (set_language asks locale_dir())

_state = {"lang": "en", "gettext": None}


def _(message):
    """Translate a message into the active language (identity for English)."""
    g = _state["gettext"]
    return message if g is None else g(message)


def N_(message):
    """Mark a message for extraction without translating it now."""
    return message


def get_language():
    """The language of the library's messages now: "en" or "bn"."""
    return _state["lang"]


def languages():
    """The languages the library speaks: "en" and every language whose catalog it ships."""
    return _languages.available(DOMAIN)


def script(lang=None):
    """How ``lang`` (default: the active language) writes: digits, fonts, script code
    (a ``scripts.Script``)."""
    return _languages.script(get_language() if lang is None else lang)


def digits_caption(lang=None):
    """The caption of the widgets' checkbox for the own digits of ``lang`` (default: the
    active language), translated; "" for a language without digits of its own."""
    return _languages.digits_caption(get_language() if lang is None else lang, _)


def set_language(lang):
    """Choose the language of the library's messages: "bn" (Bengali) or "en" (English), or
    any other language whose catalog ships in ``autograd_bn/locale`` (``languages()``).

    An unknown language falls back to English with a warning.
    """
    if lang is None or lang == "":
        lang = "en"
    short = (lang.strip().replace("-", "_").split("_")[0].lower()
             if isinstance(lang, str) else None)          # (anything but text is unknown)
    if short not in languages():
        warnings.warn(_("Unknown language {lang!r}; messages stay in English.").format(lang=lang),
                      UserWarning, stacklevel=2)
        short = "en"
    if short == "en":
        _state.update(lang="en", gettext=None)
        return
    import gettext
    trans = gettext.translation(DOMAIN, _languages.locale_dir(), languages=[short],
                                fallback=True)
    _state.update(lang=short, gettext=trans.gettext)




def _init_from_environment():
    lang = os.environ.get("AUTOGRAD_BN_LANG")
    if lang:
        set_language(lang)


_init_from_environment()
